"""Pages for complaints about a mediator: a party lodges one, the county decides it."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation.accounts.assurance import STAFF_IDENTIFICATIONS
from mediation.core.errors import DomainError
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.act_routes import acting_party, refused
from mediation.disputes.links import party_from_token
from mediation.extensions import db
from mediation.mediators import complaints

bp = Blueprint("complaints", __name__)


def _form_page(dispute, action: str, link_token: str | None, staff: bool):
    return render_template(
        "mediators/complaint.html",
        dispute=dispute,
        action=action,
        link_token=link_token,
        staff=staff,
        grounds=complaints.GROUNDS,
        identifications=STAFF_IDENTIFICATIONS,
    )


def _lodge(dispute, link_party, back: str):
    user = current_user if current_user.is_authenticated else None
    actors = actors_for(user, dispute, link_party)
    party_id = request.form.get("party_id", "")
    data = {
        "party_id": int(party_id) if party_id.isdigit() and len(party_id) < 10 else None,
        "identification": request.form.get("identification"),
    }
    try:
        acting = acting_party(dispute, actors, link_party, data)
        complaints.lodge_complaint(
            dispute, acting, request.form.get("grounds"), request.form.get("details")
        )
        db.session.commit()
    except DomainError as error:
        return refused(error, back)
    flash(_("Your complaint is recorded. The county will look into it and tell you."), "success")
    return redirect(back, 303)


@bp.route("/c/<token>/complaint", methods=["GET", "POST"])
def complaint_by_link(token: str):
    """A party complains about their mediator from their own link."""
    party = party_from_token(token)
    back = url_for("disputes.case_by_link", token=token)
    if request.method == "POST":
        return _lodge(party.dispute, party, back)
    action = url_for("complaints.complaint_by_link", token=token)
    return _form_page(party.dispute, action, token, staff=False)


@bp.route("/disputes/<code>/complaint", methods=["GET", "POST"])
@login_required
def complaint(code: str):
    """Staff enter a party's complaint for them (or a signed-in party lodges their own)."""
    dispute = find_visible(current_user, code)
    back = url_for("disputes.case", code=dispute.code)
    if request.method == "POST":
        return _lodge(dispute, None, back)
    action = url_for("complaints.complaint", code=dispute.code)
    return _form_page(dispute, action, None, staff=current_user.is_staff)


@bp.route("/mediators/complaints/<int:complaint_id>/decide", methods=["POST"])
@login_required
def decide(complaint_id: int):
    """The county upholds or dismisses a complaint, with its reason."""
    found = complaints.find_complaint(current_user, complaint_id)
    back = url_for("mediators.profile", mediator_id=found.mediator_id) + "#complaints"
    try:
        complaints.decide_complaint(
            found,
            request.form.get("decision"),
            request.form.get("reason"),
            request.form.get("replace") == "1",
            current_user,
        )
        db.session.commit()
    except DomainError as error:
        return refused(error, back)
    flash(_("The decision is recorded."), "success")
    return redirect(back, 303)


@bp.app_context_processor
def complaint_record():
    """Let the profile page show a mediator's complaints to the county's staff."""

    def record(mediator):
        if not current_user.is_authenticated or not complaints.is_county_staff(current_user):
            return None
        return complaints.complaints_about(mediator, current_user)

    return {
        "complaint_record": record,
        "complaint_grounds": complaints.GROUNDS,
        "complaint_decisions": complaints.DECISIONS,
    }
