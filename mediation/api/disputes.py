"""/api/v1/disputes: file, read, list, look up, move through the lifecycle, attach."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from mediation.core.audit import events_for
from mediation.core.auth import api_user, load_api_user
from mediation.core.errors import ValidationFailed
from mediation.core.schemas import clean_filename
from mediation.disputes import operations
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.attachments import Upload
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
    return operations.list_disputes(api_user(), args, page, per_page)


@blp.route("/lookup", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.arguments(LookupQuerySchema, location="query")
@blp.response(200, DisputeOutSchema)
def lookup(args: dict):
    """Find a dispute by its case code as typed (any case, hyphens, lookalike letters)."""
    return find_visible(api_user(), args["code"])


@blp.route("/<code>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, DisputeOutSchema)
def read_dispute(code: str):
    """Read one dispute."""
    return find_visible(api_user(), code)


@blp.route("/<code>/history", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, HistoryEventSchema(many=True))
def history(code: str):
    """The audit events of one dispute, oldest first."""
    return events_for("dispute", find_visible(api_user(), code).id)


@blp.route("/<code>/transitions", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(TransitionInSchema)
@blp.response(200, DisputeOutSchema)
def transition(data: dict, code: str):
    """Move a dispute to its next state; an illegal move gets 409."""
    user = api_user()
    dispute = find_visible(user, code)
    operations.transition_dispute(
        dispute,
        data["action"],
        actors_for(user, dispute),
        user,
        data["reason"],
        data["mediator_id"],
        data["expected_version"],
    )
    db.session.commit()
    return dispute


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
