"""Case codes (一案一码): short, readable, with a check character.

A code is seven random symbols of Crockford's base-32 alphabet (no I, L, O or U, so nothing
is mistaken for 1 or 0) and a check symbol computed with the Luhn mod N algorithm, which
catches every single mistyped symbol and every swap of two neighbours.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_LENGTH = 7
# What people type for symbols that the alphabet leaves out.
LOOKALIKES = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def check_symbol(body: str) -> str:
    """Return the Luhn mod 32 check symbol for a code body."""
    n = len(ALPHABET)
    total = 0
    factor = 2
    for symbol in reversed(body):
        addend = factor * ALPHABET.index(symbol)
        total += addend // n + addend % n
        factor = 1 if factor == 2 else 2
    return ALPHABET[(n - total % n) % n]


def new_code(randbelow=secrets.randbelow) -> str:
    """Return a fresh random code with its check symbol."""
    body = "".join(ALPHABET[randbelow(len(ALPHABET))] for _ in range(BODY_LENGTH))
    return body + check_symbol(body)


def normalise(text: str) -> str:
    """Turn what a person typed (any case, spaces, hyphens, lookalikes) into a code."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return cleaned.translate(LOOKALIKES)


def is_valid(code: str) -> bool:
    """Tell whether a normalised code has the right length, alphabet and check symbol."""
    if len(code) != BODY_LENGTH + 1 or any(ch not in ALPHABET for ch in code):
        return False
    return check_symbol(code[:-1]) == code[-1]


def display(code: str) -> str:
    """Group a code in fours for reading aloud and printing."""
    return f"{code[:4]}-{code[4:]}"
