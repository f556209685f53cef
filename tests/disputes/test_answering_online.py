"""The respondent answers online, straight after acceptance, once their phone proves the mobile.

Staff may still enter a party's answer (a walk-in, a call), saying for whom and how they
identified them; every answer is recorded as that party's act.
"""

import pytest
from sqlalchemy import select

from mediation.disputes.links import case_link_token
from mediation.disputes.models import PartyAct
from mediation.extensions import db


def acts_recorded() -> list[PartyAct]:
    return list(db.session.scalars(select(PartyAct).order_by(PartyAct.id)))


def state_of(dispute) -> str:
    db.session.expire_all()
    return dispute.state


@pytest.fixture
def respondent_link(create_dispute):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    return dispute, respondent, case_link_token(respondent)


def test_before_proving_the_mobile_the_page_asks_for_a_code_instead_of_the_answer(
    client, clock, respondent_link
):
    dispute, respondent, token = respondent_link
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert "data-confirm-panel" in page and 'data-own-acts="consent decline"' in page
    assert f'action="/c/{token}/confirm/send"' in page
    assert 'value="consent"' not in page


def test_an_answer_posted_without_proof_is_refused_and_changes_nothing(
    client, clock, respondent_link
):
    dispute, _respondent, token = respondent_link
    response = client.post(f"/c/{token}/transition", data={"action": "consent"})
    assert response.status_code == 403
    assert "请先确认是您本人" in response.get_data(as_text=True)
    assert state_of(dispute) == "accepted" and acts_recorded() == []


def test_the_respondent_consents_straight_after_acceptance_once_proved(
    client, clock, respondent_link, prove
):
    dispute, respondent, token = respondent_link
    prove(token, respondent.mobile)
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert 'value="consent"' in page and "data-confirm-panel" not in page
    response = client.post(f"/c/{token}/transition", data={"action": "consent"})
    assert response.status_code == 302
    assert state_of(dispute) == "consented"
    [act] = acts_recorded()
    assert (act.party_id, act.act, act.assurance, act.entered_by_id) == (
        respondent.id,
        "consent",
        "sms_code",
        None,
    )


def test_a_proof_lapses_after_the_proof_window(app, client, clock, respondent_link, prove):
    dispute, respondent, token = respondent_link
    prove(token, respondent.mobile)
    clock.shift(app.config["MOBILE_PROOF_MINUTES"] * 60 + 1)
    response = client.post(f"/c/{token}/transition", data={"action": "decline", "reason": "不想"})
    assert response.status_code == 403 and state_of(dispute) == "accepted"


def test_with_the_level_set_to_the_link_the_link_alone_suffices(
    app, client, clock, monkeypatch, respondent_link
):
    monkeypatch.setitem(app.config, "PARTY_ACT_ASSURANCE", "case_link")
    dispute, respondent, token = respondent_link
    assert 'value="decline"' in client.get(f"/c/{token}").get_data(as_text=True)
    client.post(f"/c/{token}/transition", data={"action": "decline", "reason": "不想调解"})
    assert state_of(dispute) == "declined"
    [act] = acts_recorded()
    assert act.assurance == "case_link" and act.reason == "不想调解"


def test_the_applicants_link_cannot_consent_for_the_respondent_even_when_proved(
    client, clock, create_dispute, prove
):
    dispute = create_dispute("accepted")
    applicant = dispute.applicants[0]
    token = case_link_token(applicant)
    prove(token, applicant.mobile)
    assert client.post(f"/c/{token}/transition", data={"action": "consent"}).status_code == 403
    response = client.post(f"/c/{token}/transition", data={"action": "decline", "reason": "x"})
    assert response.status_code == 403
    assert state_of(dispute) == "accepted" and acts_recorded() == []


def test_another_cases_party_gets_404_for_this_case(client, login, create_dispute, create_user):
    dispute = create_dispute("accepted")
    stranger = create_user(mobile=create_dispute("accepted").respondents[0].mobile)
    login(stranger)
    response = client.post(f"/disputes/{dispute.code}/transition", data={"action": "consent"})
    assert response.status_code == 404
    assert state_of(dispute) == "accepted"


def test_a_signed_in_respondent_uses_their_accounts_proof(
    client, clock, login, create_dispute, create_user, texted_code
):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    user = create_user(mobile=respondent.mobile)
    respondent.user = user
    db.session.flush()
    login(user)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert 'action="/account/confirm/send"' in page
    assert (
        client.post(f"/disputes/{dispute.code}/transition", data={"action": "consent"}).status_code
        == 403
    )
    client.post("/account/confirm/send")
    client.post("/account/confirm", data={"code": texted_code(user.mobile)})
    client.post(f"/disputes/{dispute.code}/transition", data={"action": "consent"})
    assert state_of(dispute) == "consented"
    [act] = acts_recorded()
    assert act.assurance == "sms_code" and act.party_id == respondent.id


# Staff entering a party's answer ------------------------------------------------------------


def test_staff_entering_a_consent_record_whose_it_is_and_how_they_identified_them(
    client, login, coordinator, create_dispute
):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    login(coordinator)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert 'name="identification"' in page and f'value="{respondent.id}"' in page
    response = client.post(
        f"/disputes/{dispute.code}/transition",
        data={"action": "consent", "party_id": respondent.id, "identification": "phone_call"},
    )
    assert response.status_code == 302
    assert state_of(dispute) == "consented"
    [act] = acts_recorded()
    assert (act.party_id, act.assurance, act.entered_by_id) == (
        respondent.id,
        "phone_call",
        coordinator.id,
    )
    assert respondent.name in client.get(f"/disputes/{dispute.code}").get_data(as_text=True)


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"identification": "phone_call"},
        {"party": True},
        {"party": True, "identification": "sms_code"},
    ],
)
def test_staff_entry_without_the_party_or_identification_is_422_and_changes_nothing(
    client, login, coordinator, create_dispute, fields
):
    dispute = create_dispute("accepted")
    data = {"action": "consent", **{k: v for k, v in fields.items() if k != "party"}}
    if fields.get("party"):
        data["party_id"] = dispute.respondents[0].id
    login(coordinator)
    response = client.post(f"/disputes/{dispute.code}/transition", data=data)
    assert response.status_code == 422
    assert state_of(dispute) == "accepted" and acts_recorded() == []


def test_staff_cannot_enter_a_consent_in_the_applicants_name(
    client, login, coordinator, create_dispute
):
    dispute = create_dispute("accepted")
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/transition",
        data={
            "action": "consent",
            "party_id": dispute.applicants[0].id,
            "identification": "id_in_person",
        },
    )
    assert response.status_code == 403
    assert state_of(dispute) == "accepted"


def test_staff_entry_through_the_api_records_the_identification(
    client, auth_header, coordinator, create_dispute
):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    url = f"/api/v1/disputes/{dispute.code}/transitions"
    headers = auth_header(coordinator)
    missing = client.post(url, json={"action": "decline", "reason": "不想"}, headers=headers)
    assert missing.status_code == 422
    assert set(missing.get_json()["error"]["fields"]) == {"party_id", "identification"}
    ok = client.post(
        url,
        json={
            "action": "decline",
            "reason": "不想",
            "party_id": respondent.id,
            "identification": "id_in_person",
        },
        headers=headers,
    )
    assert ok.status_code == 200 and ok.get_json()["state"] == "declined"
    [act] = acts_recorded()
    assert act.entered_by_id == coordinator.id and act.assurance == "id_in_person"


def test_a_forged_link_gets_404_and_changes_nothing(client, clock, respondent_link):
    from tests.factories import tamper

    dispute, _respondent, token = respondent_link
    response = client.post(f"/c/{tamper(token)}/transition", data={"action": "consent"})
    assert response.status_code == 404
    assert state_of(dispute) == "accepted" and acts_recorded() == []


def test_the_history_names_whose_act_it_was_and_how_it_was_verified(
    client, login, coordinator, create_dispute
):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    login(coordinator)
    client.post(
        f"/disputes/{dispute.code}/transition",
        data={"action": "consent", "party_id": respondent.id, "identification": "id_in_person"},
    )
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert "当事人同意调解" in page
    assert f"{respondent.name} · 工作人员当面核验身份证 · 由工作人员登记" in page
