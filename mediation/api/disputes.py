"""/api/v1/disputes: file, read, list, look up, move, attach, record the outcome."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from mediation.accounts import proofs
from mediation.core.audit import events_for
from mediation.core.auth import api_user, load_api_user
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.core.schemas import clean_filename
from mediation.disputes import acts, operations, rights
from mediation.disputes.access import RECORDS, actors_for, find_visible
from mediation.disputes.attachments import Upload
from mediation.disputes.lifecycle import Actor
from mediation.disputes.schemas import (
    AttachmentOutSchema,
    DisputeInSchema,
    DisputeOutSchema,
    DisputePageSchema,
    DisputeQuerySchema,
    HistoryEventSchema,
    LookupQuerySchema,
    TransitionInSchema,
)
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.outcomes import agreements, seals
from mediation.outcomes import operations as outcomes
from mediation.outcomes.schemas import (
    AgreementOutSchema,
    OutcomeInSchema,
    OutcomeOutSchema,
    SealInSchema,
)

blp = Blueprint("api_disputes", __name__, url_prefix="/disputes", description="Disputes")
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]


@blp.route("", methods=["POST"])
@blp.doc(
    security=SECURITY,
    parameters=[{"in": "header", "name": "Idempotency-Key", "schema": {"type": "string"}}],
)
@blp.arguments(DisputeInSchema)
@blp.response(201, DisputeOutSchema)
def file_dispute(data: dict):
    """File a dispute; a repeated Idempotency-Key returns the first one."""
    dispute, replayed = operations.file_dispute(
        data, api_user(), idempotency_key=request.headers.get("Idempotency-Key")
    )
    db.session.commit()
    return dispute, 201, {"Idempotent-Replayed": "true" if replayed else "false"}


@blp.route("", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.arguments(DisputeQuerySchema, location="query")
@blp.response(200, DisputePageSchema)
def list_disputes(args: dict):
    """List the disputes you may see, paged and filtered."""
    page, per_page = args.pop("page"), args.pop("per_page")
    return operations.list_disputes(api_user(), args, page, per_page, load=RECORDS)


@blp.route("/lookup", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.arguments(LookupQuerySchema, location="query")
@blp.response(200, DisputeOutSchema)
def lookup(args: dict):
    """Find a dispute by its case code as typed (any case, hyphens, lookalike letters)."""
    return find_visible(api_user(), args["code"], load=RECORDS)


@blp.route("/<code>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, DisputeOutSchema)
def read_dispute(code: str):
    """Read one dispute."""
    return find_visible(api_user(), code, load=RECORDS)


@blp.route("/<code>/history", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, HistoryEventSchema(many=True))
def history(code: str):
    """The audit events of one dispute, oldest first."""
    return events_for("dispute", find_visible(api_user(), code).id)


# Settling and failing always record the outcome, as on the pages (docs/outcomes.md).
OUTCOME_ACTIONS = ("settle", "fail")


@blp.route("/<code>/transitions", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(TransitionInSchema)
@blp.response(200, DisputeOutSchema)
def transition(data: dict, code: str):
    """Move a dispute to its next state; an illegal move gets 409.

    A party's own acts (`consent`, `decline`, `withdraw`, `stop`) entered by staff name the
    party (`party_id`) and how staff identified them (`identification`); without them, 422.

    `settle` and `fail` are not taken here: record them with POST /disputes/{code}/outcome,
    which keeps the outcome (and, for a settlement, drafts the agreement).
    """
    user = api_user()
    dispute = find_visible(user, code)
    if data["action"] in OUTCOME_ACTIONS:
        raise Conflict(
            _l("Record a settlement or a failure as the case's outcome: POST %(path)s."),
            code="use_outcome",
            params={"path": f"/api/v1/disputes/{dispute.code}/outcome"},
        )
    actors = actors_for(user, dispute)
    if data["action"] in rights.LIFECYCLE_ACTS:
        acts.perform_lifecycle_act(
            dispute,
            _acting_party(user, dispute, actors, data),
            data["action"],
            data["reason"],
            data["expected_version"],
        )
    elif data["action"] == "assign":
        assignment.assign_mediator(
            dispute,
            data["mediator_id"],
            user,
            data["reason"],
            actors=actors,
            expected_version=data["expected_version"],
        )
    elif data["action"] == "unassign":
        assignment.unassign_mediator(
            dispute, user, data["reason"], actors, expected_version=data["expected_version"]
        )
    else:
        operations.transition_dispute(
            dispute, data["action"], actors, user, data["reason"], data["expected_version"]
        )
    db.session.commit()
    return dispute


def _acting_party(user, dispute, actors, data: dict) -> acts.ActingParty:
    """Return who does a party's act: staff naming the party and how identified, or the party.

    A party acts as sure as their proof of the mobile in this session: none with a bare token.
    """
    if Actor.STAFF in actors:
        return acts.entered_by_staff(dispute, user, data["party_id"], data["identification"])
    party = next((p for p in dispute.parties if p.user_id == user.id), None)
    if party is None:
        raise Forbidden(
            _l("Only a party to the case, or staff entering their answer, may do this.")
        )
    return acts.online(party, proofs.online_assurance(user.mobile), user)


@blp.route("/<code>/attachments", methods=["POST"])
@blp.doc(
    security=SECURITY,
    requestBody={
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        }
    },
)
@blp.response(201, AttachmentOutSchema)
def add_attachment(code: str):
    """Attach a PDF or image (checked by its content, size limited)."""
    user = api_user()
    dispute = find_visible(user, code)
    file = request.files.get("file")
    if file is None:
        raise ValidationFailed(
            _l("Send the document as multipart field 'file'."), {"file": ["required"]}
        )
    upload = Upload(clean_filename(file.filename), file.read())
    attachment = operations.add_attachment(dispute, upload, user)
    db.session.commit()
    return attachment


def _outcome_view(dispute, outcome) -> dict:
    return {
        "id": outcome.id,
        "result": str(outcome.result),
        "terms": outcome.terms,
        "reason": outcome.reason,
        "decided_at": outcome.decided_at,
        "days_to_close": outcome.days_to_close,
        "agreement": agreements.agreement_for(dispute),
    }


@blp.route("/<code>/outcome", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(OutcomeInSchema)
@blp.response(201, OutcomeOutSchema)
def record_outcome(data: dict, code: str):
    """Record how the mediation ended; a settlement's terms become the draft agreement.

    For the case's mediator or mediation staff, once per case.
    """
    user = api_user()
    dispute = find_visible(user, code)
    actors = actors_for(user, dispute)
    if not actors & {Actor.MEDIATOR, Actor.STAFF}:
        raise Forbidden(_l("Only the mediator of this case or mediation staff may do this."))
    outcome = outcomes.record_outcome(dispute, data, actors, user)
    db.session.commit()
    return _outcome_view(dispute, outcome)


@blp.route("/<code>/outcome", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, OutcomeOutSchema)
def read_outcome(code: str):
    """The case's outcome and its agreement; 404 until the outcome is recorded."""
    dispute = find_visible(api_user(), code)
    outcome = outcomes.outcome_for(dispute)
    if outcome is None:
        raise NotFound(_l("No outcome has been recorded for this case yet."), code="no_outcome")
    return _outcome_view(dispute, outcome)


@blp.route("/<code>/agreement/seal", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(SealInSchema)
@blp.response(200, AgreementOutSchema)
def seal_agreement(data: dict, code: str):
    """Apply the committee's seal to the case's agreement, as one of its seal holders.

    The agreement takes effect, and is numbered, once every party and the mediator have
    signed and the seal is on.
    """
    user = api_user()
    dispute = find_visible(user, code)
    agreement = agreements.agreement_for(dispute)
    if agreement is None:
        raise NotFound(_l("This case has no agreement yet."), code="no_agreement")
    seals.apply_seal(agreement, user, data["document_hash"])
    db.session.commit()
    return agreement
