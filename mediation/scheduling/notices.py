"""Tell the people of a session: invitations when it is booked, moved or cancelled, reminders.

Reminders are outbox rows keyed session:<id>:reminder:<minutes>:<person>, so a reschedule
moves the unsent row and a cancellation drops it; the scheduler sends each exactly once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, select, update

from mediation.core import outbox
from mediation.core.db import utcnow
from mediation.core.i18n import local_time_text
from mediation.core.notify import in_language_of, notify
from mediation.extensions import db
from mediation.scheduling import ical
from mediation.scheduling.labels import MODES
from mediation.scheduling.links import party_join_link_url, session_link_url
from mediation.scheduling.models import MediationSession

SUBJECTS = {
    "booked": _l("Mediation session booked"),
    "moved": _l("Mediation session moved"),
    "cancelled": _l("Mediation session cancelled"),
}
REMINDER_SUBJECT = _l("Reminder: mediation session")


@dataclass(frozen=True)
class Person:
    """Someone to tell: a user, or a party without an account reached by mobile and link."""

    key: str
    id: int | None  # the user id, when there is one (what notify() calls .id)
    name: str
    email: str | None
    mobile: str
    timezone: str
    link: str | None = None
    party: object | None = None  # the Party, for a party of the case (account or not)
    locale: str | None = None  # the language they chose; none means Chinese


def people_of(session: MediationSession) -> list[Person]:
    """Return the mediator and the parties of a session."""
    mediator = session.mediator.user
    people = [
        Person(
            f"u{mediator.id}",
            mediator.id,
            mediator.name,
            mediator.email,
            mediator.mobile,
            mediator.timezone,
            locale=mediator.locale,
        )
    ]
    seen = {mediator.id}
    for party in session.dispute.parties:
        user = party.user
        if user is not None:
            if user.id in seen:
                continue
            seen.add(user.id)
            people.append(
                Person(
                    f"u{user.id}",
                    user.id,
                    user.name,
                    user.email,
                    user.mobile,
                    user.timezone,
                    party=party,
                    locale=user.locale,
                )
            )
        else:
            # No account: no language or zone of their own, so the service's defaults
            # (Chinese, the county's zone), not those of the mediator's calendar.
            people.append(
                Person(
                    f"p{party.id}",
                    None,
                    party.name,
                    None,
                    party.mobile,
                    current_app.config["TIMEZONE"],
                    session_link_url(session, party),
                    party,
                )
            )
    return people


def join_address(session: MediationSession, person: Person) -> str:
    """Return the address a person is given for joining a session's room.

    A party gets a link of their own that needs no log-in and lasts until the session ends, so
    it works however far ahead the session is booked; the mediator keeps the staff page.
    """
    if person.party is not None:
        return party_join_link_url(session, person.party)
    return ical.join_url(session)


def _body(session: MediationSession, person: Person, opening: str) -> str:
    lines = [
        opening,
        _("Case %(code)s", code=session.dispute.display_code),
        _(
            "Time: %(start)s to %(end)s",
            start=local_time_text(session.start_at, person.timezone),
            end=local_time_text(session.end_at, person.timezone),
        ),
        _("Mode: %(mode)s", mode=str(MODES[session.mode])),
    ]
    if session.room is not None:
        lines.append(_("Room: %(room)s", room=session.room.label))
    if session.mode in ("video", "hybrid"):
        lines.append(_("Join: %(url)s", url=join_address(session, person)))
    if person.link:
        lines.append(_("View, move or cancel: %(url)s", url=person.link))
    if session.status_reason and session.sequence:
        lines.append(_("Reason: %(reason)s", reason=session.status_reason))
    return "\n".join(lines)


def send_invitations(session: MediationSession, change: str) -> None:
    """Send every participant the invitation for a change: booked, moved or cancelled."""
    method = "CANCEL" if change == "cancelled" else "REQUEST"
    for person in people_of(session):
        # Each person's text and calendar are written in their language and time zone, not in
        # those of whoever made the change.
        with in_language_of(person):
            subject = str(SUBJECTS[change])
            text = ical.calendar_text(session, method, join_address(session, person))
            notify(person, subject, _body(session, person, subject), ics=(method, text))


def _prefix(session: MediationSession) -> str:
    return f"session:{session.id}:reminder:"


def schedule_reminders(session: MediationSession, now: datetime | None = None) -> int:
    """Queue (or move) the reminders still due for a session; return how many are queued."""
    now = now or utcnow()
    prefix = _prefix(session)
    # Reminders already sent for the old time stay as they were, under a key of their own,
    # so the new time gets reminders of its own.
    db.session.execute(
        update(outbox.OutboxMessage)
        .where(
            outbox.OutboxMessage.dedupe_key.startswith(prefix, autoescape=True),
            outbox.OutboxMessage.sent_at.is_not(None),
        )
        .values(
            dedupe_key=outbox.OutboxMessage.dedupe_key
            + ":sent-"
            + cast(outbox.OutboxMessage.id, String)
        )
        .execution_options(synchronize_session=False)
    )
    queued = 0
    for minutes in current_app.config["SESSION_REMINDER_MINUTES"]:
        due = session.start_at - timedelta(minutes=minutes)
        for person in people_of(session):
            key = f"{prefix}{minutes}:{person.key}"
            if due <= now:
                _drop(key)
                continue
            with in_language_of(person):
                subject = str(REMINDER_SUBJECT)
                body = _body(session, person, subject)
            notify(person, subject, body, due_at=due, dedupe_key=key)
            queued += 1
    return queued


def _drop(key: str) -> None:
    db.session.execute(
        update(outbox.OutboxMessage)
        .where(
            outbox.OutboxMessage.dedupe_key == key,
            outbox.OutboxMessage.sent_at.is_(None),
            outbox.OutboxMessage.cancelled_at.is_(None),
        )
        .values(cancelled_at=utcnow())
        .execution_options(synchronize_session=False)
    )


def drop_reminders(session: MediationSession) -> int:
    """Cancel the unsent reminders of a session."""
    return outbox.cancel(_prefix(session))


def reminders_of(session: MediationSession) -> list[outbox.OutboxMessage]:
    query = select(outbox.OutboxMessage).where(
        outbox.OutboxMessage.dedupe_key.startswith(_prefix(session), autoescape=True)
    )
    return list(db.session.scalars(query.order_by(outbox.OutboxMessage.id)))
