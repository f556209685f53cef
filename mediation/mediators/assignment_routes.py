"""Assignment pages: queue, candidates, workload, offers; recusal and disclosure on a case."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from mediation.accounts import proofs
from mediation.accounts.models import Role
from mediation.core.auth import roles_required
from mediation.core.errors import DomainError, Forbidden
from mediation.core.schemas import flatten_messages
from mediation.disputes import acts
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.act_routes import refused
from mediation.disputes.categories import CATEGORIES
from mediation.disputes.links import party_from_token
from mediation.disputes.schemas import TransitionInSchema
from mediation.extensions import db
from mediation.mediators import access, assignment, conflicts, views
from mediation.mediators.labels import STATUSES, factor_text
from mediation.mediators.models import Mediator

bp = Blueprint("assignments", __name__)
STAFF = (Role.COORDINATOR, Role.ADMIN)


def _flash_error(error: DomainError) -> None:
    db.session.rollback()
    messages = [str(error)] + [str(m) for ms in error.fields.values() for m in ms]
    flash(" ".join(dict.fromkeys(messages)), "danger")


@bp.route("/assignments")
@roles_required(*STAFF)
def queue():
    """Consented disputes waiting for a mediator, oldest first."""
    return render_template(
        "mediators/queue.html", disputes=views.queue(current_user), categories=CATEGORIES
    )


@bp.route("/assignments/batch", methods=["POST"])
@roles_required(*STAFF)
def batch():
    try:
        result = assignment.assign_batch(views.queue(current_user, limit=10000), current_user)
        db.session.commit()
    except DomainError as error:
        _flash_error(error)
    else:
        flash(
            _(
                "Assigned %(n)s cases; %(m)s are still waiting.",
                n=len(result["assigned"]),
                m=len(result["unassigned"]),
            ),
            "success",
        )
    return redirect(url_for("assignments.queue"))


@bp.route("/assignments/<code>")
@roles_required(*STAFF)
def candidates(code: str):
    """The ranked candidates for one dispute with their reasons, and one-click assignment."""
    dispute = find_visible(current_user, code)
    ranked = views.candidate_views(assignment.rank_for(dispute, current_user, limit=10))
    studios = assignment.studios_in(assignment.case_scope(dispute, current_user))
    joint = acts.joint_mediator(dispute)
    return render_template(
        "mediators/candidates.html",
        dispute=dispute,
        joint=db.session.get(Mediator, joint) if joint else None,
        candidates=ranked,
        studios=studios,
        factor_text=factor_text,
        categories=CATEGORIES,
    )


@bp.route("/assignments/<code>/assign", methods=["POST"])
@roles_required(*STAFF)
def assign(code: str):
    dispute = find_visible(current_user, code)
    form = request.form
    try:
        mode = form.get("mode", "auto")
        if mode == "candidate":
            # One click on a ranked candidate: the engine's explanation is the reason.
            mediator_id = int(form.get("mediator_id", "0") or 0)
            reason = form.get("reason") or str(_l("Chosen from the ranked candidates"))
            assignment.assign_manually(dispute, mediator_id, current_user, reason)
        elif mode == "manual":
            mediator_id = int(form.get("mediator_id", "0") or 0)
            assignment.assign_manually(dispute, mediator_id, current_user, form.get("reason"))
        elif mode == "studio":
            assignment.assign_to_studio(dispute, int(form.get("studio_id", "0") or 0), current_user)
        else:
            assignment.assign_dispute(dispute, current_user)
        db.session.commit()
    except ValueError:
        flash(_("Choose a mediator from the list."), "danger")
        return redirect(url_for("assignments.candidates", code=dispute.code))
    except DomainError as error:
        _flash_error(error)
        return redirect(url_for("assignments.candidates", code=dispute.code))
    flash(_("Case %(code)s is assigned.", code=dispute.display_code), "success")
    return redirect(url_for("assignments.queue"))


# What the case page says once its mediator form is done.
MEDIATOR_DONE = {
    "assign": _l("The mediator is assigned."),
    "unassign": _l("The mediator is removed; the case waits for a new one."),
}


@bp.route("/disputes/<code>/mediator", methods=["POST"])
@login_required
def case_mediator(code: str):
    """Assign or withdraw the case's mediator from the case page."""
    dispute = find_visible(current_user, code)
    back = url_for("disputes.case", code=dispute.code)
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    # "Someone else": the mediator comes from the list of everyone outside the top candidates.
    other = form.pop("other_mediator_id", "")
    if not form.get("mediator_id"):
        form["mediator_id"] = other
    try:
        data = TransitionInSchema().load(form)
    except ValidationError as error:
        problems = flatten_messages(error.messages)
        message = " ".join(str(m) for messages in problems.values() for m in messages)
        return render_template("errors/error.html", status=422, message=message, back=back), 422
    action = data["action"]
    if action not in MEDIATOR_DONE:
        message = _("Choose to assign a mediator or to withdraw the assignment.")
        return render_template("errors/error.html", status=422, message=message, back=back), 422
    actors = actors_for(current_user, dispute)
    try:
        if action == "assign":
            _assign_from_case_page(dispute, data, actors)
        else:
            assignment.unassign_mediator(
                dispute, current_user, data["reason"], actors, data["expected_version"]
            )
        db.session.commit()
    except DomainError as error:
        return refused(error, back)
    flash(str(MEDIATOR_DONE[action]), "success")
    return redirect(back)


def _assign_from_case_page(dispute, data: dict, actors) -> None:
    """A top candidate needs no reason (the engine's is kept); anyone else needs the person's."""
    top = assignment.rank_for(dispute, current_user, limit=CASE_PAGE_CANDIDATES)
    chosen = next((c for c in top if c.mediator_id == data["mediator_id"]), None)
    if chosen is None:
        assignment.assign_manually(dispute, data["mediator_id"], current_user, data["reason"])
        return
    assignment.assign_mediator(
        dispute,
        chosen.mediator_id,
        current_user,
        data["reason"] or str(_l("Chosen from the ranked candidates")),
        method="direct",
        candidate=chosen,
        actors=actors,
        expected_version=data["expected_version"],
    )


@bp.route("/assignments/workload")
@roles_required(*STAFF)
def workload():
    return render_template("mediators/workload.html", data=views.workload(current_user))


@bp.route("/assignments/mine")
@roles_required(Role.MEDIATOR)
def mine():
    """A mediator's offers waiting for an answer, with accept and decline."""
    return render_template(
        "mediators/mine.html",
        assignments=views.pending_for_mediator(current_user),
        statuses=STATUSES,
        categories=CATEGORIES,
    )


@bp.route("/assignments/offers/<int:assignment_id>/<answer>", methods=["POST"])
@roles_required(Role.MEDIATOR)
def answer(assignment_id: int, answer: str):
    found = access.find_assignment(current_user, assignment_id)
    try:
        if answer == "accept":
            assignment.accept_assignment(found, current_user)
            message = _("You accepted the case.")
        elif answer == "decline":
            assignment.decline_assignment(found, current_user, request.form.get("reason"))
            message = _("You declined the case; it goes back to the coordinator.")
        else:
            raise Forbidden(_l("Unknown answer."))
        db.session.commit()
    except DomainError as error:
        _flash_error(error)
    else:
        flash(message, "success")
    return redirect(url_for("assignments.mine"))


def _party_of(dispute, token: str | None):
    if token:
        return party_from_token(token)
    party = next((p for p in dispute.parties if p.user_id == current_user.id), None)
    if party is None:
        raise Forbidden(_l("Only a party to the case may do this."))
    return party


def _back(dispute, token):
    if token:
        return url_for("disputes.case_by_link", token=token)
    return url_for("disputes.case", code=dispute.code)


def _case_action(dispute, token, action):
    try:
        message = action()
        db.session.commit()
    except DomainError as error:
        _flash_error(error)
    else:
        flash(message, "success")
    return redirect(_back(dispute, token))


@bp.route("/disputes/<code>/recusal", methods=["POST"])
@login_required
def request_recusal(code: str):
    dispute = find_visible(current_user, code)
    return _recusal(dispute, None)


@bp.route("/c/<token>/recusal", methods=["POST"])
def request_recusal_by_link(token: str):
    return _recusal(party_from_token(token).dispute, token)


def _recusal(dispute, token):
    user = current_user if current_user.is_authenticated else None

    def act():
        party = _party_of(dispute, token)
        # The party's own act: from the link, their proof of the case's mobile; signed in,
        # their account's.
        mobile = party.mobile if token else current_user.mobile
        acting = acts.online(party, proofs.online_assurance(mobile), user)
        conflicts.request_recusal(dispute, party, request.form.get("reason"), user, acting)
        return _("Your request is recorded; a coordinator will decide and tell you.")

    return _case_action(dispute, token, act)


@bp.route("/disputes/<code>/conflict-consent", methods=["POST"])
@login_required
def consent(code: str):
    dispute = find_visible(current_user, code)
    return _consent(dispute, None)


@bp.route("/c/<token>/conflict-consent", methods=["POST"])
def consent_by_link(token: str):
    return _consent(party_from_token(token).dispute, token)


def _consent(dispute, token):
    user = current_user if current_user.is_authenticated else None

    def act():
        party = _party_of(dispute, token)
        # The party's own act, like a recusal request: it needs their proof of the mobile.
        mobile = party.mobile if token else current_user.mobile
        acting = acts.online(party, proofs.online_assurance(mobile), user)
        conflicts.record_consent(dispute, party, user, acting=acting)
        return _("Your agreement is recorded.")

    return _case_action(dispute, token, act)


@bp.route("/disputes/<code>/disclosure", methods=["POST"])
@roles_required(Role.MEDIATOR)
def disclose(code: str):
    dispute = find_visible(current_user, code)

    def act():
        conflicts.disclose_conflict(dispute, current_user, request.form.get("description"))
        return _("Your disclosure is recorded; the coordinator will decide.")

    return _case_action(dispute, None, act)


@bp.route("/recusals/<int:request_id>/decide", methods=["POST"])
@roles_required(*STAFF)
def decide_recusal(request_id: int):
    found = conflicts.find_recusal(request_id)
    dispute = find_visible(current_user, found.dispute.code)

    def act():
        grant = request.form.get("grant") == "1"
        conflicts.decide_recusal(found, current_user, grant, request.form.get("note"))
        return _("The decision is recorded.")

    return _case_action(dispute, None, act)


@bp.route("/disclosures/<int:disclosure_id>/decide", methods=["POST"])
@roles_required(*STAFF)
def decide_disclosure(disclosure_id: int):
    found = conflicts.find_disclosure(disclosure_id)
    dispute = find_visible(current_user, found.dispute.code)

    def act():
        conflicts.decide_disclosure(found, current_user, request.form.get("keep") == "1")
        return _("The decision is recorded.")

    return _case_action(dispute, None, act)


# Candidates the case page offers with the engine's reasons; the rest are one list below them.
CASE_PAGE_CANDIDATES = 5


@bp.app_template_global()
def assign_choices(dispute) -> dict:
    """The case page's assignment: the top candidates with reasons, then everyone else in scope."""
    ranked = views.candidate_views(
        assignment.rank_for(dispute, current_user, limit=CASE_PAGE_CANDIDATES)
    )
    top = {c["mediator_id"] for c in ranked}
    others = [m for m in views.mediators_for_case(dispute, current_user) if m.id not in top]
    return {"top": ranked, "others": others, "factor_text": factor_text}


@bp.app_template_global()
def conflict_panel(dispute) -> dict:
    """What the case page's conflict panel needs: pending recusals and disclosures."""
    return conflicts.pending_for(dispute)
