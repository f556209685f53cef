"""Assignment operations, pages and API over the database."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation.core.db import utcnow
from mediation.core.errors import Conflict, ValidationFailed
from mediation.extensions import db
from mediation.mediators import assignment, conflicts
from mediation.mediators.models import Assignment, AssignmentStatus


def test_auto_assignment_picks_a_specialist_and_records_the_reasons(
    create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator(specialties=["labour"])
    specialist = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    assert dispute.state == "assigned" and dispute.mediator_id == specialist.id
    assert offer.status == AssignmentStatus.PROPOSED and offer.due_at > utcnow()
    assert "specialty" in {f["code"] for f in offer.explanation}


def test_a_related_mediator_gets_409_when_assigned_directly(
    create_dispute, create_mediator, coordinator, declare_relation
):
    dispute = create_dispute("consented")
    related = create_mediator()
    party = dispute.applicants[0]
    declare_relation(related, party.name, mobile=party.mobile)
    with pytest.raises(Conflict) as raised:
        assignment.assign_mediator(dispute, related.id, coordinator)
    assert raised.value.code == "assignment_conflict"
    assert dispute.state == "consented" and dispute.mediator is None


def test_assigning_directly_needs_an_active_mediator(create_dispute, create_mediator, coordinator):
    dispute = create_dispute("consented")
    with pytest.raises(ValidationFailed):
        assignment.assign_mediator(dispute, None, coordinator)
    with pytest.raises(Conflict):
        assignment.assign_mediator(dispute, create_mediator(active=False).id, coordinator)
    mediator = create_mediator()
    offer = assignment.assign_mediator(dispute, mediator.id, coordinator)
    assert dispute.mediator == mediator and dispute.organisation_id == mediator.organisation_id
    assert offer.dispute is dispute and offer.method == "direct"


def test_a_direct_assignment_is_refused_before_the_case_is_consented(
    create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("accepted")
    with pytest.raises(Conflict) as raised:
        assignment.assign_mediator(dispute, create_mediator().id, coordinator)
    assert raised.value.code == "illegal_transition"
    assert db.session.scalars(select(Assignment)).all() == []


def test_a_full_mediator_gets_409_over_the_api(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    full = create_mediator(capacity=0)
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/transitions",
        json={"action": "assign", "mediator_id": full.id},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "assignment_full"


def test_a_batch_respects_capacity(create_dispute, create_mediator, coordinator):
    disputes = [create_dispute("consented") for _ in range(3)]
    only = create_mediator(capacity=2)
    result = assignment.assign_batch(disputes, coordinator)
    assert len(result["assigned"]) == 2 and len(result["unassigned"]) == 1
    assert sum(d.mediator_id == only.id for d in disputes) == 2


def test_a_mediator_accepts_on_the_page(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    login(mediator.user)
    assert dispute.display_code in client.get("/assignments/mine").get_data(as_text=True)
    client.post(f"/assignments/offers/{offer.id}/accept")
    db.session.refresh(offer)
    assert offer.status == AssignmentStatus.ACCEPTED


def test_a_decline_frees_the_case_and_the_job_reassigns_it(
    create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    first = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    second = create_mediator()
    assignment.decline_assignment(offer, first.user, "太忙")
    assert dispute.state == "consented"
    assert assignment.reassign_freed() == {"reassigned": 1, "waiting": 0}
    assert dispute.mediator_id == second.id


def test_an_unanswered_offer_expires_after_three_working_days(
    create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    assert assignment.expire_overdue(offer.due_at - timedelta(seconds=1)) == 0
    assert assignment.expire_overdue(offer.due_at) == 1
    assert offer.status == AssignmentStatus.EXPIRED and dispute.state == "consented"


def test_a_granted_recusal_leads_to_a_new_mediator(create_dispute, create_mediator, coordinator):
    dispute = create_dispute("consented")
    first = create_mediator()
    assignment.assign_dispute(dispute, coordinator)
    second = create_mediator()
    request = conflicts.request_recusal(dispute, dispute.applicants[0], "他是对方的亲戚", None)
    conflicts.decide_recusal(request, coordinator, True, None)
    assert dispute.mediator_id == second.id != first.id


def test_a_party_asks_for_recusal_through_the_case_link(
    client, clock, create_dispute, create_mediator, coordinator, texted_code
):
    from mediation.disputes.links import case_link_token
    from mediation.disputes.models import PartyAct

    dispute = create_dispute("consented")
    create_mediator()
    assignment.assign_dispute(dispute, coordinator)
    applicant = dispute.applicants[0]
    token = case_link_token(applicant)
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert "recusal-needs-proof" in page and "recusal-reason" not in page
    refused = client.post(f"/c/{token}/recusal", data={"reason": "不公正"})
    assert refused.status_code == 302 and not conflicts.pending_for(dispute)["recusals"]
    client.post(f"/c/{token}/confirm/send")
    client.post(f"/c/{token}/confirm", data={"code": texted_code(applicant.mobile)})
    assert "recusal-reason" in client.get(f"/c/{token}").get_data(as_text=True)
    response = client.post(f"/c/{token}/recusal", data={"reason": "不公正"})
    assert response.status_code == 302
    assert conflicts.pending_for(dispute)["recusals"]
    [act] = db.session.scalars(select(PartyAct)).all()
    assert (act.party_id, act.act, act.reason, act.assurance) == (
        applicant.id,
        "recusal",
        "不公正",
        "sms_code",
    )
    assert act.value == str(dispute.mediator_id)


def test_a_disclosed_conflict_is_kept_only_with_every_partys_consent(
    create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    assignment.assign_dispute(dispute, coordinator)
    disclosure = conflicts.disclose_conflict(dispute, mediator.user, "曾是申请人的同事")
    conflicts.record_consent(dispute, dispute.applicants[0], coordinator)
    with pytest.raises(Conflict):
        conflicts.decide_disclosure(disclosure, coordinator, keep=True)
    conflicts.record_consent(dispute, dispute.respondents[0], coordinator)
    conflicts.decide_disclosure(disclosure, coordinator, keep=True)
    assert disclosure.outcome == "kept" and dispute.mediator_id == mediator.id


def test_parties_never_see_declared_relations(client, auth_header, create_user, create_mediator):
    mediator = create_mediator()
    response = client.get(
        f"/api/v1/mediators/{mediator.id}/relations", headers=auth_header(create_user())
    )
    assert response.status_code == 404


def test_the_coordinator_pages_render(client, login, create_dispute, create_mediator, coordinator):
    dispute = create_dispute("consented")
    create_mediator()
    login(coordinator)
    assert dispute.display_code in client.get("/assignments").get_data(as_text=True)
    page = client.get(f"/assignments/{dispute.code}")
    assert page.status_code == 200
    response = client.post(f"/assignments/{dispute.code}/assign", data={"mode": "auto"})
    db.session.refresh(dispute)
    assert response.status_code == 302 and dispute.state == "assigned"
    assert client.get("/assignments/workload").status_code == 200


def test_studio_pages_are_public_and_link_to_the_filing_form(client, create_studio):
    studio = create_studio()
    assert studio.name in client.get("/studios").get_data(as_text=True)
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert f"preferred_studio_id={studio.id}" in page
    assert client.get("/studios/99999").status_code == 404


def test_a_party_agrees_to_keep_a_conflicted_mediator_only_after_confirming_the_mobile(
    client, clock, create_dispute, create_mediator, coordinator, texted_code
):
    from mediation.disputes.links import case_link_token
    from mediation.disputes.models import PartyAct
    from mediation.mediators.models import ConflictConsent

    dispute = create_dispute("consented")
    mediator = create_mediator()
    assignment.assign_dispute(dispute, coordinator)
    conflicts.disclose_conflict(dispute, mediator.user, "曾是申请人的同事")
    respondent = dispute.respondents[0]
    token = case_link_token(respondent)
    client.post(f"/c/{token}/conflict-consent")
    assert db.session.scalars(select(ConflictConsent)).all() == []
    client.post(f"/c/{token}/confirm/send")
    client.post(f"/c/{token}/confirm", data={"code": texted_code(respondent.mobile)})
    client.post(f"/c/{token}/conflict-consent")
    [consent] = db.session.scalars(select(ConflictConsent)).all()
    assert consent.party_id == respondent.id
    [act] = db.session.scalars(select(PartyAct).where(PartyAct.act == "keep_mediator")).all()
    assert (act.party_id, act.assurance, act.value) == (
        respondent.id,
        "sms_code",
        str(mediator.id),
    )
