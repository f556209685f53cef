"""The parties' whole path on a 360 px phone in Chinese, staff doing only acceptance and assignment.

One county, served by the real gunicorn at fixed instants: Monday 7 December 2026 09:00
Beijing time for filing, answering and booking; then the next morning, a few minutes before
the booked session, for the video room, the agreement and the survey.
"""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mediation.demo.seed import DEMO_PASSWORD
from tests.browser import csp
from tests.browser.party_path import County
from tests.video.test_browser import CHROMIUM, FLAGS

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
MONDAY_9AM = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
PHONE = {"width": 360, "height": 740}
DESK = {"width": 1366, "height": 768}
COORDINATOR = "13900000002"  # the county centre: sees every station's cases
MEDIATOR = "13700000000"
APPLICANT = ("张秀英", "13612340001")
RESPONDENT = ("刘建国", "13612340002")


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    county = County(tmp_path_factory.mktemp("party-path"), MONDAY_9AM)
    county.serve_at(MONDAY_9AM)
    try:
        yield county
    finally:
        county.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    context.grant_permissions(["camera", "microphone"])
    seen = csp.watch(context)
    page = context.new_page()
    page.seen = seen
    return page


def desk(browser, county, mobile):
    context = browser.new_context(viewport=DESK, locale="zh-CN")
    context.grant_permissions(["camera", "microphone"])
    page = context.new_page()
    page.goto(county.base + "/login")
    page.fill("#mobile", mobile)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#main button[type=submit]")
    page.wait_for_url(county.base + "/")
    return page


def fits_the_phone(page) -> None:
    """Nothing on the page is wider than the phone's screen."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide"


def confirmation(page) -> str:
    return page.locator(".flash-message").first.inner_text()


def act(page, action: str) -> None:
    """Press the case page's button for one lifecycle action."""
    page.click(f"form:has([name=action][value={action}]) button[type=submit]")
    page.wait_for_load_state()


def file_a_dispute(page, county) -> str:
    """File as the applicant without an account; return the private case link's address."""
    page.goto(county.base + "/disputes/new")
    fits_the_phone(page)
    page.click("label[for=category-neighbour]")
    page.fill("#description", "邻居刘建国家修围墙，占了我家门前的公共通道，车进不去。")
    page.select_option("#township_id", index=1)
    page.wait_for_function("() => document.querySelectorAll('#village_id option').length > 1")
    page.fill("#applicants-0-name", APPLICANT[0])
    page.fill("#applicants-0-mobile", APPLICANT[1])
    page.fill("#respondents-0-name", RESPONDENT[0])
    page.fill("#respondents-0-mobile", RESPONDENT[1])
    page.click("form[data-filing-form] button[type=submit]")
    page.wait_for_url("**/c/**")
    fits_the_phone(page)
    assert "申请已提交" in page.content()
    return page.locator("#private-link").input_value()


def test_the_whole_path_from_filing_to_the_survey(county, browser):
    applicant = phone(browser)
    private_link = file_a_dispute(applicant, county)
    code = applicant.locator(".case-code-large").inner_text().strip()

    # The applicant is texted the case code and the same private link.
    filed = county.texts_to(APPLICANT[1])[-1]
    assert code in filed["body"] and private_link in filed["body"]
    assert "人民调解申请已收到" in filed["subject"]

    coordinator = desk(browser, county, COORDINATOR)
    coordinator.goto(f"{county.base}/disputes/{code.replace('-', '')}")
    act(coordinator, "accept")
    assert "已受理" in confirmation(coordinator)

    # The respondent hears of the case by text, with their own link.
    respondent = phone(browser)
    respondent_link = county.link_in_latest_text(RESPONDENT[1])
    assert respondent_link != private_link
    respondent.goto(respondent_link)
    fits_the_phone(respondent)
    page = respondent.content()
    assert "邻居刘建国家修围墙" in page
    assert csp.violations(respondent, respondent.seen) == []
