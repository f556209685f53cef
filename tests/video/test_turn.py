"""The relay for real: coturn from Debian's package, the app handing out its credentials, and
two headless Chromiums whose call goes through it (ICE_TRANSPORT_POLICY=relay)."""

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from mediation.video.ice import turn_credentials
from tests.video import live
from tests.video.test_browser import CHROMIUM, CONNECTED, DECODING, FLAGS, join
from tests.video.turnclient import allocate
from tests.video.wsclient import SignalClient

TURNSERVER = shutil.which("turnserver") or "/usr/bin/turnserver"
LOCAL_CONF = live.ROOT / "deploy" / "coturn" / "turnserver-local.conf"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(not Path(TURNSERVER).exists(), reason="coturn is not installed"),
]
# Credentials that expired in 2001 and that last until 2033 (coturn reads the expiry as a
# signed 32-bit number): no clock is read to make them.
LONG_AGO, FAR_AHEAD = 1_000_000_000, 2_000_000_000
TTL = 900
SELECTED_PAIR = """async (peer) => {
  const stats = await window.videoRoom.pcs[String(peer)].getStats();
  let pair = null;
  stats.forEach((r) => {
    if (r.type === 'transport' && r.selectedCandidatePairId) {
      pair = stats.get(r.selectedCandidatePairId);
    }
  });
  if (!pair) return null;
  let frames = 0;
  stats.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0;
  });
  return {
    local: stats.get(pair.localCandidateId).candidateType,
    remote: stats.get(pair.remoteCandidateId).candidateType,
    state: pair.state,
    frames: frames,
  };
}"""


def _wait_for_turn(process: subprocess.Popen, port: int, secret: str) -> None:
    username, password = turn_credentials(secret, "probe", 0, now=FAR_AHEAD)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("turnserver stopped while starting")
        try:
            allocate("127.0.0.1", port, username, password, timeout=0.5)
            return
        except OSError:  # not listening yet: refused or no answer
            time.sleep(0.2)
    raise RuntimeError(f"turnserver did not answer on 127.0.0.1:{port}")


@pytest.fixture(scope="module")
def coturn():
    """Run coturn with the repository's local configuration on a free port and a fresh secret."""
    port = live.free_port(3478, 3498)
    secret = secrets.token_urlsafe(24)
    process = subprocess.Popen(  # noqa: S603 (fixed command)
        [
            TURNSERVER,
            "-c",
            str(LOCAL_CONF),
            "--listening-port",
            str(port),
            "--static-auth-secret",
            secret,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_turn(process, port, secret)
        yield port, secret
    finally:
        live.stop_server(process)


@pytest.fixture(scope="module")
def relayed_app(coturn, tmp_path_factory):
    """Start the app with coturn as its relay and every call forced through it."""
    port, secret = coturn
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('turn') / 'turn.sqlite3'}"
    )
    made = live.seed_rooms(url, 1)
    app_port = live.free_port()
    process = live.start_server(
        url,
        app_port,
        TURN_URLS=f"turn:127.0.0.1:{port}?transport=udp",
        TURN_SECRET=secret,
        TURN_TTL=TTL,
        ICE_TRANSPORT_POLICY="relay",
    )
    try:
        yield f"http://127.0.0.1:{app_port}", made["rooms"][0]
    finally:
        live.stop_server(process)
        live.clean_rooms(url, made)


def test_coturn_accepts_a_current_credential_and_refuses_an_expired_one(coturn):
    port, secret = coturn
    assert allocate("127.0.0.1", port, *turn_credentials(secret, "7", TTL, now=FAR_AHEAD)) == 200
    assert allocate("127.0.0.1", port, *turn_credentials(secret, "7", TTL, now=LONG_AGO)) == 401
    assert allocate("127.0.0.1", port, *turn_credentials("other", "7", TTL, now=FAR_AHEAD)) == 401


def test_the_apps_credentials_last_turn_ttl_and_coturn_accepts_them(coturn, relayed_app):
    port, _secret = coturn
    base, room = relayed_app
    client = SignalClient(base, {"token": room["tokens"]["respondent"]})
    try:
        welcome = client.wait_for("welcome")
    finally:
        client.close()
    assert welcome["ice_transport_policy"] == "relay"
    (server,) = welcome["ice_servers"]
    expiry, user = server["username"].split(":")
    assert user == str(room["ids"]["respondent"])
    # The server's clock made the expiry; the credential lasts TURN_TTL from it.
    assert 0 < int(expiry) - time.time() <= TTL  # noqa: DTZ005 (coturn judges by this clock)
    assert allocate("127.0.0.1", port, server["username"], server["credential"]) == 200


def test_a_real_client_is_refused_with_an_object_for_a_bad_session_id(relayed_app):
    base, room = relayed_app
    refusals = []

    class Watched(SignalClient):
        def close(self) -> None:
            refusals.append(self.refused)
            super().close()

    with pytest.raises(ConnectionError):
        Watched(base, {"token": room["tokens"]["respondent"], "session_id": "7"})
    (refused,) = refusals
    assert refused["data"]["code"] == "bad_session_id"
    assert refused["message"] == refused["data"]["message"]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")
def test_two_browsers_call_each_other_through_coturn(relayed_app):
    from playwright.sync_api import sync_playwright

    base, room = relayed_app
    ids, tokens = room["ids"], room["tokens"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            mediator = join(browser, base, tokens["mediator"])
            mediator.wait_for_selector("#console:not(.d-none)")
            applicant = join(browser, base, tokens["applicant"])
            applicant.wait_for_selector("#lobby:not(.d-none)")
            mediator.click(f'#everyone [data-member="{ids["applicant"]}"] .btn-success')
            for page, peer in ((mediator, ids["applicant"]), (applicant, ids["mediator"])):
                page.wait_for_function(CONNECTED, arg=peer, timeout=30_000)
                page.wait_for_function(DECODING, arg=peer, timeout=30_000)
                pair = page.evaluate(SELECTED_PAIR, peer)
                assert pair["local"] == "relay" and pair["remote"] == "relay", pair
                assert pair["state"] == "succeeded" and pair["frames"] > 0, pair
        finally:
            browser.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")
def test_the_room_page_shows_a_refusal_and_does_not_retry(relayed_app):
    from playwright.sync_api import sync_playwright

    base, room = relayed_app
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_context(locale="zh-CN").new_page()
            page.goto(f"{base}/video/join/{room['tokens']['respondent']}")
            page.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
            # The page sends only its token; this one also sends a session number as text.
            page.evaluate(
                """() => {
                  const io = window.io;
                  window.io = (ns, options) =>
                    io(ns, { ...options, auth: { ...options.auth, session_id: "7" } });
                }"""
            )
            page.click("#join-button")
            page.wait_for_function(
                "() => document.getElementById('notice').textContent.includes('42')"
            )
            assert page.evaluate("window.videoRoom.socket.connected") is False
            assert page.evaluate("window.videoRoom.socket.active") is False
        finally:
            browser.close()
