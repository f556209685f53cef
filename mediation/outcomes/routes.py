"""Outcome pages: record the result, the agreement (read, sign, revise, paper copy), survey.

Every page exists twice: for a logged-in user at /disputes/<code>/... and for a party's signed
case link at /c/<token>/...; both call the same handlers with the requester they resolved.
"""

from dataclasses import dataclass

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from mediation.accounts import proofs
from mediation.accounts.assurance import meets
from mediation.accounts.models import User
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.core.forms import done, error_page, form_data, submit_form
from mediation.core.identity import mask_mobile
from mediation.core.schemas import clean_filename, flatten_messages
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.attachments import Upload
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import party_from_token
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.outcomes import agreements, attendance, casefile, followups, operations, signing
from mediation.outcomes.documents import (
    agreement_pdf,
    agreement_sections,
    signer_label,
    signer_rows,
)
from mediation.outcomes.models import FollowUp
from mediation.outcomes.schemas import (
    FOLLOW_UP_RESULTS,
    RESULTS,
    FollowUpInSchema,
    OutcomeInSchema,
    PaperSignatureInSchema,
    SignInSchema,
    SurveyInSchema,
    TermsInSchema,
)

bp = Blueprint("outcomes", __name__)


@dataclass
class Requester:
    """Who is asking: an account, a party's case link, or both."""

    dispute: Dispute
    user: User | None
    party: Party | None
    token: str | None

    @property
    def actors(self) -> set[Actor]:
        return actors_for(self.user, self.dispute, self.party)

    @property
    def runs_case(self) -> bool:
        return bool(self.actors & {Actor.STAFF, Actor.MEDIATOR})

    def url(self, endpoint: str, **kwargs) -> str:
        if self.token:
            return url_for(f"outcomes.{endpoint}_by_link", token=self.token, **kwargs)
        return url_for(f"outcomes.{endpoint}", code=self.dispute.code, **kwargs)

    @property
    def case_url(self) -> str:
        if self.token:
            return url_for("disputes.case_by_link", token=self.token)
        return url_for("disputes.case", code=self.dispute.code)


def _by_account(code: str) -> Requester:
    return Requester(find_visible(current_user, code), current_user, None, None)


def _by_link(token: str) -> Requester:
    party = party_from_token(token)
    user = current_user if current_user.is_authenticated else None
    return Requester(party.dispute, user, party, token)


def _form(schema, *also: str):
    """Load the form through a schema; `also` names fields the route reads itself."""
    return schema.load(form_data(*also))


def _staff_only(who: Requester) -> None:
    if not who.runs_case:
        raise Forbidden(_l("Only the mediator of this case or mediation staff may do this."))


def _agreement_or_404(who: Requester):
    agreement = agreements.agreement_for(who.dispute)
    if agreement is None:
        raise NotFound(_l("This case has no agreement yet."))
    return agreement


# Recording the outcome.


@bp.route("/disputes/<code>/outcome", methods=["GET", "POST"])
@login_required
def outcome(code: str):
    who = _by_account(code)
    _staff_only(who)
    if request.method == "GET":
        return _outcome_page(who, {"result": "settled"}, {})

    def record(data):
        operations.record_outcome(who.dispute, data, who.actors, current_user)
        return data["result"]

    def recorded(result):
        after = who.case_url if result == "not_settled" else who.url("agreement")
        return done(_("The outcome is recorded."), after)

    return submit_form(
        parse=lambda: _form(OutcomeInSchema()),
        operate=record,
        render=lambda errors, _status: _outcome_page(who, dict(request.form), errors),
        success=recorded,
    )


def _outcome_page(who: Requester, values: dict, errors: dict):
    """The outcome form; any problem (a conflict too) answers 422."""
    return (
        render_template(
            "outcomes/outcome.html",
            who=who,
            dispute=who.dispute,
            values=values,
            errors=errors,
            results=RESULTS,
            existing=operations.outcome_for(who.dispute),
        ),
        422 if errors else 200,
    )


# The agreement: page, PDF, signing, revising, paper copy.


def _assurances(who: Requester, agreement) -> dict[str, str]:
    """How each signer the requester stands for is identified by this browser right now."""
    return {
        signer: signing.strongest(
            proofs.online_assurance(mobile)
            for mobile in agreements.signer_mobiles(agreement, signer, who.user)
        )
        for signer in agreements.signers_for(agreement, who.user, who.party)
    }


def _confirm_panel(who: Requester) -> dict | None:
    """Where this requester confirms their mobile: the case link's number or their account's."""
    if who.token:
        mobile = who.party.mobile
        send = url_for("disputes.send_confirmation_by_link", token=who.token)
        confirm = url_for("disputes.confirm_by_link", token=who.token)
    else:
        mobile = who.user.mobile if who.user is not None else None
        send, confirm = url_for("accounts.send_confirmation"), url_for("accounts.confirm_mobile")
    if not mobile:
        return None
    return {
        "send_url": send,
        "confirm_url": confirm,
        "masked_mobile": mask_mobile(mobile),
        "back": who.url("agreement"),
    }


def _agreement_page(who: Requester, errors: dict | None = None, status: int = 200):
    agreement = _agreement_or_404(who)
    mine = agreements.signers_for(agreement, who.user, who.party)
    pending = agreements.pending_signers(agreement, mine)
    open_to_sign = bool(pending) and agreement.effective_at is None
    assurances = _assurances(who, agreement)
    level = agreements.levels().online
    proved = all(meets(assurances[signer], level) for signer in pending)
    states = agreements.signer_states(agreement)
    return (
        render_template(
            "outcomes/agreement.html",
            who=who,
            dispute=who.dispute,
            agreement=agreement,
            sections=agreement_sections(agreement),
            can_sign=open_to_sign and proved,
            needs_proof=open_to_sign and not proved,
            confirm=_confirm_panel(who) if open_to_sign and not proved else None,
            signed_already=bool(mine) and not pending,
            signers=signer_rows(agreement, states),
            missing=[signer_label(agreement, s.signer) for s in states if not s.counts],
            # Nobody checks their own ID card: the mediator's own paper signature is someone else's.
            paper_signers=[
                (s.signer, signer_label(agreement, s.signer))
                for s in states
                if not s.counts and s.signer not in mine
            ],
            paper_copies=agreements.paper_copies(agreement),
            errors=errors or {},
            printing=request.args.get("print") == "1",
        ),
        status,
    )


def _agreement_pdf(who: Requester) -> Response:
    agreement = _agreement_or_404(who)
    response = Response(agreement_pdf(agreement), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{who.dispute.code}-agreement.pdf"'
    return response


_IN_FORCE = _l("Everyone has signed; the agreement is now in force.")
_WAITING = _l("It takes effect once everyone has signed.")


def _sign(who: Requester):
    agreement = _agreement_or_404(who)
    try:
        data = _form(SignInSchema())
    except ValidationError as error:
        return _agreement_page(who, flatten_messages(error.messages), 422)
    try:
        agreements.sign_agreement(
            agreement, who.user, who.party, data["document_hash"], _assurances(who, agreement)
        )
    except Forbidden as refusal:
        if refusal.code != "confirm_mobile":
            raise
        db.session.rollback()
        return _agreement_page(who, {"_schema": [str(refusal)]}, 403)
    db.session.commit()
    flash(
        _(
            "You signed the agreement. %(next)s",
            next=_IN_FORCE if agreement.effective_at else _WAITING,
        ),
        "success",
    )
    return redirect(who.url("agreement"))


@bp.route("/disputes/<code>/agreement")
@login_required
def agreement(code: str):
    return _agreement_page(_by_account(code))


@bp.route("/c/<token>/agreement")
def agreement_by_link(token: str):
    return _agreement_page(_by_link(token))


@bp.route("/disputes/<code>/agreement.pdf")
@login_required
def agreement_file(code: str):
    return _agreement_pdf(_by_account(code))


@bp.route("/c/<token>/agreement.pdf")
def agreement_file_by_link(token: str):
    return _agreement_pdf(_by_link(token))


@bp.route("/disputes/<code>/agreement/sign", methods=["POST"])
@login_required
def sign(code: str):
    return _sign(_by_account(code))


@bp.route("/c/<token>/agreement/sign", methods=["POST"])
def sign_by_link(token: str):
    return _sign(_by_link(token))


@bp.route("/disputes/<code>/agreement/terms", methods=["POST"])
@login_required
def revise(code: str):
    who = _by_account(code)
    _staff_only(who)
    agreement = _agreement_or_404(who)
    return submit_form(
        parse=lambda: _form(TermsInSchema()),
        operate=lambda data: agreements.revise_terms(
            agreement, data["terms"], current_user, data["void_signatures"]
        ),
        render=lambda errors, status: _agreement_page(who, errors, status),
        success=lambda _result: done(_("The terms are saved."), who.url("agreement")),
        refuse=(),
    )


def _paper_form() -> dict:
    return PaperSignatureInSchema().load(
        {
            "signer": request.form.getlist("signer"),
            "paper_copy": request.form.get("paper_copy", ""),
            "id_checked": request.form.get("id_checked", ""),
        }
    )


def _signed_copy() -> Upload | None:
    file = request.files.get("signed_copy")
    if file is None or not file.filename:
        return None
    return Upload(clean_filename(file.filename), file.read())


@bp.route("/disputes/<code>/agreement/paper", methods=["POST"])
@login_required
def paper_copy(code: str):
    """Record one signer's signature on a paper copy, their ID card checked in person."""
    who = _by_account(code)
    _staff_only(who)
    agreement = _agreement_or_404(who)

    def record(data):
        signer = data["signer"][0]
        agreements.record_paper_signature(
            agreement,
            signer,
            current_user,
            data["id_checked"],
            upload=_signed_copy(),
            copy_id=data["paper_copy"],
        )
        return signer

    def recorded(signer):
        said = _(
            "The paper signature of %(signer)s is recorded. %(next)s",
            signer=signer_label(agreement, signer),
            next=_IN_FORCE if agreement.effective_at else _WAITING,
        )
        return done(said, who.url("agreement"))

    return submit_form(
        parse=_paper_form,
        operate=record,
        render=lambda errors, status: _agreement_page(who, errors, status),
        success=recorded,
        refuse=(422,),  # a copy or signer the agreement does not have; the rest is an error page
    )


# Satisfaction survey.


def _survey_session_id() -> int | None:
    raw = request.values.get("session_id", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise NotFound(_l("No such session in this case."))
    return int(raw)


def _survey(who: Requester):
    party = operations.survey_party(who.dispute, who.user, who.party)
    session_id = _survey_session_id()
    if session_id is None and attendance.mediated_by_video(who.dispute):
        # The case page's button names no session: ask about the latest one they attended.
        attended = attendance.attended_sessions(who.dispute, party)
        session_id = attended[-1].id if attended else None
    answered = operations.survey_for(who.dispute, party, session_id)
    if request.method == "GET":
        return _survey_page(who, party, session_id, answered, {}, {})

    def thanked(_answer):
        url = who.url("survey")
        after = f"{url}?session_id={session_id}" if session_id else url
        return done(_("Thank you. Your answers are received."), after)

    return submit_form(
        parse=lambda: _form(SurveyInSchema(), "session_id"),
        operate=lambda data: operations.answer_survey(
            who.dispute, party, data, session_id=session_id
        ),
        render=lambda errors, status: _survey_page(
            who, party, session_id, answered, dict(request.form), errors, status
        ),
        success=thanked,
        refuse=(),
    )


def _survey_page(who, party, session_id, answered, values: dict, errors: dict, status=200):
    closed = None
    try:
        operations.check_survey_opens(who.dispute, party, session_id)
    except (Conflict, Forbidden) as refusal:
        closed = str(refusal)
    return (
        render_template(
            "outcomes/survey.html",
            who=who,
            dispute=who.dispute,
            answered=answered,
            survey_open=closed is None,
            closed_message=closed,
            session_id=session_id,
            sessions=attendance.attended_sessions(who.dispute, party),
            values=values,
            errors=errors,
        ),
        status,
    )


@bp.route("/disputes/<code>/survey", methods=["GET", "POST"])
@login_required
def survey(code: str):
    return _survey(_by_account(code))


@bp.route("/c/<token>/survey", methods=["GET", "POST"])
def survey_by_link(token: str):
    return _survey(_by_link(token))


# Follow-up visits and the case file.


@bp.route("/disputes/<code>/follow-ups/<int:visit_id>", methods=["POST"])
@login_required
def follow_up(code: str, visit_id: int):
    who = _by_account(code)
    _staff_only(who)
    visit = db.session.get(FollowUp, visit_id)
    if visit is None or visit.dispute_id != who.dispute.id:
        raise NotFound(_l("No such follow-up visit."))
    return submit_form(
        parse=lambda: _form(FollowUpInSchema()),
        operate=lambda data: followups.record_follow_up(visit, data, current_user),
        render=error_page,
        success=lambda _result: done(
            _("The follow-up visit is recorded."), who.case_url + "#outcome-panel"
        ),
        refuse=(),
    )


def _download(content: bytes, mimetype: str, filename: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _retention() -> str:
    """The retention period asked for (?retention=), checked against the configured ones."""
    try:
        return casefile.retention_period(request.args.get("retention"))
    except casefile.UnknownRetention as error:
        raise ValidationFailed(
            _l("Unknown retention period: %(period)s", period=str(error))
        ) from None


@bp.route("/disputes/<code>/case-file.pdf")
@login_required
def case_file_pdf(code: str):
    who = _by_account(code)
    _staff_only(who)
    pdf = casefile.case_file_pdf(who.dispute, current_user.name, _retention())
    return _download(pdf, "application/pdf", f"{who.dispute.code}-case-file.pdf")


@bp.route("/disputes/<code>/case-file.zip")
@login_required
def case_file_zip(code: str):
    who = _by_account(code)
    _staff_only(who)
    archive = casefile.case_file_zip(who.dispute, current_user.name, _retention())
    return _download(archive, "application/zip", f"{who.dispute.code}-case-file.zip")


def panel_context(dispute: Dispute, link_token: str | None) -> dict:
    """What the case page's outcome panel shows."""
    agreement = agreements.agreement_for(dispute)
    states = agreements.signer_states(agreement) if agreement else []
    return {
        "outcome": operations.outcome_for(dispute),
        "agreement": agreement,
        "signatures_counted": sum(1 for s in states if s.counts),
        "signers_required": len(states),
        "follow_ups": followups.follow_ups_of(dispute.id),
        "follow_up_results": FOLLOW_UP_RESULTS,
        "results": RESULTS,
    }


@bp.app_context_processor
def outcome_panel():
    return {"outcome_panel": panel_context}
