"""The one-pass statements (GROUPING SETS on PostgreSQL, UNION ALL on SQLite) agree with the
figure-by-figure queries; the suite runs on both databases."""

from datetime import UTC, datetime, timedelta

import pytest

from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.mediators.models import Studio
from mediation.outcomes import operations as outcome_ops
from mediation.reports import grouped, queries
from mediation.reports.periods import default_period

# Figures are counted by Beijing date and year: a fixed mid-year morning, never the wall clock
# (near midnight or New Year the UTC date and the Beijing date differ).
pytestmark = pytest.mark.time_machine(datetime(2026, 6, 16, 2, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def cases(create_dispute, coordinator, county):
    """Disputes in two categories, settled and not, one mediator leading a studio."""
    settled = create_dispute("in_mediation")
    outcome_ops.record_outcome(
        settled, {"result": "settled", "terms": "赔偿"}, {Actor.STAFF}, coordinator
    )
    partly = create_dispute("in_mediation", category="labour")
    outcome_ops.record_outcome(
        partly, {"result": "partly_settled", "terms": "部分"}, {Actor.STAFF}, coordinator
    )
    failed = create_dispute("in_mediation", category="labour")
    outcome_ops.record_outcome(
        failed, {"result": "not_settled", "reason": "分歧"}, {Actor.STAFF}, coordinator
    )
    create_dispute("submitted")
    db.session.add(
        Studio(name="金牌调解室", organisation_id=settled.township_id, lead_id=settled.mediator_id)
    )
    db.session.flush()
    return settled


def period():
    return default_period(datetime.now(UTC).date() + timedelta(days=1), "Asia/Shanghai")


@pytest.mark.parametrize("station", [False, True])
def test_the_dispute_pass_matches_the_separate_queries(cases, station):
    station_id = cases.township_id if station else None
    passed = grouped.dispute_pass(period(), station_id)
    assert passed["total"] == queries.dispute_totals(period(), station_id)
    for dimension in queries.DIMENSIONS:
        assert passed[dimension] == queries.disputes_by(dimension, period(), station_id)
    assert {m: v["filed"] for m, v in passed["month"].items()} == queries.monthly(
        period(), station_id
    )["filed"]


@pytest.mark.parametrize("station", [False, True])
def test_the_outcome_pass_matches_the_separate_queries(cases, station):
    station_id = cases.township_id if station else None
    passed = grouped.outcome_pass(period(), station_id)
    assert passed["total"] == queries.outcome_totals(period(), station_id)
    for dimension in queries.DIMENSIONS:
        expected = queries.outcomes_by(dimension, period(), station_id)
        got = {
            k: {n: v[n] for n in ("settled", "not_settled", "avg_days")}
            for k, v in passed[dimension].items()
        }
        assert got == expected
    assert {m: v["settled"] for m, v in passed["month"].items()} == queries.monthly(
        period(), station_id
    )["settled"]
