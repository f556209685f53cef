"""Real server processes for signaling tests and the benchmark: data, servers, clean-up.

Run as a script to create rooms in a database (`seed URL ROOMS`, prints JSON) or to delete
them again (`clean URL`, reading that JSON on standard input), or to read what was recorded of
a room (`recorded URL ROOM_ID RECORDING_DIR`); tests and bench/signal.py call
these in a subprocess, because the data must be committed for the server processes to see it.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# LIVE_SECRET_KEY: sign the seeded join links for a server that runs with another key.
SECRET = os.environ.get("LIVE_SECRET_KEY") or "live-test-secret"  # noqa: S105 (tests only)
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def _app(url: str):
    os.environ["SECRET_KEY"] = SECRET
    from mediation import create_app
    from mediation.config import Config, database_url

    class LiveConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url(url)
        SECRET_KEY = SECRET
        REDIS_URL = None

    return create_app(LiveConfig)


def seed(url: str, rooms: int) -> dict:
    """Create rooms of a mediator and two parties, open now; return their tokens and ids."""
    import flask_migrate
    from sqlalchemy import inspect

    from mediation.accounts.models import Role, User
    from mediation.core.db import utcnow
    from mediation.disputes.codes import new_code
    from mediation.disputes.models import Dispute, Party
    from mediation.extensions import db
    from mediation.mediators.models import Mediator
    from mediation.organisations.models import Organisation, OrgKind
    from mediation.scheduling.models import MediationSession
    from mediation.video.links import join_token
    from mediation.video.operations import open_room

    app = _app(url)
    made: dict = {
        "rooms": [],
        "users": [],
        "disputes": [],
        "organisations": [],
        "mediators": [],
        "sessions": [],
    }
    with app.app_context():
        if "users" not in inspect(db.engine).get_table_names():
            flask_migrate.upgrade()
        stamp = int(time.time() * 1000) % 10**9
        org = Organisation(name=f"信号测试站{stamp}", kind=OrgKind.STATION, area="测试")
        db.session.add(org)
        db.session.flush()
        made["organisations"].append(org.id)
        for n in range(rooms):
            user = User(
                name=f"调解员{n}", mobile=f"1{stamp % 10**6:06d}{n:04d}", role=Role.MEDIATOR
            )
            user.set_password("x" * 12)
            dispute = Dispute(
                code=new_code(),
                category="neighbour",
                channel="walk_in",
                description="信号测试",
                township_id=org.id,
            )
            dispute.parties = [
                Party(side="applicant", name="王芳", mobile="15800000001", position=0),
                Party(side="respondent", name="李强", mobile="13700000001", position=1),
            ]
            mediator = Mediator(user=user, organisation=org)
            db.session.add_all([user, dispute, mediator])
            db.session.flush()
            starts = utcnow() + timedelta(minutes=1)
            session = MediationSession(
                uid=f"signal-{stamp}-{n}@test",
                dispute=dispute,
                mediator=mediator,
                start_at=starts,
                end_at=starts + timedelta(hours=2),
                mode="video",
                status="scheduled",
                timezone="Asia/Shanghai",
            )
            db.session.add(session)
            db.session.flush()
            made["mediators"].append(mediator.id)
            made["sessions"].append(session.id)
            room = open_room(
                session.id,
                starts,
                starts + timedelta(hours=2),
                user,
                dispute.parties,
            )
            made["users"].append(user.id)
            made["disputes"].append(dispute.id)
            seats = {s.side or s.role: s for s in room.participants}
            made["rooms"].append(
                {
                    "id": room.id,
                    "session_id": room.session_id,
                    "ids": {k: s.id for k, s in seats.items()},
                    "tokens": {k: join_token(s) for k, s in seats.items()},
                }
            )
        db.session.commit()
    return made


def clean(url: str, made: dict) -> None:
    """Delete everything seed() created, and what the servers recorded about it."""
    from sqlalchemy import delete, select

    from mediation.accounts.models import User
    from mediation.core.audit import AuditEvent
    from mediation.disputes.models import Dispute, Party
    from mediation.extensions import db
    from mediation.mediators.models import Mediator
    from mediation.organisations.models import Organisation
    from mediation.scheduling.models import MediationSession
    from mediation.video.models import (
        AttendanceEvent,
        CaucusTimer,
        ChatMessage,
        RecordingConsent,
        RoomParticipant,
        VideoRoom,
    )
    from mediation.video.recording_models import Recording, RecordingChunk

    app = _app(url)
    room_ids = [r["id"] for r in made["rooms"]]
    with app.app_context():
        recordings = select(Recording.id).where(Recording.room_id.in_(room_ids))
        db.session.execute(
            delete(RecordingChunk).where(RecordingChunk.recording_id.in_(recordings))
        )
        db.session.execute(delete(Recording).where(Recording.room_id.in_(room_ids)))
        for model in (AttendanceEvent, CaucusTimer, ChatMessage, RecordingConsent, RoomParticipant):
            db.session.execute(delete(model).where(model.room_id.in_(room_ids)))
        db.session.execute(delete(VideoRoom).where(VideoRoom.id.in_(room_ids)))
        db.session.execute(
            delete(AuditEvent).where(
                AuditEvent.subject_type == "video_room", AuditEvent.subject_id.in_(room_ids)
            )
        )
        sessions = made.get("sessions", [])
        db.session.execute(
            delete(AuditEvent).where(
                AuditEvent.subject_type == "session", AuditEvent.subject_id.in_(sessions)
            )
        )
        db.session.execute(delete(MediationSession).where(MediationSession.id.in_(sessions)))
        db.session.execute(delete(Mediator).where(Mediator.id.in_(made.get("mediators", []))))
        db.session.execute(delete(Party).where(Party.dispute_id.in_(made["disputes"])))
        db.session.execute(delete(Dispute).where(Dispute.id.in_(made["disputes"])))
        db.session.execute(delete(User).where(User.id.in_(made["users"])))
        db.session.execute(delete(Organisation).where(Organisation.id.in_(made["organisations"])))
        db.session.commit()


def recorded(url: str, room_id: int) -> dict:
    """What the database says of a room's recordings: the audit events, the case file's part."""
    from sqlalchemy import select

    from mediation.core.audit import AuditEvent
    from mediation.extensions import db
    from mediation.outcomes.casefile_recordings import recording_files, recordings_section
    from mediation.scheduling.models import MediationSession
    from mediation.video.models import VideoRoom

    app = _app(url)
    with app.test_request_context():
        events = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "video.recording_saved",
                AuditEvent.subject_type == "video_room",
                AuditEvent.subject_id == room_id,
            )
        )
        room = db.session.get(VideoRoom, room_id)
        dispute = db.session.get(MediationSession, room.session_id).dispute
        section = recordings_section(dispute)
        return {
            "events": [json.loads(e.payload) for e in events],
            "casefile": [[str(k), str(v)] for k, v in (section.rows if section else [])],
            "zip": [name for name, _ in recording_files(dispute)],
        }


def run_script(*args: str, stdin: str = "") -> str:
    result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
        [PYTHON, "-m", "tests.video.live", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def seed_rooms(url: str, rooms: int) -> dict:
    return json.loads(run_script("seed", url, str(rooms)).strip().splitlines()[-1])


def clean_rooms(url: str, made: dict) -> None:
    # On standard input: what a large benchmark made is longer than a command line may be.
    run_script("clean", url, stdin=json.dumps(made))


def free_port(low: int = 5350, high: int = 5360) -> int:
    # LIVE_PORT_OFFSET moves the range, so two checkouts' live tests on one machine never
    # pick each other's ports.
    offset = int(os.environ.get("LIVE_PORT_OFFSET", "0"))
    for port in range(low + offset, high + offset):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {low}-{high - 1}")


def start_server(
    url: str, port: int, redis_url: str | None = None, app: str = "wsgi:app", **env
) -> subprocess.Popen:
    """Start gunicorn -k gevent with one worker on a port and wait until it answers."""
    environ = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "REDIS_URL": redis_url or "",
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        **{k: str(v) for k, v in env.items()},
    }
    environ.pop("FLASK_ENV", None)
    # The server's log goes to a file: an unread pipe fills up and then blocks the server.
    log = tempfile.NamedTemporaryFile(prefix="signal-server-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603 (fixed command)
        [
            GUNICORN,
            "-k",
            "gevent",
            "-w",
            "1",
            "--worker-connections",
            "5000",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(log.read().decode(errors="replace")[-3000:])
        log.seek(0)
        if b"Connection in use" in log.read():
            # Another process holds the port: what answers there is not this server.
            process.kill()
            raise RuntimeError(f"port {port} is taken by another process")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                process.log_path = log.name
                return process
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if getattr(process, "log_path", None):
        Path(process.log_path).unlink(missing_ok=True)


if __name__ == "__main__":
    command, url = sys.argv[1], sys.argv[2]
    if command == "seed":
        print(json.dumps(seed(url, int(sys.argv[3]))))
    elif command == "clean":
        clean(url, json.load(sys.stdin))
    elif command == "recorded":
        os.environ["RECORDING_DIR"] = sys.argv[4]  # where the server keeps the files
        print(json.dumps(recorded(url, int(sys.argv[3]))))


def admit_all(mediator, parties: dict, ids: dict) -> None:
    """Admit every party waiting in the lobby, from the mediator's console, one at a time.

    The console draws its list again whenever someone arrives or moves, so a click can land on
    a button that is being replaced. Each party is admitted once the list shows every party
    waiting, and the next once the last has left the lobby.
    """
    for page in parties.values():
        page.wait_for_selector("#lobby:not(.d-none)")
    for side in parties:
        mediator.wait_for_selector(f'#everyone [data-member="{ids[side]}"] .btn-success')
    for side, page in parties.items():
        mediator.click(f'#everyone [data-member="{ids[side]}"] .btn-success')
        page.wait_for_function("() => window.videoRoom.view.place !== 'lobby'", timeout=30_000)
