"""A last day on a weekend or holiday moves to the next working day where the rule says so."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from mediation.core.holidays import set_day
from mediation.handoffs.clock import Clock, Rule
from mediation.handoffs.deadline_rules import DEFAULT_RULES


def span(first: date, last: date) -> frozenset[date]:
    return frozenset(first + timedelta(days=n) for n in range((last - first).days + 1))


# 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04).
HOLIDAYS_2026 = (
    span(date(2026, 1, 1), date(2026, 1, 3))
    | span(date(2026, 2, 15), date(2026, 2, 23))
    | span(date(2026, 4, 4), date(2026, 4, 6))
    | span(date(2026, 5, 1), date(2026, 5, 5))
    | span(date(2026, 6, 19), date(2026, 6, 21))
    | span(date(2026, 9, 25), date(2026, 9, 27))
    | span(date(2026, 10, 1), date(2026, 10, 7))
)
WORKDAYS_2026 = frozenset(
    {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
)
# No notice for 2027 had been published when this was written: these are a test calendar
# shaped like one (Spring Festival about 2027-02-06, National Day from 10-01), not the dates.
TEST_HOLIDAYS_2027 = span(date(2027, 2, 5), date(2027, 2, 11)) | span(
    date(2027, 10, 1), date(2027, 10, 7)
)


def due(started: date, rule: Rule, holidays=HOLIDAYS_2026, workdays=WORKDAYS_2026) -> Clock:
    return Clock(started_on=started, rule=rule, holidays=holidays, workdays=workdays)


def test_a_court_term_ending_in_the_2026_spring_festival_moves_to_the_first_working_day():
    clock = due(date(2026, 1, 16), DEFAULT_RULES["court_delegated"])
    assert clock.term_end == date(2026, 2, 15)
    assert clock.due_on == date(2026, 2, 24) and clock.rolled_from == date(2026, 2, 15)


def test_a_court_term_ending_on_national_day_2026_moves_past_the_holiday():
    clock = due(date(2026, 9, 16), DEFAULT_RULES["court_entrusted_ordinary"])
    assert clock.term_end == date(2026, 10, 1) and clock.due_on == date(2026, 10, 8)


def test_a_term_ending_on_a_make_up_working_saturday_stays():
    clock = due(date(2026, 10, 3), DEFAULT_RULES["court_entrusted_simple"])
    assert clock.due_on == date(2026, 10, 10) and clock.rolled_from is None


def test_a_term_ending_on_a_working_day_does_not_move():
    clock = due(date(2026, 2, 1), Rule(23, rolls_over=True))
    assert clock.due_on == date(2026, 2, 24) and clock.rolled_from is None


def test_a_rule_that_does_not_roll_over_keeps_its_holiday_last_day():
    clock = due(date(2026, 1, 16), Rule(30, rolls_over=False))
    assert clock.due_on == date(2026, 2, 15) and clock.rolled_from is None


def test_days_left_count_to_the_rolled_over_day():
    clock = due(date(2026, 1, 16), DEFAULT_RULES["court_delegated"])
    assert clock.days_left(date(2026, 2, 14)) == 10
    assert not clock.status(date(2026, 2, 20)).overdue
    assert clock.status(date(2026, 2, 25)).overdue and clock.days_left(date(2026, 2, 25)) == -1


def test_in_2027_without_a_notice_loaded_only_the_weekend_moves_the_day():
    clock = due(date(2027, 1, 7), Rule(30, rolls_over=True), frozenset(), frozenset())
    assert clock.term_end == date(2027, 2, 6)  # a Saturday
    assert clock.due_on == date(2027, 2, 8)


def test_in_2027_a_loaded_spring_festival_moves_the_day_past_it():
    clock = due(date(2027, 1, 7), Rule(30, rolls_over=True), TEST_HOLIDAYS_2027, frozenset())
    assert clock.due_on == date(2027, 2, 12)


def test_in_2027_a_loaded_national_day_moves_the_day_past_it():
    clock = due(date(2027, 9, 16), Rule(15, rolls_over=True), TEST_HOLIDAYS_2027, frozenset())
    assert clock.term_end == date(2027, 10, 1) and clock.due_on == date(2027, 10, 8)


def test_court_rules_roll_over_by_default_and_local_rules_do_not():
    assert all(DEFAULT_RULES[k].rolls_over for k in ("court_delegated", "court_entrusted_simple"))
    assert not any(DEFAULT_RULES[k].rolls_over for k in ("police", "petition"))


@time_machine.travel(datetime(2026, 2, 1, 2, 0, tzinfo=UTC), tick=False)
def test_the_hand_off_page_says_the_day_rolled_over(client, login, court_liaison, create_referral):
    for day in HOLIDAYS_2026:
        set_day(day, "节假日")
    handoff = create_referral(signed_on=date(2026, 1, 16))
    assert handoff.rule_rolls_over and handoff.due_on == date(2026, 2, 24)
    login(court_liaison)
    page = client.get(f"/handoffs/{handoff.id}").get_data(as_text=True)
    assert "期限届满日2026-02-15为节假日，顺延至2026-02-24。" in page
