"""Scheduled work: expire unanswered assignments and reassign what was freed."""

from mediation.core.scheduler import periodic
from mediation.mediators import assignment


@periodic("assignments.sweep", seconds=300)
def sweep_assignments() -> dict[str, int]:
    """Expire offers past their deadline, then reassign every freed dispute."""
    expired = assignment.expire_overdue()
    return {"expired": expired, **assignment.reassign_freed()}
