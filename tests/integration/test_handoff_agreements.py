import io
from datetime import timedelta

import pypdf
import pytest

from mediation.core.errors import Conflict
from mediation.disputes.attachments import Upload
from mediation.handoffs import results
from mediation.handoffs.timeline import local_today

PDF = b"%PDF-1.4\nsigned\n%%EOF\n"


def test_the_confirmation_window_starts_when_the_online_agreement_took_effect(
    referral_in_mediation, settle, sign_all, coordinator
):
    handoff = referral_in_mediation()
    settle(handoff.dispute)
    agreement = sign_all(handoff.dispute)
    handoff.dispute.state = "settled"
    # A day typed by hand is not used when the agreement was signed here.
    typed = local_today() - timedelta(days=20)
    results.record_result(handoff, coordinator, "settled", effective_on=typed)
    took_effect = local_today(agreement.effective_at)
    assert handoff.agreement_effective_on == took_effect
    assert handoff.confirmation_due_on == took_effect + timedelta(days=30)


def test_a_settled_court_referral_carries_the_sealed_numbered_agreement(
    referral_in_mediation, settle, sign_all, coordinator
):
    handoff = referral_in_mediation()
    settle(handoff.dispute)
    agreement = sign_all(handoff.dispute)
    results.record_result(handoff, coordinator, "settled")
    assert handoff.online_agreement_id == agreement.id
    assert agreement.number.endswith("人调字第1号") and agreement.sealed_at is not None
    assert handoff.events[-1].data["online_agreement_id"] == agreement.id
    assert handoff.events[-1].data["agreement_number"] == agreement.number
    # The result attaches the agreement's PDF as it took effect: numbered, sealed.
    attached = handoff.agreement
    assert (
        attached.content_type == "application/pdf" and attached.dispute_id == agreement.dispute_id
    )
    text = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(attached.content)).pages
    )
    assert agreement.number in text and "人民调解委员会（印章）" in text


def test_a_settled_result_waits_for_the_online_agreement_to_take_effect(
    referral_in_mediation, settle, coordinator
):
    handoff = referral_in_mediation()
    settle(handoff.dispute)
    with pytest.raises(Conflict) as refused:
        results.record_result(
            handoff, coordinator, "settled", agreement=Upload("协议.pdf", PDF), effective_on=None
        )
    assert refused.value.code == "agreement_not_effective"
    assert handoff.status == "signed_for"


def test_an_agreement_made_on_paper_keeps_the_uploaded_copy_and_typed_day(
    referral_in_mediation, coordinator
):
    handoff = referral_in_mediation()
    day = local_today() - timedelta(days=2)
    results.record_result(
        handoff, coordinator, "settled", agreement=Upload("协议.pdf", PDF), effective_on=day
    )
    assert handoff.online_agreement_id is None and handoff.agreement.filename == "协议.pdf"
    assert handoff.confirmation_due_on == day + timedelta(days=30)


def test_the_hand_off_page_links_the_online_agreement(
    client, login, referral_in_mediation, settle, sign_all, coordinator
):
    handoff = referral_in_mediation()
    settle(handoff.dispute)
    sign_all(handoff.dispute)
    results.record_result(handoff, coordinator, "settled")
    login(coordinator)
    page = client.get(f"/handoffs/{handoff.id}").get_data(as_text=True)
    assert f"/disputes/{handoff.dispute.code}/agreement" in page
