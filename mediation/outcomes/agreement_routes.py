"""The agreement's pages: read, PDF, sign, revise its terms and details, seal, paper copy."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from marshmallow import ValidationError

from mediation.accounts import proofs
from mediation.accounts.assurance import meets
from mediation.core.errors import Forbidden
from mediation.core.forms import done, submit_form
from mediation.core.identity import mask_mobile
from mediation.core.schemas import clean_filename, flatten_messages
from mediation.disputes.attachments import Upload
from mediation.extensions import db
from mediation.outcomes import (
    agreement_items,
    agreements,
    drafting,
    seals,
    signing,
)
from mediation.outcomes.documents import (
    agreement_pdf,
    agreement_sections,
    signer_label,
    signer_rows,
)
from mediation.outcomes.forms import details_from_form, form_field_name
from mediation.outcomes.pages import (
    Requester,
    agreement_or_404,
    bp,
    by_account,
    by_link,
    form_of,
    staff_only,
)
from mediation.outcomes.schemas import (
    AgreementDetailsInSchema,
    PaperSignatureInSchema,
    SealInSchema,
    SignInSchema,
    TermsInSchema,
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
    agreement = agreement_or_404(who)
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
            incomplete=agreement_items.missing_items(agreement),
            may_seal=seals.may_seal(agreement, who.user) and not who.token,
            committee=agreement.committee or agreements.committee_of(who.dispute),
            errors=errors or {},
            printing=request.args.get("print") == "1",
        ),
        status,
    )


def _agreement_pdf(who: Requester) -> Response:
    agreement = agreement_or_404(who)
    response = Response(agreement_pdf(agreement), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{who.dispute.code}-agreement.pdf"'
    return response


_IN_FORCE = _l("Everyone has signed and the seal is on; the agreement is now in force.")
_WAITING = _l("It takes effect once everyone has signed and the committee's seal is applied.")


def _sign(who: Requester):
    agreement = agreement_or_404(who)
    try:
        data = form_of(SignInSchema())
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
    return _agreement_page(by_account(code))


@bp.route("/c/<token>/agreement")
def agreement_by_link(token: str):
    return _agreement_page(by_link(token))


@bp.route("/disputes/<code>/agreement.pdf")
@login_required
def agreement_file(code: str):
    return _agreement_pdf(by_account(code))


@bp.route("/c/<token>/agreement.pdf")
def agreement_file_by_link(token: str):
    return _agreement_pdf(by_link(token))


@bp.route("/disputes/<code>/agreement/sign", methods=["POST"])
@login_required
def sign(code: str):
    return _sign(by_account(code))


@bp.route("/c/<token>/agreement/sign", methods=["POST"])
def sign_by_link(token: str):
    return _sign(by_link(token))


@bp.route("/disputes/<code>/agreement/terms", methods=["POST"])
@login_required
def revise(code: str):
    who = by_account(code)
    staff_only(who)
    agreement = agreement_or_404(who)
    return submit_form(
        parse=lambda: form_of(TermsInSchema()),
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


def _field_names(errors: dict) -> dict:
    """Name errors after the details form's fields (performances-0-due_on)."""
    return {form_field_name(key): messages for key, messages in errors.items()}


@bp.route("/disputes/<code>/agreement/details", methods=["POST"])
@login_required
def details(code: str):
    """Write the facts, matters in dispute, responsibilities, copies and performance."""
    who = by_account(code)
    staff_only(who)
    agreement = agreement_or_404(who)
    return submit_form(
        parse=lambda: AgreementDetailsInSchema().load(details_from_form(request.form)),
        operate=lambda data: drafting.write_details(
            agreement, data, current_user, data["void_signatures"]
        ),
        render=lambda errors, status: _agreement_page(who, _field_names(errors), status),
        success=lambda _result: done(_("The agreement's details are saved."), who.url("agreement")),
    )


def _sealed_message(agreement) -> str:
    return _(
        "The committee's seal is applied. %(next)s",
        next=_IN_FORCE if agreement.effective_at else _WAITING,
    )


@bp.route("/disputes/<code>/agreement/seal", methods=["POST"])
@login_required
def seal(code: str):
    """Apply the committee's seal, as one of its authorised holders."""
    who = by_account(code)
    agreement = agreement_or_404(who)
    return submit_form(
        parse=lambda: form_of(SealInSchema()),
        operate=lambda data: seals.apply_seal(agreement, current_user, data["document_hash"]),
        render=lambda errors, status: _agreement_page(who, errors, status),
        success=lambda sealed: done(_sealed_message(sealed), who.url("agreement")),
        refuse=(409, 422),
    )


@bp.route("/disputes/<code>/agreement/paper", methods=["POST"])
@login_required
def paper_copy(code: str):
    """Record one signer's signature on a paper copy, their ID card checked in person."""
    who = by_account(code)
    staff_only(who)
    agreement = agreement_or_404(who)

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
