"""PDF rendering with reportlab, in one embedded TrueType Chinese font (PDF_FONT_PATH)."""

import io
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from flask import current_app
from flask_babel import force_locale
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Rect
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

log = logging.getLogger(__name__)

# The name every style uses; it stands for the configured TrueType font, embedded (subset).
FONT = "DocumentFont"
# Used only when the configured font file is missing: reportlab's Adobe CID font, which is
# not embedded, so a viewer substitutes a font of its own and may lack glyphs.
FALLBACK_FONT = "STSong-Light"


@dataclass
class Section:
    """One part of a document: a heading, label-value rows, paragraphs, and files to include."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    new_page: bool = False


def font_file() -> tuple[Path, int]:
    """Return the configured font file and, for a .ttc collection, the face's index."""
    config = current_app.config
    return Path(config["PDF_FONT_PATH"]), int(config.get("PDF_FONT_INDEX", 0))


def font_is_embedded() -> bool:
    """Tell whether PDFs embed the configured font (False: the fallback, not embedded)."""
    return _font() == FONT


def _font() -> str:
    """Register the document font once and return its name."""
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT in registered:
        return FONT
    path, index = font_file()
    if path.is_file():
        pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=index))
        return FONT
    if FALLBACK_FONT not in registered:
        log.warning(
            "PDF font %s is missing: PDFs use %s, which is not embedded (run `make setup`, "
            "or set PDF_FONT_PATH to a TrueType Chinese font)",
            path,
            FALLBACK_FONT,
        )
        pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


@contextmanager
def chinese_document():
    """Render the strings of a document in the document language, whatever the page's."""
    with force_locale(current_app.config.get("DOCUMENT_LOCALE", "zh_CN")):
        yield


def styles() -> dict[str, ParagraphStyle]:
    """Return the paragraph styles of every document, all in the document font."""
    font = _font()
    base = ParagraphStyle(
        "body", fontName=font, bulletFontName=font, fontSize=11, leading=17, wordWrap="CJK"
    )
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=1),
        "heading": ParagraphStyle("heading", parent=base, fontSize=14, leading=22, spaceBefore=8),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
    }


class QrCode(Flowable):
    """A QR code drawn as filled squares straight on the page.

    Not a reportlab Drawing: its renderer starts in Helvetica, which would name a font that is
    not embedded in the PDF.
    """

    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        widget = QrCodeWidget(data, barLevel="M")
        widget.barWidth = widget.barHeight = size
        # The widget's first square is its unfilled background; only the dark modules are drawn.
        self.squares = [
            shape
            for shape in widget.draw().contents
            if isinstance(shape, Rect) and shape.fillColor is not None
        ]
        self.size = size

    def wrap(self, available_width, available_height):
        return self.size, self.size

    def draw(self) -> None:
        self.canv.setFillColor(colors.black)
        for square in self.squares:
            self.canv.rect(square.x, square.y, square.width, square.height, stroke=0, fill=1)


def table_style(commands: list[tuple]) -> TableStyle:
    """Return a table style in the document font (a table's own default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), _font()), *commands])


def qr_drawing(data: str, size: float = 28 * mm) -> QrCode:
    """Return a QR code carrying `data`, to place in a story."""
    return QrCode(data, size)


def paragraph(text: str, style) -> Paragraph:
    """Return a paragraph of plain text (escaped; newlines kept)."""
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def section_flowables(section: Section, styles) -> list:
    """Return a section's heading, rows table and paragraphs as flowables."""
    flowables = [paragraph(section.title, styles["heading"])]
    if section.rows:
        table = Table(
            [
                [paragraph(label, styles["body"]), paragraph(value, styles["body"])]
                for label, value in section.rows
            ],
            colWidths=[40 * mm, 130 * mm],
        )
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        flowables.append(table)
    flowables.extend(paragraph(p, styles["body"]) for p in section.paragraphs)
    flowables.append(Spacer(1, 4 * mm))
    return flowables


def new_document(buffer: io.BytesIO, title: str) -> SimpleDocTemplate:
    """Return an A4 document with the house margins, writing into `buffer`."""
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        # Every page starts in the document font, so no unembedded Helvetica is named at all.
        initialFontName=_font(),
        lang="zh-CN",
    )


def build(doc: SimpleDocTemplate, story: list, on_page) -> None:
    """Lay out the story with the same callback on every page."""
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)


def draw_footer(canvas, text: str) -> None:
    """Write a line of small print at the foot of the page."""
    canvas.saveState()
    canvas.setFont(_font(), 8)
    canvas.drawString(20 * mm, 10 * mm, text)
    canvas.restoreState()


def sections_story(sections: list[Section], style: dict[str, ParagraphStyle]) -> list:
    """Return the flowables of sections, each heading kept with what follows it."""
    story: list = []
    for section in sections:
        if section.new_page:
            story.append(PageBreak())
        flowables = section_flowables(section, style)
        story.append(KeepTogether(flowables[:2]))
        story.extend(flowables[2:])
    return story


def render_pdf(title: str, code: str, qr_data: str, sections: list[Section], footer: str) -> bytes:
    """Render a titled document with the case code and its QR code at the top."""
    style = styles()
    buffer = io.BytesIO()

    def on_page(canvas, doc):
        draw_footer(canvas, f"{footer} · {code} · 第{doc.page}页")

    doc = new_document(buffer, f"{title} {code}")
    header = Table(
        [[paragraph(title, style["title"]), qr_drawing(qr_data)]],
        colWidths=[140 * mm, 30 * mm],
    )
    header.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [header, paragraph(code, style["body"]), Spacer(1, 4 * mm)]
    story += sections_story(sections, style)
    build(doc, story, on_page)
    return buffer.getvalue()
