"""Administration pages of staff accounts: list, invite, deactivate, reset, move, change role."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from mediation.accounts import staff
from mediation.accounts.labels import ROLES
from mediation.accounts.models import User
from mediation.accounts.staff_rules import INVITABLE_ROLES
from mediation.accounts.staff_schemas import (
    StaffFilterSchema,
    StaffInviteSchema,
    StaffMoveSchema,
    StaffRoleSchema,
)
from mediation.core.forms import ANY_REFUSAL, done, form_data, submit_form
from mediation.core.schemas import flatten_messages
from mediation.organisations.operations import managed_organisations
from mediation.organisations.scope import staff_scope

bp = Blueprint("staff", __name__, url_prefix="/admin/staff")

WHOLE_DEPLOYMENT = _l("The whole deployment (administrators only)")


def _roles() -> list[tuple[str, str]]:
    return [(role.value, str(ROLES[role.value])) for role in INVITABLE_ROLES]


def _organisations() -> list[tuple[str, str]]:
    options = [
        (str(org.id), org.name) for org in managed_organisations(current_user, active_only=True)
    ]
    if staff_scope(current_user) is None:
        options.insert(0, ("", str(WHOLE_DEPLOYMENT)))
    return options


@bp.route("")
@login_required
def index():
    errors: dict = {}
    try:
        filters = StaffFilterSchema().load(dict(request.args))
    except ValidationError as error:
        errors, filters = flatten_messages(error.messages), {}
    active = {"yes": True, "no": False}.get(filters.get("active", ""))
    people = staff.staff_in_scope(
        current_user, filters.get("role"), filters.get("organisation_id"), active
    )
    page = render_template(
        "accounts/staff_list.html",
        people=people,
        roles=_roles(),
        organisations=[o for o in _organisations() if o[0]],
        values=dict(request.args),
        errors=errors,
    )
    return page, 422 if errors else 200


def _invite_page(errors: dict, status: int):
    page = render_template(
        "accounts/staff_invite.html",
        roles=_roles(),
        organisations=_organisations(),
        values=form_data() if request.method == "POST" else dict(request.args),
        errors=errors,
    )
    return page, status


@bp.route("/invite", methods=["GET", "POST"])
@login_required
def invite():
    if request.method == "GET":
        return _invite_page({}, 200)
    return submit_form(
        parse=lambda: StaffInviteSchema().load(form_data()),
        operate=lambda data: staff.invite_staff(
            current_user, data["name"], data["mobile"], data["role"], data.get("organisation_id")
        ),
        render=_invite_page,
        success=lambda user: done(
            _("%(name)s is invited: a text tells them how to log in.", name=user.name),
            url_for("staff.show", user_id=user.id),
        ),
        refuse=ANY_REFUSAL,
    )


def _show_page(person: User, errors: dict, status: int):
    page = render_template(
        "accounts/staff_member.html",
        person=person,
        roles=_roles(),
        organisations=_organisations(),
        errors=errors,
        is_self=person.id == current_user.id,
    )
    return page, status


@bp.route("/<int:user_id>")
@login_required
def show(user_id: int):
    return _show_page(staff.find_managed_staff(current_user, user_id), {}, 200)


def _act(user_id: int, parse, operate, message):
    person = staff.find_managed_staff(current_user, user_id)
    return submit_form(
        parse=parse,
        operate=lambda data: operate(person, data),
        render=lambda errors, status: _show_page(person, errors, status),
        success=lambda done_to: done(
            str(message) % {"name": done_to.name}, url_for("staff.show", user_id=user_id)
        ),
        refuse=ANY_REFUSAL,
    )


@bp.route("/<int:user_id>/deactivate", methods=["POST"])
@login_required
def deactivate(user_id: int):
    return _act(
        user_id,
        lambda: None,
        lambda person, _data: staff.deactivate_staff(current_user, person),
        _l("%(name)s is deactivated: their sessions and tokens no longer work."),
    )


@bp.route("/<int:user_id>/reactivate", methods=["POST"])
@login_required
def reactivate(user_id: int):
    return _act(
        user_id,
        lambda: None,
        lambda person, _data: staff.reactivate_staff(current_user, person),
        _l("%(name)s can log in again."),
    )


@bp.route("/<int:user_id>/reset", methods=["POST"])
@login_required
def reset(user_id: int):
    return _act(
        user_id,
        lambda: None,
        lambda person, _data: staff.reset_staff(current_user, person),
        _l("%(name)s's log-in is reset: a new text tells them how to log in with a code."),
    )


@bp.route("/<int:user_id>/move", methods=["POST"])
@login_required
def move(user_id: int):
    return _act(
        user_id,
        lambda: StaffMoveSchema().load(form_data()),
        lambda person, data: staff.move_staff(current_user, person, data.get("organisation_id")),
        _l("%(name)s is moved."),
    )


@bp.route("/<int:user_id>/role", methods=["POST"])
@login_required
def change_role(user_id: int):
    return _act(
        user_id,
        lambda: StaffRoleSchema().load(form_data()),
        lambda person, data: staff.change_role(current_user, person, data["role"]),
        _l("%(name)s's role is changed."),
    )
