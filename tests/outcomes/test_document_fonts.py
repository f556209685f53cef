"""Every PDF embeds its font, has a glyph for every character, and speaks only Chinese."""

import io
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import pypdf
import pytest
import time_machine
from reportlab.pdfbase.ttfonts import TTFontFile

from mediation.extensions import db
from mediation.outcomes import agreements, casefile
from mediation.outcomes.documents import agreement_pdf
from mediation.outcomes.pdf import font_file, font_is_embedded
from mediation.outcomes.record_documents import notice_pdf, record_pdf
from mediation.outcomes.records import assembled
from mediation.outcomes.rights_notice import notice_hash, notice_text
from mediation.scheduling.models import MediationSession

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
DOCUMENTS = ["agreement", "case file", "rights notice", "mediation record"]
# Latin words a Chinese document may carry: codes and the names of standards.
ALLOWED_WORDS = {"SHA", "UTC", "QR", "ID"}


@pytest.fixture
def documents(app, settled_case):
    """Every PDF the service makes, for one settled case: name -> bytes."""
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    session = MediationSession(
        uid=f"fonts-{dispute.id}@test",
        dispute_id=dispute.id,
        mediator_id=dispute.mediator_id,
        start_at=NOW - timedelta(days=2),
        end_at=NOW - timedelta(days=2, hours=-1),
        mode="in_person",
        status="completed",
    )
    db.session.add(session)
    db.session.flush()
    with time_machine.travel(NOW, tick=False), app.test_request_context():
        record = assembled(session)
        made = {
            "agreement": agreement_pdf(agreement),
            "case file": casefile.case_file_pdf(dispute, "协调员"),
            "rights notice": notice_pdf(dispute, notice_text(dispute), notice_hash(dispute)),
            "mediation record": record_pdf(dispute, record.text, record.record_hash, None),
        }
    # The case code and the documents' hashes (whole, or their first 16 digits in a footer)
    # are codes, not words.
    hashes = (agreement.document_hash, notice_hash(dispute), record.record_hash)
    made["codes"] = (dispute.display_code, *hashes, *(h[:16] for h in hashes))
    return made


@pytest.fixture
def embedded(app):
    with app.app_context():
        path, index = font_file()
        if not path.is_file():
            pytest.skip(f"the PDF font {path} is not installed here (run `make setup`)")
        assert font_is_embedded()
        return TTFontFile(str(path), subfontIndex=index)


def fonts_of(content: bytes) -> list[dict]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    found = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            found[font["/BaseFont"]] = font
    return list(found.values())


def descriptor(font) -> dict:
    if "/DescendantFonts" in font:
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def text_of(content: bytes) -> str:
    return "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_font_of_a_document_is_embedded(documents, embedded, name):
    fonts = fonts_of(documents[name])
    assert fonts, "the document names no font"
    for font in fonts:
        assert "/FontFile2" in descriptor(font), font["/BaseFont"]


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_character_of_a_document_has_a_glyph(documents, embedded, name):
    text = text_of(documents[name])
    missing = {c for c in text if not c.isspace() and ord(c) not in embedded.charToGlyph}
    assert not missing, f"no glyph for {sorted(missing)}"
    assert "人民调解" in text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_chinese_document_carries_no_english_words(documents, name):
    text = re.sub(r"\s+", "", text_of(documents[name]))
    for code in documents["codes"]:
        text = text.replace(code, " ")
    words = set(re.findall(r"[A-Za-z]{2,}", text))
    assert words <= ALLOWED_WORDS, sorted(words - ALLOWED_WORDS)


def test_without_the_font_file_pdfs_fall_back_with_a_warning(app, monkeypatch, caplog):
    from reportlab.pdfbase import pdfmetrics

    from mediation.outcomes import pdf

    monkeypatch.setitem(app.config, "PDF_FONT_PATH", "/nonexistent/font.ttf")
    monkeypatch.delitem(pdfmetrics._fonts, pdf.FONT, raising=False)
    # As on a machine that never had the font: the fallback is registered (and warned of) anew.
    monkeypatch.delitem(pdfmetrics._fonts, pdf.FALLBACK_FONT, raising=False)
    with app.app_context():
        assert pdf.font_is_embedded() is False
    assert "/nonexistent/font.ttf" in caplog.text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_a_document_renders_to_png_pages(documents, tmp_path, name):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (Debian's poppler-utils) is not installed here")
    (tmp_path / "doc.pdf").write_bytes(documents[name])
    subprocess.run(  # noqa: S603 (a fixed program on a file of our own)
        [pdftoppm, "-png", "-r", "40", str(tmp_path / "doc.pdf"), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == len(pypdf.PdfReader(io.BytesIO(documents[name])).pages)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)
