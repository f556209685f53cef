"""Recusal, disclosure and consent on the case page: the parties', the mediator's, the staff's."""

from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.audit import events_for
from mediation.disputes.links import case_link_token
from mediation.disputes.models import PartyAct
from mediation.extensions import db
from mediation.mediators import conflicts
from mediation.mediators.models import (
    ConflictConsent,
    ConflictDisclosure,
    RecusalRequest,
    RecusalStatus,
)


def flashed(client) -> list[str]:
    """Take the messages flashed since the last call, as the next page would show them."""
    with client.session_transaction() as session:
        return [message for _, message in session.pop("_flashes", [])]


def recusals() -> list[RecusalRequest]:
    db.session.expire_all()  # the requests changed them in their own sessions
    return list(db.session.scalars(select(RecusalRequest)))


def disclosures() -> list[ConflictDisclosure]:
    db.session.expire_all()
    return list(db.session.scalars(select(ConflictDisclosure)))


def signed_in_party(client, login, prove, account_for, party):
    """Sign a party in with their own account and confirm their mobile, as their phone would."""
    user = login(account_for(party))
    prove(case_link_token(party), party.mobile)
    flashed(client)  # the confirmation's own messages
    return user


# A party signed in -----------------------------------------------------------------------


def test_a_signed_in_party_asks_for_recusal_from_the_case_page(
    client, clock, login, prove, account_for, assigned
):
    dispute = assigned["dispute"]
    applicant = dispute.applicants[0]
    signed_in_party(client, login, prove, account_for, applicant)
    response = client.post(f"/disputes/{dispute.code}/recusal", data={"reason": "调解员偏向对方"})
    assert response.status_code == 302 and response.location.endswith(f"/disputes/{dispute.code}")
    assert flashed(client) == ["您的申请已记录，协调员决定后会通知您。"]
    [request] = recusals()
    assert (request.party_id, request.mediator_id, request.reason) == (
        applicant.id,
        assigned["first"].id,
        "调解员偏向对方",
    )
    again = client.post(f"/disputes/{dispute.code}/recusal", data={"reason": "再次申请"})
    assert again.status_code == 302
    assert flashed(client) == ["您的回避申请正在等待决定。"]
    assert len(recusals()) == 1


def test_a_recusal_request_needs_a_reason(client, clock, login, prove, account_for, assigned):
    dispute = assigned["dispute"]
    signed_in_party(client, login, prove, account_for, dispute.applicants[0])
    client.post(f"/disputes/{dispute.code}/recusal", data={"reason": ""})
    assert flashed(client) == ["请填写理由。"]
    assert recusals() == []


def test_staff_cannot_ask_for_recusal_in_a_partys_place(client, login, assigned, coordinator):
    dispute = assigned["dispute"]
    login(coordinator)
    client.post(f"/disputes/{dispute.code}/recusal", data={"reason": "替当事人申请"})
    assert flashed(client) == ["只有本案当事人可以这样做。"]
    assert recusals() == []


def test_a_signed_in_party_agrees_to_keep_a_conflicted_mediator(
    client, clock, login, prove, account_for, assigned
):
    dispute = assigned["dispute"]
    conflicts.disclose_conflict(dispute, assigned["first"].user, "曾是申请人的同事")
    applicant = dispute.applicants[0]
    signed_in_party(client, login, prove, account_for, applicant)
    response = client.post(f"/disputes/{dispute.code}/conflict-consent")
    assert response.location.endswith(f"/disputes/{dispute.code}")
    assert flashed(client) == ["您的同意已记录。"]
    [consent] = db.session.scalars(select(ConflictConsent)).all()
    assert (consent.party_id, consent.mediator_id) == (applicant.id, assigned["first"].id)
    [act] = db.session.scalars(select(PartyAct).where(PartyAct.act == "keep_mediator")).all()
    assert (act.party_id, act.assurance) == (applicant.id, "sms_code")


def test_a_consent_by_link_before_any_mediator_is_refused_on_the_link(
    client, clock, prove, create_dispute
):
    dispute = create_dispute("consented")
    respondent = dispute.respondents[0]
    token = case_link_token(respondent)
    prove(token, respondent.mobile)
    flashed(client)
    response = client.post(f"/c/{token}/conflict-consent")
    assert response.location.endswith(f"/c/{token}")
    assert flashed(client) == ["本案尚未指派调解员。"]
    assert db.session.scalars(select(ConflictConsent)).all() == []


# The mediator ------------------------------------------------------------------------------


def test_the_mediator_discloses_a_conflict_from_the_case_page(client, login, assigned):
    dispute = assigned["dispute"]
    login(assigned["first"].user)
    blank = client.post(f"/disputes/{dispute.code}/disclosure", data={"description": ""})
    assert blank.location.endswith(f"/disputes/{dispute.code}")
    assert flashed(client) == ["请填写理由。"]
    assert disclosures() == []
    client.post(f"/disputes/{dispute.code}/disclosure", data={"description": "与被申请人是邻居"})
    assert flashed(client) == ["您的申报已记录，协调员将作出决定。"]
    [disclosure] = disclosures()
    assert (disclosure.mediator_id, disclosure.description, disclosure.outcome) == (
        assigned["first"].id,
        "与被申请人是邻居",
        "pending",
    )
    assert "conflict.disclosed" in [e.action for e in events_for("dispute", dispute.id)]


def test_another_mediator_cannot_disclose_on_someone_elses_case(client, login, assigned):
    dispute = assigned["dispute"]
    login(assigned["second"].user)
    response = client.post(f"/disputes/{dispute.code}/disclosure", data={"description": "冲突"})
    assert response.status_code == 404
    assert disclosures() == []


# The coordinator's decisions ----------------------------------------------------------------


def test_the_coordinator_grants_a_recusal_and_another_mediator_gets_the_case(
    client, login, assigned, coordinator
):
    dispute = assigned["dispute"]
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    login(coordinator)
    response = client.post(f"/recusals/{request.id}/decide", data={"grant": "1", "note": "属实"})
    assert response.location.endswith(f"/disputes/{dispute.code}")
    assert flashed(client) == ["决定已记录。"]
    [decided] = recusals()
    assert (decided.status, decided.decision_note, decided.decided_by_id) == (
        RecusalStatus.GRANTED,
        "属实",
        coordinator.id,
    )
    db.session.refresh(dispute)
    assert dispute.state == "assigned" and dispute.mediator_id == assigned["second"].id


def test_a_recusal_on_a_scheduled_case_is_unscheduled_and_reassigned(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("scheduled")
    first = dispute.mediator_id
    second = create_mediator()
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    login(coordinator)
    client.post(f"/recusals/{request.id}/decide", data={"grant": "1"})
    db.session.refresh(dispute)
    assert dispute.state == "assigned" and dispute.mediator_id == second.id != first
    actions = [e.action for e in events_for("dispute", dispute.id)]
    assert actions.index("dispute.unschedule") < actions.index("dispute.unassign")


def test_a_refused_recusal_keeps_the_mediator_and_cannot_be_decided_twice(
    client, login, assigned, coordinator
):
    dispute = assigned["dispute"]
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    login(coordinator)
    client.post(f"/recusals/{request.id}/decide", data={"grant": "0", "note": "理由不成立"})
    assert flashed(client) == ["决定已记录。"]
    client.post(f"/recusals/{request.id}/decide", data={"grant": "1"})
    assert flashed(client) == ["该回避申请已作出决定。"]
    [decided] = recusals()
    assert decided.status == RecusalStatus.REFUSED
    db.session.refresh(dispute)
    assert dispute.mediator_id == assigned["first"].id


def test_the_coordinator_keeps_a_mediator_only_when_every_party_agreed(
    client, login, assigned, coordinator
):
    dispute = assigned["dispute"]
    disclosure = conflicts.disclose_conflict(dispute, assigned["first"].user, "同事")
    login(coordinator)
    client.post(f"/disclosures/{disclosure.id}/decide", data={"keep": "1"})
    assert flashed(client) == ["只有各方当事人均同意，才能保留该调解员。"]
    assert disclosures()[0].outcome == "pending"
    client.post(f"/disclosures/{disclosure.id}/decide", data={"keep": "0"})
    assert flashed(client) == ["决定已记录。"]
    assert disclosures()[0].outcome == "replaced"
    db.session.refresh(dispute)
    assert dispute.mediator_id == assigned["second"].id
    client.post(f"/disclosures/{disclosure.id}/decide", data={"keep": "1"})
    assert flashed(client) == ["该申报已作出决定。"]


def test_another_stations_coordinator_gets_404_on_the_decisions(
    client, login, create_user, county, assigned
):
    dispute = assigned["dispute"]
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "亲戚", None)
    disclosure = conflicts.disclose_conflict(dispute, assigned["first"].user, "同事")
    login(create_user(Role.COORDINATOR, county["stations"][1]))
    assert client.post(f"/recusals/{request.id}/decide", data={"grant": "1"}).status_code == 404
    assert (
        client.post(f"/disclosures/{disclosure.id}/decide", data={"keep": "0"}).status_code == 404
    )
    assert client.post("/recusals/999999/decide", data={"grant": "1"}).status_code == 404
    assert recusals()[0].status == RecusalStatus.PENDING
    assert disclosures()[0].outcome == "pending"
