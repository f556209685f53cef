"""Property-based run over every API operation: the answers are the ones the document promises.

Each operation is called, as the demo county's administrator, with requests generated from the
OpenAPI document, valid and invalid. A server error, a status or content type the document does
not list, or a body that does not match its schema fails the test.

It takes minutes, so it runs when SCHEMATHESIS_MAX_EXAMPLES says how many requests each operation
gets: .ci/run sets it, on PostgreSQL; locally `SCHEMATHESIS_MAX_EXAMPLES=25 pytest tests/api`.
"""

import contextvars
import os

import pytest
import schemathesis
from flask.globals import _cv_app
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from mediation import create_app
from mediation.accounts.models import User
from mediation.accounts.tokens import issue_token
from mediation.config import TestConfig
from mediation.demo.seed import DEMO_LOGINS, Seeder
from mediation.extensions import db

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES") or 0)
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not MAX_EXAMPLES, reason="set SCHEMATHESIS_MAX_EXAMPLES to run (CI does)"),
]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def load_schema():
    """Load the OpenAPI document, as published, from an app that touches no database."""
    document = create_app(TestConfig).test_client().get("/api/v1/openapi.json").get_json()
    loaded = schemathesis.openapi.from_dict(document)
    loaded.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=MAX_EXAMPLES or 1,
        deterministic=True,
    )
    return loaded


schema = load_schema()


@pytest.fixture
def admin_headers() -> dict:
    """Seed a small demo county in the test's transaction; return its administrator's token."""
    Seeder(7, disputes=12).run()
    mobile = next(mobile for role, mobile in DEMO_LOGINS if role == "admin")
    admin = db.session.scalar(select(User).where(User.mobile == mobile))
    token, _ = issue_token(admin)
    return {"Authorization": f"Bearer {token}"}


def call_isolated(app, case, headers: dict):
    """Call the app as a separate request would, with an app context (and `g`) of its own."""

    def fresh():
        _cv_app.set(None)
        return case.call(app=app, headers=headers)

    return contextvars.copy_context().run(fresh)


@schema.parametrize()
@settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_answers_as_documented(app, case, admin_headers):
    response = call_isolated(app, case, admin_headers)
    case.validate_response(response, checks=CHECKS, transport_kwargs={"app": app})
