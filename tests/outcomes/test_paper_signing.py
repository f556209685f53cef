"""Paper signatures recorded one signer at a time, each ID card checked by a named staff member."""

import io

from mediation.disputes.attachments import Upload
from mediation.extensions import db
from mediation.outcomes import agreements
from tests.outcomes.conftest import sign_online

PDF = b"%PDF-1.4\n%%EOF\n"


def scan():
    return (io.BytesIO(PDF), "signed.pdf")


def record(client, dispute, signer=None, **fields):
    data = {"id_checked": "1", **fields}
    if signer is not None:
        data["signer"] = signer
    return client.post(
        f"/disputes/{dispute.code}/agreement/paper", data=data, content_type="multipart/form-data"
    )


def signatures_of(agreement):
    db.session.refresh(agreement)
    return agreement.valid_signatures


def test_staff_record_paper_signatures_one_by_one_and_it_takes_effect(
    client, login, coordinator, settled_case
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    first, *others = agreements.required_signers(agreement)
    login(coordinator)
    assert record(client, dispute, first, signed_copy=scan()).status_code == 302
    assert [s.signer for s in signatures_of(agreement)] == [first]
    assert agreement.effective_at is None
    [copy] = agreements.paper_copies(agreement)
    for signer in others:
        assert record(client, dispute, signer, paper_copy=str(copy.id)).status_code == 302
    signatures = signatures_of(agreement)
    assert {s.verified_by_id for s in signatures} == {coordinator.id}
    assert {s.assurance for s in signatures} == {"id_in_person"}
    assert agreement.effective_at is not None


def test_the_mediator_records_a_partys_paper_signature(client, login, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    login(dispute.mediator.user)
    party_signer = f"party:{dispute.parties[1].id}"
    assert record(client, dispute, party_signer, signed_copy=scan()).status_code == 302
    [signature] = signatures_of(agreement)
    assert signature.signer == party_signer
    assert signature.verified_by_id == dispute.mediator.user_id


def test_a_request_naming_two_signers_or_none_is_refused(client, login, coordinator, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    first, second, _mediator = agreements.required_signers(agreement)
    login(coordinator)
    both = record(client, dispute, [first, second], signed_copy=scan())
    assert both.status_code == 422 and "逐人登记" in both.get_data(as_text=True)
    assert record(client, dispute, None, signed_copy=scan()).status_code == 422
    assert signatures_of(agreement) == [] and agreements.paper_copies(agreement) == []


def test_a_paper_signature_without_the_id_check_is_refused(
    client, login, coordinator, settled_case
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    login(coordinator)
    signer = agreements.required_signers(agreement)[0]
    response = record(client, dispute, signer, signed_copy=scan(), id_checked="")
    assert response.status_code == 422 and 'id="id_checked-error"' in response.get_data(
        as_text=True
    )
    assert signatures_of(agreement) == []


def test_a_paper_signature_needs_a_scan(client, login, coordinator, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    login(coordinator)
    response = record(client, dispute, agreements.required_signers(agreement)[0])
    assert response.status_code == 422 and signatures_of(agreement) == []


def test_parties_and_other_mediators_cannot_record_paper_signatures(
    client, login, settled_case, create_mediator
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    signer = f"party:{dispute.parties[1].id}"
    login(dispute.parties[0].user)
    assert record(client, dispute, signer, signed_copy=scan()).status_code == 403
    login(create_mediator().user)
    assert record(client, dispute, signer, signed_copy=scan()).status_code == 404
    assert signatures_of(agreement) == []


def test_the_page_lists_each_signer_how_they_were_verified_and_what_is_missing(
    client, login, coordinator, settled_case
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    applicant, respondent = dispute.parties
    sign_online(agreement, None, applicant)
    agreements.record_paper_signature(
        agreement,
        f"party:{respondent.id}",
        coordinator,
        True,
        upload=Upload("协议.pdf", PDF),
    )
    login(dispute.mediator.user)
    page = client.get(f"/disputes/{dispute.code}/agreement").get_data(as_text=True)
    assert "短信验证码" in page
    assert f"工作人员当面核验身份证（{coordinator.name}）" in page
    assert f"生效前还差：调解员：{dispute.mediator.name}的签名。" in page
