"""The coordinator's assignment pages and the mediator's offers, over the database."""

from sqlalchemy import select

from mediation.accounts.assurance import Assurance
from mediation.accounts.models import Role
from mediation.disputes import acts
from mediation.disputes.rights import PartyActKind
from mediation.extensions import db
from mediation.mediators.models import Assignment, AssignmentStatus


def offers() -> list[Assignment]:
    db.session.expire_all()  # the requests changed them in their own sessions
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))


def flashed(client) -> list[str]:
    """Take the messages flashed since the last call, as the next page would show them."""
    with client.session_transaction() as session:
        return [message for _, message in session.pop("_flashes", [])]


# The queue and its batch -------------------------------------------------------------------


def test_the_batch_button_assigns_the_queue_and_says_how_many_wait(
    client, login, create_dispute, create_mediator, coordinator
):
    first, second, third = (create_dispute("consented") for _ in range(3))
    only = create_mediator(capacity=2)
    login(coordinator)
    page = client.get("/assignments").get_data(as_text=True)
    assert "全部 3 件自动指派" in page
    response = client.post("/assignments/batch")
    assert response.status_code == 302 and response.location.endswith("/assignments")
    assert flashed(client) == ["已指派 2 件；仍有 1 件待指派。"]
    assert [(o.dispute_id, o.mediator_id) for o in offers()] == [
        (first.id, only.id),
        (second.id, only.id),
    ]
    page = client.get("/assignments").get_data(as_text=True)
    assert third.display_code in page and first.display_code not in page


def test_the_queue_is_for_staff_only(client, login, create_dispute, create_mediator):
    dispute = create_dispute("consented")
    login(create_mediator().user)
    assert client.get("/assignments").status_code == 403
    assert client.post("/assignments/batch").status_code == 403
    db.session.refresh(dispute)
    assert dispute.state == "consented"


# The candidates page and its forms ---------------------------------------------------------


def test_the_candidates_page_shows_the_parties_joint_choice(
    client, login, create_dispute, create_mediator, coordinator
):
    chosen = create_mediator()
    dispute = create_dispute("consented", preferred_mediator_id=chosen.id)
    acting = acts.online(dispute.respondents[0], Assurance.SMS_CODE)
    acts.record_party_act(dispute, acting, PartyActKind.MEDIATOR_CHOICE, value=str(chosen.id))
    login(coordinator)
    page = client.get(f"/assignments/{dispute.code}").get_data(as_text=True)
    assert f"双方当事人都选择了{chosen.name}。" in page


def test_assigning_a_ranked_candidate_keeps_the_engines_reason(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    login(coordinator)
    page = client.get(f"/assignments/{dispute.code}").get_data(as_text=True)
    assert f'name="mediator_id" value="{mediator.id}"' in page
    response = client.post(
        f"/assignments/{dispute.code}/assign",
        data={"mode": "candidate", "mediator_id": mediator.id},
    )
    assert response.status_code == 302 and response.location.endswith("/assignments")
    assert flashed(client) == [f"案件 {dispute.display_code} 已指派。"]
    [offer] = offers()
    assert (offer.mediator_id, offer.method, offer.reason) == (
        mediator.id,
        "manual",
        "从排序候选中选定",
    )


def test_a_manual_choice_without_a_reason_goes_back_to_the_candidates(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    login(coordinator)
    response = client.post(
        f"/assignments/{dispute.code}/assign", data={"mode": "manual", "mediator_id": mediator.id}
    )
    assert response.location.endswith(f"/assignments/{dispute.code}")
    assert "请填写理由。" in flashed(client)[0]
    assert offers() == []
    done = client.post(
        f"/assignments/{dispute.code}/assign",
        data={"mode": "manual", "mediator_id": mediator.id, "reason": "熟悉当地情况"},
    )
    assert done.location.endswith("/assignments")
    [offer] = offers()
    assert (offer.method, offer.reason) == ("manual", "熟悉当地情况")


def test_a_mediator_number_that_is_not_a_number_is_refused(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator()
    login(coordinator)
    response = client.post(
        f"/assignments/{dispute.code}/assign",
        data={"mode": "manual", "mediator_id": "张三", "reason": "熟人"},
    )
    assert response.location.endswith(f"/assignments/{dispute.code}")
    assert flashed(client) == ["请从列表中选择调解员。"]
    assert offers() == []


def test_a_case_goes_to_the_studio_chosen_on_the_page(
    client, login, create_dispute, create_studio, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    studio = create_studio()
    login(coordinator)
    page = client.get(f"/assignments/{dispute.code}").get_data(as_text=True)
    assert f'<option value="{studio.id}">{studio.name}</option>' in page
    response = client.post(
        f"/assignments/{dispute.code}/assign", data={"mode": "studio", "studio_id": studio.id}
    )
    assert response.location.endswith("/assignments")
    [offer] = offers()
    assert (offer.studio_id, offer.mediator_id, offer.method) == (
        studio.id,
        studio.lead_id,
        "studio",
    )


def test_auto_assignment_with_nobody_free_says_so_and_changes_nothing(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator(capacity=0)
    login(coordinator)
    page = client.get(f"/assignments/{dispute.code}").get_data(as_text=True)
    assert "目前没有调解员可以承办此案：所有调解员均不在岗、已满、存在利害关系或无法到达。" in page
    response = client.post(f"/assignments/{dispute.code}/assign", data={"mode": "auto"})
    assert response.location.endswith(f"/assignments/{dispute.code}")
    assert flashed(client) == ["目前没有调解员可以承办此案；请手动指派或提高承办上限。"]
    db.session.refresh(dispute)
    assert dispute.state == "consented" and offers() == []


def test_another_stations_coordinator_gets_404_on_the_candidates(
    client, login, create_user, create_dispute, create_mediator, county
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    login(create_user(Role.COORDINATOR, county["stations"][1]))
    assert client.get(f"/assignments/{dispute.code}").status_code == 404
    response = client.post(
        f"/assignments/{dispute.code}/assign",
        data={"mode": "candidate", "mediator_id": mediator.id},
    )
    assert response.status_code == 404
    assert offers() == []


# The case page's mediator form ----------------------------------------------------------


def test_the_mediator_form_refuses_what_it_cannot_read_or_do(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    create_mediator()
    login(coordinator)
    url = f"/disputes/{dispute.code}/mediator"
    unreadable = client.post(url, data={"action": "assign", "expected_version": "昨天"})
    assert unreadable.status_code == 422
    other = client.post(url, data={"action": "accept"})
    assert other.status_code == 422
    assert "请选择指派调解员，或撤回指派。" in other.get_data(as_text=True)
    db.session.refresh(dispute)
    assert dispute.state == "consented" and offers() == []


# The mediator's offers --------------------------------------------------------------------


def test_a_decline_needs_a_reason_then_frees_the_case(client, login, assigned):
    offer, dispute = assigned["offer"], assigned["dispute"]
    login(assigned["first"].user)
    page = client.get("/assignments/mine").get_data(as_text=True)
    assert f"/assignments/offers/{offer.id}/decline" in page
    blank = client.post(f"/assignments/offers/{offer.id}/decline", data={"reason": " "})
    assert blank.location.endswith("/assignments/mine")
    assert flashed(client) == ["请填写理由。"]
    assert offers()[0].status == AssignmentStatus.PROPOSED
    client.post(f"/assignments/offers/{offer.id}/decline", data={"reason": "本周出差"})
    assert flashed(client) == ["您已拒绝该案件，案件将退回协调员。"]
    assert (offers()[0].status, offers()[0].answer_reason) == ("declined", "本周出差")
    db.session.refresh(dispute)
    assert dispute.state == "consented" and dispute.mediator_id is None
    assert "没有待您答复的案件。" in client.get("/assignments/mine").get_data(as_text=True)


def test_an_answer_other_than_accept_or_decline_changes_nothing(client, login, assigned):
    offer = assigned["offer"]
    login(assigned["first"].user)
    response = client.post(f"/assignments/offers/{offer.id}/maybe")
    assert response.location.endswith("/assignments/mine")
    assert flashed(client) == ["未知的答复。"]
    assert offers()[0].status == AssignmentStatus.PROPOSED


def test_an_answered_offer_cannot_be_answered_again(client, login, assigned):
    offer = assigned["offer"]
    login(assigned["first"].user)
    client.post(f"/assignments/offers/{offer.id}/accept")
    assert flashed(client) == ["您已接受该案件。"]
    client.post(f"/assignments/offers/{offer.id}/decline", data={"reason": "改主意"})
    assert flashed(client) == ["该指派已答复。"]
    assert offers()[0].status == AssignmentStatus.ACCEPTED


def test_another_mediator_cannot_answer_an_offer(client, login, assigned):
    offer = assigned["offer"]
    login(assigned["second"].user)
    assert client.post(f"/assignments/offers/{offer.id}/accept").status_code == 404
    assert offers()[0].status == AssignmentStatus.PROPOSED
