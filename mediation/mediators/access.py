"""Who may see a mediator's profile, an assignment, a recusal request or a disclosure.

A profile is its mediator's own and their coordinators' (the organisation tree, the county
centre and admins the county). An assignment, recusal request or conflict disclosure belongs
to its dispute: whoever may see the dispute may see it, and a mediator their own offers.
"""

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import User
from mediation.core.errors import NotFound
from mediation.disputes.access import visible_disputes
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators import operations
from mediation.mediators.models import (
    Assignment,
    ConflictDisclosure,
    Mediator,
    RecusalRequest,
    Studio,
)


def _sees_dispute(user: User, dispute_id: int) -> bool:
    query = visible_disputes(user).where(Dispute.id == dispute_id).with_only_columns(Dispute.id)
    return db.session.scalar(query) is not None


def find_profile(user: User, mediator_id: int) -> Mediator:
    """Return a mediator whose profile the user may read and edit, or 404."""
    return operations.editable_mediator(mediator_id, user)


def find_studio(user: User | None, studio_id: int) -> Studio:
    """Return an active studio; studios are public pages, so anyone may see one."""
    return operations.find_studio(studio_id)


def find_managed_studio(user: User, studio_id: int) -> Studio:
    """Return a studio whose team the user manages; others see it but may not change it (403)."""
    studio = operations.find_studio(studio_id)
    operations.check_studio_staff(studio, user)
    return studio


def find_assignment(user: User, assignment_id: int) -> Assignment:
    """Return an offer made to this mediator, or one of a dispute the user sees; else 404."""
    found = db.session.get(Assignment, assignment_id)
    if found is not None:
        offered = db.session.get(Mediator, found.mediator_id)
        if offered is not None and offered.user_id == user.id:
            return found
        if user.is_staff and _sees_dispute(user, found.dispute_id):
            return found
    raise NotFound(_l("No such assignment."))


def find_recusal(user: User, request_id: int) -> RecusalRequest:
    """Return a recusal request of a dispute the user sees, or 404."""
    found = db.session.get(RecusalRequest, request_id)
    if found is None or not _sees_dispute(user, found.dispute_id):
        raise NotFound(_l("No such recusal request."))
    return found


def find_disclosure(user: User, disclosure_id: int) -> ConflictDisclosure:
    """Return a conflict disclosure of a dispute the user sees, or 404."""
    found = db.session.get(ConflictDisclosure, disclosure_id)
    if found is None or not _sees_dispute(user, found.dispute_id):
        raise NotFound(_l("No such disclosure."))
    return found
