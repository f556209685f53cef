"""Writing validated rows as the records the rest of the system reads, and removing them.

A historical case is written as the statistics report counts a concluded case: the dispute
(closed, with its own dates), its parties, and for a decided case the outcome row with the
agreement (written) or the oral agreement's register row. Nothing here calls the lifecycle's
operations, so nobody is texted or e-mailed about events of years ago.

A chunk is written as plain rows, table by table, each table in one statement: thousands of
cases take a few dozen round trips, not several per case.
"""

import hashlib
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import delete, insert, select

from mediation.accounts.models import Role, User
from mediation.core.audit import Entry, record_events
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
HISTORY_TERMS_HASH = hashlib.sha256(HISTORY_TERMS.encode()).hexdigest()
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


def _insert(model, rows: list[dict]) -> None:
    """Insert rows of a model in one executemany (pipelined by psycopg on PostgreSQL)."""
    if rows:
        db.session.execute(insert(model.__table__), rows)


def _insert_keyed(model, rows: list[dict], key: str) -> list[int]:
    """Insert rows, then read their ids back by a column unique among them, in the rows' order.

    Cheaper than `INSERT … RETURNING` in the rows' order, which SQLite answers one row at a
    time and psycopg parses, thousands of placeholders long, in Python for every chunk.
    """
    _insert(model, rows)
    column = getattr(model, key)
    values = [row[key] for row in rows]
    query = select(column, model.id).where(column.in_(values))
    found = {value: id_ for value, id_ in db.session.execute(query)}
    return [found[value] for value in values]


def _party(dispute_id: int, side: str, position: int, name: str, mobile: str | None) -> dict:
    # A historical party without a mobile keeps an empty one: no account has it, no log-in
    # by SMS code can claim it, and nothing here texts it.
    return {
        "dispute_id": dispute_id,
        "side": side,
        "position": position,
        "name": name,
        "mobile": mobile or "",
    }


def _dispute(row: dict, code: str, zone: str) -> dict:
    outcome_key = row["outcome"]
    return {
        "code": code,
        "category": row["category"],
        "channel": row["channel"],
        "state": State.REJECTED if outcome_key == "rejected" else State.CLOSED,
        "state_reason": outcome_key,
        "description": row["description"],
        "amount": Decimal(row["amount"]) if row.get("amount") else None,
        "township_id": row["township_id"],
        "village_id": row.get("village_id"),
        "organisation_id": row["township_id"],
        "mediator_id": row.get("mediator_id"),
        "filed_at": _instant(row["filed_on"], FILED_HOUR, zone),
        "updated_at": _instant(row["closed_on"], DECIDED_HOUR, zone),
        "version": 1,
    }


def _outcome(dispute_id: int, row: dict, dispute: dict) -> dict:
    return {
        "dispute_id": dispute_id,
        "result": row["outcome"],
        "decided_at": dispute["updated_at"],
        "category": dispute["category"],
        "township_id": dispute["township_id"],
        "organisation_id": dispute["township_id"],
        "mediator_id": dispute["mediator_id"],
        "days_to_close": max((dispute["updated_at"] - dispute["filed_at"]).days, 0),
    }


def _oral_agreement(outcome: dict, outcome_id: int, amount: Decimal | None) -> dict:
    return {
        "dispute_id": outcome["dispute_id"],
        "outcome_id": outcome_id,
        "content": HISTORY_TERMS,
        "performance": HISTORY_TERMS,
        "amount": amount,
        "agreed_at": outcome["decided_at"],
        "township_id": outcome["township_id"],
        "organisation_id": outcome["township_id"],
        "mediator_id": outcome["mediator_id"],
        "recorded_at": outcome["decided_at"],
    }


def _agreement(outcome: dict, outcome_id: int) -> dict:
    return {
        "dispute_id": outcome["dispute_id"],
        "outcome_id": outcome_id,
        "terms": HISTORY_TERMS,
        "document_hash": HISTORY_TERMS_HASH,
        "created_at": outcome["decided_at"],
        "effective_at": outcome["decided_at"],
        "committee_id": outcome["township_id"],
    }


def write_cases(rows: list[dict], zone: str) -> list[int]:
    """Write a chunk of cases table by table, one statement each; return the disputes' ids."""
    disputes = [
        _dispute(row, code, zone) for row, code in zip(rows, _fresh_codes(len(rows)), strict=True)
    ]
    ids = _insert_keyed(Dispute, disputes, "code")
    _insert(
        Party,
        [
            party
            for row, dispute_id in zip(rows, ids, strict=True)
            for party in (
                _party(
                    dispute_id, "applicant", 0, row["applicant_name"], row.get("applicant_mobile")
                ),
                _party(
                    dispute_id,
                    "respondent",
                    1,
                    row["respondent_name"],
                    row.get("respondent_mobile"),
                ),
            )
        ],
    )
    decided = [
        (row, dispute, dispute_id)
        for row, dispute, dispute_id in zip(rows, disputes, ids, strict=True)
        if row["outcome"] not in ENDED_WITHOUT_OUTCOME
    ]
    outcomes = [_outcome(dispute_id, row, dispute) for row, dispute, dispute_id in decided]
    # A case written here has no outcome yet but the one written now.
    outcome_ids = _insert_keyed(Outcome, outcomes, "dispute_id")
    oral, written = [], []
    for (row, dispute, _), outcome, outcome_id in zip(decided, outcomes, outcome_ids, strict=True):
        if row["outcome"] not in SETTLING:
            continue
        if row["agreement"] == "oral":
            oral.append(_oral_agreement(outcome, outcome_id, dispute["amount"]))
        else:
            written.append(_agreement(outcome, outcome_id))
    _insert(OralAgreement, oral)
    _insert(Agreement, written)
    return ids


def write_mediators(rows: list[dict], zone: str) -> list[int]:
    """Write a chunk of mediators: their accounts, then their roster entries."""
    user_ids = _insert_keyed(
        User,
        [
            {
                "name": row["name"],
                "mobile": row["mobile"],
                "role": Role.MEDIATOR,
                "organisation_id": row["organisation_id"],
                "timezone": zone,
            }
            for row in rows
        ],
        "mobile",
    )
    return _insert_keyed(
        Mediator,
        [
            {
                "user_id": user_id,
                "organisation_id": row["organisation_id"],
                "full_time": row["full_time"],
                "gold_medal": row["gold_medal"],
                "specialties": row["specialties"],
                "languages": row["languages"],
                "capacity": row["capacity"],
            }
            for row, user_id in zip(rows, user_ids, strict=True)
        ],
        "user_id",
    )


def write_screenings(rows: list[dict], zone: str, recorded_by_id: int) -> list[int]:
    """Write a chunk of screening logs."""
    logs = [
        {
            "township_id": row["township_id"],
            "village_id": row.get("village_id"),
            "held_on": date.fromisoformat(row["held_on"]),
            "runs": row["runs"],
            "disputes_found": row["disputes_found"],
            "disputes_prevented": row["disputes_prevented"],
            "recorded_by_id": recorded_by_id,
        }
        for row in rows
    ]
    if not logs:
        return []
    # A screening log has no unique column; a file holds a few hundred of them.
    statement = insert(ScreeningLog).returning(ScreeningLog.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, logs))


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
    entries = [
        Entry(
            action,
            "dispute",
            dispute_id,
            occurred_at=_instant(
                row["filed_on"] if action == "dispute.accept" else row["closed_on"],
                FILED_HOUR if action == "dispute.accept" else DECIDED_HOUR,
                zone,
            ),
            data={"imported_batch": batch_id},
        )
        for row, dispute_id in rows_and_ids
        for action in END_ACTIONS.get(row["outcome"], ())
    ]
    return record_events(entries)


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
