"""Validation for keeping the roster: mediators, their certificates and training, studios."""

import re
from datetime import date
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from mediation.core.schemas import BlankAsMissing, Mobile, RowId, Trimmed, one_of, text
from mediation.disputes.categories import CATEGORIES, LANGUAGES
from mediation.mediators.labels import BACKGROUNDS

EARLIEST = date(1950, 1, 1)
LATEST = date(2099, 12, 31)
DATE_ERRORS = {"invalid": _l("Enter a date as YYYY-MM-DD.")}
MAX_LANGUAGE = 20
MAX_HOURS = Decimal(500)
# Free entries typed on a form may be separated by commas, the enumeration comma or spaces.
SEPARATORS = re.compile(r"[,，、;；\s]+")


def by_field(errors: dict) -> dict:
    """Gather a list's messages ("languages.1") under the list's own field ("languages")."""
    merged: dict[str, list] = {}
    for key, messages in errors.items():
        merged.setdefault(key.split(".")[0], []).extend(messages)
    return merged


def known_language(entry: str) -> str:
    """Return the key of a listed language named by its key or its name in any UI language."""
    folded = entry.casefold()
    for key, name in LANGUAGES.items():
        if folded == key:
            return key
        for locale in ("zh", "en"):
            with force_locale(locale):
                if folded == str(name).casefold():
                    return key
    return entry


def split_languages(typed: str) -> list[str]:
    """Split the free entries typed in one box into separate languages."""
    return [part for part in SEPARATORS.split(typed or "") if part]


class LanguageEntry(Trimmed):
    """A listed language (by key or name) or a dialect typed freely, such as 客家话."""

    def _deserialize(self, value, attr, data, **kwargs):
        entry = super()._deserialize(value, attr, data, **kwargs)
        if not entry or len(entry) > MAX_LANGUAGE:
            raise ValidationError(_l("Name each language or dialect in 1 to 20 characters."))
        return known_language(entry)


def languages_field() -> fields.List:
    return fields.List(
        LanguageEntry(),
        validate=validate.Length(max=12, error=_l("List at most 12 languages and dialects.")),
    )


def _specialties() -> fields.List:
    return fields.List(fields.String(validate=one_of(CATEGORIES)))


class WholeNumber(fields.Integer):
    """A whole number, as digits or a JSON integer; 2.5 is refused, never rounded down."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float):
            raise ValidationError(_l("Enter a whole number."))
        return super()._deserialize(value, attr, data, **kwargs)


def _capacity(**kwargs) -> fields.Integer:
    return WholeNumber(
        validate=validate.Range(min=0, max=200, error=_l("Enter 0 to 200 cases.")),
        **kwargs,
    )


class Day(fields.Date):
    """A calendar date between 1950 and 2099."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"description": "YYYY-MM-DD"})
        super().__init__(error_messages=DATE_ERRORS, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST <= day <= LATEST:
            raise ValidationError(_l("Enter a date between 1950 and 2099."))
        return day


class Hours(fields.Decimal):
    """Hours of training: more than 0, at most 500, with at most one decimal place."""

    def __init__(self, **kwargs):
        super().__init__(as_string=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError(_l("Enter a number of hours, e.g. 7.5."))
        hours = super()._deserialize(value, attr, data, **kwargs)
        if not Decimal(0) < hours <= MAX_HOURS:
            raise ValidationError(_l("Enter more than 0 and at most 500 hours."))
        exponent = hours.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -1:
            raise ValidationError(_l("Use at most one decimal place, e.g. 7.5."))
        return hours.quantize(Decimal("0.1"))


class _Deduplicated(BlankAsMissing):
    @post_load
    def deduplicate(self, data, **kwargs):
        for name in ("specialties", "languages"):
            if name in data:
                data[name] = list(dict.fromkeys(data[name]))
        return data


class MediatorEditSchema(_Deduplicated):
    """What an administrator changes about a mediator; every field may be left out."""

    organisation_id = RowId()
    full_time = fields.Boolean()
    gold_medal = fields.Boolean()
    specialties = _specialties()
    languages = languages_field()
    capacity = _capacity()
    active = fields.Boolean()
    background = fields.String(validate=one_of(BACKGROUNDS), allow_none=True)
    introduction = text(1000, required=False)


class MediatorCreateSchema(MediatorEditSchema):
    """A person put on the roster: an account is created, or a mediator's account linked."""

    name = text(60)
    mobile = Mobile(required=True)
    organisation_id = RowId(required=True)
    password = fields.String(
        validate=validate.Length(min=8, max=128, error=_l("Use 8 to 128 characters.")),
        load_only=True,
        metadata={"description": "Initial password of a new account; leave out to set later"},
    )
    capacity = _capacity(load_default=10)


class CertificateInSchema(BlankAsMissing):
    title = text(120)
    number = text(60)
    issued_by = text(120)
    issued_on = Day(required=True)
    expires_on = Day(load_default=None, allow_none=True)

    @validates_schema
    def expires_after_issue(self, data, **kwargs):
        if data.get("expires_on") and data["expires_on"] < data["issued_on"]:
            raise ValidationError(
                _l("The certificate cannot expire before it was issued."), "expires_on"
            )


class CertificateOutSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    number = fields.String()
    issued_by = fields.String()
    issued_on = fields.Date()
    expires_on = fields.Date(allow_none=True)


class TrainingInSchema(BlankAsMissing):
    course = text(120)
    provider = text(120)
    held_on = Day(required=True)
    hours = Hours(required=True, metadata={"description": 'Decimal hours, e.g. "7.5"'})
    note = text(500, required=False, load_default=None)


class TrainingOutSchema(Schema):
    id = fields.Integer()
    course = fields.String()
    provider = fields.String()
    held_on = fields.Date()
    hours = fields.Decimal(as_string=True)
    note = fields.String(allow_none=True)


class YearHoursOutSchema(Schema):
    year = fields.Integer()
    hours = fields.Decimal(as_string=True)


class TrainingListOutSchema(Schema):
    records = fields.List(fields.Nested(TrainingOutSchema))
    hours_per_year = fields.List(fields.Nested(YearHoursOutSchema))


class StudioEditSchema(_Deduplicated):
    """What an administrator changes about a studio; every field may be left out."""

    name = text(120, required=False)
    organisation_id = RowId()
    lead_id = RowId()
    specialties = _specialties()
    stars = WholeNumber(validate=validate.Range(min=1, max=5, error=_l("Give 1 to 5 stars.")))
    introduction = text(2000, required=False)


class StudioCreateSchema(StudioEditSchema):
    name = text(120)
    organisation_id = RowId(required=True)
    lead_id = RowId(required=True)
    stars = WholeNumber(
        load_default=3,
        validate=validate.Range(min=1, max=5, error=_l("Give 1 to 5 stars.")),
    )


class RosterFilterSchema(BlankAsMissing):
    """The list's filters, from the query string."""

    organisation_id = RowId()
    kind = fields.String(validate=one_of(("full_time", "part_time")))
    gold_medal = fields.Boolean()
    active = fields.Boolean()
