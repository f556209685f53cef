"""The Janus session's bookkeeping with a stand-in Janus: answers by transaction, other events."""

import threading

import pytest

from mediation.video.sfu.gateway import Gateway, Publication
from mediation.video.sfu.identifiers import janus_room
from mediation.video.sfu.janus import JanusError, JanusSession


class FakeJanus:
    """Answers attach at once, acks every message, and lets the test deliver poll events."""

    timeout = 2

    def __init__(self):
        self.sessions = 0
        self.events: list = []
        self.ready = threading.Condition()
        self.sent: list[dict] = []

    def create_session(self) -> int:
        self.sessions += 1
        return self.sessions

    def destroy_session(self, session_id: int) -> None:
        self.deliver(JanusError(458, "No such session"))

    def post(self, path: str, body: dict) -> dict:
        self.sent.append(body)
        if body["janus"] == "attach":
            return {"janus": "success", "data": {"id": 77}}
        return {"janus": "ack", "transaction": body.get("transaction")}

    def deliver(self, event) -> None:
        with self.ready:
            self.events.append(event)
            self.ready.notify_all()

    def poll(self, session_id: int) -> list:
        with self.ready:
            self.ready.wait_for(lambda: self.events, timeout=5)
            event = self.events.pop(0)
        if isinstance(event, Exception):
            raise event
        return [event]


def test_a_late_answer_reaches_its_request_and_other_events_go_to_the_handler():
    janus, others = FakeJanus(), []
    session = JanusSession(janus, on_event=lambda handle, event: others.append((handle, event)))
    handle = session.attach()

    def answer_when_asked():
        while not any(b.get("janus") == "message" for b in janus.sent):
            threading.Event().wait(0.01)
        transaction = next(b for b in janus.sent if b.get("janus") == "message")["transaction"]
        janus.deliver({"janus": "webrtcup", "sender": 77})
        janus.deliver(
            {
                "janus": "event",
                "transaction": transaction,
                "sender": 77,
                "plugindata": {"data": {"videoroom": "joined", "private_id": 5}},
                "jsep": {"type": "offer", "sdp": "v=0"},
            }
        )

    threading.Thread(target=answer_when_asked, daemon=True).start()
    data, jsep = session.message(handle, {"request": "join"})
    assert data["private_id"] == 5 and jsep["type"] == "offer"
    assert others == [(77, {"janus": "webrtcup", "sender": 77})]
    session.close()


def test_a_refusal_in_the_plugin_data_raises_with_janus_code():
    janus = FakeJanus()
    session = JanusSession(janus)
    janus.post = lambda path, body: {
        "janus": "success",
        "plugindata": {"data": {"error_code": 433, "error": "Unauthorized"}},
    }
    with pytest.raises(JanusError) as refused:
        session.request(1, {"request": "join"})
    assert refused.value.code == 433
    session.close()


def test_a_session_janus_forgot_is_made_again_at_the_next_request():
    janus = FakeJanus()
    session = JanusSession(janus)
    assert session.ensure() == 1
    janus.deliver(JanusError(458, "No such session"))
    for _ in range(200):
        if session.session_id is None:
            break
        threading.Event().wait(0.01)
    assert session.ensure() == 2
    session.close()


def test_janus_events_of_a_connections_handles_reach_that_connection():
    offers, live = [], []
    gateway = Gateway(
        "http://127.0.0.1:9/janus",
        "s",
        "key",
        on_offer=lambda *a: offers.append(a),
        on_live=lambda *a: live.append(a),
    )
    room = janus_room("key", 1, "joint")
    gateway.publications["sid-a"] = Publication("joint", room, up=10, down=11)
    gateway._janus_event(11, {"janus": "event", "jsep": {"type": "offer", "sdp": "v=1"}})
    gateway._janus_event(10, {"janus": "event", "jsep": {"type": "answer", "sdp": "v=1"}})
    gateway._janus_event(99, {"janus": "event", "jsep": {"type": "offer", "sdp": "v=2"}})
    assert offers == [("sid-a", {"type": "offer", "sdp": "v=1"})]
    # Media up on a connection's up handle: its feed may now be announced to its place.
    gateway._janus_event(11, {"janus": "webrtcup"})
    gateway._janus_event(10, {"janus": "webrtcup"})
    assert live == [("sid-a", 1)]
