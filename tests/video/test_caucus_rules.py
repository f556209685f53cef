"""The caucus timer rules and phone attendance arithmetic, without a database."""

from datetime import UTC, datetime, timedelta

import pytest

from mediation.video import caucus
from mediation.video.attendance import attended_seconds, on_phone
from mediation.video.permissions import JOINT, LOBBY, Member

T0 = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)


def people(**places) -> list[Member]:
    roles = {"mediator": ("mediator", None), "applicant": ("party", "applicant")}
    roles |= {"respondent": ("party", "respondent")}
    return [
        Member(i, *roles[name], place, True) for i, (name, place) in enumerate(places.items(), 1)
    ]


def test_a_timer_ends_the_chosen_minutes_after_it_is_set():
    members = people(mediator="caucus:applicant", applicant="caucus:applicant")
    timer = caucus.set_timer("caucus:applicant", 10, members, T0)
    assert timer.ends_at == T0 + timedelta(minutes=10)
    assert timer.warn_at == T0 + timedelta(minutes=9)


@pytest.mark.parametrize("minutes", [0, 61, -1, "10", 2.5, None, True])
def test_a_timer_runs_one_to_sixty_whole_minutes(minutes):
    members = people(mediator="caucus:applicant")
    with pytest.raises(caucus.TimerRefused) as refused:
        caucus.set_timer("caucus:applicant", minutes, members, T0)
    assert refused.value.code == "bad_minutes"


@pytest.mark.parametrize("place", [JOINT, LOBBY, "caucus:other", None, 3])
def test_only_a_caucus_takes_a_timer(place):
    with pytest.raises(caucus.TimerRefused) as refused:
        caucus.set_timer(place, 5, people(mediator=JOINT), T0)
    assert refused.value.code == "bad_place"


def test_an_empty_caucus_takes_no_timer():
    with pytest.raises(caucus.TimerRefused) as refused:
        caucus.set_timer("caucus:respondent", 5, people(mediator="caucus:applicant"), T0)
    assert refused.value.code == "caucus_empty"


def test_extending_adds_minutes_to_the_end_not_to_now():
    timer = caucus.Timer("caucus:applicant", T0, T0 + timedelta(minutes=5))
    longer = caucus.extend_timer(timer, 5, T0 + timedelta(minutes=4))
    assert longer.ends_at == T0 + timedelta(minutes=10)
    assert longer.started_at == T0


def test_a_timer_that_ran_out_cannot_be_extended():
    timer = caucus.Timer("caucus:applicant", T0, T0 + timedelta(minutes=5))
    with pytest.raises(caucus.TimerRefused) as refused:
        caucus.extend_timer(timer, 5, T0 + timedelta(minutes=5))
    assert refused.value.code == "no_timer"


def test_extensions_stop_at_two_hours_in_all():
    timer = caucus.Timer("caucus:applicant", T0, T0 + timedelta(minutes=60))
    timer = caucus.extend_timer(timer, 60, T0)
    with pytest.raises(caucus.TimerRefused) as refused:
        caucus.extend_timer(timer, 1, T0)
    assert refused.value.code == "too_long"


def test_due_and_warnings_follow_the_clock():
    timer = caucus.Timer("caucus:applicant", T0, T0 + timedelta(minutes=5))
    assert caucus.warnings_due([timer], T0 + timedelta(minutes=3, seconds=59)) == []
    assert caucus.warnings_due([timer], T0 + timedelta(minutes=4)) == [timer]
    assert caucus.due([timer], T0 + timedelta(minutes=4, seconds=59)) == []
    assert caucus.due([timer], T0 + timedelta(minutes=5)) == [timer]
    assert caucus.warnings_due([timer], T0 + timedelta(minutes=5)) == []


def test_the_end_brings_everyone_in_the_caucus_back_even_if_disconnected():
    members = people(mediator="caucus:applicant", applicant="caucus:applicant", respondent=JOINT)
    members[1] = Member(2, "party", "applicant", "caucus:applicant", False)
    assert caucus.expiry_moves("caucus:applicant", members) == {1: JOINT, 2: JOINT}


def test_an_emptied_caucus_loses_its_timer():
    timer = caucus.Timer("caucus:applicant", T0, T0 + timedelta(minutes=5))
    assert caucus.abandoned({timer.place: timer}, people(mediator=JOINT)) == [timer.place]
    kept = people(mediator=JOINT, applicant="caucus:applicant")
    assert caucus.abandoned({timer.place: timer}, kept) == []


def test_the_view_carries_the_end_instant_and_the_servers_now():
    timer = caucus.Timer("caucus:applicant", T0, T0 + timedelta(minutes=5))
    view = caucus.timer_view(timer, T0 + timedelta(seconds=30))
    assert view["ends_at"] == "2026-12-02T01:35:00+00:00"
    assert view["now"] == "2026-12-02T01:30:30+00:00"
    assert view["seconds_left"] == 270
    assert caucus.timer_view(None, T0) is None


def test_time_on_the_phone_counts_as_attendance():
    events = [(1, "phone_join", T0), (1, "phone_leave", T0 + timedelta(minutes=20))]
    assert attended_seconds(events, T0 + timedelta(hours=1)) == {1: 1200.0}


def test_video_and_phone_at_once_count_once():
    events = [
        (1, "join", T0),
        (1, "phone_join", T0 + timedelta(minutes=5)),
        (1, "leave", T0 + timedelta(minutes=10)),
        (1, "phone_leave", T0 + timedelta(minutes=15)),
    ]
    assert attended_seconds(events, T0 + timedelta(hours=1)) == {1: 900.0}


def test_an_open_phone_call_counts_until_the_end():
    assert attended_seconds([(1, "phone_join", T0)], T0 + timedelta(minutes=3)) == {1: 180.0}


def test_who_is_on_the_phone_follows_the_latest_mark():
    assert on_phone([(1, "phone_join"), (2, "phone_join"), (1, "phone_leave")]) == {2}
