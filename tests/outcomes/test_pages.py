import io
import zipfile

import pypdf

from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.outcomes import agreements
from tests.outcomes.conftest import TERMS, sign_online

PHONE = {"User-Agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"}


def pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_mediator_records_a_settlement_on_the_outcome_page(client, login, mediation_case):
    dispute = mediation_case()
    login(dispute.mediator.user)
    page = client.get(f"/disputes/{dispute.code}")
    assert f"/disputes/{dispute.code}/outcome" in page.get_data(as_text=True)
    response = client.post(
        f"/disputes/{dispute.code}/outcome", data={"result": "settled", "terms": TERMS}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/disputes/{dispute.code}/agreement")
    assert agreements.agreement_for(dispute).terms == TERMS


def test_a_settlement_without_terms_is_refused_field_by_field(client, login, mediation_case):
    dispute = mediation_case()
    login(dispute.mediator.user)
    response = client.post(f"/disputes/{dispute.code}/outcome", data={"result": "settled"})
    assert response.status_code == 422
    assert 'id="terms-error"' in response.get_data(as_text=True)
    assert dispute.state == "in_mediation"


def test_both_parties_sign_on_their_phones_and_it_takes_effect(
    client, login, clock, settled_case, confirm_link, confirm_account
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    for party in dispute.parties:
        token = confirm_link(party)
        page = client.get(f"/c/{token}/agreement", headers=PHONE).get_data(as_text=True)
        assert TERMS in page and dispute.display_code in page
        response = client.post(
            f"/c/{token}/agreement/sign",
            data={"document_hash": agreement.document_hash, "confirm": "1"},
            headers=PHONE,
        )
        assert response.status_code == 302
    login(dispute.mediator.user)
    confirm_account(dispute.mediator.user)
    client.post(
        f"/disputes/{dispute.code}/agreement/sign",
        data={"document_hash": agreement.document_hash, "confirm": "1"},
    )
    assert agreements.agreement_took_effect(dispute) is not None


def test_signing_needs_the_confirmation_box(client, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = case_link_token(dispute.parties[0])
    response = client.post(
        f"/c/{token}/agreement/sign", data={"document_hash": agreement.document_hash}
    )
    assert response.status_code == 422 and agreement.valid_signatures == []


def test_signing_twice_through_the_link_answers_409(client, clock, settled_case, confirm_link):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = confirm_link(dispute.parties[0])
    data = {"document_hash": agreement.document_hash, "confirm": "1"}
    client.post(f"/c/{token}/agreement/sign", data=data)
    response = client.post(f"/c/{token}/agreement/sign", data=data)
    assert response.status_code == 409
    assert agreement.valid_signatures[0].party_id == dispute.parties[0].id


def test_someone_elses_agreement_is_not_found(client, login, settled_case):
    mine, theirs = settled_case(), settled_case()
    login(mine.parties[0].user)
    agreement = agreements.agreement_for(theirs)
    response = client.post(
        f"/disputes/{theirs.code}/agreement/sign",
        data={"document_hash": agreement.document_hash, "confirm": "1"},
    )
    assert response.status_code == 404 and agreement.valid_signatures == []


def test_editing_signed_terms_without_voiding_answers_409(client, login, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_online(agreement, dispute.parties[0].user, None)
    login(dispute.mediator.user)
    response = client.post(f"/disputes/{dispute.code}/agreement/terms", data={"terms": "改了"})
    assert response.status_code == 409 and agreement.terms == TERMS
    response = client.post(
        f"/disputes/{dispute.code}/agreement/terms",
        data={"terms": "改了", "void_signatures": "1"},
    )
    db.session.refresh(agreement)
    assert response.status_code == 302 and agreement.terms == "改了"
    assert agreement.valid_signatures == []


def test_a_party_cannot_edit_the_terms(client, login, settled_case):
    dispute = settled_case()
    login(dispute.parties[0].user)
    response = client.post(f"/disputes/{dispute.code}/agreement/terms", data={"terms": "改了"})
    assert response.status_code == 403


def test_the_agreement_pdf_shows_the_chinese_text_and_the_case_code(client, settled_case):
    dispute = settled_case()
    token = case_link_token(dispute.parties[0])
    response = client.get(f"/c/{token}/agreement.pdf")
    assert response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert dispute.display_code in text and "邻里" in text
    assert "王芳" in text and "李强" in text and TERMS in text.replace("\n", "")
    assert dispute.parties[0].masked_resident_id in text
    assert dispute.parties[0].resident_id not in text


def test_the_agreement_page_carries_the_qr_code(client, settled_case):
    dispute = settled_case()
    token = case_link_token(dispute.parties[0])
    page = client.get(f"/c/{token}/agreement").get_data(as_text=True)
    assert f"/c/{token}/qr.svg" in page


def test_a_survey_by_someone_not_a_party_is_refused(client, login, settled_case, create_user):
    dispute = settled_case()
    login(dispute.mediator.user)
    response = client.post(f"/disputes/{dispute.code}/survey", data={"score": "5"})
    assert response.status_code == 403


def test_a_party_answers_the_survey_from_the_link(client, settled_case):
    dispute = settled_case()
    token = case_link_token(dispute.parties[1])
    response = client.post(f"/c/{token}/survey", data={"score": "4", "comment": "满意"})
    assert response.status_code == 302
    assert "4" in client.get(f"/c/{token}/survey").get_data(as_text=True)
    again = client.post(f"/c/{token}/survey", data={"score": "5"})
    assert again.status_code == 409


def test_a_survey_score_out_of_range_is_refused(client, settled_case):
    dispute = settled_case()
    token = case_link_token(dispute.parties[1])
    response = client.post(f"/c/{token}/survey", data={"score": "9"})
    assert response.status_code == 422


def test_the_case_file_downloads_whole_as_pdf_and_zip(client, login, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_online(agreement, dispute.parties[0].user, None)
    login(dispute.mediator.user)
    english = {"Accept-Language": "en"}
    pdf = client.get(f"/disputes/{dispute.code}/case-file.pdf", headers=english)
    assert pdf.status_code == 200
    text = pdf_text(pdf.data)
    assert dispute.display_code in text and dispute.description in text
    # The case file is a Chinese document, whatever the page's language.
    for heading in ("提交申请", "受理与指派", "调解结果", "协议内容"):
        assert heading in text, heading
    archive = zipfile.ZipFile(
        io.BytesIO(client.get(f"/disputes/{dispute.code}/case-file.zip").data)
    )
    names = archive.namelist()
    assert f"{dispute.code}-case-file.pdf" in names and f"{dispute.code}-agreement.pdf" in names
    assert "SHA256SUMS.txt" in names


def test_parties_do_not_download_the_case_file(client, login, settled_case):
    dispute = settled_case()
    login(dispute.parties[0].user)
    assert client.get(f"/disputes/{dispute.code}/case-file.pdf").status_code == 403
