"""The people's-mediation statistics report (人民调解统计报表) read from the records.

Each figure is one SQL aggregate; Python only maps categories onto the form's rows. The
counting rules (docs/reports.md, "The statistics report") in short:

- 调解案件数 (accepted) counts cases concluded in the period after their acceptance: those
  with an outcome decided in it, and those withdrawn or stopped in it (终止调解). A case
  still open at the period's end counts in the period it concludes in (reference §1.8).
- 调解成功 counts settled and partly settled outcomes; 未成功 the rest of 调解案件数.
- Cases not accepted (不予受理), declined by a party (不同意调解, art. 17: no mediation
  took place) and withdrawn before acceptance are not 调解案件; each is shown apart.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import aliased

from mediation.core.audit import AuditEvent
from mediation.core.db import among
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.agencies import Agency
from mediation.handoffs.models import HandOff
from mediation.mediators.models import Mediator, Studio
from mediation.organisations.models import Organisation, OrgKind, subtree_ids
from mediation.outcomes.models import SETTLING_RESULTS, Outcome
from mediation.outcomes.record_models import OralAgreement
from mediation.reports import queries
from mediation.reports.periods import Period, rate
from mediation.reports.report_periods import ReportPeriod
from mediation.reports.report_rows import CASE_ROWS, REFERRAL_ROWS, row_of

ENDED_WITHOUT_OUTCOME = ("dispute.withdraw", "dispute.stop")
CONCLUDING = (*ENDED_WITHOUT_OUTCOME, "dispute.decline", "dispute.reject")
TEN_THOUSAND = Decimal(10000)
ACCEPT = aliased(AuditEvent)
CASE_MEASURES = ("accepted", "settled", "not_settled", "written", "oral", "amount")


@dataclass
class StatisticsReport:
    period: ReportPeriod
    place_id: int | None
    organisations: dict = field(default_factory=dict)
    mediators: dict = field(default_factory=dict)
    screening: dict = field(default_factory=dict)
    cases: list = field(default_factory=list)
    case_total: dict = field(default_factory=dict)
    not_counted: dict = field(default_factory=dict)
    confirmations: dict = field(default_factory=dict)
    referrals: list = field(default_factory=list)
    avg_days: float | None = None
    # Above a county: each county's own figures, beside the roll-up.
    counties: list = field(default_factory=list)


def _in(column, period: Period):
    return and_(column >= period.start_at, column < period.end_at)


def _scoped(query, place_id: int | None, township_column):
    return query if place_id is None else query.where(among(township_column, subtree_ids(place_id)))


def organisation_counts(place_id: int | None) -> dict:
    """Organisations by kind as they stand, and the active studios (个人调解工作室)."""
    query = select(Organisation.kind, func.count()).group_by(Organisation.kind)
    studios = select(func.count()).select_from(Studio).where(Studio.active.is_(True))
    if place_id is not None:
        ids = subtree_ids(place_id)
        query = query.where(among(Organisation.id, ids))
        studios = studios.where(among(Studio.organisation_id, ids))
    counts: dict[str, int] = {str(kind): n for kind, n in db.session.execute(query).all()}
    kinds = (OrgKind.STATION, OrgKind.VILLAGE_ROOM, OrgKind.COMMITTEE)
    rows = {kind.value: counts.get(kind.value, 0) for kind in kinds}
    rows["studio"] = db.session.scalar(studios) or 0
    rows["total"] = sum(rows.values())
    return rows


def mediator_counts(place_id: int | None) -> dict:
    """Active mediators: all, full-time, part-time and gold medal."""
    query = select(
        func.count(),
        func.count().filter(Mediator.full_time.is_(True)),
        func.count().filter(Mediator.gold_medal.is_(True)),
    ).where(Mediator.active.is_(True))
    if place_id is not None:
        query = query.where(among(Mediator.organisation_id, subtree_ids(place_id)))
    total, full_time, gold = db.session.execute(query).one()
    return {
        "total": total,
        "full_time": full_time,
        "part_time": total - full_time,
        "gold_medal": gold,
    }


def _accepted(*conditions):
    """The dispute has its dispute.accept event, under the conditions given on `ACCEPT`."""
    return exists().where(
        ACCEPT.subject_type == "dispute",
        ACCEPT.subject_id == Dispute.id,
        ACCEPT.action == "dispute.accept",
        *conditions,
    )


def _accepted_before_the_event():
    """The dispute was accepted before the event at hand (the audit chain is in order)."""
    return _accepted(ACCEPT.id < AuditEvent.id)


def _events(period: Period, place_id: int | None, actions, *columns):
    query = (
        select(*columns)
        .select_from(AuditEvent)
        .join(
            Dispute, and_(AuditEvent.subject_type == "dispute", AuditEvent.subject_id == Dispute.id)
        )
        .where(AuditEvent.action.in_(actions), _in(AuditEvent.occurred_at, period))
    )
    return _scoped(query, place_id, Dispute.township_id)


def outcomes_by_category(period: Period, place_id: int | None) -> dict:
    """Per category: settled, not settled, oral agreements, amount of the settled cases."""
    settling = Outcome.result.in_([r.value for r in SETTLING_RESULTS])
    query = (
        select(
            Outcome.category,
            func.count().filter(settling),
            func.count().filter(~settling),
            func.count(OralAgreement.id),
            func.coalesce(func.sum(Dispute.amount).filter(settling), 0),
        )
        .join(Dispute, Dispute.id == Outcome.dispute_id)
        .outerjoin(OralAgreement, OralAgreement.outcome_id == Outcome.id)
        .where(_in(Outcome.decided_at, period), Outcome.session_id.is_(None))
        .group_by(Outcome.category)
    )
    query = _scoped(query, place_id, Outcome.township_id)
    return {
        category: {"settled": s, "not_settled": n, "oral": o, "amount": Decimal(str(a))}
        for category, s, n, o, a in db.session.execute(query)
    }


def ended_by_category(period: Period, place_id: int | None) -> dict:
    """Per category: cases withdrawn or stopped in the period after their acceptance."""
    query = _events(period, place_id, ENDED_WITHOUT_OUTCOME, Dispute.category, func.count()).where(
        _accepted_before_the_event()
    )
    return dict(db.session.execute(query.group_by(Dispute.category)).all())


def case_table(period: Period, place_id: int | None) -> tuple[list, dict]:
    """The case table's rows in the official order, and their total."""
    rows: dict[str, dict[str, Any]] = {
        key: {"key": key, "label": label, **dict.fromkeys(CASE_MEASURES, 0)}
        for key, label in CASE_ROWS
    }
    for category, figures in outcomes_by_category(period, place_id).items():
        row = rows[row_of(category)]
        row["settled"] += figures["settled"]
        row["not_settled"] += figures["not_settled"]
        row["oral"] += figures["oral"]
        row["amount"] += figures["amount"]
    for category, count in ended_by_category(period, place_id).items():
        rows[row_of(category)]["not_settled"] += count
    total: dict[str, Any] = {"key": "total", "label": "合计", **dict.fromkeys(CASE_MEASURES, 0)}
    for row in rows.values():
        row["accepted"] = row["settled"] + row["not_settled"]
        row["written"] = row["settled"] - row["oral"]
        for measure in CASE_MEASURES:
            total[measure] += row[measure]
    ordered = [*rows.values(), total]
    for row in ordered:
        row["rate"] = rate(row["settled"], row["accepted"])
        row["amount_10k"] = (Decimal(row["amount"]) / TEN_THOUSAND).quantize(Decimal("0.01"))
    return ordered[:-1], total


def not_counted(period: Period, place_id: int | None) -> dict:
    """The cases the case table leaves out, each by its rule."""

    def count(actions, *conditions) -> int:
        query = _events(period, place_id, actions, func.count()).where(*conditions)
        return db.session.scalar(query)

    open_at_end = _scoped(
        select(func.count())
        .select_from(Dispute)
        .where(
            _accepted(ACCEPT.occurred_at < period.end_at),
            ~exists().where(
                Outcome.dispute_id == Dispute.id,
                Outcome.session_id.is_(None),
                Outcome.decided_at < period.end_at,
            ),
            ~exists().where(
                AuditEvent.subject_type == "dispute",
                AuditEvent.subject_id == Dispute.id,
                AuditEvent.action.in_(CONCLUDING),
                AuditEvent.occurred_at < period.end_at,
            ),
        ),
        place_id,
        Dispute.township_id,
    )
    return {
        "rejected": count(("dispute.reject",)),
        "declined": count(("dispute.decline",)),
        "withdrawn_before_acceptance": count(("dispute.withdraw",), ~_accepted_before_the_event()),
        "open_at_end": db.session.scalar(open_at_end),
    }


def _handoffs(place_id: int | None, *columns):
    query = (
        select(*columns)
        .select_from(HandOff)
        .join(Agency, Agency.id == HandOff.agency_id)
        .join(Dispute, Dispute.id == HandOff.dispute_id)
        .where(HandOff.direction == "inbound")
    )
    return _scoped(query, place_id, Dispute.township_id)


def confirmations(period: Period, place_id: int | None) -> dict:
    """Judicial confirmations applied for, and granted by the court, in the period."""

    def on_days(column):
        return and_(column >= period.start, column <= period.end)

    applied = _handoffs(place_id, func.count()).where(on_days(HandOff.confirmation_applied_on))
    granted = _handoffs(place_id, func.count()).where(on_days(HandOff.confirmation_granted_on))
    return {"applied": db.session.scalar(applied), "granted": db.session.scalar(granted)}


def referrals(period: Period, place_id: int | None) -> list[dict]:
    """Referrals from courts, police and petition bureaus: received, and results sent back."""
    received = dict(
        db.session.execute(
            _handoffs(place_id, Agency.kind, func.count())
            .where(_in(HandOff.sent_at, period))
            .group_by(Agency.kind)
        ).all()
    )
    results: dict = {}
    query = (
        _handoffs(place_id, Agency.kind, HandOff.result, func.count())
        .where(_in(HandOff.result_at, period), HandOff.result.is_not(None))
        .group_by(Agency.kind, HandOff.result)
    )
    for kind, result, count in db.session.execute(query):
        results.setdefault(kind, {})[result] = count
    rows = []
    for key, label, kinds in REFERRAL_ROWS:
        row = {"key": key, "label": label, "received": sum(received.get(k, 0) for k in kinds)}
        for result in ("settled", "not_settled", "withdrawn", "feedback"):
            row[result] = sum(results.get(k, {}).get(result, 0) for k in kinds)
        rows.append(row)
    return rows


def average_days(period: Period, place_id: int | None) -> float | None:
    query = select(func.avg(Outcome.days_to_close)).where(
        _in(Outcome.decided_at, period), Outcome.session_id.is_(None)
    )
    value = db.session.scalar(_scoped(query, place_id, Outcome.township_id))
    return round(float(value), 1) if value is not None else None


def build_report(period: ReportPeriod, place_id: int | None) -> StatisticsReport:
    """Gather every table of the statistics report for a period and a place (None: all)."""
    days = period.period
    cases, total = case_table(days, place_id)
    return StatisticsReport(
        period=period,
        place_id=place_id,
        organisations=organisation_counts(place_id),
        mediators=mediator_counts(place_id),
        screening=queries.screening_totals(days, place_id),
        cases=cases,
        case_total=total,
        not_counted=not_counted(days, place_id),
        confirmations=confirmations(days, place_id),
        referrals=referrals(days, place_id),
        avg_days=average_days(days, place_id),
        counties=queries.county_rows(days, place_id),
    )
