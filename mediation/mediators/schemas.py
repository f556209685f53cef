"""Validation and serialisation for mediators, studios, assignments and conflicts."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from mediation.core.schemas import BlankAsMissing, Mobile, ResidentId, RowId, one_of, text
from mediation.disputes.categories import CATEGORIES
from mediation.mediators.admin_schemas import languages_field
from mediation.mediators.labels import BACKGROUNDS, factor_text


class MediatorUpdateSchema(BlankAsMissing):
    specialties = fields.List(fields.String(validate=one_of(CATEGORIES)))
    # The listed languages and free entries, as the roster's keepers record them.
    languages = languages_field()
    background = fields.String(validate=one_of(BACKGROUNDS), allow_none=True)
    introduction = text(1000, required=False)
    full_time = fields.Boolean()
    gold_medal = fields.Boolean()
    capacity = fields.Integer(
        validate=validate.Range(min=0, max=200, error=_l("Enter 0 to 200 cases."))
    )
    active = fields.Boolean()


class MediatorOutSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    organisation = fields.String(attribute="organisation.name")
    full_time = fields.Boolean()
    gold_medal = fields.Boolean()
    specialties = fields.List(fields.String())
    languages = fields.List(fields.String())
    background = fields.String(allow_none=True)
    introduction = fields.String(allow_none=True)
    capacity = fields.Integer()
    active = fields.Boolean()


class MediatorBriefSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    gold_medal = fields.Boolean()


class MemberInSchema(Schema):
    mediator_id = RowId(required=True)


class QueueItemSchema(Schema):
    code = fields.String()
    category = fields.String()
    township_id = RowId()
    filed_at = fields.DateTime()


class RelationInSchema(BlankAsMissing):
    kind = fields.String(required=True, validate=one_of(("relative", "interest")))
    name = text(120)
    mobile = Mobile(load_default=None)
    resident_id = ResidentId(load_default=None)
    note = text(200, required=False, load_default=None)


class RelationOutSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    name = fields.String()
    mobile = fields.String(allow_none=True)
    resident_id = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class StudioOutSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    stars = fields.Integer()
    specialties = fields.List(fields.String())
    introduction = fields.String(allow_none=True)
    organisation = fields.String(attribute="organisation.name")
    lead = fields.Nested(MediatorBriefSchema)
    team = fields.List(fields.Nested(MediatorBriefSchema))


class FactorOutSchema(Schema):
    code = fields.String()
    points = fields.Float()
    text = fields.Function(factor_text)


class CandidateOutSchema(Schema):
    mediator_id = RowId()
    name = fields.String()
    score = fields.Float()
    generalist = fields.Boolean()
    factors = fields.List(fields.Nested(FactorOutSchema))


class AssignInSchema(BlankAsMissing):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    mode = fields.String(load_default="auto", validate=one_of(("auto", "manual", "studio")))
    mediator_id = RowId(load_default=None)
    studio_id = RowId(load_default=None)
    reason = text(2000, required=False, load_default=None)


class BatchInSchema(BlankAsMissing):
    codes = fields.List(
        fields.String(validate=validate.Length(min=1, max=32)),
        load_default=None,
        validate=validate.Length(max=10000),
        metadata={"description": "Case codes; leave out for the whole queue you may see"},
    )


class BatchOutSchema(Schema):
    assigned = fields.List(fields.String())
    unassigned = fields.List(fields.String())


class AssignmentOutSchema(Schema):
    id = fields.Integer()
    dispute_id = RowId()
    mediator_id = RowId()
    studio_id = RowId(allow_none=True)
    method = fields.String()
    status = fields.String()
    reason = fields.String(allow_none=True)
    explanation = fields.List(fields.Dict())
    proposed_at = fields.DateTime()
    due_at = fields.DateTime()
    answered_at = fields.DateTime(allow_none=True)
    answer_reason = fields.String(allow_none=True)


class ReasonInSchema(BlankAsMissing):
    reason = text(2000, required=False, load_default=None)


class RecusalInSchema(BlankAsMissing):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    reason = text(2000)


class RecusalOutSchema(Schema):
    id = fields.Integer()
    dispute_id = RowId()
    mediator_id = RowId()
    party_id = RowId()
    reason = fields.String()
    status = fields.String()
    requested_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision_note = fields.String(allow_none=True)


class DecisionInSchema(BlankAsMissing):
    grant = fields.Boolean(required=True)
    note = text(2000, required=False, load_default=None)


class DisclosureInSchema(BlankAsMissing):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    description = text(2000)


class DisclosureOutSchema(Schema):
    id = fields.Integer()
    dispute_id = RowId()
    mediator_id = RowId()
    description = fields.String()
    outcome = fields.String()
    disclosed_at = fields.DateTime()


class DisclosureDecisionInSchema(BlankAsMissing):
    keep = fields.Boolean(required=True)


class ConsentInSchema(BlankAsMissing):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))
    party_id = RowId(required=True)
    note = text(200, required=False, load_default=None)
