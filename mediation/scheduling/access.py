"""Who may see a session, and in what capacity they act on it."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from mediation.accounts.models import User
from mediation.core.errors import NotFound
from mediation.disputes.access import visible_disputes
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.scheduling.models import MediationSession


def visible_sessions(user: User):
    """Return a query of the sessions a user may see: those of visible disputes, and their own."""
    disputes = visible_disputes(user).with_only_columns(Dispute.id).scalar_subquery()
    mine = select(Mediator.id).where(Mediator.user_id == user.id).scalar_subquery()
    return select(MediationSession).where(
        or_(MediationSession.dispute_id.in_(disputes), MediationSession.mediator_id == mine)
    )


def find_session(user: User, session_id: int) -> MediationSession:
    """Return a session the user may see; anything else is a 404 that tells nothing."""
    session = db.session.scalar(visible_sessions(user).where(MediationSession.id == session_id))
    if session is None:
        raise NotFound(_l("No such session is visible to you."))
    return session
