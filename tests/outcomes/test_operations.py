import pytest
from sqlalchemy import select

from mediation.core.audit import events_for, first_broken_event
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.core.outbox import OutboxMessage
from mediation.disputes.attachments import Upload
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.outcomes import agreements, followups, operations
from mediation.outcomes.models import Signature
from tests.outcomes.conftest import sign_online

PDF = b"%PDF-1.4\nsigned\n%%EOF\n"


def sign_all(dispute, agreement):
    for party in dispute.parties:
        sign_online(agreement, party.user, None)
    sign_online(agreement, dispute.mediator.user, None)


def test_a_settlement_moves_the_case_and_drafts_the_agreement(mediation_case, settle):
    dispute = mediation_case()
    outcome = settle(dispute, complete=False)
    assert dispute.state == "settled" and outcome.settles
    agreement = agreements.agreement_for(dispute)
    assert agreement.terms == outcome.terms and len(agreement.document_hash) == 64
    actions = [e.action for e in events_for("dispute", dispute.id)]
    assert actions[-3:] == ["dispute.settle", "outcome.recorded", "agreement.drafted"]


def test_partly_settled_is_a_settled_case_with_an_agreement(mediation_case, settle):
    dispute = mediation_case()
    settle(dispute, result="partly_settled")
    assert dispute.state == "settled"
    assert agreements.agreement_for(dispute) is not None


def test_no_settlement_needs_a_reason_and_has_no_agreement(mediation_case, settle):
    dispute = mediation_case()
    with pytest.raises(ValidationFailed):
        settle(dispute, result="not_settled", terms=None)
    settle(dispute, result="not_settled", terms=None, reason="双方分歧较大")
    assert dispute.state == "not_settled"
    assert agreements.agreement_for(dispute) is None


def test_an_outcome_is_recorded_once(settled_case, settle):
    dispute = settled_case()
    with pytest.raises(Conflict):
        settle(dispute)


def test_a_party_cannot_record_the_outcome(mediation_case):
    dispute = mediation_case()
    party = dispute.parties[0]
    data = {"result": "settled", "terms": "x"}
    with pytest.raises(Forbidden):
        operations.record_outcome(dispute, data, {Actor.APPLICANT}, party.user)


def test_the_agreement_takes_effect_when_everyone_has_signed(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    applicant, respondent = dispute.parties
    sign_online(agreement, applicant.user, None)
    sign_online(agreement, None, respondent)
    assert agreements.agreement_took_effect(dispute) is None
    sign_online(agreement, dispute.mediator.user, None)
    assert agreements.agreement_took_effect(dispute) == agreement.effective_at
    effective = [e for e in events_for("dispute", dispute.id) if e.action == "agreement.effective"]
    assert effective[0].data["document_hash"] == agreement.document_hash
    assert first_broken_event() is None


def test_each_signature_records_the_hash_and_the_time(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    [signature] = sign_online(agreement, dispute.parties[0].user, None)
    assert signature.document_hash == agreement.document_hash
    assert signature.signed_at is not None and signature.method == "online"


def test_taking_effect_schedules_follow_up_reminders_to_the_mediator(settled_case, app):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_all(dispute, agreement)
    visits = followups.follow_ups_of(dispute.id)
    assert [v.days_after for v in visits] == list(app.config["FOLLOW_UP_DAYS"])
    reminders = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith("follow-up:"))
    ).all()
    assert {r.recipient_id for r in reminders} == {dispute.mediator.user_id}
    assert sorted(r.due_at for r in reminders) == [v.due_at for v in visits]


def test_signing_twice_is_refused(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    user = dispute.parties[0].user
    sign_online(agreement, user, None)
    with pytest.raises(Conflict) as error:
        sign_online(agreement, user, None)
    assert error.value.code == "already_signed"


def test_someone_who_is_not_a_signer_cannot_sign(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    with pytest.raises(Forbidden):
        sign_online(agreement, coordinator, None)


def test_a_signature_on_an_outdated_text_is_refused(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    with pytest.raises(Conflict) as error:
        agreements.sign_agreement(
            agreement, dispute.parties[0].user, None, "0" * 64, {"party:1": "sms_code"}
        )
    assert error.value.code == "agreement_changed"


def test_changing_signed_terms_needs_confirmation_and_voids_the_signatures(
    settled_case, coordinator
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_online(agreement, dispute.parties[0].user, None)
    old_hash = agreement.document_hash
    with pytest.raises(Conflict) as error:
        agreements.revise_terms(agreement, "新的条款", coordinator, void_signatures=False)
    assert error.value.code == "signed"
    agreements.revise_terms(agreement, "新的条款", coordinator, void_signatures=True)
    assert agreement.valid_signatures == [] and agreement.revision == 2
    assert agreement.document_hash != old_hash
    voided = db.session.scalars(select(Signature).where(Signature.voided_at.is_not(None))).all()
    assert len(voided) == 1
    actions = [e.action for e in events_for("dispute", dispute.id)]
    assert actions[-2:] == ["agreement.signatures_voided", "agreement.revised"]


def test_an_agreement_in_effect_cannot_be_changed(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_all(dispute, agreement)
    with pytest.raises(Conflict):
        agreements.revise_terms(agreement, "新的条款", coordinator, void_signatures=True)


def test_a_paper_signature_records_one_signer_and_who_checked_the_id_card(
    settled_case, coordinator
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    applicant = dispute.parties[0]
    signature = agreements.record_paper_signature(
        agreement, f"party:{applicant.id}", coordinator, True, upload=Upload("协议.pdf", PDF)
    )
    assert [s.signer for s in agreement.valid_signatures] == [f"party:{applicant.id}"]
    assert signature.method == "paper" and signature.assurance == "id_in_person"
    assert signature.verified_by == coordinator and signature.attachment.filename == "协议.pdf"
    event = events_for("dispute", dispute.id)[-1]
    assert event.action == "agreement.signed"
    assert event.data["assurance"] == "id_in_person" and event.data["verified_by"] == coordinator.id
    assert agreement.effective_at is None


def test_later_paper_signers_refer_to_the_copy_already_uploaded(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    first, *others = agreements.required_signers(agreement)
    agreements.record_paper_signature(
        agreement, first, coordinator, True, upload=Upload("协议.pdf", PDF)
    )
    [copy] = agreements.paper_copies(agreement)
    for signer in others:
        agreements.record_paper_signature(agreement, signer, coordinator, True, copy_id=copy.id)
    assert {s.attachment_id for s in agreement.valid_signatures} == {copy.id}
    assert agreement.effective_at is not None


def test_a_paper_signature_without_the_id_check_is_refused(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    signer = agreements.required_signers(agreement)[0]
    with pytest.raises(ValidationFailed) as error:
        agreements.record_paper_signature(
            agreement, signer, coordinator, False, upload=Upload("协议.pdf", PDF)
        )
    assert "id_checked" in error.value.fields and agreement.valid_signatures == []


def test_a_paper_signature_for_someone_not_signing_this_agreement_is_refused(
    settled_case, coordinator
):
    mine, theirs = settled_case(), settled_case()
    agreement = agreements.agreement_for(mine)
    with pytest.raises(ValidationFailed) as error:
        agreements.record_paper_signature(
            agreement,
            f"party:{theirs.parties[0].id}",
            coordinator,
            True,
            upload=Upload("a.pdf", PDF),
        )
    assert "signer" in error.value.fields and agreement.valid_signatures == []


def test_the_mediator_cannot_check_their_own_id_card(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    with pytest.raises(Forbidden):
        agreements.record_paper_signature(
            agreement,
            f"mediator:{dispute.mediator_id}",
            dispute.mediator.user,
            True,
            upload=Upload("协议.pdf", PDF),
        )
    assert agreement.valid_signatures == []


def test_a_paper_copy_of_an_earlier_revision_cannot_be_referred_to(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    first, second, _mediator = agreements.required_signers(agreement)
    agreements.record_paper_signature(
        agreement, first, coordinator, True, upload=Upload("协议.pdf", PDF)
    )
    [old_copy] = agreements.paper_copies(agreement)
    agreements.revise_terms(agreement, "新的条款", coordinator, void_signatures=True)
    assert agreement.valid_signatures == [] and agreements.paper_copies(agreement) == []
    with pytest.raises(ValidationFailed) as error:
        agreements.record_paper_signature(agreement, second, coordinator, True, copy_id=old_copy.id)
    assert "paper_copy" in error.value.fields


def test_a_paper_copy_must_be_a_pdf_or_an_image(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    signer = agreements.required_signers(agreement)[0]
    with pytest.raises(ValidationFailed):
        agreements.record_paper_signature(
            agreement, signer, coordinator, True, upload=Upload("x.txt", b"hello")
        )
    assert agreement.valid_signatures == []


def test_an_online_signature_with_only_the_case_link_is_refused(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    with pytest.raises(Forbidden) as error:
        sign_online(agreement, None, dispute.parties[0], assurance="case_link")
    assert error.value.code == "confirm_mobile" and agreement.valid_signatures == []


def test_an_online_signature_records_its_assurance(settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    [signature] = sign_online(agreement, None, dispute.parties[0])
    assert signature.assurance == "sms_code" and signature.verified_by_id is None
    event = events_for("dispute", dispute.id)[-1]
    assert event.data["assurance"] == "sms_code" and "verified_by" not in event.data


def test_a_signature_below_a_raised_level_keeps_the_agreement_from_taking_effect(
    online_level, settled_case
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    applicant, respondent = dispute.parties
    online_level("case_link")
    sign_online(agreement, None, applicant, assurance="case_link")
    online_level("sms_code")
    sign_online(agreement, None, respondent)
    sign_online(agreement, dispute.mediator.user, None)
    assert agreement.effective_at is None
    assert agreements.pending_signers(agreement, agreements.required_signers(agreement)) == [
        f"party:{applicant.id}"
    ]
    sign_online(agreement, None, applicant)
    assert agreement.effective_at is not None


def test_a_party_answers_the_survey_once(settled_case):
    dispute = settled_case()
    party = dispute.parties[1]
    survey = operations.answer_survey(dispute, party, {"score": 5, "comment": "很好"})
    assert survey.township_id == dispute.township_id
    with pytest.raises(Conflict):
        operations.answer_survey(dispute, party, {"score": 4})


def test_the_survey_waits_for_the_outcome(mediation_case):
    dispute = mediation_case()
    with pytest.raises(Conflict):
        operations.answer_survey(dispute, dispute.parties[0], {"score": 3})


def test_only_a_party_answers_the_survey(settled_case, coordinator):
    dispute = settled_case()
    with pytest.raises(Forbidden):
        operations.survey_party(dispute, coordinator, None)


def test_a_follow_up_result_is_recorded_once(settled_case, coordinator):
    dispute = settled_case()
    sign_all(dispute, agreements.agreement_for(dispute))
    visit = followups.follow_ups_of(dispute.id)[0]
    followups.record_follow_up(visit, {"result": "performed", "notes": "已拆除"}, coordinator)
    assert visit.result == "performed" and visit.recorded_at is not None
    with pytest.raises(Conflict):
        followups.record_follow_up(visit, {"result": "partly"}, coordinator)
