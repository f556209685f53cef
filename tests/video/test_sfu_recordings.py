"""Recording on the SFU: when Janus records, and how its files become one in the case file."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation.core.audit import AuditEvent
from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.video import recording_rules as rules
from mediation.video import sfu_recordings
from mediation.video.links import join_token
from mediation.video.models import RoomParticipant, VideoRoom
from mediation.video.namespace import NAMESPACE
from mediation.video.permissions import Member
from mediation.video.recording_models import Recording
from mediation.video.sfu import composition
from mediation.video.sfu.gateway import Gateway
from tests.factories import PASSWORD
from tests.video.conftest import last_view


class FakeGateway:
    """Stands in for Janus: remembers what it was told to record."""

    def __init__(self):
        self.recorded: list[str | None] = []

    def record(self, video_room_id, rec_dir):
        self.recorded.append(rec_dir)
        return True

    def police(self, video_room_id, members):
        return {}

    def feeds(self, *args):
        return {}

    def published_place(self, sid):
        return None

    def withdraw(self, sid):
        return False

    def destroy(self, video_room_id):
        pass

    def close(self):
        pass


@pytest.fixture(autouse=True)
def _folders(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "RECORDING_DIR", str(tmp_path / "case-files"))
    monkeypatch.setitem(app.config, "SFU_RECORDING_DIR", str(tmp_path / "raw"))


@pytest.fixture
def on_sfu(app, test_socketio, monkeypatch):
    """The signaling namespace with every session on a fake SFU."""
    monkeypatch.setitem(app.config, "VIDEO_SFU", "on")
    namespace = test_socketio.server.namespace_handlers[NAMESPACE]
    namespace.reset_sfu()
    namespace.gateway = FakeGateway()
    yield namespace.gateway
    namespace.gateway = None
    namespace.reset_sfu()


def member(id, place, role="party", online=True):
    return Member(id, role, None if role == "mediator" else "applicant", place, online)


def test_janus_records_only_when_everyone_in_the_joint_session_agreed():
    people = [member(1, "joint", "mediator"), member(2, "joint"), member(3, "lobby")]
    assert rules.sfu_refusal(people, {1: True}) == rules.MISSING
    assert rules.sfu_refusal(people, {1: True, 2: False}) == rules.WITHDRAWN
    assert rules.sfu_refusal(people, {1: True, 2: True}) is None


def test_a_caucus_is_never_recorded_whoever_agreed():
    caucus = [member(1, "caucus:applicant", "mediator"), member(2, "caucus:applicant")]
    assert rules.sfu_refusal(caucus + [member(3, "joint")], {1: True, 2: True, 3: True}) == (
        rules.NOT_IN_ROOM
    )


def test_the_gateway_records_the_joint_room_only():
    gateway = Gateway("http://127.0.0.1:9/janus", "secret", "key")
    sent = []
    gateway.admin = lambda: 7
    gateway.session.request = lambda handle, body: sent.append(body) or {}
    gateway.record(5, "/srv/raw/1")
    gateway.record(5, None)
    joint = gateway.room(5, "joint").number
    assert {body["room"] for body in sent} == {joint}
    assert [b["record"] for b in sent if b["request"] == "enable_recording"] == [True, False]
    assert sent[0] == {
        "request": "edit",
        "room": joint,
        "secret": gateway.room(5, "joint").secret,
        "new_rec_dir": "/srv/raw/1",
        "permanent": False,
    }


def test_recording_starts_on_full_consent_and_a_withdrawal_stops_it_in_the_same_handler(
    on_sfu, call, app
):
    room, s, clients = call
    for name in ("mediator", "applicant", "respondent"):
        clients[name].emit("consent", {"consent": True}, namespace=NAMESPACE)
    clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
    recording = db.session.scalars(select(Recording)).one()
    assert (recording.source, recording.state) == ("sfu", "open")
    assert on_sfu.recorded == [str(Path(app.config["SFU_RECORDING_DIR"]) / str(recording.id))]

    clients["respondent"].emit("consent", {"consent": False}, namespace=NAMESPACE)
    db.session.expire_all()
    assert db.session.get(Recording, recording.id).state == "composing"
    assert on_sfu.recorded[-1] is None
    assert last_view(clients["mediator"])["recording"] is False


def test_someone_new_without_consent_stops_the_recording(on_sfu, create_room, seats, connect):
    room = create_room()
    s = seats(room)
    clients = {name: connect(s[name]) for name in ("mediator", "applicant", "respondent")}
    clients["mediator"].emit(
        "control", {"action": "admit", "participant": s["applicant"].id}, namespace=NAMESPACE
    )
    for name in ("mediator", "applicant"):
        clients[name].emit("consent", {"consent": True}, namespace=NAMESPACE)
    clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
    assert db.session.scalars(select(Recording)).one().state == "open"

    clients["mediator"].emit(
        "control", {"action": "admit", "participant": s["respondent"].id}, namespace=NAMESPACE
    )
    db.session.expire_all()
    recording = db.session.scalars(select(Recording)).one()
    assert (recording.state, recording.stop_reason) == ("composing", rules.MISSING)
    assert on_sfu.recorded[-1] is None


def test_the_mediator_going_to_a_caucus_stops_the_recording(on_sfu, call):
    room, s, clients = call
    for name in ("mediator", "applicant", "respondent"):
        clients[name].emit("consent", {"consent": True}, namespace=NAMESPACE)
    clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    db.session.expire_all()
    assert db.session.scalars(select(Recording)).one().state == "composing"
    assert on_sfu.recorded[-1] is None and len(on_sfu.recorded) == 2


def composing(create_room, **values) -> Recording:
    room = create_room()
    mediator = next(seat for seat in room.participants if seat.role == "mediator")
    recording = Recording(
        room_id=room.id,
        participant_id=mediator.id,
        source="sfu",
        state="composing",
        finished_at=utcnow() - timedelta(minutes=1),
        **values,
    )
    db.session.add(recording)
    db.session.flush()
    return recording


def test_a_recording_left_composing_by_a_dead_process_is_taken_on_again(create_room):
    now = utcnow()
    stuck = composing(create_room, claimed_at=now - timedelta(hours=1))
    working = composing(create_room, claimed_at=now - timedelta(minutes=1))
    fresh = composing(create_room)
    assert sfu_recordings.claimable(now) == [stuck.id, fresh.id]
    assert sfu_recordings.claim(stuck.id, now)
    assert not sfu_recordings.claim(working.id, now)
    assert not sfu_recordings.claim(stuck.id, now)


def test_damaged_raw_files_fail_the_composition_and_stay(create_room, app):
    recording = composing(create_room)
    raw = Path(app.config["SFU_RECORDING_DIR"]) / str(recording.id)
    raw.mkdir(parents=True)
    damaged = raw / "videoroom-1-user-2-1700000000000000-audio-0.mjr"
    damaged.write_bytes(b"not a recording")
    sfu_recordings.compose_recording(recording, utcnow())
    assert recording.state == "failed" and recording.filename is None
    assert damaged.read_bytes() == b"not a recording"
    assert list(raw.iterdir()) == [damaged]
    failed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "video.recording_failed")
    ).one()
    assert failed.data["bad_files"] == 1


def test_a_recording_with_no_files_ends_stopped_and_empty(create_room, app):
    recording = composing(create_room)
    sfu_recordings.compose_recording(recording, utcnow())
    assert (recording.state, recording.filename, recording.sha256) == ("stopped", None, None)
    assert not list(Path(app.config["RECORDING_DIR"]).glob("*.webm"))


def test_each_track_is_delayed_by_its_start_and_every_voice_mixed_at_full_level(tmp_path):
    tracks = [
        composition.Track("b", "audio", tmp_path / "b.opus", 1_500_000),
        composition.Track("a", "video", tmp_path / "a.webm", 1_000_000),
        composition.Track("a", "audio", tmp_path / "a.opus", 1_000_000),
        composition.Track("b", "video", tmp_path / "b.webm", 1_250_000),
    ]
    arguments = composition.ffmpeg_arguments(tracks, tmp_path / "out.webm")
    graph = arguments[arguments.index("-filter_complex") + 1]
    assert "tpad=start_duration=0.000" in graph and "tpad=start_duration=0.250" in graph
    assert "[2:a]aresample=48000,adelay=0:all=1" in graph
    assert "[3:a]aresample=48000,adelay=500:all=1" in graph
    assert "hstack=inputs=2" in graph
    assert "amix=inputs=2:duration=longest:normalize=0,alimiter" in graph


def test_nothing_to_compose_is_refused(tmp_path):
    with pytest.raises(composition.CompositionFailed):
        composition.ffmpeg_arguments([], tmp_path / "out.webm")


def test_the_mediator_sees_a_recording_being_composed_and_one_that_failed(app, create_room):
    recording = composing(create_room)
    failed = composing(create_room)
    failed.state = "failed"
    db.session.flush()
    for shown, state in ((recording, "composing"), (failed, "failed")):
        room = db.session.get(VideoRoom, shown.room_id)
        viewer = app.test_client()
        user = db.session.get(RoomParticipant, shown.participant_id).user
        viewer.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
        page = viewer.get(f"/video/rooms/{room.id}/attendance").get_data(as_text=True)
        assert f'data-recording-state="{state}"' in page
        assert "/video/recordings/" not in page


def test_a_recording_of_a_room_that_closed_by_itself_is_stopped_for_composing(create_room):
    recording = composing(create_room)
    recording.state = "open"
    db.session.get(VideoRoom, recording.room_id).state = "ended"
    db.session.flush()
    assert sfu_recordings.stop_ended() == 1
    assert (recording.state, recording.stop_reason) == ("composing", "ended")


def test_the_browser_may_not_upload_a_recording_of_a_session_on_the_sfu(
    app, client, create_room, seats, monkeypatch
):
    monkeypatch.setitem(app.config, "VIDEO_SFU", "on")
    mediator = seats(create_room())["mediator"]
    response = client.post(f"/video/join/{join_token(mediator)}/recordings", json={})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "recorded_on_sfu"
