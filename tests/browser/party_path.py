"""A server at a fixed instant for the parties' whole-path tests, and what the parties receive.

The server's clock starts at the given instant and runs on from there
(tests/browser/clock_app.py), so slots, codes and room opening times never depend on the hour
the tests run. The test reads the texts the parties were sent from the server's database.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from tests.video import live

APP = "tests.browser.clock_app:app"


def at(instant: datetime) -> dict:
    """Environment that starts the app's clock at `instant` and lets it run on."""
    return {"FIXED_INSTANT": instant.isoformat()}


def flask(url: str, instant: datetime, *args: str) -> None:
    run_module(url, instant, "tests.browser.clock_app", *args)


def run_module(url: str, instant: datetime, module: str, *args: str) -> None:
    """Run a module of ours against the county's database with its clock at `instant`."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": live.SECRET, **at(instant)}
    env.pop("FLASK_ENV", None)
    env["FLASK_APP"] = APP
    result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
        [sys.executable, "-m", module, *args],
        cwd=live.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]


class County:
    """The demo county in a SQLite file, served by gunicorn at an instant chosen per phase."""

    def __init__(self, directory: Path, start: datetime):
        self.path = directory / "county.sqlite3"
        self.url = f"sqlite:///{self.path}"
        self.port = live.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        flask(self.url, start, "db", "upgrade")
        flask(self.url, start, "seed-demo")

    def server_now(self) -> datetime:
        """The instant the server's clock shows now: where it was started, plus the time since."""
        instant, started = self.served
        return instant + timedelta(seconds=time.monotonic() - started)

    def make_agreement_ready(self, code: str) -> None:
        """The mediator's particulars and details, and the committee's seal (agreement_ready)."""
        run_module(self.url, self.server_now(), "tests.browser.agreement_ready", code)

    def serve_at(self, instant: datetime) -> None:
        """(Re)start the server with its clock at `instant`; the data stays."""
        self.stop()
        self.process = live.start_server(self.url, self.port, app=APP, **at(instant))
        self.served = (instant, time.monotonic())

    def stop(self) -> None:
        if self.process is not None:
            live.stop_server(self.process)
            self.process = None

    def texts_to(self, mobile: str) -> list[dict]:
        """Every message queued to a mobile, oldest first (subject, body)."""
        with sqlite3.connect(self.path) as connection:
            rows = connection.execute("SELECT payload FROM outbox ORDER BY id").fetchall()
        payloads = [json.loads(row[0]) for row in rows]
        return [p for p in payloads if p.get("mobile") == mobile]

    def latest_code(self, mobile: str) -> str:
        for message in reversed(self.texts_to(mobile)):
            found = re.search(r"\b(\d{6})\b", message["body"])
            if found and "验证码" in message["body"]:
                return found.group(1)
        raise AssertionError(f"no code was texted to {mobile}")

    def link_in_latest_text(self, mobile: str, path: str = "/c/") -> str:
        for message in reversed(self.texts_to(mobile)):
            found = re.search(rf"https?://\S+{re.escape(path)}[\w.\-]+", message["body"])
            if found:
                return found.group(0)
        raise AssertionError(f"no text to {mobile} carries a {path} link")

    def scalar(self, sql: str, *args):
        with sqlite3.connect(self.path) as connection:
            row = connection.execute(sql, args).fetchone()
        return row[0] if row else None

    def conn_row(self, sql: str, *args) -> tuple:
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql, args).fetchone()
