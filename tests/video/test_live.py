"""Signaling against real server processes (gunicorn -k gevent), with python-socketio clients."""

import os

import pytest

from tests.video import live
from tests.video.wsclient import SignalClient

pytestmark = pytest.mark.slow
PG_URL = os.environ.get("TEST_DATABASE_URL", "")
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def Peer(base: str, token: str) -> SignalClient:
    return SignalClient(base, {"token": token})


def run_call(bases: list[str], room: dict) -> None:
    """Mediator admits both parties, the applicant and the mediator exchange an offer and an
    answer, the respondent reaches the mediator; in the applicant's caucus the respondent can
    no longer reach them."""
    tokens, ids = room["tokens"], room["ids"]
    mediator = Peer(bases[0], tokens["mediator"])
    applicant = Peer(bases[-1], tokens["applicant"])
    respondent = Peer(bases[0], tokens["respondent"])
    try:
        for name in ("applicant", "respondent"):
            mediator.emit("control", {"action": "admit", "participant": ids[name]})
        applicant.wait_for("room", lambda v: ids["mediator"] in v["peers"])
        applicant.emit("signal", {"to": ids["mediator"], "kind": "offer", "data": {"sdp": "o"}})
        offer = mediator.wait_for("signal")
        assert offer == {"from": ids["applicant"], "kind": "offer", "data": {"sdp": "o"}}
        mediator.emit("signal", {"to": ids["applicant"], "kind": "answer", "data": {"sdp": "a"}})
        assert applicant.wait_for("signal")["kind"] == "answer"
        # The respondent shares the mediator's process: delivered there without the queue.
        respondent.wait_for("room", lambda v: ids["mediator"] in v["peers"])
        respondent.emit("signal", {"to": ids["mediator"], "kind": "candidate", "data": {"c": 1}})
        nearby = mediator.wait_for("signal", lambda m: m["from"] == ids["respondent"])
        assert nearby["data"] == {"c": 1}

        mediator.emit("control", {"action": "caucus", "side": "applicant"})
        respondent.wait_for("room", lambda v: v["place"] == "joint" and v["peers"] == [])
        respondent.emit("signal", {"to": ids["mediator"], "kind": "offer", "data": {}})
        assert respondent.wait_for("error")["code"] == "not_allowed"
    finally:
        for peer in (mediator, applicant, respondent):
            peer.close()


@pytest.fixture
def database(tmp_path):
    """A database the servers share: the PostgreSQL test database, or a fresh SQLite file."""
    url = PG_URL or f"sqlite:///{tmp_path / 'live.sqlite3'}"
    made = live.seed_rooms(url, 1)
    yield url, made
    live.clean_rooms(url, made)


def test_real_server_relays_only_within_the_rules(database):
    url, made = database
    port = live.free_port()
    server = live.start_server(url, port)
    try:
        run_call([f"http://127.0.0.1:{port}"], made["rooms"][0])
    finally:
        live.stop_server(server)


def test_real_server_refuses_a_bad_token(database):
    url, made = database
    port = live.free_port()
    server = live.start_server(url, port)
    try:
        with pytest.raises(ConnectionError):
            Peer(f"http://127.0.0.1:{port}", made["rooms"][0]["tokens"]["mediator"] + "x")
    finally:
        live.stop_server(server)


@pytest.mark.redis
@pytest.mark.skipif(
    not (REDIS_URL and PG_URL.startswith("postgres")),
    reason="needs TEST_REDIS_URL and a PostgreSQL TEST_DATABASE_URL (two processes share both)",
)
def test_two_server_processes_share_a_call_through_redis(database):
    url, made = database
    ports = [live.free_port(5350, 5355), live.free_port(5355, 5360)]
    servers = [live.start_server(url, port, REDIS_URL) for port in ports]
    try:
        run_call([f"http://127.0.0.1:{port}" for port in ports], made["rooms"][0])
    finally:
        for server in servers:
            live.stop_server(server)
