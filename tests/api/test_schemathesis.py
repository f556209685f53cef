"""Property-based run over every API operation: the answers are the ones the document promises.

Each operation is called, as the demo county's administrator, with requests generated from the
OpenAPI document, valid and invalid. A server error, a status or content type the document does
not list, or a body that does not match its schema fails the test.

It takes minutes, so it runs when SCHEMATHESIS_MAX_EXAMPLES says how many requests each operation
gets: .ci/run sets it, on PostgreSQL; locally `SCHEMATHESIS_MAX_EXAMPLES=25 pytest tests/api`.
"""

import contextvars
import os
import zlib

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
from mediation.disputes import operations as disputes
from mediation.disputes.lifecycle import Actor
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.models import HandOff
from mediation.mediators import assignment
from mediation.mediators.models import (
    Assignment,
    ConflictDisclosure,
    DeclaredRelation,
    Mediator,
    RecusalRequest,
    Studio,
)
from mediation.scheduling import operations as scheduling
from mediation.scheduling.models import MediationSession

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


# Path parameters and body fields naming records, and where the demo county's real ones are.
RECORDS = {
    "code": Dispute.code,
    "dispute_code": Dispute.code,
    "session_id": MediationSession.id,
    "mediator_id": Mediator.id,
    "studio_id": Studio.id,
    "relation_id": DeclaredRelation.id,
    "assignment_id": Assignment.id,
    "request_id": RecusalRequest.id,
    "disclosure_id": ConflictDisclosure.id,
    "handoff_id": HandOff.id,
}


@pytest.fixture
def demo() -> dict:
    """Seed a small demo county in the test's transaction: its admin's token and record keys."""
    Seeder(7, disputes=12).run()
    mobile = next(mobile for role, mobile in DEMO_LOGINS if role == "admin")
    admin = db.session.scalar(select(User).where(User.mobile == mobile))
    book_one_session(admin)
    token, _ = issue_token(admin)
    keys = {name: db.session.scalars(select(column)).all() for name, column in RECORDS.items()}
    return {"headers": {"Authorization": f"Bearer {token}"}, "keys": keys}


def book_one_session(admin: User) -> None:
    """Take a filed dispute to a booked session: the small county has none of its own."""
    dispute = db.session.scalars(select(Dispute).where(Dispute.state == "submitted")).first()
    mediator = db.session.scalars(select(Mediator).where(Mediator.full_time)).first()
    for action in ("accept", "request_consent", "consent"):
        disputes.transition_dispute(dispute, action, {Actor.STAFF}, admin)
    assignment.assign_mediator(dispute, mediator.id, admin)
    slot = scheduling.free_slots_for(dispute, None)[0]
    scheduling.book_session(dispute, slot.start, slot.end, "video", None, {Actor.STAFF}, admin)


def aim_at_real_records(case, keys: dict) -> None:
    """Point a valid case's ids at records that exist, so answers beyond 404 are checked too.

    The choice follows the generated value, so a replayed example picks the same record.
    """
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return

    def real(name, generated):
        found = keys.get(name)
        return found[zlib.crc32(repr(generated).encode()) % len(found)] if found else generated

    for name, value in (case.path_parameters or {}).items():
        case.path_parameters[name] = real(name, value)
    if isinstance(case.body, dict):
        for name in ("code", "dispute_code"):
            if isinstance(case.body.get(name), str):
                case.body[name] = real(name, case.body[name])


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
def test_every_operation_answers_as_documented(app, case, demo):
    aim_at_real_records(case, demo["keys"])
    response = call_isolated(app, case, demo["headers"])
    case.validate_response(response, checks=CHECKS, transport_kwargs={"app": app})
