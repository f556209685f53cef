"""Absolute addresses: PUBLIC_URL when set, else the local server on the port it serves on."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mediation import create_app
from mediation.core.urls import absolute, base_url, external, public_host

ROOT = Path(__file__).resolve().parents[2]


def test_without_public_url_the_address_is_the_local_server_on_its_port():
    assert base_url(None, 8000) == "http://127.0.0.1:8000"
    assert base_url("", "8000") == "http://127.0.0.1:8000"


def test_an_explicit_public_url_wins_over_the_port():
    assert base_url("https://tiaojie.example.gov.cn/", 8000) == "https://tiaojie.example.gov.cn"


def config_seen_with(**environ: str) -> str:
    """Return "PORT PUBLIC_URL" as the Config class reads them from a fresh environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("PORT", "PUBLIC_URL")}
    env.update(environ)
    code = "from mediation.config import Config; print(Config.PORT, Config.PUBLIC_URL)"
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed snippet)
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_the_port_make_run_exports_reaches_the_config():
    assert config_seen_with(PORT="8000") == "8000 None"
    assert config_seen_with() == "5000 None"
    assert config_seen_with(PORT="8000", PUBLIC_URL="https://a.example") == "8000 https://a.example"


def test_an_app_without_public_url_settles_on_its_port():
    app = create_app({"TESTING": True, "PUBLIC_URL": None, "PORT": 8000})
    assert app.config["PUBLIC_URL"] == "http://127.0.0.1:8000"
    explicit = create_app({"TESTING": True, "PUBLIC_URL": "https://a.example/", "PORT": 8000})
    assert explicit.config["PUBLIC_URL"] == "https://a.example"


def test_endpoints_are_built_outside_a_request_on_the_configured_port(served_on):
    served_on(None)
    assert external("disputes.case", code="LZ-1") == "http://127.0.0.1:8000/disputes/LZ-1"
    assert absolute("/c/abc") == "http://127.0.0.1:8000/c/abc"
    assert public_host() == "127.0.0.1"


def test_a_public_url_with_a_path_keeps_it_in_every_address(served_on):
    served_on("https://tiaojie.example.gov.cn/lezhi/")
    assert external("disputes.case_by_link", token="t.k") == (
        "https://tiaojie.example.gov.cn/lezhi/c/t.k"
    )
    assert absolute("/c/t") == "https://tiaojie.example.gov.cn/lezhi/c/t"
    assert public_host() == "tiaojie.example.gov.cn"


def test_a_request_from_another_host_does_not_change_the_address(app, served_on):
    served_on("https://tiaojie.example.gov.cn")
    with app.test_request_context("/", base_url="http://evil.example:9999"):
        assert external("disputes.case", code="LZ-1") == (
            "https://tiaojie.example.gov.cn/disputes/LZ-1"
        )


def test_a_relative_path_is_refused():
    with pytest.raises(ValueError, match="starting with '/'"):
        absolute("c/abc")
