"""The statistics report's figures from a fixed set of records, row by row and rule by rule."""

from decimal import Decimal

import pytest

from mediation.reports.report_periods import parse_period
from mediation.reports.statistics import build_report
from tests.reports import statistics_records

ZONE = "Asia/Shanghai"


@pytest.fixture
def records(create_dispute, coordinator, county):
    return statistics_records.build(create_dispute, coordinator, county)


def report(kind="month", name="2026-03", station_id=None):
    return build_report(parse_period(kind, name, ZONE), station_id)


def rows(built) -> dict:
    return {row["key"]: row for row in built.cases}


def figures(row) -> tuple[int, int, int]:
    return row["accepted"], row["settled"], row["not_settled"]


def test_each_row_counts_its_cases_in_the_official_order(records):
    built = report()
    assert [r["label"] for r in built.cases][:3] == ["婚姻家庭纠纷", "邻里纠纷", "房屋宅基地纠纷"]
    assert built.cases[-1]["label"] == "其它纠纷" and len(built.cases) == 15
    by_key = rows(built)
    assert figures(by_key["neighbour"]) == (3, 1, 2)
    assert by_key["marriage_family"]["accepted"] == 1 and by_key["marriage_family"]["oral"] == 1
    assert figures(by_key["traffic"]) == (1, 0, 1)
    assert by_key["forest_land"]["settled"] == 1  # land contracting, partly settled
    assert by_key["other"]["settled"] == 1  # intellectual property has no row of its own
    assert by_key["labour"]["settled"] == 1  # 00:30 on 1 March in Shanghai
    assert by_key["business"]["accepted"] == 0  # a row no category maps to stays, at zero


def test_the_total_row_adds_up_the_columns(records):
    total = report().case_total
    assert total["accepted"] == 8 and total["settled"] == 5 and total["not_settled"] == 3
    assert total["written"] == 4 and total["oral"] == 1
    assert total["rate"] == 62.5
    assert total["amount"] == Decimal("25000") and total["amount_10k"] == Decimal("2.50")


def test_withdrawn_and_stopped_after_acceptance_count_as_not_settled(records):
    neighbour = rows(report())["neighbour"]
    assert neighbour["not_settled"] == 2  # one withdrawn after acceptance, one stopped


def test_cases_not_mediated_are_left_out_each_by_its_rule(records):
    assert report().not_counted == {
        "rejected": 1,
        "declined": 1,
        "withdrawn_before_acceptance": 1,
        "open_at_end": 1,
    }


def test_a_case_open_at_the_end_counts_in_the_period_it_closes_in(records):
    april = report("month", "2026-04")
    assert april.case_total["accepted"] == 1 and april.not_counted["open_at_end"] == 1


def test_the_first_half_hour_of_april_in_shanghai_is_april(records):
    assert rows(report("month", "2026-04"))["neighbour"]["settled"] == 1
    assert rows(report())["neighbour"]["settled"] == 1


def test_the_quarter_and_the_year_gather_their_months(records):
    assert report("quarter", "2026-Q1").case_total["accepted"] == 8
    assert report("quarter", "2026-Q2").case_total["accepted"] == 1
    assert report("year", "2026").case_total["accepted"] == 9
    assert report("year", "2025").case_total["accepted"] == 0


def test_a_station_reports_its_own_cases_only(records, county):
    second = report(station_id=county["stations"][1].id)
    assert second.case_total["accepted"] == 2 and second.case_total["settled"] == 1
    first = report(station_id=county["stations"][0].id)
    assert first.case_total["accepted"] == 6


def test_screening_counts_the_rounds_held_in_the_period(records):
    assert report().screening == {"runs": 2, "found": 3, "prevented": 1}
    assert report("quarter", "2026-Q2").screening == {"runs": 5, "found": 5, "prevented": 5}


def test_judicial_confirmations_count_by_the_day_applied_and_granted(records):
    assert report().confirmations == {"applied": 1, "granted": 0}
    assert report("month", "2026-04").confirmations == {"applied": 0, "granted": 1}


def test_referrals_count_inbound_ones_by_line_and_result(records):
    referrals = {r["key"]: r for r in report().referrals}
    assert referrals["court"]["received"] == 1 and referrals["court"]["settled"] == 1
    assert referrals["police"]["received"] == 1 and referrals["police"]["settled"] == 0
    assert referrals["petition"]["received"] == 0 and referrals["petition"]["not_settled"] == 1


def test_average_days_to_close_is_over_the_outcomes_decided(records):
    assert report().avg_days == round(10 / 6, 1)


def test_organisations_are_counted_by_kind(county, create_studio):
    create_studio()
    built = report()
    assert built.organisations == {
        "station": 2,
        "village_room": 4,
        "committee": 1,
        "studio": 1,
        "total": 8,
    }
    station = report(station_id=county["stations"][1].id).organisations
    assert station["station"] == 1 and station["village_room"] == 2 and station["studio"] == 0


def test_mediators_are_counted_by_kind(create_mediator):
    create_mediator(full_time=True)
    create_mediator(full_time=True, gold_medal=True)
    create_mediator()
    create_mediator(full_time=True, active=False)
    assert report().mediators == {"total": 3, "full_time": 2, "part_time": 1, "gold_medal": 1}
