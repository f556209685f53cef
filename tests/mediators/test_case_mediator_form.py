"""The case page's mediator form: assigning and withdrawing belong to the mediators domain."""

from sqlalchemy import select

from mediation.extensions import db
from mediation.mediators.models import Assignment, AssignmentStatus


def test_a_coordinator_assigns_on_the_case_page_and_the_offer_is_opened(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/mediator",
        data={"action": "assign", "mediator_id": mediator.id, "expected_version": dispute.version},
    )
    assert response.status_code == 302 and response.location.endswith(f"/disputes/{dispute.code}")
    offer = db.session.scalars(select(Assignment)).one()
    db.session.refresh(dispute)
    assert dispute.mediator_id == mediator.id and offer.dispute is dispute
    assert offer.method == "direct" and offer.status == AssignmentStatus.PROPOSED


def test_the_generic_case_form_hands_assigning_to_the_mediator_form(
    client, login, create_dispute, coordinator
):
    dispute = create_dispute("consented")
    login(coordinator)
    response = client.post(f"/disputes/{dispute.code}/transition", data={"action": "assign"})
    assert response.status_code == 307
    assert response.location.endswith(f"/disputes/{dispute.code}/mediator")


def test_withdrawing_revokes_the_open_offer(client, login, create_dispute, coordinator):
    dispute = create_dispute("assigned")
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/mediator", data={"action": "unassign", "reason": "回避"}
    )
    assert response.status_code == 302
    db.session.refresh(dispute)
    assert dispute.state == "consented" and dispute.mediator is None
    assert db.session.scalars(select(Assignment)).one().status == AssignmentStatus.REVOKED


def test_the_cases_own_mediator_may_not_withdraw_themselves(client, login, create_dispute):
    dispute = create_dispute("assigned")
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/mediator", data={"action": "unassign", "reason": "忙"}
    )
    assert response.status_code == 403
    db.session.refresh(dispute)
    assert dispute.state == "assigned"


def test_another_mediator_gets_404_on_the_mediator_form(
    client, login, create_dispute, create_mediator
):
    dispute = create_dispute("assigned")
    login(create_mediator().user)
    response = client.post(
        f"/disputes/{dispute.code}/mediator", data={"action": "unassign", "reason": "忙"}
    )
    assert response.status_code == 404
    db.session.refresh(dispute)
    assert dispute.state == "assigned"
