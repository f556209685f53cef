"""Choosing the language and time zone of each request, and naming zones in words."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel import Locale, dates
from babel.dates import get_timezone, get_timezone_gmt, get_timezone_location
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import force_locale, get_locale
from flask_babel import get_timezone as babel_timezone
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.core.catalogue import install_gettext
from mediation.core.labels import label
from mediation.core.walltime import wall_span, wall_time

# Zones whose everyday name is not the one Babel would give (中国（上海）时间).
ZONE_NAMES = {
    "Asia/Shanghai": _l("Beijing time"),
    "Asia/Chongqing": _l("Beijing time"),
    "Asia/Harbin": _l("Beijing time"),
    "PRC": _l("Beijing time"),
    "UTC": _l("Coordinated Universal Time (UTC)"),
    "Etc/UTC": _l("Coordinated Universal Time (UTC)"),
}
DEFAULT_ZONE = "Asia/Shanghai"
# CLDR's territory code for "Unknown Region", which Babel puts in the name of a placeless zone.
UNKNOWN_REGION = "ZZ"


def select_locale() -> str:
    """Use the person's choice, then the browser's languages, then Chinese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    choice = str(session.get("lang", ""))
    if choice in languages:
        return choice
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    best = request.accept_languages.best_match(["zh_CN", "zh", "en"]) if request else None
    if best == "en":
        return "en"
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    if current_user and current_user.is_authenticated and current_user.timezone:
        return current_user.timezone
    return current_app.config["TIMEZONE"]


def zone_name(zone: str | None, locale=None, at: datetime | None = None) -> str:
    """Name a time zone in words for the reader: 北京时间, 美国（纽约）时间, else its UTC offset."""
    if not zone:
        return ""
    if zone in ZONE_NAMES:
        if locale is None:
            return str(ZONE_NAMES[zone])
        with force_locale(str(locale)):
            return str(ZONE_NAMES[zone])
    locale = locale or get_locale() or "zh_CN"
    try:
        tzinfo = get_timezone(zone)
    except LookupError:
        return zone  # not a zone at all, so nothing to translate
    locale = Locale.parse(locale)
    name = get_timezone_location(tzinfo, locale=locale)
    if locale.territories[UNKNOWN_REGION] not in name and "/" not in name:
        return name
    return get_timezone_gmt((at or datetime.now(UTC)).astimezone(tzinfo), locale=locale)


def _tzinfo(zone: str | None) -> tuple[str, ZoneInfo]:
    """Return a zone's name and rules; an unknown or missing zone is the county's default."""
    try:
        return zone or DEFAULT_ZONE, ZoneInfo(zone or DEFAULT_ZONE)
    except (ValueError, KeyError):
        return DEFAULT_ZONE, ZoneInfo(DEFAULT_ZONE)


def _with_offset(wall: tuple[str, str | None], locale=None) -> str:
    text, offset = wall
    if offset is None:
        return text
    if locale is None:
        return _("%(time)s (%(offset)s)", time=text, offset=offset)
    with force_locale(str(locale)):
        return _("%(time)s (%(offset)s)", time=text, offset=offset)


def in_zone(moment: datetime | None, zone: str | None, pattern: str = "%H:%M") -> str:
    """Write an instant as wall time in a zone, with its UTC offset when the clock shows it twice.

    The page names the zone beside it.
    """
    if moment is None:
        return ""
    return _with_offset(wall_time(moment, _tzinfo(zone)[1], pattern))


def span_in_zone(start: datetime, end: datetime, zone: str | None) -> str:
    """Write a session's start and end in a zone so that the end never reads as the start."""
    first, last = wall_span(start, end, _tzinfo(zone)[1])
    return f"{_with_offset(first)}–{_with_offset(last)}"


def local_time_text(moment: datetime, zone: str | None, locale=None) -> str:
    """Write an instant as local date and time with the zone in words: 2026-03-02 09:30 北京时间.

    For texts and e-mails; an unknown or missing zone is taken as the county's default. A wall
    time the clock shows twice carries its offset: 2027-11-07 01:00 (UTC-05:00) 美国（纽约）时间.
    """
    zone, tzinfo = _tzinfo(zone)
    wall = _with_offset(wall_time(moment, tzinfo, "%Y-%m-%d %H:%M"), locale)
    return f"{wall} {zone_name(zone, locale, at=moment)}"


def _reader_zone() -> ZoneInfo:
    """The reader's zone, as Flask-Babel chose it once for the request (select_timezone)."""
    return _tzinfo(babel_timezone().zone)[1]


def _in_words(moment: datetime, fmt: str, zone: ZoneInfo) -> str:
    # Babel's own formatting, given the zone and language the request already chose: what
    # flask_babel.format_datetime does, without looking both up again for every time on a page.
    return dates.format_datetime(moment, fmt, tzinfo=zone, locale=get_locale())


def local_time(moment: datetime | None, fmt: str = "medium") -> str:
    """Write an instant in the reader's zone and language, with its offset when ambiguous."""
    if moment is None:
        return ""
    zone = _reader_zone()
    offset = wall_time(moment, zone)[1]
    return _with_offset((_in_words(moment, fmt, zone), offset))


def local_span(start: datetime, end: datetime, fmt: str = "medium") -> str:
    """Write a span in the reader's zone and language; its end never reads as its start."""
    zone = _reader_zone()
    first, last = wall_span(start, end, zone)
    start_text = _with_offset((_in_words(start, fmt, zone), first[1]))
    return f"{start_text} – {_with_offset((_in_words(end, fmt, zone), last[1]))}"


def register_i18n(app: Flask) -> None:
    """Give templates the `label`, `zone_name`, `in_zone` and `span_in_zone` filters.

    And `_`, `gettext` and `ngettext` that find the request's catalogue once (core.catalogue).
    """
    install_gettext(app.jinja_env)
    app.add_template_filter(label, "label")
    app.add_template_filter(zone_name, "zone_name")
    app.add_template_filter(in_zone, "in_zone")
    app.add_template_filter(span_in_zone, "span_in_zone")
