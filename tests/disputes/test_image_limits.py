"""Images are judged by the canvas their header declares, before anything is stored."""

import io
import struct
import zlib

import pytest
from PIL import Image
from sqlalchemy import func, select

from mediation.disputes.models import Attachment
from mediation.extensions import db


def png_bytes(width: int, height: int) -> bytes:
    """A real, small PNG file of this size."""
    buffer = io.BytesIO()
    Image.new("L", (width, height), 255).save(buffer, "PNG")
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A PNG of a few hundred bytes whose header declares a huge canvas (a bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 1024, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def attachments() -> int:
    return db.session.scalar(select(func.count()).select_from(Attachment))


@pytest.fixture
def upload(client, coordinator, auth_header, create_dispute):
    dispute = create_dispute()
    url = f"/api/v1/disputes/{dispute.code}/attachments"

    def send(content: bytes, name: str = "photo.png"):
        return client.post(
            url,
            data={"file": (io.BytesIO(content), name)},
            headers=auth_header(coordinator) | {"Accept-Language": "en"},
        )

    return send


@pytest.mark.parametrize("size", [(65535, 65535), (8000, 6000), (25_000, 10)])
def test_an_image_declaring_too_many_pixels_is_refused(upload, size):
    response = upload(png_declaring(*size))
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert "attachments" in error["fields"] and "megapixels" in error["message"]
    assert attachments() == 0


def test_an_image_that_cannot_be_read_is_refused(upload):
    response = upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert response.status_code == 422
    assert attachments() == 0


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_an_ordinary_photo_is_stored(upload, kind):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), "white").save(buffer, kind)
    response = upload(buffer.getvalue(), f"photo.{kind.lower()}")
    assert response.status_code == 201
    assert response.get_json()["content_type"] == f"image/{kind.lower()}"
    assert attachments() == 1


def test_a_jpeg_declaring_a_huge_canvas_is_refused(upload):
    buffer = io.BytesIO()
    Image.new("L", (8, 8)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    start = data.index(b"\xff\xc0")  # the frame header holds height and width
    data[start + 5 : start + 9] = (60000).to_bytes(2, "big") + (60000).to_bytes(2, "big")
    assert upload(bytes(data), "bomb.jpg").status_code == 422
    assert attachments() == 0


def test_the_pixel_limit_is_configured(app, upload, monkeypatch):
    monkeypatch.setitem(app.config, "ATTACHMENT_MAX_PIXELS", 1_000_000)
    assert upload(png_bytes(1200, 900)).status_code == 422
    assert upload(png_bytes(1000, 1000)).status_code == 201
