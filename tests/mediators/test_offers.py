"""What follows an answer to an offer: the parties told, a freed case reassigned or left waiting."""

from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from mediation.mediators import assignment


def messages_to(user) -> list[dict]:
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
    return [m.payload for m in rows if m.payload.get("user_id") == user.id]


def test_accepting_tells_each_party_with_an_account_who_will_mediate(assigned, account_for):
    dispute, offer, first = assigned["dispute"], assigned["offer"], assigned["first"]
    applicant = account_for(dispute.applicants[0])
    assignment.accept_assignment(offer, first.user)
    [message] = messages_to(applicant)
    assert first.name in message["body"] and dispute.display_code in message["body"]


def test_a_freed_case_nobody_can_take_waits_and_its_stations_coordinator_is_told(
    create_dispute, create_mediator, create_user, coordinator, county
):
    dispute = create_dispute("consented")
    only = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    station_coordinator = create_user(Role.COORDINATOR, county["stations"][0])
    assignment.decline_assignment(offer, only.user, "生病")
    assert assignment.reassign_freed() == {"reassigned": 0, "waiting": 1}
    assert dispute.state == "consented" and dispute.mediator_id is None
    [told] = messages_to(station_coordinator)
    assert dispute.display_code in told["subject"] and only.name in told["body"]
    # The township has its own coordinator: the county centre's is not told as well.
    assert messages_to(coordinator) == []
    assert offer.reassigned_at is not None
    assert assignment.reassign_freed() == {"reassigned": 0, "waiting": 0}


def test_a_freed_case_assigned_again_by_hand_is_left_as_it_is(
    create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    first = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    second = create_mediator()
    assignment.decline_assignment(offer, first.user, "太忙")
    assignment.assign_manually(dispute, second.id, coordinator, "熟悉当事人")
    assert assignment.reassign_freed() == {"reassigned": 0, "waiting": 0}
    assert dispute.mediator_id == second.id and offer.reassigned_at is not None
    assert len(db.session.scalars(select(assignment.Assignment)).all()) == 2
