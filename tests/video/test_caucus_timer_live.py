"""In headless Chromium: a timed private room counts down for those in it, and only for them.

The mediator gives minutes before opening the private room, extends it from the console and
marks a party as joined by phone; the other side never sees the timer.
"""

import re

from tests.video import live
from tests.video.test_browser import CHROMIUM, FLAGS, join, pytestmark, server  # noqa: F401

LEFT = re.compile(r"(\d+):(\d\d)")


def _seconds(text: str) -> int:
    minutes, seconds = LEFT.search(text).groups()
    return int(minutes) * 60 + int(seconds)


def test_a_timed_private_room_counts_down_and_is_extended(server):  # noqa: F811
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
            applicant, respondent = parties["applicant"], parties["respondent"]
            applicant.wait_for_function("() => window.videoRoom.view.place === 'joint'")

            mediator.fill("#caucus-minutes", "2")
            mediator.click('[data-caucus="applicant"]')
            applicant.wait_for_selector("#caucus-timer:not(.d-none)")
            left = _seconds(applicant.text_content("#caucus-timer"))
            assert 100 < left <= 120
            # The countdown runs on: a second later it shows less.
            applicant.wait_for_function(
                "(start) => { const m = /(\\d+):(\\d\\d)/.exec("
                "document.getElementById('caucus-timer').textContent);"
                " return m && (+m[1]) * 60 + (+m[2]) < start; }",
                arg=left,
            )
            assert respondent.is_hidden("#caucus-timer")

            mediator.wait_for_selector('#caucus-timers [data-timer="caucus:applicant"]')
            mediator.click('#caucus-timers [data-timer="caucus:applicant"] .btn-outline-primary')
            applicant.wait_for_function(
                "() => { const m = /(\\d+):(\\d\\d)/.exec("
                "document.getElementById('caucus-timer').textContent);"
                " return m && (+m[1]) * 60 + (+m[2]) > 300; }"
            )

            mediator.click(f'#phone-seats [data-phone="{ids["respondent"]}"] button')
            mediator.wait_for_function(
                '(id) => document.querySelector(`#phone-seats [data-phone="${id}"] button`)'
                ".classList.contains('btn-outline-secondary')",
                arg=ids["respondent"],
            )
            for page in (mediator, applicant, respondent):
                assert page.evaluate("window.__cspViolations") == []
        finally:
            browser.close()
