"""Validation and serialisation of hand-offs; pages, API and OpenAPI share them."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from mediation.core.schemas import BlankAsMissing, RowId, one_of, text
from mediation.disputes.schemas import DisputeInSchema
from mediation.handoffs.labels import EVENTS, REFERRAL_TYPES, RESULTS, STATUSES
from mediation.handoffs.timeline import status_of

DATE_ERRORS = {"invalid": _l("Enter a date as YYYY-MM-DD.")}


def day(required: bool = True, **kwargs) -> fields.Date:
    if not required:
        kwargs.setdefault("load_default", None)
    return fields.Date(required=required, error_messages=DATE_ERRORS, **kwargs)


def flag(**kwargs) -> fields.Boolean:
    return fields.Boolean(
        load_default=False, error_messages={"invalid": _l("Answer yes or no.")}, **kwargs
    )


class ReferralInSchema(DisputeInSchema):
    """An inbound referral: the agency's reference and type, and the dispute it concerns."""

    class Meta:
        exclude = ("channel", "description")

    reference = text(80, metadata={"description": "The agency's own number"})
    referral_type = fields.String(required=True, validate=one_of(REFERRAL_TYPES))
    summary = text(5000)


class SignForSchema(BlankAsMissing):
    on = day(False, metadata={"description": "Day of sign-for; today if left out"})


class PauseSchema(BlankAsMissing):
    start = day()
    reason = text(500)


class ResumeSchema(BlankAsMissing):
    on = day()


class ExtensionSchema(BlankAsMissing):
    days = fields.Integer(
        required=True,
        validate=validate.Range(min=1, max=365, error=_l("Enter 1 to 365 days.")),
    )
    applicant_consent = flag()
    respondent_consent = flag()
    note = text(500, required=False, load_default=None)


class ResultSchema(BlankAsMissing):
    result = fields.String(required=True, validate=one_of(RESULTS))
    text = text(5000, required=False, load_default=None)
    effective_on = day(False, metadata={"description": "Settled: the agreement took effect"})
    agreement_attachment_id = RowId(
        load_default=None, metadata={"description": "Settled: the dispute's attachment id"}
    )


class ConfirmationSchema(BlankAsMissing):
    applied_on = day()


class ConfirmationGrantedSchema(BlankAsMissing):
    granted_on = day()


class CorrectionSchema(BlankAsMissing):
    event_id = RowId(required=True)
    effective_on = day()
    reason = text(500)


class ReceiveSchema(BlankAsMissing):
    reference = text(80, required=False, load_default=None)


class OutboundSchema(BlankAsMissing):
    dispute_code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    agency_id = RowId(required=True)
    summary = text(5000)


class HandOffQuerySchema(BlankAsMissing):
    status = fields.String(validate=one_of(STATUSES))
    direction = fields.String(validate=one_of(("inbound", "outbound")))
    referral_type = fields.String(validate=one_of(REFERRAL_TYPES))
    agency_id = RowId()
    overdue = fields.Boolean(error_messages={"invalid": _l("Answer yes or no.")})
    q = fields.String(validate=validate.Length(max=80))


class AckSchema(Schema):
    delivery_id = RowId(required=True)


class RuleInSchema(BlankAsMissing):
    days = fields.Integer(
        required=True, validate=validate.Range(min=1, max=365, error=_l("Enter 1 to 365 days."))
    )
    working_days = flag()
    rolls_over = flag()


class EventOutSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"enum": list(EVENTS)})
    occurred_at = fields.DateTime()
    actor_id = RowId(allow_none=True)
    effective_on = fields.Date(allow_none=True)
    corrects_id = RowId(allow_none=True)
    data = fields.Dict()


class HandOffOutSchema(Schema):
    id = fields.Integer()
    direction = fields.String()
    agency_id = RowId()
    agency = fields.String(attribute="agency.name")
    reference = fields.String(allow_none=True)
    referral_type = fields.String(allow_none=True)
    summary = fields.String()
    dispute_code = fields.String(attribute="dispute.code")
    status = fields.String(metadata={"enum": list(STATUSES)})
    sent_at = fields.DateTime()
    signed_for_on = fields.Date(allow_none=True)
    rule_days = fields.Integer(allow_none=True)
    rule_working_days = fields.Boolean()
    due_on = fields.Method("clock_due_on")
    days_left = fields.Method("clock_days_left")
    paused = fields.Method("clock_paused")
    overdue = fields.Method("clock_overdue")
    result = fields.String(allow_none=True)
    result_text = fields.String(allow_none=True)
    agreement_attachment_id = RowId(attribute="agreement_id", allow_none=True)
    online_agreement_id = RowId(allow_none=True)
    agreement_effective_on = fields.Date(allow_none=True)
    confirmation_due_on = fields.Date(allow_none=True)
    confirmation_applied_on = fields.Date(allow_none=True)

    def _status(self, handoff):
        return status_of(handoff)

    def clock_due_on(self, handoff):
        status = self._status(handoff)
        return status.due_on.isoformat() if status and status.due_on else None

    def clock_days_left(self, handoff):
        status = self._status(handoff)
        return status.days_left if status else None

    def clock_paused(self, handoff):
        status = self._status(handoff)
        return bool(status and status.paused)

    def clock_overdue(self, handoff):
        status = self._status(handoff)
        return bool(status and status.overdue)
