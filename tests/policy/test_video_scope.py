"""Video pages keep to the station: attendance, join links and their re-issue."""

import re

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.extensions import db, socketio
from mediation.video.links import join_token, join_url
from mediation.video.namespace import NAMESPACE

LINK = re.compile(rb"/video/join/[A-Za-z0-9_.\-]+")


def _station_b_coordinator(create_user, county):
    return create_user(Role.COORDINATOR, county["stations"][1])


def test_another_stations_coordinator_gets_404_on_attendance(
    client, login, create_room, create_user, county
):
    room = create_room()
    login(_station_b_coordinator(create_user, county))
    assert client.get(f"/video/rooms/{room.id}/attendance").status_code == 404
    assert client.get(f"/video/sessions/{room.session_id}").status_code == 404


def test_own_stations_coordinator_sees_the_parties_links_not_the_mediators(
    client, login, create_room, create_user, county, seats
):
    room = create_room()
    named = seats(room)
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    response = client.get(f"/video/rooms/{room.id}/attendance")
    assert response.status_code == 200
    assert len(set(LINK.findall(response.data))) == 2
    mediator_link = join_url(named["mediator"]).split("/video/join/")[1].encode()
    assert mediator_link not in response.data


def test_the_mediator_sees_every_link_of_their_room(client, login, create_room, seats):
    room = create_room()
    login(seats(room)["mediator"].user)
    response = client.get(f"/video/rooms/{room.id}/attendance")
    assert response.status_code == 200
    assert len(set(LINK.findall(response.data))) == 3


def test_another_mediator_gets_404_on_attendance(client, login, create_room, create_mediator):
    room = create_room()
    login(create_mediator().user)
    assert client.get(f"/video/rooms/{room.id}/attendance").status_code == 404


def test_reissuing_a_link_withdraws_the_old_one(client, login, create_room, seats, coordinator):
    room = create_room()
    applicant = seats(room)["applicant"]
    old = join_url(applicant).split("/video")[1]
    assert client.get(f"/video{old}").status_code == 200
    login(coordinator)
    response = client.post(f"/video/rooms/{room.id}/participants/{applicant.id}/link")
    assert response.status_code == 303
    assert client.get(f"/video{old}").status_code == 403
    db.session.refresh(applicant)
    new = join_url(applicant).split("/video")[1]
    assert client.get(f"/video{new}").status_code == 200
    event = db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert event.action == "video.link_reissued"
    assert event.actor_id == coordinator.id


def test_the_coordinator_may_withdraw_the_mediators_link_without_seeing_the_new_one(
    client, login, create_room, seats, coordinator
):
    room = create_room()
    mediator = seats(room)["mediator"]
    old = join_url(mediator).split("/video")[1]
    login(coordinator)
    assert client.post(f"/video/rooms/{room.id}/participants/{mediator.id}/link").status_code == 303
    assert client.get(f"/video{old}").status_code == 403
    response = client.get(f"/video/rooms/{room.id}/attendance")
    db.session.refresh(mediator)
    assert join_url(mediator).split("/video/join/")[1].encode() not in response.data


def test_another_stations_coordinator_cannot_reissue(
    client, login, create_room, seats, create_user, county
):
    room = create_room()
    applicant = seats(room)["applicant"]
    version = applicant.link_version
    login(_station_b_coordinator(create_user, county))
    response = client.post(f"/video/rooms/{room.id}/participants/{applicant.id}/link")
    assert response.status_code == 404
    db.session.refresh(applicant)
    assert applicant.link_version == version


def test_a_link_withdrawn_before_a_restore_stays_withdrawn(client, create_room, seats):
    """Restoring a backup rewinds the version; the nonce still tells the old link apart."""
    applicant = seats(create_room())["applicant"]
    backup = (applicant.link_version, applicant.link_nonce)
    applicant.withdraw_links()
    db.session.flush()
    leaked = join_url(applicant).split("/video")[1]
    applicant.link_version, applicant.link_nonce = backup
    applicant.withdraw_links()
    db.session.flush()
    assert client.get(f"/video{leaked}").status_code == 403


def test_reissuing_takes_out_whoever_is_connected_with_the_old_link(
    client, login, create_room, seats, coordinator, connect
):
    room = create_room()
    applicant = seats(room)["applicant"]
    old = join_token(applicant)
    socket = connect(token=old)
    assert socket.is_connected(NAMESPACE)
    login(coordinator)
    client.post(f"/video/rooms/{room.id}/participants/{applicant.id}/link")
    assert not socket.is_connected(NAMESPACE)
    db.session.refresh(applicant)
    assert applicant.sid is None
    # Last: a refused connection rolls back the session this test shares with the handlers.
    assert not connect(token=old).is_connected(NAMESPACE)


def test_a_mediator_cannot_move_a_seat_of_another_room(create_room, seats, connect):
    mine, theirs = seats(create_room()), seats(create_room())
    console = connect(mine["mediator"])
    console.get_received(NAMESPACE)
    target = theirs["applicant"]
    console.emit("control", {"action": "admit", "participant": target.id}, namespace=NAMESPACE)
    errors = [e["args"][0]["code"] for e in console.get_received(NAMESPACE) if e["name"] == "error"]
    assert errors == ["no_participant"]
    db.session.refresh(target)
    assert target.place is None


def test_a_join_link_does_not_open_another_session(create_room, seats, test_socketio, app):
    other = create_room()
    token = join_token(seats(create_room())["applicant"])
    client = socketio.test_client(
        app, namespace=NAMESPACE, auth={"token": token, "session_id": other.session_id}
    )
    assert not client.is_connected(NAMESPACE)
