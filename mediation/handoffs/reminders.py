"""Reminders before a hand-off falls due, the overdue flag, and noting assignments."""

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core import outbox
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.notify import notify, recipients
from mediation.core.scheduler import periodic
from mediation.extensions import db
from mediation.handoffs.labels import OPEN_STATUSES
from mediation.handoffs.models import HandOff, HandOffEvent
from mediation.handoffs.timeline import local_instant, local_today
from mediation.handoffs.webhooks import queue_webhook

# Days before the due date on which the people holding a hand-off are reminded.
REMINDER_DAYS = (3, 1, 0)


def _signer(handoff: HandOff) -> User | None:
    event = next((e for e in handoff.events if e.kind == "signed_for"), None)
    return event.actor if event else None


def people_holding(handoff: HandOff) -> list[User]:
    """The coordinator who signed for it, the mediator on the case, and the liaison."""
    mediator = handoff.dispute.mediator
    return recipients(_signer(handoff), mediator.user if mediator else None, handoff.sent_by)


def reminder_prefix(handoff: HandOff) -> str:
    return f"handoff:{handoff.id}:remind:"


def schedule_reminders(handoff: HandOff) -> None:
    """Queue reminders for the current due date; keys stay the same, so a new date moves them."""
    outbox.cancel(reminder_prefix(handoff))
    if handoff.due_on is None or handoff.status not in OPEN_STATUSES:
        return
    now = utcnow()
    for days in REMINDER_DAYS:
        when = local_instant(handoff.due_on - timedelta(days=days))
        if when <= now:
            continue
        # Lazy texts: notify writes them in each recipient's language.
        subject = _l(
            "Hand-off %(ref)s is due on %(due)s",
            ref=handoff.reference or handoff.id,
            due=handoff.due_on,
        )
        body = _l(
            "Case %(code)s: %(days)s days left before the deadline.",
            code=handoff.dispute.display_code,
            days=days,
        )
        for user in people_holding(handoff):
            notify(
                user,
                subject,
                body,
                due_at=when,
                dedupe_key=f"{reminder_prefix(handoff)}{days}d:user:{user.id}",
            )


def note_assignment(handoff: HandOff) -> bool:
    """Add an 'assigned' event once the case has a mediator; remind them from then on."""
    mediator = handoff.dispute.mediator
    if mediator is None:
        return False
    if any(
        e.kind == "assigned" and e.data.get("mediator_id") == mediator.id for e in handoff.events
    ):
        return False
    db.session.add(
        HandOffEvent(
            handoff=handoff,
            kind="assigned",
            data={"mediator_id": mediator.id, "mediator": mediator.name},
        )
    )
    db.session.flush()
    record_event("handoff.assigned", "handoff", handoff.id, mediator_id=mediator.id)
    schedule_reminders(handoff)
    queue_webhook(handoff, "assigned")
    return True


def flag_overdue(handoff: HandOff, today) -> bool:
    """Flag a hand-off whose due date has passed without a result; tell the people holding it."""
    if handoff.due_on is None or handoff.overdue_at is not None or today <= handoff.due_on:
        return False
    handoff.overdue_at = utcnow()
    db.session.add(HandOffEvent(handoff=handoff, kind="overdue", effective_on=handoff.due_on))
    db.session.flush()
    record_event("handoff.overdue", "handoff", handoff.id, due_on=handoff.due_on)
    for user in people_holding(handoff):
        notify(
            user,
            _l("Hand-off %(ref)s is overdue", ref=handoff.reference or handoff.id),
            _l(
                "Case %(code)s passed its deadline of %(due)s without a result.",
                code=handoff.dispute.display_code,
                due=handoff.due_on,
            ),
            dedupe_key=f"handoff:{handoff.id}:overdue:{handoff.due_on}",
        )
    queue_webhook(handoff, "overdue")
    return True


@periodic("handoffs.watch", 300)
def watch_handoffs() -> dict:
    """Note new assignments and flag overdue hand-offs; safe to run any number of times."""
    today = local_today()
    handoffs = db.session.scalars(
        select(HandOff).where(HandOff.direction == "inbound", HandOff.status.in_(OPEN_STATUSES))
    ).all()
    assigned = sum(note_assignment(h) for h in handoffs if h.status != "sent")
    overdue = sum(flag_overdue(h, today) for h in handoffs)
    return {"assigned": assigned, "overdue": overdue}
