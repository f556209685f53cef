"""Shared marshmallow fields and validators, and turning their errors into field maps."""

import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, pre_load, validate

from mediation.core.db import MAX_ROW_ID
from mediation.core.hygiene import TEXT_PROBLEMS, text_problem
from mediation.core.identity import (
    is_mobile,
    normalise_mobile,
    normalise_resident_id,
    resident_id_problem,
)

MAX_AMOUNT = Decimal("1000000000000")

# marshmallow's own messages, made translatable: they are rendered during a request.
fields.Field.default_error_messages.update(
    required=_l("This field is required."),
    null=_l("This field may not be empty."),
    validator_failed=_l("This value is not valid."),
)
fields.String.default_error_messages.update(invalid=_l("Enter text here."))
fields.Integer.default_error_messages.update(invalid=_l("Enter a whole number."))
fields.Decimal.default_error_messages.update(
    invalid=_l("Enter a number."), special=_l("Enter a number.")
)
fields.List.default_error_messages.update(invalid=_l("Enter a list."))
fields.Nested.default_error_messages.update(type=_l("Enter an object."))
fields.DateTime.default_error_messages.update(invalid=_l("Enter a date and time."))
Schema._default_error_messages.update(
    type=_l("The request body must be a JSON object."),
    unknown=_l("This field is not expected."),
)
_plain_string = fields.String._deserialize


def _visible_string(self, value, attr, data, **kwargs):
    """Every string field, in every schema: no control characters, not only invisible ones."""
    loaded = _plain_string(self, value, attr, data, **kwargs)
    problem = text_problem(loaded)
    if problem:
        raise ValidationError(TEXT_PROBLEMS[problem])
    return loaded


# Once for all schemas (Trimmed, Mobile, Email ... derive from String), not field by field.
fields.String._deserialize = _visible_string

RESIDENT_ID_PROBLEMS = {
    "format": _l("A resident ID number is 17 digits followed by a digit or X."),
    "date": _l("This resident ID number contains an impossible date of birth."),
    "check": _l("The check digit does not match; please re-check the number."),
}


class RowId(fields.Integer):
    """The id of a record: a whole number a key column can hold (anything larger finds nothing)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "validate",
            validate.Range(1, MAX_ROW_ID, error=_l("Choose one of the listed options.")),
        )
        super().__init__(*args, **kwargs)


def one_of(choices) -> validate.OneOf:
    return validate.OneOf(list(choices), error=_l("Choose one of the listed options."))


class Mobile(fields.String):
    """A mainland mobile number, normalised to 11 digits."""

    def _deserialize(self, value, attr, data, **kwargs):
        number = normalise_mobile(super()._deserialize(value, attr, data, **kwargs))
        if not is_mobile(number):
            raise ValidationError(_l("Enter an 11-digit mainland mobile number, e.g. 13812345678."))
        return number


class ResidentId(fields.String):
    """A resident ID number whose GB 11643 check digit holds."""

    def _deserialize(self, value, attr, data, **kwargs):
        number = normalise_resident_id(super()._deserialize(value, attr, data, **kwargs))
        problem = resident_id_problem(number)
        if problem:
            raise ValidationError(RESIDENT_ID_PROBLEMS[problem])
        return number


class Yuan(fields.Decimal):
    """An amount of money in yuan: exact, not negative, at most two decimal places."""

    def __init__(self, **kwargs):
        super().__init__(as_string=True, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float):
            raise ValidationError(
                _l('Send amounts as strings, e.g. "1250.50", to keep them exact.')
            )
        amount = super()._deserialize(value, attr, data, **kwargs)
        if amount < 0 or amount >= MAX_AMOUNT:
            raise ValidationError(_l("Enter an amount between 0 and 999,999,999,999.99 yuan."))
        if amount.as_tuple().exponent < -2:
            raise ValidationError(_l("Use at most two decimal places (fen)."))
        return amount


def text(max_length: int, required: bool = True, **kwargs) -> fields.String:
    """A trimmed text field that is not blank when required."""
    return Trimmed(
        required=required,
        validate=validate.Length(
            min=1 if required else 0,
            max=max_length,
            error=_l("Fill this in, with at most {max} characters."),
        ),
        **kwargs,
    )


class Trimmed(fields.String):
    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class BlankAsMissing(Schema):
    """Drop empty strings so optional form fields left blank count as not given."""

    @pre_load
    def drop_blanks(self, data, **kwargs):
        if not isinstance(data, dict):
            return data
        return {k: v for k, v in data.items() if not (isinstance(v, str) and v.strip() == "")}


def flatten_messages(messages, prefix: str = "") -> dict[str, list[str]]:
    """Turn marshmallow's nested error messages into {"a.0.b": [...]} paths."""
    if not isinstance(messages, dict):
        # A list of messages, or one (lazy) message that marshmallow did not wrap in a list.
        items = messages if isinstance(messages, list) else [messages]
        return {prefix or "_schema": [str(m) for m in items]}
    flat: dict[str, list[str]] = {}
    for key, value in messages.items():
        flat.update(flatten_messages(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


SAFE_FILENAME = re.compile(r"[^\w.\-\u4e00-\u9fff ]+")


def clean_filename(name: str) -> str:
    """Keep letters, digits, Chinese characters, dots and hyphens of an uploaded file's name."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return SAFE_FILENAME.sub("_", base).strip()[:255] or "document"
