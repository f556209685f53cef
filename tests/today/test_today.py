"""Each staff role's "today" page: what waits, linked to where it is done, gone once done."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from mediation.accounts.models import Role
from mediation.disputes import operations
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.outcomes import agreements
from mediation.outcomes.models import FollowUp
from mediation.scheduling.models import MediationSession
from mediation.video.models import RoomParticipant, VideoRoom
from tests.factories import PASSWORD

# Wednesday 9 December 2026, 10:00 in Shanghai: Friday the 11th is two working days away, the
# following Wednesday five.
NOW = datetime(2026, 12, 9, 2, 0, tzinfo=UTC)
TODAY = date(2026, 12, 9)


@pytest.fixture(autouse=True)
def _wednesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def group(page: str, key: str) -> str:
    """The HTML of one group of the page."""
    start = page.index(f'data-group="{key}"')
    end = page.find("<section", start)
    return page[start : end if end > 0 else len(page)]


def count(page: str, key: str) -> int:
    return int(re.search(r'today-count"[^>]*>(\d+)<', group(page, key)).group(1))


def today_page(client, user) -> str:
    client.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
    response = client.get("/today")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def session_at(dispute, start: datetime, minutes: int = 60) -> MediationSession:
    session = MediationSession(
        uid=f"today-{dispute.id}-{start.timestamp():.0f}@test",
        dispute_id=dispute.id,
        mediator_id=dispute.mediator_id,
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        mode="video",
    )
    db.session.add(session)
    db.session.flush()
    return session


def test_staff_land_on_today_after_logging_in(client, coordinator):
    response = client.post("/login", data={"mobile": coordinator.mobile, "password": PASSWORD})
    assert response.headers["Location"] == "/today"


def test_a_new_filing_waits_to_be_accepted_and_leaves_once_accepted(
    client, coordinator, create_dispute
):
    dispute = create_dispute()
    page = today_page(client, coordinator)
    assert count(page, "to_accept") == 1
    assert f'href="/disputes/{dispute.code}"' in group(page, "to_accept")
    assert "王芳" in group(page, "to_accept")
    operations.transition_dispute(dispute, "accept", {Actor.STAFF}, coordinator)
    db.session.commit()
    page = client.get("/today").get_data(as_text=True)
    assert count(page, "to_accept") == 0 and "没有待受理的新申请。" in group(page, "to_accept")


def test_a_consented_case_links_to_its_ranked_candidates(client, coordinator, create_dispute):
    dispute = create_dispute("consented")
    page = today_page(client, coordinator)
    assert f'href="/assignments/{dispute.code}"' in group(page, "to_assign")


def test_an_offer_past_its_answer_deadline_is_overdue_for_the_coordinator(
    client, coordinator, create_dispute
):
    late = create_dispute("assigned")
    on_time = create_dispute("assigned")
    [offer] = [a for a in _offers(late)]
    offer.due_at = NOW - timedelta(hours=1)
    db.session.flush()
    page = today_page(client, coordinator)
    answers = group(page, "answers_overdue")
    assert late.display_code in answers and on_time.display_code not in answers
    assert "today-urgent" in answers


def test_hand_off_clocks_show_overdue_first_then_within_three_working_days(
    client, coordinator, create_referral
):
    # Court-delegated: 30 days from the day after sign-for.
    create_referral(signed_on=TODAY - timedelta(days=28), reference="R-FRIDAY")
    create_referral(signed_on=TODAY - timedelta(days=24), reference="R-NEXT-WEEK")
    create_referral(signed_on=TODAY - timedelta(days=40), reference="R-LATE")
    page = today_page(client, coordinator)
    clocks = group(page, "clocks")
    assert "R-NEXT-WEEK" not in clocks
    assert clocks.index("R-LATE") < clocks.index("R-FRIDAY")
    assert "2 working days left" in clocks or "剩 2 个工作日" in clocks


def test_todays_sessions_show_and_tomorrows_do_not(client, coordinator, create_dispute):
    today = create_dispute("assigned")
    tomorrow = create_dispute("assigned")
    session_at(today, NOW + timedelta(hours=4))
    session_at(tomorrow, NOW + timedelta(days=1))
    page = today_page(client, coordinator)
    sessions = group(page, "sessions_today")
    assert today.display_code in sessions and tomorrow.display_code not in sessions
    assert "14:00" in sessions


def test_a_case_nobody_touched_for_a_week_is_idle(client, coordinator, create_dispute):
    stale = create_dispute("accepted")
    fresh = create_dispute("accepted")
    stale.updated_at = NOW - timedelta(days=8)
    fresh.updated_at = NOW - timedelta(days=2)
    booked = create_dispute("assigned")
    booked.updated_at = NOW - timedelta(days=9)
    session_at(booked, NOW + timedelta(days=3))
    db.session.flush()
    idle = group(today_page(client, coordinator), "idle")
    assert stale.display_code in idle
    assert fresh.display_code not in idle and booked.display_code not in idle


def test_a_station_coordinator_sees_only_their_stations_day(
    client, create_user, county, create_dispute
):
    ours = create_dispute()
    theirs = create_dispute(township_id=county["stations"][1].id, village_id=None)
    station = create_user(Role.COORDINATOR, county["stations"][0])
    page = today_page(client, station)
    assert ours.display_code in page and theirs.display_code not in page


def test_the_mediators_day_offers_sessions_with_their_room_agreements_and_visits(
    client, create_dispute, mediation_case, settle
):
    offered = create_dispute("assigned")
    mediator = offered.mediator
    session = session_at(offered, NOW + timedelta(hours=1))
    room = VideoRoom(
        session_id=session.id, opens_at=NOW, closes_at=NOW + timedelta(hours=3), state="waiting"
    )
    db.session.add(room)
    db.session.flush()
    db.session.add(
        RoomParticipant(
            room_id=room.id, role="mediator", display_name="调解员", user_id=mediator.user_id
        )
    )
    settling = mediation_case()
    settling.mediator = mediator
    settle(settling, sealed=False)
    agreement = agreements.agreement_for(settling)
    db.session.add(
        FollowUp(
            agreement_id=agreement.id,
            dispute_id=settling.id,
            mediator_id=mediator.id,
            days_after=30,
            due_at=NOW - timedelta(hours=1),
        )
    )
    db.session.flush()
    page = today_page(client, mediator.user)
    assert offered.display_code in group(page, "offers")
    assert 'href="/assignments/mine"' in group(page, "offers")
    assert f'href="/video/rooms/{room.id}/console"' in group(page, "sessions_today")
    assert f'href="/disputes/{settling.code}/agreement"' in group(page, "to_sign")
    assert settling.display_code in group(page, "follow_ups")


def test_another_mediators_day_is_not_shown(client, create_dispute, create_mediator):
    offered = create_dispute("assigned")
    other = create_mediator()
    page = today_page(client, other.user)
    assert offered.display_code not in page and count(page, "offers") == 0


def test_the_liaisons_day_puts_overdue_first_and_asks_for_acknowledgements(
    client, court_liaison, create_referral, create_agency, create_liaison
):
    create_referral(signed_on=TODAY - timedelta(days=40), reference="R-LATE")
    answered = create_referral(signed_on=TODAY - timedelta(days=10), reference="R-ANSWERED")
    answered.status, answered.result, answered.result_at = "result_sent", "not_settled", NOW
    db.session.flush()
    page = today_page(client, court_liaison)
    assert "R-LATE" in group(page, "clocks") and "today-urgent" in group(page, "clocks")
    assert "R-ANSWERED" in group(page, "results")
    stranger = create_liaison(create_agency("police"))
    client.post("/logout")
    assert "R-LATE" not in today_page(client, stranger)


def test_a_party_has_no_today_page(client, login, create_user):
    login(create_user(Role.PARTY))
    assert client.get("/today").status_code in (403, 404)


def _offers(dispute):
    from sqlalchemy import select

    from mediation.mediators.models import Assignment

    return db.session.scalars(select(Assignment).where(Assignment.dispute_id == dispute.id))
