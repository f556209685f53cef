"""Every page a person opens in Chinese names times in words and statuses in Chinese.

Each GET page of the URL map is opened, with the Chinese locale, by every kind of person of
the policy world (a party, a station coordinator, the county centre, an admin, a mediator, an
agency liaison, and a visitor holding a case link). The visible text of each page must hold no
IANA zone id (Asia/Shanghai) and no raw key: no audit event kind (assignment.proposed) and
none of the English values of the statuses, states and kinds that the code keeps in its enums
and label dicts (scheduled, cancelled, proposed, ...).
"""

import re
from html.parser import HTMLParser

import pytest
from flask import url_for
from flask_babel import force_locale
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.labels import all_labels
from mediation.core.outbox import OutboxMessage
from mediation.core.policy import ENDPOINTS
from mediation.extensions import db
from mediation.scheduling import notices
from tests.handoffs.conftest import create_agency  # noqa: F401
from tests.outcomes.conftest import mediation_case, settle  # noqa: F401
from tests.policy.world import NOW, build_side, client_of

ZONE_ID = re.compile(
    r"\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)/[A-Z][A-Za-z_+-]*"
)
# An event kind like assignment.proposed; a file name (evidence.txt) is not one.
EVENT_KIND = re.compile(r"\b[a-z_]+\.[a-z_]+\b")
URL = re.compile(r"\bhttps?://\S+")
FILE_ENDINGS = {"txt", "pdf", "png", "jpg", "jpeg", "webp", "ics", "csv", "xlsx", "docx", "zip"}
PLAIN_VALUES = {
    "action": "pause",
    "verb": "cancel",
    "answer": "accept",
    "kind": "cases",
    "fmt": "csv",
}
# Attributes whose text a person sees or hears (a screen reader reads aria-label and alt).
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label"}


class VisibleText(HTMLParser):
    """Collect the text a person sees: no scripts, styles, URLs or hidden values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style", "template"):
            self.skipping += 1
            return
        attributes = dict(attrs)
        self.parts.extend(v for k, v in attributes.items() if k in VISIBLE_ATTRIBUTES and v)
        if tag == "input" and attributes.get("type") in ("submit", "button", "text", None):
            self.parts.append(attributes.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return the visible text of a page, one space between its pieces, without URLs."""
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(p.strip() for p in parser.parts if p.strip())
    return URL.sub(" ", text)


def raw_words() -> set[str]:
    """Every English key a labelled kind can hold, from the code's own enums and dicts."""
    return {key for mapping in all_labels().values() for key in mapping}


def problems_in(text: str, words: set[str]) -> list[str]:
    """The zone ids, event kinds and raw status words in a page's visible text."""
    found = [m.group(0) for m in ZONE_ID.finditer(text)]
    found += [
        m.group(0)
        for m in EVENT_KIND.finditer(text)
        if m.group(0).rsplit(".", 1)[1] not in FILE_ENDINGS
    ]
    found += [w for w in re.findall(r"\b[a-z][a-z_]*[a-z]\b", text) if w in words]
    return found


def test_visible_text_leaves_out_scripts_urls_and_hidden_values():
    html = (
        '<a href="/x/Asia/Shanghai" title="北京时间">时间</a>'
        '<script type="application/json">{"status": "scheduled"}</script>'
        '<input type="hidden" name="timezone" value="Asia/Shanghai">'
        '<input type="submit" value="scheduled"><p>Asia/Shanghai · assignment.proposed</p>'
        '<input readonly value="https://example.org/video/join/x">'
    )
    text = visible_text(html)
    assert problems_in(text, {"scheduled"}) == ["Asia/Shanghai", "assignment.proposed", "scheduled"]
    assert "北京时间" in text and "/x/" not in text and "example" not in text


def test_file_names_and_chinese_words_are_not_raw_keys():
    assert problems_in("附件 evidence-a.txt 已安排", {"scheduled"}) == []


def get_pages(app) -> list:
    """Every GET page of the application (not the API, static files or routes tests add)."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods
        and rule.endpoint in ENDPOINTS
        and not rule.rule.startswith(("/api/", "/static"))
    ]


@pytest.fixture
def world(county, create_user, create_mediator, mediation_case, settle, coordinator):  # noqa: F811
    admin = create_user(Role.ADMIN)
    tools = (create_user, create_mediator, mediation_case, settle, admin)
    side = build_side("a", county["stations"][0], county["villages"]["天池镇"][0], "court", tools)
    return side, coordinator, admin


def test_every_page_in_chinese_names_zones_and_statuses_in_words(app, world, time_machine):
    time_machine.move_to(NOW, tick=False)
    side, centre, admin = world
    people = {
        "party": side.party,
        "coordinator": side.coordinator,
        "centre": centre,
        "admin": admin,
        "mediator": side.mediator.user,
        "liaison": side.liaison,
        "link": None,
    }
    values = {**side.path_values(), **PLAIN_VALUES}
    words = raw_words()
    found, opened = {}, set()
    for who, user in people.items():
        client = client_of(app, user)
        for rule in get_pages(app):
            with app.test_request_context():
                url = url_for(rule.endpoint, **{a: values[a] for a in rule.arguments})
            response = client.get(url, headers={"Accept-Language": "zh-CN"})
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            opened.add(rule.endpoint)
            bad = problems_in(visible_text(response.get_data(as_text=True)), words)
            if bad:
                found[f"{who} {url}"] = sorted(set(bad))
    assert len(opened) > 30
    assert found == {}, "\n".join(f"{page}: {bad}" for page, bad in found.items())


@pytest.mark.parametrize(("language", "words"), [("zh-CN", "北京时间"), ("en", "Beijing time")])
def test_the_session_page_names_the_zone_in_the_readers_language(
    app, world, time_machine, language, words
):
    time_machine.move_to(NOW, tick=False)
    side = world[0]
    client = client_of(app, side.party)
    client.post(f"/lang/{'en' if language == 'en' else 'zh_CN'}")
    response = client.get(f"/sessions/{side.session.id}", headers={"Accept-Language": language})
    text = visible_text(response.get_data(as_text=True))
    assert words in text and "Asia/Shanghai" not in text


def test_session_texts_in_chinese_name_the_zone_in_words(app, world):
    session = world[0].session
    before = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    with app.test_request_context(), force_locale("zh_CN"):
        notices.send_invitations(session, "booked")
        notices.schedule_reminders(session, now=NOW)
    queued = db.session.scalars(select(OutboxMessage).where(OutboxMessage.id > before))
    bodies = [message.payload["body"] for message in queued]
    assert bodies
    assert [zone for body in bodies for zone in ZONE_ID.findall(body)] == []
    assert all("北京时间" in body for body in bodies), bodies
