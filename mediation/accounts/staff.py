"""Service layer for staff accounts: invite, list, deactivate, reset, move, change role.

An administrator manages the staff of their own organisation's subtree (all of them, for a
deployment-wide administrator with no organisation). Operations flush, never commit.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mediation.accounts import hooks
from mediation.accounts.labels import ROLES
from mediation.accounts.models import Role, User
from mediation.accounts.operations import revoke_tokens
from mediation.accounts.staff_rules import INVITABLE_ROLES, StaffProblem, change_problem
from mediation.core.audit import record_event
from mediation.core.db import among
from mediation.core.errors import Conflict, NotFound, ValidationFailed
from mediation.core.notify import notify
from mediation.core.urls import external
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.organisations.scope import Placed, in_scope, staff_scope

PROBLEMS = {
    StaffProblem.YOURSELF: _l("You cannot do this to your own account; ask another administrator."),
    StaffProblem.LAST_ADMIN: _l(
        "This is the last active administrator: invite or reactivate another one first."
    ),
    StaffProblem.INACTIVE: _l("This account is deactivated: reactivate it first."),
    StaffProblem.NOT_STAFF: _l("Choose one of the listed roles."),
}
NOT_LISTED = _l("Choose one of the listed organisations.")


def _refuse(problem: StaffProblem, field_name: str = "_schema") -> Conflict:
    message = PROBLEMS[problem]
    fields = {} if field_name == "_schema" else {field_name: [message]}
    return Conflict(message, fields, code=problem.value)


def find_managed_staff(user: Placed | None, user_id: int) -> User:
    """Return a staff account the user administers; any other id, to anyone else, is 404."""
    target = db.session.get(User, user_id)
    if (
        user is None
        or user.role != Role.ADMIN
        or target is None
        or target.role not in INVITABLE_ROLES
        or not _reaches(user, target.organisation_id)
    ):
        raise NotFound(_l("This staff account does not exist."))
    return target


def _reaches(admin: Placed, organisation_id: int | None) -> bool:
    if organisation_id is None:  # a deployment-wide account: only another such admin
        return staff_scope(admin) is None
    return in_scope(admin, organisation_id)


def staff_in_scope(
    admin: Placed,
    role: str | None = None,
    organisation_id: int | None = None,
    active: bool | None = None,
) -> list[User]:
    """List the staff accounts an administrator manages, filtered, by organisation and name."""
    query = select(User).where(User.role.in_(INVITABLE_ROLES))
    scope = staff_scope(admin)
    if scope is not None:
        query = query.where(among(User.organisation_id, scope))
    if role:
        query = query.where(User.role == role)
    if organisation_id:
        query = query.where(User.organisation_id == organisation_id)
    if active is not None:
        query = query.where(User.active.is_(active))
    return list(db.session.scalars(query.order_by(User.organisation_id, User.name, User.id)))


def _organisation(admin: Placed, organisation_id: int | None, role: str) -> Organisation | None:
    """Return the active organisation in the admin's scope; unknown and others' alike refused."""
    if organisation_id is None:
        if role == Role.ADMIN and staff_scope(admin) is None:
            return None  # a second deployment-wide administrator
        raise ValidationFailed(NOT_LISTED, {"organisation_id": [NOT_LISTED]})
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not organisation.active or not in_scope(admin, organisation.id):
        raise ValidationFailed(NOT_LISTED, {"organisation_id": [NOT_LISTED]})
    return organisation


def _check_role(role: str) -> None:
    if role not in INVITABLE_ROLES:
        message = PROBLEMS[StaffProblem.NOT_STAFF]
        raise ValidationFailed(message, {"role": [message]})


def invite_staff(admin: User, name: str, mobile: str, role: str, organisation_id: int | None):
    """Open a staff account and text its holder how to log in with a code."""
    _check_role(role)
    organisation = _organisation(admin, organisation_id, role)
    if db.session.scalar(select(User.id).where(User.mobile == mobile)) is not None:
        message = _l("An account with this mobile number exists already.")
        raise Conflict(
            message,
            {"mobile": [_l("Another account uses this number: search the staff list for it.")]},
            code="mobile_taken",
        )
    user = User(name=name, mobile=mobile, role=role, organisation=organisation)
    db.session.add(user)
    db.session.flush()
    record_event(
        "user.invited",
        "user",
        user.id,
        actor_id=admin.id,
        role=role,
        organisation_id=user.organisation_id,
    )
    send_invite(user)
    return user


def send_invite(user: User) -> None:
    """Text the account's holder that it exists and how to log in (one unsent text at most)."""
    where = user.organisation.name if user.organisation else _l("the whole deployment")
    notify(
        user,
        _l("Your people's mediation account"),
        _l(
            "%(name)s, a people's mediation account was opened for you: %(role)s, %(where)s. "
            "To log in, open %(url)s, enter this mobile number and the code texted to it. "
            "Never tell anyone a code; staff will never ask for it.",
            name=user.name,
            role=ROLES[user.role],
            where=where,
            url=external("accounts.log_in_with_code"),
        ),
        dedupe_key=f"user:{user.id}:invite",
    )


def _other_active_admins(target: User) -> int:
    query = select(func.count()).where(
        User.role == Role.ADMIN, User.active.is_(True), User.id != target.id
    )
    return db.session.scalar(query) or 0


def _check_change(admin: User, target: User, new_role=None, deactivating=False) -> None:
    problem = change_problem(
        admin.id == target.id,
        target.role,
        target.active,
        new_role,
        deactivating,
        _other_active_admins(target),
    )
    if problem is not None:
        raise _refuse(problem, "role" if problem == StaffProblem.NOT_STAFF else "_schema")


def deactivate_staff(admin: User, target: User) -> User:
    """Close an account: it can no longer log in, and its tokens and sessions stop working."""
    if not target.active:
        return target
    _check_change(admin, target, deactivating=True)
    target.active = False
    db.session.flush()
    revoke_tokens(target)
    record_event("user.deactivated", "user", target.id, actor_id=admin.id)
    return target


def reactivate_staff(admin: User, target: User) -> User:
    """Open a closed account again, in an organisation that is still active."""
    if target.active:
        return target
    if target.organisation is not None and not target.organisation.active:
        message = _l("Its organisation is retired: move the account to an active one first.")
        raise Conflict(message, code="organisation_retired")
    target.active = True
    db.session.flush()
    record_event("user.reactivated", "user", target.id, actor_id=admin.id)
    return target


def reset_staff(admin: User, target: User) -> User:
    """Clear the password and lock-out, end every session and token, and text the invite again."""
    if not target.active:
        raise _refuse(StaffProblem.INACTIVE)
    target.password_hash = None
    target.failed_logins = 0
    target.locked_until = None
    db.session.flush()
    revoke_tokens(target)
    record_event("user.reset", "user", target.id, actor_id=admin.id)
    send_invite(target)
    return target


def move_staff(admin: User, target: User, organisation_id: int | None) -> User:
    """Move an account to another organisation the admin manages."""
    organisation = _organisation(admin, organisation_id, target.role)
    new_id = organisation.id if organisation else None
    if new_id == target.organisation_id:
        return target
    old_id = target.organisation_id
    target.organisation = organisation
    db.session.flush()
    # A mediator's roster record follows the account (mediators.roster_admin registers).
    hooks.staff_moved(target)
    record_event(
        "user.moved", "user", target.id, actor_id=admin.id, old=old_id, new=target.organisation_id
    )
    return target


def change_role(admin: User, target: User, role: str) -> User:
    """Give an account another staff role; the deployment keeps an active administrator."""
    _check_role(role)
    if role == target.role:
        return target
    _check_change(admin, target, new_role=role)
    if target.organisation_id is None and role != Role.ADMIN:
        raise ValidationFailed(NOT_LISTED, {"organisation_id": [NOT_LISTED]})
    old = target.role
    target.role = role
    db.session.flush()
    record_event("user.role_changed", "user", target.id, actor_id=admin.id, old=old, new=role)
    return target
