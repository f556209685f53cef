"""What the API tests of who mediates read back: a case's audit trail and the offers made."""

from sqlalchemy import select

from mediation.core.audit import events_for
from mediation.extensions import db
from mediation.mediators.models import Assignment


def actions_for(dispute) -> list[str]:
    return [e.action for e in events_for("dispute", dispute.id)]


def offers() -> list[Assignment]:
    db.session.expire_all()  # the requests changed them in their own sessions
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))
