"""Outcome pages: record the result, the survey, follow-up visits, the case file's downloads.

The agreement's pages are in agreement_routes.py; the blueprint and the requester in pages.py.
"""

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.core.forms import done, error_page, submit_form
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.outcomes import (
    agreement_routes,  # noqa: F401 (its handlers join the blueprint)
    agreements,
    attendance,
    casefile,
    followups,
    operations,
)
from mediation.outcomes.models import FollowUp
from mediation.outcomes.pages import (
    Requester,
    bp,
    by_account,
    by_link,
    form_of,
    staff_only,
)
from mediation.outcomes.schemas import (
    FOLLOW_UP_RESULTS,
    RESULTS,
    FollowUpInSchema,
    OutcomeInSchema,
    SurveyInSchema,
)


@bp.route("/disputes/<code>/outcome", methods=["GET", "POST"])
@login_required
def outcome(code: str):
    who = by_account(code)
    staff_only(who)
    if request.method == "GET":
        return _outcome_page(who, {"result": "settled"}, {})

    def record(data):
        operations.record_outcome(who.dispute, data, who.actors, current_user)
        return data["result"]

    def recorded(result):
        after = who.case_url if result == "not_settled" else who.url("agreement")
        return done(_("The outcome is recorded."), after)

    return submit_form(
        parse=lambda: form_of(OutcomeInSchema()),
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
        parse=lambda: form_of(SurveyInSchema(), "session_id"),
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
    return _survey(by_account(code))


@bp.route("/c/<token>/survey", methods=["GET", "POST"])
def survey_by_link(token: str):
    return _survey(by_link(token))


# Follow-up visits and the case file.


@bp.route("/disputes/<code>/follow-ups/<int:visit_id>", methods=["POST"])
@login_required
def follow_up(code: str, visit_id: int):
    who = by_account(code)
    staff_only(who)
    visit = db.session.get(FollowUp, visit_id)
    if visit is None or visit.dispute_id != who.dispute.id:
        raise NotFound(_l("No such follow-up visit."))
    return submit_form(
        parse=lambda: form_of(FollowUpInSchema()),
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
    who = by_account(code)
    staff_only(who)
    pdf = casefile.case_file_pdf(who.dispute, current_user.name, _retention())
    return _download(pdf, "application/pdf", f"{who.dispute.code}-case-file.pdf")


@bp.route("/disputes/<code>/case-file.zip")
@login_required
def case_file_zip(code: str):
    who = by_account(code)
    staff_only(who)
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
