from datetime import date

import pytest

from mediation.handoffs import clock
from mediation.handoffs.clock import Clock, Extension, Pause, Rule

START = date(2026, 3, 2)  # a Monday


def test_a_calendar_term_ends_the_given_number_of_days_after_sign_for():
    assert Clock(START, Rule(30)).due_on == date(2026, 4, 1)


def test_days_left_count_down_to_zero_on_the_due_day():
    running = Clock(START, Rule(7))
    assert running.days_left(START) == 7
    assert running.days_left(date(2026, 3, 9)) == 0
    assert not running.status(date(2026, 3, 9)).overdue


def test_the_day_after_the_due_day_is_overdue():
    status = Clock(START, Rule(7)).status(date(2026, 3, 11))
    assert status.overdue and status.days_left == -2


def test_a_pause_for_appraisal_moves_the_due_date_by_its_length():
    paused = Clock(START, Rule(15), pauses=(Pause(date(2026, 3, 5), date(2026, 3, 15)),))
    assert paused.due_on == date(2026, 3, 27)


def test_an_open_pause_freezes_days_left_and_hides_the_due_date():
    running = Clock(START, Rule(15), pauses=(Pause(date(2026, 3, 5)),))
    assert running.due_on is None
    assert running.days_left(date(2026, 3, 10)) == running.days_left(date(2026, 3, 30)) == 13
    assert running.status(date(2026, 3, 10)).paused


def test_an_overlapping_pause_is_refused():
    pauses = (Pause(date(2026, 3, 5), date(2026, 3, 15)),)
    with pytest.raises(clock.PauseOverlaps):
        clock.add_pause(START, pauses, date(2026, 3, 10))


def test_a_second_pause_while_one_is_open_is_refused():
    with pytest.raises(clock.AlreadyPaused):
        clock.add_pause(START, (Pause(date(2026, 3, 5)),), date(2026, 3, 20))


def test_a_pause_before_the_sign_for_is_refused():
    with pytest.raises(clock.PauseOverlaps):
        clock.add_pause(START, (), date(2026, 3, 1))


def test_a_resume_on_or_before_the_pause_is_refused():
    with pytest.raises(clock.NotPaused):
        clock.close_pause(START, (Pause(date(2026, 3, 5)),), date(2026, 3, 5))


def test_an_extension_with_both_consents_adds_its_days():
    extensions = clock.add_extension((), Extension(10, True, True))
    assert Clock(START, Rule(30), extensions=extensions).due_on == date(2026, 4, 11)


@pytest.mark.parametrize("applicant, respondent", [(True, False), (False, True), (False, False)])
def test_an_extension_without_both_consents_is_refused(applicant, respondent):
    with pytest.raises(clock.ConsentMissing):
        clock.add_extension((), Extension(10, applicant, respondent))


def test_working_days_skip_weekends():
    # Monday + 7 working days = the Wednesday of the next week.
    assert Clock(START, Rule(7, working_days=True)).due_on == date(2026, 3, 11)


def test_working_days_skip_holidays_and_count_make_up_workdays():
    holidays = frozenset({date(2026, 3, 3), date(2026, 3, 4)})
    workdays = frozenset({date(2026, 3, 7)})  # a Saturday worked in exchange
    running = Clock(START, Rule(3, True), holidays=holidays, workdays=workdays)
    # Counted: Thu 5, Fri 6, Sat 7 (make-up workday).
    assert running.due_on == date(2026, 3, 7)


def test_working_days_left_ignore_the_weekend():
    running = Clock(START, Rule(5, working_days=True))
    assert running.days_left(date(2026, 3, 6)) == 1  # Friday: Monday is the last day
    assert running.days_left(date(2026, 3, 8)) == 1  # Sunday: still one working day
    assert running.due_on == date(2026, 3, 9)


def test_a_pause_in_working_days_skips_only_the_paused_working_days():
    running = Clock(START, Rule(5, True), pauses=(Pause(date(2026, 3, 4), date(2026, 3, 6)),))
    # Counted: Tue 3, Fri 6, Mon 9, Tue 10, Wed 11.
    assert running.due_on == date(2026, 3, 11)
