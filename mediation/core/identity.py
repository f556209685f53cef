"""Checks and masks for mainland mobile numbers and resident ID numbers (GB 11643-1999)."""

import re
from datetime import date

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
RESIDENT_ID_RE = re.compile(r"^\d{17}[\dX]$")
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def normalise_mobile(value: str) -> str:
    """Strip spaces, hyphens and a +86 prefix from a mobile number."""
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def is_mobile(value: str) -> bool:
    """Tell whether a (normalised) value is a mainland mobile number."""
    return bool(MOBILE_RE.match(value or ""))


def resident_id_check_char(first17: str) -> str:
    """Return the GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise_resident_id(value: str) -> str:
    return re.sub(r"\s", "", value or "").upper()


def resident_id_problem(value: str) -> str | None:
    """Return why a resident ID number is invalid ("format", "date", "check"), or None."""
    if not RESIDENT_ID_RE.match(value):
        return "format"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "date"
    if resident_id_check_char(value[:17]) != value[17]:
        return "check"
    return None


def mask_resident_id(value: str | None) -> str:
    """Show the region's first digits and the last four, hiding the birth date."""
    if not value:
        return ""
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_mobile(value: str | None) -> str:
    if not value:
        return ""
    return value[:3] + "****" + value[-4:]
