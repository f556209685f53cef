"""Agreement numbers stay unique and gap-free under concurrency: real requests, PostgreSQL."""

import http.client
import json
import os
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from mediation.accounts.models import Role, User
from mediation.accounts.tokens import issue_token
from mediation.core.audit import AuditEvent
from mediation.core.outbox import OutboxMessage
from mediation.disputes import codes
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import Organisation, OrgKind, SealHolder
from mediation.outcomes import agreements, signing
from mediation.outcomes.counters import claim_serial
from mediation.outcomes.models import (
    Agreement,
    AgreementCounter,
    FollowUp,
    Outcome,
    Performance,
    Signature,
)
from tests import gunicorn_pool
from tests.factories import PASSWORD, valid_resident_id
from tests.outcomes.conftest import seal_png

ON_POSTGRES = (os.environ.get("TEST_DATABASE_URL") or "").startswith("postgres")
needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="needs TEST_DATABASE_URL (PostgreSQL)")
ROOT = Path(__file__).resolve().parents[2]
AGREEMENTS = 12


def _party(side: str, position: int, serial: int) -> Party:
    resident_id = valid_resident_id(serial)
    return Party(
        side=side,
        position=position,
        name=f"并发{side}{serial}",
        mobile=f"166{serial:08d}",
        resident_id=resident_id,
        kind="person",
        sex="male" if int(resident_id[16]) % 2 else "female",
        ethnicity="汉族",
        birth_date=date(1980, 1, 1),
        occupation="农民",
        address="并发镇1组",
    )


def _signed_agreement(station, mediator, serial: int) -> Agreement:
    """A settled case whose agreement everyone has signed: only the seal is still to come."""
    dispute = Dispute(
        code=codes.new_code(),
        category="neighbour",
        channel="walk_in",
        state="settled",
        description="并发编号测试",
        township=station,
        organisation=station,
        mediator=mediator,
        parties=[_party("applicant", 0, serial), _party("respondent", 1, serial + 500)],
    )
    outcome = Outcome(
        dispute=dispute,
        result="settled",
        terms="赔偿一千元",
        category="neighbour",
        township_id=station.id,
        days_to_close=3,
    )
    agreement = Agreement(
        dispute=dispute,
        outcome=outcome,
        terms="赔偿一千元",
        committee=station,
        facts="事实",
        disputed_matters="赔偿数额",
        responsibilities="被申请人负全责",
        copies=3,
        performances=[
            Performance(position=0, term="赔偿", method="转账", due_on=date(2026, 12, 31))
        ],
    )
    agreement.document_hash = signing.document_hash(agreements.agreement_text(agreement))
    return agreement


def _sign(session, agreement: Agreement) -> None:
    for signer in signing.required_signers(
        [p.id for p in agreement.dispute.parties], agreement.dispute.mediator_id
    ):
        session.add(
            Signature(
                agreement=agreement,
                signer=signer,
                method="online",
                assurance="sms_code",
                document_hash=agreement.document_hash,
            )
        )


@pytest.fixture(scope="module")
def world(app):
    """Committed data for real processes: a committee, its seal holder, signed agreements."""
    if not ON_POSTGRES:
        pytest.skip("needs TEST_DATABASE_URL (PostgreSQL)")
    with app.app_context(), Session(db.engine) as session:
        marks = {
            model: session.scalar(select(func.coalesce(func.max(model.id), 0)))
            for model in (AuditEvent, OutboxMessage)
        }
        station = Organisation(
            name="并发编号工作站",
            kind=OrgKind.STATION,
            area="并发镇",
            committee_name="并发镇人民调解委员会",
            seal_png=seal_png(),
            seal_sha256="0" * 64,
        )
        holder = User(name="印章保管人", mobile="16690000001", role=Role.COORDINATOR)
        holder.organisation = station
        mediator_user = User(name="并发调解员", mobile="16690000002", role=Role.MEDIATOR)
        for user in (holder, mediator_user):
            user.set_password(PASSWORD)
        mediator = Mediator(user=mediator_user, organisation=station)
        session.add_all([station, holder, mediator_user, mediator])
        session.flush()
        session.add(SealHolder(organisation_id=station.id, user_id=holder.id))
        signed = [_signed_agreement(station, mediator, 700 + n) for n in range(AGREEMENTS)]
        session.add_all(signed)
        session.flush()
        for agreement in signed:
            _sign(session, agreement)
        session.commit()
        ids = {
            "station": station.id,
            "holder": holder.id,
            "mediator_user": mediator_user.id,
            "mediator": mediator.id,
            "agreements": [a.id for a in signed],
            "disputes": [a.dispute_id for a in signed],
            "cases": [(a.dispute.code, a.document_hash) for a in signed],
        }
        with app.test_request_context():
            ids["token"] = issue_token(holder)[0]
    yield ids
    with app.app_context(), Session(db.engine) as session:
        agreement_ids, dispute_ids = ids["agreements"], ids["disputes"]
        session.execute(delete(FollowUp).where(FollowUp.agreement_id.in_(agreement_ids)))
        session.execute(delete(Signature).where(Signature.agreement_id.in_(agreement_ids)))
        session.execute(delete(Performance).where(Performance.agreement_id.in_(agreement_ids)))
        session.execute(delete(Agreement).where(Agreement.id.in_(agreement_ids)))
        session.execute(delete(Outcome).where(Outcome.dispute_id.in_(dispute_ids)))
        session.execute(delete(Party).where(Party.dispute_id.in_(dispute_ids)))
        session.execute(delete(Dispute).where(Dispute.id.in_(dispute_ids)))
        session.execute(
            delete(AgreementCounter).where(AgreementCounter.committee_id == ids["station"])
        )
        session.execute(delete(SealHolder).where(SealHolder.organisation_id == ids["station"]))
        session.execute(delete(Mediator).where(Mediator.id == ids["mediator"]))
        session.execute(delete(OutboxMessage).where(OutboxMessage.id > marks[OutboxMessage]))
        session.execute(delete(AuditEvent).where(AuditEvent.id > marks[AuditEvent]))
        session.execute(delete(User).where(User.id.in_([ids["holder"], ids["mediator_user"]])))
        session.execute(delete(Organisation).where(Organisation.id == ids["station"]))
        session.commit()


@pytest.fixture(scope="module")
def server(world):
    """The real application under gunicorn with gevent workers, against the test database."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "DATABASE_URL": os.environ["TEST_DATABASE_URL"],
        "SECRET_KEY": "test-secret",
        "FLASK_APP": "wsgi",
        "NOTIFY_BACKENDS": "log",
    }
    with gunicorn_pool.serving(env) as host:
        yield host


def _post(host: str, path: str, token: str, body: dict) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(*host.split(":"), timeout=60)
    connection.request(
        "POST",
        path,
        json.dumps(body),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"{}")


@pytest.mark.slow
@needs_postgres
def test_concurrent_seals_number_a_committees_agreements_one_to_n(app, world, server):
    results: list[tuple[int, dict]] = []
    barrier = threading.Barrier(AGREEMENTS)

    def seal(code: str, document_hash: str):
        barrier.wait()
        path = f"/api/v1/disputes/{code}/agreement/seal"
        results.append(_post(server, path, world["token"], {"document_hash": document_hash}))

    threads = [threading.Thread(target=seal, args=case) for case in world["cases"]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert sorted(status for status, _ in results) == [200] * AGREEMENTS, results
    numbers = sorted(body["number"] for _, body in results)
    year = numbers[0][1:5]
    assert numbers == sorted(f"（{year}）乐人调字第{n}号" for n in range(1, AGREEMENTS + 1))
    with app.app_context(), Session(db.engine) as session:
        serials = session.scalars(
            select(Agreement.number_serial).where(Agreement.id.in_(world["agreements"]))
        ).all()
        assert sorted(serials) == list(range(1, AGREEMENTS + 1))
        counter = session.scalars(
            select(AgreementCounter.last_serial).where(
                AgreementCounter.committee_id == world["station"]
            )
        ).one()
        assert counter == AGREEMENTS


@needs_postgres
def test_a_rolled_back_claim_gives_its_serial_to_the_next_one(app, world):
    """The counter row is locked until commit: a claim that rolls back leaves no gap."""
    committee, year = world["station"], 1999
    got = []
    with app.app_context():
        try:
            with Session(db.engine) as first:
                assert claim_serial(committee, year, first) == 1

                def claim_in_another_transaction():
                    with app.app_context(), Session(db.engine) as second:
                        got.append(claim_serial(committee, year, second))
                        second.commit()

                waiting = threading.Thread(target=claim_in_another_transaction)
                waiting.start()
                waiting.join(1)
                assert waiting.is_alive()  # it waits on the row the first claim locked
                first.rollback()
            waiting.join(30)
            assert got == [1]  # the 1 rolled back is given again: no gap
        finally:
            with Session(db.engine) as cleanup:
                cleanup.execute(
                    delete(AgreementCounter).where(
                        AgreementCounter.committee_id == committee, AgreementCounter.year == year
                    )
                )
                cleanup.commit()
