"""Either party may ask to stop at any stage before an agreement; the attempt then ends.

Booked sessions are cancelled and everyone on them is told; after a decline or a stop nothing
more can be booked.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation.core.outbox import OutboxMessage
from mediation.disputes import rights
from mediation.disputes.links import case_link_token
from mediation.disputes.models import PartyAct
from mediation.extensions import db
from mediation.scheduling.models import MediationSession


def texts_to(mobile: str) -> list[str]:
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [r.payload["body"] for r in rows if r.payload.get("mobile") == mobile]


def mails_to(user_id: int) -> list[dict]:
    rows = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient_id == user_id))
    return [r.payload for r in rows]


@pytest.fixture
def booked(assigned, book):
    dispute = assigned()
    session = book(dispute)
    assert dispute.state == "scheduled"
    return dispute, session


def test_a_party_stops_mid_way_and_the_booked_session_is_cancelled(client, clock, prove, booked):
    dispute, session = booked
    respondent = dispute.respondents[0]
    token = case_link_token(respondent)
    prove(token, respondent.mobile)
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert 'value="stop"' in page
    response = client.post(
        f"/c/{token}/transition", data={"action": "stop", "reason": "双方已私下和解"}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert dispute.state == "stopped" and dispute.state_reason == "双方已私下和解"
    assert session.status == "cancelled"
    [act] = db.session.scalars(select(PartyAct)).all()
    assert (act.party_id, act.act, act.reason) == (respondent.id, "stop", "双方已私下和解")
    # The other party is told, by text, and the mediator by their notification.
    applicant = dispute.applicants[0]
    assert any("要求终止调解" in body for body in texts_to(applicant.mobile))
    assert any("调解已终止" in m["subject"] for m in mails_to(dispute.mediator.user_id))


def test_the_applicant_may_stop_too_and_the_page_says_the_attempt_ended(
    client, clock, prove, create_dispute
):
    dispute = create_dispute("consented")
    applicant = dispute.applicants[0]
    token = case_link_token(applicant)
    prove(token, applicant.mobile)
    client.post(f"/c/{token}/transition", data={"action": "stop", "reason": "不想调了"})
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert "本次调解已终止" in page and "不想调了" in page


def test_stopping_needs_a_reason_and_changes_nothing_without_one(client, clock, prove, booked):
    dispute, session = booked
    token = case_link_token(dispute.applicants[0])
    prove(token, dispute.applicants[0].mobile)
    response = client.post(f"/c/{token}/transition", data={"action": "stop", "reason": " "})
    assert response.status_code == 422
    db.session.expire_all()
    assert dispute.state == "scheduled" and session.status == "scheduled"


def test_stopping_without_proof_is_refused(client, clock, booked):
    dispute, session = booked
    token = case_link_token(dispute.respondents[0])
    response = client.post(f"/c/{token}/transition", data={"action": "stop", "reason": "不调了"})
    assert response.status_code == 403
    db.session.expire_all()
    assert dispute.state == "scheduled" and session.status == "scheduled"


def test_staff_enter_a_stop_for_a_party_on_the_api(client, auth_header, coordinator, booked):
    dispute, session = booked
    respondent = dispute.respondents[0]
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/transitions",
        json={
            "action": "stop",
            "reason": "电话中表示不再调解",
            "party_id": respondent.id,
            "identification": "phone_call",
        },
        headers=auth_header(coordinator),
    )
    assert response.status_code == 200 and response.get_json()["state"] == "stopped"
    db.session.expire_all()
    assert session.status == "cancelled"
    [act] = db.session.scalars(select(PartyAct)).all()
    assert act.entered_by_id == coordinator.id and act.assurance == "phone_call"


def test_staff_close_a_stopped_case(client, login, coordinator, booked):
    dispute, _session = booked
    login(coordinator)
    client.post(
        f"/disputes/{dispute.code}/transition",
        data={
            "action": "stop",
            "reason": "当面表示不再调解",
            "party_id": dispute.applicants[0].id,
            "identification": "id_in_person",
        },
    )
    client.post(f"/disputes/{dispute.code}/transition", data={"action": "close"})
    db.session.expire_all()
    assert dispute.state == "closed"


@pytest.mark.parametrize("how", ["decline", "stop"])
def test_after_a_decline_or_a_stop_nothing_more_can_be_booked(
    client, login, coordinator, auth_header, create_dispute, free_slot, how
):
    dispute = create_dispute("accepted" if how == "decline" else "assigned")
    mediator_slots = free_slot(dispute) if dispute.mediator else None
    login(coordinator)
    client.post(
        f"/disputes/{dispute.code}/transition",
        data={
            "action": how,
            "reason": "不同意",
            "party_id": dispute.respondents[0].id,
            "identification": "phone_call",
        },
    )
    db.session.expire_all()
    assert dispute.state == ("declined" if how == "decline" else "stopped")
    start = mediator_slots.start if mediator_slots else clock_free_start()
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/sessions",
        json={"start": start.isoformat(), "mode": "video"},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "attempt_ended"
    page = client.post(
        f"/disputes/{dispute.code}/book", data={"start": start.isoformat(), "mode": "video"}
    )
    assert page.status_code == 409 and "本次调解已终止" in page.get_data(as_text=True)
    shown = client.get(f"/disputes/{dispute.code}/book")
    assert shown.status_code == 409 and "本次调解已终止" in shown.get_data(as_text=True)
    assert db.session.scalars(select(MediationSession)).all() == []


def clock_free_start():
    from datetime import UTC, datetime

    return datetime(2027, 1, 4, 2, 0, tzinfo=UTC) + timedelta(hours=1)


def test_a_party_sees_one_way_out_at_a_time():
    assert rights.shown_to_party(["consent", "decline", "stop"]) == ["consent", "decline"]
    assert rights.shown_to_party(["withdraw", "stop"]) == ["stop"]
    assert rights.shown_to_party(["withdraw"]) == ["withdraw"]


def test_withdrawing_before_acceptance_tells_the_respondent_nothing(
    client, clock, prove, create_dispute
):
    dispute = create_dispute("submitted")
    applicant, respondent = dispute.applicants[0], dispute.respondents[0]
    token = case_link_token(applicant)
    prove(token, applicant.mobile)
    client.post(f"/c/{token}/transition", data={"action": "withdraw", "reason": "已和解"})
    db.session.expire_all()
    assert dispute.state == "withdrawn"
    assert texts_to(respondent.mobile) == []
