"""Follow-up visits (回访): scheduled when an agreement takes effect, results recorded."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict
from mediation.core.notify import notify
from mediation.extensions import db
from mediation.outcomes.models import Agreement, FollowUp, FollowUpResult
from mediation.outcomes.signing import follow_up_due_dates


def reminder_key(follow_up: FollowUp) -> str:
    return f"follow-up:{follow_up.id}"


def schedule_follow_ups(agreement: Agreement) -> list[FollowUp]:
    """Plan the visits after an agreement takes effect and queue a reminder to the mediator."""
    dispute = agreement.dispute
    intervals = current_app.config["FOLLOW_UP_DAYS"]
    visits = []
    for days, due_at in follow_up_due_dates(agreement.effective_at, intervals):
        visit = FollowUp(
            agreement=agreement,
            dispute_id=dispute.id,
            mediator_id=dispute.mediator_id,
            days_after=days,
            due_at=due_at,
        )
        db.session.add(visit)
        db.session.flush()
        if dispute.mediator is not None:
            # Lazy texts: notify writes them in the mediator's language.
            notify(
                dispute.mediator.user,
                _l("Follow-up visit due: case %(code)s", code=dispute.display_code),
                _l(
                    "The agreement of case %(code)s took effect %(days)s days ago. Visit the "
                    "parties, check that it is being performed, and record the result on the "
                    "case page.",
                    code=dispute.display_code,
                    days=days,
                ),
                due_at=due_at,
                dedupe_key=reminder_key(visit),
            )
        visits.append(visit)
    if visits:
        record_event(
            "follow_up.scheduled",
            "dispute",
            dispute.id,
            agreement_id=agreement.id,
            days=[v.days_after for v in visits],
        )
    return visits


def follow_ups_of(dispute_id: int) -> list[FollowUp]:
    return list(
        db.session.scalars(
            select(FollowUp).where(FollowUp.dispute_id == dispute_id).order_by(FollowUp.due_at)
        )
    )


def record_follow_up(visit: FollowUp, data: dict, user: User) -> FollowUp:
    """Record what a follow-up visit found."""
    if visit.result is not None:
        raise Conflict(_l("The result of this follow-up visit has already been recorded."))
    visit.result = FollowUpResult(data["result"])
    visit.notes = data.get("notes") or None
    visit.recorded_by_id = user.id
    visit.recorded_at = data.get("recorded_at") or utcnow()
    db.session.flush()
    record_event(
        "follow_up.recorded",
        "dispute",
        visit.dispute_id,
        actor_id=user.id,
        follow_up_id=visit.id,
        result=visit.result.value if hasattr(visit.result, "value") else visit.result,
    )
    return visit
