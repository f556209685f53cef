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
from flask import session as browser_session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import select

from mediation.accounts import confirmations, proofs
from mediation.accounts.assurance import STAFF_IDENTIFICATIONS, meets
from mediation.accounts.models import Role, User
from mediation.core.audit import events_for
from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.errors import DomainError, NotFound
from mediation.core.qr import qr_svg
from mediation.core.schemas import clean_filename, flatten_messages
from mediation.disputes import acts, categories, held, operations, rights
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.act_routes import acting_party, refused
from mediation.disputes.attachments import Upload
from mediation.disputes.forms import filing_labels, form_field_name, payload_from_form
from mediation.disputes.lifecycle import Actor, State, available_actions
from mediation.disputes.links import (
    case_link_token,
    case_link_url,
    case_page_url,
    party_from_token,
)
from mediation.disputes.models import Attachment, Party
from mediation.disputes.schemas import DisputeInSchema, DisputeQuerySchema, TransitionInSchema
from mediation.extensions import db, limiter
from mediation.mediators.models import Mediator, Studio
from mediation.organisations.models import Organisation, OrgKind, townships
from mediation.video import case_sessions

bp = Blueprint("disputes", __name__)


def _filing_choices() -> dict:
    villages = db.session.scalars(
        select(Organisation)
        .where(Organisation.kind == OrgKind.VILLAGE_ROOM)
        .order_by(Organisation.id)
    ).all()
    studios = db.session.scalars(select(Studio).where(Studio.active).order_by(Studio.id)).all()
    return {
        "categories": categories.CATEGORIES,
        "channels": {k: categories.CHANNELS[k] for k in categories.STAFF_CHANNELS},
        "languages": categories.LANGUAGES,
        "townships": townships(),
        "villages": villages,
        "studios": studios,
    }


def _uploads_from_request() -> list[Upload]:
    return [
        Upload(clean_filename(f.filename), f.read())
        for f in request.files.getlist("attachments")
        if f and f.filename
    ]


HOLDER_SESSION_KEY = "upload_holder"


def _holder_key() -> str:
    """Return this browser's key for held uploads, making one the first time."""
    key = browser_session.get(HOLDER_SESSION_KEY)
    if not key:
        key = browser_session[HOLDER_SESSION_KEY] = held.new_holder_key()
    return key


def _own_holder_key(sent: str | None) -> str | None:
    """Return the holder key a form carried when it is this browser's own; another's is ignored."""
    key = browser_session.get(HOLDER_SESSION_KEY)
    return key if key and sent == key else None


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
        key = _own_holder_key(request.form.get("upload_holder"))
        if request.form.get("remove_held"):
            errors = _remove_held(key, request.form["remove_held"])
        else:
            filed, errors = _try_filing(payload, user, key, values["idempotency_key"] or None)
            if filed is not None:
                return filed
    field_errors = {form_field_name(k): [str(m) for m in v] for k, v in errors.items()}
    key = _holder_key()
    return (
        render_template(
            "disputes/new.html",
            values=values,
            errors=field_errors,
            error_labels=filing_labels(field_errors, values),
            staff=staff,
            holder_key=key,
            held_uploads=held.held_uploads(key, utcnow()),
            **_filing_choices(),
        ),
        422 if field_errors else 200,
    )


def _try_filing(payload: dict, user, key: str | None, idempotency_key: str | None):
    """File the dispute with the held and new files; else keep the new files and return errors."""
    new_uploads = _uploads_from_request()
    try:
        data = DisputeInSchema().load(payload)
        uploads = held.take_held_uploads(key, utcnow()) + new_uploads
        dispute, _replayed = operations.file_dispute(data, user, uploads, idempotency_key)
        db.session.commit()
    except ValidationError as error:
        errors = flatten_messages(error.messages)
    except DomainError as error:
        db.session.rollback()
        if error.status not in (409, 422):
            raise
        errors = {**error.fields, "_schema": [str(error)]}
    else:
        browser_session.pop(HOLDER_SESSION_KEY, None)
        if user is None:
            token = case_link_token(dispute.applicants[0])
            return redirect(url_for("disputes.case_by_link", token=token, new=1)), {}
        return redirect(url_for("disputes.case", code=dispute.code, new=1)), {}
    problems = held.hold_uploads(_holder_key(), new_uploads, utcnow())
    db.session.commit()
    if problems:
        known = [str(m) for m in errors.get("attachments", [])]
        errors["attachments"] = known + [p for p in problems if p not in known]
    return None, errors


def _remove_held(key: str | None, upload_id: str) -> dict:
    """Keep any newly chosen files, drop the held file named; return errors for files refused."""
    problems = held.hold_uploads(_holder_key(), _uploads_from_request(), utcnow())
    removed = held.release_held_upload(key, int(upload_id)) if key and upload_id.isdigit() else None
    db.session.commit()
    if removed is None:
        flash(_("That file was no longer kept; nothing was removed."), "warning")
    else:
        flash(_("%(name)s was removed; it will not be sent.", name=removed.filename), "success")
    return {"attachments": problems} if problems else {}


@bp.route("/disputes")
@login_required
def list_disputes():
    try:
        args = DisputeQuerySchema().load({k: v for k, v in request.args.items() if v})
    except ValidationError as error:
        return _render_list(None, {}, flatten_messages(error.messages), 422)
    page, per_page = args.pop("page"), args.pop("per_page")
    return _render_list(operations.list_disputes(current_user, args, page, per_page), args, {})


def _render_list(result, args: dict, errors: dict, status: int = 200):
    return (
        render_template(
            "disputes/list.html",
            result=result,
            args=args,
            errors=errors,
            states=categories.STATES,
            categories=categories.CATEGORIES,
            townships=townships(),
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


def _assignable_mediators(dispute) -> list[Mediator]:
    query = select(Mediator).where(Mediator.active).order_by(Mediator.full_time.desc(), Mediator.id)
    if dispute.state != State.CONSENTED:
        return []
    return list(db.session.scalars(query.limit(300)))


def _own_party(dispute, actors) -> Party | None:
    """Return the viewer's party row when they are signed in and see the case only as a party."""
    if not current_user.is_authenticated or actors & {Actor.STAFF, Actor.MEDIATOR}:
        return None
    return next((p for p in dispute.parties if p.user_id == current_user.id), None)


def _qr_target(dispute, token: str | None) -> str:
    """Return what a case QR opens: a party's own private link, else the staff case page."""
    return case_link_url(token) if token else case_page_url(dispute)


def _acting_context(dispute, actors, party, link_token: str | None) -> dict:
    """What the page needs for a party's own acts: who acts, whether they must confirm first."""
    staff = Actor.STAFF in actors and party is None
    context = {
        "acting_party": party,
        "needs_proof": False,
        "lifecycle_acts": sorted(rights.LIFECYCLE_ACTS),
        "entry_parties": {},
        "identifications": STAFF_IDENTIFICATIONS if staff else (),
    }
    if staff:
        context["entry_parties"] = {
            act: [p for p in dispute.parties if p.side in rights.sides_for(act)]
            for act in rights.LIFECYCLE_ACTS
        }
        # Either side's choices may be entered for them (a walk-in, a call).
        for choice in ("publicity", "mediator_choice"):
            context["entry_parties"][choice] = list(dispute.parties)
    if party is None:
        return context
    mobile = party.mobile if link_token else current_user.mobile
    level = current_app.config["PARTY_ACT_ASSURANCE"]
    context["needs_proof"] = not meets(proofs.online_assurance(mobile), level)
    context["proof_mobile"] = mobile
    if link_token:
        context["confirm_urls"] = (
            url_for("disputes.send_confirmation_by_link", token=link_token),
            url_for("disputes.confirm_by_link", token=link_token),
        )
    else:
        context["confirm_urls"] = (
            url_for("accounts.send_confirmation"),
            url_for("accounts.confirm_mobile"),
        )
    return context


def _choices_context(dispute, party, staff: bool = False) -> dict:
    """Public or private, and the mediators named: the parties' wishes and what they add up to."""
    state = State(dispute.state)
    entering = staff and party is None
    choices = acts.mediator_choices(dispute)
    joint = acts.joint_mediator(dispute)
    context = {
        "is_public": acts.is_public(dispute),
        "joint_mediator": db.session.get(Mediator, joint) if joint else None,
        "publicity_open": party is not None and state in rights.CHOOSING_PUBLICITY,
        "mediator_open": party is not None and state in rights.CHOOSING_MEDIATOR,
        "staff_publicity_open": entering and state in rights.CHOOSING_PUBLICITY,
        "staff_mediator_open": entering and state in rights.CHOOSING_MEDIATOR,
    }
    if party is None:
        if context["staff_mediator_open"]:
            context["mediator_options"] = _mediator_options()
        return context
    named_by_others = {
        choice for pid, choice in choices.items() if pid != party.id and choice is not None
    }
    context.update(
        my_publicity=acts.publicity_wishes(dispute).get(party.id, "private"),
        my_choice=db.session.get(Mediator, choices[party.id]) if choices.get(party.id) else None,
        others_choices=[
            db.session.get(Mediator, mid) for mid in sorted(named_by_others - {choices[party.id]})
        ],
        mediator_options=_mediator_options() if context["mediator_open"] else [],
    )
    return context


def _mediator_options() -> list[Mediator]:
    query = select(Mediator).join(Mediator.user).where(Mediator.active, User.active)
    query = query.order_by(Mediator.organisation_id, Mediator.id).limit(300)
    return list(db.session.scalars(query))


def _render_case(
    dispute, actors, action_url: str, link_token: str | None = None, party=None, status=200
):
    actions = available_actions(State(dispute.state), actors)
    party = party or _own_party(dispute, actors)
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
            history=events_for("dispute", dispute.id),
            mediators=_assignable_mediators(dispute) if "assign" in actions else [],
            link_token=link_token,
            party_token=party_token,
            qr_src=url_for("disputes.qr_by_link", token=party_token)
            if party_token
            else url_for("disputes.qr", code=dispute.code),
            qr_target=_qr_target(dispute, party_token),
            # Parties see each other's numbers masked; staff and the mediator need to call.
            show_contacts=bool(actors & {Actor.STAFF, Actor.MEDIATOR}),
            labels=categories,
            sessions=case_sessions.sessions_of_party(party, utcnow()) if party else [],
            is_new=request.args.get("new") == "1",
            back_here=here + "#actions-heading",
            **_acting_context(dispute, actors, party, link_token),
            **_choices_context(dispute, party, Actor.STAFF in actors),
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
    return redirect(case_sessions.join_link_for_party(party, session_id, utcnow()), 303)


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
    party = _own_party(dispute, actors_for(current_user, dispute))
    return _qr_response(_qr_target(dispute, case_link_token(party) if party else None))


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
