"""The parties' whole path on a 360 px phone in Chinese, staff doing only acceptance and assignment.

One county, served by the real gunicorn at fixed instants: Monday 7 December 2026 09:00
Beijing time for filing, answering and booking; then the next morning, a few minutes before
the booked session, for the video room, the agreement and the survey.
"""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mediation.demo.seed import DEMO_PASSWORD
from tests.browser import csp
from tests.browser.party_path import County
from tests.video.test_browser import CHROMIUM

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
# Other people for the shorter paths: each number has its own limits on texted codes.
DECLINING = (("王桂兰", "13612340011"), ("赵德明", "13612340012"))
STOPPING = (("陈玉梅", "13612340021"), ("孙志强", "13612340022"))


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    county = County(tmp_path_factory.mktemp("party-path"), MONDAY_9AM)
    try:
        yield county
    finally:
        county.stop()


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
    page.wait_for_url(county.base + "/today")
    return page


CONNECTED_TO_SOMEONE = """() => Object.values(window.videoRoom.pcs)
  .some((pc) => pc.connectionState === 'connected')"""
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > 361 || e.scrollWidth > e.clientWidth + 1)
  .filter((e) => getComputedStyle(e).overflowX === 'visible')
  .slice(-3)
  .map((e) => `${e.tagName}.${e.className} ${e.scrollWidth}px ${e.textContent.slice(0, 80)}`)"""


def fits_the_phone(page) -> None:
    """Nothing on the page is wider than the phone's screen."""
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(WIDEST)
    assert width <= PHONE["width"], f"{page.url} is {width}px wide: {wide}"


def confirmation(page) -> str:
    return page.locator(".flash-message").first.inner_text()


def confirm_by_code(page, county, mobile: str) -> None:
    """Prove the phone holds `mobile`: ask for a code, read the text, type it."""
    panel = page.locator("[data-confirm-panel]")
    assert panel.count() == 1, f"no confirmation panel on {page.url}"
    panel.locator("[data-send-code]").click()
    page.wait_for_load_state()
    assert "验证码已发送到" in confirmation(page)
    page.fill("#confirm-code", county.latest_code(mobile))
    page.click("[data-confirm-code]")
    page.wait_for_load_state()
    assert "已确认本机持有" in confirmation(page)


def act(page, action: str) -> None:
    """Press the case page's button for one lifecycle action."""
    page.click(f"form:has([name=action][value={action}]) button[type=submit]")
    page.wait_for_load_state()


def choose_mediator(page, mediator_id: int) -> None:
    """Pick a mediator on the case page: among the ranked candidates, or as someone else."""
    ranked = page.locator(f"#candidate-{mediator_id}")
    if ranked.count():
        ranked.check()
        return
    page.check("#candidate-other")
    page.select_option("#other-mediator-id", str(mediator_id))
    page.fill("#assign-reason", "金牌调解员，申请人点名。")


def file_a_dispute(page, county, applicant=APPLICANT, respondent=RESPONDENT) -> str:
    """File as the applicant without an account; return the private case link's address."""
    page.goto(county.base + "/disputes/new")
    fits_the_phone(page)
    page.click("label[for=category-neighbour]")
    page.fill("#description", "邻居刘建国家修围墙，占了我家门前的公共通道，车进不去。")
    page.select_option("#township_id", index=1)
    page.wait_for_function("() => document.querySelectorAll('#village_id option').length > 1")
    page.fill("#applicants-0-name", applicant[0])
    page.fill("#applicants-0-mobile", applicant[1])
    page.fill("#respondents-0-name", respondent[0])
    page.fill("#respondents-0-mobile", respondent[1])
    page.click("form[data-filing-form] button[type=submit]")
    page.wait_for_url("**/c/**")
    fits_the_phone(page)
    assert "申请已提交" in page.content()
    return page.locator("#private-link").input_value()


def accepted_case(county, browser, people):
    """File as the applicant and have the coordinator accept; return the pages and links."""
    county.serve_at(MONDAY_9AM)
    applicant = phone(browser)
    private_link = file_a_dispute(applicant, county, *people)
    code = applicant.locator(".case-code-large").inner_text().strip()
    coordinator = desk(browser, county, COORDINATOR)
    coordinator.goto(f"{county.base}/disputes/{code.replace('-', '')}")
    act(coordinator, "accept")
    respondent = phone(browser)
    respondent.goto(county.link_in_latest_text(people[1][1]))
    return applicant, private_link, respondent, coordinator, code


def test_a_respondent_declines_online_and_nothing_more_can_be_booked(county, browser):
    people = accepted_case(county, browser, DECLINING)
    applicant, private_link, respondent, _coordinator, code = people
    # A wrong code is refused with the tries left, and proves nothing.
    respondent.locator("[data-send-code]").click()
    respondent.wait_for_load_state()
    right = county.latest_code(DECLINING[1][1])
    respondent.fill("#confirm-code", f"{(int(right) + 1) % 10**6:06d}")
    respondent.click("[data-confirm-code]")
    respondent.wait_for_load_state()
    assert "验证码不对，还可以再试 4 次" in confirmation(respondent)
    assert respondent.locator("#action-decline").count() == 0
    respondent.fill("#confirm-code", right)
    respondent.click("[data-confirm-code]")
    respondent.wait_for_load_state()
    respondent.click("#action-decline summary")
    respondent.fill("#reason-decline", "这是我家的地，不同意调解，要去法院解决。")
    respondent.click("#action-decline button[type=submit]")
    respondent.wait_for_load_state()
    assert "不同意调解" in confirmation(respondent)
    fits_the_phone(respondent)
    state = county.scalar("SELECT state FROM disputes WHERE code = ?", code.replace("-", ""))
    assert state == "declined"
    # The applicant's page says the attempt ended, and booking is refused.
    applicant.goto(private_link)
    assert applicant.locator("a[href$='/book']").count() == 0
    response = applicant.goto(private_link + "/book")
    assert response.status == 409
    assert "本次调解已终止" in applicant.content()


def test_a_party_stops_the_mediation_after_a_session_is_booked(county, browser):
    people = accepted_case(county, browser, STOPPING)
    applicant, private_link, respondent, coordinator, code = people
    confirm_by_code(respondent, county, STOPPING[1][1])
    act(respondent, "consent")
    coordinator.reload()
    # The first of the ranked candidates is chosen already.
    act(coordinator, "assign")
    applicant.goto(private_link + "/book")
    applicant.check("#mode-video")
    applicant.locator("input[name=start] + label").first.click()
    applicant.click("form:has(input[name=start]) button[type=submit]")
    applicant.wait_for_url("**/s/**")
    # The applicant changes their mind and stops, with their reason.
    applicant.goto(private_link)
    confirm_by_code(applicant, county, STOPPING[0][1])
    applicant.click("#action-stop summary")
    applicant.fill("#reason-stop", "我们已经私下谈好了，不需要调解了。")
    applicant.click("#action-stop button[type=submit]")
    applicant.wait_for_load_state()
    fits_the_phone(applicant)
    dispute_id = county.scalar("SELECT id FROM disputes WHERE code = ?", code.replace("-", ""))
    assert county.scalar("SELECT state FROM disputes WHERE id = ?", dispute_id) == "stopped"
    assert (
        county.scalar("SELECT status FROM mediation_sessions WHERE dispute_id = ?", dispute_id)
        == "cancelled"
    )
    act_row = county.conn_row(
        "SELECT pa.reason, p.side FROM party_acts pa JOIN parties p ON p.id = pa.party_id"
        " WHERE pa.dispute_id = ? AND pa.act = 'stop'",
        dispute_id,
    )
    assert act_row == ("我们已经私下谈好了，不需要调解了。", "applicant")
    assert any("取消" in t["subject"] + t["body"] for t in county.texts_to(STOPPING[1][1]))


def test_the_whole_path_from_filing_to_the_survey(county, browser):
    county.serve_at(MONDAY_9AM)
    applicant = phone(browser)
    private_link = file_a_dispute(applicant, county)
    code = applicant.locator(".case-code-large").inner_text().strip()

    # The applicant is texted the case code and the same private link.
    filed = county.texts_to(APPLICANT[1])[-1]
    texted_link = county.link_in_latest_text(APPLICANT[1])
    assert code in filed["body"] and texted_link in filed["body"]
    # The same party's link (the signature's timestamp may differ by a second).
    assert texted_link.split(".")[0] == private_link.split(".")[0]
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
    assert APPLICANT[1] not in page  # the applicant's mobile stays private
    # The respondent answers for themselves: first a code to their mobile, then consent.
    assert respondent.locator("#action-consent").count() == 0
    confirm_by_code(respondent, county, RESPONDENT[1])
    act(respondent, "consent")
    assert "您已同意调解" in confirmation(respondent)
    assert (
        county.scalar(
            "SELECT assurance FROM party_acts WHERE act = 'consent' AND entered_by_id IS NULL"
            " AND dispute_id = (SELECT id FROM disputes WHERE code = ?)",
            code.replace("-", ""),
        )
        == "sms_code"
    )

    # The coordinator assigns the demo county's gold-medal mediator.
    coordinator.reload()
    mediator_id = county.scalar(
        "SELECT m.id FROM mediators m JOIN users u ON u.id = m.user_id WHERE u.mobile = ?",
        MEDIATOR,
    )
    choose_mediator(coordinator, mediator_id)
    act(coordinator, "assign")

    # The applicant books the first free time for a video session from their own link.
    applicant.goto(private_link)
    applicant.click("a[href$='/book']")
    fits_the_phone(applicant)
    applicant.check("#mode-video")
    applicant.locator("input[name=start] + label").first.click()
    applicant.click("form:has(input[name=start]) button[type=submit]")
    applicant.wait_for_url("**/s/**")
    assert "已预约" in confirmation(applicant)
    dispute_id = county.scalar("SELECT id FROM disputes WHERE code = ?", code.replace("-", ""))
    session_id, start_at = county.conn_row(
        "SELECT id, start_at FROM mediation_sessions WHERE dispute_id = ?", dispute_id
    )
    # Both are invited by text, in Chinese, with their own join address and the time in words.
    for mobile in (APPLICANT[1], RESPONDENT[1]):
        invitation = next(t for t in county.texts_to(mobile) if t["subject"] == "调解会议已预约")
        assert "北京时间" in invitation["body"] and "/j/" in invitation["body"]

    # The next morning, five minutes before the session.
    start = datetime.fromisoformat(start_at).replace(tzinfo=UTC)
    county.serve_at(start - timedelta(minutes=5))
    mediator = desk(browser, county, MEDIATOR)
    mediator.goto(f"{county.base}/sessions/{session_id}")
    mediator.click("[data-join]")
    mediator.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
    mediator.click("#join-button")
    mediator.wait_for_selector("#console:not(.d-none)")
    for party, link in ((applicant, private_link), (respondent, respondent_link)):
        party.goto(link)
        party.click("#sessions-panel form button[type=submit]")
        party.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
        fits_the_phone(party)
        party.click("#join-button")
        party.wait_for_selector("#lobby:not(.d-none)")
        mediator.locator("#everyone [data-member] .btn-success").first.click()
        party.wait_for_selector("#lobby.d-none", state="attached")
    for party in (applicant, respondent):
        party.wait_for_function(CONNECTED_TO_SOMEONE, timeout=30_000)
        assert csp.violations(party, party.seen) == []

    # The mediator records the settlement; the agreement is drafted from its terms.
    mediator.goto(f"{county.base}/disputes/{code.replace('-', '')}/outcome")
    mediator.check("#result-settled")
    mediator.fill("#terms", "刘建国于2026年12月20日前拆除占用通道的围墙部分，恢复通道原状。")
    mediator.click("form:has(#terms) button[type=submit]")
    mediator.wait_for_url("**/agreement")
    # The mediator writes the parties' particulars and the agreement's facts and performance,
    # and the seal holder applies the committee's seal (their own pages have their own tests).
    county.make_agreement_ready(code)

    # Each party signs from their own link, and the mediator from their account.
    for page, link, mobile in (
        (applicant, private_link, APPLICANT[1]),
        (respondent, respondent_link, RESPONDENT[1]),
        (mediator, None, MEDIATOR),
    ):
        if link:
            page.goto(link)
            page.click("#outcome-panel a[href$='/agreement']")
            fits_the_phone(page)
        else:
            page.reload()
        assert "刘建国于2026年12月20日前拆除" in page.content()
        assert page.locator("#confirm").count() == 0  # no sign button before the code
        confirm_by_code(page, county, mobile)
        page.check("#confirm")
        page.click("form:has(#confirm) button[type=submit]")
        page.wait_for_load_state()
        assert "签" in confirmation(page), confirmation(page)
    assert (
        county.scalar("SELECT effective_at FROM agreements WHERE dispute_id = ?", dispute_id)
        is not None
    )

    # Both answer the survey from their links.
    for page, link in ((applicant, private_link), (respondent, respondent_link)):
        page.goto(link)
        page.click("#outcome-panel a[href$='/survey']")
        fits_the_phone(page)
        page.click("label[for=score-5]")
        page.fill("#comment", "调解员很耐心，谢谢。")
        page.click("form:has(#comment) button[type=submit]")
        page.wait_for_load_state()
        assert "谢谢" in page.content()
    assert county.scalar("SELECT count(*) FROM surveys WHERE dispute_id = ?", dispute_id) == 2
