"""Each party chooses public or private mediation and the mediator they want, from their page."""

import pytest
from sqlalchemy import select

from mediation.core.errors import ValidationFailed
from mediation.disputes import acts, case_page, rights
from mediation.disputes.links import case_link_token
from mediation.disputes.models import PartyAct
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.organisations.models import Organisation, OrgKind


@pytest.fixture
def links(create_dispute):
    """A consented case with a proved link for each side, in one browser each."""

    def make(state="consented", **overrides):
        dispute = create_dispute(state, **overrides)
        return (
            dispute,
            case_link_token(dispute.applicants[0]),
            case_link_token(dispute.respondents[0]),
        )

    return make


def test_mediation_is_public_only_when_every_party_asks():
    assert rights.is_public(["public", "public"])
    assert not rights.is_public(["public", "private"])
    assert not rights.is_public(["public", None])
    assert not rights.is_public([])


def test_the_joint_choice_is_the_mediator_every_party_named():
    assert rights.joint_choice([3, 3]) == 3
    assert rights.joint_choice([3, 4]) is None
    assert rights.joint_choice([3, None]) is None


def test_public_only_when_both_sides_ask_on_their_pages(app, client, clock, prove, links):
    dispute, applicant_token, respondent_token = links()
    prove(applicant_token, dispute.applicants[0].mobile)
    response = client.post(f"/c/{applicant_token}/publicity", data={"publicity": "public"})
    assert response.status_code == 303
    assert not acts.is_public(dispute)
    assert "不公开" in client.get(f"/c/{applicant_token}").get_data(as_text=True)
    other = app.test_client()
    other.post(f"/c/{respondent_token}/confirm/send")
    from tests.accounts.conftest import latest_code

    other.post(
        f"/c/{respondent_token}/confirm",
        data={"code": latest_code(dispute.respondents[0].mobile)},
    )
    other.post(f"/c/{respondent_token}/publicity", data={"publicity": "public"})
    assert acts.is_public(dispute)
    assert "公开：双方都要求公开" in client.get(f"/c/{applicant_token}").get_data(as_text=True)
    other.post(f"/c/{respondent_token}/publicity", data={"publicity": "private"})
    assert not acts.is_public(dispute)


def test_staff_and_the_mediator_see_whether_it_is_public(client, login, coordinator, links):
    dispute, _a, _r = links("assigned")
    for party in dispute.parties:
        acting = acts.entered_by_staff(dispute, coordinator, party.id, "phone_call")
        acts.choose_publicity(dispute, acting, "public")
    login(dispute.mediator.user)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert 'id="publicity">公开：双方都要求公开' in page


def test_a_choice_without_proof_is_refused_and_recorded_nowhere(client, clock, links):
    dispute, applicant_token, _r = links()
    response = client.post(f"/c/{applicant_token}/publicity", data={"publicity": "public"})
    assert response.status_code == 403
    assert db.session.scalars(select(PartyAct)).all() == []


def test_a_wish_that_is_neither_is_422(client, clock, prove, links):
    dispute, applicant_token, _r = links()
    prove(applicant_token, dispute.applicants[0].mobile)
    response = client.post(f"/c/{applicant_token}/publicity", data={"publicity": "maybe"})
    assert response.status_code == 422


def test_the_respondent_sees_the_applicants_mediator_and_accepts_it(
    client, clock, prove, create_mediator, links
):
    wanted = create_mediator()
    dispute, _a, respondent_token = links(preferred_mediator_id=wanted.id)
    prove(respondent_token, dispute.respondents[0].mobile)
    page = client.get(f"/c/{respondent_token}").get_data(as_text=True)
    assert f"对方希望由{wanted.name}" in page
    assert acts.joint_mediator(dispute) is None
    client.post(f"/c/{respondent_token}/mediator-choice", data={"mediator_id": wanted.id})
    assert acts.joint_mediator(dispute) == wanted.id
    page = client.get(f"/c/{respondent_token}").get_data(as_text=True)
    assert f"双方都选择了{wanted.name}" in page


def test_the_applicant_accepts_the_respondents_proposal_and_the_candidates_say_so(
    app, client, clock, prove, login, coordinator, create_mediator, links
):
    first, proposed = create_mediator(), create_mediator()
    dispute, applicant_token, respondent_token = links(preferred_mediator_id=first.id)
    acting = acts.entered_by_staff(dispute, coordinator, dispute.respondents[0].id, "phone_call")
    acts.choose_mediator(dispute, acting, proposed.id)
    prove(applicant_token, dispute.applicants[0].mobile)
    assert f"对方希望由{proposed.name}" in client.get(f"/c/{applicant_token}").get_data(
        as_text=True
    )
    client.post(f"/c/{applicant_token}/mediator-choice", data={"mediator_id": proposed.id})
    assert acts.joint_mediator(dispute) == proposed.id
    [best, *_] = assignment.rank_for(dispute, coordinator, limit=5)
    assert best.mediator_id == proposed.id
    assert "joint_choice" in [f.code for f in best.factors]
    staff = app.test_client()
    staff.post("/login", data={"mobile": coordinator.mobile, "password": "correct-horse"})
    page = staff.get(f"/assignments/{dispute.code}").get_data(as_text=True)
    assert 'id="joint-choice"' in page and proposed.name in page and "双方共同选择" in page


def test_a_mediator_cannot_be_chosen_once_one_is_assigned(client, clock, prove, links):
    dispute, applicant_token, _r = links("assigned")
    prove(applicant_token, dispute.applicants[0].mobile)
    response = client.post(
        f"/c/{applicant_token}/mediator-choice", data={"mediator_id": dispute.mediator_id}
    )
    assert response.status_code == 409


def test_an_inactive_or_unknown_mediator_is_422(client, clock, prove, create_mediator, links):
    gone = create_mediator(active=False)
    dispute, applicant_token, _r = links()
    prove(applicant_token, dispute.applicants[0].mobile)
    for value in (gone.id, 999999, "x"):
        response = client.post(f"/c/{applicant_token}/mediator-choice", data={"mediator_id": value})
        assert response.status_code == 422
    assert db.session.scalars(select(PartyAct)).all() == []


def test_another_cases_party_cannot_choose_here(client, login, create_dispute, create_user):
    dispute = create_dispute("consented")
    stranger = create_user(mobile=create_dispute("consented").applicants[0].mobile)
    login(stranger)
    response = client.post(f"/disputes/{dispute.code}/publicity", data={"publicity": "public"})
    assert response.status_code == 404


def test_staff_enter_a_callers_choice_from_the_case_page_as_that_partys_act(
    client, login, coordinator, links, create_mediator
):
    create_mediator()
    dispute, _applicant, _respondent = links()
    respondent = dispute.respondents[0]
    login(coordinator)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert 'id="enter-publicity"' in page and 'id="enter-mediator-choice"' in page
    answered = client.post(
        f"/disputes/{dispute.code}/publicity",
        data={"party_id": respondent.id, "identification": "phone_call", "publicity": "public"},
    )
    assert answered.status_code == 303
    act = db.session.scalar(select(PartyAct).where(PartyAct.dispute_id == dispute.id))
    assert (act.party_id, act.act, act.value) == (respondent.id, "publicity", "public")
    assert (act.assurance, act.entered_by_id) == ("phone_call", coordinator.id)


def test_a_choice_entered_by_staff_without_saying_how_they_identified_the_party_is_refused(
    client, login, coordinator, links
):
    dispute, _applicant, _respondent = links()
    login(coordinator)
    refused = client.post(
        f"/disputes/{dispute.code}/publicity",
        data={"party_id": dispute.respondents[0].id, "publicity": "public"},
    )
    assert refused.status_code == 422
    assert db.session.scalar(select(PartyAct).where(PartyAct.dispute_id == dispute.id)) is None


def test_the_entry_forms_are_not_offered_to_the_parties_themselves(client, links):
    dispute, applicant_link, _respondent_link = links()
    page = client.get(f"/c/{applicant_link}").get_data(as_text=True)
    assert 'id="enter-publicity"' not in page


def test_a_party_names_only_a_mediator_of_the_cases_own_county(
    create_dispute, create_mediator, coordinator, county
):
    city = Organisation(name="资阳市司法局", kind=OrgKind.CITY, area="资阳市")
    county["centre"].parent = city
    centre = Organisation(name="安岳县中心", kind=OrgKind.CENTRE, area="安岳县", parent=city)
    station = Organisation(name="岳阳镇工作站", kind=OrgKind.STATION, area="岳阳镇", parent=centre)
    db.session.add_all([city, centre, station])
    db.session.flush()
    own, elsewhere = create_mediator(), create_mediator(organisation=station)
    dispute = create_dispute("consented")
    offered = [row.id for row in case_page.mediator_options(dispute)]
    assert own.id in offered and elsewhere.id not in offered
    acting = acts.entered_by_staff(dispute, coordinator, dispute.respondents[0].id, "phone_call")
    with pytest.raises(ValidationFailed):
        acts.choose_mediator(dispute, acting, elsewhere.id)
    acts.choose_mediator(dispute, acting, own.id)
    assert acts.mediator_choices(dispute)[dispute.respondents[0].id] == own.id
