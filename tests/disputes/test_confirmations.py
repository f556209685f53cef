"""A party's answer through the private case link ends on a confirmation saying what happened."""

from mediation.disputes.links import case_link_token
from mediation.extensions import db
from tests.core.test_confirmations import shown_once


def test_consenting_through_the_link_is_confirmed_with_what_comes_next(
    client, clock, prove, create_dispute
):
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.respondents[0])
    prove(token, dispute.respondents[0].mobile)
    response = client.post(f"/c/{token}/transition", data={"action": "consent"})
    shown_once(client, response, "您已同意调解。调解中心将为您安排调解员，并通知您调解时间。")
    db.session.expire_all()
    assert dispute.state == "consented"


def test_declining_through_the_link_is_confirmed(client, clock, prove, create_dispute):
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.respondents[0])
    prove(token, dispute.respondents[0].mobile)
    response = client.post(f"/c/{token}/transition", data={"action": "decline", "reason": "不想调"})
    shown_once(client, response, "已记录：不同意调解。")


def test_withdrawing_through_the_link_is_confirmed(client, clock, prove, create_dispute):
    dispute = create_dispute("accepted")
    token = case_link_token(dispute.applicants[0])
    prove(token, dispute.applicants[0].mobile)
    response = client.post(
        f"/c/{token}/transition", data={"action": "withdraw", "reason": "已和解"}
    )
    shown_once(client, response, "申请已撤回，本案不再调解。")


def test_a_refused_answer_shows_no_confirmation(client, create_dispute):
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.applicants[0])
    assert client.post(f"/c/{token}/transition", data={"action": "consent"}).status_code == 403
    assert "您已同意调解" not in client.get(f"/c/{token}").get_data(as_text=True)


def test_staff_accepting_in_english_reads_english(client, login, coordinator, create_dispute):
    dispute = create_dispute("submitted")
    login(coordinator)
    client.post("/lang/en", data={"next": "/"})
    response = client.post(f"/disputes/{dispute.code}/transition", data={"action": "accept"})
    text = "The application is accepted. Next, ask the respondent to agree to mediation."
    shown_once(client, response, text)
