"""Dispute pages: file, list, look up, the case page and its actions."""

import uuid
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from mediation.accounts import confirmations
from mediation.accounts.models import Role
from mediation.core.audit import events_for
from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.errors import DomainError, NotFound
from mediation.core.qr import qr_svg
from mediation.core.schemas import flatten_messages
from mediation.disputes import (
    acts,
    case_page,
    categories,
    codes,
    filing_form,
    held,
    operations,
    rights,
)
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.act_routes import acting_party, refused
from mediation.disputes.forms import filing_labels, form_field_name, payload_from_form
from mediation.disputes.hooks import party_join_link, party_sessions
from mediation.disputes.lifecycle import Actor, State, available_actions
from mediation.disputes.links import (
    case_link_token,
    case_link_url,
    party_from_token,
)
from mediation.disputes.models import Attachment
from mediation.disputes.schemas import DisputeQuerySchema, TransitionInSchema
from mediation.extensions import db, limiter
from mediation.organisations.models import townships
from mediation.organisations.scope import staff_scope

bp = Blueprint("disputes", __name__)


@bp.route("/disputes/new", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def file_dispute():
    """Let a party (with or without an account) or a staff member file a dispute."""
    user = current_user if current_user.is_authenticated else None
    if user is not None and user.role == Role.MEDIATOR:
        abort(403)
    staff = user is not None and user.is_staff
    values = {"applicants": [{}], "respondents": [{}], "idempotency_key": uuid.uuid4().hex}
    values["preferred_studio_id"] = request.args.get("preferred_studio_id")  # "request this studio"
    errors: dict = {}
    if request.method == "POST":
        payload = payload_from_form(request.form)
        values = {**payload, "idempotency_key": request.form.get("idempotency_key", "")}
        values["applicants"] = values["applicants"] or [{}]
        values["respondents"] = values["respondents"] or [{}]
        key = filing_form.own_holder_key(request.form.get("upload_holder"))
        if request.form.get("remove_held"):
            errors = filing_form.remove_held(key, request.form["remove_held"])
        else:
            filed, errors = filing_form.try_filing(
                payload, user, key, values["idempotency_key"] or None
            )
            if filed is not None:
                return filed
    field_errors = {form_field_name(k): [str(m) for m in v] for k, v in errors.items()}
    key = filing_form.holder_key()
    return (
        render_template(
            "disputes/new.html",
            values=values,
            errors=field_errors,
            error_labels=filing_labels(field_errors, values),
            staff=staff,
            holder_key=key,
            held_uploads=held.held_uploads(key, utcnow()),
            **filing_form.filing_choices(),
        ),
        422 if field_errors else 200,
    )


@bp.route("/disputes")
@login_required
def list_disputes():
    try:
        args = DisputeQuerySchema().load({k: v for k, v in request.args.items() if v})
    except ValidationError as error:
        return _render_list(None, {}, flatten_messages(error.messages), 422)
    page, per_page = args.pop("page"), args.pop("per_page")
    result = operations.list_disputes(
        current_user,
        args,
        page,
        per_page,
        count_beyond=current_app.config["CASE_LIST_COUNT_AHEAD"],
    )
    # A whole code typed into the search opens its case, as the code lookup does.
    whole_code = codes.is_valid(codes.normalise(args.get("q", "")))
    if whole_code and len(result["items"]) == 1 == result["total"]:
        return redirect(url_for("disputes.case", code=result["items"][0].code))
    return _render_list(result, args, {})


def _render_list(result, args: dict, errors: dict, status: int = 200):
    return (
        render_template(
            "disputes/list.html",
            result=result,
            args=args,
            errors=errors,
            states=categories.STATES,
            categories=categories.CATEGORIES,
            townships=townships(staff_scope(current_user)),
        ),
        status,
    )


@bp.route("/disputes/lookup")
@roles_required(Role.COORDINATOR, Role.ADMIN, Role.MEDIATOR, Role.LIAISON)
def lookup():
    """Open a case from its code as a person typed or scanned it."""
    typed = request.args.get("code", "").strip()
    if not typed:
        return render_template("disputes/lookup.html", code="", message=None)
    try:
        dispute = find_visible(current_user, typed)
    except NotFound:
        message = _(
            "No case with code %(code)s is visible to you. Check the code and try again.",
            code=typed,
        )
        return render_template("disputes/lookup.html", code=typed, message=message), 404
    return redirect(url_for("disputes.case", code=dispute.code))


def _render_case(
    dispute, actors, action_url: str, link_token: str | None = None, party=None, status=200
):
    actions = available_actions(State(dispute.state), actors)
    party = party or case_page.own_party(dispute, actors)
    if party is not None and not actors & {Actor.STAFF, Actor.MEDIATOR}:
        actions = rights.shown_to_party(actions)
    # The party's own link: the QR code opens the case without log-in, and joins their rooms.
    party_token = link_token or (case_link_token(party) if party else None)
    here = (
        url_for("disputes.case_by_link", token=link_token)
        if link_token
        else url_for("disputes.case", code=dispute.code)
    )
    return (
        render_template(
            "disputes/case.html",
            dispute=dispute,
            actions=actions,
            action_url=action_url,
            # The mediators domain assigns and unassigns; its form posts there.
            mediator_url=action_url
            if link_token
            else url_for("assignments.case_mediator", code=dispute.code),
            link_token=link_token,
            party_token=party_token,
            qr_src=url_for("disputes.qr_by_link", token=party_token)
            if party_token
            else url_for("disputes.qr", code=dispute.code),
            qr_target=case_page.qr_target(dispute, party_token),
            # Parties see each other's numbers masked; staff and the mediator need to call.
            show_contacts=bool(actors & {Actor.STAFF, Actor.MEDIATOR}),
            labels=categories,
            sessions=party_sessions(party, utcnow()) if party else [],
            is_new=request.args.get("new") == "1",
            back_here=here + "#actions-heading",
            **case_page.page_context(
                dispute, actors, party, link_token, actions, events_for("dispute", dispute.id)
            ),
        ),
        status,
    )


@bp.route("/disputes/<code>")
@login_required
def case(code: str):
    dispute = find_visible(current_user, code)
    return _render_case(
        dispute,
        actors_for(current_user, dispute),
        url_for("disputes.transition", code=dispute.code),
    )


@bp.route("/c/<token>")
def case_by_link(token: str):
    """The case page reached through a party's signed link, no account needed."""
    party = party_from_token(token)
    dispute = party.dispute
    user = current_user if current_user.is_authenticated else None
    return _render_case(
        dispute,
        actors_for(user, dispute, party),
        url_for("disputes.transition_by_link", token=token),
        link_token=token,
        party=party,
    )


@bp.route("/c/<token>/confirm/send", methods=["POST"])
@limiter.limit("5 per minute;30 per hour")
def send_confirmation_by_link(token: str):
    """Text a confirmation code to the mobile this case has for the link's party."""
    party = party_from_token(token)
    return confirmations.send(party.mobile, url_for("disputes.case_by_link", token=token))


@bp.route("/c/<token>/confirm", methods=["POST"])
@limiter.limit("10 per minute")
def confirm_by_link(token: str):
    """Check the code the link's party typed; their next acts count as confirmed by SMS."""
    party = party_from_token(token)
    return confirmations.confirm(party.mobile, url_for("disputes.case_by_link", token=token))


@bp.route("/c/<token>/sessions/<int:session_id>/join", methods=["POST"])
@limiter.limit("30 per hour")
def join_session_by_link(token: str, session_id: int):
    """Send the holder of a case link to their own seat in one of the case's video rooms."""
    party = party_from_token(token)
    return redirect(party_join_link(party, session_id, utcnow()), 303)


# Settling and failing go through the outcome page so the outcome is always recorded; the API's
# transitions keep them (docs/outcomes.md).
OUTCOME_ACTIONS = ("settle", "fail")
# Assigning and unassigning are taken by the mediators domain (POST /disputes/<code>/mediator).
MEDIATOR_ACTIONS = ("assign", "unassign")
# What the person reads once the action is done: what happened and, where useful, what comes next.
DONE = {
    "accept": _l("The application is accepted. Next, ask the respondent to agree to mediation."),
    "reject": _l("The application is not accepted; the reason is recorded."),
    "request_consent": _l("The respondent is asked to agree to mediation."),
    "consent": _l(
        "You agreed to mediation. The mediation centre will choose a mediator "
        "and tell you the time."
    ),
    "decline": _l("Recorded: mediation is declined."),
    "withdraw": _l("The application is withdrawn. The case will not be mediated."),
    "stop": _l(
        "Recorded: you asked to stop the mediation. This attempt has ended; any booked "
        "sessions are cancelled and the others are told."
    ),
    "assign": _l("The mediator is assigned."),
    "unassign": _l("The mediator is removed; the case waits for a new one."),
    "schedule": _l("The case is marked as scheduled."),
    "unschedule": _l("The case waits for a new session time."),
    "start": _l("Mediation has started."),
    "adjourn": _l("Mediation is adjourned. Book the next session."),
    "close": _l("The case is closed."),
}
# The same acts entered by staff for a party: whose answer was recorded.
ENTERED = {
    "consent": _l("Recorded for %(name)s: they agree to mediation."),
    "decline": _l("Recorded for %(name)s: they decline mediation."),
    "withdraw": _l("Recorded for %(name)s: the application is withdrawn."),
    "stop": _l("Recorded for %(name)s: they ask to stop the mediation. This attempt has ended."),
}


def _apply_transition(dispute, actors, back_url: str, link_party=None):
    try:
        data = TransitionInSchema().load(
            {k: v for k, v in request.form.items() if k != "csrf_token"}
        )
    except ValidationError as error:
        problems = flatten_messages(error.messages)
        message = " ".join(str(m) for messages in problems.values() for m in messages)
        return render_template("errors/error.html", status=422, message=message, back=back_url), 422
    if data["action"] in OUTCOME_ACTIONS:
        message = _("Record the outcome on the outcome page: settled or not, with its agreement.")
        return render_template(
            "errors/error.html",
            status=409,
            message=message,
            back=url_for("outcomes.outcome", code=dispute.code),
        ), 409
    user = current_user if current_user.is_authenticated else None
    action = data["action"]
    if action in MEDIATOR_ACTIONS and link_party is None:
        # Assigning belongs to the mediators domain; the same form is answered there.
        return redirect(url_for("assignments.case_mediator", code=dispute.code), 307)
    try:
        if action in rights.LIFECYCLE_ACTS:
            acting = acting_party(dispute, actors, link_party, data)
            acts.perform_lifecycle_act(
                dispute, acting, action, data["reason"], data["expected_version"]
            )
        else:
            acting = None
            operations.transition_dispute(
                dispute, action, actors, user, data["reason"], data["expected_version"]
            )
        db.session.commit()
    except DomainError as error:
        return refused(error, back_url)
    if acting is not None and acting.entered_by is not None:
        flash(str(ENTERED[action]) % {"name": acting.party.name}, "success")
    else:
        flash(str(DONE.get(action, _("Done."))), "success")
    return redirect(back_url)


@bp.route("/disputes/<code>/transition", methods=["POST"])
@login_required
def transition(code: str):
    dispute = find_visible(current_user, code)
    back = url_for("disputes.case", code=dispute.code)
    return _apply_transition(dispute, actors_for(current_user, dispute), back)


@bp.route("/c/<token>/transition", methods=["POST"])
def transition_by_link(token: str):
    party = party_from_token(token)
    user = current_user if current_user.is_authenticated else None
    back = url_for("disputes.case_by_link", token=token)
    return _apply_transition(party.dispute, actors_for(user, party.dispute, party), back, party)


@bp.route("/disputes/<code>/qr.svg")
@login_required
def qr(code: str):
    """The case QR for a signed-in viewer: a party's own link, or the staff case page."""
    dispute = find_visible(current_user, code)
    party = case_page.own_party(dispute, actors_for(current_user, dispute))
    return _qr_response(case_page.qr_target(dispute, case_link_token(party) if party else None))


@bp.route("/c/<token>/qr.svg")
def qr_by_link(token: str):
    """The case QR on a party's private page: that party's own link."""
    party_from_token(token)
    return _qr_response(case_link_url(token))


def _qr_response(target: str) -> Response:
    # Only addresses derived here are encoded; the request cannot choose what the image says.
    response = Response(qr_svg(target), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _attachment_response(dispute, attachment_id: int) -> Response:
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None or attachment.dispute_id != dispute.id:
        raise NotFound(_l("No such attachment."))
    response = Response(attachment.content, mimetype=attachment.content_type)
    response.headers["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote(attachment.filename)}"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.route("/disputes/<code>/attachments/<int:attachment_id>")
@login_required
def attachment(code: str, attachment_id: int):
    return _attachment_response(find_visible(current_user, code), attachment_id)


@bp.route("/c/<token>/attachments/<int:attachment_id>")
def attachment_by_link(token: str, attachment_id: int):
    return _attachment_response(party_from_token(token).dispute, attachment_id)
