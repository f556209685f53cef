"""Hand-off pages: the dashboard and its exports, filing, the hand-off page, actions, receipt."""

import uuid

from flask import (
    Blueprint,
    abort,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from marshmallow import ValidationError
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core import exports
from mediation.core.auth import roles_required
from mediation.core.errors import DomainError, NotFound
from mediation.core.forms import ANY_REFUSAL, done, error_page, form_data, submit_form
from mediation.core.qr import qr_svg
from mediation.core.schemas import clean_filename, flatten_messages
from mediation.core.urls import external
from mediation.disputes import categories
from mediation.disputes.access import find_visible
from mediation.disputes.attachments import Upload
from mediation.disputes.forms import form_field_name, payload_from_form
from mediation.extensions import db
from mediation.handoffs import labels, operations, reach, results
from mediation.handoffs.access import find_handoff
from mediation.handoffs.agencies import Agency, agency_of
from mediation.handoffs.dashboard import dashboard_rows, export_csv, export_xlsx
from mediation.handoffs.labels import OUTBOUND_KINDS, TYPES_BY_KIND
from mediation.handoffs.schemas import (
    ConfirmationGrantedSchema,
    ConfirmationSchema,
    CorrectionSchema,
    ExtensionSchema,
    HandOffQuerySchema,
    OutboundSchema,
    PauseSchema,
    ReceiveSchema,
    ReferralInSchema,
    ResultSchema,
    ResumeSchema,
    SignForSchema,
)
from mediation.handoffs.timeline import effective_dates, status_of

bp = Blueprint("handoffs", __name__, url_prefix="/handoffs")
VIEWERS = (Role.LIAISON, Role.COORDINATOR, Role.ADMIN, Role.MEDIATOR)


def _filters() -> tuple[dict, dict]:
    try:
        raw = {k: v for k, v in request.args.items() if k != "format"}
        return HandOffQuerySchema().load(raw), {}
    except ValidationError as error:
        return {}, flatten_messages(error.messages)


@bp.route("")
@roles_required(*VIEWERS)
def dashboard():
    """Hand-offs with status and days left, overdue first; CSV or Excel with ?format=."""
    filters, errors = _filters()
    rows = [] if errors else dashboard_rows(current_user, filters)
    export = request.args.get("format")
    if export in ("csv", "xlsx") and not errors:
        content = export_csv(rows) if export == "csv" else export_xlsx(rows)
        return exports.download(content, "handoffs", export)
    agencies = db.session.scalars(select(Agency).order_by(Agency.id)).all()
    return render_template(
        "handoffs/dashboard.html",
        rows=rows,
        filters=filters,
        errors=errors,
        labels=labels,
        agencies=agencies if current_user.is_staff else [],
        agency=agency_of(current_user),
    ), (422 if errors else 200)


def _filing_choices(agency: Agency) -> dict:
    return {
        "agency": agency,
        "types": {t: labels.REFERRAL_TYPES[t] for t in TYPES_BY_KIND.get(agency.kind, ())},
        "categories": categories.CATEGORIES,
        "townships": reach.referral_townships(agency),
        "villages": reach.referral_villages(agency),
    }


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.LIAISON)
def new_referral():
    """A liaison sends a referral with the agency's reference, parties, summary and documents."""
    agency = agency_of(current_user)
    if agency is None:
        abort(403)
    values: dict = {"applicants": [{}], "respondents": [{}], "token": uuid.uuid4().hex}
    errors: dict = {}
    existing_id = None
    if request.method == "POST":
        payload = payload_from_form(request.form)
        values = {**payload, "applicants": payload["applicants"] or [{}]}
        values["respondents"] = payload["respondents"] or [{}]
        uploads = [
            Upload(clean_filename(f.filename), f.read())
            for f in request.files.getlist("documents")
            if f and f.filename
        ]
        try:
            data = ReferralInSchema().load(payload)
            handoff = operations.file_referral(agency, current_user, data, uploads)
            db.session.commit()
            return redirect(url_for("handoffs.show", handoff_id=handoff.id))
        except ValidationError as error:
            errors = flatten_messages(error.messages)
        except DomainError as error:
            db.session.rollback()
            if error.status not in (409, 422):
                raise
            errors = {**error.fields, "_schema": [str(error)]}
            existing_id = error.extra.get("existing_id")
    field_errors = {form_field_name(k): [str(m) for m in v] for k, v in errors.items()}
    return render_template(
        "handoffs/new.html",
        values=values,
        errors=field_errors,
        existing_id=existing_id,
        **_filing_choices(agency),
    ), (422 if errors else 200)


def _render(handoff, errors: dict | None = None, status: int = 200):
    outbound = []
    if current_user.is_staff:
        outbound = reach.outbound_choices(current_user, handoff.dispute, OUTBOUND_KINDS)
    return render_template(
        "handoffs/show.html",
        handoff=handoff,
        clock=status_of(handoff),
        days=effective_dates(handoff),
        errors=errors or {},
        labels=labels,
        outbound_agencies=outbound,
        is_member=agency_of(current_user) == handoff.agency,
    ), status


@bp.route("/<int:handoff_id>")
@roles_required(*VIEWERS)
def show(handoff_id: int):
    return _render(find_handoff(current_user, handoff_id))


def _agreement_upload() -> Upload | None:
    file = request.files.get("agreement")
    if file is None or not file.filename:
        return None
    return Upload(clean_filename(file.filename), file.read())


ACTIONS = {
    "sign_for": (SignForSchema, lambda h, u, d: operations.sign_for(h, u, d["on"])),
    "pause": (PauseSchema, lambda h, u, d: operations.pause_clock(h, u, d["start"], d["reason"])),
    "resume": (ResumeSchema, lambda h, u, d: operations.resume_clock(h, u, d["on"])),
    "extend": (ExtensionSchema, lambda h, u, d: operations.extend_clock(h, u, **d)),
    "correct": (
        CorrectionSchema,
        lambda h, u, d: operations.correct_date(
            h, u, d["event_id"], d["effective_on"], d["reason"]
        ),
    ),
    "result": (
        ResultSchema,
        lambda h, u, d: results.record_result(
            h,
            u,
            d["result"],
            d["text"],
            _agreement_upload(),
            d["agreement_attachment_id"],
            d["effective_on"],
        ),
    ),
    "acknowledge": (None, lambda h, u, d: results.acknowledge_result(h, u)),
    "confirmation": (
        ConfirmationSchema,
        lambda h, u, d: results.record_confirmation(h, u, d["applied_on"]),
    ),
    "confirmation_granted": (
        ConfirmationGrantedSchema,
        lambda h, u, d: results.record_confirmation_granted(h, u, d["granted_on"]),
    ),
    "receive": (ReceiveSchema, lambda h, u, d: results.receive_outbound(h, u, d["reference"])),
}


# A refused action comes back on the hand-off page; a hand-off gone (404) reaches the error page.
SHOWN_ON_PAGE = set(ANY_REFUSAL) - {404}


@bp.route("/<int:handoff_id>/<action>", methods=["POST"])
@roles_required(Role.LIAISON, Role.COORDINATOR, Role.ADMIN)
def act(handoff_id: int, action: str):
    """Carry out one action from the hand-off page; problems come back on the page."""
    handoff = find_handoff(current_user, handoff_id)
    if action not in ACTIONS:
        raise NotFound(_l("No such action."))
    schema, run = ACTIONS[action]
    return submit_form(
        parse=lambda: schema().load(form_data()) if schema else {},
        operate=lambda data: run(handoff, current_user, data),
        # Read again after the rollback: the page shows the hand-off as stored.
        render=lambda errors, status: _render(
            find_handoff(current_user, handoff_id), {action: errors}, status
        ),
        success=lambda _result: done(None, url_for("handoffs.show", handoff_id=handoff.id)),
        refuse=SHOWN_ON_PAGE,
    )


@bp.route("/<int:handoff_id>/receipt")
@roles_required(*VIEWERS)
def receipt(handoff_id: int):
    """A printable receipt (回执) with the case's QR code."""
    handoff = find_handoff(current_user, handoff_id)
    target = external("disputes.case", code=handoff.dispute.code)
    svg = qr_svg(target).decode()
    svg = svg[svg.index("<svg") :]
    return render_template(
        "handoffs/receipt.html",
        handoff=handoff,
        clock=status_of(handoff),
        qr=Markup(svg),  # noqa: S704 (generated by the qrcode library from our own URL)
        labels=labels,
    )


@bp.route("/outbound", methods=["POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN)
def send_outbound():
    """Send a dispute unsuited to mediation to a court, arbitration or the petition bureau."""

    def send(data):
        dispute = find_visible(current_user, data["dispute_code"])
        agency = db.session.get(Agency, data["agency_id"])
        if agency is None:
            raise NotFound(_l("No such agency."))
        return results.send_outbound(dispute, agency, current_user, data["summary"])

    return submit_form(
        parse=lambda: OutboundSchema().load(form_data()),
        operate=send,
        render=error_page,
        success=lambda handoff: done(None, url_for("handoffs.show", handoff_id=handoff.id)),
        refuse=(),  # the form is on the case page: a refusal reaches the error page
    )
