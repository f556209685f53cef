"""Reminders in a database that real scheduler processes share: seed them, clean them up.

Run as a script (`seed URL SESSIONS` prints JSON, `clean URL` reads it on standard input): the
rows must be committed for the scheduler processes to see them, and the test's own app context
is bound to its rolled-back test database.
"""

import json
import sys
import time
from datetime import timedelta

from tests.video.live import PYTHON, ROOT, SECRET

KEY_PREFIX = "live-outbox"
# Each session's reminder fell due a minute ago; the session starts a few minutes from now.
REMINDER_MINUTES = 5
STARTS_IN = timedelta(minutes=4)


def _app(url: str):
    import os

    os.environ["SECRET_KEY"] = SECRET
    from mediation import create_app
    from mediation.config import Config, database_url

    class LiveConfig(Config):
        SQLALCHEMY_DATABASE_URI = database_url(url)
        SECRET_KEY = SECRET
        REDIS_URL = None
        OUTBOX_KEY_PREFIX = KEY_PREFIX
        SESSION_REMINDER_MINUTES = (REMINDER_MINUTES,)

    return create_app(LiveConfig)


def seed(url: str, sessions: int) -> dict:
    """Create sessions starting soon, each with its mediator's and parties' reminders due now."""
    import flask_migrate
    from sqlalchemy import inspect

    from mediation.accounts.models import Role, User
    from mediation.core import outbox
    from mediation.core.db import utcnow
    from mediation.disputes.codes import new_code
    from mediation.disputes.models import Dispute, Party
    from mediation.extensions import db
    from mediation.mediators.models import Mediator
    from mediation.organisations.models import Organisation, OrgKind
    from mediation.scheduling import notices
    from mediation.scheduling.models import MediationSession

    app = _app(url)
    made: dict = {"reminders": [], "users": [], "disputes": [], "mediators": [], "sessions": []}
    with app.app_context():
        if "users" not in inspect(db.engine).get_table_names():
            flask_migrate.upgrade()
        stamp = int(time.time() * 1000) % 10**9
        org = Organisation(name=f"提醒测试站{stamp}", kind=OrgKind.STATION, area="测试")
        db.session.add(org)
        db.session.flush()
        made["organisations"] = [org.id]
        seeded_at = utcnow()
        for n in range(sessions):
            user = User(
                name=f"调解员{n}", mobile=f"1{stamp % 10**6:06d}{n:04d}", role=Role.MEDIATOR
            )
            user.set_password("x" * 12)
            dispute = Dispute(
                code=new_code(),
                category="neighbour",
                channel="walk_in",
                description="提醒测试",
                township_id=org.id,
            )
            dispute.parties = [
                Party(
                    side="applicant",
                    name="王芳",
                    mobile=f"158{stamp % 10**4:04d}{n:04d}",
                    position=0,
                ),
                Party(
                    side="respondent",
                    name="李强",
                    mobile=f"137{stamp % 10**4:04d}{n:04d}",
                    position=1,
                ),
            ]
            mediator = Mediator(user=user, organisation=org)
            # Later sessions start a little later, so their reminders fall due in that order.
            starts = seeded_at + STARTS_IN + timedelta(seconds=10 * n)
            session = MediationSession(
                uid=f"outbox-{stamp}-{n}@test",
                dispute=dispute,
                mediator=mediator,
                start_at=starts,
                end_at=starts + timedelta(hours=1),
                mode="video",
                status="scheduled",
                timezone="Asia/Shanghai",
            )
            db.session.add_all([user, dispute, mediator, session])
            db.session.flush()
            notices.schedule_reminders(session, now=starts - timedelta(hours=1))
            made["users"].append(user.id)
            made["disputes"].append(dispute.id)
            made["mediators"].append(mediator.id)
            made["sessions"].append(session.id)
        db.session.commit()
        for session_id in made["sessions"]:
            session = db.session.get(MediationSession, session_id)
            for message in notices.reminders_of(session):
                made["reminders"].append(
                    {
                        "id": message.id,
                        "key": outbox.delivery_key(message),
                        "mobile": message.payload["mobile"],
                        "due_at": message.due_at.isoformat(),
                        "session_starts": session.start_at.isoformat(),
                    }
                )
    return made


def clean(url: str, made: dict) -> None:
    """Delete everything seed() created."""
    from sqlalchemy import delete

    from mediation.accounts.models import User
    from mediation.core.outbox import OutboxMessage
    from mediation.disputes.models import Dispute, Party
    from mediation.extensions import db
    from mediation.mediators.models import Mediator
    from mediation.organisations.models import Organisation
    from mediation.scheduling.models import MediationSession

    app = _app(url)
    with app.app_context():
        ids = [r["id"] for r in made["reminders"]]
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(ids)))
        db.session.execute(
            delete(MediationSession).where(MediationSession.id.in_(made["sessions"]))
        )
        db.session.execute(delete(Mediator).where(Mediator.id.in_(made["mediators"])))
        db.session.execute(delete(Party).where(Party.dispute_id.in_(made["disputes"])))
        db.session.execute(delete(Dispute).where(Dispute.id.in_(made["disputes"])))
        db.session.execute(delete(User).where(User.id.in_(made["users"])))
        db.session.execute(delete(Organisation).where(Organisation.id.in_(made["organisations"])))
        db.session.commit()


def run_script(*args: str, stdin: str = "") -> str:
    import subprocess

    result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
        [PYTHON, "-m", "tests.core.outbox_live", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    command, url = sys.argv[1], sys.argv[2]
    if command == "seed":
        print(json.dumps(seed(url, int(sys.argv[3]))))
    elif command == "clean":
        clean(url, json.load(sys.stdin))
        print("cleaned")
