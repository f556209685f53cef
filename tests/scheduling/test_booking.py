from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.scheduling import operations
from mediation.scheduling.models import MediationSession


def sessions_count() -> int:
    return db.session.scalar(select(func.count()).select_from(MediationSession))


def test_booking_a_session_schedules_the_dispute(assigned, book):
    dispute = assigned()
    session = book(dispute)
    assert session.status == "scheduled" and session.sequence == 0 and session.uid
    assert session.mediator_id == dispute.mediator_id
    assert dispute.state == "scheduled"


def test_a_second_session_leaves_a_scheduled_dispute_scheduled(assigned, book):
    dispute = assigned()
    book(dispute)
    book(dispute, 4)
    assert dispute.state == "scheduled" and sessions_count() == 2


# Monday 08:00 in Shanghai: the first free slot (Tuesday 09:00) leaves room for an overlap
# half an hour later inside the same sitting, whatever the hour the suite runs at.
MONDAY_MORNING = datetime(2026, 12, 7, 0, 0, tzinfo=UTC)


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_an_overlapping_booking_gets_409_with_the_free_slots(assigned, book, coordinator):
    dispute = assigned()
    first = book(dispute)
    with pytest.raises(Conflict) as caught:
        operations.book_session(
            dispute,
            first.start_at + timedelta(minutes=30),
            None,
            "video",
            None,
            {Actor.STAFF},
            coordinator,
        )
    assert caught.value.code == "slot_taken"
    free = caught.value.extra["free_slots"]
    assert free and all(f["start"] != first.start_at.isoformat() for f in free)
    assert sessions_count() == 1


def test_the_same_mediator_cannot_be_booked_twice_across_disputes(assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    other = assigned()
    other.mediator = dispute.mediator
    with pytest.raises(Conflict):
        operations.book_session(
            other, session.start_at, session.end_at, "video", None, {Actor.STAFF}, coordinator
        )


def test_cancelling_frees_the_time(assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    operations.cancel_session(session, "当事人生病", {Actor.STAFF}, coordinator)
    again = operations.book_session(
        dispute, session.start_at, session.end_at, "video", None, {Actor.STAFF}, coordinator
    )
    assert again.id != session.id and again.uid != session.uid


def test_cancelling_the_last_session_unschedules_the_dispute(assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    operations.cancel_session(session, "改期另约", {Actor.STAFF}, coordinator)
    assert session.status == "cancelled" and dispute.state == "assigned"
    assert dispute.state_reason == "改期另约"


def test_starting_a_session_starts_mediation(assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    operations.set_session_status(session, "in_progress", {Actor.STAFF}, coordinator)
    assert dispute.state == "in_mediation"
    operations.set_session_status(session, "completed", {Actor.STAFF}, coordinator)
    assert session.status == "completed"


def test_a_no_show_needs_a_reason_and_unschedules(assigned, book, coordinator):
    dispute = assigned()
    session = book(dispute)
    with pytest.raises(ValidationFailed):
        operations.set_session_status(session, "no_show", {Actor.STAFF}, coordinator)
    operations.set_session_status(session, "no_show", {Actor.STAFF}, coordinator, "被申请人未到")
    assert session.status == "no_show" and dispute.state == "assigned"


def test_parties_do_not_record_how_a_session_went(assigned, book):
    session = book(assigned())
    with pytest.raises(Forbidden):
        operations.set_session_status(session, "in_progress", {Actor.APPLICANT}, None)


@pytest.mark.parametrize("state", ["consented", "in_mediation", "closed"])
def test_only_assigned_or_scheduled_disputes_can_be_booked(create_dispute, coordinator, state):
    dispute = create_dispute(state)
    with pytest.raises(Conflict):
        operations.book_session(
            dispute,
            dispute.filed_at + timedelta(days=3),
            None,
            "video",
            None,
            {Actor.STAFF},
            coordinator,
        )
    assert sessions_count() == 0


def test_rescheduling_moves_the_session_and_raises_its_sequence(
    assigned, book, free_slot, coordinator
):
    dispute = assigned()
    session = book(dispute)
    uid, target = session.uid, free_slot(dispute, 6)
    operations.reschedule_session(
        session, target.start, None, "调解员出差", {Actor.STAFF}, coordinator
    )
    assert (session.start_at, session.end_at) == (target.start, target.end)
    assert session.uid == uid and session.sequence == 1


def test_changes_need_a_reason(assigned, book, free_slot, coordinator):
    dispute = assigned()
    session = book(dispute)
    with pytest.raises(ValidationFailed):
        operations.cancel_session(session, "  ", {Actor.STAFF}, coordinator)
    with pytest.raises(ValidationFailed):
        operations.reschedule_session(
            session, free_slot(dispute, 5).start, None, "", {Actor.STAFF}, coordinator
        )
    assert session.status == "scheduled" and session.sequence == 0


def test_parties_cannot_change_a_session_close_to_its_start(assigned, book, app):
    dispute = assigned()
    session = book(dispute)
    now = session.start_at - timedelta(hours=2)
    with pytest.raises(Conflict) as caught:
        operations.cancel_session(session, "来不了", {Actor.APPLICANT}, None, now=now)
    assert caught.value.code == "too_late"


def test_staff_may_still_cancel_close_to_the_start(assigned, book, coordinator):
    session = book(assigned())
    now = session.start_at - timedelta(hours=1)
    operations.cancel_session(session, "临时停电", {Actor.STAFF}, coordinator, now=now)
    assert session.status == "cancelled"


def test_a_party_must_choose_an_offered_slot(assigned, free_slot):
    dispute = assigned()
    slot = free_slot(dispute)
    with pytest.raises(ValidationFailed):
        operations.book_session(
            dispute, slot.start + timedelta(minutes=7), None, "video", None, {Actor.APPLICANT}, None
        )
    session = operations.book_session(
        dispute, slot.start, None, "video", None, {Actor.APPLICANT}, None
    )
    assert session.end_at == slot.end


def test_in_person_sessions_need_a_room_and_rooms_are_not_double_booked(
    assigned, book, create_room, coordinator
):
    room = create_room()
    with pytest.raises(ValidationFailed):
        book(assigned(), mode="in_person")
    first = book(assigned(), mode="in_person", room=room)
    other = assigned()
    with pytest.raises(Conflict):
        operations.book_session(
            other, first.start_at, first.end_at, "in_person", room.id, {Actor.STAFF}, coordinator
        )


def test_a_video_session_has_no_room(assigned, book, create_room):
    with pytest.raises(ValidationFailed):
        book(assigned(), mode="video", room=create_room())


def test_nobody_without_a_capacity_may_book(assigned, free_slot):
    dispute = assigned()
    slot = free_slot(dispute)
    with pytest.raises(Forbidden):
        operations.book_session(dispute, slot.start, None, "video", None, set(), None)
