"""A mediator's answer to an offered case ends on a confirmation of that answer."""

from mediation.mediators import assignment
from tests.core.test_confirmations import shown_once


def test_accepting_an_offer_is_confirmed(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    login(mediator.user)
    response = client.post(f"/assignments/offers/{offer.id}/accept")
    shown_once(client, response, "您已接受该案件。")


def test_declining_an_offer_is_confirmed(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    login(mediator.user)
    response = client.post(f"/assignments/offers/{offer.id}/decline", data={"reason": "有亲属关系"})
    shown_once(client, response, "您已拒绝该案件，案件将退回协调员。")
