"""/api/v1/organisations: the organisation tree an administrator manages."""

from flask_smorest import Blueprint

from mediation.accounts.models import Role
from mediation.core.auth import api_user, load_api_user, require_roles
from mediation.core.errors import NotFound, ValidationFailed
from mediation.extensions import db
from mediation.organisations import operations
from mediation.organisations.access import find_managed_organisation
from mediation.organisations.schemas import (
    OrganisationCreateSchema,
    OrganisationEditSchema,
    OrganisationOutSchema,
)

blp = Blueprint(
    "api_organisations", __name__, url_prefix="/organisations", description="Organisations"
)
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]


def _admin():
    user = api_user()
    require_roles(user, Role.ADMIN)
    return user


@blp.route("", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, OrganisationOutSchema(many=True))
def list_organisations():
    """List the organisations you manage (your organisation's subtree), retired ones too."""
    return operations.managed_organisations(_admin())


@blp.route("", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(OrganisationCreateSchema)
@blp.response(201, OrganisationOutSchema)
def create_organisation(data: dict):
    """Add an organisation under `parent_id`; the tree's rules say which kind may go where."""
    admin = _admin()
    parent = None
    if data.get("parent_id") is not None:
        try:
            parent = find_managed_organisation(admin, data["parent_id"])
        except NotFound:
            # An unknown parent and another county's answer alike.
            message = operations.NOT_LISTED
            raise ValidationFailed(message, {"parent_id": [message]}) from None
    organisation = operations.create_organisation(admin, parent, data)
    db.session.commit()
    return organisation


@blp.route("/<int:organisation_id>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, OrganisationOutSchema)
def read_organisation(organisation_id: int):
    """Read one organisation you manage."""
    return find_managed_organisation(_admin(), organisation_id)


@blp.route("/<int:organisation_id>", methods=["PATCH"])
@blp.doc(security=SECURITY)
@blp.arguments(OrganisationEditSchema)
@blp.response(200, OrganisationOutSchema)
def update_organisation(data: dict, organisation_id: int):
    """Change an organisation's name, area, committee name or (a committee's) category."""
    admin = _admin()
    organisation = operations.update_organisation(
        admin, find_managed_organisation(admin, organisation_id), data
    )
    db.session.commit()
    return organisation


@blp.route("/<int:organisation_id>/retire", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, OrganisationOutSchema)
def retire_organisation(organisation_id: int):
    """Retire an organisation with no active organisations or staff under it (else 409)."""
    admin = _admin()
    organisation = operations.retire_organisation(
        admin, find_managed_organisation(admin, organisation_id)
    )
    db.session.commit()
    return organisation


@blp.route("/<int:organisation_id>/restore", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, OrganisationOutSchema)
def restore_organisation(organisation_id: int):
    """Restore a retired organisation whose parent is active (else 409)."""
    admin = _admin()
    organisation = operations.restore_organisation(
        admin, find_managed_organisation(admin, organisation_id)
    )
    db.session.commit()
    return organisation


@blp.route("/<int:organisation_id>", methods=["DELETE"])
@blp.doc(security=SECURITY)
@blp.response(204)
def delete_organisation(organisation_id: int):
    """Delete an organisation that nothing refers to; 409 names the records that do."""
    admin = _admin()
    operations.delete_organisation(admin, find_managed_organisation(admin, organisation_id))
    db.session.commit()
