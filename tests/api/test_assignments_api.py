"""/api/v1/assignments: the queue, the candidates, assigning, the batch and answering offers."""

from mediation.extensions import db
from mediation.mediators.models import (
    AssignmentStatus,
    StudioMember,
)
from tests.api.mediating import actions_for, offers

# The queue and the candidates ------------------------------------------------------------


def test_the_queue_lists_consented_cases_oldest_first_for_staff_only(
    client, auth_header, create_dispute, coordinator, create_user
):
    older, newer = create_dispute("consented"), create_dispute("consented")
    create_dispute("accepted")
    response = client.get("/api/v1/assignments/queue", headers=auth_header(coordinator))
    assert response.status_code == 200
    assert [item["code"] for item in response.get_json()] == [older.code, newer.code]
    party = client.get("/api/v1/assignments/queue", headers=auth_header(create_user()))
    assert party.status_code == 403


def test_the_candidates_come_with_their_reasons_and_without_those_off_the_category(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator(specialties=["labour"])
    specialist = create_mediator()
    response = client.get(
        f"/api/v1/assignments/candidates/{dispute.code}", headers=auth_header(coordinator)
    )
    assert response.status_code == 200
    [only] = response.get_json()
    assert (only["mediator_id"], only["name"]) == (specialist.id, specialist.name)
    assert "specialty" in {f["code"] for f in only["factors"]}
    assert all(f["text"] for f in only["factors"])


def test_another_countys_coordinator_gets_404_for_the_candidates(
    client, auth_header, create_dispute, create_mediator, outsider
):
    dispute = create_dispute("consented")
    create_mediator()
    response = client.get(
        f"/api/v1/assignments/candidates/{dispute.code}", headers=auth_header(outsider)
    )
    assert response.status_code == 404


# Assigning one case ------------------------------------------------------------------------


def test_auto_assignment_offers_the_case_to_the_best_candidate(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator(specialties=["labour"])
    specialist = create_mediator()
    response = client.post(
        "/api/v1/assignments", json={"code": dispute.code}, headers=auth_header(coordinator)
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["mediator_id"] == specialist.id and body["method"] == "auto"
    assert body["status"] == "proposed" and body["explanation"]
    db.session.refresh(dispute)
    assert dispute.state == "assigned" and dispute.mediator_id == specialist.id
    assert "assignment.proposed" in actions_for(dispute)


def test_auto_assignment_without_any_candidate_is_409_and_changes_nothing(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator(active=False)
    response = client.post(
        "/api/v1/assignments", json={"code": dispute.code}, headers=auth_header(coordinator)
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_candidate"
    db.session.refresh(dispute)
    assert dispute.state == "consented" and offers() == []


def test_a_manual_choice_needs_a_reason_and_keeps_it(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator()
    chosen = create_mediator(specialties=["labour"])
    headers = auth_header(coordinator)
    payload = {"code": dispute.code, "mode": "manual", "mediator_id": chosen.id}
    refused = client.post("/api/v1/assignments", json=payload, headers=headers)
    assert refused.status_code == 422
    assert "reason" in refused.get_json()["error"]["fields"]
    assert offers() == []
    done = client.post(
        "/api/v1/assignments", json={**payload, "reason": "当事人点名"}, headers=headers
    )
    assert done.status_code == 201
    assert (done.get_json()["method"], done.get_json()["reason"]) == ("manual", "当事人点名")
    db.session.refresh(dispute)
    assert dispute.mediator_id == chosen.id


def test_a_manual_choice_of_another_countys_mediator_is_404(
    client, auth_header, create_dispute, create_mediator, coordinator, outsider
):
    dispute = create_dispute("consented")
    stranger = create_mediator(organisation=outsider.organisation)
    response = client.post(
        "/api/v1/assignments",
        json={"code": dispute.code, "mode": "manual", "mediator_id": stranger.id, "reason": "熟人"},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 404
    db.session.refresh(dispute)
    assert dispute.state == "consented" and offers() == []


def test_a_studio_assignment_goes_to_the_team_and_records_the_studio(
    client, auth_header, create_dispute, create_studio, coordinator
):
    dispute = create_dispute("consented")
    studio = create_studio()
    response = client.post(
        "/api/v1/assignments",
        json={"code": dispute.code, "mode": "studio", "studio_id": studio.id},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 201
    body = response.get_json()
    assert (body["studio_id"], body["mediator_id"], body["method"]) == (
        studio.id,
        studio.lead_id,
        "studio",
    )


def test_a_studio_assignment_names_a_team_member_or_is_refused(
    client, auth_header, create_dispute, create_studio, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    studio = create_studio()
    member, stranger = create_mediator(), create_mediator()
    db.session.add(StudioMember(studio=studio, mediator=member))
    db.session.flush()
    headers = auth_header(coordinator)
    payload = {"code": dispute.code, "mode": "studio", "studio_id": studio.id}
    missing = client.post(
        "/api/v1/assignments", json={"code": dispute.code, "mode": "studio"}, headers=headers
    )
    assert missing.status_code == 404
    refused = client.post(
        "/api/v1/assignments", json={**payload, "mediator_id": stranger.id}, headers=headers
    )
    assert refused.status_code == 422 and "mediator_id" in refused.get_json()["error"]["fields"]
    assert offers() == []
    named = client.post(
        "/api/v1/assignments", json={**payload, "mediator_id": member.id}, headers=headers
    )
    assert named.status_code == 201 and named.get_json()["mediator_id"] == member.id


def test_a_studio_whose_team_is_full_cannot_take_the_case(
    client, auth_header, create_dispute, create_studio, coordinator
):
    dispute = create_dispute("consented")
    studio = create_studio()
    studio.lead.capacity = 0
    db.session.flush()
    response = client.post(
        "/api/v1/assignments",
        json={"code": dispute.code, "mode": "studio", "studio_id": studio.id},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_candidate"
    db.session.refresh(dispute)
    assert dispute.state == "consented"


def test_a_case_not_waiting_for_a_mediator_cannot_be_assigned(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("accepted")
    create_mediator()
    response = client.post(
        "/api/v1/assignments", json={"code": dispute.code}, headers=auth_header(coordinator)
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "illegal_transition"
    assert offers() == []


# The batch -----------------------------------------------------------------------------


def test_the_batch_assigns_the_whole_queue_within_capacity(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    first, second, third = (create_dispute("consented") for _ in range(3))
    only = create_mediator(capacity=2)
    response = client.post("/api/v1/assignments/batch", json={}, headers=auth_header(coordinator))
    assert response.status_code == 200
    # Oldest first: the last to be filed is the one left waiting.
    assert response.get_json() == {
        "assigned": [first.code, second.code],
        "unassigned": [third.code],
    }
    assert [(o.dispute_id, o.mediator_id, o.method) for o in offers()] == [
        (first.id, only.id, "batch"),
        (second.id, only.id, "batch"),
    ]


def test_the_batch_takes_only_the_listed_cases_and_skips_assigned_ones(
    client, auth_header, create_dispute, create_mediator, coordinator
):
    listed, left = create_dispute("consented"), create_dispute("consented")
    taken = create_dispute("assigned")
    create_mediator()
    response = client.post(
        "/api/v1/assignments/batch",
        json={"codes": [listed.code, taken.code]},
        headers=auth_header(coordinator),
    )
    assert response.get_json() == {"assigned": [listed.code], "unassigned": []}
    db.session.refresh(left)
    assert left.state == "consented"


def test_a_batch_naming_another_countys_case_is_404_and_assigns_nothing(
    client, auth_header, create_dispute, create_mediator, outsider
):
    dispute = create_dispute("consented")
    create_mediator()
    response = client.post(
        "/api/v1/assignments/batch", json={"codes": [dispute.code]}, headers=auth_header(outsider)
    )
    assert response.status_code == 404
    assert offers() == []


# Answering an offer ----------------------------------------------------------------------


def test_a_mediator_lists_and_accepts_their_offer(client, auth_header, assigned):
    offer, first = assigned["offer"], assigned["first"]
    headers = auth_header(first.user)
    mine = client.get("/api/v1/assignments/mine", headers=headers).get_json()
    assert [o["id"] for o in mine] == [offer.id]
    response = client.post(f"/api/v1/assignments/{offer.id}/accept", headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "accepted"
    db.session.refresh(offer)
    assert offer.status == AssignmentStatus.ACCEPTED and offer.answered_at is not None
    assert "assignment.accepted" in actions_for(assigned["dispute"])
    assert client.get("/api/v1/assignments/mine", headers=headers).get_json() == []
    again = client.post(f"/api/v1/assignments/{offer.id}/accept", headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "answered"


def test_only_the_offered_mediator_may_answer(client, auth_header, assigned, coordinator):
    offer = assigned["offer"]
    staff = client.post(f"/api/v1/assignments/{offer.id}/accept", headers=auth_header(coordinator))
    assert staff.status_code == 403
    other = client.post(
        f"/api/v1/assignments/{offer.id}/accept", headers=auth_header(assigned["second"].user)
    )
    assert other.status_code == 404
    db.session.refresh(offer)
    assert offer.status == AssignmentStatus.PROPOSED


def test_declining_needs_a_reason_and_sends_the_case_back_to_the_queue(
    client, auth_header, assigned
):
    offer, dispute = assigned["offer"], assigned["dispute"]
    headers = auth_header(assigned["first"].user)
    blank = client.post(f"/api/v1/assignments/{offer.id}/decline", json={}, headers=headers)
    assert blank.status_code == 422
    db.session.refresh(offer)
    assert offer.status == AssignmentStatus.PROPOSED
    response = client.post(
        f"/api/v1/assignments/{offer.id}/decline", json={"reason": "本周出差"}, headers=headers
    )
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["answer_reason"]) == (
        "declined",
        "本周出差",
    )
    db.session.refresh(dispute)
    assert dispute.state == "consented" and dispute.mediator_id is None
    assert "assignment.declined" in actions_for(dispute)


def test_a_studio_of_another_county_or_a_retired_one_is_404(
    client, auth_header, create_dispute, create_mediator, create_studio, coordinator, outsider
):
    from mediation.mediators.models import Studio

    dispute = create_dispute("consented")
    lead = create_mediator(organisation=outsider.organisation)
    theirs = Studio(name="外县调解室", organisation_id=lead.organisation_id, lead=lead)
    retired = create_studio(active=False)
    db.session.add(theirs)
    db.session.flush()
    for studio in (theirs, retired):
        response = client.post(
            "/api/v1/assignments",
            json={"code": dispute.code, "mode": "studio", "studio_id": studio.id},
            headers=auth_header(coordinator),
        )
        assert response.status_code == 404
    assert offers() == []
