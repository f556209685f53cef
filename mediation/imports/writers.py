"""Writing validated rows as the records the rest of the system reads, and removing them.

A historical case is written as the statistics report counts a concluded case: the dispute
(closed, with its own dates), its parties, and for a decided case the outcome row with the
agreement (written) or the oral agreement's register row. Nothing here calls the lifecycle's
operations, so nobody is texted or e-mailed about events of years ago.
"""

import hashlib
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.disputes import codes
from mediation.disputes.lifecycle import State
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.imports.columns import ENDED_WITHOUT_OUTCOME, SETTLING, Kind
from mediation.outcomes.models import Agreement, Outcome
from mediation.outcomes.record_models import OralAgreement
from mediation.reports.models import ScreeningLog
from mediation.roster.models import Mediator

# The hours of the day a historical case is taken as accepted and decided (local time).
FILED_HOUR, DECIDED_HOUR = time(9, 0), time(17, 0)
HISTORY_TERMS = "历史数据导入；协议原件见纸质卷宗。"
# The lifecycle events the statistics report reads for cases that end without an outcome row.
END_ACTIONS = {
    "withdrawn": ("dispute.accept", "dispute.withdraw"),
    "stopped": ("dispute.accept", "dispute.stop"),
    "declined": ("dispute.accept", "dispute.decline"),
    "rejected": ("dispute.reject",),
}


def _instant(day: str, at: time, zone: str) -> datetime:
    return datetime.combine(date.fromisoformat(day), at, ZoneInfo(zone)).astimezone(UTC)


def _fresh_codes(count: int) -> list[str]:
    """`count` case codes that no dispute has yet, checked in one query."""
    chosen: set[str] = set()
    while len(chosen) < count:
        wanted = {codes.new_code() for _ in range(count - len(chosen))} - chosen
        taken = set(db.session.scalars(select(Dispute.code).where(Dispute.code.in_(wanted))))
        chosen |= wanted - taken
    return sorted(chosen)


def _party(side: str, position: int, name: str, mobile: str | None) -> Party:
    # A historical party without a mobile keeps an empty one: no account has it, no log-in
    # by SMS code can claim it, and nothing here texts it.
    return Party(side=side, position=position, name=name, mobile=mobile or "")


def _case(row: dict, code: str, zone: str) -> Dispute:
    filed_at = _instant(row["filed_on"], FILED_HOUR, zone)
    decided_at = _instant(row["closed_on"], DECIDED_HOUR, zone)
    outcome_key = row["outcome"]
    dispute = Dispute(
        code=code,
        category=row["category"],
        channel=row["channel"],
        state=State.REJECTED if outcome_key == "rejected" else State.CLOSED,
        state_reason=outcome_key,
        description=row["description"],
        amount=Decimal(row["amount"]) if row.get("amount") else None,
        township_id=row["township_id"],
        village_id=row.get("village_id"),
        organisation_id=row["township_id"],
        mediator_id=row.get("mediator_id"),
        filed_at=filed_at,
        updated_at=decided_at,
    )
    dispute.parties = [
        _party("applicant", 0, row["applicant_name"], row.get("applicant_mobile")),
        _party("respondent", 1, row["respondent_name"], row.get("respondent_mobile")),
    ]
    if outcome_key in ENDED_WITHOUT_OUTCOME:
        return dispute
    outcome = Outcome(
        dispute=dispute,
        result=outcome_key,
        decided_at=decided_at,
        category=dispute.category,
        township_id=dispute.township_id,
        organisation_id=dispute.township_id,
        mediator_id=dispute.mediator_id,
        days_to_close=max((decided_at - filed_at).days, 0),
    )
    db.session.add(outcome)
    if outcome_key in SETTLING and row["agreement"] == "oral":
        db.session.add(
            OralAgreement(
                dispute=dispute,
                outcome=outcome,
                content=HISTORY_TERMS,
                performance=HISTORY_TERMS,
                amount=dispute.amount,
                agreed_at=decided_at,
                township_id=dispute.township_id,
                organisation_id=dispute.township_id,
                mediator_id=dispute.mediator_id,
                recorded_at=decided_at,
            )
        )
    elif outcome_key in SETTLING:
        db.session.add(
            Agreement(
                dispute=dispute,
                outcome=outcome,
                terms=HISTORY_TERMS,
                document_hash=hashlib.sha256(HISTORY_TERMS.encode()).hexdigest(),
                created_at=decided_at,
                effective_at=decided_at,
                committee_id=dispute.township_id,
            )
        )
    return dispute


def write_cases(rows: list[dict], zone: str) -> list[int]:
    disputes = [
        _case(row, code, zone) for row, code in zip(rows, _fresh_codes(len(rows)), strict=True)
    ]
    db.session.add_all(disputes)
    db.session.flush()
    return [d.id for d in disputes]


def write_mediators(rows: list[dict], zone: str) -> list[int]:
    mediators = []
    for row in rows:
        user = User(
            name=row["name"],
            mobile=row["mobile"],
            role=Role.MEDIATOR,
            organisation_id=row["organisation_id"],
            timezone=zone,
        )
        mediators.append(
            Mediator(
                user=user,
                organisation_id=row["organisation_id"],
                full_time=row["full_time"],
                gold_medal=row["gold_medal"],
                specialties=row["specialties"],
                languages=row["languages"],
                capacity=row["capacity"],
            )
        )
    db.session.add_all(mediators)
    db.session.flush()
    return [m.id for m in mediators]


def write_screenings(rows: list[dict], zone: str, recorded_by_id: int) -> list[int]:
    logs = [
        ScreeningLog(
            township_id=row["township_id"],
            village_id=row.get("village_id"),
            held_on=date.fromisoformat(row["held_on"]),
            runs=row["runs"],
            disputes_found=row["disputes_found"],
            disputes_prevented=row["disputes_prevented"],
            recorded_by_id=recorded_by_id,
        )
        for row in rows
    ]
    db.session.add_all(logs)
    db.session.flush()
    return [log.id for log in logs]


def write_rows(kind: str, rows: list[dict], zone: str, user_id: int) -> list[int]:
    """Write one chunk of validated rows of a kind; return the ids of the records, in order."""
    if kind == Kind.CASES:
        return write_cases(rows, zone)
    if kind == Kind.MEDIATORS:
        return write_mediators(rows, zone)
    return write_screenings(rows, zone, user_id)


def record_case_endings(rows_and_ids: list[tuple[dict, int]], zone: str, batch_id: int) -> int:
    """Append the lifecycle events of the cases that ended without an outcome row, on their days.

    The statistics report counts withdrawn and stopped cases, and shows declined and rejected
    ones apart, from these events (mediation/reports/statistics.py).
    """
    written = 0
    for row, dispute_id in rows_and_ids:
        for action in END_ACTIONS.get(row["outcome"], ()):
            day = row["filed_on"] if action == "dispute.accept" else row["closed_on"]
            hour = FILED_HOUR if action == "dispute.accept" else DECIDED_HOUR
            record_event(
                action,
                "dispute",
                dispute_id,
                occurred_at=_instant(day, hour, zone),
                imported_batch=batch_id,
            )
            written += 1
    return written


def remove_records(kind: str, ids: list[int]) -> None:
    """Delete what rows of a batch wrote (a failed batch leaves nothing half-imported)."""
    if not ids:
        return
    if kind == Kind.CASES:
        for model in (OralAgreement, Agreement, Outcome, Party):
            db.session.execute(delete(model).where(model.dispute_id.in_(ids)))
        db.session.execute(delete(Dispute).where(Dispute.id.in_(ids)))
    elif kind == Kind.MEDIATORS:
        users = list(db.session.scalars(select(Mediator.user_id).where(Mediator.id.in_(ids))))
        db.session.execute(delete(Mediator).where(Mediator.id.in_(ids)))
        db.session.execute(delete(User).where(User.id.in_(users)))
    else:
        db.session.execute(delete(ScreeningLog).where(ScreeningLog.id.in_(ids)))
