"""A crash is answered in plain words, logged with its traceback, and named by a request id."""

import logging
import re

import pytest


class Boom(RuntimeError):
    pass


@pytest.fixture(scope="module")
def crashing():
    """Give an app of its own a page and an API route that raise, answering as production does.

    An app of its own: routes added to the suite's shared app would outlive this module.
    """
    from mediation import create_app
    from mediation.config import TestConfig

    class Config(TestConfig):
        TESTING = False
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    app = create_app(Config)

    def boom():
        raise Boom("the disk is on fire")

    app.add_url_rule("/_test/boom", "test_boom_page", boom)
    app.add_url_rule("/api/v1/_test/boom", "test_boom_api", boom)
    return app


@pytest.fixture
def crash_client(crashing):
    return crashing.test_client()


def tracebacks(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.exc_info and r.exc_info[0] is Boom]


def test_every_server_error_is_logged_with_its_traceback_and_request_id(crash_client, caplog):
    caplog.set_level(logging.ERROR)
    ids = set()
    for _ in range(20):
        response = crash_client.get("/api/v1/_test/boom")
        assert response.status_code == 500
        ids.add(response.headers["X-Request-ID"])
    records = tracebacks(caplog)
    assert len(records) == 20
    assert {r.request_id for r in records} == ids and len(ids) == 20
    assert all(r.request_id in r.getMessage() for r in records)


def test_the_json_error_names_the_request_id(crash_client, caplog):
    response = crash_client.get("/api/v1/_test/boom", headers={"X-Request-ID": "proxy-id-42.abc"})
    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "proxy-id-42.abc"
    body = response.get_json()["error"]
    assert body["code"] == "server_error" and body["request_id"] == "proxy-id-42.abc"
    assert "fire" not in response.get_data(as_text=True)
    assert tracebacks(caplog)[0].request_id == "proxy-id-42.abc"


def test_the_error_page_shows_the_request_id(crash_client, caplog):
    response = crash_client.get("/_test/boom")
    assert response.status_code == 500
    request_id = response.headers["X-Request-ID"]
    page = response.get_data(as_text=True)
    assert request_id in page and "fire" not in page


@pytest.mark.parametrize(
    "given",
    ["", "a b", "x" * 201, "évil", "id;Set-Cookie=a", "<script>", "short"],
)
def test_an_odd_proxy_request_id_is_replaced_by_a_fresh_one(client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given})
    echoed = response.headers["X-Request-ID"]
    assert echoed != given and re.fullmatch(r"[0-9a-f]{32}", echoed)


def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert first != second
