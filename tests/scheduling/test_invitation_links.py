"""The address in a session's invitation and reminders opens for its holder, however far ahead.

A party's address needs no log-in and works from booking until the session ends; the mediator's
keeps the staff page.
"""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from icalendar import Calendar
from sqlalchemy import select

from mediation.core import outbox
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import notices
from mediation.scheduling import operations as scheduling
from mediation.scheduling.links import from_join_token, session_link_token
from mediation.video.links import participant_from_token

# Monday 08:00 in Shanghai; the session is 49 days later, Monday 25 January 2027, 09:00.
MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
START = MONDAY + timedelta(days=49, hours=1)
JOIN_FORM = re.compile(r'action="(/c/[^"]+/sessions/(\d+)/join)"')
JOIN_LINE = re.compile(r"进入：(\S+)")


@pytest.fixture
def far_session(time_machine, assigned, coordinator, create_user):
    """Book a video session 49 days ahead; the applicant has an account, the respondent not."""
    time_machine.move_to(MONDAY, tick=False)
    dispute = assigned()
    dispute.applicants[0].user = create_user(mobile=dispute.applicants[0].mobile)
    db.session.flush()
    session = scheduling.book_session(
        dispute, START, START + timedelta(hours=1), "video", None, {Actor.STAFF}, coordinator
    )
    db.session.commit()
    return session


def _invitation(mobile: str) -> tuple[str, str]:
    """Return the body and the calendar text of the invitation sent to a mobile."""
    messages = db.session.scalars(select(outbox.OutboxMessage)).all()
    [message] = [
        m.payload for m in messages if "ics" in m.payload and m.payload["mobile"] == mobile
    ]
    return message["body"], message["ics"]["content"]


def _reminders(session, mobile: str) -> list[str]:
    messages = notices.reminders_of(session)
    return [m.payload["body"] for m in messages if m.payload["mobile"] == mobile]


def addresses(session, mobile: str) -> list[str]:
    """Return every join address a person was given: the calendar's and each text's."""
    body, text = _invitation(mobile)
    [event] = Calendar.from_ical(text).walk("VEVENT")
    found = [str(event["URL"]), *JOIN_LINE.findall(body)]
    found += re.findall(r"https?://\S+", str(event["DESCRIPTION"]))
    for reminder in _reminders(session, mobile):
        found += JOIN_LINE.findall(reminder)
    assert len(found) == 5  # URL, description, the invitation's text and two reminders
    return found


def test_reminders_are_queued_for_both_times(far_session, app):
    assert app.config["SESSION_REMINDER_MINUTES"] == (1440, 60)
    assert len(notices.reminders_of(far_session)) == 2 * 3


@pytest.mark.parametrize("side", ["applicants", "respondents"])
def test_a_party_opens_every_address_at_the_start_and_joins_their_own_seat(
    app, client, time_machine, far_session, side
):
    party = getattr(far_session.dispute, side)[0]
    other = (
        far_session.dispute.respondents[0]
        if side == "applicants"
        else far_session.dispute.applicants[0]
    )
    found = addresses(far_session, party.mobile)
    time_machine.move_to(far_session.start_at, tick=False)
    for url in found:
        assert url.startswith(app.config["PUBLIC_URL"])
        assert "/sessions/" not in url  # not the staff page, which needs a log-in
        page = client.get(urlsplit(url).path, follow_redirects=True)
        assert page.status_code == 200, url
        forms = JOIN_FORM.findall(page.get_data(as_text=True))
        assert [int(s) for _, s in forms] == [far_session.id]
        response = client.post(forms[0][0])
        assert response.status_code == 303
        location = response.headers["Location"]
        seat = participant_from_token(location.rsplit("/video/join/", 1)[1])
        assert seat.party_id == party.id and seat.party_id != other.id
        assert seat.room.session_id == far_session.id
        assert client.get(urlsplit(location).path).status_code == 200


def test_the_mediator_keeps_the_staff_address(app, far_session):
    mediator = far_session.mediator.user
    staff = f"{app.config['PUBLIC_URL']}/sessions/{far_session.id}/join"
    assert addresses(far_session, mediator.mobile) == [staff] * 5


def test_a_partys_address_is_refused_once_the_session_is_over(client, time_machine, far_session):
    [url, *_] = addresses(far_session, far_session.dispute.respondents[0].mobile)
    time_machine.move_to(far_session.end_at, tick=False)
    assert client.get(urlsplit(url).path).status_code == 409


def test_a_forged_address_is_404(client, far_session):
    assert client.get("/j/forged").status_code == 404


def test_the_invitation_a_party_downloads_from_their_session_link_carries_their_address(
    app, client, far_session
):
    party = far_session.dispute.respondents[0]
    response = client.get(f"/s/{session_link_token(far_session, party)}/invite.ics")
    [event] = Calendar.from_ical(response.get_data(as_text=True)).walk("VEVENT")
    assert str(event["URL"]).startswith(f"{app.config['PUBLIC_URL']}/j/")
    session, holder = from_join_token(str(event["URL"]).rsplit("/j/", 1)[1], MONDAY)
    assert (session.id, holder.id) == (far_session.id, party.id)
