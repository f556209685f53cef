"""Validation of report periods, screening and hotline records, and indicator targets."""

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate, validates_schema

from mediation.core.schemas import BlankAsMissing, RowId, one_of, text
from mediation.disputes.categories import CATEGORIES

fields.Date.default_error_messages.update(invalid=_l("Enter a date as YYYY-MM-DD."))
fields.Boolean.default_error_messages.update(invalid=_l("Choose yes or no."))


PERIOD_BACKWARDS = _l("The end of the period is before its start.")


class PeriodQuerySchema(BlankAsMissing):
    start = fields.Date(load_default=None)
    end = fields.Date(load_default=None)
    station_id = RowId(load_default=None)

    @validates_schema
    def end_after_start(self, data, **kwargs):
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(PERIOD_BACKWARDS, "end")


class YearQuerySchema(BlankAsMissing):
    year = fields.Integer(
        load_default=None,
        validate=validate.Range(2000, 2100, error=_l("Enter a year between 2000 and 2100.")),
    )


def _count(**kwargs) -> fields.Integer:
    return fields.Integer(
        strict=False,
        validate=validate.Range(0, 100000, error=_l("Enter a whole number from 0 to 100,000.")),
        **kwargs,
    )


class ScreeningInSchema(BlankAsMissing):
    township_id = RowId(required=True)
    village_id = RowId(load_default=None)
    held_on = fields.Date(required=True)
    runs = _count(load_default=1)
    disputes_found = _count(load_default=0)
    disputes_prevented = _count(load_default=0)
    notes = text(2000, required=False, load_default=None)

    @validates_schema
    def prevented_within_found(self, data, **kwargs):
        if data.get("disputes_prevented", 0) > data.get("disputes_found", 0):
            raise ValidationError(
                _l("Disputes prevented cannot exceed disputes found."), "disputes_prevented"
            )


class HotlineCallInSchema(BlankAsMissing):
    # Local wall-clock time as a datetime-local input sends it; the recorder's zone applies.
    received_at = fields.NaiveDateTime(
        required=True,
        format="%Y-%m-%dT%H:%M",
        error_messages={"invalid": _l("Enter a date and time.")},
    )
    answered = fields.Boolean(
        required=True, truthy={"1", "yes", "true", True}, falsy={"0", "no", "false", False}
    )
    township_id = RowId(load_default=None)
    category = fields.String(load_default=None, validate=one_of(CATEGORIES))
    notes = text(2000, required=False, load_default=None)


class TargetInSchema(BlankAsMissing):
    baseline = fields.Decimal(load_default=None, places=2)
    baseline_year = fields.Integer(load_default=None, validate=validate.Range(2000, 2100))
    target = fields.Decimal(load_default=None, places=2)
    target_year = fields.Integer(load_default=None, validate=validate.Range(2000, 2100))


class SubsidyRateInSchema(BlankAsMissing):
    category = fields.String(required=True, validate=one_of(CATEGORIES))
    result = fields.String(
        required=True, validate=one_of(("settled", "partly_settled", "not_settled"))
    )
    amount = fields.Decimal(
        required=True,
        places=2,
        validate=validate.Range(0, 100000, error=_l("Enter an amount from 0 to 100,000 yuan.")),
        error_messages={"invalid": _l("Enter an amount in yuan, such as 200 or 150.50.")},
    )
