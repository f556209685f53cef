"""The relay's hot path decides from each process's copy of a room, with no Flask context.

Whether that copy is current (the hot path) or stale (the full handler reloads it), a signal
must meet the same rules and the same refusals.
"""

import flask_babel
import pytest
from sqlalchemy import event

from mediation.extensions import db
from mediation.video import livestate
from mediation.video.namespace import NAMESPACE
from tests.video.conftest import error_codes, events
from tests.video.test_signaling import signal


@pytest.fixture(params=["current copy", "stale copy"])
def send(request):
    """Send a signal either from a current copy of the room or after every copy went stale."""

    def emit(client, payload):
        if request.param == "stale copy":
            livestate.bump_all()
        client.emit("signal", payload, namespace=NAMESPACE)

    return emit


def offer(to, **extra) -> dict:
    return {"to": to.id, "kind": "offer", "data": {"sdp": "v=0"}, **extra}


def test_admitted_party_reaches_the_mediator(call, send):  # noqa: F811
    room, s, clients = call
    send(clients["applicant"], offer(s["mediator"]))
    assert events(clients["mediator"], "signal") == [
        {"from": s["applicant"].id, "kind": "offer", "data": {"sdp": "v=0"}}
    ]
    assert error_codes(clients["applicant"]) == []


def test_caucus_cuts_off_the_other_side(call, send):  # noqa: F811
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    send(clients["respondent"], offer(s["mediator"]))
    send(clients["respondent"], offer(s["applicant"]))
    send(clients["applicant"], offer(s["respondent"]))
    assert error_codes(clients["respondent"]) == ["not_allowed", "not_allowed"]
    assert error_codes(clients["applicant"]) == ["not_allowed"]
    assert events(clients["mediator"], "signal") == []
    send(clients["applicant"], offer(s["mediator"]))
    assert len(events(clients["mediator"], "signal")) == 1


def test_lobby_sends_nothing(call, send):  # noqa: F811
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "lobby", "participant": s["respondent"].id}, namespace=NAMESPACE
    )
    clients["applicant"].get_received(NAMESPACE)
    send(clients["respondent"], offer(s["mediator"]))
    send(clients["respondent"], offer(s["applicant"]))
    assert error_codes(clients["respondent"]) == ["not_allowed", "not_allowed"]
    assert events(clients["mediator"], "signal") == []
    assert events(clients["applicant"], "signal") == []


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"to": "2", "kind": "offer"}, "bad_payload"),
        ({"kind": "offer"}, "bad_payload"),
        ({"to": 2, "kind": "shout"}, "bad_payload"),
        ({"to": 2, "kind": "offer", "data": ["not", "an", "object"]}, "bad_payload"),
        ({"to": 2, "kind": "offer", "data": {"sdp": "x" * 70_000}}, "too_large"),
        ("text", "bad_payload"),
    ],
)
def test_bad_signals_are_refused_the_same_way(call, send, payload, code):  # noqa: F811
    room, s, clients = call
    send(clients["applicant"], payload)
    assert error_codes(clients["applicant"]) == [code]
    assert events(clients["mediator"], "signal") == []
    assert clients["applicant"].is_connected(NAMESPACE)


def test_a_current_copy_relays_without_the_database(app, call):  # noqa: F811
    room, s, clients = call
    mediator = s["mediator"].id  # read now, so the test itself sends no query while counting
    statements = []

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        for _ in range(5):
            clients["applicant"].emit(
                "signal", {"to": mediator, "kind": "candidate", "data": {}}, namespace=NAMESPACE
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(events(clients["mediator"], "signal")) == 5
    assert statements == []


def test_hot_path_refusals_speak_the_persons_language(create_room, seats, connect):
    room = create_room()
    s = seats(room)
    mediator = connect(s["mediator"])
    chinese = connect(s["applicant"])
    english = connect(s["respondent"], headers={"Accept-Language": "en-GB,en;q=0.9"})
    mediator.get_received(NAMESPACE)
    for party in (chinese, english):
        # Each event has its own context in a server; the test's shared one keeps a locale.
        flask_babel.refresh()
        signal(party, s["mediator"])
    assert [e["message"] for e in events(chinese, "error")] == ["您现在无法联系此人。"]
    assert [e["message"] for e in events(english, "error")] == ["You cannot reach that person now."]
