import io
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pytest

from mediation.accounts.models import Role
from mediation.core.db import utcnow
from mediation.core.errors import ValidationFailed
from mediation.disputes.lifecycle import Actor
from mediation.outcomes import operations as outcome_ops
from mediation.reports import operations
from mediation.reports.dashboard import build_dashboard, yearly_table
from mediation.reports.periods import Period, default_period, rate

# Figures are counted by Beijing date and year: a fixed mid-year morning, never the wall clock
# (near midnight or New Year the UTC date and the Beijing date differ).
pytestmark = pytest.mark.time_machine(datetime(2026, 6, 16, 2, 0, tzinfo=UTC), tick=False)


@pytest.fixture
def figures(create_dispute, coordinator, county):
    """Three accepted disputes: one settled, one not settled, one still in mediation; logs."""
    settled = create_dispute("in_mediation")
    outcome_ops.record_outcome(
        settled, {"result": "settled", "terms": "赔偿"}, {Actor.STAFF}, coordinator
    )
    failed = create_dispute("in_mediation", category="labour")
    outcome_ops.record_outcome(
        failed, {"result": "not_settled", "reason": "分歧"}, {Actor.STAFF}, coordinator
    )
    create_dispute("in_mediation")
    create_dispute("submitted")
    station = county["stations"][0]
    today = utcnow().date()
    operations.record_screening(
        {
            "township_id": station.id,
            "held_on": today,
            "runs": 3,
            "disputes_found": 2,
            "disputes_prevented": 1,
        },
        coordinator,
    )
    for answered in (True, True, False):
        operations.record_hotline_call(
            {"received_at": utcnow() - timedelta(hours=1), "answered": answered}, coordinator
        )
    return {"station": station, "settled": settled}


def this_year() -> Period:
    return default_period(datetime.now(UTC).date() + timedelta(days=1), "Asia/Shanghai")


def test_the_dashboard_counts_accepted_settled_and_the_rate(figures):
    totals = build_dashboard(this_year(), None).totals
    assert totals["filed"] == 4 and totals["accepted"] == 3
    assert totals["settled"] == 1 and totals["not_settled"] == 1
    assert totals["settlement_rate"] == rate(1, 3)
    assert totals["screening"] == {"runs": 3, "found": 2, "prevented": 1}
    assert totals["hotline"]["received"] == 3 and totals["hotline"]["answered"] == 2
    assert totals["overdue_handoffs"] == 0


def test_the_dashboard_breaks_the_figures_down_by_category(figures):
    rows = {r["key"]: r for r in build_dashboard(this_year(), None).breakdowns["category"]}
    assert rows["neighbour"]["accepted"] == 2 and rows["neighbour"]["settled"] == 1
    assert rows["labour"]["not_settled"] == 1


def test_a_station_sees_only_its_township(figures, county):
    other = county["stations"][1]
    assert build_dashboard(this_year(), other.id).totals["accepted"] == 0
    assert build_dashboard(this_year(), figures["station"].id).totals["accepted"] == 3


def test_satisfaction_is_averaged(figures):
    dispute = figures["settled"]
    for party, score in zip(dispute.parties, (5, 4), strict=True):
        outcome_ops.answer_survey(dispute, party, {"score": score})
    assert build_dashboard(this_year(), None).totals["satisfaction"] == {
        "answers": 2,
        "average": 4.5,
    }


def test_the_yearly_table_shows_baseline_target_and_actual(figures):
    rows = {r["indicator"]: r for r in yearly_table(utcnow().year, "Asia/Shanghai")}
    assert rows["accepted"]["baseline"] == 1880 and rows["settled"]["baseline"] == 1861
    assert rows["full_time_mediators"]["target"] == 100
    assert rows["disputes_prevented"]["baseline"] == 797
    assert rows["screening_runs"]["actual"] >= 3


def test_prevented_cannot_exceed_found(client, login, coordinator, county):
    login(coordinator)
    response = client.post(
        "/reports/screenings",
        data={
            "township_id": county["stations"][0].id,
            "held_on": "2026-01-05",
            "disputes_found": "1",
            "disputes_prevented": "2",
        },
    )
    assert response.status_code == 422 and 'id="disputes_prevented-error"' in response.get_data(
        as_text=True
    )


def test_a_station_coordinator_cannot_log_for_another_station(create_user, county):
    own, other = county["stations"]
    user = create_user(Role.COORDINATOR, own)
    with pytest.raises(Exception) as error:
        operations.record_screening({"township_id": other.id, "held_on": date.today()}, user)
    assert error.value.status == 403


def test_a_hotline_call_in_the_future_is_refused(coordinator):
    with pytest.raises(ValidationFailed):
        operations.record_hotline_call(
            {"received_at": utcnow() + timedelta(days=1), "answered": True}, coordinator
        )


def test_the_hotline_page_records_a_call_in_local_time(client, login, coordinator):
    login(coordinator)
    response = client.post(
        "/reports/hotline", data={"received_at": "2026-01-05T09:30", "answered": "0"}
    )
    assert response.status_code == 302
    assert "2026" in client.get("/reports/hotline").get_data(as_text=True)


def test_the_dashboard_page_has_its_charts(client, login, coordinator, figures):
    login(coordinator)
    page = client.get("/reports").get_data(as_text=True)
    assert "chart.min" in page and 'id="chart-monthly"' in page and "report-data" in page


def test_a_period_ending_before_it_starts_answers_422(client, login, coordinator):
    login(coordinator)
    response = client.get("/reports?start=2026-03-01&end=2026-02-01")
    assert response.status_code == 422
    assert 'id="end-error"' in response.get_data(as_text=True)
    assert client.get("/reports/export.csv?start=2026-03-01&end=2026-02-01").status_code == 422


def test_the_dashboard_exports_csv_and_excel(client, login, coordinator, figures):
    login(coordinator)
    csv = client.get("/reports/export.csv", headers={"Accept-Language": "en"})
    assert csv.mimetype == "text/csv" and "Cases accepted,3" in csv.get_data(as_text=True)
    xlsx = client.get("/reports/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.data))
    assert len(book.sheetnames) == 6


def test_the_dashboard_export_speaks_chinese_as_the_page_does(client, login, coordinator, figures):
    login(coordinator)
    text = client.get("/reports/export.csv").get_data(as_text=True)
    assert "受理案件数,3" in text
    assert "名称,登记纠纷数,受理案件数,调解成功数" in text
    assert "Cases accepted" not in text and "Indicator" not in text


def test_the_dashboard_names_the_station_it_shows_and_nothing_for_the_whole_county(
    client, login, coordinator, create_user, county
):
    station = county["stations"][0]
    login(coordinator)
    whole = client.get("/reports").get_data(as_text=True)
    heading = whole.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert "None" not in heading and "·" not in heading
    one = client.get(f"/reports?station_id={station.id}").get_data(as_text=True)
    assert f"· {station.area or station.name}</h1>" in one


def test_a_station_coordinator_cannot_open_another_station(client, login, create_user, county):
    own, other = county["stations"]
    login(create_user(Role.COORDINATOR, own))
    assert client.get(f"/reports?station_id={other.id}").status_code == 404
    assert client.get("/reports").status_code == 200


def test_parties_and_mediators_do_not_see_the_dashboard(client, login, create_user):
    login(create_user(Role.PARTY))
    assert client.get("/reports").status_code == 403


def test_an_admin_edits_a_target(client, login, create_user, county):
    login(create_user(Role.ADMIN, county["centre"]))
    response = client.post(
        "/reports/targets",
        data={
            "indicator": "settlement_rate",
            "baseline": "98.8",
            "baseline_year": "2020",
            "target": "99",
            "target_year": "2025",
        },
    )
    assert response.status_code == 302
    rows = {r["indicator"]: r for r in yearly_table(2025, "Asia/Shanghai")}
    assert rows["settlement_rate"]["target"] == 99 and rows["settlement_rate"]["baseline"] == 98.8


def test_a_coordinator_cannot_edit_targets(client, login, coordinator):
    login(coordinator)
    assert client.get("/reports/targets").status_code == 403


def test_a_period_is_whole_local_days():
    period = Period(date(2026, 1, 1), date(2026, 1, 31), "Asia/Shanghai")
    assert period.start_at == datetime(2025, 12, 31, 16, tzinfo=UTC)
    assert period.end_at == datetime(2026, 1, 31, 16, tzinfo=UTC)
    assert period.months() == ["2026-01"]
