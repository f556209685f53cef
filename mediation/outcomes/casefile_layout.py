"""The case file's pages: cover, 卷内目录, the parts in order, and the back cover (备考表).

Pages are numbered from the first document after the contents page; the contents give each
part's first page. Built in two passes: the first finds where every part begins, the second
writes those numbers into the contents (a fixed table, so its length does not change).
"""

import io
from dataclasses import dataclass

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from mediation.outcomes.casefile_contents import FilledPart
from mediation.outcomes.pdf import (
    build,
    draw_footer,
    new_document,
    paragraph,
    qr_drawing,
    sections_story,
    styles,
    table_style,
)


@dataclass(frozen=True)
class Cover:
    """What the cover (卷宗封面) says."""

    committee: str
    name: str  # 卷名: the parties and the kind of dispute
    number: str  # 卷号
    code: str  # the case's code (一案一码)
    mediator: str
    mediation_dates: str
    made_by: str  # 立卷人
    made_on: str  # 立卷日期
    retention: str  # 保管期限
    remarks: str
    qr_data: str


@dataclass
class Layout:
    """Where things fell in a pass: each mark's page (1-based), and the page count."""

    pages: dict[str, int]
    total: int = 0

    @property
    def first_numbered(self) -> int:
        return self.pages.get("body", 0)

    def number_of(self, key: str) -> int | None:
        """The part's page number as the contents give it (counted from the first document)."""
        page = self.pages.get(key)
        return None if page is None else page - self.first_numbered + 1


class PageMark(Flowable):
    """An invisible flowable that records the page it lands on."""

    def __init__(self, key: str, layout: Layout) -> None:
        super().__init__()
        self.key, self.layout = key, layout

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self) -> None:
        self.layout.pages[self.key] = self.canv.getPageNumber()


def _grid(rows: list[list], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def cover_story(cover: Cover, style) -> list:
    body = style["body"]
    rows = [
        (_("File name"), cover.name),
        (_("File number"), cover.number),
        (_("Case code"), cover.code),
        (_("People's mediator"), cover.mediator),
        (_("Mediation dates"), cover.mediation_dates),
        (_("Filed by"), cover.made_by),
        (_("Date filed"), cover.made_on),
        (_("Retention period"), cover.retention),
        (_("Remarks"), cover.remarks),
    ]
    table = _grid([[paragraph(k, body), paragraph(v, body)] for k, v in rows], [40 * mm, 130 * mm])
    return [
        Spacer(1, 20 * mm),
        paragraph(cover.committee, style["title"]),
        Spacer(1, 8 * mm),
        paragraph(_("Mediation case file"), style["title"]),
        Spacer(1, 16 * mm),
        table,
        Spacer(1, 10 * mm),
        qr_drawing(cover.qr_data),
        PageBreak(),
    ]


def _note(filled: FilledPart) -> str:
    if filled.sections:
        return ""
    return _("missing") if filled.part.required else _("none")


def contents_story(filled: list[FilledPart], layout: Layout | None, style) -> list:
    body = style["body"]

    def page(key: str) -> str:
        number = layout.number_of(key) if layout else None
        return str(number) if number is not None else "—"

    rows = [
        [paragraph(h, body) for h in (_("No."), _("Document name"), _("Page no."), _("Remarks"))]
    ]
    for item in filled:
        key = item.part.key if item.sections else ""
        cells = (str(item.number), str(item.part.title), page(key) if key else "—", _note(item))
        rows.append([paragraph(c, body) for c in cells])
    rows.append(
        [paragraph(c, body) for c in (str(len(filled) + 1), _("Back cover"), page("back"), "")]
    )
    return [
        paragraph(_("Contents of the file"), style["title"]),
        Spacer(1, 6 * mm),
        _grid(rows, [15 * mm, 110 * mm, 20 * mm, 25 * mm]),
    ]


def back_cover_story(layout: Layout | None, attachments: int, cover: Cover, style) -> list:
    pages = layout.number_of("back") if layout else None
    lines = [
        _(
            "This file has %(pages)s pages and %(files)s attachments.",
            pages=pages or "",
            files=attachments,
        ),
        _("Filed by: %(name)s", name=cover.made_by),
        _("Checked by:"),
        _("Date: %(day)s", day=cover.made_on),
    ]
    return [
        paragraph(_("Notes for reference"), style["title"]),
        Spacer(1, 10 * mm),
        _grid([[paragraph(line, style["body"])] for line in lines], [170 * mm]),
    ]


def _story(cover: Cover, filled: list[FilledPart], attachments: int, before, now, style) -> list:
    story = cover_story(cover, style) + contents_story(filled, before, style)
    story += [PageBreak(), PageMark("body", now)]
    for item in (f for f in filled if f.sections):
        story.append(PageMark(item.part.key, now))
        item.sections[0].new_page = False
        story.append(paragraph(f"{item.number}. {item.part.title}", style["heading"]))
        story += sections_story(item.sections, style)
        story.append(PageBreak())
    story.append(PageMark("back", now))
    story += back_cover_story(before, attachments, cover, style)
    return story


def render_case_file(cover: Cover, filled: list[FilledPart], attachments: int) -> bytes:
    """Render the case file, numbering the pages and writing the numbers into the contents."""
    style = styles()
    before: Layout | None = None
    for _pass in range(3):
        now = Layout(pages={})
        buffer = io.BytesIO()

        def on_page(canvas, doc, layout=before):
            if layout is not None and doc.page >= layout.first_numbered:
                draw_footer(canvas, f"{cover.code} · 第{doc.page - layout.first_numbered + 1}页")

        doc = new_document(buffer, _("Mediation case file") + f" {cover.code}")
        build(doc, _story(cover, filled, attachments, before, now, style), on_page)
        now.total = doc.page
        if before is not None and before.pages == now.pages:
            break
        before = now
    return buffer.getvalue()
