"""Checks on uploaded documents: only PDF and common images, recognised by their bytes."""

import hashlib
from dataclasses import dataclass

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


def upload_problem(upload: Upload, max_bytes: int) -> str | None:
    """Return why an upload cannot be accepted ("empty", "too_large", "type"), or None."""
    if not upload.content:
        return "empty"
    if len(upload.content) > max_bytes:
        return "too_large"
    if sniff_type(upload.content) is None:
        return "type"
    return None


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
