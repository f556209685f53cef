"""Static files: fingerprinted names from the manifest, precompressed copies, cache headers."""

import json
import os

import pytest

from mediation.core.assets import IMMUTABLE, asset_url

FINGERPRINTED = "dist/css/app.0123456789.css"


@pytest.fixture
def static_folder(app, tmp_path, monkeypatch):
    """Point the app at a static folder of its own; return a function that adds files to it."""
    monkeypatch.setattr(app, "static_folder", str(tmp_path))

    def add(name: str, content: bytes) -> None:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    add("css/app.css", b"body { color: red; }\n")
    return add


@pytest.fixture
def built(static_folder):
    """A build: app.css fingerprinted, with a brotli and a gzip copy told apart by content."""
    static_folder(FINGERPRINTED, b"body{color:red}")
    static_folder(f"{FINGERPRINTED}.br", b"brotli bytes")
    static_folder(f"{FINGERPRINTED}.gz", b"gzip bytes")
    static_folder("dist/manifest.json", json.dumps({"css/app.css": FINGERPRINTED}).encode())
    return static_folder


def test_asset_names_the_fingerprinted_file_of_the_manifest(app, built):
    with app.test_request_context():
        assert asset_url("css/app.css") == f"/static/{FINGERPRINTED}"


def test_without_a_manifest_asset_names_the_plain_file(app, static_folder):
    with app.test_request_context():
        assert asset_url("css/app.css") == "/static/css/app.css"


def test_a_name_the_manifest_lacks_falls_back_to_the_plain_file(app, built):
    with app.test_request_context():
        assert asset_url("js/forms.js") == "/static/js/forms.js"


def test_a_rebuilt_manifest_is_read_again(app, built):
    with app.test_request_context():
        asset_url("css/app.css")
    built("dist/manifest.json", json.dumps({"css/app.css": "dist/css/app.abcdefabcd.css"}).encode())
    manifest = os.path.join(app.static_folder, "dist", "manifest.json")
    stamp = os.stat(manifest).st_mtime_ns + 1_000_000_000
    os.utime(manifest, ns=(stamp, stamp))
    with app.test_request_context():
        assert asset_url("css/app.css") == "/static/dist/css/app.abcdefabcd.css"


def test_a_fingerprinted_file_is_kept_for_a_year_without_asking_again(client, built):
    response = client.get(f"/static/{FINGERPRINTED}", headers={"Accept-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == IMMUTABLE == "public, max-age=31536000, immutable"
    assert response.data == b"body{color:red}"
    assert response.mimetype == "text/css"


@pytest.mark.parametrize(
    ("accepted", "encoding", "body"),
    [
        ("gzip, deflate, br", "br", b"brotli bytes"),
        ("gzip", "gzip", b"gzip bytes"),
        ("br;q=0, gzip", "gzip", b"gzip bytes"),
        ("identity", None, b"body{color:red}"),
        ("", None, b"body{color:red}"),
    ],
)
def test_the_precompressed_copy_the_browser_accepts_is_sent(
    client, built, accepted, encoding, body
):
    response = client.get(f"/static/{FINGERPRINTED}", headers={"Accept-Encoding": accepted})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert response.data == body
    assert response.mimetype == "text/css"
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_each_encoding_has_its_own_etag_and_an_unchanged_one_answers_304(client, built):
    url = f"/static/{FINGERPRINTED}"
    brotli = client.get(url, headers={"Accept-Encoding": "br"}).headers["ETag"]
    assert client.get(url, headers={"Accept-Encoding": "gzip"}).headers["ETag"] != brotli
    again = client.get(url, headers={"Accept-Encoding": "br", "If-None-Match": brotli})
    assert again.status_code == 304


def test_a_plain_static_file_is_kept_for_an_hour(client, built):
    response = client.get("/static/css/app.css", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=3600"
    assert "Content-Encoding" not in response.headers
    assert "Accept-Encoding" not in response.headers.get("Vary", "")


def test_static_max_age_zero_makes_browsers_ask_every_time(app, client, built, monkeypatch):
    monkeypatch.setitem(app.config, "STATIC_MAX_AGE", 0)
    assert client.get("/static/css/app.css").headers["Cache-Control"] == "no-cache"


def test_without_a_build_the_plain_file_is_sent(client, static_folder):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.data == b"body { color: red; }\n"


@pytest.mark.parametrize(
    "path",
    [
        "/static/css/missing.css",
        "/static/dist/css/app.9999999999.css",
        "/static/css",
        "/static/../mediation/config.py",
        "/static/%2e%2e/mediation/config.py",
    ],
)
def test_an_unknown_static_file_is_404(client, built, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_a_static_file_sets_no_cookie_and_does_not_vary_by_cookie(client, built):
    client.get("/")  # the home page starts a session (its forms' CSRF token)
    assert client.get_cookie("session") is not None
    response = client.get(f"/static/{FINGERPRINTED}", headers={"Accept-Encoding": "br"})
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers["Vary"]
