"""Validation and serialisation of organisations for the admin pages and the API."""

from marshmallow import Schema, fields

from mediation.core.schemas import BlankAsMissing, RowId, one_of, text
from mediation.organisations.models import OrgKind
from mediation.organisations.tree_rules import COMMITTEE_CATEGORIES


class OrganisationEditSchema(BlankAsMissing):
    """What an administrator may change on an organisation."""

    name = text(120)
    area = text(60, required=False, metadata={"description": "The township or village served"})
    committee_name = text(
        120,
        required=False,
        metadata={"description": "The people's mediation committee, as it signs agreements"},
    )
    category = fields.String(
        validate=one_of(COMMITTEE_CATEGORIES),
        metadata={"description": "A professional committee's dispute category"},
    )


class OrganisationInSchema(OrganisationEditSchema):
    """A new organisation: its kind, under the parent given by the page or the body."""

    kind = fields.String(required=True, validate=one_of([k.value for k in OrgKind]))


class OrganisationCreateSchema(OrganisationInSchema):
    """The API's body: the parent travels in it (none: at the top, deployment-wide admins)."""

    parent_id = RowId(metadata={"description": "The organisation to add it under"})


class OrganisationOutSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()
    parent_id = fields.Integer(allow_none=True)
    area = fields.String(allow_none=True)
    committee_name = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    active = fields.Boolean()
