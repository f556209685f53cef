"""The main pages, on a phone-wide screen in headless Chromium, run under the CSP untouched."""

from pathlib import Path

import pytest

from mediation.demo.seed import DEMO_PASSWORD
from tests.browser import csp
from tests.browser.staff import flask
from tests.video import live
from tests.video.test_browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
COORDINATOR = "13900000002"
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # Always a file of its own: the demo county is committed, so it stays off shared databases.
    url = f"sqlite:///{tmp_path_factory.mktemp('csp') / 'walk.sqlite3'}"
    flask(url, "db", "upgrade")
    flask(url, "seed-demo")
    made = live.seed_rooms(url, 1)
    port = live.free_port()
    process = live.start_server(url, port)
    try:
        yield f"http://127.0.0.1:{port}", made["rooms"][0]["tokens"]["mediator"]
    finally:
        live.stop_server(process)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    seen = csp.watch(context)
    try:
        yield context.new_page(), seen
    finally:
        context.close()


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


CHARTED = "(id) => { const c = document.getElementById(id); return !!c && !!Chart.getChart(c); }"


def test_public_pages_run_without_csp_violations(server, phone):
    base, _ = server
    page, seen = phone
    for path in ("/", "/disputes/new", "/login", "/register", "/studios"):
        visit(page, base + path)
        assert csp.violations(page, seen) == [], path
    # The filing form's script ran: choosing a township fills the village list.
    visit(page, base + "/disputes/new")
    page.select_option("#township_id", index=1)
    page.wait_for_function("() => document.querySelectorAll('#village_id option').length > 1")
    assert csp.violations(page, seen) == []


def test_a_coordinators_pages_and_charts_run_without_csp_violations(server, phone):
    base, _ = server
    page, seen = phone
    visit(page, base + "/login")
    page.fill("#mobile", COORDINATOR)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#main button[type=submit]")
    page.wait_for_url(base + "/today")
    visit(page, base + "/disputes")
    case_link = page.locator("a[href^='/disputes/']:not([href^='/disputes/new'])").first
    case_url = base + case_link.get_attribute("href")
    visit(page, case_url)
    assert csp.violations(page, seen) == [], case_url
    assert page.locator("img.case-qr").evaluate("(img) => img.naturalWidth > 0")
    for path, chart in (("/reports", "chart-monthly"), ("/assignments/workload", "studio-chart")):
        visit(page, base + path)
        assert csp.violations(page, seen) == [], path
        page.wait_for_function(CHARTED, arg=chart, timeout=10_000)
    # workload.js sized the chart's box, which the policy would refuse as a style attribute.
    height = page.locator("#studio-chart").evaluate("(c) => c.parentElement.style.height")
    assert height.endswith("px") and int(height[:-2]) > 60
    # The menu opens at phone width (Bootstrap's script, its styles set through the DOM).
    page.click(".navbar-toggler")
    page.wait_for_selector("#site-menu.show")
    assert csp.violations(page, seen) == []


def test_the_video_room_connects_without_csp_violations(server, phone):
    base, token = server
    page, seen = phone
    page.context.grant_permissions(["camera", "microphone"])
    visit(page, f"{base}/video/join/{token}")
    page.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
    page.click("#join-button")
    page.wait_for_function(
        "() => window.videoRoom.socket && window.videoRoom.socket.connected",
        timeout=15_000,
    )
    # Socket.IO moves from polling to a WebSocket to the same origin (connect-src 'self').
    page.wait_for_function(
        "() => window.videoRoom.socket.io.engine.transport.name === 'websocket'",
        timeout=15_000,
    )
    assert csp.violations(page, seen) == []
