"""Where a log-in or a language switch sends people back: only ever a page of this site."""

from urllib.parse import urlsplit

import pytest

from mediation.accounts.models import Role
from mediation.core.security import safe_next
from tests.factories import PASSWORD

NASTY = (
    "//evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    " //evil.example/",
    "\t//evil.example/",
    "/\\evil.example/",
    "\\/evil.example/",
    "\\\\evil.example/",
    "///evil.example/",
    "/\x00/evil.example/",
    "/\u3000/evil.example/",
    "/\u200b/evil.example/",
    "http://evil.example/",
    "https:evil.example",
    "http:/evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example/",
    "/%2F/evil.example/",
    "/%5Cevil.example/",
    "/%09/evil.example/",
    "evil.example",
    "",
)


@pytest.mark.parametrize("target", NASTY)
def test_nasty_targets_fall_back_to_the_home_page(app, target):
    with app.test_request_context():
        assert safe_next(target, "/") == "/"


@pytest.mark.parametrize(
    "target", ["/disputes", "/disputes?page=2&q=a%2Fb", "/c/abc.def/consent", "/"]
)
def test_pages_of_this_site_are_kept(app, target):
    with app.test_request_context():
        assert safe_next(target, "/home") == target


def _stays_here(response) -> bool:
    """Refused (hidden characters, 422) or sent to a page of this site."""
    if response.status_code == 422:
        return True
    assert response.status_code == 302
    # A browser reads tabs and newlines out of URLs and "\" as "/": judge what it would follow.
    location = response.headers["Location"]
    cleaned = "".join(c for c in location if c not in "\t\r\n").replace("\\", "/")
    parts = urlsplit(cleaned)
    return not parts.netloc or parts.netloc == "localhost"


@pytest.mark.parametrize("target", NASTY)
def test_the_language_switch_never_sends_people_off_site(client, target):
    response = client.post("/lang/en", data={"next": target})
    assert _stays_here(response), response.headers.get("Location")


@pytest.mark.parametrize("target", NASTY)
def test_log_in_never_sends_people_off_site(client, create_user, target):
    user = create_user(Role.PARTY)
    response = client.post(
        "/login", query_string={"next": target}, data={"mobile": user.mobile, "password": PASSWORD}
    )
    assert _stays_here(response), response.headers.get("Location")
