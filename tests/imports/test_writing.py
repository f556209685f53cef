"""Writing a batch in bulk: what it leaves on the audit chain, and nothing when a chunk fails."""

from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent, first_broken_event, record_event
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.imports import writers
from mediation.imports.models import ImportBatch, ImportedRecord
from mediation.outcomes.models import Agreement, Outcome
from mediation.outcomes.record_models import OralAgreement
from tests.imports.conftest import case_row, xlsx

ENDINGS = ["调解成功", "撤回申请", "终止调解", "不同意调解", "不予受理", "调解不成功"]


def mixed_cases(count: int) -> list[list]:
    """Cases of every ending, written and oral agreements among the settled ones."""
    rows = []
    for n in range(count):
        outcome = ENDINGS[n % len(ENDINGS)]
        agreement = ("书面协议" if n % 4 else "口头协议") if outcome == "调解成功" else "无"
        rows.append(case_row(source_ref=f"2020-{n:04d}", outcome=outcome, agreement=agreement))
    return rows


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_audit_verify_passes_after_an_import_with_lifecycle_events(
    app, county, create_user, login, upload, run_worker, runner, monkeypatch
):
    login(create_user(Role.ADMIN))
    record_event("test.before", "test", 1)
    monkeypatch.setitem(app.config, "IMPORT_CHUNK_ROWS", 4)
    upload("cases", xlsx(mixed_cases(12)))
    assert run_worker() == 1
    record_event("test.after", "test", 2)
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    # Two each for withdrawn, stopped and declined, one for rejected, per six rows.
    assert actions.count("dispute.accept") == 6 and actions.count("dispute.reject") == 2
    assert actions[0] == "test.before" and actions[-2:] == ["import.completed", "test.after"]
    assert first_broken_event() is None
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "chain intact" in result.output


def test_lifecycle_events_name_the_written_disputes_on_the_files_days(
    county, create_user, login, upload, run_worker
):
    login(create_user(Role.ADMIN))
    upload("cases", xlsx(mixed_cases(6)))
    run_worker()
    stopped = db.session.scalar(
        select(ImportedRecord.record_id).where(ImportedRecord.source_ref == "2020-0002")
    )
    events = db.session.execute(
        select(AuditEvent.action, AuditEvent.occurred_at)
        .where(AuditEvent.subject_type == "dispute", AuditEvent.subject_id == stopped)
        .order_by(AuditEvent.id)
    ).all()
    assert [(a, t.date().isoformat()) for a, t in events] == [
        ("dispute.accept", "2020-03-02"),
        ("dispute.stop", "2020-03-20"),
    ]
    assert db.session.get(Dispute, stopped).state_reason == "stopped"


def test_a_constraint_violation_in_the_third_chunk_leaves_nothing_of_the_batch(
    app, county, create_user, login, upload, run_worker, monkeypatch
):
    login(create_user(Role.ADMIN))
    monkeypatch.setitem(app.config, "IMPORT_CHUNK_ROWS", 4)
    upload("cases", xlsx(mixed_cases(12)))
    real, given = writers._fresh_codes, []

    def clashing(number: int) -> list[str]:
        # The third chunk reuses the first chunk's codes: the unique index refuses it.
        given.append(given[0] if len(given) == 2 else real(number))
        return given[-1]

    monkeypatch.setattr(writers, "_fresh_codes", clashing)
    events_before = count(AuditEvent)
    run_worker()
    batch = db.session.scalar(select(ImportBatch))
    assert len(given) == 3
    assert batch.status == "failed" and "IntegrityError" in batch.error
    assert (batch.done_rows, batch.written_rows) == (0, 0)
    for model in (Dispute, Party, Outcome, Agreement, OralAgreement, ImportedRecord):
        assert count(model) == 0, model.__name__
    assert count(AuditEvent) == events_before
    assert first_broken_event() is None
