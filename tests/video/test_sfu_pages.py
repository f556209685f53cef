"""The real video page on the SFU: six people, their uploads, and a caucus nobody outside reaches.

The app's server runs with VIDEO_SFU=on and the netns Janus (tests/video/sfu_session.py); the
pages are the real room page in headless Chromium inside Janus's namespace.
"""

import socket
from pathlib import Path

import pytest

from tests.video import live, sfu_session
from tests.video.sfu_browser import CHROMIUM, FLAGS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is missing"),
]
# Each person sends one picture (VIDEO_MAX_KBPS, 400 by default) and one sound (32): what a mesh
# of six would send five times over.
MOST_UPLOAD_KBPS = 700
ON_SFU = """() => window.videoRoom.media === 'sfu'
  && Object.keys(window.videoRoom.pcs).every((k) => k === 'up' || k === 'down')"""
IN_PLACE = "(place) => window.videoRoom.view && window.videoRoom.view.place === place"
# Ask for every feed label the page was ever told of, wherever it was.
EVERY_LABEL = (
    "() => window.videoRoom.socket.emit('sfu_subscribe', {feeds: [...new Set(window.seenFeeds)]})"
)
TILES = "document.querySelectorAll('#videos .video-cell:not([data-peer=\"me\"])').length"
REFUSED = (
    "() => window.seenErrors.some((e) => e.event === 'sfu_subscribe' && e.code === 'not_allowed')"
)


@pytest.fixture
def session(janus_netns, tmp_path):
    url = f"sqlite:///{tmp_path / 'sfu-pages.sqlite3'}"
    with (
        sfu_session.served(janus_netns, url, sfu=True) as (base, room),
        sfu_session.chromium(janus_netns, tmp_path) as browser,
    ):
        yield base, room, browser


def open_pages(browser, base, room, names):
    pages = {name: sfu_session.join(browser, base, room["tokens"][name]) for name in names}
    mediator = pages.get("mediator")
    if mediator is not None:
        mediator.wait_for_selector("#console:not(.d-none)")
        others = [room["ids"][n] for n in names if n != "mediator"]
        for name in names:
            if name != "mediator":
                pages[name].wait_for_selector("#lobby:not(.d-none)")
        sfu_session.admit(mediator, others)
    for page in pages.values():
        page.wait_for_function(IN_PLACE, arg="joint")
    return pages


def receive_everyone(pages, ids):
    for name, page in pages.items():
        for other in pages:
            if other != name:
                sfu_session.decoding(page, ids[other])


def test_six_people_each_receive_the_other_five_and_upload_one_stream(session):
    base, room, browser = session
    ids = room["ids"]
    first = sfu_session.PEOPLE[:-1]
    pages = open_pages(browser, base, room, first)
    receive_everyone(pages, ids)

    # The last one joins once the others' calls are up: they receive the newcomer too.
    late = sfu_session.join(browser, base, room["tokens"]["interpreter"])
    late.wait_for_selector("#lobby:not(.d-none)")
    sfu_session.admit(pages["mediator"], [ids["interpreter"]])
    late.wait_for_function(IN_PLACE, arg="joint")
    pages["interpreter"] = late
    receive_everyone(pages, ids)

    for page in pages.values():
        assert page.evaluate(ON_SFU)
    kbps = sfu_session.upload_kbps(pages, 10)
    assert all(0 < k < MOST_UPLOAD_KBPS for k in kbps.values()), kbps


def test_a_person_left_in_the_joint_room_reaches_no_feed_of_the_caucus(session):
    base, room, browser = session
    ids = room["ids"]
    pages = open_pages(
        browser, base, room, ("mediator", "applicant", "applicant_agent", "respondent")
    )
    receive_everyone(pages, ids)
    respondent = pages["respondent"]

    pages["mediator"].evaluate(
        "() => window.videoRoom.socket.emit('control', {action: 'caucus', side: 'applicant'})"
    )
    for name in ("mediator", "applicant", "applicant_agent"):
        pages[name].wait_for_function(IN_PLACE, arg="caucus:applicant")
    # The caucus publishes again in its own room and its people receive each other there.
    pages["mediator"].wait_for_selector(
        f'.video-cell[data-peer="{ids["respondent"]}"]', state="detached"
    )
    sfu_session.decoding(pages["mediator"], ids["applicant"])
    respondent.wait_for_function("() => window.videoRoom.view.peers.length === 0")

    seen = set(respondent.evaluate("window.seenFeeds"))
    assert len(seen) >= 3  # the mediator's and the applicant side's labels in the joint room
    respondent.evaluate(EVERY_LABEL)
    respondent.wait_for_function(REFUSED)
    respondent.wait_for_timeout(3000)
    assert respondent.evaluate(TILES) == 0
    assert respondent.evaluate("window.videoRoom.pcs.down === undefined")


# Bytes of each kind the page's connection `which` has sent (outbound) or received (inbound).
BYTES_OF = """async ([which, direction]) => {
  const totals = {audio: 0, video: 0};
  const pc = window.videoRoom.pcs[which];
  if (!pc) return totals;
  (await pc.getStats()).forEach((r) => {
    if (r.type === direction + '-rtp') totals[r.kind] += r.bytesSent || r.bytesReceived || 0;
  });
  return totals;
}"""


UNAVAILABLE = (
    "() => document.getElementById('notice').textContent.includes('视频服务器暂时没有响应')"
)
DOWN_CONNECTED = "() => (window.videoRoom.pcs.down || {}).connectionState === 'connected'"


def flowing(page, which, direction, seconds=3):
    before = page.evaluate(BYTES_OF, [which, direction])
    page.wait_for_timeout(seconds * 1000)
    after = page.evaluate(BYTES_OF, [which, direction])
    return {kind: after[kind] - before[kind] for kind in after}


def test_audio_only_on_the_sfu_sends_and_takes_down_no_picture(session):
    base, room, browser = session
    ids = room["ids"]
    pages = open_pages(browser, base, room, ("mediator", "applicant", "respondent"))
    receive_everyone(pages, ids)
    applicant = pages["applicant"]

    applicant.click("#audio-only")
    cover = f'.video-cell[data-peer="{ids["applicant"]}"] .audio-only-cover:not(.d-none)'
    pages["mediator"].wait_for_selector(cover)
    applicant.wait_for_function(DOWN_CONNECTED)
    applicant.wait_for_timeout(2000)
    up, down = flowing(applicant, "up", "outbound"), flowing(applicant, "down", "inbound")
    assert up["video"] < 2000 < up["audio"], up
    assert down["video"] < 2000 < down["audio"], down


@pytest.fixture
def janus_down(tmp_path):
    """The app on the SFU, with nothing listening where Janus should be."""
    url = f"sqlite:///{tmp_path / 'sfu-down.sqlite3'}"
    made = live.seed_rooms(url, 1)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        nowhere = s.getsockname()[1]
    port = live.free_port()
    process = live.start_server(
        url,
        port,
        VIDEO_SFU="on",
        SFU_URL=f"http://127.0.0.1:{nowhere}/janus",
        SFU_API_SECRET="unused",  # noqa: S106 (nothing answers)
        SFU_TIMEOUT=2,
    )
    try:
        yield f"http://127.0.0.1:{port}", made["rooms"][0]
    finally:
        live.stop_server(process)
        live.clean_rooms(url, made)


def test_a_session_whose_video_server_is_down_says_so_and_keeps_the_room(janus_down):
    from playwright.sync_api import sync_playwright

    base, room = janus_down
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            pages = open_pages(browser, base, room, ("mediator", "applicant"))
            applicant = pages["applicant"]
            applicant.wait_for_function(UNAVAILABLE)
            assert pages["mediator"].is_visible("#console")
            applicant.fill("#chat-input", "听得到吗")
            applicant.click("#chat-form button[type=submit]")
            pages["mediator"].wait_for_function(
                "() => document.getElementById('chat-log').textContent.includes('听得到吗')"
            )
        finally:
            browser.close()


# Mark what a page shows of a peer now, so that what comes after a reconnection can be told apart.
MARK_TILE = """(peer) => {
  document.querySelector(`.video-cell[data-peer="${peer}"] video`).srcObject.marked = true;
}"""
NEW_PICTURE = """(peer) => {
  const v = document.querySelector(`.video-cell[data-peer="${peer}"] video`);
  return !!v && !!v.srcObject && !v.srcObject.marked && v.readyState >= 2;
}"""


def test_after_a_reconnection_a_person_publishes_again_and_is_received_again(session):
    base, room, browser = session
    ids = room["ids"]
    pages = open_pages(browser, base, room, ("mediator", "applicant", "respondent"))
    receive_everyone(pages, ids)
    respondent = pages["respondent"]
    for name in ("mediator", "applicant"):
        pages[name].evaluate(MARK_TILE, ids["respondent"])
        respondent.evaluate(MARK_TILE, ids[name])
    respondent.evaluate("() => { window.videoRoom.pcs.up.marked = true; }")

    respondent.evaluate("() => window.videoRoom.socket.io.engine.close()")
    respondent.wait_for_function("() => window.videoRoom.pcs.up && !window.videoRoom.pcs.up.marked")
    for name in ("mediator", "applicant"):
        pages[name].wait_for_function(NEW_PICTURE, arg=ids["respondent"])
        respondent.wait_for_function(NEW_PICTURE, arg=ids[name])


@pytest.fixture
def recorded_session(janus_netns, tmp_path):
    url = f"sqlite:///{tmp_path / 'sfu-recorded.sqlite3'}"
    raw = tmp_path / "raw"
    with (
        sfu_session.served(janus_netns, url, sfu=True, recordings=raw) as (base, room),
        sfu_session.chromium(janus_netns, tmp_path) as browser,
    ):
        yield base, room, browser, raw


RECORDING = "(on) => window.videoRoom.view && window.videoRoom.view.recording === on"


def test_the_mediators_record_button_on_the_sfu_has_janus_record_and_the_browser_uploads_nothing(
    recorded_session,
):
    base, room, browser, raw = recorded_session
    names = ("mediator", "applicant", "respondent")
    pages = open_pages(browser, base, room, names)
    receive_everyone(pages, room["ids"])
    pressed = "() => document.getElementById('consent-toggle').ariaPressed === 'true'"
    for page in pages.values():
        page.click("#consent-toggle")
        page.wait_for_function(pressed)
    mediator = pages["mediator"]
    mediator.wait_for_selector("#record:not([disabled])")
    mediator.click("#record")
    for page in pages.values():
        page.wait_for_function(RECORDING, arg=True)
    # Janus writes each publisher's raw files; the mediator's browser records nothing itself.
    mediator.wait_for_function(
        "() => !window.videoRoom.recorder.active && !window.videoRoom.recorder.uploader"
    )
    mediator.wait_for_timeout(3000)
    assert sorted(p.suffix for p in raw.rglob("*.mjr")), "Janus wrote no raw file"
    mediator.click("#record", timeout=120_000)
    for page in pages.values():
        page.wait_for_function(RECORDING, arg=False)
