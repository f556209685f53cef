"""Security headers on pages, case-link pages and API responses."""

import re
from pathlib import Path

import pytest

from mediation.core.security import CONTENT_SECURITY_POLICY
from mediation.disputes.links import case_link_token

PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    parts = (p.strip().split(" ", 1) for p in header.split(";") if p.strip())
    return {name: value for name, value in parts}


def assert_page_headers(response, referrer="same-origin"):
    for name, value in PAGE_HEADERS.items():
        assert response.headers[name] == value, name
    csp = policy(response)
    assert csp["frame-ancestors"] == "'none'"
    assert (
        csp["script-src"] == "'self'"
        and "unsafe" not in response.headers["Content-Security-Policy"]
    )
    assert csp["object-src"] == "'none'" and csp["base-uri"] == "'none'"
    assert response.headers["Referrer-Policy"] == referrer
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/disputes/new", "/studios"])
def test_pages_carry_the_security_headers(client, county, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_page_headers(response)


def test_error_pages_carry_them_too(client):
    assert_page_headers(client.get("/no-such-page"))


def test_case_link_pages_send_no_referrer(app, client, monkeypatch, create_dispute):
    monkeypatch.setitem(app.config, "PARTY_ACT_ASSURANCE", "case_link")
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.respondents[0])
    assert_page_headers(client.get(f"/c/{token}"), referrer="no-referrer")
    consent = client.post(f"/c/{token}/transition", data={"action": "consent"})
    assert consent.status_code == 302
    assert_page_headers(consent, referrer="no-referrer")


def test_withdrawing_through_a_link_sends_no_referrer(app, client, monkeypatch, create_dispute):
    monkeypatch.setitem(app.config, "PARTY_ACT_ASSURANCE", "case_link")
    dispute = create_dispute("submitted")
    token = case_link_token(dispute.applicants[0])
    response = client.post(f"/c/{token}/transition", data={"action": "withdraw", "reason": "和解"})
    assert response.status_code in (302, 409, 422)
    assert_page_headers(response, referrer="no-referrer")


def test_signing_through_a_link_sends_no_referrer(client, create_dispute):
    token = case_link_token(create_dispute("submitted").applicants[0])
    response = client.post(f"/c/{token}/agreement/sign", data={})
    assert response.status_code >= 400  # nothing to sign yet; the headers still hold
    assert_page_headers(response, referrer="no-referrer")


def test_api_responses_are_not_sniffed(client):
    response = client.post("/api/v1/tokens", json={"mobile": "13800000000", "password": "x"})
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    ok = client.get("/api/v1/openapi.json")
    assert ok.headers["X-Content-Type-Options"] == "nosniff"
    assert ok.headers["X-Frame-Options"] == "DENY"


def test_the_session_cookie_flags_stay_with_the_config(app, client):
    client.post("/lang/en", data={"next": "/"})
    cookie = client.get_cookie("session")
    assert cookie is not None and not cookie.secure
    assert app.config.get("SESSION_COOKIE_SECURE") in (None, False)


def test_hsts_is_sent_over_https_only_when_configured(client):
    assert "Strict-Transport-Security" not in client.get("/", base_url="https://localhost").headers


def test_production_sends_hsts_over_https_but_never_redirects_to_it():
    from flask import Flask

    from mediation.config import ProductionConfig
    from mediation.core.security import register_security_headers

    assert ProductionConfig.HSTS_ENABLED is True
    # A bare app with the same headers: the suite's app keeps its extensions to itself.
    app = Flask(__name__)
    app.config.from_object(ProductionConfig)
    app.add_url_rule("/", "home", lambda: "home")
    register_security_headers(app)
    client = app.test_client()
    plain = client.get("/")
    assert plain.status_code == 200 and "Strict-Transport-Security" not in plain.headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert app.config.get("SESSION_COOKIE_SECURE") == getattr(
        ProductionConfig, "SESSION_COOKIE_SECURE", None
    )  # left as production set it


def test_the_policy_has_no_inline_allowance():
    assert not any("unsafe" in value for value in CONTENT_SECURITY_POLICY.values())


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>"),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: address": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize("kind", INLINE)
def test_no_template_needs_an_inline_allowance(kind):
    found = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE[kind].search(line)
    ]
    assert found == []
