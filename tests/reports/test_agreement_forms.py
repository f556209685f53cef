"""The reports count settled cases by the form of their agreement: written and oral apart."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale

from mediation.disputes.lifecycle import Actor
from mediation.outcomes import operations as outcome_ops
from mediation.outcomes import oral
from mediation.reports.dashboard import build_dashboard
from mediation.reports.export import summary_rows
from mediation.reports.periods import default_period, rate

pytestmark = pytest.mark.time_machine(datetime(2026, 6, 16, 2, 0, tzinfo=UTC), tick=False)
ORAL = {"content": "当场赔礼道歉。", "performance": "当场履行。"}


@pytest.fixture
def settled_three(create_dispute, coordinator, county):
    """Three settled cases (one partly), two of them by oral agreement; one not settled."""
    cases = []
    for result in ("settled", "settled", "partly_settled"):
        dispute = create_dispute("in_mediation")
        data = {"result": result, "terms": "赔偿"}
        outcome_ops.record_outcome(dispute, data, {Actor.STAFF}, coordinator)
        cases.append(dispute)
    failed = create_dispute("in_mediation")
    data = {"result": "not_settled", "reason": "分歧"}
    outcome_ops.record_outcome(failed, data, {Actor.STAFF}, coordinator)
    for dispute in cases[1:]:
        oral.record_oral_agreement(dispute, ORAL, coordinator)
    return cases


def this_year():
    return default_period(datetime.now(UTC).date() + timedelta(days=1), "Asia/Shanghai")


def test_settled_cases_split_into_written_and_oral(settled_three):
    totals = build_dashboard(this_year(), None).totals
    assert totals["agreements"] == {"written": 1, "oral": 2}


def test_the_split_leaves_the_existing_figures_as_they_were(settled_three):
    totals = build_dashboard(this_year(), None).totals
    assert totals["settled"] == 3 and totals["partly"] == 1 and totals["not_settled"] == 1
    assert totals["accepted"] == 4 and totals["settlement_rate"] == rate(3, 4)
    assert sum(totals["agreements"].values()) == totals["settled"]


def test_a_station_counts_only_its_own_oral_agreements(settled_three, county):
    other = county["stations"][1].id
    assert build_dashboard(this_year(), other).totals["agreements"] == {"written": 0, "oral": 0}
    mine = county["stations"][0].id
    assert build_dashboard(this_year(), mine).totals["agreements"] == {"written": 1, "oral": 2}


def test_with_no_oral_agreement_every_settled_case_is_written(create_dispute, coordinator):
    dispute = create_dispute("in_mediation")
    data = {"result": "settled", "terms": "赔偿"}
    outcome_ops.record_outcome(dispute, data, {Actor.STAFF}, coordinator)
    assert build_dashboard(this_year(), None).totals["agreements"] == {"written": 1, "oral": 0}


def test_the_export_carries_the_split(app, settled_three):
    with app.test_request_context(), force_locale("en"):
        rows = dict(summary_rows(build_dashboard(this_year(), None)))
    assert rows["of which by written agreement"] == 1
    assert rows["of which by oral agreement"] == 2
