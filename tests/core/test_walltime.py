"""Wall times the clock shows twice carry their UTC offset, so two instants never read alike."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import force_locale

from mediation.core.i18n import in_zone, local_time_text, span_in_zone
from mediation.core.walltime import is_ambiguous, wall_span, wall_time

NEW_YORK = ZoneInfo("America/New_York")
# 2027-11-07: New York's clocks go back from 02:00 EDT to 01:00 EST.
FIRST_ONE = datetime(2027, 11, 7, 5, 0, tzinfo=UTC)  # 01:00 EDT
SECOND_ONE = datetime(2027, 11, 7, 6, 0, tzinfo=UTC)  # 01:00 EST
THREE = datetime(2027, 11, 7, 8, 0, tzinfo=UTC)  # 03:00 EST


def test_the_repeated_hour_is_ambiguous_and_the_hour_after_is_not():
    assert is_ambiguous(FIRST_ONE.astimezone(NEW_YORK))
    assert is_ambiguous(SECOND_ONE.astimezone(NEW_YORK))
    assert not is_ambiguous(THREE.astimezone(NEW_YORK))


def test_a_skipped_wall_time_is_ambiguous_too():
    # 2027-03-14 02:30 never happens in New York (clocks jump from 02:00 to 03:00).
    assert is_ambiguous(datetime(2027, 3, 14, 2, 30, tzinfo=NEW_YORK))


def test_the_two_one_oclocks_carry_different_offsets():
    assert wall_time(FIRST_ONE, NEW_YORK) == ("01:00", "UTC-04:00")
    assert wall_time(SECOND_ONE, NEW_YORK) == ("01:00", "UTC-05:00")


def test_an_ordinary_wall_time_carries_no_offset():
    assert wall_time(THREE, NEW_YORK) == ("03:00", None)


def test_an_hour_long_session_across_the_fold_never_ends_at_its_start():
    start, end = wall_span(FIRST_ONE, SECOND_ONE, NEW_YORK)
    assert start == ("2027-11-07 01:00", "UTC-04:00")
    assert end == ("01:00", "UTC-05:00")


def test_a_session_ending_on_another_date_names_the_end_date():
    start, end = wall_span(
        datetime(2026, 3, 2, 15, 30, tzinfo=UTC),
        datetime(2026, 3, 2, 16, 30, tzinfo=UTC),
        ZoneInfo("Asia/Shanghai"),
    )
    assert start == ("2026-03-02 23:30", None) and end == ("2026-03-03 00:30", None)


def test_texts_for_the_two_sessions_differ_in_both_languages(app):
    with app.test_request_context(), force_locale("en"):
        first = local_time_text(FIRST_ONE, "America/New_York")
        second = local_time_text(SECOND_ONE, "America/New_York")
        assert first.startswith("2027-11-07 01:00 (UTC-04:00) ")
        assert second.startswith("2027-11-07 01:00 (UTC-05:00) ")
    with app.test_request_context(), force_locale("zh_CN"):
        assert local_time_text(SECOND_ONE, "America/New_York").startswith(
            "2027-11-07 01:00（UTC-05:00）"
        )


def test_the_page_filters_show_offsets_only_for_the_repeated_hour(app):
    with app.test_request_context(), force_locale("en"):
        assert in_zone(FIRST_ONE, "America/New_York") == "01:00 (UTC-04:00)"
        assert in_zone(THREE, "America/New_York") == "03:00"
        assert span_in_zone(FIRST_ONE, SECOND_ONE, "America/New_York") == (
            "2027-11-07 01:00 (UTC-04:00)–01:00 (UTC-05:00)"
        )
