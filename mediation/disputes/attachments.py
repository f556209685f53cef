"""Checks on uploaded documents: only PDF and common images, recognised by their bytes."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# The first bytes of each accepted type; a file's name or declared type is not trusted.
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


def sniff_type(content: bytes) -> str | None:
    """Return the MIME type the bytes show, or None when not an accepted type."""
    for mime, prefixes in SIGNATURES.items():
        if any(content.startswith(p) for p in prefixes):
            if mime == "image/webp" and content[8:12] != b"WEBP":
                continue
            return mime
    return None


@dataclass(frozen=True)
class ImageLimits:
    max_pixels: int
    max_side: int


def image_problem(content: bytes, limits: ImageLimits) -> str | None:
    """Return "unreadable" or "too_many_pixels" for an image, judged by its header; or None."""
    try:
        # A small file may declare a huge canvas (a decompression bomb): read only the header,
        # and let Pillow's own bomb check fail loudly rather than warn.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > limits.max_pixels or max(width, height) > limits.max_side:
                    return "too_many_pixels"
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "too_many_pixels"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "unreadable"
    return None


def upload_problem(upload: Upload, max_bytes: int, limits: ImageLimits) -> str | None:
    """Return why an upload cannot be accepted, or None.

    The reasons: "empty", "too_large", "type", "unreadable", "too_many_pixels".
    """
    if not upload.content:
        return "empty"
    if len(upload.content) > max_bytes:
        return "too_large"
    kind = sniff_type(upload.content)
    if kind is None:
        return "type"
    if kind.startswith("image/"):
        return image_problem(upload.content, limits)
    return None


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
