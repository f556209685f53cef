"""Reading a rendered agreement: its text (pypdf), where a line sits, and its red pixels."""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdf
from PIL import Image

DPI = 72  # one pixel per point: PDF coordinates and pixels line up


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def flat(text: str) -> str:
    return "".join(text.split())


def find_line(content: bytes, needle: str) -> tuple[int, float, float, float]:
    """Return (page index, x, y from the top, height in points) of the text run holding `needle`."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    for index, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        found = []

        def visit(text, cm, tm, font_dict, font_size, found=found):
            if needle in text:
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append((x, y, font_size * (tm[3] or 1)))

        page.extract_text(visitor_text=visit)
        if found:
            x, y, size = found[0]
            return index, x, height - y, size
    raise AssertionError(f"{needle!r} is not in the document")


def render_page(content: bytes, page_index: int) -> Image.Image:
    """Render one page to an RGB image with poppler's pdftoppm, as a reader would see it."""
    tool = shutil.which("pdftoppm")
    assert tool, "pdftoppm (poppler-utils) is needed to render the agreement"
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "agreement.pdf"
        source.write_bytes(content)
        number = str(page_index + 1)
        subprocess.run(  # noqa: S603 (a fixed tool on a file of our own)
            [
                tool,
                "-png",
                "-r",
                str(DPI),
                "-f",
                number,
                "-l",
                number,
                "-singlefile",
                str(source),
                str(Path(folder) / "page"),
            ],
            check=True,
        )
        return Image.open(Path(folder) / "page.png").convert("RGB")


def red_pixels(image: Image.Image) -> list[tuple[int, int]]:
    """The seal's ink: strongly red pixels (print is black, the page white)."""
    width, height = image.size
    pixels = image.load()
    found = []
    for y in range(height):
        for x in range(width):
            r, g, b = pixels[x, y]
            if r > 150 and g < 110 and b < 110:
                found.append((x, y))
    return found
