"""Behind nginx each client has its own rate-limit bucket; no client forges a fresh one."""

import secrets
from datetime import UTC, datetime

import pytest
import time_machine

from mediation import create_app
from mediation.extensions import limiter
from tests.core.test_production_config import QuietProduction

# A fixed instant: the limits' windows are clock-based, and no test reads the wall clock.
INSTANT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
# More requests than any limit on these endpoints allows in its window.
ENOUGH = 60

# Endpoints with a per-client limit: the web filing form and the API token exchange.
LIMITED = [
    pytest.param("/disputes/new", {"data": {}}, id="filing"),
    pytest.param("/api/v1/tokens", {"json": {}}, id="tokens"),
]


@pytest.fixture
def production_app(monkeypatch):
    """Return a callable building the production app with limits on, behind `hops` proxies."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    enabled = limiter.enabled

    def build(hops: int):
        class Limited(QuietProduction):
            RATELIMIT_ENABLED = True
            WTF_CSRF_ENABLED = False
            PROXY_HOPS = hops

        return create_app(Limited)

    # The limiter is one object shared by every app; leave it as the suite's app had it.
    yield build
    limiter.enabled = enabled


def _post(client, path: str, body: dict, forwarded_for: str | None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(path, headers=headers, **body)


def _exhaust(client, path: str, body: dict, forwarded_for: str | None) -> None:
    for _ in range(ENOUGH):
        if _post(client, path, body, forwarded_for).status_code == 429:
            return
    raise AssertionError(f"{path} never answered 429 after {ENOUGH} requests")


@pytest.mark.parametrize(("path", "body"), LIMITED)
def test_behind_one_proxy_each_forwarded_client_has_its_own_bucket(production_app, path, body):
    client = production_app(1).test_client()
    with time_machine.travel(INSTANT, tick=False):
        _exhaust(client, path, body, "203.0.113.7")
        assert _post(client, path, body, "203.0.113.7").status_code == 429
        assert _post(client, path, body, "198.51.100.20").status_code != 429


@pytest.mark.parametrize(("path", "body"), LIMITED)
def test_without_a_trusted_proxy_a_forged_forwarded_for_gets_no_fresh_bucket(
    production_app, path, body
):
    client = production_app(0).test_client()
    with time_machine.travel(INSTANT, tick=False):
        _exhaust(client, path, body, "203.0.113.7")
        assert _post(client, path, body, "198.51.100.20").status_code == 429
        assert _post(client, path, body, None).status_code == 429


def test_behind_one_proxy_the_client_address_scheme_and_host_come_from_the_proxy(production_app):
    app = production_app(1)

    @app.get("/_probe")
    def probe():
        from flask import request

        return {"addr": request.remote_addr, "scheme": request.scheme, "host": request.host}

    response = app.test_client().get(
        "/_probe",
        headers={
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "tiaojie.example.gov.cn",
            "X-Forwarded-Port": "443",
        },
    )
    assert response.json == {
        "addr": "203.0.113.7",
        "scheme": "https",
        "host": "tiaojie.example.gov.cn",
    }


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(production_app):
    app = production_app(0)

    @app.get("/_probe")
    def probe():
        from flask import request

        return {"addr": request.remote_addr, "scheme": request.scheme}

    response = app.test_client().get(
        "/_probe", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert response.json == {"addr": "127.0.0.1", "scheme": "http"}
