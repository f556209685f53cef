"""On a phone, switching language keeps what was typed; the error summary leads to the field."""

from pathlib import Path

import pytest

from tests.browser.test_csp_walk import PHONE
from tests.video.test_browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
]
DESCRIPTION = "邻居家的树根把我家的墙顶裂了。"


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    try:
        yield context.new_page()
    finally:
        context.close()


def switch_language(page, label: str, lang: str) -> None:
    """Open the phone menu and press a language button; wait for the page in that language."""
    page.click(".navbar-toggler")
    page.wait_for_selector("#site-menu.show")
    with page.expect_navigation():
        page.click(f".lang-switch button:text-is('{label}')")
    page.wait_for_selector(f"html[lang='{lang}']")
    page.wait_for_load_state("networkidle")


def fill_the_filing_form(page) -> dict[str, str]:
    page.click("label[for='category-neighbour']")
    page.fill("#description", DESCRIPTION)
    page.fill("#amount", "1200")
    page.fill("#applicants-0-name", "王芳")
    page.fill("#applicants-0-mobile", "15812345678")
    page.fill("#respondents-0-name", "李强")
    page.fill("#respondents-0-mobile", "13712345678")
    page.click("[data-party-side='respondents'] [data-add-party]")
    page.fill("#respondents-1-name", "李强的妻子")
    page.select_option("#township_id", index=1)
    page.select_option("#village_id", index=1)
    return {
        "#description": DESCRIPTION,
        "#amount": "1200",
        "#applicants-0-name": "王芳",
        "#applicants-0-mobile": "15812345678",
        "#respondents-0-name": "李强",
        "#respondents-1-name": "李强的妻子",
        "#township_id": page.input_value("#township_id"),
        "#village_id": page.input_value("#village_id"),
    }


def assert_values(page, expected: dict[str, str]) -> None:
    for selector, value in expected.items():
        assert page.input_value(selector) == value, selector
    assert page.is_checked("#category-neighbour")


def test_switching_language_keeps_a_half_filled_filing_form(demo_county, page):
    page.goto(demo_county + "/disputes/new")
    assert page.get_attribute("html", "lang") == "zh-CN"
    typed = fill_the_filing_form(page)
    switch_language(page, "English", "en")
    assert page.locator("h1").inner_text() == "Apply for mediation"
    assert_values(page, typed)
    switch_language(page, "中文", "zh-CN")
    assert_values(page, typed)


def test_switching_language_never_keeps_a_password(demo_county, page):
    page.goto(demo_county + "/login")
    page.fill("#mobile", "13812345678")
    page.fill("#password", "secret-words")
    page.click(".navbar-toggler")
    page.wait_for_selector("#site-menu.show")
    page.evaluate(
        "() => document.querySelector('[data-language-switch] button[lang=en]')"
        ".closest('form').addEventListener('submit', () => {"
        " window.name = sessionStorage.getItem('kept-form-values') || ''; })"
    )
    with page.expect_navigation():
        page.click(".lang-switch button:text-is('English')")
    page.wait_for_selector("html[lang='en']")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#mobile") == "13812345678"
    assert page.input_value("#password") == ""
    stored = page.evaluate("() => window.name")
    assert "13812345678" in stored and "secret-words" not in stored


def test_the_error_summary_takes_focus_and_its_link_reaches_the_field(demo_county, page):
    page.goto(demo_county + "/disputes/new")
    fill_the_filing_form(page)
    page.fill("#respondents-0-mobile", "123")
    with page.expect_navigation():
        page.click("[data-submit]")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
    page.click("[data-error-summary] a[href='#respondents-0-mobile']")
    assert page.evaluate("() => document.activeElement.id") == "respondents-0-mobile"
    # Bootstrap scrolls smoothly: wait until the field has arrived on the screen.
    page.wait_for_function(
        "() => { const r = document.getElementById('respondents-0-mobile')"
        ".getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }",
        timeout=5_000,
    )
