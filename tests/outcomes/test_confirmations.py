"""Signing the agreement and answering the survey end on a confirmation of what happened."""

import io

from mediation.disputes.links import case_link_token
from mediation.outcomes import agreements
from tests.core.test_confirmations import shown_once


def _sign(client, url: str, agreement):
    return client.post(url, data={"document_hash": agreement.document_hash, "confirm": "1"})


def test_signing_says_whether_the_agreement_is_in_force(
    client, login, clock, settled_case, confirm_link, confirm_account
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    first, second = (confirm_link(p) for p in dispute.parties)
    waiting = "您已签署协议。各方全部签名并加盖人民调解委员会印章后协议生效。"
    shown_once(client, _sign(client, f"/c/{first}/agreement/sign", agreement), waiting)
    shown_once(client, _sign(client, f"/c/{second}/agreement/sign", agreement), waiting)
    login(dispute.mediator.user)
    confirm_account(dispute.mediator.user)
    url = f"/disputes/{dispute.code}/agreement/sign"
    shown_once(
        client, _sign(client, url, agreement), "您已签署协议。各方已签名并已盖章，协议现已生效。"
    )


def test_a_signature_refused_shows_no_confirmation(client, settled_case):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    token = case_link_token(dispute.parties[0])
    response = client.post(
        f"/c/{token}/agreement/sign", data={"document_hash": agreement.document_hash}
    )
    assert response.status_code == 422 and "您已签署协议" not in response.get_data(as_text=True)


def test_answering_the_survey_is_confirmed(client, settled_case):
    dispute = settled_case()
    token = case_link_token(dispute.parties[1])
    response = client.post(f"/c/{token}/survey", data={"score": "4", "comment": "满意"})
    shown_once(client, response, "谢谢！您的评价已收到。")


def test_recording_the_outcome_is_confirmed(client, login, coordinator, mediation_case):
    dispute = mediation_case()
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/outcome", data={"result": "not_settled", "reason": "分歧太大"}
    )
    shown_once(client, response, "调解结果已记录。")


def test_recording_a_paper_signature_is_confirmed(client, login, coordinator, settled_case):
    dispute = settled_case()
    applicant = dispute.parties[0]
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/agreement/paper",
        data={
            "signer": f"party:{applicant.id}",
            "id_checked": "1",
            "signed_copy": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "signed.pdf"),
        },
        content_type="multipart/form-data",
    )
    shown_once(
        client,
        response,
        f"已登记申请人：{applicant.name}的纸质签名。各方全部签名并加盖人民调解委员会印章后协议生效。",
    )
