"""The consented recording: uploaded in chunks while it records, saved with its hash."""

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.outcomes.casefile import case_file_zip
from mediation.outcomes.casefile_contents import fill
from mediation.video import presence
from mediation.video.links import join_token
from mediation.video.recording_models import Recording
from mediation.video.tasks import expire_recordings
from tests.factories import PASSWORD

CHUNKS = [b"\x1a\x45\xdf\xa3 header", b"cluster one", b"cluster two"]


@pytest.fixture(autouse=True)
def _recording_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "RECORDING_DIR", str(tmp_path / "recordings"))
    monkeypatch.setitem(app.config, "RECORDING_RETENTION_DAYS", 30)


@pytest.fixture
def in_call(create_room, seats):
    """A started room: mediator and both parties connected in the joint session."""
    room = create_room()
    s = seats(room)
    for name, seat in s.items():
        presence.connect_seat(seat, f"sid-{name}")
    for side in ("applicant", "respondent"):
        presence.move_seat(s["mediator"], s[side].id, "joint", "admit")
    db.session.flush()
    return room, s, f"/video/join/{join_token(s['mediator'])}/recordings"


def agree(s, *names, answer=True):
    for name in names or s:
        presence.record_consent(s[name], answer)
    db.session.flush()


def start(client, base) -> dict:
    response = client.post(base, json={"mime_type": "video/webm;codecs=vp8,opus"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def put(client, base, rid, seq, content=None):
    return client.put(
        f"{base}/{rid}/chunks/{seq}",
        data=CHUNKS[seq] if content is None else content,
        content_type="application/octet-stream",
    )


def upload_all(client, base) -> dict:
    rid = start(client, base)["id"]
    for seq in range(len(CHUNKS)):
        assert put(client, base, rid, seq).status_code == 200
    response = client.post(f"{base}/{rid}/finish", json={"chunks": len(CHUNKS)})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_recording_cannot_start_before_everyone_present_agreed(client, in_call):
    room, s, base = in_call
    agree(s, "mediator", "applicant")
    response = client.post(base, json={})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_consent"
    assert db.session.scalars(select(Recording)).all() == []


def test_only_the_mediators_link_opens_a_recording(client, in_call):
    room, s, base = in_call
    agree(s)
    response = client.post(f"/video/join/{join_token(s['applicant'])}/recordings", json={})
    assert response.status_code == 403
    assert client.post("/video/join/not-a-token/recordings", json={}).status_code == 401


def test_a_chunk_is_refused_and_the_recording_stopped_when_someone_new_has_not_agreed(
    client, in_call, create_room
):
    room, s, base = in_call
    agree(s, "mediator", "applicant")
    presence.move_seat(s["mediator"], s["respondent"].id, "lobby", "lobby")
    rid = start(client, base)["id"]
    assert put(client, base, rid, 0).status_code == 200
    presence.move_seat(s["mediator"], s["respondent"].id, "joint", "admit")
    db.session.commit()
    response = put(client, base, rid, 1)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_consent"
    recording = db.session.get(Recording, rid)
    assert recording.state == "stopped" and recording.stop_reason == "no_consent"
    # What arrived while everyone agreed is kept, and nothing more is taken.
    assert recording.size == len(CHUNKS[0])
    assert put(client, base, rid, 2).get_json()["error"]["code"] == "recording_stopped"


def test_a_withdrawal_mid_way_stops_the_recording_and_refuses_what_follows(client, in_call):
    room, s, base = in_call
    agree(s)
    rid = start(client, base)["id"]
    assert put(client, base, rid, 0).status_code == 200
    agree(s, "respondent", answer=False)
    db.session.commit()
    response = put(client, base, rid, 1)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "consent_withdrawn"
    recording = db.session.get(Recording, rid)
    assert recording.state == "stopped"
    assert recording.sha256 == hashlib.sha256(CHUNKS[0]).hexdigest()
    assert room.recording is False


def test_a_withdrawal_over_signaling_stops_the_open_recording(client, in_call):
    from mediation.video import recordings

    room, s, base = in_call
    agree(s)
    rid = start(client, base)["id"]
    put(client, base, rid, 0)
    recordings.stop_room_recordings(room.id, "consent")
    assert db.session.get(Recording, rid).state == "stopped"


def test_a_chunk_sent_twice_is_stored_once(client, in_call, tmp_path):
    room, s, base = in_call
    agree(s)
    rid = start(client, base)["id"]
    assert put(client, base, rid, 0).get_json()["stored"] is True
    again = put(client, base, rid, 0)
    assert again.status_code == 200 and again.get_json() == {"seq": 0, "stored": False, "chunks": 1}
    assert db.session.get(Recording, rid).size == len(CHUNKS[0])
    other = put(client, base, rid, 0, b"something else")
    assert other.status_code == 409 and other.get_json()["error"]["code"] == "chunk_differs"


def test_the_server_says_which_chunks_it_holds_and_a_resumed_upload_completes(client, in_call):
    room, s, base = in_call
    agree(s)
    rid = start(client, base)["id"]
    put(client, base, rid, 0)
    put(client, base, rid, 2)  # chunk 1 was lost with the connection
    early = client.post(f"{base}/{rid}/finish", json={"chunks": 3})
    assert early.status_code == 409
    assert early.get_json()["error"] == {
        "code": "chunks_missing",
        "message": early.get_json()["error"]["message"],
        "missing": [1],
    }
    assert client.get(f"{base}/{rid}").get_json()["chunks"] == [0, 2]
    put(client, base, rid, 1)
    done = client.post(f"{base}/{rid}/finish", json={"chunks": 3})
    assert done.status_code == 200
    assert done.get_json()["sha256"] == hashlib.sha256(b"".join(CHUNKS)).hexdigest()


def test_bad_chunks_and_counts_are_refused_and_change_nothing(client, in_call, app, monkeypatch):
    room, s, base = in_call
    agree(s)
    rid = start(client, base)["id"]
    assert put(client, base, rid, 0, b"").status_code == 422
    assert client.put(f"{base}/{rid}/chunks/100000", data=b"x").status_code == 422
    assert client.post(f"{base}/{rid}/finish", json={"chunks": "3"}).status_code == 422
    assert client.post(f"{base}/{rid}/finish", json={}).status_code == 422
    monkeypatch.setitem(app.config, "RECORDING_MAX_BYTES", 5)
    too_big = put(client, base, rid, 0)
    assert too_big.status_code == 413
    assert too_big.get_json()["error"]["code"] == "recording_too_large"
    assert db.session.get(Recording, rid).size == 0
    assert client.get(f"{base}/{rid + 1}").status_code == 404


def test_a_saved_recording_has_its_hash_on_the_audit_chain(client, in_call, runner):
    room, s, base = in_call
    agree(s)
    saved = upload_all(client, base)
    digest = hashlib.sha256(b"".join(CHUNKS)).hexdigest()
    assert saved["sha256"] == digest and saved["state"] == "saved"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "video.recording_saved")
    ).one()
    assert event.data["sha256"] == digest and event.subject_id == room.id
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output


def test_the_case_file_lists_the_recording_and_its_zip_holds_it_with_its_hash(client, in_call):
    room, s, base = in_call
    agree(s)
    saved = upload_all(client, base)
    dispute = room_dispute(room)
    part = next(f for f in fill(dispute) if f.part.key == "mediation_record")
    rows = [row for section in part.sections for row in section.rows]
    assert any(saved["sha256"] in value for _label, value in rows)
    archive = zipfile.ZipFile(io.BytesIO(case_file_zip(dispute)))
    name = next(n for n in archive.namelist() if n.startswith("recordings/"))
    assert archive.read(name) == b"".join(CHUNKS)
    sums = archive.read("SHA256SUMS.txt").decode()
    assert f"{saved['sha256']}  {name}" in sums


def room_dispute(room):
    from mediation.scheduling.models import MediationSession

    return db.session.get(MediationSession, room.session_id).dispute


def test_the_mediator_and_the_owning_stations_staff_play_it_back(
    app, in_call, county, create_user, login, client
):
    room, s, base = in_call
    agree(s)
    rid = upload_all(client, base)["id"]
    mine = create_user(Role.COORDINATOR, county["stations"][0])
    for user in (s["mediator"].user, mine):
        viewer = app.test_client()
        viewer.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
        response = viewer.get(f"/video/recordings/{rid}")
        assert response.status_code == 200, user.role
        assert response.data == b"".join(CHUNKS)


def test_other_stations_and_other_counties_get_404(
    app, in_call, county, create_user, two_counties, create_mediator, client
):
    room, s, base = in_call
    agree(s)
    rid = upload_all(client, base)["id"]
    outsiders = (
        create_user(Role.COORDINATOR, county["stations"][1]),
        two_counties["b"]["admin"],
        create_mediator().user,
    )
    for user in outsiders:
        viewer = app.test_client()
        viewer.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
        assert viewer.get(f"/video/recordings/{rid}").status_code == 404, user.role


def test_the_retention_job_removes_expired_recordings_with_an_audit_event(client, in_call, app):
    room, s, base = in_call
    agree(s)
    saved = upload_all(client, base)
    recording = db.session.get(Recording, saved["id"])
    path = app.config["RECORDING_DIR"] + "/" + recording.filename
    assert recording.expires_at == recording.finished_at + timedelta(days=30)
    assert expire_recordings() == {"expired": 0, "abandoned": 0}
    with time_machine.travel(utcnow() + timedelta(days=31), tick=False):
        assert expire_recordings() == {"expired": 1, "abandoned": 0}
    db.session.refresh(recording)
    assert recording.state == "expired" and recording.filename is None
    import os

    assert not os.path.exists(path)
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "video.recording_expired")
    ).one()
    assert event.data["sha256"] == saved["sha256"]


def test_a_recording_left_open_is_cut_short_a_day_later(client, in_call):
    room, s, base = in_call
    agree(s)
    rid = start(client, base)["id"]
    put(client, base, rid, 0)
    with time_machine.travel(utcnow() + timedelta(days=2), tick=False):
        assert expire_recordings() == {"expired": 0, "abandoned": 1}
    assert db.session.get(Recording, rid).state == "stopped"


def signed_in(app, user):
    viewer = app.test_client()
    viewer.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
    return viewer


def test_the_attendance_and_session_pages_offer_playback_to_those_who_may_play_it(
    app, in_call, county, create_user, client
):
    room, s, base = in_call
    agree(s)
    rid = upload_all(client, base)["id"]
    link = f'src="/video/recordings/{rid}"'
    mine = create_user(Role.COORDINATOR, county["stations"][0])
    for user in (s["mediator"].user, mine):
        viewer = signed_in(app, user)
        page = viewer.get(f"/video/rooms/{room.id}/attendance").get_data(as_text=True)
        assert "data-recordings" in page and link in page, user.role
        assert f'href="/video/recordings/{rid}"' in page
        page = viewer.get(f"/sessions/{room.session_id}").get_data(as_text=True)
        assert link in page, user.role


def test_others_see_nothing_of_the_recordings(
    app, in_call, county, create_user, client, create_mediator
):
    from mediation.scheduling.links import session_link_token
    from mediation.scheduling.models import MediationSession

    room, s, base = in_call
    agree(s)
    rid = upload_all(client, base)["id"]
    elsewhere = signed_in(app, create_user(Role.COORDINATOR, county["stations"][1]))
    assert elsewhere.get(f"/video/rooms/{room.id}/attendance").status_code == 404
    assert elsewhere.get(f"/sessions/{room.session_id}").status_code == 404
    assert signed_in(app, create_mediator().user).get(f"/video/recordings/{rid}").status_code == 404
    # A party's own session page shows the room but never the recordings.
    session = db.session.get(MediationSession, room.session_id)
    party = room_dispute(room).parties[0]
    page = app.test_client().get(f"/s/{session_link_token(session, party)}")
    assert page.status_code == 200
    assert "data-video" in page.get_data(as_text=True)
    assert "/video/recordings/" not in page.get_data(as_text=True)


def test_an_expired_recording_is_no_longer_offered(app, in_call, client):
    room, s, base = in_call
    agree(s)
    rid = upload_all(client, base)["id"]
    db.session.get(Recording, rid).state = "expired"
    db.session.flush()
    page = signed_in(app, s["mediator"].user).get(f"/video/rooms/{room.id}/attendance")
    assert "/video/recordings/" not in page.get_data(as_text=True)
