import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from mediation.extensions import db


def test_models_and_migrations_agree(app):
    """The schema built by `flask db upgrade` is exactly what the models declare."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_upgrade_and_downgrade_run_from_the_command_line(tmp_path):
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "FLASK_APP": "wsgi",
        "PATH": "",
    }
    for step in (["db", "upgrade"], ["db", "downgrade", "base"], ["db", "upgrade"]):
        result = subprocess.run(
            [sys.executable, "-m", "flask", *step], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


@pytest.mark.slow
def test_a_filled_sqlite_database_downgrades_and_upgrades(tmp_path):
    """SQLite copies tables to alter them; rows pointing at them must not block that."""
    env = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'filled.sqlite3'}",
        "FLASK_APP": "wsgi",
        "PATH": "",
    }
    steps = (["db", "upgrade"], ["seed-demo"], ["db", "downgrade", "0008"], ["db", "upgrade"])
    for step in steps:
        result = subprocess.run(
            [sys.executable, "-m", "flask", *step], env=env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-2000:]
