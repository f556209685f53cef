"""End to end in headless Chromium: admit, a real WebRTC call, consent to recording, a caucus."""

import os
from pathlib import Path

import pytest

from tests.browser.csp import RECORD_VIOLATIONS
from tests.video import live

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-background-networking",
]
CONNECTED = """(peer) => {
  const pc = window.videoRoom.pcs[String(peer)];
  return !!pc && pc.connectionState === 'connected';
}"""
DECODING = """(peer) => {
  const v = document.querySelector(`.video-cell[data-peer="${peer}"] video`);
  return !!v && v.getVideoPlaybackQuality().totalVideoFrames > 0;
}"""


@pytest.fixture
def server(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'e2e.sqlite3'}"
    made = live.seed_rooms(url, 1)
    port = live.free_port()
    process = live.start_server(url, port)
    try:
        yield f"http://127.0.0.1:{port}", made["rooms"][0]
    finally:
        live.stop_server(process)
        live.clean_rooms(url, made)


def join(browser, base, token):
    context = browser.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.goto(f"{base}/video/join/{token}")
    page.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
    page.click("#join-button")
    return page


def test_admitted_party_calls_the_mediator_and_a_caucus_cuts_the_other_side_off(server):
    from playwright.sync_api import sync_playwright

    base, room = server
    ids, tokens = room["ids"], room["tokens"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            mediator = join(browser, base, tokens["mediator"])
            mediator.wait_for_selector("#console:not(.d-none)")
            parties = {
                side: join(browser, base, tokens[side]) for side in ("applicant", "respondent")
            }
            live.admit_all(mediator, parties, ids)

            applicant = parties["applicant"]
            for page, peer in ((mediator, ids["applicant"]), (applicant, ids["mediator"])):
                page.wait_for_function(CONNECTED, arg=peer, timeout=30_000)
                page.wait_for_function(DECODING, arg=peer, timeout=30_000)

            # Agreement to recording is given and withdrawn from inside the room.
            pressed = "() => document.getElementById('consent-toggle').ariaPressed === '%s'"
            for page in (mediator, *parties.values()):
                page.click("#consent-toggle")
                page.wait_for_function(pressed % "true")
            mediator.wait_for_selector("#record:not([disabled])")
            parties["respondent"].click("#consent-toggle")
            parties["respondent"].wait_for_function(pressed % "false")
            mediator.wait_for_selector("#record[disabled]")

            mediator.click('[data-caucus="applicant"]')
            # The mediator's room map puts each person in the box of the room they are in.
            in_box = (
                "([place, id]) => !!document.querySelector("
                '`#room-map [data-place="${place}"] [data-member="${id}"]`)'
            )
            for place, who in (
                ("caucus:applicant", "applicant"),
                ("caucus:applicant", "mediator"),
                ("joint", "respondent"),
            ):
                mediator.wait_for_function(in_box, arg=[place, ids[who]])
            respondent = parties["respondent"]
            respondent.wait_for_function(
                "() => window.videoRoom.view.place === 'joint'"
                " && window.videoRoom.view.peers.length === 0"
                " && Object.keys(window.videoRoom.pcs).length === 0"
            )
            respondent.evaluate(
                "(to) => window.videoRoom.socket.emit('signal', {to, kind: 'offer', data: {}})",
                ids["mediator"],
            )
            respondent.wait_for_function(
                "() => /./.test(document.getElementById('notice').textContent)"
            )
            applicant.wait_for_function(CONNECTED, arg=ids["mediator"])
            assert str(ids["respondent"]) not in applicant.evaluate(
                "Object.keys(window.videoRoom.pcs)"
            )
            for page in (mediator, *parties.values()):
                assert page.evaluate("window.__cspViolations") == []
        finally:
            browser.close()
