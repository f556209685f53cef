"""Hand-offs belong to the station whose subtree holds their dispute."""

from datetime import date

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.handoffs.models import HandOffEvent


def _referrals(create_referral, county):
    """One court referral per station: (station A's, station B's)."""
    a = create_referral(signed_on=date(2026, 3, 2))
    b = create_referral(
        signed_on=date(2026, 3, 2),
        township_id=county["stations"][1].id,
        village_id=county["villages"]["童家镇"][0].id,
    )
    return a, b


def test_a_station_coordinator_lists_only_their_stations_hand_offs(
    client, auth_header, create_referral, create_user, county
):
    a, b = _referrals(create_referral, county)
    own = create_user(Role.COORDINATOR, county["stations"][0])
    listed = client.get("/api/v1/handoffs", headers=auth_header(own)).get_json()
    assert [row["id"] for row in listed] == [a.id]
    page = client.get(f"/api/v1/handoffs/{b.id}", headers=auth_header(own))
    assert page.status_code == 404


def test_the_county_centre_sees_every_stations_hand_offs(
    client, auth_header, create_referral, coordinator, county
):
    a, b = _referrals(create_referral, county)
    listed = client.get("/api/v1/handoffs", headers=auth_header(coordinator)).get_json()
    assert sorted(row["id"] for row in listed) == sorted([a.id, b.id])


def test_a_station_coordinator_cannot_pause_another_stations_clock(
    client, auth_header, create_referral, create_user, county
):
    _a, b = _referrals(create_referral, county)
    stranger = create_user(Role.COORDINATOR, county["stations"][0])
    status, events = b.status, len(b.events)
    response = client.post(
        f"/api/v1/handoffs/{b.id}/pauses",
        json={"start": "2026-03-05", "reason": "鉴定"},
        headers=auth_header(stranger),
    )
    assert response.status_code == 404
    db.session.expire_all()
    assert b.status == status
    count = db.session.scalar(
        db.select(db.func.count()).select_from(HandOffEvent).where(HandOffEvent.handoff_id == b.id)
    )
    assert count == events


def test_a_station_coordinator_gets_404_on_another_stations_hand_off_pages(
    client, login, create_referral, create_user, county
):
    a, b = _referrals(create_referral, county)
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    assert client.get(f"/handoffs/{b.id}").status_code == 404
    assert client.get(f"/handoffs/{b.id}/receipt").status_code == 404
    response = client.post(f"/handoffs/{b.id}/pause", data={"start": "2026-03-05", "reason": "x"})
    assert response.status_code == 404
    exported = client.get("/handoffs?format=csv").get_data().decode("utf-8-sig")
    assert a.reference in exported
    assert b.reference not in exported


def test_the_cases_mediator_sees_the_hand_off_but_may_not_act_on_it(
    client, login, create_referral, create_mediator, county
):
    handoff, _b = _referrals(create_referral, county)
    handoff.dispute.mediator = create_mediator()
    db.session.flush()
    login(handoff.dispute.mediator.user)
    assert client.get(f"/handoffs/{handoff.id}").status_code == 200
    response = client.post(f"/handoffs/{handoff.id}/pause", data={"start": "2026-03-05"})
    assert response.status_code == 403


def test_an_outsiders_bad_body_gets_404_not_422(
    client, auth_header, create_referral, create_user, county
):
    _a, b = _referrals(create_referral, county)
    stranger = create_user(Role.COORDINATOR, county["stations"][0])
    response = client.post(
        f"/api/v1/handoffs/{b.id}/pauses",
        json={"start": "not a day"},
        headers=auth_header(stranger),
    )
    assert response.status_code == 404
