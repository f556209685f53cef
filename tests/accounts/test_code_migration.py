"""Revision 0012 downgrades with password-less accounts in the database, and upgrades again."""

import sqlite3
import subprocess
import sys

import pytest


def flask(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flask", *args], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.slow
def test_password_less_accounts_survive_a_downgrade_unable_to_log_in(tmp_path):
    path = tmp_path / "codes.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{path}", "FLASK_APP": "wsgi", "PATH": ""}
    flask(env, "db", "upgrade")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO users (name, mobile, password_hash, role, timezone, active,"
            " token_version, failed_logins, created_at, mobile_verified_at)"
            " VALUES ('王芳', '13512345678', NULL, 'party', 'Asia/Shanghai', 1, 0, 0,"
            " '2026-12-07 04:00:00.000000', '2026-12-07 04:00:00.000000')"
        )
    flask(env, "db", "downgrade", "0011")
    with sqlite3.connect(path) as connection:
        (stored,) = connection.execute("SELECT password_hash FROM users").fetchone()
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert stored == "!" and "login_codes" not in tables
    flask(env, "db", "upgrade")
