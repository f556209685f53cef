"""Validation and serialisation for scheduling; the same schemas serve pages, API and OpenAPI."""

from datetime import UTC

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from mediation.core.schemas import BlankAsMissing, RowId, Trimmed, one_of, text
from mediation.scheduling import slots
from mediation.scheduling.lifecycle import RECORDED
from mediation.scheduling.models import MODES

WEEKDAYS = range(7)


class Instant(fields.AwareDateTime):
    """An ISO 8601 instant with its offset (a bare local time is refused), read as UTC."""

    default_error_messages = {
        "invalid": _l("Enter a date and time, e.g. 2026-03-02T09:30:00+08:00."),
        "naive": _l("Give the time with its offset, e.g. +08:00."),
    }

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).astimezone(UTC)


class Windows(fields.String):
    """Opening hours written as "09:00-12:00, 14:00-17:30"; blank means none."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            return slots.parse_windows(raw)
        except ValueError:
            raise ValidationError(
                _l("Write hours like 09:00-12:00, 14:00-17:30, in order and not overlapping.")
            ) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return slots.format_windows(value or ())


def _minutes(low: int, high: int, **kwargs) -> fields.Integer:
    return fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(low, high, error=_l("Enter a number from {min} to {max}.")),
        **kwargs,
    )


class AvailabilityInSchema(Schema):
    timezone = Trimmed(required=True, validate=validate.Length(1, 64))
    weekly = fields.Dict(
        keys=fields.Integer(strict=False, validate=validate.Range(0, 6)),
        values=Windows(),
        required=True,
        metadata={"description": 'Weekday (0 = Monday) to hours, e.g. {"0": "09:00-12:00"}'},
    )
    buffer_before_minutes = _minutes(0, 240)
    buffer_after_minutes = _minutes(0, 240)
    min_notice_minutes = _minutes(0, 30 * 24 * 60)
    horizon_days = _minutes(1, slots.MAX_HORIZON_DAYS)
    slot_minutes = _minutes(15, 480)
    interval_minutes = _minutes(5, 480)
    observe_holidays = fields.Boolean(load_default=True)

    @validates_schema
    def check_zone(self, data, **kwargs):
        try:
            slots.zone_of(data.get("timezone", ""))
        except ValueError:
            raise ValidationError(
                _l("Choose a time zone such as Asia/Shanghai."), "timezone"
            ) from None


class AvailabilityOutSchema(Schema):
    timezone = fields.String()
    weekly = fields.Dict(keys=fields.String(), values=fields.List(fields.List(fields.String())))
    buffer_before_minutes = fields.Integer()
    buffer_after_minutes = fields.Integer()
    min_notice_minutes = fields.Integer()
    horizon_days = fields.Integer()
    slot_minutes = fields.Integer()
    interval_minutes = fields.Integer()
    observe_holidays = fields.Boolean()


class OverrideInSchema(BlankAsMissing):
    day = fields.Date(required=True)
    windows = Windows(load_default=())
    note = text(120, required=False, load_default=None)


class SlotQuerySchema(Schema):
    room_id = RowId(load_default=None)


class SlotSchema(Schema):
    start = fields.DateTime()
    end = fields.DateTime()


class BookingInSchema(BlankAsMissing):
    start = Instant(required=True)
    end = Instant(load_default=None, metadata={"description": "Defaults to the slot length"})
    mode = fields.String(required=True, validate=one_of(MODES))
    room_id = RowId(load_default=None, strict=False)


class RescheduleInSchema(BlankAsMissing):
    start = Instant(required=True)
    end = Instant(load_default=None)
    reason = text(500)


class CancelInSchema(BlankAsMissing):
    reason = text(500)


class StatusInSchema(BlankAsMissing):
    status = fields.String(required=True, validate=one_of(tuple(s.value for s in RECORDED)))
    reason = text(500, required=False, load_default=None)


class RoomInSchema(BlankAsMissing):
    organisation_id = RowId(required=True, strict=False)
    name = text(60)
    capacity = fields.Integer(load_default=8, validate=validate.Range(1, 200))


class RoomOutSchema(Schema):
    id = fields.Integer()
    organisation_id = RowId()
    name = fields.String()
    label = fields.String()
    capacity = fields.Integer()


class SessionOutSchema(Schema):
    id = fields.Integer()
    uid = fields.String()
    sequence = fields.Integer()
    dispute_code = fields.Function(lambda s: s.dispute.code)
    mediator_id = RowId()
    room = fields.Nested(RoomOutSchema, allow_none=True)
    start = fields.DateTime(attribute="start_at")
    end = fields.DateTime(attribute="end_at")
    timezone = fields.String()
    mode = fields.String(metadata={"enum": list(MODES)})
    status = fields.String()
    status_reason = fields.String(allow_none=True)


class FeedOutSchema(Schema):
    url = fields.String()
