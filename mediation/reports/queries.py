"""The dashboard's figures, each one SQL aggregate (GROUP BY); no loop over rows in Python."""

from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, or_, select

from mediation.accounts.models import User
from mediation.core.db import among, utcnow
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.models import HandOff
from mediation.mediators.models import Mediator, Studio
from mediation.organisations.models import Organisation, subtree_ids
from mediation.outcomes.models import SETTLING_RESULTS, Outcome, Result, Survey
from mediation.outcomes.record_models import OralAgreement
from mediation.reports.access import counties_of
from mediation.reports.models import HotlineCall, ScreeningLog
from mediation.reports.periods import Period, rate

NOT_ACCEPTED = ("submitted", "rejected")
DIMENSIONS = ("category", "township", "mediator", "studio")
TOP_MEDIATORS = 30


def _month(column, period: Period):
    """The local month (YYYY-MM) of an instant column, on PostgreSQL or SQLite."""
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone(period.zone, column), "YYYY-MM")
    return func.strftime("%Y-%m", column, f"{period.utc_offset_hours:+g} hours")


def _in_period(column, period: Period):
    return and_(column >= period.start_at, column < period.end_at)


def _disputes(period: Period, place_id: int | None, *columns) -> Select:
    query = select(*columns).where(_in_period(Dispute.filed_at, period))
    if place_id is not None:
        query = query.where(among(Dispute.township_id, subtree_ids(place_id)))
    return query


def _outcomes(period: Period, place_id: int | None, *columns) -> Select:
    query = select(*columns).where(
        _in_period(Outcome.decided_at, period), Outcome.session_id.is_(None)
    )
    if place_id is not None:
        query = query.where(among(Outcome.township_id, subtree_ids(place_id)))
    return query


FILED = func.count().label("filed")
ACCEPTED = func.count().filter(Dispute.state.notin_(NOT_ACCEPTED)).label("accepted")
SETTLED = func.count().filter(Outcome.result.in_([r.value for r in SETTLING_RESULTS]))
PARTLY = func.count().filter(Outcome.result == Result.PARTLY_SETTLED.value)
FAILED = func.count().filter(Outcome.result == Result.NOT_SETTLED.value)
AVG_DAYS = func.avg(Outcome.days_to_close)


def dispute_totals(period: Period, place_id: int | None) -> dict:
    row = db.session.execute(_disputes(period, place_id, FILED, ACCEPTED)).one()
    return {"filed": row.filed, "accepted": row.accepted}


def county_rows(period: Period, place_id: int | None) -> list[dict]:
    """One row per county a report above a county rolls up: cases filed, accepted, settled."""
    rows = []
    for county in counties_of(place_id):
        row = {"county_id": county.id, "name": county.area or county.name}
        row.update(dispute_totals(period, county.id))
        row.update(outcome_totals(period, county.id))
        row["rate"] = rate(row["settled"], row["accepted"])
        rows.append(row)
    return rows


def outcome_totals(period: Period, place_id: int | None) -> dict:
    row = db.session.execute(
        _outcomes(
            period,
            place_id,
            SETTLED.label("settled"),
            PARTLY.label("partly"),
            FAILED.label("not_settled"),
            AVG_DAYS.label("avg_days"),
        )
    ).one()
    return {
        "settled": row.settled,
        "partly": row.partly,
        "not_settled": row.not_settled,
        "avg_days": float(row.avg_days) if row.avg_days is not None else None,
    }


def agreement_forms(period: Period, place_id: int | None) -> dict:
    """Settled cases of the period by the form of their agreement: written or oral (art. 28).

    Every settled case has one agreement: an oral one where the mediator registered it,
    otherwise the written one drafted on settlement; the two always add up to the settled.
    """
    oral = func.count(OralAgreement.id)
    query = _outcomes(period, place_id, SETTLED.label("settled"), oral.label("oral")).outerjoin(
        OralAgreement, OralAgreement.outcome_id == Outcome.id
    )
    row = db.session.execute(query).one()
    return {"written": row.settled - row.oral, "oral": row.oral}


def _dimension_columns(dimension: str, source):
    """The grouping column of a dimension for disputes or outcomes."""
    if dimension == "category":
        return source.category
    if dimension == "township":
        return source.township_id
    return source.mediator_id


def disputes_by(dimension: str, period: Period, place_id: int | None) -> dict:
    """Filed and accepted counts per key of a dimension."""
    if dimension == "studio":
        key = Studio.id
        query = _disputes(period, place_id, key, FILED, ACCEPTED).join(
            Studio, Studio.lead_id == Dispute.mediator_id
        )
    else:
        key = _dimension_columns(dimension, Dispute)
        query = _disputes(period, place_id, key, FILED, ACCEPTED)
        if dimension == "mediator":
            query = query.where(Dispute.mediator_id.is_not(None))
    query = query.group_by(key)
    if dimension == "mediator":
        query = query.order_by(func.count().desc(), key).limit(TOP_MEDIATORS)
    return {
        row[0]: {"filed": row.filed, "accepted": row.accepted} for row in db.session.execute(query)
    }


def outcomes_by(dimension: str, period: Period, place_id: int | None) -> dict:
    """Settled, not settled and average days to close per key of a dimension."""
    columns = (
        SETTLED.label("settled"),
        FAILED.label("not_settled"),
        AVG_DAYS.label("avg_days"),
    )
    if dimension == "studio":
        key = Studio.id
        query = _outcomes(period, place_id, key, *columns).join(
            Studio, Studio.lead_id == Outcome.mediator_id
        )
    else:
        key = _dimension_columns(dimension, Outcome)
        query = _outcomes(period, place_id, key, *columns)
    rows = db.session.execute(query.group_by(key))
    return {
        row[0]: {
            "settled": row.settled,
            "not_settled": row.not_settled,
            "avg_days": float(row.avg_days) if row.avg_days is not None else None,
        }
        for row in rows
    }


def monthly(period: Period, place_id: int | None) -> dict:
    """Filed and settled per local month."""
    filed_month = _month(Dispute.filed_at, period)
    decided_month = _month(Outcome.decided_at, period)
    filed = dict(
        db.session.execute(
            _disputes(period, place_id, filed_month, func.count()).group_by(filed_month)
        ).all()
    )
    settled = dict(
        db.session.execute(
            _outcomes(period, place_id, decided_month, SETTLED).group_by(decided_month)
        ).all()
    )
    return {"filed": filed, "settled": settled}


def screening_totals(period: Period, place_id: int | None) -> dict:
    query = select(
        func.coalesce(func.sum(ScreeningLog.runs), 0),
        func.coalesce(func.sum(ScreeningLog.disputes_found), 0),
        func.coalesce(func.sum(ScreeningLog.disputes_prevented), 0),
    ).where(ScreeningLog.held_on >= period.start, ScreeningLog.held_on <= period.end)
    if place_id is not None:
        query = query.where(among(ScreeningLog.township_id, subtree_ids(place_id)))
    runs, found, prevented = db.session.execute(query).one()
    return {"runs": int(runs), "found": int(found), "prevented": int(prevented)}


def hotline_totals(period: Period, place_id: int | None) -> dict:
    query = select(func.count(), func.count().filter(HotlineCall.answered.is_(True))).where(
        _in_period(HotlineCall.received_at, period)
    )
    if place_id is not None:
        query = placed_within(query, HotlineCall, subtree_ids(place_id))
    received, answered = db.session.execute(query).one()
    return {"received": received, "answered": answered}


def satisfaction(period: Period, place_id: int | None) -> dict:
    query = select(func.count(), func.avg(Survey.score)).where(
        _in_period(Survey.answered_at, period)
    )
    if place_id is not None:
        query = query.where(among(Survey.township_id, subtree_ids(place_id)))
    answers, average = db.session.execute(query).one()
    return {"answers": answers, "average": round(float(average), 2) if average else None}


def full_time_mediators(place_id: int | None) -> int:
    """Active full-time mediators now, in the county or under one station."""
    query = select(func.count()).where(Mediator.full_time.is_(True), Mediator.active.is_(True))
    if place_id is not None:
        query = query.where(among(Mediator.organisation_id, subtree_ids(place_id)))
    return db.session.scalar(query)


def overdue_handoffs(period: Period, place_id: int | None) -> int:
    """Referrals due in the period (up to today) that went past their due day without a result.

    Flagged overdue by the periodic job (overdue_at), or still open (signed for, clock running)
    with the due day already behind us; a paused clock is not overdue.
    """
    today = utcnow().astimezone(ZoneInfo(period.zone)).date()
    query = (
        select(func.count())
        .select_from(HandOff)
        .where(
            HandOff.direction == "inbound",
            HandOff.due_on >= period.start,
            HandOff.due_on <= period.end,
            or_(
                HandOff.overdue_at.is_not(None),
                and_(HandOff.status == "signed_for", HandOff.due_on < today),
            ),
        )
    )
    if place_id is not None:
        query = query.join(Dispute, Dispute.id == HandOff.dispute_id).where(
            among(Dispute.township_id, subtree_ids(place_id))
        )
    return db.session.scalar(query)


def names(dimension: str, keys) -> dict:
    """Display names for the keys of a dimension (organisations, mediators, studios)."""
    keys = [k for k in keys if k is not None]
    if not keys:
        return {}
    if dimension == "township":
        query = select(Organisation.id, func.coalesce(Organisation.area, Organisation.name))
        query = query.where(among(Organisation.id, keys))
    elif dimension == "mediator":
        query = select(Mediator.id, User.name).join(User, User.id == Mediator.user_id)
        query = query.where(among(Mediator.id, keys))
    elif dimension == "studio":
        query = select(Studio.id, Studio.name).where(among(Studio.id, keys))
    else:
        return {}
    return dict(db.session.execute(query).all())


def placed_within(query: Select, model, scope: list[int] | None) -> Select:
    """Keep a log's rows (screenings, hotline calls) within a scope of organisations.

    A hotline call noted without a township belongs where the person who took it works.
    """
    if scope is None:
        return query
    placed = among(model.township_id, scope)
    if model is HotlineCall:
        taken_here = select(User.id).where(among(User.organisation_id, scope))
        placed = or_(
            placed,
            and_(HotlineCall.township_id.is_(None), HotlineCall.recorded_by_id.in_(taken_here)),
        )
    return query.where(placed)
