"""Confirming a case's mobile by a texted code, before an act that needs it."""

from datetime import timedelta

import pytest

from mediation.accounts import assurance, proofs
from mediation.accounts.assurance import Assurance
from mediation.disputes.links import case_link_token
from tests.accounts.conftest import NOON


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


@pytest.fixture
def respondent_link(create_dispute):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    return respondent, case_link_token(respondent)


def proved(client, mobile: str) -> bool:
    with client.session_transaction() as session:
        return mobile in session.get(proofs.SESSION_KEY, {})


def test_a_party_confirms_the_case_mobile_from_their_link(
    client, clock, respondent_link, texted_code
):
    respondent, token = respondent_link
    sent = client.post(f"/c/{token}/confirm/send", data={"next": f"/c/{token}#answer"})
    assert sent.status_code == 303 and sent.headers["Location"].endswith(f"/c/{token}#answer")
    page = client.get(f"/c/{token}").get_data(as_text=True)
    masked = respondent.mobile[:3] + "****" + respondent.mobile[-4:]
    assert f"验证码已发送到 {masked}" in page

    confirmed = client.post(f"/c/{token}/confirm", data={"code": texted_code(respondent.mobile)})
    assert confirmed.status_code == 303
    assert proved(client, respondent.mobile)
    assert "已确认本机持有" in client.get(f"/c/{token}").get_data(as_text=True)


def test_a_wrong_code_says_so_and_proves_nothing(client, clock, respondent_link, texted_code):
    respondent, token = respondent_link
    client.post(f"/c/{token}/confirm/send")
    wrong = other_than(texted_code(respondent.mobile))
    client.post(f"/c/{token}/confirm", data={"code": wrong})
    assert "验证码不对，还可以再试 4 次。" in client.get(f"/c/{token}").get_data(as_text=True)
    assert not proved(client, respondent.mobile)


def test_a_used_code_cannot_confirm_again(client, app, clock, respondent_link, texted_code):
    respondent, token = respondent_link
    client.post(f"/c/{token}/confirm/send")
    code = texted_code(respondent.mobile)
    client.post(f"/c/{token}/confirm", data={"code": code})
    other = app.test_client()
    other.post(f"/c/{token}/confirm", data={"code": code})
    assert "这个验证码已经用过了" in other.get(f"/c/{token}").get_data(as_text=True)
    assert not proved(other, respondent.mobile)


def test_an_expired_code_is_refused(client, clock, respondent_link, texted_code):
    respondent, token = respondent_link
    client.post(f"/c/{token}/confirm/send")
    code = texted_code(respondent.mobile)
    clock.shift(timedelta(minutes=5))
    client.post(f"/c/{token}/confirm", data={"code": code})
    assert "验证码已过期" in client.get(f"/c/{token}").get_data(as_text=True)
    assert not proved(client, respondent.mobile)


def test_a_code_that_is_not_six_digits_is_refused_without_spending_a_try(
    client, clock, respondent_link, texted_code
):
    respondent, token = respondent_link
    client.post(f"/c/{token}/confirm/send")
    client.post(f"/c/{token}/confirm", data={"code": "12ab"})
    assert "请输入收到的 6 位数字验证码" in client.get(f"/c/{token}").get_data(as_text=True)
    client.post(f"/c/{token}/confirm", data={"code": texted_code(respondent.mobile)})
    assert proved(client, respondent.mobile)


def test_the_proof_lapses_after_the_configured_minutes(app, clock):
    with app.test_request_context():
        proofs.remember_proof("13812345678", NOON)
        clock.shift(timedelta(minutes=app.config["MOBILE_PROOF_MINUTES"]) - timedelta(seconds=1))
        assert proofs.online_assurance("13812345678") == Assurance.SMS_CODE
        clock.shift(timedelta(seconds=1))
        assert proofs.online_assurance("13812345678") == Assurance.CASE_LINK
        assert proofs.online_assurance("13900000000") == Assurance.CASE_LINK


def test_an_offsite_next_address_goes_back_to_the_case_page(client, clock, respondent_link):
    _respondent, token = respondent_link
    sent = client.post(f"/c/{token}/confirm/send", data={"next": "https://evil.example/"})
    assert sent.headers["Location"].endswith(f"/c/{token}")


def test_a_signed_in_mediator_confirms_their_own_mobile(
    client, clock, create_mediator, login, texted_code
):
    mediator = create_mediator()
    login(mediator.user)
    client.post("/account/confirm/send", data={"next": "/disputes"})
    client.post("/account/confirm", data={"code": texted_code(mediator.user.mobile)})
    assert proved(client, mediator.user.mobile)


def test_assurance_levels_rank_surer_over_weaker():
    assert assurance.meets("sms_code", "sms_code")
    assert assurance.meets("id_in_person", "sms_code")
    assert not assurance.meets("case_link", "sms_code")
    assert not assurance.meets("phone_call", "sms_code")
    assert not assurance.meets(None, "case_link")


def test_a_level_that_is_not_one_stops_the_app():
    from mediation import create_app

    with pytest.raises(ValueError, match="SIGNATURE_ONLINE_ASSURANCE"):
        create_app({"TESTING": True, "SIGNATURE_ONLINE_ASSURANCE": "fingerprint"})
