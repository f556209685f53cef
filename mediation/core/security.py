"""Where a page may send people back to: only ever a path of this site."""

import unicodedata
from urllib.parse import unquote, urlsplit

# Browsers drop tabs and newlines inside URLs and read "\" as "/", so "/\t/evil.example" and
# "/\evil.example" lead off-site; control, format (zero-width) and space characters go first.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _without_invisible(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) not in INVISIBLE_CATEGORIES)


def _is_local_path(text: str) -> bool:
    if not text.startswith("/") or text[1:2] in ("/", "\\"):
        return False
    parts = urlsplit(text)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, fallback: str) -> str:
    """Return `target` when it is a path of this site, else `fallback`."""
    if not isinstance(target, str):
        return fallback
    cleaned = _without_invisible(target)
    # Judge the decoded form as well: "/%2F/evil.example" must not become "//" further on.
    decoded = _without_invisible(unquote(unquote(cleaned)))
    if _is_local_path(cleaned) and _is_local_path(decoded):
        return cleaned
    return fallback
