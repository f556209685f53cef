"""The dashboard's aggregates are kept between views, and every change to what they count shows.

The suite's configuration keeps nothing (NullCache); these tests give the app the process
memory cache a deployment without Redis has, and move the clock between changes as real
changes are apart in time.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, event, func, select

from mediation.disputes.lifecycle import Actor
from mediation.disputes.operations import transition_dispute
from mediation.extensions import cache, db
from mediation.outcomes import operations as outcome_ops
from mediation.reports import operations
from mediation.reports.dashboard import build_dashboard
from mediation.reports.models import HotlineCall
from mediation.reports.periods import Period, default_period

START = datetime(2026, 6, 16, 2, 0, tzinfo=UTC)
pytestmark = pytest.mark.time_machine(START, tick=False)


@pytest.fixture
def keeping(app):
    """The app keeps the aggregates in process memory, as `make run` does, for one test."""
    cache.init_app(app, config={"CACHE_TYPE": "SimpleCache"})
    yield
    cache.init_app(app, config={"CACHE_TYPE": "NullCache", "CACHE_NO_NULL_WARNING": True})


@pytest.fixture
def later(time_machine):
    """Move the clock on a second: the next change happens after the last one."""

    def step(seconds: float = 1) -> None:
        time_machine.shift(timedelta(seconds=seconds))

    return step


@pytest.fixture
def aggregates():
    """Collect the statements that count by grouping (GROUPING SETS on PostgreSQL, UNION ALL)."""
    seen: list[str] = []

    def listen(_connection, _cursor, statement, *_rest):
        if "GROUPING SETS" in statement or "UNION ALL" in statement:
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    yield seen
    event.remove(db.engine, "before_cursor_execute", listen)


def this_year() -> Period:
    return default_period(START.date() + timedelta(days=1), "Asia/Shanghai")


def totals(place_id=None) -> dict:
    return build_dashboard(this_year(), place_id).totals


def test_a_second_view_counts_nothing_again(keeping, aggregates, create_dispute):
    create_dispute("accepted")
    first = build_dashboard(this_year(), None)
    assert len(aggregates) == 2  # disputes and outcomes, each in one statement
    second = build_dashboard(this_year(), None)
    assert len(aggregates) == 2
    assert second.totals == first.totals and second.breakdowns == first.breakdowns
    assert second.monthly == first.monthly


def test_without_a_cache_every_view_counts(aggregates, create_dispute):
    create_dispute("accepted")
    build_dashboard(this_year(), None)
    build_dashboard(this_year(), None)
    assert len(aggregates) == 4


def test_a_filing_shows_on_the_next_view(keeping, later, create_dispute):
    create_dispute("accepted")
    assert totals()["filed"] == 1
    later()
    create_dispute("submitted")
    assert (totals()["filed"], totals()["accepted"]) == (2, 1)


def test_an_acceptance_of_a_case_filed_earlier_shows(keeping, later, create_dispute, coordinator):
    dispute = create_dispute("submitted")
    assert totals()["accepted"] == 0
    later()
    transition_dispute(dispute, "accept", {Actor.STAFF}, coordinator)
    assert totals()["accepted"] == 1


def test_an_outcome_shows_on_the_next_view(keeping, later, create_dispute, coordinator):
    dispute = create_dispute("in_mediation")
    assert totals()["settled"] == 0
    later()
    outcome_ops.record_outcome(
        dispute, {"result": "settled", "terms": "赔偿"}, {Actor.STAFF}, coordinator
    )
    board = totals()
    assert board["settled"] == 1 and board["agreements"]["written"] == 1


def test_logs_and_answers_show_on_the_next_view(
    keeping, later, create_dispute, coordinator, county
):
    dispute = create_dispute("in_mediation")
    outcome_ops.record_outcome(
        dispute, {"result": "settled", "terms": "赔偿"}, {Actor.STAFF}, coordinator
    )
    before = totals()
    assert before["screening"]["runs"] == 0 and before["hotline"]["received"] == 0
    assert before["satisfaction"]["answers"] == 0
    later()
    operations.record_screening(
        {"township_id": county["stations"][0].id, "held_on": START.date(), "runs": 2},
        coordinator,
    )
    operations.record_hotline_call(
        {"received_at": START - timedelta(hours=1), "answered": True}, coordinator
    )
    outcome_ops.answer_survey(dispute, dispute.parties[0], {"score": 4})
    after = totals()
    assert after["screening"]["runs"] == 2 and after["hotline"]["received"] == 1
    assert after["satisfaction"] == {"answers": 1, "average": 4.0}


def test_a_station_and_the_county_are_kept_apart(keeping, create_dispute, county):
    own, other = county["stations"]
    create_dispute("accepted", township_id=own.id)
    assert totals()["accepted"] == 1
    assert totals(own.id)["accepted"] == 1
    assert totals(other.id)["accepted"] == 0


def test_a_row_deleted_below_the_newest_shows_once_the_keeping_time_ends(
    app, keeping, later, coordinator
):
    for answered in (True, False):
        operations.record_hotline_call(
            {"received_at": START - timedelta(hours=2), "answered": answered}, coordinator
        )
    assert totals()["hotline"]["received"] == 2
    oldest = db.session.scalar(select(func.min(HotlineCall.id)))
    db.session.execute(delete(HotlineCall).where(HotlineCall.id == oldest))
    # The newest call is still there: nothing the check reads has moved.
    assert totals()["hotline"]["received"] == 2
    later(app.config["REPORTS_KEEP_SECONDS"] + 1)
    assert totals()["hotline"]["received"] == 1
