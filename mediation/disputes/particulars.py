"""A party's particulars as an agreement states them (People's Mediation Law art. 29(1)).

A natural person is named with sex, ethnicity, date of birth or age, occupation, address and
resident ID number; an organisation with its name, address and legal representative. Plain
decisions over values: which are missing, and whether they agree with the ID number.
"""

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


KINDS = {PartyKind.PERSON: _l("Natural person"), PartyKind.ORGANISATION: _l("Organisation")}
SEXES = {Sex.MALE: _l("Male"), Sex.FEMALE: _l("Female")}
# How the agreement writes them: a Chinese document, whatever the reader's language.
SEX_IN_DOCUMENT = {Sex.MALE: "男", Sex.FEMALE: "女"}

# What each kind of party must have before its agreement can be drafted, in the document's order.
PERSON_ITEMS = (
    "name",
    "sex",
    "ethnicity",
    "birth_date_or_age",
    "occupation",
    "address",
    "resident_id",
)
ORGANISATION_ITEMS = ("name", "address", "legal_representative")

ITEM_LABELS = {
    "name": _l("Name"),
    "sex": _l("Sex"),
    "ethnicity": _l("Ethnicity"),
    "birth_date_or_age": _l("Date of birth or age"),
    "occupation": _l("Occupation"),
    "address": _l("Address"),
    "resident_id": _l("ID number"),
    "legal_representative": _l("Legal representative"),
}


def required_items(kind: str) -> tuple[str, ...]:
    return ORGANISATION_ITEMS if kind == PartyKind.ORGANISATION else PERSON_ITEMS


def _present(values: Mapping, item: str) -> bool:
    if item == "birth_date_or_age":
        return values.get("birth_date") is not None or values.get("age") is not None
    value = values.get(item)
    return value is not None and str(value).strip() != ""


def missing_items(values: Mapping) -> list[str]:
    """Return the particulars a party still lacks, in the order the agreement states them."""
    kind = values.get("kind") or PartyKind.PERSON
    return [item for item in required_items(kind) if not _present(values, item)]


def birth_date_in_id(resident_id: str) -> date:
    """Return the date of birth a (valid) resident ID number carries."""
    return date(int(resident_id[6:10]), int(resident_id[10:12]), int(resident_id[12:14]))


def sex_in_id(resident_id: str) -> Sex:
    """Return the sex a (valid) resident ID number carries: its 17th digit, odd for men."""
    return Sex.MALE if int(resident_id[16]) % 2 else Sex.FEMALE


def age_on(birth_date: date, day: date) -> int:
    """Return a person's age in whole years on a day."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def contradictions(values: Mapping) -> dict[str, str]:
    """Return the particulars that disagree with the ID number, as {item: 'birth_date'|'sex'}."""
    resident_id = values.get("resident_id")
    if not resident_id:
        return {}
    found = {}
    birth_date = values.get("birth_date")
    if birth_date is not None and birth_date != birth_date_in_id(resident_id):
        found["birth_date"] = "birth_date"
    sex = values.get("sex")
    if sex and sex != sex_in_id(resident_id):
        found["sex"] = "sex"
    return found
