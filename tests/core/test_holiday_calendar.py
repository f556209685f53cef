"""The official calendar ships as data; an admin adds a later year's notice; staff are warned."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.core.holiday_notices import SHIPPED, LinesError, read_lines
from mediation.core.holidays import Holiday, HolidayNotice, load_calendar, missing_year, set_day
from mediation.extensions import db
from mediation.mediators.assignment import answer_deadline
from mediation.scheduling.operations import free_slots_for

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Wednesday 2026-09-30, 10:00 in Beijing: the day before the National Day holiday.
EVE_OF_NATIONAL_DAY = datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI)


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def test_the_2026_notice_ships_every_day_off_and_every_worked_weekend_day():
    calendar = load_calendar()
    days_off = (
        span(date(2026, 1, 1), date(2026, 1, 3))
        | span(date(2026, 2, 15), date(2026, 2, 23))
        | span(date(2026, 4, 4), date(2026, 4, 6))
        | span(date(2026, 5, 1), date(2026, 5, 5))
        | span(date(2026, 6, 19), date(2026, 6, 21))
        | span(date(2026, 9, 25), date(2026, 9, 27))
        | span(date(2026, 10, 1), date(2026, 10, 7))
    )
    worked = {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
    assert {d for d in calendar.holidays if d.year == 2026} == days_off
    assert {d for d in calendar.workdays if d.year == 2026} == worked
    assert {2025, 2026} <= calendar.years


def test_the_2025_notice_ships_with_its_number_and_source():
    notice = next(n for n in SHIPPED if n.year == 2025)
    assert notice.number == "国办发明电〔2024〕12号" and notice.source.startswith("https://")
    assert len(notice.days_off) == 1 + 8 + 3 + 5 + 3 + 8
    assert sorted(notice.workdays) == [
        date(2025, 1, 26),
        date(2025, 2, 8),
        date(2025, 4, 27),
        date(2025, 9, 28),
        date(2025, 10, 11),
    ]


def test_an_offer_made_on_the_eve_of_national_day_2026_falls_due_on_the_worked_saturday():
    due = answer_deadline(EVE_OF_NATIONAL_DAY.astimezone(UTC))
    # 10-01 to 10-07 are off; 10-08, 10-09 and the worked Saturday 10-10 are the three days.
    assert due.astimezone(SHANGHAI) == datetime(2026, 10, 11, 0, 0, tzinfo=SHANGHAI)


def test_no_slot_is_offered_in_the_national_day_holiday_and_the_worked_saturday_has_slots(
    create_dispute,
):
    dispute = create_dispute("assigned")
    with time_machine.travel(EVE_OF_NATIONAL_DAY, tick=False):
        found = free_slots_for(dispute, days=12)
    days = {slot.start.astimezone(SHANGHAI).date() for slot in found}
    assert days and not days & span(date(2026, 10, 1), date(2026, 10, 7))
    assert date(2026, 10, 10) in days  # a Saturday worked: it keeps Monday's hours
    assert date(2026, 10, 11) not in days  # an ordinary Sunday


def test_a_day_corrected_from_the_command_line_wins_over_the_shipped_one(app):
    set_day(date(2026, 10, 8), "县里补休")
    assert date(2026, 10, 8) in load_calendar().holidays
    set_day(date(2026, 10, 1), "值班", is_workday=True)
    assert date(2026, 10, 1) in load_calendar().workdays


@pytest.mark.parametrize(
    ("today", "missing"),
    [
        (date(2026, 10, 31), None),
        (date(2026, 11, 1), 2027),  # notices come out in November: warn from then on
        (date(2026, 12, 1), 2027),
        (date(2027, 1, 4), 2027),
        (date(2026, 6, 1), None),
    ],
)
def test_the_missing_year_is_named_from_november(today, missing):
    assert missing_year(today, frozenset({2025, 2026})) == missing


def test_lines_read_as_spans_single_days_and_worked_days():
    assert read_lines("2027-02-06 2027-02-13 春节\n\n2027-01-01 元旦", 2027, spans=True) == [
        (date(2027, 2, 6), date(2027, 2, 13), "春节"),
        (date(2027, 1, 1), date(2027, 1, 1), "元旦"),
    ]
    assert read_lines("2027-02-20 春节调休上班", 2027, spans=False) == [
        (date(2027, 2, 20), date(2027, 2, 20), "春节调休上班")
    ]


@pytest.mark.parametrize(
    ("text", "spans", "problem"),
    [
        ("春节 2027-02-06", True, "unreadable"),
        ("2027-02-30 春节", True, "bad_date"),
        ("2027-02-13 2027-02-06 春节", True, "bad_span"),
        ("2027-02-01 2027-03-01 春节", True, "bad_span"),
        ("2026-12-31 元旦", True, "other_year"),
        ("2027-02-20 2027-02-21 调休", False, "one_day_only"),
        ("2027-02-17 调休", False, "not_weekend"),
    ],
)
def test_a_line_that_is_not_a_day_is_named_by_its_number(text, spans, problem):
    with pytest.raises(LinesError) as raised:
        read_lines("2027-01-01 元旦\n" + text if spans else text, 2027, spans=spans)
    line = 2 if spans else 1
    assert raised.value.problems == [(line, problem, text)]


NOTICE_2027 = {
    "year": "2027",
    "title": "国务院办公厅关于2027年部分节假日安排的通知",
    "number": "",
    "issued_on": "2026-11-20",
    "source": "https://example.gov.cn/notice-2027",
    # A test calendar shaped like a notice, not the 2027 dates (no notice was at hand).
    "days_off": "2027-01-01 元旦\n2027-02-06 2027-02-12 春节",
    "workdays": "2027-02-20 春节调休上班",
}


@pytest.fixture
def admin(create_user):
    return create_user(Role.ADMIN)


@time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), tick=False)
def test_an_admin_adds_the_next_years_notice_and_the_warning_goes(client, login, admin):
    login(admin)
    before = client.get("/admin/calendar/").get_data(as_text=True)
    assert "2027" in before and "calendar-warning" not in before  # named on the page itself
    assert "calendar-warning" in client.get("/").get_data(as_text=True)

    answer = client.post("/admin/calendar/notices", data=NOTICE_2027)
    assert answer.status_code == 302
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "国务院办公厅关于2027年部分节假日安排的通知" in page and "2027-02-12" in page

    calendar = load_calendar()
    assert span(date(2027, 2, 6), date(2027, 2, 12)) <= calendar.holidays
    assert date(2027, 2, 20) in calendar.workdays and 2027 in calendar.years
    assert "calendar-warning" not in client.get("/").get_data(as_text=True)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "holiday.notice_added"))
    assert event is not None and event.actor_id == admin.id and '"days": 9' in event.payload


@time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), tick=False)
def test_a_notice_with_a_bad_line_is_refused_whole_and_names_the_line(client, login, admin):
    login(admin)
    bad = NOTICE_2027 | {"days_off": "2027-01-01 元旦\n2027-02-06 2027-02-40 春节"}
    answer = client.post("/admin/calendar/notices", data=bad)
    assert answer.status_code == 422
    assert "第 2 行" in answer.get_data(as_text=True) or "Line 2" in answer.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(HolidayNotice)) == 0
    assert db.session.scalar(select(func.count()).select_from(Holiday)) == 0


@time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), tick=False)
@pytest.mark.parametrize(
    "change",
    [
        {"year": "2026"},  # shipped with the release
        {"year": "abc"},
        {"year": "1999"},
        {"issued_on": "2026-13-01"},
        {"title": ""},
        {"days_off": ""},
        {"days_off": "2027-01-01\u0000 元旦"},
        {"title": "x" * 121},
    ],
)
def test_bad_notices_get_a_clear_answer_and_change_nothing(client, login, admin, change):
    login(admin)
    answer = client.post("/admin/calendar/notices", data=NOTICE_2027 | change)
    assert answer.status_code in (409, 422)
    assert db.session.scalar(select(func.count()).select_from(HolidayNotice)) == 0


@time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), tick=False)
def test_the_same_year_twice_is_refused(client, login, admin):
    login(admin)
    assert client.post("/admin/calendar/notices", data=NOTICE_2027).status_code == 302
    again = client.post("/admin/calendar/notices", data=NOTICE_2027)
    assert again.status_code == 409
    assert db.session.scalar(select(func.count()).select_from(HolidayNotice)) == 1


@time_machine.travel(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), tick=False)
def test_only_an_admin_keeps_the_calendar(client, login, coordinator, create_user):
    login(coordinator)
    assert client.get("/admin/calendar/").status_code in (403, 404)
    assert client.post("/admin/calendar/notices", data=NOTICE_2027).status_code in (403, 404)
    # A coordinator is warned too, without the link they cannot follow.
    home = client.get("/").get_data(as_text=True)
    assert "calendar-warning" in home and "/admin/calendar/" not in home
    login(create_user(Role.MEDIATOR))
    assert "calendar-warning" not in client.get("/").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(HolidayNotice)) == 0
