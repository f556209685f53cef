"""iCalendar invitations and feeds for sessions (RFC 5545 / 5546, CRLF line endings)."""

import re
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Response, current_app
from flask_babel import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from mediation.core.db import utcnow
from mediation.core.urls import external
from mediation.core.walltime import is_ambiguous
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.models import MediationSession

PRODID = "-//People's Mediation Online//Scheduling//ZH"
MAINLAND_MOBILE = re.compile(r"1\d{10}")


def join_url(session: MediationSession) -> str:
    return external("video_join.join", session_id=session.id)


def _address(uri: str, name: str, **params) -> vCalAddress:
    address = vCalAddress(uri)
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def attendees(session: MediationSession) -> list[tuple[str, str]]:
    """Return (calendar address, name) of the mediator and every party of the session."""
    mediator = session.mediator.user
    people = [(calendar_address(mediator.email, mediator.mobile), mediator.name)]
    for party in session.dispute.parties:
        email = party.user.email if party.user is not None else None
        people.append((calendar_address(email, party.mobile), party.name))
    return people


def calendar_address(email: str | None, mobile: str) -> str:
    """Return a person's calendar address: their e-mail, else their telephone number.

    Most parties have no e-mail; a made-up address would look real to a calendar program and
    bounce, while a tel: URI (RFC 3966) says truthfully how to reach them.
    """
    if email:
        return f"mailto:{email}"
    number = "".join(mobile.split())
    if MAINLAND_MOBILE.fullmatch(number):
        return f"tel:+86{number}"
    return f"tel:{number}"


def calendar_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """Return an instant as the calendar should write it: local time, or UTC where that misleads.

    A local time the clock shows twice is read as its first occurrence (RFC 5545, 3.3.5), so
    the second one (after clocks go back) is written in UTC to keep its instant.
    """
    local = moment.astimezone(zone)
    if local.fold == 1 and is_ambiguous(local):
        return moment.astimezone(UTC)
    return local


def summary(session: MediationSession) -> str:
    return _("Mediation session, case %(code)s", code=session.dispute.display_code)


def _event(
    session: MediationSession, cancelled: bool, stamp: datetime, join: str | None = None
) -> Event:
    zone = ZoneInfo(session.timezone)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", calendar_time(session.start_at, zone))
    event.add("dtend", calendar_time(session.end_at, zone))
    event.add("summary", summary(session))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organisation = session.mediator.organisation
    event.add(
        "organizer",
        _address(f"mailto:{current_app.config['MAIL_FROM']}", organisation.name),
    )
    for uri, name in attendees(session):
        event.add(
            "attendee",
            _address(uri, name, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="FALSE"),
        )
    lines = [_("Case %(code)s", code=session.dispute.display_code)]
    join = join or join_url(session)
    if session.mode in ("video", "hybrid"):
        event.add("url", join)
        lines.append(_("Join the video session: %(url)s", url=join))
    if session.room is not None:
        event.add("location", session.room.label)
    elif session.mode == "video":
        event.add("location", join)
    event.add("description", "\n".join(lines))
    return event


def calendar_text(session: MediationSession, method: str, join: str | None = None) -> str:
    """Return the invitation for a session: METHOD REQUEST (new or changed) or CANCEL.

    `join` is the recipient's own way into the room; without it, the staff join page.
    """
    calendar = _calendar(method)
    calendar.add_component(_event(session, method == "CANCEL", utcnow(), join))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def feed_text(
    sessions: Iterable[MediationSession],
    name: str,
    join_for: Callable[[MediationSession], str | None] = lambda session: None,
) -> str:
    """Return a calendar listing sessions, for subscription from a calendar application.

    `join_for` gives the subscriber's own way into each session's room; None, the staff page.
    """
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = utcnow()
    for session in sessions:
        cancelled = session.status == SessionStatus.CANCELLED
        calendar.add_component(_event(session, cancelled, stamp, join_for(session)))
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()


def _calendar(method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    return calendar


def ics_response(session: MediationSession, join: str | None = None) -> Response:
    """Answer with a session's invitation (or its cancellation) as an .ics download."""
    method = "CANCEL" if session.status == SessionStatus.CANCELLED else "REQUEST"
    response = Response(
        calendar_text(session, method, join),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="session-{session.id}.ics"'},
    )
    response.headers["Content-Type"] = f"text/calendar; method={method}; charset=UTF-8"
    return response
