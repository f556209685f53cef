"""The server's side of the SFU over /signal, against a real Janus and real browsers' SDP.

The test clients are Socket.IO clients of the app in this process; the browsers (headless
Chromium in Janus's namespace) only make offers and answers, which the test carries, as a
browser client of the SFU would over /signal.
"""

import time
from pathlib import Path

import pytest
import time_machine

from mediation.video.namespace import NAMESPACE
from mediation.video.sfu import videoroom
from tests.suite_clock import suite_start
from tests.video import sfu_browser
from tests.video.conftest import error_codes, events

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(
        not Path(sfu_browser.CHROMIUM).exists(), reason=f"{sfu_browser.CHROMIUM} is missing"
    ),
]


@pytest.fixture(autouse=True)
def _pinned_clock():
    # Slow tests keep the real clock by default; these start no server of the app's, so they
    # run at the suite's instant like the quick ones.
    with time_machine.travel(suite_start(), tick=True):
        yield


@pytest.fixture
def sfu(app, test_socketio, janus_netns, monkeypatch):
    """The signaling namespace with every session on the SFU of the namespace's Janus."""
    monkeypatch.setitem(app.config, "VIDEO_SFU", "on")
    monkeypatch.setitem(app.config, "SFU_URL", janus_netns.url)
    monkeypatch.setitem(app.config, "SFU_API_SECRET", janus_netns.secret)
    # Janus answers in milliseconds; a loaded CI machine with three browsers may take seconds.
    monkeypatch.setitem(app.config, "SFU_TIMEOUT", 30)
    namespace = test_socketio.server.namespace_handlers[NAMESPACE]
    namespace.reset_sfu()
    yield namespace
    namespace.reset_sfu()


@pytest.fixture
def joint_call(sfu, create_room, seats, connect):
    """Mediator, applicant and respondent connected and admitted to the joint room."""
    room = create_room()
    s = seats(room)
    clients = {name: connect(s[name]) for name in ("mediator", "applicant", "respondent")}
    for name in ("applicant", "respondent"):
        clients["mediator"].emit(
            "control", {"action": "admit", "participant": s[name].id}, namespace=NAMESPACE
        )
    return room, s, clients


def drain(client) -> list:
    """Return the events received since the last drain, keeping them all in client.seen."""
    new = client.get_received(NAMESPACE)
    client.__dict__.setdefault("seen", []).extend(new)
    return new


def last(client, name: str) -> dict:
    drain(client)
    found = [e["args"][0] for e in client.seen if e["name"] == name]
    assert found, f"no {name} event"
    return found[-1]


def publish(client, page) -> None:
    """Send the page's offer up, apply Janus's answer, trickle the page's candidates."""
    drain(client)
    client.emit("sfu_publish", {"offer": page.evaluate("window.offer_up()")}, namespace=NAMESPACE)
    received = drain(client)
    answers = [e["args"][0] for e in received if e["name"] == "sfu_answer"]
    assert answers, received
    page.evaluate("(a) => window.pcs.up.setRemoteDescription(a)", answers[-1]["answer"])
    for candidate in sfu_browser.candidates(page, "up"):
        client.emit("sfu_candidate", {"pc": "up", "candidate": candidate}, namespace=NAMESPACE)
    sfu_browser.connected(page, "up")


def wait_for(condition, seconds: float = 30) -> None:
    """Wait for what the Janus poll's thread sends (a feed gone live)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def feed_labels(client) -> dict:
    """Ask for this client's current feeds; return {member id: label}."""
    sfu_feeds = last(client, "sfu_feeds")
    return {f["member"]: f["feed"] for f in sfu_feeds["feeds"]}


def test_a_session_on_the_sfu_says_so_and_refuses_bad_descriptions(joint_call):
    room, s, clients = joint_call
    applicant = clients["applicant"]
    assert events(applicant, "welcome")[0]["media"] == "sfu"
    for payload in ({}, {"offer": "v=0"}, {"offer": {"type": "answer", "sdp": "v=0"}}):
        applicant.emit("sfu_publish", payload, namespace=NAMESPACE)
    applicant.emit("sfu_candidate", {"pc": "sideways", "candidate": None}, namespace=NAMESPACE)
    applicant.emit(
        "sfu_publish", {"offer": {"type": "offer", "sdp": "x" * 70_000}}, namespace=NAMESPACE
    )
    assert error_codes(applicant) == ["bad_payload"] * 4 + ["too_large"]


def test_a_mesh_session_has_no_sfu_events(app, create_room, seats, connect, monkeypatch, sfu):
    monkeypatch.setitem(app.config, "VIDEO_SFU", "off")
    client = connect(seats(create_room())["mediator"])
    assert events(client, "welcome")[0]["media"] == "mesh"
    client.emit("sfu_subscribe", {"feeds": ["f1"]}, namespace=NAMESPACE)
    assert error_codes(client) == ["not_sfu"]


def test_people_in_one_place_receive_each_other_and_a_caucus_is_closed_to_the_rest(
    joint_call, janus_netns, tmp_path
):
    room, s, clients = joint_call
    mediator, applicant, respondent = (clients[n] for n in ("mediator", "applicant", "respondent"))
    ids = {name: seat.id for name, seat in s.items()}
    with sfu_browser.chromium(janus_netns, tmp_path) as open_page:
        pages = {name: open_page() for name in clients}
        for name, client in clients.items():
            publish(client, pages[name])

        # In the joint room each hears the two others, by labels that are not Janus's ids;
        # the last to publish is announced once its media is up.
        for name, client in clients.items():
            others = {i for n, i in ids.items() if n != name}
            wait_for(lambda c=client, o=others: set(feed_labels(c)) == o)
        seen = {name: feed_labels(client) for name, client in clients.items()}
        assert set(seen["respondent"]) == {ids["mediator"], ids["applicant"]}
        mediator.emit(
            "sfu_subscribe", {"feeds": [seen["mediator"][ids["applicant"]]]}, namespace=NAMESPACE
        )
        offer = last(mediator, "sfu_offer")
        assert offer["feeds"] == [
            {"feed": seen["mediator"][ids["applicant"]], "member": ids["applicant"]}
        ]
        answer = pages["mediator"].evaluate("(o) => window.answer_down(o)", offer["offer"])
        mediator.emit("sfu_answer", {"answer": answer}, namespace=NAMESPACE)
        for candidate in sfu_browser.candidates(pages["mediator"], "down"):
            mediator.emit(
                "sfu_candidate", {"pc": "down", "candidate": candidate}, namespace=NAMESPACE
            )
        sfu_browser.connected(pages["mediator"], "down")
        pages["mediator"].wait_for_function("async () => (await window.frames_down()) > 0")

        # A caucus with the applicant: both are unpublished from the joint room and publish
        # again in the caucus's room.
        for client in clients.values():
            drain(client)
            client.seen.clear()
        mediator.emit("control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE)
        for name in ("mediator", "applicant"):
            assert last(clients[name], "sfu_withdrawn") == {"place": "joint"}
            assert last(clients[name], "sfu_feeds")["place"] == "caucus:applicant"
            publish(clients[name], pages[name])
        caucus_labels = feed_labels(applicant)
        assert list(caucus_labels) == [ids["mediator"]]
        gateway = joint_call_gateway(mediator)
        joint_room = gateway.room(room.id, "joint")
        assert len(videoroom.publishers(gateway.session, gateway.admin(), joint_room)) == 1

        # The respondent, left in the joint room, is told of nobody and reaches nobody, by
        # any label they saw or the caucus's own.
        assert last(respondent, "sfu_feeds") == {"place": "joint", "publish": True, "feeds": []}
        drain(respondent)
        tried = [*seen["respondent"].values(), *caucus_labels.values()]
        for label in tried:
            respondent.emit("sfu_subscribe", {"feeds": [label]}, namespace=NAMESPACE)
        respondent.emit("sfu_subscribe", {"feeds": tried}, namespace=NAMESPACE)
        received = drain(respondent)
        refusals = [e["args"][0] for e in received if e["name"] == "error"]
        assert [r["code"] for r in refusals] == ["not_allowed"] * (len(tried) + 1)
        assert len({r["message"] for r in refusals}) == 1
        assert not [e for e in received if e["name"] == "sfu_offer"]

        # Sent to the lobby, the respondent is unpublished and may neither send nor receive.
        mediator.emit(
            "control", {"action": "lobby", "participant": ids["respondent"]}, namespace=NAMESPACE
        )
        assert last(respondent, "sfu_withdrawn") == {"place": "joint"}
        assert last(respondent, "sfu_feeds") == {"place": "lobby", "publish": False, "feeds": []}
        drain(respondent)
        respondent.emit(
            "sfu_publish",
            {"offer": pages["respondent"].evaluate("window.offer_up()")},
            namespace=NAMESPACE,
        )
        for label in tried:
            respondent.emit("sfu_subscribe", {"feeds": [label]}, namespace=NAMESPACE)
        received = drain(respondent)
        assert [e["args"][0]["code"] for e in received if e["name"] == "error"] == ["in_lobby"] + [
            "not_allowed"
        ] * len(tried)
        assert not [e for e in received if e["name"] in ("sfu_offer", "sfu_answer", "sfu_feeds")]
        assert videoroom.publishers(gateway.session, gateway.admin(), joint_room) == []

        # Ending the session destroys every place's room in Janus.
        mediator.emit("control", {"action": "end"}, namespace=NAMESPACE)
        for place in ("joint", "caucus:applicant", "caucus:respondent"):
            assert (
                videoroom.destroy_room(
                    gateway.session, gateway.admin(), gateway.room(room.id, place)
                )
                is False
            )


def joint_call_gateway(client):
    from mediation.extensions import socketio

    return socketio.server.namespace_handlers[NAMESPACE].gateway
