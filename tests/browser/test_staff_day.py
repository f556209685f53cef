"""Each staff role's day from the "today" page, at a 1366 px desk and on a 360 px phone.

The demo county served by the real gunicorn. At the desk the header holds one row of pages
under the brand, search and account: no label wraps, no menu button shows, nothing drops to a
row of its own. On the phone nothing is wider than the screen. Every control on the way is at
least 44 px high. With SCREENSHOTS_DIR set, each role's page at both widths is saved there
(docs/img/ holds the ones the documentation shows).
"""

import os
from pathlib import Path

import pytest

from tests.browser.staff import (
    CONTROLS,
    NO_CHINESE_FONT,
    ROLES,
    TAP_TARGETS,
    WIDTHS,
    has_chinese_font,
)
from tests.video.test_browser import CHROMIUM

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
    pytest.mark.skipif(not has_chinese_font(), reason=NO_CHINESE_FONT),
]
HEADER = """() => {
  const rows = new Set();
  const links = [...document.querySelectorAll('.site-nav .nav-link')];
  const tall = links.filter((a) => a.getBoundingClientRect().height > 56)
    .map((a) => a.textContent.trim());
  const toggler = document.querySelector('.navbar-toggler');
  const brand = document.querySelector('.navbar-brand').getBoundingClientRect();
  const logout = document.querySelector('.site-user form button').getBoundingClientRect();
  links.forEach((a) => rows.add(Math.round(a.getBoundingClientRect().top)));
  return {
    tall, rows: rows.size,
    toggler: toggler.getBoundingClientRect().width > 0,
    logoutBesideBrand:
      Math.abs(logout.top + logout.height / 2 - (brand.top + brand.height / 2)) < 24,
  };
}"""
SMALL_TEXT = """() => [...document.querySelectorAll('#main *')]
  .filter((e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
  .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 14)
  .map((e) => `${e.tagName}.${e.className} ${getComputedStyle(e).fontSize}`)"""


def shoot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("role", sorted(ROLES))
@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_each_roles_day_starts_on_today_and_fits_the_screen(staff, demo_county, role, width):
    page = staff[role]
    page.set_viewport_size(WIDTHS[width])
    page.goto(demo_county + "/today")
    groups = page.locator("[data-group]")
    assert groups.count() >= 3
    assert page.locator("h1").inner_text().startswith("今日待办")
    header = page.evaluate(HEADER)
    if width == "phone":
        assert header["toggler"]
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= WIDTHS["phone"]["width"], f"{scroll}px wide"
    else:
        assert not header["toggler"], "a menu button shows at a desk"
        assert header["tall"] == [], f"labels wrap: {header['tall']}"
        assert header["rows"] == 1 and header["logoutBesideBrand"], header
    assert page.evaluate(TAP_TARGETS, CONTROLS) == []
    assert page.evaluate(SMALL_TEXT) == []
    shoot(page, f"today-{role}-{width}")
    # The first item of the first group that has one is where the work is done.
    first = page.locator(".today-link").first
    if first.count():
        href = first.get_attribute("href")
        first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith(href)


def test_the_mediator_goes_from_today_into_the_open_video_room(staff, demo_county):
    page = staff["mediator"]
    page.set_viewport_size(WIDTHS["desk"])
    page.goto(demo_county + "/today")
    room = page.locator("[data-group=sessions_today] a.btn", has_text="进入视频调解室").first
    assert room.count() == 1
    room.click()
    page.wait_for_url("**/video/rooms/*/console")


def test_a_coordinator_finds_a_case_by_a_partys_name_from_the_header(staff, demo_county):
    page = staff["coordinator"]
    page.set_viewport_size(WIDTHS["desk"])
    page.goto(demo_county + "/disputes")
    name = page.locator("table tbody tr td:nth-child(2)").first.inner_text().split(",")[0]
    page.fill("#nav-search", name)
    page.press("#nav-search", "Enter")
    page.wait_for_load_state("load")
    assert "q=" in page.url
    assert name in page.locator("table tbody").inner_text()
