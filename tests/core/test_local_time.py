"""Instants on a page are written in the reader's zone and language, each chosen once a request."""

from datetime import UTC, datetime

from flask_babel import force_locale, refresh
from flask_login import login_user

from mediation.accounts.models import Role
from mediation.core.i18n import local_span, local_time

# 2027-11-07 05:30 UTC is the first 01:30 in New York that night, 06:30 UTC the second.
TWICE = datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
JUNE = datetime(2026, 6, 16, 1, 30, tzinfo=UTC)


def test_a_reader_without_a_zone_reads_beijing_time_in_their_language(app):
    with app.test_request_context(), force_locale("zh_CN"):
        assert local_time(JUNE) == "2026年6月16日 09:30:00"
        assert local_time(JUNE.replace(tzinfo=None), "short") == "2026/6/16 09:30"
    with app.test_request_context(), force_locale("en"):
        assert local_time(JUNE, "short") == "6/16/26, 9:30\u202fAM"
        assert local_time(None) == ""


def test_a_reader_in_another_zone_reads_their_wall_time_with_the_offset_when_it_repeats(
    app, create_user
):
    reader = create_user(Role.COORDINATOR, timezone="America/New_York")
    with app.test_request_context(), force_locale("zh_CN"):
        login_user(reader)
        assert local_time(JUNE) == "2026年6月15日 21:30:00"
        assert local_time(TWICE, "short") == "2027/11/7 01:30（UTC-04:00）"
        assert local_span(TWICE, TWICE.replace(hour=6)) == (
            "2027年11月7日 01:30:00（UTC-04:00） – 2027年11月7日 01:30:00（UTC-05:00）"
        )


def test_a_zone_changed_within_a_request_counts_once_babel_is_refreshed(app, create_user):
    reader = create_user(Role.COORDINATOR)
    with app.test_request_context(), force_locale("zh_CN"):
        login_user(reader)
        assert local_time(JUNE, "short") == "2026/6/16 09:30"
        reader.timezone = "Europe/London"
        refresh()
        assert local_time(JUNE, "short") == "2026/6/16 02:30"
