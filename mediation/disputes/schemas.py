"""Validation and serialisation of disputes; the same schemas serve pages, API and OpenAPI."""

from datetime import date

from flask import g
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from mediation.accounts.assurance import STAFF_IDENTIFICATIONS
from mediation.core.db import utcnow
from mediation.core.identity import mask_mobile
from mediation.core.schemas import BlankAsMissing, Mobile, ResidentId, RowId, Yuan, one_of, text
from mediation.disputes.categories import CATEGORIES, CHANNELS, LANGUAGES, STATES
from mediation.disputes.lifecycle import TRANSITIONS
from mediation.disputes.listing import DEFAULT_SORT, SORTS
from mediation.disputes.particulars import KINDS, SEXES, contradictions

MAX_PARTIES_PER_SIDE = 10


EARLIEST_BIRTH_DATE = date(1900, 1, 1)
CONTRADICTION_MESSAGES = {
    "birth_date": _l("This date of birth differs from the one in the ID number."),
    "sex": _l("This sex differs from the one in the ID number."),
}


class BirthDate(fields.Date):
    """A date of birth: a real day, not before 1900 and not in the future."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        if not EARLIEST_BIRTH_DATE <= day <= utcnow().date():
            raise ValidationError(_l("Enter a date of birth between 1900 and today."))
        return day


class ParticularsSchema(BlankAsMissing):
    """A party's particulars for the agreement (art. 29(1)); each may be left for later."""

    kind = fields.String(validate=one_of(KINDS), metadata={"description": "person or organisation"})
    sex = fields.String(validate=one_of(SEXES))
    ethnicity = text(20, required=False)
    birth_date = BirthDate(metadata={"description": "YYYY-MM-DD"})
    age = fields.Integer(
        strict=False,
        validate=validate.Range(0, 150, error=_l("Enter an age between 0 and 150.")),
    )
    occupation = text(60, required=False)
    address = text(200, required=False)
    legal_representative = text(60, required=False)

    @validates_schema
    def agrees_with_the_id(self, data, **kwargs):
        found = contradictions(data)
        if found:
            raise ValidationError({item: [CONTRADICTION_MESSAGES[item]] for item in found})


class PartyInSchema(ParticularsSchema):
    name = text(60, metadata={"description": "Full name"})
    mobile = Mobile(required=True, metadata={"description": "Mainland mobile, 11 digits"})
    resident_id = ResidentId(
        load_default=None, metadata={"description": "Resident ID number (GB 11643), optional"}
    )


class ParticularsInSchema(ParticularsSchema):
    """The particulars form on the case: the same fields, and the ID number."""

    resident_id = ResidentId(metadata={"description": "Resident ID number (GB 11643)"})


class DisputeInSchema(BlankAsMissing):
    category = fields.String(required=True, validate=one_of(CATEGORIES))
    channel = fields.String(
        validate=one_of(CHANNELS),
        metadata={"description": "Staff only: hotline, walk_in, screening or referral"},
    )
    description = text(5000)
    amount = Yuan(load_default=None, metadata={"description": "Amount in dispute, yuan"})
    township_id = RowId(required=True, strict=False)
    village_id = RowId(load_default=None)
    preferred_language = fields.String(load_default=None, validate=one_of(LANGUAGES))
    preferred_mediator_id = RowId(load_default=None)
    preferred_studio_id = RowId(load_default=None)
    applicants = fields.List(
        fields.Nested(PartyInSchema),
        required=True,
        validate=validate.Length(
            min=1, max=MAX_PARTIES_PER_SIDE, error=_l("Name 1 to {max} people.")
        ),
    )
    respondents = fields.List(
        fields.Nested(PartyInSchema),
        required=True,
        validate=validate.Length(
            min=1, max=MAX_PARTIES_PER_SIDE, error=_l("Name 1 to {max} people.")
        ),
    )


class PlaceSchema(Schema):
    id = fields.Integer()
    name = fields.String(attribute="area")


def _hidden_from_caller(party) -> bool:
    """A respondent calling the API sees only their own mobile and ID (masked).

    Applicants gave every party's details when filing, and still see them masked.
    """
    user = g.get("api_user")
    if user is None or user.role != "party" or party.user_id == user.id:
        return False
    return not any(p.user_id == user.id and p.side == "applicant" for p in party.dispute.parties)


class PartyOutSchema(Schema):
    id = fields.Integer()
    side = fields.String()
    name = fields.String()
    mobile = fields.Method("masked_mobile", allow_none=True)
    resident_id = fields.Method("masked_resident_id", allow_none=True)

    def masked_mobile(self, party) -> str | None:
        return None if _hidden_from_caller(party) else mask_mobile(party.mobile)

    def masked_resident_id(self, party) -> str | None:
        return None if _hidden_from_caller(party) else party.masked_resident_id


class AttachmentOutSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    content_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    uploaded_at = fields.DateTime()


class DisputeOutSchema(Schema):
    code = fields.String()
    display_code = fields.String()
    category = fields.String(metadata={"enum": list(CATEGORIES)})
    channel = fields.String()
    state = fields.String(metadata={"enum": list(STATES)})
    state_reason = fields.String(allow_none=True)
    description = fields.String()
    amount = Yuan(allow_none=True)
    township = fields.Nested(PlaceSchema)
    village = fields.Nested(PlaceSchema, allow_none=True)
    preferred_language = fields.String(allow_none=True)
    preferred_mediator_id = RowId(allow_none=True)
    preferred_studio_id = RowId(allow_none=True)
    mediator_id = RowId(allow_none=True)
    parties = fields.List(fields.Nested(PartyOutSchema))
    attachments = fields.List(fields.Nested(AttachmentOutSchema))
    filed_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer()


class DisputeQuerySchema(Schema):
    state = fields.String(validate=one_of(STATES))
    category = fields.String(validate=one_of(CATEGORIES))
    channel = fields.String(validate=one_of(CHANNELS))
    township_id = RowId()
    q = text(
        60,
        required=False,
        metadata={"description": "A case code (or its first characters), a party's name or mobile"},
    )
    sort = fields.String(
        load_default=DEFAULT_SORT,
        validate=one_of(SORTS),
        metadata={"description": "filed, code, state, category or township; '-' reverses"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class DisputePageSchema(Schema):
    items = fields.List(fields.Nested(DisputeOutSchema))
    page = fields.Integer()
    per_page = fields.Integer()
    total = fields.Integer()


class TransitionInSchema(BlankAsMissing):
    action = fields.String(required=True, validate=one_of(TRANSITIONS))
    reason = text(2000, required=False, load_default=None)
    mediator_id = RowId(load_default=None)
    expected_version = fields.Integer(
        load_default=None,
        metadata={"description": "The version you saw; a stale one gets 409"},
    )
    # Staff entering a party's own act (consent, decline, withdraw, stop) say for whom, and how
    # they identified them; without both the act is refused with 422.
    party_id = RowId(
        load_default=None, metadata={"description": "Staff entering a party's act: the party"}
    )
    identification = fields.String(
        load_default=None,
        validate=one_of(a.value for a in STAFF_IDENTIFICATIONS),
        metadata={"description": "How staff identified the party: id_in_person or phone_call"},
    )


class LookupQuerySchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=32))


class HistoryEventSchema(Schema):
    id = fields.Integer()
    occurred_at = fields.DateTime()
    action = fields.String()
    actor_id = RowId(allow_none=True)
    data = fields.Dict()
    hash = fields.String()
