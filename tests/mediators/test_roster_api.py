"""The roster's API: new mediators, certificates, training, studios; types, scope and roles."""

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.extensions import db
from mediation.mediators.models import Mediator, Studio
from mediation.roster.credentials import Certificate, TrainingRecord


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _new(organisation, **overrides) -> dict:
    body = {
        "name": "周雨",
        "mobile": "13633334444",
        "organisation_id": organisation.id,
        "full_time": True,
        "specialties": ["labour"],
        "languages": ["普通话", "彝语", "客家话"],
        "capacity": 6,
    }
    return body | overrides


def test_a_mediator_is_created_through_the_api(client, auth_header, coordinator, county):
    response = client.post(
        "/api/v1/mediators", json=_new(county["stations"][0]), headers=auth_header(coordinator)
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["name"], body["full_time"], body["capacity"]) == ("周雨", True, 6)
    assert body["languages"] == ["putonghua", "yi", "客家话"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"capacity": "many"},
        {"capacity": 2.5},
        {"capacity": True},
        {"full_time": "perhaps"},
        {"specialties": "labour"},
        {"languages": [7]},
        {"organisation_id": 2**40},
        {"organisation_id": "一"},
        {"mobile": None},
        {"name": "周\u0007雨"},
        {"unexpected": 1},
    ],
)
def test_wrong_types_are_refused_and_write_nothing(
    client, auth_header, coordinator, county, overrides
):
    before = (_count(Mediator), _count(AuditEvent))
    response = client.post(
        "/api/v1/mediators",
        json=_new(county["stations"][0], **overrides),
        headers=auth_header(coordinator),
    )
    assert response.status_code == 422, overrides
    assert response.get_json()["error"]["code"]
    assert (_count(Mediator), _count(AuditEvent)) == before


def test_a_liaisons_mobile_is_refused_with_409(
    client, auth_header, coordinator, county, create_user
):
    create_user(Role.LIAISON, mobile="13633335555")
    response = client.post(
        "/api/v1/mediators",
        json=_new(county["stations"][0], mobile="13633335555"),
        headers=auth_header(coordinator),
    )
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "mobile_not_mediator"
    assert "mobile" in response.get_json()["error"]["fields"]


def test_a_mediator_may_not_create_mediators(client, auth_header, create_mediator, county):
    mediator = create_mediator()
    response = client.post(
        "/api/v1/mediators", json=_new(county["stations"][0]), headers=auth_header(mediator.user)
    )
    assert response.status_code == 403
    response = client.post(
        f"/api/v1/mediators/{mediator.id}/training",
        json={"course": "课", "provider": "局", "held_on": "2026-01-01", "hours": "1"},
        headers=auth_header(mediator.user),
    )
    assert response.status_code == 404
    assert _count(TrainingRecord) == 0


def test_certificates_and_training_through_the_api(
    client, auth_header, coordinator, create_mediator
):
    mediator = create_mediator()
    headers = auth_header(coordinator)
    base = f"/api/v1/mediators/{mediator.id}"
    certificate = {
        "title": "人民调解员证",
        "number": "A-1",
        "issued_by": "乐至县司法局",
        "issued_on": "2025-05-05",
    }
    response = client.post(f"{base}/certificates", json=certificate, headers=headers)
    assert response.status_code == 201
    assert response.get_json()["expires_on"] is None
    for held_on, hours in (("2026-02-01", "7.5"), ("2026-09-01", 2), ("2025-09-01", 1.5)):
        body = {"course": "调解", "provider": "县局", "held_on": held_on, "hours": hours}
        assert client.post(f"{base}/training", json=body, headers=headers).status_code == 201
    listed = client.get(f"{base}/training", headers=headers).get_json()
    assert listed["hours_per_year"] == [
        {"year": 2026, "hours": "9.5"},
        {"year": 2025, "hours": "1.5"},
    ]
    record_id = listed["records"][0]["id"]
    assert client.delete(f"{base}/training/{record_id}", headers=headers).status_code == 204
    assert _count(TrainingRecord) == 2
    cert_id = client.get(f"{base}/certificates", headers=headers).get_json()[0]["id"]
    assert client.delete(f"{base}/certificates/{cert_id}", headers=headers).status_code == 204
    assert _count(Certificate) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"course": "调解", "provider": "县局", "held_on": "2026-02-30", "hours": "2"},
        {"course": "调解", "provider": "县局", "held_on": "2026-02-01", "hours": -1},
        {"course": "调解", "provider": "县局", "held_on": "2026-02-01", "hours": 10**9},
        {"course": "调解", "provider": "县局", "held_on": "2026-02-01", "hours": True},
        {"course": "调解", "provider": "县局", "held_on": "2026-02-01", "hours": [1]},
        {"course": "", "provider": "县局", "held_on": "2026-02-01", "hours": "2"},
        {"provider": "县局", "held_on": "2026-02-01", "hours": "2"},
        {"course": "调解", "provider": "县局", "held_on": 20260201, "hours": "2"},
    ],
)
def test_bad_training_is_refused(client, auth_header, coordinator, create_mediator, body):
    mediator = create_mediator()
    response = client.post(
        f"/api/v1/mediators/{mediator.id}/training", json=body, headers=auth_header(coordinator)
    )
    assert response.status_code == 422
    assert _count(TrainingRecord) == 0


def test_another_countys_mediator_answers_404_in_the_api(
    client, auth_header, create_user, two_counties
):
    station = two_counties["other_station"]
    theirs = Mediator(user=create_user(Role.MEDIATOR, station), organisation=station)
    db.session.add(theirs)
    db.session.flush()
    home = auth_header(create_user(Role.ADMIN, two_counties["home"]))
    certificate = {"title": "证", "number": "1", "issued_by": "局", "issued_on": "2025-01-01"}
    url = f"/api/v1/mediators/{theirs.id}/certificates"
    assert client.post(url, json=certificate, headers=home).status_code == 404
    assert client.get(url, headers=home).status_code == 404
    response = client.post("/api/v1/mediators", json=_new(station), headers=home)
    assert response.status_code == 422
    assert _count(Certificate) == 0
    there = auth_header(create_user(Role.COORDINATOR, two_counties["other"]))
    assert client.post(url, json=certificate, headers=there).status_code == 201


def test_studios_are_founded_changed_and_retired_through_the_api(
    client, auth_header, coordinator, create_mediator
):
    lead = create_mediator(gold_medal=True)
    headers = auth_header(coordinator)
    body = {
        "name": "和为贵调解室",
        "organisation_id": lead.organisation_id,
        "lead_id": lead.id,
        "stars": 4,
        "specialties": ["neighbour"],
    }
    response = client.post("/api/v1/studios", json=body, headers=headers)
    assert response.status_code == 201
    studio_id = response.get_json()["id"]
    response = client.patch(f"/api/v1/studios/{studio_id}", json={"stars": 5}, headers=headers)
    assert response.get_json()["stars"] == 5
    assert (
        client.patch(
            f"/api/v1/studios/{studio_id}", json={"stars": "five"}, headers=headers
        ).status_code
        == 422
    )
    assert client.post("/api/v1/studios", json=body, headers=headers).status_code == 409
    response = client.post(f"/api/v1/studios/{studio_id}/retire", headers=headers)
    assert response.get_json()["active"] is False
    assert client.get(f"/api/v1/studios/{studio_id}", headers=headers).status_code == 404
    response = client.post(f"/api/v1/studios/{studio_id}/reinstate", headers=headers)
    assert response.get_json()["active"] is True


def test_a_station_coordinator_cannot_change_another_stations_studio(
    client, auth_header, create_user, create_mediator, county
):
    lead = create_mediator(organisation=county["stations"][1])
    studio = Studio(name="童家调解室", organisation_id=lead.organisation_id, lead=lead)
    db.session.add(studio)
    db.session.flush()
    stranger = auth_header(create_user(Role.COORDINATOR, county["stations"][0]))
    url = f"/api/v1/studios/{studio.id}"
    assert client.patch(url, json={"stars": 1}, headers=stranger).status_code == 404
    assert client.post(f"{url}/retire", headers=stranger).status_code == 404
    db.session.refresh(studio)
    assert (studio.stars, studio.active) == (3, True)
    own = auth_header(create_user(Role.COORDINATOR, county["stations"][1]))
    assert client.patch(url, json={"stars": 1}, headers=own).status_code == 200
