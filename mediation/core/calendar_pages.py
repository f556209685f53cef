"""The calendar page: the holiday notices in force, and adding a newly published year's notice.

From November the staff see a warning on every page while the next year's notice is missing
(`calendar_warning`, shown by base.html), since working-day deadlines running into it would
ignore its holidays.
"""

from datetime import date
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError, fields, post_load, validate
from sqlalchemy import select

from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.forms import done, form_data, submit_form
from mediation.core.holiday_notices import SHIPPED, LinesError, read_lines
from mediation.core.holidays import (
    Holiday,
    HolidayNotice,
    add_notice,
    load_calendar,
    missing_year,
    notice_years,
)
from mediation.core.people import STAFF_ROLES, Role
from mediation.core.schemas import BlankAsMissing, text
from mediation.extensions import db

bp = Blueprint("calendar", __name__, url_prefix="/admin/calendar")

LINE_PROBLEMS = {
    "unreadable": _l(
        "Line %(line)s: write a date (YYYY-MM-DD), a second date if it is a span, then the name."
    ),
    "bad_date": _l("Line %(line)s: that is not a date of the calendar."),
    "one_day_only": _l("Line %(line)s: a worked weekend day is one date, not a span."),
    "not_weekend": _l("Line %(line)s: a worked day (调休) falls on a Saturday or Sunday."),
    "bad_span": _l("Line %(line)s: the last day must follow the first, at most 14 days on."),
    "other_year": _l("Line %(line)s: every day must fall in the notice's year."),
}


class NoticeInSchema(BlankAsMissing):
    year = fields.Integer(
        required=True,
        validate=validate.Range(min=2000, max=2100, error=_l("Enter a year from 2000 to 2100.")),
    )
    title = text(120)
    number = text(60, required=False)
    issued_on = fields.Date(required=True)
    source = text(500, required=False)
    days_off = text(4000)
    workdays = text(2000, required=False)

    @post_load
    def read_days(self, data: dict, **kwargs) -> dict:
        problems: dict[str, list[str]] = {}
        for name, spans in (("days_off", True), ("workdays", False)):
            try:
                data[name] = read_lines(data.get(name, ""), data["year"], spans=spans)
            except LinesError as error:
                problems[name] = [
                    str(LINE_PROBLEMS[key] % {"line": line}) for line, key, _text in error.problems
                ]
        if problems:
            raise ValidationError(problems)
        if not data["days_off"]:
            raise ValidationError({"days_off": [str(_l("List the notice's days off."))]})
        return data


@bp.get("/")
@roles_required(Role.ADMIN)
def index():
    return _page({}, 200, {})


@bp.post("/notices")
@roles_required(Role.ADMIN)
def add():
    values = form_data()
    return submit_form(
        parse=lambda: NoticeInSchema().load(values),
        operate=lambda data: add_notice(data, current_user.id),
        render=lambda errors, status: _page(errors, status, values),
        success=lambda notice: done(
            str(_l("The %(year)s notice is in the calendar.", year=notice.year)),
            url_for("calendar.index"),
        ),
    )


def _page(errors: dict, status: int, values: dict):
    added = db.session.scalars(select(HolidayNotice).order_by(HolidayNotice.year)).all()
    added_days = db.session.scalars(
        select(Holiday).where(Holiday.notice_year.is_not(None)).order_by(Holiday.day)
    ).all()
    page = render_template(
        "core/calendar.html",
        shipped=SHIPPED,
        added=added,
        added_days=added_days,
        missing=missing_year(_today(), load_calendar().years),
        errors=errors,
        values=values,
    )
    return page, status


def _today() -> date:
    return utcnow().astimezone(ZoneInfo(current_app.config["TIMEZONE"])).date()


@bp.app_template_global()
def calendar_warning() -> int | None:
    """The year whose holiday notice staff should add now, or None; only for staff pages."""
    if not (current_user and current_user.is_authenticated):
        return None
    if current_user.role not in STAFF_ROLES or request.blueprint == "calendar":
        return None
    return missing_year(_today(), notice_years())
