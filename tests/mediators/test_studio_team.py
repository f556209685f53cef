"""A studio's team managed on its page and through the API, and its satisfaction score."""

from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.extensions import db
from mediation.outcomes.models import Survey


def team_ids(studio) -> list[int]:
    db.session.expire(studio)
    return [m.id for m in studio.team]


def test_a_coordinator_adds_and_removes_a_member_on_the_studio_page(
    client, login, coordinator, create_studio, create_mediator
):
    studio = create_studio()
    newcomer = create_mediator()
    login(coordinator)
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert f'<option value="{newcomer.id}">' in page
    response = client.post(f"/studios/{studio.id}/members", data={"mediator_id": newcomer.id})
    assert response.status_code == 303
    assert team_ids(studio) == [studio.lead_id, newcomer.id]
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert f'<option value="{newcomer.id}">' not in page
    assert f"/studios/{studio.id}/members/{newcomer.id}/delete" in page
    response = client.post(f"/studios/{studio.id}/members/{newcomer.id}/delete")
    assert response.status_code == 303
    assert team_ids(studio) == [studio.lead_id]
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.subject_type == "studio", AuditEvent.subject_id == studio.id
        )
    ).all()
    assert actions == ["studio.member_added", "studio.member_removed"]


def test_the_lead_stays_in_the_team(client, login, coordinator, create_studio):
    studio = create_studio()
    login(coordinator)
    response = client.post(
        f"/studios/{studio.id}/members/{studio.lead_id}/delete", follow_redirects=True
    )
    assert "负责人须留在团队中；请先指定另一位负责人。" in response.get_data(as_text=True)
    assert team_ids(studio) == [studio.lead_id]


def test_bad_member_requests_change_nothing(
    client, login, coordinator, create_studio, create_mediator
):
    studio = create_studio()
    outsider = create_mediator()
    login(coordinator)
    assert (
        client.post(f"/studios/{studio.id}/members", data={"mediator_id": "x"}).status_code == 303
    )
    assert (
        client.post(f"/studios/{studio.id}/members", data={"mediator_id": 999999}).status_code
        == 404
    )
    assert client.post(f"/studios/{studio.id}/members/{outsider.id}/delete").status_code == 404
    assert (
        client.post("/studios/99999/members", data={"mediator_id": outsider.id}).status_code == 404
    )
    assert team_ids(studio) == [studio.lead_id]


def test_only_coordinators_over_the_studio_manage_its_team(
    client, login, create_user, create_studio, create_mediator, county
):
    studio = create_studio()
    newcomer = create_mediator()
    assert (
        client.post(f"/studios/{studio.id}/members", data={"mediator_id": newcomer.id}).status_code
        == 302
    )  # to log-in
    login(create_user(Role.PARTY))
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert "/members" not in page
    assert (
        client.post(f"/studios/{studio.id}/members", data={"mediator_id": newcomer.id}).status_code
        == 403
    )
    other_station = county["stations"][1]
    login(create_user(Role.COORDINATOR, other_station))
    assert (
        client.post(f"/studios/{studio.id}/members", data={"mediator_id": newcomer.id}).status_code
        == 403
    )
    assert team_ids(studio) == [studio.lead_id]


def test_the_api_takes_a_member_out(
    client, auth_header, coordinator, create_studio, create_mediator
):
    studio = create_studio()
    newcomer = create_mediator()
    headers = auth_header(coordinator)
    url = f"/api/v1/studios/{studio.id}/members"
    assert client.post(url, json={"mediator_id": newcomer.id}, headers=headers).status_code == 201
    removed = client.delete(f"{url}/{newcomer.id}", headers=headers)
    assert removed.status_code == 200
    assert [m["id"] for m in removed.get_json()["team"]] == [studio.lead_id]
    lead = client.delete(f"{url}/{studio.lead_id}", headers=headers)
    assert lead.status_code == 409 and lead.get_json()["error"]["code"] == "studio_lead"
    again = client.delete(f"{url}/{newcomer.id}", headers=headers)
    assert again.status_code == 404


def test_the_studio_page_shows_the_parties_mean_satisfaction(client, create_studio, create_dispute):
    studio = create_studio()
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert "暂无满意度调查" in page
    dispute = create_dispute("in_mediation", mediator_id=studio.lead_id)
    for party, score in zip(dispute.parties, (5, 4), strict=False):
        db.session.add(
            Survey(
                dispute_id=dispute.id,
                party_id=party.id,
                score=score,
                township_id=dispute.township_id,
                mediator_id=studio.lead_id,
            )
        )
    db.session.flush()
    page = client.get(f"/studios/{studio.id}").get_data(as_text=True)
    assert "4.5 分（满分 5 分，共 2 份评价）" in page
