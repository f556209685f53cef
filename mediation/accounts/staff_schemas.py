"""Validation and serialisation of staff accounts for the admin pages and the API."""

from marshmallow import Schema, fields

from mediation.accounts.staff_rules import INVITABLE_ROLES
from mediation.core.schemas import BlankAsMissing, Mobile, RowId, one_of, text

ROLE_VALUES = [role.value for role in INVITABLE_ROLES]


class StaffInviteSchema(BlankAsMissing):
    name = text(60)
    mobile = Mobile(required=True)
    role = fields.String(required=True, validate=one_of(ROLE_VALUES))
    organisation_id = RowId(
        metadata={"description": "Omitted only for a deployment-wide administrator"}
    )


class StaffFilterSchema(BlankAsMissing):
    role = fields.String(validate=one_of(ROLE_VALUES))
    organisation_id = RowId()
    active = fields.String(validate=one_of(("yes", "no")))


class StaffMoveSchema(BlankAsMissing):
    organisation_id = RowId()


class StaffRoleSchema(BlankAsMissing):
    role = fields.String(required=True, validate=one_of(ROLE_VALUES))


class StaffUpdateSchema(BlankAsMissing):
    """The API's PATCH: a new role, another organisation, or both."""

    role = fields.String(validate=one_of(ROLE_VALUES))
    organisation_id = RowId()


class StaffOutSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    mobile = fields.String()
    role = fields.String()
    organisation_id = fields.Integer(allow_none=True)
    active = fields.Boolean()
    has_password = fields.Function(lambda user: bool(user.password_hash))
