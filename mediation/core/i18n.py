"""Choosing the language and time zone of each request, and naming zones in words."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone, get_timezone_gmt, get_timezone_location
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.core.labels import label

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
    choice = session.get("lang")
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


def local_time_text(moment: datetime, zone: str | None, locale=None) -> str:
    """Write an instant as local date and time with the zone in words: 2026-03-02 09:30 北京时间.

    For texts and e-mails; an unknown or missing zone is taken as the county's default.
    """
    try:
        tzinfo = ZoneInfo(zone or DEFAULT_ZONE)
    except (ValueError, KeyError):
        zone, tzinfo = DEFAULT_ZONE, ZoneInfo(DEFAULT_ZONE)
    local = moment.astimezone(tzinfo)
    return f"{local:%Y-%m-%d %H:%M} {zone_name(zone or DEFAULT_ZONE, locale, at=moment)}"


def register_i18n(app: Flask) -> None:
    """Give templates the `label` and `zone_name` filters."""
    app.add_template_filter(label, "label")
    app.add_template_filter(zone_name, "zone_name")
