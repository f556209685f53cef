"""The outcome forms' answers: where they lead, and what a refusal looks like."""

from datetime import timedelta

from sqlalchemy import func, select

from mediation.extensions import db
from mediation.outcomes import agreements
from mediation.outcomes.models import FollowUp, Outcome
from tests.outcomes.conftest import TERMS


def _flashes(client) -> list:
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def _visit(dispute) -> FollowUp:
    visit = FollowUp(
        agreement_id=agreements.agreement_for(dispute).id,
        dispute_id=dispute.id,
        mediator_id=dispute.mediator.id,
        days_after=30,
        due_at=dispute.filed_at + timedelta(days=30),
    )
    db.session.add(visit)
    db.session.flush()
    return visit


def test_a_case_not_settled_leads_back_to_the_case_page(client, login, mediation_case):
    dispute = mediation_case()
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/outcome", data={"result": "not_settled", "reason": "分歧大"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/disputes/{dispute.code}")
    assert [category for category, _ in _flashes(client)] == ["success"]


def test_recording_an_outcome_twice_comes_back_on_the_outcome_page_with_422(
    client, login, settled_case
):
    dispute = settled_case()
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/outcome", data={"result": "settled", "terms": TERMS + "又改"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "此案件的调解结果已记录。" in page
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 1
    assert agreements.agreement_for(dispute).terms == TERMS


def test_a_follow_up_without_its_result_shows_the_error_page(client, login, settled_case):
    dispute = settled_case()
    visit = _visit(dispute)
    login(dispute.mediator.user)
    response = client.post(f"/disputes/{dispute.code}/follow-ups/{visit.id}", data={})
    assert response.status_code == 422
    assert "此项必填。" in response.get_data(as_text=True)
    assert db.session.get(FollowUp, visit.id).result is None


def test_a_follow_up_is_recorded_and_leads_to_the_outcome_panel(client, login, settled_case):
    dispute = settled_case()
    visit = _visit(dispute)
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/follow-ups/{visit.id}", data={"result": "performed"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("#outcome-panel")
