"""PDF rendering with reportlab's built-in Chinese font, so no font file is needed."""

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONT = "STSong-Light"


@dataclass
class Section:
    """One part of a document: a heading, label-value rows, paragraphs, and files to include."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    files: list[tuple[str, bytes]] = field(default_factory=list)
    new_page: bool = False


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def _styles() -> dict[str, ParagraphStyle]:
    font = _font()
    base = ParagraphStyle("body", fontName=font, fontSize=11, leading=17, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=1),
        "heading": ParagraphStyle("heading", parent=base, fontSize=14, leading=22, spaceBefore=8),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
    }


def qr_drawing(data: str, size: float = 28 * mm) -> Drawing:
    """Return a QR code carrying `data` as vector graphics."""
    widget = QrCodeWidget(data, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    widget.barWidth = size
    widget.barHeight = size
    drawing = Drawing(size, size)
    drawing.add(widget)
    return drawing


def _paragraph(text: str, style) -> Paragraph:
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


def _section_flowables(section: Section, styles) -> list:
    flowables = [_paragraph(section.title, styles["heading"])]
    if section.rows:
        table = Table(
            [
                [_paragraph(label, styles["body"]), _paragraph(value, styles["body"])]
                for label, value in section.rows
            ],
            colWidths=[40 * mm, 130 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ]
            )
        )
        flowables.append(table)
    flowables.extend(_paragraph(p, styles["body"]) for p in section.paragraphs)
    flowables.append(Spacer(1, 4 * mm))
    return flowables


def render_pdf(title: str, code: str, qr_data: str, sections: list[Section], footer: str) -> bytes:
    """Render a titled document with the case code and its QR code at the top."""
    styles = _styles()
    buffer = io.BytesIO()

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont(_font(), 8)
        canvas.drawString(20 * mm, 10 * mm, f"{footer} · {code} · {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{title} {code}",
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    header = Table(
        [[_paragraph(title, styles["title"]), qr_drawing(qr_data)]],
        colWidths=[140 * mm, 30 * mm],
    )
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story = [header, _paragraph(code, styles["body"]), Spacer(1, 4 * mm)]
    for section in sections:
        if section.new_page:
            story.append(PageBreak())
        story.append(KeepTogether(_section_flowables(section, styles)[:2]))
        story.extend(_section_flowables(section, styles)[2:])
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
