"""The SFU's pure parts: which sessions use it, derived identifiers, whose feeds one may name."""

import pytest

from mediation.video.permissions import Member
from mediation.video.sfu import identifiers, rules

KEY = "key"


def member(id, place, role="party", side="applicant", online=True):
    return Member(id, role, side, place, online, since=f"t{id}")


@pytest.mark.parametrize(
    ("mode", "people", "expected"),
    [("off", 9, False), ("on", 2, True), ("auto", 4, False), ("auto", 5, True)],
)
def test_a_session_uses_the_sfu_by_mode_and_above_the_threshold(mode, people, expected):
    assert rules.uses_sfu(mode, people, threshold=4) is expected


def test_an_unknown_mode_is_refused():
    assert rules.mode_of(" Auto ") == "auto"
    with pytest.raises(ValueError):
        rules.mode_of("maybe")


def test_each_place_but_the_lobby_has_its_own_room_number_secret_and_pin():
    rooms = [identifiers.janus_room(KEY, 7, place) for place in identifiers.SFU_PLACES]
    assert len({r.number for r in rooms}) == len({r.secret for r in rooms}) == 3
    assert all(0 < r.number < 2**52 and len(r.pin) == 24 for r in rooms)
    assert identifiers.janus_room(KEY, 7, "joint") == rooms[0]
    assert identifiers.janus_room("other key", 7, "joint").secret != rooms[0].secret
    with pytest.raises(ValueError):
        identifiers.janus_room(KEY, 7, "lobby")


def test_a_feed_label_changes_with_the_place_and_the_connection_and_hides_the_feed_id():
    joint, caucus = (identifiers.janus_room(KEY, 7, p) for p in ("joint", "caucus:applicant"))
    label = identifiers.feed_label(KEY, joint, 3, "t1")
    assert label != identifiers.feed_label(KEY, caucus, 3, "t1")
    assert label != identifiers.feed_label(KEY, joint, 3, "t2")
    assert str(identifiers.janus_feed(KEY, joint, 3, "t1")) not in label


def test_a_subscription_names_only_others_in_ones_own_place():
    viewer, same, other = member(1, "joint"), member(2, "joint"), member(3, "caucus:respondent")
    members = [viewer, same, other, member(4, "joint", online=False)]
    labels = {"a": 2, "b": 3, "c": 4, "me": 1}
    assert rules.chosen_sources(viewer, members, labels, ["a", "a"]) == [2]
    for wanted in (["b"], ["a", "b"], ["c"], ["me"], ["zzz"], [], "a", [1]):
        assert rules.chosen_sources(viewer, members, labels, wanted) is None


def test_the_lobby_receives_no_feed_at_all():
    waiting = member(1, "lobby")
    members = [waiting, member(2, "lobby"), member(3, "joint")]
    assert rules.feed_sources(waiting, members) == []
    assert rules.chosen_sources(waiting, members, {"a": 2, "b": 3}, ["a"]) is None


def test_a_mode_that_names_the_sfu_needs_its_url_and_secret():
    assert rules.checked_mode({"VIDEO_SFU": "off"}) == "off"
    assert rules.checked_mode({"VIDEO_SFU": "on", "SFU_URL": "u", "SFU_API_SECRET": "s"}) == "on"
    with pytest.raises(ValueError, match="SFU_API_SECRET"):
        rules.checked_mode({"VIDEO_SFU": "auto", "SFU_URL": "u", "SFU_API_SECRET": ""})
