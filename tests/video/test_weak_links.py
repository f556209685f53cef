"""A party on a weak mobile link, in WeChat's browser on a 360 px phone: the call in headless
Chromium with bitrate caps, a throttled network and audio only. Prints what it measured."""

import time

import pytest

from tests.browser.csp import RECORD_VIOLATIONS
from tests.video import live
from tests.video.test_browser import CHROMIUM, CONNECTED, DECODING, FLAGS, join, server  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_call_at_a_time")]
WECHAT = (
    "Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36"
    " (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065"
    " MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F36) WeChat/arm64 Weixin NetType/4G"
    " Language/zh_CN ABI/arm64"
)
VIDEO_KBPS, AUDIO_KBPS = 250, 32
# What a page has sent so far on its call with one peer, by kind (bytes of RTP payload).
BYTES_SENT = """async (peer) => {
  const stats = await window.videoRoom.pcs[String(peer)].getStats();
  const sent = {audio: 0, video: 0};
  stats.forEach((r) => { if (r.type === 'outbound-rtp') sent[r.kind] += r.bytesSent || 0; });
  return sent;
}"""
AUDIO_RECEIVED = """async (peer) => {
  const stats = await window.videoRoom.pcs[String(peer)].getStats();
  let bytes = 0;
  stats.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'audio') bytes += r.bytesReceived;
  });
  return bytes;
}"""

REFUSE_CAMERA = """
navigator.mediaDevices.getUserMedia = () =>
  Promise.reject(new DOMException('refused', 'NotAllowedError'));
"""


@pytest.fixture
def capped_server(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'weak.sqlite3'}"
    made = live.seed_rooms(url, 1)
    port = live.free_port()
    process = live.start_server(url, port, VIDEO_MAX_KBPS=VIDEO_KBPS, AUDIO_MAX_KBPS=AUDIO_KBPS)
    try:
        yield f"http://127.0.0.1:{port}", made["rooms"][0]
    finally:
        live.stop_server(process)
        live.clean_rooms(url, made)


def uplink_kbps(page, peer, seconds=4.0) -> dict:
    """Measure what one page sends to one peer, by kind, over a few seconds (kbit/s)."""
    before, start = page.evaluate(BYTES_SENT, peer), time.monotonic()
    page.wait_for_timeout(seconds * 1000)
    after, took = page.evaluate(BYTES_SENT, peer), time.monotonic() - start
    return {kind: round((after[kind] - before[kind]) * 8 / 1000 / took, 1) for kind in after}


def test_a_throttled_party_in_wechat_stays_in_the_call_in_audio_only(capped_server):
    from playwright.sync_api import sync_playwright

    base, room = capped_server
    ids, tokens = room["ids"], room["tokens"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            mediator = join(browser, base, tokens["mediator"])
            mediator.wait_for_selector("#console:not(.d-none)")
            phone = browser.new_context(
                locale="zh-CN",
                user_agent=WECHAT,
                viewport={"width": 360, "height": 740},
                is_mobile=True,
                has_touch=True,
            )
            phone.add_init_script(RECORD_VIOLATIONS)
            party = phone.new_page()
            party.goto(f"{base}/video/join/{tokens['applicant']}")
            notice = party.locator("#inapp-notice")
            notice.wait_for(state="visible")
            # WeChat's menu says 在浏览器打开 whatever the page's language.
            assert "在浏览器打开" in notice.inner_text()
            assert any(name in notice.inner_text() for name in ("微信", "WeChat"))
            cdp = phone.new_cdp_session(party)
            cdp.send("Network.enable")
            # Throttled before the call starts (a connection keeps the conditions it was
            # opened under); an empty pattern matches every connection, the calls' too.
            cdp.send(
                "Network.emulateNetworkConditionsByRule",
                {
                    "offline": False,
                    "matchedNetworkConditions": [
                        {
                            "urlPattern": "",
                            "latency": 150,
                            "downloadThroughput": 300_000 / 8,
                            "uploadThroughput": 300_000 / 8,
                            "packetLoss": 2,
                        }
                    ],
                },
            )
            party.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
            party.click("#join-button")
            party.wait_for_selector("#lobby:not(.d-none)")
            other = join(browser, base, tokens["respondent"])  # on an ordinary link
            other.wait_for_selector("#lobby:not(.d-none)")

            admitted = time.monotonic()
            for side in ("applicant", "respondent"):
                mediator.click(f'#everyone [data-member="{ids[side]}"] .btn-success')
            first_frame = {}
            for name, page, peer in (
                ("throttled party", party, ids["mediator"]),
                ("mediator, from the throttled party", mediator, ids["applicant"]),
                ("other party", other, ids["mediator"]),
                ("mediator, from the other party", mediator, ids["respondent"]),
            ):
                page.wait_for_function(CONNECTED, arg=peer, timeout=30_000)
                page.wait_for_function(DECODING, arg=peer, timeout=30_000)
                first_frame[name] = round(time.monotonic() - admitted, 2)
            print(f"\ntime from admission to first decoded frame (s): {first_frame}")

            # On the phone the mediator fills the width, the self-view sits small in a corner.
            mine = party.locator('.video-cell[data-peer="me"]').bounding_box()
            theirs = party.locator(f'.video-cell[data-peer="{ids["mediator"]}"]').bounding_box()
            assert mine["width"] < 0.4 * 360 < theirs["width"]
            assert mine["y"] < theirs["y"] + theirs["height"] / 2

            party.wait_for_timeout(3000)  # the bandwidth estimate ramps up
            free = uplink_kbps(other, ids["mediator"])
            print(f"other party's uplink with video, unthrottled (kbit/s): {free}")
            assert free["video"] <= VIDEO_KBPS * 1.1
            assert free["audio"] <= AUDIO_KBPS * 1.25

            throttled_at = time.monotonic()
            throttled = uplink_kbps(party, ids["mediator"], 6.0)
            assert throttled["video"] <= VIDEO_KBPS * 1.1
            link = party.evaluate("window.videoRoom.link")
            print(f"party uplink with video, throttled to 300 kbit/s (kbit/s): {throttled}")
            print(f"party's own link as judged: {link}")
            # The link cannot carry the picture: the page proposes audio only, and it is taken.
            party.wait_for_selector("#audio-only-offer:not(.d-none)", timeout=30_000)
            proposed = round(time.monotonic() - throttled_at, 1)
            print(f"audio only proposed after (s, from the first measurement): {proposed}")
            print(f"party's own link then: {party.evaluate('window.videoRoom.link')}")
            # The others see it on the party's tile; the party sees it on their own.
            badge = f'.video-cell[data-peer="{ids["applicant"]}"] .link-badge[data-quality="poor"]'
            mediator.wait_for_selector(badge + ":not(.d-none)")
            own = party.locator('.video-cell[data-peer="me"] .link-badge')
            assert own.get_attribute("data-quality") == "poor"
            assert own.inner_text() in ("信号很差", "Connection poor")
            party.click("#accept-audio-only")
            assert party.get_attribute("#audio-only", "aria-pressed") == "true"
            cover = mediator.locator(
                f'.video-cell[data-peer="{ids["applicant"]}"] .audio-only-cover:not(.d-none)'
            )
            cover.wait_for(state="visible")
            assert "王芳" in cover.inner_text()
            party.wait_for_timeout(1000)
            heard = mediator.evaluate(AUDIO_RECEIVED, ids["applicant"])
            audio_only = uplink_kbps(party, ids["mediator"])
            to_party = uplink_kbps(mediator, ids["applicant"])
            print(f"party uplink in audio only, throttled (kbit/s): {audio_only}")
            print(f"mediator's sending to the party in audio only (kbit/s): {to_party}")
            assert audio_only["video"] < 5
            assert audio_only["audio"] <= AUDIO_KBPS * 1.25
            assert to_party["video"] < 5
            for page, peer in ((party, ids["mediator"]), (mediator, ids["applicant"])):
                assert page.evaluate(CONNECTED, peer)
            assert mediator.evaluate(AUDIO_RECEIVED, ids["applicant"]) > heard
            for page in (mediator, party, other):
                assert page.evaluate("window.__cspViolations") == []

            # Where WeChat refuses the camera, the device check says how to leave WeChat.
            refused = phone.new_page()
            refused.add_init_script(REFUSE_CAMERA)
            refused.goto(f"{base}/video/join/{tokens['respondent']}")
            problem = refused.locator("#device-problem")
            problem.wait_for(state="visible")
            assert "在浏览器打开" in problem.inner_text()
            assert any(name in problem.inner_text() for name in ("微信", "WeChat"))
        finally:
            browser.close()
