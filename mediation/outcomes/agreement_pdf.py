"""The agreement (人民调解协议书) as a PDF in the standard layout, the seal over the committee.

Built with reportlab in the font pdf.py sets up. Every label is the document's own (Chinese):
the number at the top right, each party's particulars, the facts, the matters in dispute and
the responsibilities, the terms, how and by when each is performed, the copies, a box for each
party's signature or fingerprint, the mediator's and the recorder's, the committee's line with
its seal laid over it, and the day the agreement took effect.
"""

import io
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
)

from mediation.outcomes import agreement_wording as words
from mediation.outcomes import pdf
from mediation.outcomes.signing import AgreementText

PAGE_WIDTH = 170 * mm
SEAL_SIZE = 40 * mm
# The seal is red ink over black print: laid on semi-transparent so the name shows through.
SEAL_OPACITY = 0.8


@dataclass(frozen=True)
class SignatureBox:
    """One place to sign: its label, who signs there, and a note if they signed here."""

    label: str
    name: str
    note: str = ""


@dataclass(frozen=True)
class AgreementDocument:
    """What the PDF shows beyond the signed text: number, boxes, seal, the day of effect."""

    text: AgreementText
    number: str | None
    boxes: tuple[SignatureBox, ...]
    seal_png: bytes | None
    effective_on: date | None
    document_hash: str
    case_url: str


def _styles() -> dict[str, ParagraphStyle]:
    """The house styles of pdf.py (its embedded font), and the agreement's own."""
    house = pdf.styles()
    base = house["body"]
    return {
        **house,
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=1),
        "number": ParagraphStyle("number", parent=base, alignment=2),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, spaceBefore=6),
        "right": ParagraphStyle("right", parent=base, alignment=2),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return pdf.paragraph(text, style)


class CommitteeLine(Flowable):
    """The committee's name and （印章）, right-aligned, with the seal image laid over it."""

    def __init__(self, committee: str, seal_png: bytes | None, font: str):
        super().__init__()
        self.text = f"{committee}{words.SEAL}"
        self.seal_png = seal_png
        self.font = font
        self.font_size = 12

    def wrap(self, available_width, available_height):
        self.width = available_width
        self.height = SEAL_SIZE if self.seal_png else 10 * mm
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        text_width = canvas.stringWidth(self.text, self.font, self.font_size)
        baseline = self.height / 2 - self.font_size / 3
        canvas.setFont(self.font, self.font_size)
        canvas.drawRightString(self.width, baseline, self.text)
        if not self.seal_png:
            return
        centre_x = self.width - text_width / 2
        canvas.saveState()
        canvas.setFillAlpha(SEAL_OPACITY)
        canvas.drawImage(
            ImageReader(io.BytesIO(self.seal_png)),
            centre_x - SEAL_SIZE / 2,
            self.height / 2 - SEAL_SIZE / 2,
            SEAL_SIZE,
            SEAL_SIZE,
            mask="auto",
        )
        canvas.restoreState()


def _party_block(party, styles) -> list:
    side = words.SIDES.get(party.side, party.side)
    cells = [_p(f"{label}：{value}", styles["body"]) for label, value in party.particulars]
    if len(cells) % 2:
        cells.append(_p("", styles["body"]))  # a blank cell in the font too, not Helvetica
    rows = [cells[i : i + 2] for i in range(0, len(cells), 2)]
    table = Table(rows, colWidths=[PAGE_WIDTH / 2, PAGE_WIDTH / 2])
    table.setStyle(pdf.table_style([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [_p(f"{side}：{party.name}", styles["heading"]), table]


def _performance_table(text: AgreementText, styles) -> Table:
    rows = [[_p(h, styles["body"]) for h in words.PERFORMANCE_HEADINGS]]
    for line in text.performances:
        due = words.day(date.fromisoformat(line.due_on)) + "前"
        rows.append([_p(v, styles["body"]) for v in (line.term, line.performer, line.method, due)])
    table = Table(rows, colWidths=[60 * mm, 30 * mm, 50 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        pdf.table_style(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _signature_table(boxes: tuple[SignatureBox, ...], styles) -> Table:
    rows = [
        [_p(box.label, styles["body"]), _p(box.name, styles["body"]), _p(box.note, styles["small"])]
        for box in boxes
    ]
    table = Table(rows, colWidths=[62 * mm, 38 * mm, 70 * mm], rowHeights=18 * mm)
    table.setStyle(
        pdf.table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                # The box where the signature or fingerprint goes.
                ("BOX", (2, 0), (2, -1), 0.5, colors.black),
                ("INNERGRID", (2, 0), (2, -1), 0.5, colors.black),
            ]
        )
    )
    return table


def render_agreement(document: AgreementDocument) -> bytes:
    """Render the agreement as a PDF."""
    styles = _styles()
    text = document.text
    buffer = io.BytesIO()

    def on_page(canvas, doc):
        pdf.draw_footer(canvas, f"{words.TITLE}　{text.code}　第{doc.page}页")

    doc = pdf.new_document(buffer, f"{words.TITLE} {document.number or text.code}")
    header = Table(
        [[_p(words.TITLE, styles["title"]), pdf.qr_drawing(document.case_url, 22 * mm)]],
        colWidths=[145 * mm, 25 * mm],
    )
    header.setStyle(pdf.table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story: list = [
        header,
        _p(f"{words.NUMBER}{document.number or ''}", styles["number"]),
        _p(f"{words.CASE_CODE}{text.code}　{words.CATEGORY}{text.category}", styles["right"]),
        Spacer(1, 3 * mm),
    ]
    for party in text.parties:
        story.extend(_party_block(party, styles))
    for heading, body in (
        (words.FACTS, text.facts),
        (words.DISPUTED_MATTERS, text.disputed_matters),
        (words.RESPONSIBILITIES, text.responsibilities),
        (words.TERMS, text.terms),
    ):
        story.extend([_p(heading, styles["heading"]), _p(body, styles["body"])])
    story.extend(
        [
            _p(words.PERFORMANCE, styles["heading"]),
            _performance_table(text, styles),
            Spacer(1, 3 * mm),
            _p(words.copies_line(text.copies), styles["body"]),
            _p(words.IN_FORCE, styles["body"]),
            _p(words.CONFIRMATION, styles["body"]),
            Spacer(1, 4 * mm),
            KeepTogether(
                [
                    _signature_table(document.boxes, styles),
                    Spacer(1, 4 * mm),
                    CommitteeLine(text.committee, document.seal_png, styles["body"].fontName),
                    _p(words.day(document.effective_on), styles["right"]),
                ]
            ),
            Spacer(1, 6 * mm),
            _p(f"{words.DOCUMENT_HASH}{document.document_hash}", styles["small"]),
        ]
    )
    pdf.build(doc, story, on_page)
    return buffer.getvalue()
