"""Brand studio pages: founding, changing, retiring; scope; the plan counts what is created."""

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent, events_for
from mediation.extensions import db
from mediation.mediators.models import Mediator, Studio
from mediation.reports.plan import actual_figures
from mediation.reports.queries import full_time_mediators


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _studio_form(lead, **overrides) -> dict:
    data = {
        "name": "老杨金牌调解室",
        "organisation_id": str(lead.organisation_id),
        "lead_id": str(lead.id),
        "stars": "5",
        "specialties": ["marriage_family", "neighbour"],
        "introduction": "二十年婚姻家庭调解。",
    }
    return data | overrides


def test_a_coordinator_founds_a_studio(client, login, coordinator, create_mediator, flashes):
    lead = create_mediator(gold_medal=True)
    login(coordinator)
    response = client.post("/admin/studios/new", data=_studio_form(lead))
    assert response.status_code == 302
    studio = db.session.scalar(select(Studio))
    assert (studio.name, studio.stars, studio.lead_id) == ("老杨金牌调解室", 5, lead.id)
    assert studio.specialties == ["marriage_family", "neighbour"]
    assert [e.action for e in events_for("studio", studio.id)] == ["studio.created"]
    assert flashes()[-1][0] == "success"
    assert "老杨金牌调解室" in client.get("/studios").get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"name": ""}, 422, "name"),
        ({"stars": "6"}, 422, "stars"),
        ({"stars": "0"}, 422, "stars"),
        ({"stars": "3.5"}, 422, "stars"),
        ({"specialties": ["astrology"]}, 422, "specialties"),
        ({"lead_id": "999999"}, 422, "lead_id"),
        ({"organisation_id": "abc"}, 422, "organisation_id"),
    ],
)
def test_bad_studio_input_writes_nothing(
    client, login, coordinator, create_mediator, overrides, status, field
):
    lead = create_mediator()
    login(coordinator)
    before = _count(AuditEvent)
    response = client.post("/admin/studios/new", data=_studio_form(lead, **overrides))
    assert response.status_code == status
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert (_count(Studio), _count(AuditEvent)) == (0, before)


def test_a_studio_name_is_unique(client, login, coordinator, create_studio, create_mediator):
    taken = create_studio()
    login(coordinator)
    response = client.post(
        "/admin/studios/new", data=_studio_form(create_mediator(), name=taken.name)
    )
    assert response.status_code == 409
    assert _count(Studio) == 1


def test_a_retired_mediator_cannot_lead(client, login, coordinator, create_mediator):
    login(coordinator)
    response = client.post("/admin/studios/new", data=_studio_form(create_mediator(active=False)))
    assert response.status_code == 422
    assert _count(Studio) == 0


def test_a_station_coordinator_cannot_name_another_stations_lead(
    client, login, create_user, create_mediator, county
):
    theirs = create_mediator(organisation=county["stations"][1])
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    form = _studio_form(theirs, organisation_id=str(county["stations"][0].id))
    response = client.post("/admin/studios/new", data=form)
    assert response.status_code == 422
    assert 'id="lead_id-error"' in response.get_data(as_text=True)
    assert _count(Studio) == 0


def test_a_studio_is_changed(client, login, coordinator, create_studio, create_mediator):
    studio = create_studio(stars=3)
    new_lead = create_mediator()
    login(coordinator)
    form = _studio_form(new_lead, name="新名字调解室", stars="4", introduction="")
    response = client.post(f"/admin/studios/{studio.id}", data=form)
    assert response.status_code == 302
    db.session.refresh(studio)
    assert (studio.name, studio.stars, studio.lead_id, studio.introduction) == (
        "新名字调解室",
        4,
        new_lead.id,
        None,
    )
    assert events_for("studio", studio.id)[-1].action == "studio.updated"


def test_a_studio_is_retired_and_opened_again(client, login, coordinator, create_studio, flashes):
    studio = create_studio()
    login(coordinator)
    assert client.post(f"/admin/studios/{studio.id}/retire").status_code == 303
    assert [category for category, _ in flashes()] == ["success"]
    db.session.refresh(studio)
    assert studio.active is False
    assert studio.name not in client.get("/studios").get_data(as_text=True)
    assert client.get(f"/studios/{studio.id}").status_code == 404
    # Its keepers still find it, retired.
    assert client.get(f"/admin/studios/{studio.id}").status_code == 200
    assert client.post(f"/admin/studios/{studio.id}/reinstate").status_code == 303
    db.session.refresh(studio)
    assert studio.active is True
    actions = [e.action for e in events_for("studio", studio.id)]
    assert actions == ["studio.retired", "studio.reinstated"]
    assert [category for category, _ in flashes()] == ["success"]


def test_another_countys_studio_answers_404(client, login, create_user, two_counties):
    station = two_counties["other_station"]
    lead = Mediator(user=create_user(Role.MEDIATOR, station), organisation=station)
    studio = Studio(name="安居调解室", organisation_id=station.id, lead=lead)
    db.session.add_all([lead, studio])
    db.session.flush()
    login(create_user(Role.COORDINATOR, two_counties["home"]))
    assert client.get(f"/admin/studios/{studio.id}").status_code == 404
    assert client.post(f"/admin/studios/{studio.id}/retire").status_code == 404
    assert studio.name not in client.get("/admin/studios").get_data(as_text=True)
    db.session.refresh(studio)
    assert studio.active is True
    login(create_user(Role.ADMIN, two_counties["other"]))
    assert client.get(f"/admin/studios/{studio.id}").status_code == 200


def test_a_mediator_may_not_keep_studios(client, login, create_studio):
    studio = create_studio()
    login(studio.lead.user)
    assert client.get("/admin/studios").status_code == 403
    assert client.post(f"/admin/studios/{studio.id}/retire").status_code == 404


def test_the_plan_counts_what_the_roster_pages_create(client, login, coordinator, county):
    station = county["stations"][0]
    before = actual_figures(station.id), full_time_mediators(station.id)
    login(coordinator)
    form = {
        "name": "孙立",
        "mobile": "13622223333",
        "organisation_id": str(station.id),
        "capacity": "10",
        "full_time": "on",
        "gold_medal": "on",
    }
    assert client.post("/admin/mediators/new", data=form).status_code == 302
    lead = db.session.scalar(select(Mediator).order_by(Mediator.id.desc()))
    assert client.post("/admin/studios/new", data=_studio_form(lead)).status_code == 302
    figures = actual_figures(station.id)
    assert figures["gold_medal_mediators"] == before[0]["gold_medal_mediators"] + 1
    assert figures["brand_studios"] == before[0]["brand_studios"] + 1
    assert full_time_mediators(station.id) == before[1] + 1
    # The other station's figures do not move, and a retired studio is no longer counted.
    assert actual_figures(county["stations"][1].id)["brand_studios"] == 0
    studio = db.session.scalar(select(Studio))
    assert client.post(f"/admin/studios/{studio.id}/retire").status_code == 303
    assert actual_figures(station.id)["brand_studios"] == before[0]["brand_studios"]
