"""Headless Debian Chromium for the browser tests, one per test module, and the demo county."""

import pytest

from tests.browser.staff import ROLES, flask, log_in
from tests.video import live
from tests.video.test_browser import CHROMIUM, FLAGS


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def demo_county(tmp_path_factory):
    """The demo county under the real gunicorn, for one module; yield its address."""
    url = f"sqlite:///{tmp_path_factory.mktemp('county') / 'county.sqlite3'}"
    flask(url, "db", "upgrade")
    flask(url, "seed-demo")
    port = live.free_port()
    process = live.start_server(url, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        live.stop_server(process)


@pytest.fixture(scope="module")
def staff(browser, demo_county):
    """One signed-in page per staff role for the whole module (log-ins are rate limited)."""
    pages = {role: log_in(browser, demo_county, mobile) for role, mobile in ROLES.items()}
    try:
        yield pages
    finally:
        for page in pages.values():
            page.context.close()
