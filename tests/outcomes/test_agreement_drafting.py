"""Before an agreement is signed or sealed it states every art. 29 item; what lacks is listed."""

from datetime import date

import pytest

from mediation.core.errors import Conflict
from mediation.disputes.operations import record_particulars
from mediation.extensions import db
from mediation.outcomes import agreements, drafting, seals
from tests.outcomes.conftest import details, sign_online, upload_seal_and_grant


def _incomplete(mediation_case, settle):
    dispute = mediation_case()
    settle(dispute, complete=False, sealed=False)
    return dispute, agreements.agreement_for(dispute)


def test_signing_an_incomplete_agreement_is_refused_with_what_is_missing(mediation_case, settle):
    dispute, agreement = _incomplete(mediation_case, settle)
    with pytest.raises(Conflict) as refused:
        sign_online(agreement, dispute.parties[0].user, None)
    assert refused.value.code == "agreement_incomplete"
    missing = refused.value.fields["missing"]
    respondent = dispute.respondents[0]
    assert any(respondent.name in line and "身份证号码" in line for line in missing)
    assert "争议事项" in missing and "每项协议的履行方式、时限" in missing
    assert agreement.valid_signatures == []


def test_sealing_an_incomplete_agreement_is_refused(mediation_case, settle, coordinator):
    _dispute, agreement = _incomplete(mediation_case, settle)
    upload_seal_and_grant(agreement.committee, coordinator)
    with pytest.raises(Conflict) as refused:
        seals.apply_seal(agreement, coordinator, agreement.document_hash)
    assert refused.value.code == "agreement_incomplete" and agreement.sealed_at is None


def test_a_committee_without_a_name_is_listed_not_guessed(
    mediation_case, settle, county, coordinator
):
    dispute = mediation_case()
    dispute.organisation = county["villages"]["天池镇"][0]  # a village room, no committee named
    settle(dispute, sealed=False)
    agreement = agreements.agreement_for(dispute)
    with pytest.raises(Conflict) as refused:
        sign_online(agreement, dispute.parties[0].user, None)
    (line,) = refused.value.fields["missing"]
    assert county["villages"]["天池镇"][0].name in line and "人民调解委员会名称" in line
    assert county["centre"].name not in agreements.agreement_text(agreement).committee


def test_the_agreement_page_lists_what_is_missing(client, login, mediation_case, settle):
    dispute, _agreement = _incomplete(mediation_case, settle)
    login(dispute.mediator.user)
    page = client.get(f"/disputes/{dispute.code}/agreement").get_data(as_text=True)
    assert "签名或盖章之前，协议还需要" in page and "各方当事人的责任" in page


def _form(dispute, **changes) -> dict:
    form = {
        "facts": "事实",
        "disputed_matters": "争议",
        "responsibilities": "责任",
        "copies": "3",
        "performances-0-term": "拆除围墙",
        "performances-0-party_id": str(dispute.respondents[0].id),
        "performances-0-method": "自行拆除",
        "performances-0-due_on": "2026-12-31",
        "performances-1-term": "",
        "performances-1-method": "",
        "performances-1-due_on": "",
    }
    form.update(changes)
    return form


def test_the_mediator_writes_the_facts_and_each_terms_performance(
    client, login, mediation_case, settle
):
    dispute, agreement = _incomplete(mediation_case, settle)
    login(dispute.mediator.user)
    response = client.post(f"/disputes/{dispute.code}/agreement/details", data=_form(dispute))
    assert response.status_code == 302
    db.session.refresh(agreement)
    (performance,) = agreement.performances
    assert (performance.term, performance.method) == ("拆除围墙", "自行拆除")
    assert performance.party_id == dispute.respondents[0].id
    assert performance.due_on == date(2026, 12, 31) and agreement.copies == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"performances-0-due_on": "2026-13-01"}, "performances-0-due_on"),
        ({"performances-0-method": ""}, "performances-0-method"),
        ({"copies": "lots"}, "copies"),
        ({"facts": ""}, "facts"),
    ],
)
def test_bad_details_answer_422_field_by_field(
    client, login, mediation_case, settle, change, field
):
    dispute, agreement = _incomplete(mediation_case, settle)
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/agreement/details", data=_form(dispute, **change)
    )
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    db.session.refresh(agreement)
    assert agreement.performances == []


def test_too_few_copies_or_a_stranger_performing_answer_422(
    client, login, mediation_case, settle, create_dispute
):
    dispute, _agreement = _incomplete(mediation_case, settle)
    stranger = create_dispute().parties[0]
    login(dispute.mediator.user)
    url = f"/disputes/{dispute.code}/agreement/details"
    assert client.post(url, data=_form(dispute, copies="2")).status_code == 422
    other = _form(dispute, **{"performances-0-party_id": str(stranger.id)})
    assert client.post(url, data=other).status_code == 422


def test_a_party_cannot_write_the_details(client, login, mediation_case, settle):
    dispute, _agreement = _incomplete(mediation_case, settle)
    login(dispute.parties[0].user)
    response = client.post(f"/disputes/{dispute.code}/agreement/details", data=_form(dispute))
    assert response.status_code == 403


def test_changing_details_after_a_signature_needs_confirmation(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_online(agreement, dispute.parties[0].user, None)
    changed = details(dispute, facts="另一种说法")
    with pytest.raises(Conflict) as refused:
        drafting.write_details(agreement, changed, coordinator, False)
    assert refused.value.code == "signed"
    drafting.write_details(agreement, changed, coordinator, True)
    assert agreement.valid_signatures == [] and agreement.sealed_at is None
    assert agreement.revision == 2


def test_particulars_cannot_change_under_a_signed_agreement(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_online(agreement, dispute.parties[0].user, None)
    party = dispute.parties[1]
    with pytest.raises(Conflict) as refused:
        record_particulars(party, {"occupation": "教师"}, coordinator)
    assert refused.value.code == "agreement_signed"


def test_particulars_corrected_before_signing_change_the_text_signed(
    mediation_case, settle, coordinator
):
    dispute = mediation_case()
    settle(dispute, sealed=False)
    agreement = agreements.agreement_for(dispute)
    before = agreement.document_hash
    party = dispute.parties[0]
    values = {
        name: getattr(party, name)
        for name in ("kind", "sex", "ethnicity", "birth_date", "address", "resident_id")
    }
    record_particulars(party, {**values, "occupation": "个体工商户"}, coordinator)
    assert agreement.document_hash != before
    assert "个体工商户" in str(agreements.agreement_text(agreement).parties[0].particulars)
