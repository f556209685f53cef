"""The report forms: screening log, hotline log and indicator targets."""

import time_machine
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.reports.models import IndicatorTarget, ScreeningLog

INSTANT = "2026-03-10T02:00:00Z"


def _screenings() -> int:
    return db.session.scalar(select(func.count()).select_from(ScreeningLog))


def _target_year(indicator: str) -> int | None:
    query = select(IndicatorTarget.target_year).where(IndicatorTarget.indicator == indicator)
    return db.session.scalar(query)


def _screening(station, **fields) -> dict:
    return {"township_id": station.id, "held_on": "2026-03-09", **fields}


@time_machine.travel(INSTANT, tick=False)
def test_a_screening_round_is_logged_and_the_log_shown_again(client, login, coordinator, county):
    login(coordinator)
    response = client.post("/reports/screenings", data=_screening(county["stations"][0]))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reports/screenings")
    assert _screenings() == 1


@time_machine.travel(INSTANT, tick=False)
def test_more_disputes_prevented_than_found_comes_back_with_422(client, login, coordinator, county):
    login(coordinator)
    form = _screening(county["stations"][0], disputes_found="1", disputes_prevented="2")
    response = client.post("/reports/screenings", data=form)
    assert response.status_code == 422
    assert _screenings() == 0


@time_machine.travel(INSTANT, tick=False)
def test_a_station_logging_for_another_station_is_told_on_the_form(
    client, login, create_user, county
):
    first, second = county["stations"]
    login(create_user(Role.COORDINATOR, organisation=first))
    response = client.post("/reports/screenings", data=_screening(second))
    assert response.status_code == 422
    assert "您只能登记本工作站的数据。" in response.get_data(as_text=True)
    assert _screenings() == 0


def test_an_indicator_target_is_set(client, login, create_user):
    login(create_user(Role.ADMIN))
    form = {"indicator": "accepted", "target": "2000", "target_year": "2027"}
    response = client.post("/reports/targets", data=form)
    assert response.status_code == 302
    assert _target_year("accepted") == 2027


def test_a_target_year_out_of_range_comes_back_with_422(client, login, create_user):
    login(create_user(Role.ADMIN))
    before = _target_year("accepted")
    form = {"indicator": "accepted", "target": "2000", "target_year": "1900"}
    response = client.post("/reports/targets", data=form)
    assert response.status_code == 422
    assert _target_year("accepted") == before


def test_an_unknown_indicator_is_not_found(client, login, create_user):
    login(create_user(Role.ADMIN))
    response = client.post("/reports/targets", data={"indicator": "nonsense", "target": "1"})
    assert response.status_code == 404
