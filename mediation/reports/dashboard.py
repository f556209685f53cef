"""Put the aggregates together into the dashboard and the planning document's yearly table."""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from mediation.disputes.categories import CATEGORIES
from mediation.reports import grouped, queries
from mediation.reports.access import plan_applies
from mediation.reports.county_values import county_for, rows_for
from mediation.reports.kept import kept
from mediation.reports.models import IndicatorTarget
from mediation.reports.periods import Period, rate, year_period
from mediation.reports.plan import PLAN_DEFAULTS, PLAN_INDICATORS, PlanTarget, actual_figures

DIMENSION_LABELS = {
    "category": _l("By category"),
    "township": _l("By township"),
    "mediator": _l("By mediator"),
    "studio": _l("By studio"),
}
# The planning document's indicators, in its order.
INDICATORS = {
    "organisations": _l("Mediation organisations"),
    "mediators": _l("Mediators"),
    "full_time_mediators": _l("Full-time mediators"),
    "gold_medal_mediators": _l("Gold-medal mediators"),
    "brand_studios": _l("Brand studios"),
    "county_associations": _l("County mediation association"),
    "accepted": _l("Cases accepted"),
    "settled": _l("Cases settled"),
    "settlement_rate": _l("Settlement rate (%)"),
    "screening_runs": _l("Screening runs"),
    "disputes_found": _l("Disputes found by screening"),
    "disputes_prevented": _l("Disputes prevented"),
    "hotline_answer_rate": _l("Hotline calls answered (%)"),
    "satisfaction": _l("Satisfaction (1-5)"),
}


@dataclass
class Dashboard:
    period: Period
    place_id: int | None
    totals: dict = field(default_factory=dict)
    breakdowns: dict = field(default_factory=dict)
    monthly: dict = field(default_factory=dict)
    counties: list = field(default_factory=list)
    # Above a county: each county's plan against its own figures.
    county_plans: list = field(default_factory=list)


def _breakdown(dimension: str, counts: dict, results: dict) -> list[dict]:
    keys = list(counts) + [k for k in results if k not in counts]
    if dimension == "mediator":
        keys = list(counts)  # the busiest mediators only
    labels = (
        {k: str(v) for k, v in CATEGORIES.items()}
        if dimension == "category"
        else queries.names(dimension, keys)
    )
    rows = []
    for key in keys:
        row = {"key": key, "label": labels.get(key, str(key) if key is not None else "—")}
        row.update({"filed": 0, "accepted": 0, **counts.get(key, {})})
        row.update({"settled": 0, "not_settled": 0, "avg_days": None, **results.get(key, {})})
        row["rate"] = rate(row["settled"], row["accepted"])
        rows.append(row)
    rows.sort(key=lambda r: (-r["accepted"], -r["settled"], r["label"]))
    return rows


def build_dashboard(period: Period, place_id: int | None) -> Dashboard:
    """Gather every figure of the dashboard for a period and a place (None: the deployment)."""
    disputes = grouped.dispute_pass(period, place_id)
    outcomes = grouped.outcome_pass(period, place_id)
    totals = {**disputes[grouped.TOTAL], **outcomes[grouped.TOTAL]}
    totals["settlement_rate"] = rate(totals["settled"], totals["accepted"])
    totals["agreements"] = kept(
        "agreements", period, place_id, lambda: queries.agreement_forms(period, place_id)
    )
    totals["screening"] = kept(
        "screening", period, place_id, lambda: queries.screening_totals(period, place_id)
    )
    totals["hotline"] = dict(
        kept("hotline", period, place_id, lambda: queries.hotline_totals(period, place_id))
    )
    totals["hotline"]["rate"] = rate(totals["hotline"]["answered"], totals["hotline"]["received"])
    totals["full_time_mediators"] = queries.full_time_mediators(place_id)
    plan = targets(county_for(place_id)) if plan_applies(place_id) else None
    full_time = plan.get("full_time_mediators") if plan else None
    totals["full_time_target"] = _number(full_time.target) if full_time else None
    totals["satisfaction"] = kept(
        "satisfaction", period, place_id, lambda: queries.satisfaction(period, place_id)
    )
    totals["overdue_handoffs"] = queries.overdue_handoffs(period, place_id)
    breakdowns = {d: _breakdown(d, disputes[d], outcomes[d]) for d in queries.DIMENSIONS}
    months = period.months()
    monthly = {
        "months": months,
        "filed": [disputes["month"].get(m, {}).get("filed", 0) for m in months],
        "settled": [outcomes["month"].get(m, {}).get("settled", 0) for m in months],
    }
    board = Dashboard(period, place_id, totals, breakdowns, monthly)
    board.counties = queries.county_rows(period, place_id)
    board.county_plans = [_county_plan(row) for row in board.counties]
    if plan:
        totals["plan"] = _target_rows(PLAN_INDICATORS, _actual(board), plan)
    return board


def targets(county_id: int | None) -> dict[str, IndicatorTarget | PlanTarget]:
    """Each indicator's baseline and target for a county: its own set, else the defaults.

    Below both stand the plan's own figures, for indicators nobody has set.
    """
    known = {t.indicator: t for t in rows_for(IndicatorTarget, county_id)}
    return {**PLAN_DEFAULTS, **known}


def _county_plan(county: dict) -> dict:
    """One county's plan rows against its own figures, for a report above the counties."""
    county_id = county["county_id"]
    actual = {
        **actual_figures(county_id),
        "full_time_mediators": queries.full_time_mediators(county_id),
        "accepted": county["accepted"],
        "settled": county["settled"],
    }
    rows = _target_rows(PLAN_INDICATORS, actual, targets(county_id))
    return {"county_id": county_id, "name": county["name"], "rows": rows}


def _actual(board: Dashboard) -> dict:
    t = board.totals
    return {
        **actual_figures(board.place_id),
        "accepted": t["accepted"],
        "settled": t["settled"],
        "settlement_rate": t["settlement_rate"],
        "screening_runs": t["screening"]["runs"],
        "disputes_found": t["screening"]["found"],
        "disputes_prevented": t["screening"]["prevented"],
        "full_time_mediators": t["full_time_mediators"],
        "hotline_answer_rate": t["hotline"]["rate"],
        "satisfaction": t["satisfaction"]["average"],
    }


def _target_rows(keys, actual: dict, known: dict) -> list[dict]:
    rows = []
    for key in keys:
        target = known.get(key)
        rows.append(
            {
                "indicator": key,
                "label": str(INDICATORS[key]),
                "baseline": _number(target.baseline) if target else None,
                "baseline_year": target.baseline_year if target else None,
                "target": _number(target.target) if target else None,
                "target_year": target.target_year if target else None,
                "actual": actual[key],
            }
        )
    return rows


def yearly_table(year: int, zone: str, place_id: int | None = None) -> list[dict]:
    """The planning document's table for a year: indicator, baseline, target, actual.

    For one station (or a city) the actual figures are its own; the baselines and targets are
    a county's plan, so they are left out rather than set against other figures.
    """
    board = build_dashboard(year_period(year, zone), place_id)
    known = targets(county_for(place_id)) if plan_applies(place_id) else {}
    return _target_rows(INDICATORS, _actual(board), known)


def _number(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)
