"""Headless Chromium inside Janus's namespace, as a source of real offers and answers.

The page is served by Playwright itself (a route on http://localhost/, a secure context, so
getUserMedia works with the fake camera); the test carries SDP and candidates between the page
and the server, as a browser client of the SFU would over /signal.
"""

from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
    "--allow-loopback-in-peer-connection",
    "--disable-background-networking",
]
PAGE = "http://localhost/sfu"
# One peer connection up (what the page sends) and one down (what it receives), by name.
SCRIPT = """
window.pcs = {}; window.cands = {up: [], down: []};
window.open_pc = (name) => {
  const pc = new RTCPeerConnection();
  window.pcs[name] = pc; window.cands[name] = [];
  pc.onicecandidate = (e) => window.cands[name].push(e.candidate ? e.candidate.toJSON() : null);
  pc.ontrack = () => {};
  return pc;
};
window.offer_up = async () => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
  const pc = window.open_pc('up');
  stream.getTracks().forEach((t) => pc.addTrack(t, stream));
  await pc.setLocalDescription(await pc.createOffer());
  return {type: 'offer', sdp: pc.localDescription.sdp};
};
window.answer_down = async (offer) => {
  const pc = window.pcs.down || window.open_pc('down');
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription(await pc.createAnswer());
  return {type: 'answer', sdp: pc.localDescription.sdp};
};
window.gathered = (name) => window.pcs[name].iceGatheringState === 'complete';
window.frames_down = async () => {
  const stats = await window.pcs.down.getStats();
  let frames = 0;
  stats.forEach((r) => {
    if (r.type === 'inbound-rtp' && r.kind === 'video') frames += r.framesDecoded || 0;
  });
  return frames;
};
"""


@contextmanager
def chromium(janus, directory: Path):
    """Yield a function opening a fresh page (its own context) in Chromium beside Janus."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=janus.chromium(directory), args=FLAGS)
        try:

            def page():
                context = browser.new_context()
                opened = context.new_page()
                opened.route(
                    PAGE,
                    lambda route: route.fulfill(
                        body=f"<html><body><script>{SCRIPT}</script></body></html>",
                        content_type="text/html",
                    ),
                )
                opened.goto(PAGE)
                return opened

            yield page
        finally:
            browser.close()


def candidates(page, name: str) -> list:
    """Return the page's candidates of one connection once gathering is complete."""
    page.wait_for_function("(n) => window.gathered(n)", arg=name, timeout=10_000)
    return page.evaluate("(n) => window.cands[n]", name)


def connected(page, name: str, timeout: int = 15_000) -> None:
    page.wait_for_function(
        "(n) => window.pcs[n] && window.pcs[n].connectionState === 'connected'",
        arg=name,
        timeout=timeout,
    )
