"""Shared fixtures: one schema per test run, each test rolled back, factories for data."""

from tests import workers

# Before the application reads its settings: each xdist worker's own database, ports, Redis.
workers.separate()

import contextvars
import itertools
import os

import flask_migrate
import pytest
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session
from sqlalchemy import inspect, text

from mediation import create_app
from mediation.config import TestConfig, database_url
from mediation.core.memo import forget
from mediation.extensions import db

pytest_plugins = ["tests.suite_clock", "tests.factories"]


def _drop_everything() -> None:
    """Remove every table, including Alembic's, whatever an earlier run left behind."""
    db.drop_all()
    with db.engine.begin() as connection:
        if "alembic_version" in inspect(connection).get_table_names():
            connection.execute(text("DROP TABLE alembic_version"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    )

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url(url)
        AUDIT_ANCHOR_FILE = str(tmp_path_factory.mktemp("anchors") / "audit-anchors.jsonl")

    app = create_app(Config)
    with app.app_context():
        _drop_everything()
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        flask_migrate.downgrade(revision="base")
        _drop_everything()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _rollback(app):
    """Run each test inside a transaction that is rolled back, so no data outlives it."""
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()

        class BoundSession(Session):
            def get_bind(self, *args, **kwargs):
                return connection

        original = db.session
        db.session = db._make_scoped_session(
            {"class_": BoundSession, "join_transaction_mode": "create_savepoint"}
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            outer.rollback()
            connection.close()


class IsolatedClient(FlaskClient):
    """A test client whose requests get their own app context, as in production.

    Tests hold an app context for their factories; without this, requests would reuse it
    and share `g` (the logged-in user, the chosen language) from one request to the next.
    """

    def open(self, *args, **kwargs):
        def fresh():
            _cv_app.set(None)
            return super(IsolatedClient, self).open(*args, **kwargs)

        try:
            return contextvars.copy_context().run(fresh)
        finally:
            # The request was a transaction of its own: what the test's session read before
            # it (the organisation tree, the calendar) is read again, as a later request would.
            forget(db.session())


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def unique():
    """Return a counter for values that must differ between rows (mobiles, names)."""
    return itertools.count(1)


@pytest.fixture
def served_on(app, monkeypatch):
    """Set the public address as a deployment would: PUBLIC_URL (None: unset) and PORT."""

    def serve(public_url: str | None, port: int = 8000) -> None:
        monkeypatch.setitem(app.config, "PUBLIC_URL", public_url)
        monkeypatch.setitem(app.config, "PORT", port)

    return serve
