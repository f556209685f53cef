"""Signing the agreement online only after confirming one's mobile by a texted code."""

from datetime import timedelta

import pytest

from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.outcomes import agreements
from tests.accounts.conftest import latest_code


@pytest.fixture(autouse=True)
def _fixed_time(clock):
    """Codes and proofs are timed; every test here runs at one fixed instant."""
    return clock


def sign(client, url: str, agreement):
    return client.post(url, data={"document_hash": agreement.document_hash, "confirm": "1"})


def signatures_of(agreement):
    db.session.refresh(agreement)
    return agreement.valid_signatures


def test_signing_from_the_link_without_a_code_is_refused_and_writes_nothing(client, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = case_link_token(dispute.parties[0])
    response = sign(client, f"/c/{token}/agreement/sign", agreement)
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "先确认手机号" in page
    assert signatures_of(agreement) == []


def test_the_page_offers_the_code_first_and_the_sign_button_once_confirmed(
    client, settled_case, confirm_link
):
    dispute = settled_case()
    token = case_link_token(dispute.parties[0])
    before = client.get(f"/c/{token}/agreement").get_data(as_text=True)
    assert f'action="/c/{token}/confirm/send"' in before
    assert f'name="next" value="/c/{token}/agreement"' in before
    assert f'action="/c/{token}/agreement/sign"' not in before
    confirm_link(dispute.parties[0])
    after = client.get(f"/c/{token}/agreement").get_data(as_text=True)
    assert f'action="/c/{token}/agreement/sign"' in after
    assert f'action="/c/{token}/confirm/send"' not in after


def test_signing_after_confirming_by_code_records_sms_code(client, settled_case, confirm_link):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = confirm_link(dispute.parties[0])
    response = sign(client, f"/c/{token}/agreement/sign", agreement)
    assert response.status_code == 302
    [signature] = signatures_of(agreement)
    assert signature.party_id == dispute.parties[0].id and signature.assurance == "sms_code"


def test_the_mediator_signs_after_confirming_their_own_mobile(
    client, login, settled_case, confirm_account
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    login(dispute.mediator.user)  # a password proves nothing about the phone
    url = f"/disputes/{dispute.code}/agreement"
    assert sign(client, f"{url}/sign", agreement).status_code == 403
    assert 'action="/account/confirm/send"' in client.get(url).get_data(as_text=True)
    confirm_account(dispute.mediator.user)
    assert sign(client, f"{url}/sign", agreement).status_code == 302
    [signature] = signatures_of(agreement)
    assert signature.mediator_id == dispute.mediator_id and signature.assurance == "sms_code"


def test_a_signed_in_party_signs_after_confirming_their_account_mobile(
    client, login, settled_case, confirm_account
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    respondent = dispute.parties[1]
    login(respondent.user)
    confirm_account(respondent.user)
    assert sign(client, f"/disputes/{dispute.code}/agreement/sign", agreement).status_code == 302
    assert [s.party_id for s in signatures_of(agreement)] == [respondent.id]


def test_a_wrong_code_leaves_the_agreement_unsigned(client, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    party = dispute.parties[0]
    token = case_link_token(party)
    client.post(f"/c/{token}/confirm/send")
    wrong = f"{(int(latest_code(party.mobile)) + 1) % 10**6:06d}"
    client.post(f"/c/{token}/confirm", data={"code": wrong})
    assert sign(client, f"/c/{token}/agreement/sign", agreement).status_code == 403
    assert signatures_of(agreement) == []


def test_an_expired_code_leaves_the_agreement_unsigned(client, clock, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    party = dispute.parties[0]
    token = case_link_token(party)
    client.post(f"/c/{token}/confirm/send")
    code = latest_code(party.mobile)
    clock.shift(timedelta(minutes=30))
    client.post(f"/c/{token}/confirm", data={"code": code})
    assert sign(client, f"/c/{token}/agreement/sign", agreement).status_code == 403
    assert signatures_of(agreement) == []


def test_a_code_used_in_one_browser_does_not_let_another_sign(
    app, client, settled_case, confirm_link
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    party = dispute.parties[0]
    token = confirm_link(party)
    other = app.test_client()
    other.post(f"/c/{token}/confirm", data={"code": latest_code(party.mobile)})
    assert sign(other, f"/c/{token}/agreement/sign", agreement).status_code == 403
    assert signatures_of(agreement) == []


def test_a_proof_older_than_the_window_no_longer_signs(
    app,
    client,
    clock,
    settled_case,
    confirm_link,
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = confirm_link(dispute.parties[0])
    clock.shift(timedelta(minutes=app.config["MOBILE_PROOF_MINUTES"] + 1))
    assert sign(client, f"/c/{token}/agreement/sign", agreement).status_code == 403
    assert signatures_of(agreement) == []


def test_with_the_level_at_case_link_the_link_alone_signs(client, settled_case, online_level):
    online_level("case_link")
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = case_link_token(dispute.parties[0])
    page = client.get(f"/c/{token}/agreement").get_data(as_text=True)
    assert f'action="/c/{token}/agreement/sign"' in page
    assert sign(client, f"/c/{token}/agreement/sign", agreement).status_code == 302
    [signature] = signatures_of(agreement)
    assert signature.assurance == "case_link"


def test_the_applicants_proof_does_not_let_the_respondents_link_sign(
    client, settled_case, confirm_link
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    applicant, respondent = dispute.parties
    applicant_token = confirm_link(applicant)
    response = sign(client, f"/c/{case_link_token(respondent)}/agreement/sign", agreement)
    assert response.status_code == 403 and signatures_of(agreement) == []
    sign(client, f"/c/{applicant_token}/agreement/sign", agreement)
    assert [s.party_id for s in signatures_of(agreement)] == [applicant.id]


def test_another_cases_party_and_mediator_get_404(client, login, settled_case, confirm_account):
    mine, theirs = settled_case(), settled_case()
    agreement = agreements.agreement_for(theirs)
    for outsider in (mine.parties[0].user, mine.mediator.user):
        login(outsider)
        confirm_account(outsider)
        assert client.get(f"/disputes/{theirs.code}/agreement").status_code == 404
        response = sign(client, f"/disputes/{theirs.code}/agreement/sign", agreement)
        assert response.status_code == 404
    assert signatures_of(agreement) == []
