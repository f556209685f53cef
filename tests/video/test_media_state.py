"""A member's own media state (audio only, link quality) reaches only those who may see them."""

import pytest

from mediation.video.namespace import NAMESPACE
from tests.video.conftest import error_codes, events
from tests.video.test_relay import send  # noqa: F401 (fixture)

WEAK = {"audio_only": True, "quality": "weak"}


def media(to, data=WEAK) -> dict:
    return {"to": to.id, "kind": "media", "data": data}


def test_media_state_reaches_a_peer_in_the_same_place(call, send):  # noqa: F811
    room, s, clients = call
    send(clients["applicant"], media(s["mediator"]))
    assert events(clients["mediator"], "signal") == [
        {"from": s["applicant"].id, "kind": "media", "data": WEAK}
    ]


def test_media_state_does_not_cross_into_a_caucus(call, send):  # noqa: F811
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    clients["respondent"].get_received(NAMESPACE)
    send(clients["respondent"], media(s["mediator"]))
    send(clients["respondent"], media(s["applicant"]))
    assert error_codes(clients["respondent"]) == ["not_allowed", "not_allowed"]
    assert events(clients["mediator"], "signal") == []
    assert events(clients["applicant"], "signal") == []


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"audio_only": True},
        {"audio_only": "yes", "quality": "good"},
        {"audio_only": False, "quality": "excellent"},
        {"audio_only": False, "quality": "good", "place": "caucus:applicant"},
    ],
)
def test_a_media_state_with_anything_else_is_refused(call, send, data):  # noqa: F811
    room, s, clients = call
    send(clients["applicant"], media(s["mediator"], data))
    assert error_codes(clients["applicant"]) == ["bad_payload"]
    assert events(clients["mediator"], "signal") == []


def test_welcome_gives_the_bitrate_caps_from_config(app, create_room, seats, connect, monkeypatch):
    monkeypatch.setitem(app.config, "VIDEO_MAX_KBPS", 250)
    monkeypatch.setitem(app.config, "AUDIO_MAX_KBPS", 24)
    seat = seats(create_room())["applicant"]
    welcome = events(connect(seat), "welcome")[0]
    assert welcome["bitrate_caps"] == {"video": 250_000, "audio": 24_000}
