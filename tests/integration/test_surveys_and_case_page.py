from mediation.core.errors import Conflict, Forbidden
from mediation.outcomes import operations
from mediation.outcomes.models import Survey


def test_a_party_answers_the_survey_of_a_video_session_they_attended(
    settled_case, create_session, video_room
):
    dispute = settled_case()
    party = dispute.parties[0]
    session = create_session(dispute)
    video_room(session, joined=[party])
    survey = operations.answer_survey(dispute, party, {"score": 5}, session_id=session.id)
    assert survey.session_id == session.id


def test_a_survey_of_a_session_not_attended_is_refused_with_a_message(
    client, login, settled_case, create_session, video_room
):
    dispute = settled_case()
    present, absent = dispute.parties
    session = create_session(dispute)
    video_room(session, joined=[present])
    login(absent.user)
    response = client.post(
        f"/disputes/{dispute.code}/survey",
        data={"score": "4", "session_id": str(session.id)},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 403
    assert "did not attend this session" in response.get_data(as_text=True)
    assert Survey.query.filter_by(dispute_id=dispute.id).count() == 0


def test_a_session_of_another_case_is_not_found(
    client, login, settled_case, create_session, video_room
):
    dispute, other = settled_case(), settled_case()
    session = create_session(other)
    video_room(session, joined=other.parties)
    login(dispute.parties[0].user)
    response = client.post(
        f"/disputes/{dispute.code}/survey", data={"score": "4", "session_id": str(session.id)}
    )
    assert response.status_code == 404


def test_a_case_mediated_by_video_is_surveyed_per_session(settled_case, create_session, video_room):
    dispute = settled_case()
    video_room(create_session(dispute), joined=dispute.parties)
    try:
        operations.answer_survey(dispute, dispute.parties[0], {"score": 4})
    except Conflict as refusal:
        assert refusal.code == "survey_per_session"
    else:
        raise AssertionError("the per-case survey was accepted")


def test_a_case_mediated_in_person_keeps_its_survey_per_case(settled_case, create_session):
    dispute = settled_case()
    create_session(dispute, mode="in_person")
    survey = operations.answer_survey(dispute, dispute.parties[0], {"score": 4})
    assert survey.session_id is None


def test_each_attended_session_gets_its_own_answer(settled_case, create_session, video_room):
    dispute = settled_case()
    party = dispute.parties[0]
    first, second = create_session(dispute, days_ago=3), create_session(dispute, days_ago=1)
    video_room(first, joined=[party])
    video_room(second, joined=[party])
    operations.answer_survey(dispute, party, {"score": 3}, session_id=first.id)
    operations.answer_survey(dispute, party, {"score": 5}, session_id=second.id)
    try:
        operations.answer_survey(dispute, party, {"score": 5}, session_id=second.id)
    except Conflict:
        pass
    else:
        raise AssertionError("a second answer for one session was accepted")


def test_the_survey_page_lists_the_sessions_attended(
    client, login, settled_case, create_session, video_room
):
    dispute = settled_case()
    party = dispute.parties[0]
    session = create_session(dispute)
    video_room(session, joined=[party])
    login(party.user)
    page = client.get(f"/disputes/{dispute.code}/survey").get_data(as_text=True)
    assert f"session_id={session.id}" in page


def test_an_absent_party_is_told_on_the_survey_page(
    client, login, settled_case, create_session, video_room
):
    dispute = settled_case()
    session = create_session(dispute)
    video_room(session, joined=[dispute.parties[0]])
    login(dispute.parties[1].user)
    response = client.get(
        f"/disputes/{dispute.code}/survey?session_id={session.id}",
        headers={"Accept-Language": "en"},
    )
    assert "did not attend this session" in response.get_data(as_text=True)
    assert 'name="score"' not in response.get_data(as_text=True)


def test_the_case_page_links_to_the_outcome_instead_of_settle_and_fail(
    client, login, mediation_case, coordinator
):
    dispute = mediation_case()
    login(coordinator)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert 'id="action-outcome"' in page
    assert f"/disputes/{dispute.code}/outcome" in page
    assert 'value="settle"' not in page and 'value="fail"' not in page


def test_settling_from_the_case_page_form_is_refused(client, login, mediation_case, coordinator):
    dispute = mediation_case()
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/transition",
        data={"action": "settle", "expected_version": dispute.version},
    )
    assert response.status_code == 409
    assert dispute.state == "in_mediation"


def test_forbidden_is_the_refusal_for_absent_parties(settled_case, create_session, video_room):
    dispute = settled_case()
    session = create_session(dispute)
    video_room(session)
    try:
        operations.answer_survey(dispute, dispute.parties[0], {"score": 2}, session_id=session.id)
    except Forbidden as refusal:
        assert refusal.code == "session_not_attended"
    else:
        raise AssertionError("an absent party's answer was accepted")


def test_the_case_pages_survey_button_opens_the_latest_session_the_party_attended(
    client, login, settled_case, create_session, video_room
):
    dispute = settled_case()
    party = dispute.parties[0]
    first, latest = create_session(dispute, days_ago=3), create_session(dispute, days_ago=1)
    video_room(first, joined=[party])
    video_room(latest, joined=[party])
    login(party.user)
    page = client.get(f"/disputes/{dispute.code}/survey").get_data(as_text=True)
    assert f'name="session_id" value="{latest.id}"' in page
    answered = client.post(f"/disputes/{dispute.code}/survey", data={"score": "5"})
    assert answered.status_code == 302
    assert Survey.query.filter_by(dispute_id=dispute.id).one().session_id == latest.id
