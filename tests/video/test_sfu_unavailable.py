"""A session on the SFU while Janus does not answer: the call's controls go on, media says so."""

import socket

from mediation.video.namespace import NAMESPACE
from tests.video.conftest import error_codes, events

OFFER = {"type": "offer", "sdp": "v=0\r\n"}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_without_janus_a_publish_is_refused_and_admitting_still_works(
    app, test_socketio, create_room, seats, connect, monkeypatch
):
    monkeypatch.setitem(app.config, "VIDEO_SFU", "on")
    monkeypatch.setitem(app.config, "SFU_URL", f"http://127.0.0.1:{closed_port()}/janus")
    monkeypatch.setitem(app.config, "SFU_API_SECRET", "no-janus-here-at-all")
    namespace = test_socketio.server.namespace_handlers[NAMESPACE]
    namespace.reset_sfu()
    try:
        s = seats(create_room())
        mediator, applicant = connect(s["mediator"]), connect(s["applicant"])
        mediator.emit(
            "control", {"action": "admit", "participant": s["applicant"].id}, namespace=NAMESPACE
        )
        assert events(applicant, "room")[-1]["place"] == "joint"
        applicant.emit("sfu_publish", {"offer": OFFER}, namespace=NAMESPACE)
        assert error_codes(applicant) == ["sfu_unavailable"]
        assert events(applicant, "sfu_answer") == []
    finally:
        namespace.reset_sfu()
