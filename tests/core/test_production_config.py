"""The production shape: it refuses a missing or development key, boots with a real one."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from mediation import create_app
from mediation.config import DEVELOPMENT_KEY, ProductionConfig

ROOT = Path(__file__).resolve().parents[2]


class QuietProduction(ProductionConfig):
    """ProductionConfig as it boots in a test process: threads, no Redis, in-memory limits."""

    SOCKETIO_ASYNC_MODE = "threading"
    REDIS_URL = None
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = False


def test_production_boots_with_a_real_key_from_the_environment(monkeypatch):
    key = secrets.token_urlsafe(48)
    monkeypatch.setenv("SECRET_KEY", key)
    app = create_app(QuietProduction)
    assert app.config["SECRET_KEY"] == key


def test_production_refuses_to_start_without_a_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(QuietProduction)


def test_production_refuses_to_start_with_an_empty_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(QuietProduction)


def test_production_refuses_to_start_with_the_development_key(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", DEVELOPMENT_KEY)
    with pytest.raises(RuntimeError, match="development key"):
        create_app(QuietProduction)


def test_development_still_boots_with_the_development_key():
    app = create_app(
        {
            "SECRET_KEY": DEVELOPMENT_KEY,
            "SOCKETIO_ASYNC_MODE": "threading",
            "RATELIMIT_ENABLED": False,
        }
    )
    assert app.config["SECRET_KEY"] == DEVELOPMENT_KEY


BOOT = "import wsgi; print('booted', wsgi.app.config['PROXY_HOPS'])"


def _boot_wsgi(code: str = BOOT, **env: str) -> subprocess.CompletedProcess:
    """Import wsgi.py in a fresh interpreter, as gunicorn does, with these variables set."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("FLASK_", "SECRET"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_wsgi_boots_in_production_with_a_random_key_from_the_environment():
    result = _boot_wsgi(
        FLASK_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        PROXY_HOPS="1",
        DATABASE_URL="sqlite://",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "booted 1"


def test_wsgi_refuses_production_without_a_key():
    result = _boot_wsgi(FLASK_ENV="production", DATABASE_URL="sqlite://", REDIS_URL="")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_logs_the_apps_info_messages_on_standard_error():
    result = _boot_wsgi(
        "import logging, wsgi; logging.getLogger('mediation.notify').info('sms sent to 139')",
        FLASK_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(48),
        DATABASE_URL="sqlite://",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "sms sent to 139" in result.stderr
