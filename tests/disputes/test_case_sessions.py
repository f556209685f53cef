"""The party's private case page shows the booked sessions and lets the party into the room."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from mediation.accounts.models import Role
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.scheduling import operations as scheduling
from mediation.scheduling.models import Room
from mediation.video.links import participant_from_token

# Monday 08:00 in Shanghai; the first free slot is Tuesday 8 December, 09:00 to 10:00.
MONDAY = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)
JOIN = re.compile(r'action="(/c/[^"]+/sessions/(\d+)/join)"')


@pytest.fixture
def monday(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return time_machine


def join_forms(page: str) -> list[tuple[str, int]]:
    return [(action, int(session_id)) for action, session_id in JOIN.findall(page)]


def seat_behind(response):
    """Return the seat a join redirect leads to, after checking its page opens."""
    assert response.status_code == 303
    location = response.headers["Location"]
    assert "/video/join/" in location
    return participant_from_token(location.rsplit("/video/join/", 1)[1])


def test_the_private_page_lists_the_booked_session_in_words(client, monday, assigned, book):
    dispute = assigned()
    session = book(dispute)
    token = case_link_token(dispute.applicants[0])
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert "2026年12月8日星期二" in page and "09:00" in page and "10:00" in page
    assert "中国（上海）时间" in page
    assert "视频调解室将于08:45开放" in page
    assert join_forms(page) == [(f"/c/{token}/sessions/{session.id}/join", session.id)]


def test_the_session_shows_in_english_for_an_english_reader(client, monday, assigned, book):
    dispute = assigned()
    book(dispute)
    token = case_link_token(dispute.respondents[0])
    page = client.get(f"/c/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Tuesday, December 8, 2026" in page and "China (Shanghai) Time" in page


def test_the_join_button_leads_each_party_to_their_own_seat(client, monday, assigned, book):
    dispute = assigned()
    session = book(dispute)
    db.session.commit()
    for party in (dispute.applicants[0], dispute.respondents[0]):
        token = case_link_token(party)
        [(action, _)] = join_forms(client.get(f"/c/{token}").get_data(as_text=True))
        response = client.post(action)
        seat = seat_behind(response)
        assert seat.party_id == party.id and seat.room.session_id == session.id
        room_page = client.get(urlsplit(response.headers["Location"]).path)
        assert room_page.status_code == 200
        assert party.name in room_page.get_data(as_text=True)


def test_once_the_room_is_open_the_page_no_longer_says_when_it_opens(
    client, monday, assigned, book
):
    dispute = assigned()
    session = book(dispute)
    monday.move_to(session.start_at - timedelta(minutes=10), tick=False)
    page = client.get(f"/c/{case_link_token(dispute.applicants[0])}").get_data(as_text=True)
    assert "开放" not in page.split('id="sessions-heading"')[1].split("</section>")[0]
    assert len(join_forms(page)) == 1


def test_a_case_link_cannot_join_another_cases_session(client, monday, assigned, book, coordinator):
    mine, theirs = assigned(), assigned()
    book(mine)
    other = book(theirs, 2)
    token = case_link_token(mine.applicants[0])
    assert client.post(f"/c/{token}/sessions/{other.id}/join").status_code == 404
    assert client.post(f"/c/{token}/sessions/999999/join").status_code == 404
    # Nor learn anything of it: another case's cancelled session is as unknown as any other.
    scheduling.cancel_session(other, "取消", {Actor.STAFF}, coordinator)
    assert client.post(f"/c/{token}/sessions/{other.id}/join").status_code == 404


def test_an_ended_session_is_no_longer_offered(client, monday, assigned, book):
    dispute = assigned()
    session = book(dispute)
    token = case_link_token(dispute.applicants[0])
    monday.move_to(session.end_at + timedelta(minutes=1), tick=False)
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert join_forms(page) == [] and 'id="sessions-heading"' not in page
    assert client.post(f"/c/{token}/sessions/{session.id}/join").status_code == 409


def test_a_session_in_progress_can_still_be_joined_after_its_planned_end(
    client, monday, assigned, book, coordinator
):
    dispute = assigned()
    session = book(dispute)
    scheduling.set_session_status(session, "in_progress", {Actor.STAFF}, coordinator)
    monday.move_to(session.end_at + timedelta(minutes=20), tick=False)
    token = case_link_token(dispute.applicants[0])
    assert len(join_forms(client.get(f"/c/{token}").get_data(as_text=True))) == 1
    response = client.post(f"/c/{token}/sessions/{session.id}/join")
    assert seat_behind(response).party_id == dispute.applicants[0].id


def test_a_cancelled_session_cannot_be_joined(client, monday, assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    scheduling.cancel_session(session, "取消", {Actor.STAFF}, coordinator)
    token = case_link_token(dispute.applicants[0])
    assert join_forms(client.get(f"/c/{token}").get_data(as_text=True)) == []
    assert client.post(f"/c/{token}/sessions/{session.id}/join").status_code == 409


def test_an_in_person_session_is_listed_without_a_join_button(
    client, monday, assigned, book, county
):
    place = Room(organisation=county["stations"][0], name="第一调解室")
    db.session.add(place)
    db.session.flush()
    dispute = assigned()
    session = book(dispute, mode="in_person", room=place)
    token = case_link_token(dispute.applicants[0])
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert "2026年12月8日星期二" in page and "第一调解室" in page
    assert join_forms(page) == []
    assert client.post(f"/c/{token}/sessions/{session.id}/join").status_code == 404


def test_a_signed_in_party_sees_their_sessions_and_joins_their_own_seat(
    client, monday, login, create_user, create_dispute, book
):
    user = create_user(Role.PARTY)
    dispute = create_dispute("assigned", filer=user)
    session = book(dispute)
    db.session.commit()
    login(user)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert "2026年12月8日星期二" in page
    [(action, session_id)] = join_forms(page)
    assert session_id == session.id
    seat = seat_behind(client.post(action))
    assert seat.party_id == dispute.applicants[0].id and seat.party.user_id == user.id


def test_staff_see_no_party_join_button(client, monday, login, coordinator, assigned, book):
    dispute = assigned()
    book(dispute)
    login(coordinator)
    assert join_forms(client.get(f"/disputes/{dispute.code}").get_data(as_text=True)) == []
