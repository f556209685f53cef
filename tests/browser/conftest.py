"""Headless Debian Chromium for the browser tests, one per test module."""

import pytest

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
