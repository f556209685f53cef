"""The production shape, for real: gunicorn on gevent and the scheduler behind the repo's nginx.

Skipped unless SMOKE_PRODUCTION=1; then SMOKE_DATABASE_URL (PostgreSQL, a database of its own,
created if absent) and SMOKE_REDIS_URL (a Redis database of its own, emptied at start) must be
set, or every test fails. .ci/run sets them after the PostgreSQL pass.
"""

import json
import os
import re
import socket
import ssl
from http.client import HTTPSConnection

import pytest

from mediation.config import Config
from tests.integration.production import ROOT, Stack

MAX_CONTENT_LENGTH = Config.MAX_CONTENT_LENGTH

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("SMOKE_PRODUCTION") != "1", reason="SMOKE_PRODUCTION=1 is not set"
    ),
]

COORDINATOR = ("13900000002", "demo1234")  # the demo county's centre coordinator, 张敏
CASE_LINK = re.compile(r'href="(/disputes/(?!new\b|lookup\b)[^"/?]+)"')


@pytest.fixture(scope="module")
def stack():
    database_url = os.environ.get("SMOKE_DATABASE_URL", "")
    redis_url = os.environ.get("SMOKE_REDIS_URL", "")
    if not database_url.startswith("postgresql://") or not redis_url.startswith("redis://"):
        pytest.fail("SMOKE_PRODUCTION=1 needs SMOKE_DATABASE_URL (PostgreSQL) and SMOKE_REDIS_URL")
    stack = Stack(database_url, redis_url)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        for name in ("gunicorn", "scheduler", "nginx"):
            print(f"----- {name} log (last lines) -----\n{stack.log(name)[-3000:]}")
        stack.remove()


@pytest.fixture(scope="module")
def http(stack):
    """Return a requests session that trusts the stack's certificate."""
    import requests

    session = requests.Session()
    # Not the environment's CA bundle or proxies: this stack's own certificate, directly.
    session.trust_env = False
    session.verify = str(stack.certificate)
    return session


@pytest.fixture(scope="module")
def logged_in(stack, http):
    """Log in as the coordinator through the form, with the CSRF token from the page."""
    page = http.get(f"{stack.base}/login", timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, "the log-in page has no CSRF token"
    mobile, password = COORDINATOR
    response = http.post(
        f"{stack.base}/login",
        data={"csrf_token": token.group(1), "mobile": mobile, "password": password},
        # As a browser does: over HTTPS the CSRF check wants a same-origin Referer, which
        # holds only if the app sees the public host and port through the proxy.
        headers={"Referer": f"{stack.base}/login"},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[-2000:]
    return response


def test_plain_http_is_sent_to_https(stack, http):
    response = http.get(f"http://127.0.0.1:{stack.http_port}/", allow_redirects=False, timeout=30)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://127.0.0.1/")


def test_the_home_page_is_chinese_over_https_with_hsts(stack, http):
    response = http.get(f"{stack.base}/", timeout=30)
    assert response.status_code == 200
    assert '<html lang="zh-CN">' in response.text
    assert "人民调解" in response.text
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_static_files_come_from_nginx_with_caching(stack, http):
    response = http.get(f"{stack.base}/static/css/app.css", timeout=30)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    # Flask would answer with its own headers; nginx alone sets an ETag from the file's stat.
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', response.headers["ETag"])


@pytest.mark.parametrize(
    ("accepted", "encoding", "suffix"), [("br", "br", ".br"), ("gzip", "gzip", ".gz")]
)
def test_a_fingerprinted_asset_comes_precompressed_and_immutable_from_nginx(
    stack, http, accepted, encoding, suffix
):
    home = http.get(f"{stack.base}/", timeout=30).text
    stylesheet = re.search(r'href="(/static/dist/css/app\.[0-9a-f]{10}\.css)"', home)
    assert stylesheet, "the home page names no fingerprinted app.css"
    path = stylesheet.group(1)
    response = http.get(
        f"{stack.base}{path}", headers={"Accept-Encoding": accepted}, stream=True, timeout=30
    )
    body = response.raw.read(decode_content=False)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Content-Type"].startswith("text/css")
    # nginx sent the build's own precompressed copy, byte for byte.
    assert body == (ROOT / f"{path.removeprefix('/')}{suffix}").read_bytes()


def test_nginx_refuses_a_body_larger_than_max_content_length(stack):
    # Headers only: nginx answers from Content-Length alone, before any byte of the body.
    context = ssl.create_default_context(cafile=str(stack.certificate))
    with socket.create_connection(("127.0.0.1", stack.https_port), timeout=30) as raw:
        with context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
            tls.sendall(
                b"POST /disputes/new HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: multipart/form-data; boundary=x\r\n"
                + f"Content-Length: {MAX_CONTENT_LENGTH + 1}\r\n\r\n".encode()
            )
            status = tls.recv(64).split(b"\r\n", 1)[0]
    assert status == b"HTTP/1.1 413 Request Entity Too Large"


def test_the_coordinator_logs_in_through_the_form_and_gets_a_secure_cookie(logged_in):
    headers = logged_in.raw.headers.getlist("Set-Cookie")
    session_cookie = next(h for h in headers if h.startswith("session="))
    attributes = [part.strip() for part in session_cookie.split(";")]
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes


def test_the_logged_in_pages_show_the_coordinator_and_open_a_case(stack, http, logged_in):
    listing = http.get(f"{stack.base}/disputes", timeout=30)
    assert listing.status_code == 200
    assert "张敏" in listing.text
    link = CASE_LINK.search(listing.text)
    assert link, "the case list shows no case"
    case = http.get(f"{stack.base}{link.group(1)}", timeout=30)
    assert case.status_code == 200
    assert "张敏" in case.text


def test_the_api_gives_a_token_and_lists_disputes(stack, http):
    mobile, password = COORDINATOR
    issued = http.post(
        f"{stack.base}/api/v1/tokens", json={"mobile": mobile, "password": password}, timeout=30
    )
    assert issued.status_code == 201, issued.text
    token = issued.json()["token"]
    listing = http.get(
        f"{stack.base}/api/v1/disputes",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert listing.status_code == 200, listing.text
    page = listing.json()
    assert page["total"] > 0
    assert page["items"][0]["code"]


def test_a_forged_forwarded_for_does_not_get_a_fresh_rate_limit_bucket(stack, http):
    # nginx appends the real address; the app believes only that last hop.
    for _attempt in range(2):  # a window may roll over between two requests: try once more
        remaining = []
        for forged in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
            response = http.post(
                f"{stack.base}/api/v1/tokens",
                json={},
                headers={"X-Forwarded-For": forged},
                timeout=30,
            )
            assert response.status_code == 422
            remaining.append(int(response.headers["X-RateLimit-Remaining"]))
        if remaining[0] > remaining[1] > remaining[2]:
            return
    raise AssertionError(f"each forged address got a bucket of its own: {remaining}")


def _post_from(stack, source: str, path: str, body: bytes) -> int:
    """POST JSON from a given loopback address, as a different person's phone would."""
    context = ssl.create_default_context(cafile=str(stack.certificate))
    connection = HTTPSConnection(
        "127.0.0.1", stack.https_port, timeout=30, context=context, source_address=(source, 0)
    )
    try:
        connection.request("POST", path, body, {"Content-Type": "application/json"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_behind_nginx_each_client_address_has_its_own_rate_limit_bucket(stack):
    statuses = []
    while len(statuses) < 60 and 429 not in statuses:
        statuses.append(_post_from(stack, "127.0.0.2", "/api/v1/tokens", b"{}"))
    assert statuses[-1] == 429, f"127.0.0.2 never reached the limit: {statuses}"
    # Without the proxy's address the whole county would now be locked out, as one client.
    assert _post_from(stack, "127.0.0.3", "/api/v1/tokens", b"{}") == 422


def _signal_client(stack, auth: dict):
    from tests.video.wsclient import SignalClient

    context = ssl.create_default_context(cafile=str(stack.certificate))
    return SignalClient(stack.base, auth, ssl_context=context)


def test_socketio_through_nginx_refuses_a_bad_join_token_with_the_documented_error(stack):
    with pytest.raises(ConnectionError) as refused:
        _signal_client(stack, {"token": "not-a-join-token"})
    assert "'code': 'link_invalid'" in str(refused.value)


def test_two_participants_meet_in_a_video_room_through_nginx(stack):
    made = json.loads(stack.live("seed", "1").strip().splitlines()[-1])
    room = made["rooms"][0]
    mediator = applicant = None
    try:
        ids = room["ids"]
        mediator = _signal_client(stack, {"token": room["tokens"]["mediator"]})
        applicant = _signal_client(stack, {"token": room["tokens"]["applicant"]})
        assert applicant.wait_for("welcome")["you"]["id"] == ids["applicant"]
        mediator.emit("control", {"action": "admit", "participant": ids["applicant"]})
        applicant.wait_for("room", lambda v: ids["mediator"] in v["peers"])
        applicant.emit("signal", {"to": ids["mediator"], "kind": "offer", "data": {"sdp": "o"}})
        offer = mediator.wait_for("signal")
        assert offer == {"from": ids["applicant"], "kind": "offer", "data": {"sdp": "o"}}
    finally:
        for client in (applicant, mediator):
            if client is not None:
                client.close()
        stack.live("clean", stdin=json.dumps(made))


def test_the_processes_are_running_and_logged_no_error(stack):
    for name, process in stack.processes.items():
        assert process.poll() is None, f"{name} has stopped:\n{stack.log(name)[-3000:]}"
    assert "Traceback" not in stack.log("gunicorn"), stack.log("gunicorn")[-3000:]
    assert "Traceback" not in stack.log("scheduler"), stack.log("scheduler")[-3000:]
    # The oversized upload above is refused on purpose; every other error counts.
    errors = [
        line
        for line in (stack.log("nginx") + stack.log("nginx/error")).splitlines()
        if re.search(r"\[(error|crit|alert|emerg)\]", line)
        and "client intended to send too large body" not in line
    ]
    assert not errors, "\n".join(errors[-20:])
