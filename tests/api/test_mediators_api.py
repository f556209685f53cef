"""/api/v1/mediators and /api/v1/studios: profiles, declared relations, studio teams."""

from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.audit import events_for
from mediation.extensions import db
from mediation.mediators.models import DeclaredRelation, Mediator


def relations_of(mediator) -> list[DeclaredRelation]:
    db.session.expire_all()  # the requests changed them in their own sessions
    return list(
        db.session.scalars(
            select(DeclaredRelation).where(DeclaredRelation.mediator_id == mediator.id)
        )
    )


def actions_for(mediator) -> list[str]:
    return [e.action for e in events_for("mediator", mediator.id)]


def test_a_station_coordinator_lists_only_their_stations_mediators(
    client, auth_header, create_user, create_mediator, county
):
    home, other = county["stations"]
    ours = [
        create_mediator(organisation=home),
        create_mediator(organisation=county["villages"]["天池镇"][0]),
    ]
    create_mediator(organisation=other)
    response = client.get(
        "/api/v1/mediators", headers=auth_header(create_user(Role.COORDINATOR, home))
    )
    assert response.status_code == 200
    assert [m["id"] for m in response.get_json()] == [m.id for m in ours]


def test_a_mediator_may_not_list_the_roster(client, auth_header, create_mediator):
    mediator = create_mediator()
    assert client.get("/api/v1/mediators", headers=auth_header(mediator.user)).status_code == 403


def test_a_mediator_reads_their_own_profile_and_another_county_gets_404(
    client, auth_header, create_mediator, outsider
):
    mediator = create_mediator(introduction="擅长邻里纠纷")
    own = client.get(f"/api/v1/mediators/{mediator.id}", headers=auth_header(mediator.user))
    assert own.status_code == 200
    assert (own.get_json()["name"], own.get_json()["introduction"]) == (
        mediator.name,
        "擅长邻里纠纷",
    )
    stranger = client.get(f"/api/v1/mediators/{mediator.id}", headers=auth_header(outsider))
    assert stranger.status_code == 404


def test_a_mediator_changes_their_own_skills_but_not_their_capacity(
    client, auth_header, create_mediator
):
    mediator = create_mediator(capacity=8)
    headers = auth_header(mediator.user)
    url = f"/api/v1/mediators/{mediator.id}"
    response = client.patch(
        url, json={"introduction": "退休法官", "languages": ["普通话"]}, headers=headers
    )
    assert response.status_code == 200
    assert response.get_json()["introduction"] == "退休法官"
    [event] = [e for e in events_for("mediator", mediator.id) if e.action == "mediator.updated"]
    assert event.data["fields"] == ["introduction", "languages"]
    refused = client.patch(url, json={"capacity": 20}, headers=headers)
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == "只有协调员可以修改：capacity"
    db.session.refresh(mediator)
    assert mediator.capacity == 8


def test_a_coordinator_changes_a_capacity_and_an_unchanged_profile_records_nothing(
    client, auth_header, create_mediator, coordinator
):
    mediator = create_mediator(capacity=8)
    headers = auth_header(coordinator)
    url = f"/api/v1/mediators/{mediator.id}"
    assert client.patch(url, json={"capacity": 12}, headers=headers).get_json()["capacity"] == 12
    assert client.patch(url, json={"capacity": 12}, headers=headers).status_code == 200
    assert actions_for(mediator).count("mediator.updated") == 1
    bad = client.patch(url, json={"capacity": 500}, headers=headers)
    assert bad.status_code == 422
    db.session.refresh(mediator)
    assert mediator.capacity == 12


def test_a_mediator_declares_lists_and_removes_a_relative(client, auth_header, create_mediator):
    mediator = create_mediator()
    headers = auth_header(mediator.user)
    url = f"/api/v1/mediators/{mediator.id}/relations"
    without = client.post(url, json={"kind": "relative", "name": "王芳"}, headers=headers)
    assert without.status_code == 422 and "mobile" in without.get_json()["error"]["fields"]
    assert relations_of(mediator) == []
    created = client.post(
        url, json={"kind": "relative", "name": "王芳", "mobile": "13800001111"}, headers=headers
    )
    assert created.status_code == 201
    relation_id = created.get_json()["id"]
    listed = client.get(url, headers=headers).get_json()
    assert [(r["id"], r["name"], r["mobile"]) for r in listed] == [
        (relation_id, "王芳", "13800001111")
    ]
    removed = client.delete(f"{url}/{relation_id}", headers=headers)
    assert removed.status_code == 204
    assert relations_of(mediator) == []
    assert actions_for(mediator) == ["mediator.relation_added", "mediator.relation_removed"]
    assert client.delete(f"{url}/{relation_id}", headers=headers).status_code == 404


def test_a_relation_is_removed_only_through_its_own_mediator(
    client, auth_header, create_mediator, declare_relation
):
    mine, theirs = create_mediator(), create_mediator()
    relation = declare_relation(theirs, "李强", mobile="13700002222")
    response = client.delete(
        f"/api/v1/mediators/{mine.id}/relations/{relation.id}", headers=auth_header(mine.user)
    )
    assert response.status_code == 404
    assert [r.id for r in relations_of(theirs)] == [relation.id]


def test_the_studios_list_shows_the_active_ones(client, auth_header, create_studio, create_user):
    shown, retired = create_studio(), create_studio(active=False)
    headers = auth_header(create_user())
    listed = client.get("/api/v1/studios", headers=headers).get_json()
    assert [s["id"] for s in listed] == [shown.id]
    one = client.get(f"/api/v1/studios/{shown.id}", headers=headers).get_json()
    assert (one["name"], one["lead"]["id"]) == (shown.name, shown.lead_id)
    assert client.get(f"/api/v1/studios/{retired.id}", headers=headers).status_code == 404


def test_adding_a_member_twice_keeps_one_membership(
    client, auth_header, create_studio, create_mediator, coordinator
):
    studio = create_studio()
    newcomer = create_mediator()
    headers = auth_header(coordinator)
    url = f"/api/v1/studios/{studio.id}/members"
    for _ in range(2):
        response = client.post(url, json={"mediator_id": newcomer.id}, headers=headers)
        assert response.status_code == 201
        assert [m["id"] for m in response.get_json()["team"]] == [studio.lead_id, newcomer.id]
    added = [e for e in events_for("studio", studio.id) if e.action == "studio.member_added"]
    assert len(added) == 1


def test_a_mediator_cannot_change_a_studios_team(
    client, auth_header, create_studio, create_mediator
):
    studio = create_studio()
    newcomer = create_mediator()
    response = client.post(
        f"/api/v1/studios/{studio.id}/members",
        json={"mediator_id": newcomer.id},
        headers=auth_header(studio.lead.user),
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert [m.id for m in studio.team] == [studio.lead_id]
    assert db.session.get(Mediator, newcomer.id) is not None
