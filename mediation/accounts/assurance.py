"""How sure we are of who did something: the levels, and which level a rule asks for.

Plain Python, no request and no database. Every consent, party act and signature records one
of these; an agreement takes effect only when each signature meets the configured level.
"""

from enum import StrEnum


class Assurance(StrEnum):
    CASE_LINK = "case_link"  # held the private case link, nothing more
    PHONE_CALL = "phone_call"  # staff called the case's mobile back and spoke to the person
    SMS_CODE = "sms_code"  # entered a code texted to the case's mobile, in the last minutes
    ID_IN_PERSON = "id_in_person"  # a named staff member checked the ID card face to face


# Higher is surer. A rule asking for a level is met by that level or any surer one.
RANK = {
    Assurance.CASE_LINK: 0,
    Assurance.PHONE_CALL: 1,
    Assurance.SMS_CODE: 2,
    Assurance.ID_IN_PERSON: 3,
}

# How staff may say they identified a party whose answer they enter for them.
STAFF_IDENTIFICATIONS = (Assurance.ID_IN_PERSON, Assurance.PHONE_CALL)


def meets(assurance: str | None, level: str) -> bool:
    """Tell whether something done at `assurance` satisfies a rule asking for `level`."""
    if assurance is None:
        return False
    return RANK[Assurance(assurance)] >= RANK[Assurance(level)]


def online(proved_mobile: bool) -> Assurance:
    """The assurance of an act done from a phone: a fresh code proof, else only the link."""
    return Assurance.SMS_CODE if proved_mobile else Assurance.CASE_LINK


def check_level(name: str, value: str) -> str:
    """Return a configured level, or raise naming the setting when it is not a level."""
    try:
        return Assurance(value).value
    except ValueError:
        choices = ", ".join(a.value for a in Assurance)
        raise ValueError(f"{name}={value!r} is not an assurance level ({choices})") from None
