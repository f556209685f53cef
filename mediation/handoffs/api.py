"""/api/v1/handoffs: the hand-off operations for agency systems (X-Api-Key) and staff (Bearer)."""

from flask import current_app, g, request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from mediation.core.auth import load_api_user
from mediation.core.errors import NotFound, Unauthorized
from mediation.disputes.access import find_visible
from mediation.extensions import db
from mediation.handoffs import operations, results
from mediation.handoffs.access import find_handoff
from mediation.handoffs.agencies import Agency, agency_of
from mediation.handoffs.apikeys import HEADER, user_from_key
from mediation.handoffs.dashboard import dashboard_rows
from mediation.handoffs.schemas import (
    AckSchema,
    ConfirmationSchema,
    CorrectionSchema,
    EventOutSchema,
    ExtensionSchema,
    HandOffOutSchema,
    HandOffQuerySchema,
    OutboundSchema,
    PauseSchema,
    ReceiveSchema,
    ReferralInSchema,
    ResultSchema,
    ResumeSchema,
    SignForSchema,
)
from mediation.handoffs.webhooks import SIGNATURE_HEADER, acknowledge_delivery

blp = Blueprint("api_handoffs", __name__, url_prefix="/handoffs", description="Hand-offs")
SECURITY = [{"agencyApiKey": []}, {"bearerAuth": []}]


@blp.record_once
def _document_the_key(state) -> None:
    api = state.app.extensions["flask-smorest"]["blp_name_to_api"][blp.name]
    api.spec.components.security_scheme(
        "agencyApiKey",
        {
            "type": "apiKey",
            "in": "header",
            "name": HEADER,
            "description": "A per-agency key issued by an administrator; see docs/handoffs.md",
        },
    )


@blp.before_request
def load_actor() -> None:
    """Accept an agency's API key or a bearer token; the webhook ack is checked by signature."""
    if request.endpoint == f"{blp.name}.acknowledge_webhook":
        return
    key = request.headers.get(HEADER)
    if key:
        g.api_user = user_from_key(key)
    else:
        load_api_user()


def actor():
    return g.api_user


def _handoff(handoff_id: int):
    return find_handoff(actor(), handoff_id)


@blp.route("", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ReferralInSchema)
@blp.response(201, HandOffOutSchema)
def file_referral(data: dict):
    """Send a referral with the agency's own reference; a duplicate reference gets 409."""
    agency = agency_of(actor())
    if agency is None:
        raise NotFound(_l("You do not speak for an agency."))
    handoff = operations.file_referral(agency, actor(), data)
    db.session.commit()
    return handoff


@blp.route("", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.arguments(HandOffQuerySchema, location="query")
@blp.response(200, HandOffOutSchema(many=True))
def list_handoffs(args: dict):
    """List the hand-offs you may see, overdue first."""
    return [row.handoff for row in dashboard_rows(actor(), args)]


@blp.route("/<int:handoff_id>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, HandOffOutSchema)
def read_handoff(handoff_id: int):
    """Read one hand-off with its clock."""
    return _handoff(handoff_id)


@blp.route("/<int:handoff_id>/timeline", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, EventOutSchema(many=True))
def timeline(handoff_id: int):
    """Every event of a hand-off, oldest first; corrections name the event they correct."""
    return _handoff(handoff_id).events


def _commit(handoff):
    db.session.commit()
    return handoff


@blp.route("/<int:handoff_id>/sign-for", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(SignForSchema)
@blp.response(200, HandOffOutSchema)
def sign_for(data: dict, handoff_id: int):
    """Sign for a referral (coordinators): the clock starts."""
    return _commit(operations.sign_for(_handoff(handoff_id), actor(), data["on"]))


@blp.route("/<int:handoff_id>/pauses", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(PauseSchema)
@blp.response(200, HandOffOutSchema)
def pause(data: dict, handoff_id: int):
    """Pause the clock for appraisal; an overlapping pause gets 409."""
    handoff = _handoff(handoff_id)
    return _commit(operations.pause_clock(handoff, actor(), data["start"], data["reason"]))


@blp.route("/<int:handoff_id>/resume", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ResumeSchema)
@blp.response(200, HandOffOutSchema)
def resume(data: dict, handoff_id: int):
    """Resume the clock after appraisal."""
    return _commit(operations.resume_clock(_handoff(handoff_id), actor(), data["on"]))


@blp.route("/<int:handoff_id>/extensions", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ExtensionSchema)
@blp.response(200, HandOffOutSchema)
def extend(data: dict, handoff_id: int):
    """Extend the term; without both parties' consent, 409."""
    handoff = operations.extend_clock(_handoff(handoff_id), actor(), **data)
    return _commit(handoff)


@blp.route("/<int:handoff_id>/corrections", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(CorrectionSchema)
@blp.response(200, HandOffOutSchema)
def correct(data: dict, handoff_id: int):
    """Correct the day of a sign-for, pause or resume; the original event stays."""
    handoff = _handoff(handoff_id)
    return _commit(
        operations.correct_date(
            handoff, actor(), data["event_id"], data["effective_on"], data["reason"]
        )
    )


@blp.route("/<int:handoff_id>/result", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ResultSchema)
@blp.response(200, HandOffOutSchema)
def result(data: dict, handoff_id: int):
    """Send the result; before sign-for, 409. Settled needs the agreement's attachment id."""
    handoff = results.record_result(
        _handoff(handoff_id),
        actor(),
        data["result"],
        data["text"],
        agreement_attachment_id=data["agreement_attachment_id"],
        effective_on=data["effective_on"],
    )
    return _commit(handoff)


@blp.route("/<int:handoff_id>/acknowledge", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, HandOffOutSchema)
def acknowledge(handoff_id: int):
    """Acknowledge the result (the agency)."""
    return _commit(results.acknowledge_result(_handoff(handoff_id), actor()))


@blp.route("/<int:handoff_id>/confirmation", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ConfirmationSchema)
@blp.response(200, HandOffOutSchema)
def confirmation(data: dict, handoff_id: int):
    """Record the application for judicial confirmation of a settled court referral."""
    handoff = results.record_confirmation(_handoff(handoff_id), actor(), data["applied_on"])
    return _commit(handoff)


@blp.route("/<int:handoff_id>/receive", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ReceiveSchema)
@blp.response(200, HandOffOutSchema)
def receive(data: dict, handoff_id: int):
    """Confirm receipt of a dispute mediation sent to the agency."""
    return _commit(results.receive_outbound(_handoff(handoff_id), actor(), data["reference"]))


@blp.route("/outbound", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(OutboundSchema)
@blp.response(201, HandOffOutSchema)
def send_outbound(data: dict):
    """Send a dispute to a court, labour arbitration or the petition bureau (coordinators)."""
    dispute = find_visible(actor(), data["dispute_code"])
    agency = db.session.get(Agency, data["agency_id"])
    if agency is None:
        raise NotFound(_l("No such agency."))
    return _commit(results.send_outbound(dispute, agency, actor(), data["summary"]))


@blp.route("/webhooks/ack", methods=["POST"])
@blp.doc(
    security=[],
    parameters=[{"in": "header", "name": SIGNATURE_HEADER, "schema": {"type": "string"}}],
)
@blp.arguments(AckSchema)
@blp.response(200, AckSchema)
def acknowledge_webhook(data: dict):
    """Acknowledge a webhook delivery, signed like the deliveries; bad signatures get 401."""
    body = request.get_data()
    if not acknowledge_delivery(data["delivery_id"], body, request.headers.get(SIGNATURE_HEADER)):
        current_app.logger.warning("webhook ack with a bad signature refused")
        raise Unauthorized(_l("The signature does not match."), code="bad_signature")
    db.session.commit()
    return data
