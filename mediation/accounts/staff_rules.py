"""What an administrator may do to a staff account: plain values in, a problem's key out."""

from enum import StrEnum

from mediation.core.people import Role

# The roles an administrator gives when inviting or changing a staff account.
INVITABLE_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.LIAISON, Role.MEDIATOR)


class StaffProblem(StrEnum):
    YOURSELF = "yourself"  # nobody deactivates, or changes the role of, their own account
    LAST_ADMIN = "last_admin"  # the deployment keeps at least one active administrator
    INACTIVE = "inactive"  # reactivate the account first
    NOT_STAFF = "not_staff"


def change_problem(
    is_self: bool,
    target_role: str,
    target_active: bool,
    new_role: str | None,
    deactivating: bool,
    other_active_admins: int,
) -> StaffProblem | None:
    """Say why an admin may not deactivate an account or change its role, or None."""
    if target_role not in INVITABLE_ROLES or (
        new_role is not None and new_role not in INVITABLE_ROLES
    ):
        return StaffProblem.NOT_STAFF
    if is_self:
        return StaffProblem.YOURSELF
    loses_admin = deactivating or (new_role is not None and new_role != Role.ADMIN)
    if target_role == Role.ADMIN and target_active and loses_admin and other_active_admins == 0:
        return StaffProblem.LAST_ADMIN
    return None
