"""/api/v1/staff: the staff accounts an administrator manages."""

from flask_smorest import Blueprint

from mediation.accounts import staff
from mediation.accounts.models import Role
from mediation.accounts.staff_schemas import (
    StaffFilterSchema,
    StaffInviteSchema,
    StaffOutSchema,
    StaffUpdateSchema,
)
from mediation.core.auth import api_user, load_api_user, require_roles
from mediation.extensions import db

blp = Blueprint("api_staff", __name__, url_prefix="/staff", description="Staff accounts")
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]


def _admin():
    user = api_user()
    require_roles(user, Role.ADMIN)
    return user


@blp.route("", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.arguments(StaffFilterSchema, location="query")
@blp.response(200, StaffOutSchema(many=True))
def list_staff(filters: dict):
    """List the staff of your organisation's subtree; filter by role, organisation, active."""
    active = {"yes": True, "no": False}.get(filters.get("active", ""))
    return staff.staff_in_scope(
        _admin(), filters.get("role"), filters.get("organisation_id"), active
    )


@blp.route("", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(StaffInviteSchema)
@blp.response(201, StaffOutSchema)
def invite_staff(data: dict):
    """Open a staff account and text its holder how to log in with a code (409: number taken)."""
    user = staff.invite_staff(
        _admin(), data["name"], data["mobile"], data["role"], data.get("organisation_id")
    )
    db.session.commit()
    return user


@blp.route("/<int:user_id>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, StaffOutSchema)
def read_staff(user_id: int):
    """Read one staff account you manage."""
    return staff.find_managed_staff(_admin(), user_id)


@blp.route("/<int:user_id>", methods=["PATCH"])
@blp.doc(security=SECURITY)
@blp.arguments(StaffUpdateSchema)
@blp.response(200, StaffOutSchema)
def update_staff(data: dict, user_id: int):
    """Move an account to another organisation you manage, or give it another role."""
    admin = _admin()
    person = staff.find_managed_staff(admin, user_id)
    if "organisation_id" in data:
        staff.move_staff(admin, person, data["organisation_id"])
    if "role" in data:
        staff.change_role(admin, person, data["role"])
    db.session.commit()
    return person


@blp.route("/<int:user_id>/deactivate", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, StaffOutSchema)
def deactivate_staff(user_id: int):
    """Close an account; its tokens and sessions stop working (409: yourself, the last admin)."""
    admin = _admin()
    person = staff.deactivate_staff(admin, staff.find_managed_staff(admin, user_id))
    db.session.commit()
    return person


@blp.route("/<int:user_id>/reactivate", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, StaffOutSchema)
def reactivate_staff(user_id: int):
    """Open a closed account again."""
    admin = _admin()
    person = staff.reactivate_staff(admin, staff.find_managed_staff(admin, user_id))
    db.session.commit()
    return person


@blp.route("/<int:user_id>/reset", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, StaffOutSchema)
def reset_staff(user_id: int):
    """Clear the password and lock-out, revoke tokens, and text the invitation again."""
    admin = _admin()
    person = staff.reset_staff(admin, staff.find_managed_staff(admin, user_id))
    db.session.commit()
    return person
