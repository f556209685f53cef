"""Pages of the mediation record (调解笔录) and the rights notice (告知书).

The mediator (or staff) writes notes, notes who came, reads and prints the assembled record
and records paper confirmations at /disputes/<code>/sessions/<id>/record; a party reads and
confirms it from their own link at /c/<token>/sessions/<id>/record.
"""

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.accounts import proofs
from mediation.accounts.assurance import meets
from mediation.core.errors import Forbidden
from mediation.core.forms import done, submit_form
from mediation.core.identity import mask_mobile
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import party_from_token
from mediation.disputes.models import Dispute, Party
from mediation.outcomes import oral, records, rights_notice
from mediation.outcomes.operations import outcome_for
from mediation.outcomes.record_documents import notice_pdf, record_pdf
from mediation.outcomes.record_facts import in_person_attendance, notes_of
from mediation.outcomes.record_forms import (
    acknowledgement_form,
    note_form,
    paper_form,
    presence_form,
)
from mediation.outcomes.record_models import ConfirmMethod
from mediation.outcomes.records import NOTE_PLACES

bp = Blueprint("records", __name__)
# A party's own confirmation comes back on its page when refused: no code yet (403), or the
# text changed or was already confirmed (409).
ON_THE_PAGE = (403, 409, 422)


def runs_case(dispute: Dispute) -> bool:
    return bool(actors_for(current_user, dispute) & {Actor.STAFF, Actor.MEDIATOR})


def _running(code: str) -> Dispute:
    dispute = find_visible(current_user, code)
    if not runs_case(dispute):
        raise Forbidden(_l("Only the mediator of this case or mediation staff may do this."))
    return dispute


def _party_level() -> str:
    return current_app.config["PARTY_ACT_ASSURANCE"]


def _confirm_panel(token: str, party: Party, back: str) -> dict | None:
    if not party.mobile:
        return None
    return {
        "send_url": url_for("disputes.send_confirmation_by_link", token=token),
        "confirm_url": url_for("disputes.confirm_by_link", token=token),
        "masked_mobile": mask_mobile(party.mobile),
        "back": back,
    }


def _pdf(content: bytes, filename: str) -> Response:
    response = Response(content, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# The mediator's record page.


def _record_page(dispute: Dispute, session_id: int, errors: dict | None = None, status=200):
    session = records.session_in_case(dispute.id, session_id)
    now = records.assembled(session)
    kept = records.versions(session)
    return (
        render_template(
            "outcomes/record.html",
            dispute=dispute,
            session=session,
            record=now,
            versions=kept,
            current=kept[-1] if kept and kept[-1].record_hash == now.record_hash else None,
            states=records.confirmation_states(session),
            notes=notes_of(session),
            attendance=in_person_attendance(session),
            note_places=NOTE_PLACES,
            errors=errors or {},
            printing=request.args.get("print") == "1",
        ),
        status,
    )


@bp.route("/disputes/<code>/sessions/<int:session_id>/record")
@login_required
def record(code: str, session_id: int):
    return _record_page(_running(code), session_id)


def _act(code: str, session_id: int, act, message: str):
    """Run one change to a session's record; a refusal shows the page again with its errors."""
    dispute = _running(code)
    session = records.session_in_case(dispute.id, session_id)
    return submit_form(
        parse=lambda: session,
        operate=act,
        render=lambda errors, status: _record_page(dispute, session_id, errors, status),
        success=lambda _result: done(
            message, url_for("records.record", code=dispute.code, session_id=session_id)
        ),
    )


@bp.route("/disputes/<code>/sessions/<int:session_id>/record/notes", methods=["POST"])
@login_required
def add_note(code: str, session_id: int):
    data = note_form(request.form)
    return _act(
        code,
        session_id,
        lambda s: records.add_note(s, data["place"], data["body"], current_user),
        _("The note is saved."),
    )


@bp.route("/disputes/<code>/sessions/<int:session_id>/record/notes/withdraw", methods=["POST"])
@login_required
def withdraw_note(code: str, session_id: int):
    raw = request.form.get("note_id", "")
    note_id = int(raw) if raw.isdigit() else 0
    return _act(
        code,
        session_id,
        lambda s: records.withdraw_note(s, note_id, current_user),
        _("The note is struck out."),
    )


@bp.route("/disputes/<code>/sessions/<int:session_id>/record/attendance", methods=["POST"])
@login_required
def record_presence(code: str, session_id: int):
    def act(session):
        data = presence_form(request.form, session)
        records.record_presence(
            session, data["party"], data["name"], data["arrived_at"], data["left_at"], current_user
        )

    return _act(code, session_id, act, _("The attendance is recorded."))


@bp.route("/disputes/<code>/sessions/<int:session_id>/record/paper", methods=["POST"])
@login_required
def confirm_on_paper(code: str, session_id: int):
    def act(session):
        data = paper_form(request.form, session.dispute)
        records.confirm_on_paper(
            session, data["party"], data["record_hash"], current_user, data["identification"]
        )

    return _act(code, session_id, act, _("The paper confirmation is recorded."))


@bp.route("/disputes/<code>/sessions/<int:session_id>/record.pdf")
@login_required
def record_file(code: str, session_id: int):
    dispute = _running(code)
    return _record_pdf(dispute, session_id)


def _record_pdf(dispute: Dispute, session_id: int) -> Response:
    session = records.session_in_case(dispute.id, session_id)
    now = records.assembled(session)
    kept = records.versions(session)
    version = kept[-1].version if kept and kept[-1].record_hash == now.record_hash else None
    pdf = record_pdf(dispute, now.text, now.record_hash, version)
    return _pdf(pdf, f"{dispute.code}-record-{session.id}.pdf")


# A party's view of a record, from their own link.


def _party_record_page(token: str, session_id: int, errors: dict | None = None, status=200):
    party = party_from_token(token)
    session = records.session_in_case(party.dispute_id, session_id)
    now = records.assembled(session)
    mine = dict((p.id, c) for p, c in records.confirmation_states(session)).get(party.id)
    proved = proofs.online_assurance(party.mobile)
    back = url_for("records.record_by_link", token=token, session_id=session_id)
    return (
        render_template(
            "outcomes/record_party.html",
            dispute=party.dispute,
            party=party,
            token=token,
            session=session,
            record=now,
            confirmed=mine,
            needs_proof=mine is None and not meets(proved, _party_level()),
            confirm=_confirm_panel(token, party, back),
            errors=errors or {},
        ),
        status,
    )


@bp.route("/c/<token>/sessions/<int:session_id>/record")
def record_by_link(token: str, session_id: int):
    return _party_record_page(token, session_id)


@bp.route("/c/<token>/sessions/<int:session_id>/record.pdf")
def record_file_by_link(token: str, session_id: int):
    party = party_from_token(token)
    return _record_pdf(party.dispute, session_id)


@bp.route("/c/<token>/sessions/<int:session_id>/record/confirm", methods=["POST"])
def confirm_by_link(token: str, session_id: int):
    party = party_from_token(token)
    session = records.session_in_case(party.dispute_id, session_id)
    back = url_for("records.record_by_link", token=token, session_id=session_id)
    return submit_form(
        parse=lambda: request.form.get("record_hash", ""),
        operate=lambda seen: records.confirm_online(
            session, party, seen, proofs.online_assurance(party.mobile), _party_level()
        ),
        render=lambda errors, status: _party_record_page(token, session_id, errors, status),
        success=lambda _confirmation: done(_("You confirmed the mediation record."), back),
        refuse=ON_THE_PAGE,
    )


# The rights and obligations notice.


def _notice_page(dispute: Dispute, party: Party | None, token: str | None, errors=None, status=200):
    acknowledged = rights_notice.acknowledgements(dispute)
    mine = acknowledged.get(party.id) if party is not None else None
    proved = proofs.online_assurance(party.mobile) if party is not None else None
    back = url_for("records.rights_notice_by_link", token=token) if token else ""
    staff = token is None and runs_case(dispute)
    return (
        render_template(
            "outcomes/rights_notice.html",
            dispute=dispute,
            party=party,
            token=token,
            text=rights_notice.notice_text(dispute),
            served=rights_notice.is_served(dispute),
            acknowledged=acknowledged,
            mine=mine,
            needs_proof=party is not None and not meets(proved, _party_level()),
            confirm=_confirm_panel(token, party, back) if token and party else None,
            staff=staff,
            methods=(ConfirmMethod.PAPER, ConfirmMethod.ORAL),
            errors=errors or {},
        ),
        status,
    )


@bp.route("/c/<token>/rights-notice")
def rights_notice_by_link(token: str):
    party = party_from_token(token)
    return _notice_page(party.dispute, party, token)


@bp.route("/c/<token>/rights-notice/acknowledge", methods=["POST"])
def acknowledge_by_link(token: str):
    party = party_from_token(token)
    return submit_form(
        parse=lambda: proofs.online_assurance(party.mobile),
        operate=lambda proved: rights_notice.acknowledge_online(
            party.dispute, party, proved, _party_level()
        ),
        render=lambda errors, status: _notice_page(party.dispute, party, token, errors, status),
        success=lambda _row: done(
            _("You acknowledged the notice of your rights and obligations."),
            url_for("records.rights_notice_by_link", token=token),
        ),
        refuse=ON_THE_PAGE,
    )


@bp.route("/disputes/<code>/rights-notice")
@login_required
def rights_notice_page(code: str):
    dispute = find_visible(current_user, code)
    own = next((p for p in dispute.parties if p.user_id == current_user.id), None)
    return _notice_page(dispute, own, None)


@bp.route("/disputes/<code>/rights-notice.pdf")
@login_required
def rights_notice_file(code: str):
    dispute = find_visible(current_user, code)
    text = rights_notice.notice_text(dispute)
    pdf = notice_pdf(dispute, text, rights_notice.notice_hash(dispute))
    return _pdf(pdf, f"{dispute.code}-rights-notice.pdf")


@bp.route("/disputes/<code>/rights-notice/acknowledgements", methods=["POST"])
@login_required
def record_acknowledgement(code: str):
    dispute = _running(code)

    def record(data):
        return rights_notice.record_acknowledgement(
            dispute,
            data["party"],
            data["method"],
            data["checked"],
            data["identification"],
            current_user,
        )

    return submit_form(
        parse=lambda: acknowledgement_form(request.form, dispute),
        operate=record,
        render=lambda errors, status: _notice_page(dispute, None, None, errors, status),
        success=lambda _row: done(
            _("The acknowledgement is recorded."),
            url_for("records.rights_notice_page", code=dispute.code),
        ),
    )


# The case page's panel.

RECORDED_STATUSES = ("scheduled", "in_progress", "completed")


def panel_context(dispute: Dispute, link_token: str | None) -> dict:
    """What the case page shows of the notice, the session records and an oral agreement."""
    user = current_user if current_user.is_authenticated else None
    party = party_from_token(link_token) if link_token else None
    if party is None and user is not None:
        party = next((p for p in dispute.parties if p.user_id == user.id), None)
    staff = link_token is None and user is not None and runs_case(dispute)
    sessions = [s for s in records.sessions_of(dispute) if s.status in RECORDED_STATUSES]
    if not staff:
        sessions = [s for s in sessions if s.status != "scheduled"]

    def record_url(session) -> str:
        if link_token:
            return url_for("records.record_by_link", token=link_token, session_id=session.id)
        if staff:
            return url_for("records.record", code=dispute.code, session_id=session.id)
        return ""

    if link_token:
        notice_url = url_for("records.rights_notice_by_link", token=link_token)
    else:
        notice_url = url_for("records.rights_notice_page", code=dispute.code)
    settled = outcome_for(dispute)
    return {
        "served": rights_notice.is_served(dispute),
        "acknowledged": rights_notice.acknowledgements(dispute),
        "party": party,
        "runs_case": staff,
        "notice_url": notice_url,
        "sessions": sessions if (staff or link_token) else [],
        "record_url": record_url,
        "settled": settled is not None and settled.settles,
        "oral": oral.oral_agreement_for(dispute) if staff else None,
    }


@bp.app_context_processor
def documents_panel():
    return {"documents_panel": panel_context}
