"""Caucus timers and phone attendance over the signaling namespace."""

from datetime import timedelta

import time_machine

from mediation.core.audit import events_for
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.outcomes.attendance import attended
from mediation.video.models import CaucusTimer
from mediation.video.namespace import NAMESPACE
from mediation.video.operations import attendance_report
from tests.video.conftest import error_codes, events, last_view

APPLICANT_CAUCUS = "caucus:applicant"


def namespace(test_socketio):
    return test_socketio.server.namespace_handlers[NAMESPACE]


def open_timed_caucus(clients, minutes=10):
    clients["mediator"].emit(
        "control",
        {"action": "caucus", "side": "applicant", "minutes": minutes},
        namespace=NAMESPACE,
    )


def actions(room) -> list[str]:
    return [e.action for e in events_for("video_room", room.id)]


def test_a_timed_caucus_shows_its_members_the_end_instant(call):
    room, s, clients = call
    with time_machine.travel(utcnow(), tick=False):
        ends = (utcnow() + timedelta(minutes=10)).isoformat()
        open_timed_caucus(clients)
    timer = last_view(clients["applicant"])["timer"]
    assert timer["ends_at"] == ends and timer["place"] == APPLICANT_CAUCUS
    assert timer["seconds_left"] == 600
    assert last_view(clients["respondent"])["timer"] is None
    assert last_view(clients["mediator"])["timers"][APPLICANT_CAUCUS]["ends_at"] == ends
    assert "video.caucus_timer_set" in actions(room)


def test_a_bad_duration_opens_no_caucus(call):
    room, s, clients = call
    open_timed_caucus(clients, minutes=90)
    assert "bad_minutes" in error_codes(clients["mediator"])
    db.session.expire_all()
    assert s["applicant"].place == "joint" and s["mediator"].place == "joint"
    assert db.session.query(CaucusTimer).count() == 0


def test_a_party_cannot_set_or_extend_a_timer(call):
    room, s, clients = call
    open_timed_caucus(clients)
    for action in ("set", "extend", "clear"):
        clients["applicant"].emit(
            "caucus_timer",
            {"action": action, "place": APPLICANT_CAUCUS, "minutes": 5},
            namespace=NAMESPACE,
        )
    assert error_codes(clients["applicant"]) == ["not_mediator"] * 3


def test_the_warning_goes_to_the_caucus_once_a_minute_before_the_end(call, test_socketio):
    room, s, clients = call
    start = utcnow()
    with time_machine.travel(start, tick=False):
        open_timed_caucus(clients, minutes=5)
    for client in clients.values():
        client.get_received(NAMESPACE)
    with time_machine.travel(start + timedelta(minutes=4, seconds=1), tick=False):
        namespace(test_socketio).sweep_timers()
        namespace(test_socketio).sweep_timers()
    assert len(events(clients["applicant"], "caucus_warning")) == 1
    assert len(events(clients["mediator"], "caucus_warning")) == 1
    assert events(clients["respondent"], "caucus_warning") == []


def test_the_end_returns_the_caucus_to_the_joint_room_without_the_mediator(
    call,
    test_socketio,
):
    room, s, clients = call
    start = utcnow()
    with time_machine.travel(start, tick=False):
        open_timed_caucus(clients, minutes=5)
    clients["mediator"].disconnect(NAMESPACE)
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        namespace(test_socketio).sweep_timers()
    got = clients["applicant"].get_received(NAMESPACE)
    ended = [e["args"][0] for e in got if e["name"] == "caucus_ended"]
    assert ended == [{"place": APPLICANT_CAUCUS}]
    assert [e["args"][0] for e in got if e["name"] == "room"][-1]["place"] == "joint"
    db.session.expire_all()
    assert s["mediator"].place == "joint"
    assert db.session.query(CaucusTimer).count() == 0
    assert "video.caucus_timer_expired" in actions(room)


def test_an_extended_timer_does_not_end_at_its_old_end(call, test_socketio):
    room, s, clients = call
    start = utcnow()
    with time_machine.travel(start, tick=False):
        open_timed_caucus(clients, minutes=5)
        clients["mediator"].emit(
            "caucus_timer",
            {"action": "extend", "place": APPLICANT_CAUCUS, "minutes": 3},
            namespace=NAMESPACE,
        )
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        namespace(test_socketio).sweep_timers()
    db.session.expire_all()
    assert s["applicant"].place == APPLICANT_CAUCUS
    assert last_view(clients["applicant"])["timer"]["seconds_left"] == 8 * 60
    with time_machine.travel(start + timedelta(minutes=8), tick=False):
        namespace(test_socketio).sweep_timers()
    db.session.expire_all()
    assert s["applicant"].place == "joint"


def test_a_caucus_already_running_can_be_given_a_timer_and_cleared(call):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    assert last_view(clients["applicant"])["timer"] is None
    set_it = {"action": "set", "place": APPLICANT_CAUCUS, "minutes": 2}
    clients["mediator"].emit("caucus_timer", set_it, namespace=NAMESPACE)
    assert last_view(clients["applicant"])["timer"]["seconds_left"] in (119, 120)
    clear = {"action": "clear", "place": APPLICANT_CAUCUS}
    clients["mediator"].emit("caucus_timer", clear, namespace=NAMESPACE)
    assert last_view(clients["applicant"])["timer"] is None


def test_the_empty_caucus_takes_no_timer(call):
    room, s, clients = call
    set_it = {"action": "set", "place": "caucus:respondent", "minutes": 2}
    clients["mediator"].emit("caucus_timer", set_it, namespace=NAMESPACE)
    assert error_codes(clients["mediator"]) == ["caucus_empty"]


def test_bringing_everyone_back_drops_the_timer(call):
    room, s, clients = call
    open_timed_caucus(clients)
    clients["mediator"].emit("control", {"action": "gather"}, namespace=NAMESPACE)
    assert db.session.query(CaucusTimer).count() == 0
    assert last_view(clients["mediator"])["timers"] == {}


def test_a_phone_seat_counts_in_attendance_and_is_shown_to_the_mediator(
    create_room, seats, connect
):
    room = create_room()
    s = seats(room)
    mediator = connect(s["mediator"])
    mediator.emit("phone", {"participant": s["respondent"].id, "joined": True}, namespace=NAMESPACE)
    assert last_view(mediator)["phone"] == [s["respondent"].id]
    row = next(r for r in attendance_report(room) if r["participant"].id == s["respondent"].id)
    assert row["by_phone"] and row["first_joined"] is not None
    assert attended(room, s["respondent"].party)
    assert "video.phone_joined" in actions(room)
    mediator.emit(
        "phone", {"participant": s["respondent"].id, "joined": False}, namespace=NAMESPACE
    )
    assert last_view(mediator)["phone"] == []
    assert "video.phone_left" in actions(room)


def test_marking_twice_or_with_bad_input_changes_nothing(create_room, seats, connect):
    room = create_room()
    s = seats(room)
    mediator = connect(s["mediator"])
    mark = {"participant": s["respondent"].id, "joined": True}
    mediator.emit("phone", mark, namespace=NAMESPACE)
    mediator.emit("phone", mark, namespace=NAMESPACE)
    mediator.emit(
        "phone", {"participant": s["respondent"].id, "joined": "yes"}, namespace=NAMESPACE
    )
    mediator.emit("phone", {"participant": s["mediator"].id, "joined": True}, namespace=NAMESPACE)
    assert error_codes(mediator) == ["phone_unchanged", "bad_payload", "validation_failed"]
    assert actions(room).count("video.phone_joined") == 1


def test_only_the_rooms_mediator_marks_phone_attendance(create_room, seats, connect):
    room, other = create_room(), create_room()
    s, o = seats(room), seats(other)
    party = connect(s["applicant"])
    stranger = connect(o["mediator"])
    mark = {"participant": s["respondent"].id, "joined": True}
    party.emit("phone", mark, namespace=NAMESPACE)
    stranger.emit("phone", mark, namespace=NAMESPACE)
    assert error_codes(party) == ["not_mediator"]
    assert error_codes(stranger) == ["no_participant"]
    assert "video.phone_joined" not in actions(room)
