"""Rooms follow their sessions: booking, moving, cancelling, joining, and the session's status."""

from datetime import timedelta

import pytest

from mediation.core import notify, outbox
from mediation.core.errors import Forbidden
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import operations as scheduling
from mediation.scheduling.links import session_link_token
from mediation.scheduling.models import Room
from mediation.video import presence
from mediation.video.links import join_token, participant_from_token
from mediation.video.operations import room_for_session


@pytest.fixture
def create_room_place(county):
    def create():
        room = Room(organisation=county["stations"][0], name="第一调解室")
        db.session.add(room)
        db.session.flush()
        return room

    return create


def seat_for(room, role_or_side):
    return next(s for s in room.participants if (s.side or s.role) == role_or_side)


def test_booking_a_video_session_opens_its_room_with_mediator_and_parties(assigned, book):
    dispute = assigned()
    session = book(dispute)
    room = room_for_session(session.id)
    assert room is not None and room.state == "waiting"
    roles = sorted((s.role, s.side) for s in room.participants)
    assert roles == [("mediator", None), ("party", "applicant"), ("party", "respondent")]
    assert seat_for(room, "mediator").user_id == dispute.mediator.user_id
    assert room.opens_at < session.start_at < session.end_at < room.closes_at


def test_an_in_person_session_gets_no_room(assigned, book, create_room_place):
    dispute = assigned()
    session = book(dispute, mode="in_person", room=create_room_place())
    assert room_for_session(session.id) is None


def test_rescheduling_moves_the_room_times(assigned, book, free_slot, coordinator):  # noqa: F811
    dispute = assigned()
    session = book(dispute)
    slot = free_slot(dispute, 3)
    scheduling.reschedule_session(session, slot.start, slot.end, "改期", {Actor.STAFF}, coordinator)
    room = room_for_session(session.id)
    assert room.opens_at < slot.start and room.closes_at > slot.end


def test_cancelling_closes_the_room_and_withdraws_the_links(assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    room = room_for_session(session.id)
    token = join_token(seat_for(room, "applicant"))
    scheduling.cancel_session(session, "取消", {Actor.STAFF}, coordinator)
    assert room.state == "ended"
    with pytest.raises(Forbidden) as refused:
        participant_from_token(token)
    assert refused.value.code == "link_revoked"


def test_a_party_without_account_gets_a_personal_join_link(client, assigned, book):
    dispute = assigned()
    session = book(dispute)
    outbox.run_due("test-worker")
    db.session.commit()
    applicant = dispute.applicants[0]
    message = next(m for m in notify.SENT if m["mobile"] == applicant.mobile and "ics" in m)
    # The text's link opens the party's private case page; its button mints the room link.
    path = "/j/" + message["body"].split("/j/")[1].split()[0]
    page = client.get(path, follow_redirects=True).get_data(as_text=True)
    action = page.split('action="/c/')[1].split('"')[0]
    response = client.post(f"/c/{action}")
    seat = participant_from_token(response.headers["Location"].split("/video/join/")[1])
    assert seat.party_id == applicant.id and seat.room.session_id == session.id


def test_the_session_link_page_shows_the_partys_join_link(client, assigned, book):
    dispute = assigned()
    session = book(dispute)
    db.session.commit()
    token = session_link_token(session, dispute.respondents[0])
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert "data-join" in page and "/video/join/" in page


def test_the_join_address_sends_the_mediator_to_their_signed_link(client, login, assigned, book):
    dispute = assigned()
    session = book(dispute)
    db.session.commit()
    login(dispute.mediator.user)
    response = client.get(f"/sessions/{session.id}/join")
    assert response.status_code == 302
    token = response.headers["Location"].split("/video/join/")[1]
    seat = participant_from_token(token)
    assert seat.role == "mediator" and seat.user_id == dispute.mediator.user_id


def test_the_join_address_is_404_for_someone_elses_session(
    client, login, assigned, book, create_user
):
    session = book(assigned())
    db.session.commit()
    login(create_user())
    assert client.get(f"/sessions/{session.id}/join").status_code == 404


def test_the_join_address_asks_for_log_in(client, assigned, book):
    session = book(assigned())
    db.session.commit()
    response = client.get(f"/sessions/{session.id}/join")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_session_page_shows_attendance_to_the_mediator(client, login, assigned, book):
    dispute = assigned()
    session = book(dispute)
    db.session.commit()
    login(dispute.mediator.user)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "data-attendance" in page and f"/sessions/{session.id}/join" in page


def test_the_room_moves_the_session_to_in_progress_and_completed(assigned, book):
    dispute = assigned()
    session = book(dispute)
    room = room_for_session(session.id)
    mediator, applicant = seat_for(room, "mediator"), seat_for(room, "applicant")
    now = room.opens_at + timedelta(minutes=1)
    presence.connect_seat(mediator, "sid-m", now)
    presence.connect_seat(applicant, "sid-a", now)
    presence.move_seat(mediator, applicant.id, "joint", "admit")
    assert session.status == "in_progress" and dispute.state == "in_mediation"
    presence.end_room(mediator)
    assert session.status == "completed"


def test_the_demo_step_opens_rooms_for_upcoming_video_sessions(assigned, book, coordinator):
    from types import SimpleNamespace

    from mediation.core.db import utcnow
    from mediation.video import demo

    session = book(assigned())
    db.session.delete(room_for_session(session.id))
    db.session.flush()
    demo.seed(SimpleNamespace(now=utcnow(), coordinator=coordinator))
    assert room_for_session(session.id) is not None


def test_a_mediator_sees_their_rooms_with_console_links(client, login, assigned, book):
    dispute = assigned()
    session = book(dispute)
    db.session.commit()
    login(dispute.mediator.user)
    page = client.get("/video/rooms").get_data(as_text=True)
    room = room_for_session(session.id)
    assert f"/video/rooms/{room.id}/console" in page and "/video/rooms" in page


def test_the_rooms_page_is_for_mediators_only(client, login, create_user):
    login(create_user())
    assert client.get("/video/rooms").status_code in (403, 404)
