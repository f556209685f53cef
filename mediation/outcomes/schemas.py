"""Validation of outcomes, agreement changes, signatures, surveys and follow-up results."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from mediation.core.schemas import BlankAsMissing, RowId, one_of, text
from mediation.outcomes.models import FollowUpResult, Result

RESULTS = {
    Result.SETTLED.value: _l("Settled"),
    Result.PARTLY_SETTLED.value: _l("Partly settled"),
    Result.NOT_SETTLED.value: _l("Not settled"),
}
FOLLOW_UP_RESULTS = {
    FollowUpResult.PERFORMED.value: _l("Being performed"),
    FollowUpResult.PARTLY.value: _l("Partly performed"),
    FollowUpResult.NOT_PERFORMED.value: _l("Not performed"),
}


class OutcomeInSchema(BlankAsMissing):
    result = fields.String(required=True, validate=one_of(RESULTS))
    terms = text(10000, required=False, load_default=None)
    reason = text(2000, required=False, load_default=None)
    expected_version = fields.Integer(load_default=None)

    @validates_schema
    def terms_or_reason(self, data, **kwargs):
        if data.get("result") == Result.NOT_SETTLED:
            if not data.get("reason"):
                raise ValidationError(_l("Say why no agreement was reached."), "reason")
        elif data.get("result") and not data.get("terms"):
            raise ValidationError(_l("Write the terms the parties agreed on."), "terms")


class AgreementOutSchema(Schema):
    id = fields.Integer()
    revision = fields.Integer()
    document_hash = fields.String(metadata={"description": "SHA-256 of the agreement's text"})
    effective_at = fields.DateTime(
        allow_none=True,
        metadata={"description": "when every party had signed and the seal was on; else null"},
    )
    number = fields.String(
        allow_none=True, metadata={"description": "协议书编号, given when it takes effect"}
    )
    sealed_at = fields.DateTime(allow_none=True)


class OutcomeOutSchema(Schema):
    id = fields.Integer()
    result = fields.String(metadata={"enum": list(RESULTS)})
    terms = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    decided_at = fields.DateTime()
    days_to_close = fields.Integer(metadata={"description": "days from filing to decision"})
    agreement = fields.Nested(AgreementOutSchema, allow_none=True)


class TermsInSchema(BlankAsMissing):
    terms = text(10000)
    void_signatures = fields.Boolean(load_default=False, truthy={"1", "on", "true", True})


MAX_PERFORMANCES = 20


class PerformanceInSchema(BlankAsMissing):
    """How and by when one term is performed: the term, who (empty: all parties), how, when."""

    term = text(2000)
    party_id = RowId(load_default=None, strict=False)
    method = text(2000)
    due_on = fields.Date(
        required=True, error_messages={"invalid": _l("Enter a date as YYYY-MM-DD.")}
    )


class AgreementDetailsInSchema(BlankAsMissing):
    """The art. 29 items written on the agreement besides the terms and the particulars."""

    facts = text(10000)
    disputed_matters = text(5000)
    responsibilities = text(5000)
    copies = fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(1, 50, error=_l("Enter a number of copies from 1 to 50.")),
    )
    performances = fields.List(
        fields.Nested(PerformanceInSchema),
        required=True,
        validate=validate.Length(
            min=1,
            max=MAX_PERFORMANCES,
            error=_l("Say how and by when each term is performed (1 to {max} lines)."),
        ),
    )
    void_signatures = fields.Boolean(load_default=False, truthy={"1", "on", "true", True})


class SealInSchema(BlankAsMissing):
    document_hash = fields.String(required=True, validate=validate.Length(equal=64))


class SignInSchema(BlankAsMissing):
    document_hash = fields.String(
        required=True,
        validate=validate.Regexp(r"^[0-9a-f]{64}$", error=_l("This value is not valid.")),
    )
    confirm = fields.Boolean(
        required=True,
        truthy={"1", "on", "true", True},
        falsy={"0", "off", "false", False},
        validate=validate.Equal(True, error=_l("Tick the box to confirm you agree and sign.")),
        error_messages={"required": _l("Tick the box to confirm you agree and sign.")},
    )


_ONE_SIGNER = _l("Choose one signer: each person's paper signature is recorded on its own.")


class PaperSignatureInSchema(BlankAsMissing):
    """One signer's paper signature: who, which scan, and that their ID card was checked."""

    # A list, so that a request naming two signers is seen and refused rather than cut short.
    signer = fields.List(
        fields.String(validate=validate.Length(max=32)),
        required=True,
        validate=validate.Length(equal=1, error=_ONE_SIGNER),
        error_messages={"required": _ONE_SIGNER},
    )
    paper_copy = fields.Integer(load_default=None, strict=False)
    id_checked = fields.Boolean(
        load_default=False, truthy={"1", "on", "true", True}, falsy={"0", "off", "false", False}
    )


class SurveyInSchema(BlankAsMissing):
    score = fields.Integer(
        required=True,
        strict=False,
        validate=validate.Range(1, 5, error=_l("Choose a score from 1 to 5.")),
        error_messages={"required": _l("Choose a score from 1 to 5.")},
    )
    comment = text(2000, required=False, load_default=None)


class FollowUpInSchema(BlankAsMissing):
    result = fields.String(required=True, validate=one_of(FOLLOW_UP_RESULTS))
    notes = text(4000, required=False, load_default=None)
