"""The pages of each staff role's day: accessible, tappable at a desk and on a phone, printable.

The demo county served by the real gunicorn, each role signed in once. On every page the
staff work through, axe-core (from npm, as the build installs it) finds nothing critical or
serious, and every control is a target of at least 44 x 44 px. The case page, the hand-off
receipt and the dashboard print as records: on an A4 sheet, without the site's menus, forms
or buttons, nothing wider than the sheet.
"""

import io
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.browser.staff import CONTROLS, NO_CHINESE_FONT, TAP_TARGETS, WIDTHS, has_chinese_font
from tests.video.test_browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
    pytest.mark.skipif(not has_chinese_font(), reason=NO_CHINESE_FONT),
]
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = """async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
  .filter((v) => v.impact === 'critical' || v.impact === 'serious')
  .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' '))}`)"""
# A4 less the print style sheet's side margins (12 mm each), in CSS pixels at 96 per inch.
A4_TEXT_WIDTH = round((210 - 2 * 12) / 25.4 * 96)
# Where each role's day goes. A selector after the address is a link there to follow.
PAGES = [
    ("coordinator", "/today", None),
    ("coordinator", "/disputes", None),
    ("coordinator", "/disputes", "td > a.case-code"),
    ("coordinator", "/assignments", None),
    ("coordinator", "/handoffs", None),
    ("coordinator", "/reports", None),
    ("mediator", "/today", None),
    ("mediator", "/mediators/me", None),
    ("mediator", "/assignments/mine", None),
    ("liaison", "/today", None),
    ("liaison", "/handoffs", None),
    ("liaison", "/handoffs", "a.stretched-link"),
]


def visit(page, base: str, path: str, follow: str | None) -> None:
    page.goto(base + path)
    if follow:
        page.goto(base + page.locator(follow).first.get_attribute("href"))
    page.wait_for_load_state("load")


@pytest.mark.parametrize("width", ["desk", "phone"])
@pytest.mark.parametrize(("role", "path", "follow"), PAGES)
def test_every_page_of_the_day_is_accessible_and_every_target_is_44_px(
    staff, demo_county, role, path, follow, width
):
    page = staff[role]
    page.set_viewport_size(WIDTHS[width])
    visit(page, demo_county, path, follow)
    assert page.evaluate(TAP_TARGETS, CONTROLS) == [], page.url
    page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate(SERIOUS) == [], page.url


def printed(page) -> tuple[str, list]:
    """Print the page as Chromium would to A4; return its text and its sheets' sizes."""
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    # Chromium's fonts map some characters to their compatibility forms (⼯ for 工).
    text = unicodedata.normalize("NFKC", "\n".join(s.extract_text() for s in pdf.pages))
    return text, [
        (round(float(s.mediabox.width)), round(float(s.mediabox.height))) for s in pdf.pages
    ]


ON_PAPER = """() => ({
  controls: [...document.querySelectorAll('form, button, .btn, nav, .site-footer')]
    .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
    .map((e) => `${e.tagName}.${e.className}`),
  wide: document.documentElement.scrollWidth,
})"""


@pytest.mark.parametrize(
    ("role", "path", "follow", "then", "words"),
    [
        ("coordinator", "/disputes", "td > a.case-code", "", ["案件编码", "案件详情", "办理记录"]),
        ("coordinator", "/reports", None, "", ["指标"]),
        ("liaison", "/handoffs", "a.stretched-link", "/receipt", ["回执"]),
    ],
)
def test_the_case_page_receipt_and_dashboard_print_as_records(
    staff, demo_county, role, path, follow, then, words
):
    page = staff[role]
    page.set_viewport_size({"width": A4_TEXT_WIDTH, "height": 1000})
    visit(page, demo_county, path, follow)
    if then:  # a page of the one followed to, such as a hand-off's receipt
        visit(page, demo_county, page.url.removeprefix(demo_county) + then, None)
    heading = unicodedata.normalize("NFKC", page.locator("h1").first.inner_text())
    page.emulate_media(media="print")
    try:
        paper = page.evaluate(ON_PAPER)
        text, sheets = printed(page)
    finally:
        page.emulate_media(media="screen")
    assert paper["controls"] == [], page.url
    assert paper["wide"] <= A4_TEXT_WIDTH, f"{paper['wide']}px on a {A4_TEXT_WIDTH}px sheet"
    # A4 is 595.3 x 841.9 points; Chromium rounds its pages to whole CSS pixels.
    assert sheets and all(abs(w - 595) <= 1 and abs(h - 842) <= 1 for w, h in sheets), sheets
    flat = "".join(text.split())
    assert "".join(heading.split()) in flat
    for word in words:
        assert word in flat, word
    assert "退出登录" not in flat  # the site's menu stays off the paper
