"""The demo county's staff in a browser: who signs in, at which widths, what a tap target is."""

import os
import shutil
import subprocess
import sys

from mediation.demo.seed import DEMO_PASSWORD
from tests.video import live


def has_chinese_font() -> bool:
    """Whether the system has a font with Chinese glyphs, which the browser lays the pages out in.

    Without one Chinese labels are drawn as narrow boxes and the pages' widths mean nothing: the
    size checks are skipped, as on a machine without Chromium (.ci/run installs fonts-noto-cjk).
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return found.returncode == 0 and found.stdout.strip() != ""


NO_CHINESE_FONT = "no font with Chinese glyphs (Debian: fonts-noto-cjk)"
ROLES = {
    "coordinator": "13900000002",
    "mediator": "13700000000",
    "liaison": "13900000050",
}
WIDTHS = {
    "desk": {"width": 1366, "height": 768},
    "narrow-desk": {"width": 1024, "height": 768},
    "phone": {"width": 360, "height": 740},
}

# Everything a person taps on a page.
CONTROLS = (
    "#main a, #main button, #main input:not([type=hidden]), #main select, #main summary,"
    " .site-nav a, .site-nav button, .site-nav input"
)
# The controls on a page whose target is under 44 x 44 px. A check box or radio button is
# tapped through its label, so the two together are its target; a card's stretched link is
# the whole card. A link inside a sentence takes the sentence's line (WCAG's inline exception).
TAP_TARGETS = """(selector) => {
  const inSentence = (e) => [...e.parentElement.childNodes]
    .some((n) => n.nodeType === 3 && n.textContent.trim());
  const box = (e) => {
    const own = e.getBoundingClientRect();
    if (e.matches('input[type=checkbox], input[type=radio]') && e.labels && e.labels.length) {
      const label = e.labels[0].getBoundingClientRect();
      const width = Math.max(own.right, label.right) - Math.min(own.left, label.left);
      return { width: own.width ? width : 0, height: Math.max(own.height, label.height) };
    }
    if (e.classList.contains('stretched-link')) {
      return (e.closest('.case-card, .card') || e).getBoundingClientRect();
    }
    return own;
  };
  return [...document.querySelectorAll(selector)]
    .filter((e) => getComputedStyle(e).visibility !== 'hidden')
    .map((e) => [e, box(e)])
    .filter(([e, r]) => r.width > 0 && (r.height < 44 || r.width < 44) && !inSentence(e))
    .map(([e, r]) => `${e.tagName}.${e.className} "${e.textContent.trim().slice(0, 20)}"`
      + ` ${Math.round(r.width)}x${Math.round(r.height)}`);
}"""


def log_in(browser, base: str, mobile: str):
    """Sign in at a desk with the demo password; return the page, on the person's today page."""
    context = browser.new_context(viewport=WIDTHS["desk"], locale="zh-CN")
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#mobile", mobile)
    page.fill("#password", DEMO_PASSWORD)
    page.click("#main button[type=submit]")
    page.wait_for_url(base + "/today")
    return page


def flask(url: str, *args: str) -> None:
    """Run a `flask` command of the app against the database `url`; fail on its error."""
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi", "SECRET_KEY": live.SECRET}
    env.pop("FLASK_ENV", None)
    result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
        [sys.executable, "-m", "flask", *args],
        cwd=live.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
