"""One pass per table: the totals, the month series and every breakdown from one statement.

On PostgreSQL the statement groups by GROUPING SETS, so the period's index range is read once;
on SQLite (no grouping sets) it is a UNION ALL of the same groupings, still one round trip.
The studio breakdown is the mediator one regrouped by each studio's lead, in Python. Each
pass's rows are kept between requests while the rows they count stand (kept.py).
"""

from sqlalchemy import func, literal, select, tuple_, union_all

from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators.models import Studio
from mediation.outcomes.models import Outcome
from mediation.reports import queries
from mediation.reports.kept import kept
from mediation.reports.periods import Period

# The groupings, in the order of the grouping keys (category, township, mediator, month).
SETS = ("category", "township", "mediator", "month")
TOTAL = "total"


def _bitmask(name: str) -> int:
    """GROUPING(category, township, mediator, month) of a set: 1 bits for keys not grouped."""
    if name == TOTAL:
        return 0b1111
    return 0b1111 ^ (1 << (len(SETS) - 1 - SETS.index(name)))


NAMES = {_bitmask(name): name for name in (*SETS, TOTAL)}


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _month(column, period: Period):
    """The local month of an instant column.

    PostgreSQL: the truncated local timestamp (far cheaper than to_char over a year of rows),
    formatted in Python afterwards; SQLite: the YYYY-MM string.
    """
    if _is_postgresql():
        return func.date_trunc("month", func.timezone(period.zone, column))
    return queries._month(column, period)


def _month_label(key) -> str:
    return key if isinstance(key, str) else key.strftime("%Y-%m")


def _grouped(base, keys: list, measures: list) -> dict[str, list]:
    """Run `base` (a Select with its WHERE) grouped by each key alone and by nothing."""
    if _is_postgresql():
        statement = base.add_columns(*keys, func.grouping(*keys).label("g"), *measures).group_by(
            func.grouping_sets(*(tuple_(k) for k in keys), tuple_())
        )
    else:
        parts = []
        for index, name in enumerate((*SETS, TOTAL)):
            columns = [
                (key if index == position else literal(None)).label(f"k{position}")
                for position, key in enumerate(keys)
            ]
            part = base.add_columns(*columns, literal(_bitmask(name)).label("g"), *measures)
            parts.append(part.group_by(keys[index]) if name != TOTAL else part)
        statement = union_all(*parts)
    rows: dict[str, list] = {name: [] for name in (*SETS, TOTAL)}
    for row in db.session.execute(statement):
        name = NAMES[row[len(keys)]]
        key = row[SETS.index(name)] if name != TOTAL else None
        if name == "month":
            key = _month_label(key)
        rows[name].append((key, tuple(row[len(keys) + 1 :])))
    return rows


def dispute_pass(period: Period, place_id: int | None) -> dict[str, dict]:
    """Filed and accepted counts: {"total": {...}, "category": {key: {...}}, ...}."""
    base = queries._disputes(period, place_id)
    keys = [
        Dispute.category,
        Dispute.township_id,
        Dispute.mediator_id,
        _month(Dispute.filed_at, period),
    ]
    grouped = kept(
        "disputes",
        period,
        place_id,
        lambda: _grouped(base, keys, [queries.FILED, queries.ACCEPTED]),
    )
    result = {
        name: {key: {"filed": v[0], "accepted": v[1]} for key, v in rows}
        for name, rows in grouped.items()
    }
    result[TOTAL] = result[TOTAL].get(None, {"filed": 0, "accepted": 0})
    result["studio"] = by_studio(result["mediator"])
    busiest = sorted(
        ((k, v) for k, v in result["mediator"].items() if k is not None),
        key=lambda item: (-item[1]["filed"], item[0]),
    )[: queries.TOP_MEDIATORS]
    result["mediator"] = dict(busiest)
    return result


def outcome_pass(period: Period, place_id: int | None) -> dict[str, dict]:
    """Settled, partly settled, not settled and average days to close per grouping."""
    base = queries._outcomes(period, place_id)
    keys = [
        Outcome.category,
        Outcome.township_id,
        Outcome.mediator_id,
        _month(Outcome.decided_at, period),
    ]
    measures = [queries.SETTLED, queries.PARTLY, queries.FAILED, queries.AVG_DAYS]
    grouped = kept("outcomes", period, place_id, lambda: _grouped(base, keys, measures))
    result = {
        name: {
            key: {
                "settled": v[0],
                "partly": v[1],
                "not_settled": v[2],
                "avg_days": float(v[3]) if v[3] is not None else None,
            }
            for key, v in rows
        }
        for name, rows in grouped.items()
    }
    empty = {"settled": 0, "partly": 0, "not_settled": 0, "avg_days": None}
    result[TOTAL] = result[TOTAL].get(None, empty)
    result["studio"] = by_studio(result["mediator"])
    return result


def by_studio(by_mediator: dict) -> dict:
    """Each studio's figures are those of the mediator who leads it."""
    leads = db.session.execute(select(Studio.id, Studio.lead_id)).all()
    return {studio: by_mediator[lead] for studio, lead in leads if lead in by_mediator}
