from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mediation.extensions import db
from mediation.scheduling.models import MediationSession


def count() -> int:
    return db.session.scalar(select(func.count()).select_from(MediationSession))


def test_slots_then_booking_through_the_api(client, auth_header, assigned, coordinator):
    dispute = assigned()
    headers = auth_header(coordinator)
    slots = client.get(f"/api/v1/disputes/{dispute.code}/slots", headers=headers).get_json()
    assert slots and slots[0]["start"] < slots[1]["start"]
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/sessions",
        headers=headers,
        json={"start": slots[0]["start"], "mode": "video"},
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "scheduled" and body["dispute_code"] == dispute.code
    again = client.post(
        f"/api/v1/disputes/{dispute.code}/sessions",
        headers=headers,
        json={"start": slots[0]["start"], "mode": "video"},
    )
    assert again.status_code == 409
    error = again.get_json()["error"]
    assert error["code"] == "slot_taken" and error["free_slots"]
    assert slots[0]["start"] not in [s["start"] for s in error["free_slots"]]


@pytest.mark.parametrize(
    "change",
    [
        {"end": "shift:-60"},  # end before start
        {"end": "shift:0"},  # zero length
        {"end": "shift:1440"},  # a day long
        {"start": "2026-03-02T09:00:00"},  # no zone
        {"start": "not a time"},
        {"mode": "carrier-pigeon"},
        {"start": "far"},  # beyond the horizon
        {"start": "night"},  # outside the mediator's hours
    ],
)
def test_bad_bookings_get_4xx_and_write_nothing(
    client, auth_header, assigned, coordinator, free_slot, change
):
    dispute = assigned()
    slot = free_slot(dispute)
    payload = {"start": slot.start.isoformat(), "mode": "video"}
    for key, value in change.items():
        if value.startswith("shift:"):
            value = (slot.start + timedelta(minutes=int(value[6:]))).isoformat()
        elif value == "far":
            value = (slot.start + timedelta(days=400)).isoformat()
        elif value == "night":
            value = slot.start.replace(hour=15).isoformat()  # 23:00 in Shanghai
        payload[key] = value
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/sessions", headers=auth_header(coordinator), json=payload
    )
    assert 400 <= response.status_code < 500 and response.status_code != 404
    assert response.get_json()["error"]["message"]
    assert count() == 0 and dispute.state == "assigned"


def test_booking_someone_elses_dispute_is_404(
    client, auth_header, assigned, create_user, free_slot
):
    dispute = assigned()
    stranger = create_user()
    response = client.post(
        f"/api/v1/disputes/{dispute.code}/sessions",
        headers=auth_header(stranger),
        json={"start": free_slot(dispute).start.isoformat(), "mode": "video"},
    )
    assert response.status_code == 404 and count() == 0


def test_another_mediators_session_is_404(client, auth_header, assigned, book, create_mediator):
    session = book(assigned())
    other = create_mediator()
    response = client.get(f"/api/v1/sessions/{session.id}", headers=auth_header(other.user))
    assert response.status_code == 404


def test_reschedule_cancel_and_history_through_the_api(
    client, auth_header, assigned, book, free_slot
):
    dispute = assigned()
    session = book(dispute)
    headers = auth_header(dispute.mediator.user)
    target = free_slot(dispute, 6)
    moved = client.post(
        f"/api/v1/sessions/{session.id}/reschedule",
        headers=headers,
        json={"start": target.start.isoformat(), "reason": "出差"},
    )
    assert moved.status_code == 200 and moved.get_json()["sequence"] == 1
    assert (
        client.post(f"/api/v1/sessions/{session.id}/cancel", headers=headers, json={}).status_code
        == 422
    )
    cancelled = client.post(
        f"/api/v1/sessions/{session.id}/cancel", headers=headers, json={"reason": "已和解"}
    )
    assert cancelled.get_json()["status"] == "cancelled"
    history = client.get(f"/api/v1/sessions/{session.id}/history", headers=headers).get_json()
    assert [e["action"] for e in history] == [
        "session.booked",
        "session.rescheduled",
        "session.cancelled",
    ]


def test_a_mediator_saves_availability_and_an_unknown_zone_is_refused(
    client, auth_header, create_mediator
):
    mediator = create_mediator()
    headers = auth_header(mediator.user)
    payload = {
        "timezone": "Asia/Kolkata",
        "weekly": {"0": "10:00-12:00", "2": "14:00-16:00"},
        "buffer_before_minutes": 10,
        "buffer_after_minutes": 10,
        "min_notice_minutes": 60,
        "horizon_days": 30,
        "slot_minutes": 45,
        "interval_minutes": 15,
    }
    saved = client.put("/api/v1/availability", headers=headers, json=payload)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["weekly"] == {"0": [["10:00", "12:00"]], "2": [["14:00", "16:00"]]}
    bad = client.put(
        "/api/v1/availability", headers=headers, json=payload | {"timezone": "Mars/Base"}
    )
    assert bad.status_code == 422 and "timezone" in bad.get_json()["error"]["fields"]
    wrong = client.put(
        "/api/v1/availability", headers=headers, json=payload | {"weekly": {"0": "12:00-10:00"}}
    )
    assert wrong.status_code == 422
    assert client.get("/api/v1/availability", headers=headers).get_json()["timezone"] == (
        "Asia/Kolkata"
    )


def test_staff_add_rooms_and_parties_cannot(client, auth_header, coordinator, county, create_user):
    payload = {"organisation_id": county["stations"][0].id, "name": "二号调解室"}
    assert (
        client.post("/api/v1/rooms", headers=auth_header(create_user()), json=payload).status_code
        == 403
    )
    response = client.post("/api/v1/rooms", headers=auth_header(coordinator), json=payload)
    assert response.status_code == 201 and response.get_json()["name"] == "二号调解室"
    village = county["villages"]["天池镇"][0]
    assert (
        client.post(
            "/api/v1/rooms",
            headers=auth_header(coordinator),
            json=payload | {"organisation_id": village.id},
        ).status_code
        == 422
    )
