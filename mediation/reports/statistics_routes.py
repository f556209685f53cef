"""The statistics report's page and its Excel and PDF downloads, scoped to the user."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.accounts.models import Role
from mediation.core import exports
from mediation.core.auth import roles_required
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind
from mediation.organisations.scope import counties_in
from mediation.reports.access import places_for, requested_place, station_of
from mediation.reports.report_files import to_pdf, to_xlsx
from mediation.reports.report_periods import BadPeriod, PeriodKind, current_name, parse_period
from mediation.reports.report_tables import period_line, tables, title
from mediation.reports.statistics import build_report

bp = Blueprint("statistics", __name__, url_prefix="/reports/statistics")
STAFF = (Role.COORDINATOR, Role.ADMIN)
KIND_LABELS = {
    PeriodKind.MONTH: _l("Month"),
    PeriodKind.QUARTER: _l("Quarter"),
    PeriodKind.YEAR: _l("Year"),
}
PERIOD_HELP = _l("Enter the period as 2026-03 for a month, 2026-Q1 for a quarter, 2026 for a year.")
COUNTY = "全县"


def _zone() -> str:
    return current_user.timezone or current_app.config["TIMEZONE"]


def _end_month() -> int:
    return current_app.config["STATISTICS_YEAR_END_MONTH"]


def _place(place_id: int | None) -> str:
    """Name the place in the report's title; a deployment's only county is "the county"."""
    place = db.session.get(Organisation, place_id) if place_id is not None else None
    if place is None or (place.kind == OrgKind.CENTRE and len(counties_in(None)) <= 1):
        return COUNTY
    return place.area or place.name


def _request():
    """Return the report asked for, or the errors of the period's fields."""
    station_id = requested_place(current_user, request.args.get("station_id"))
    kind = request.args.get("kind") or PeriodKind.MONTH
    today = datetime.now(ZoneInfo(_zone())).date()
    try:
        kind = PeriodKind(kind)
    except ValueError:
        return None, station_id, {"kind": [str(_l("Choose a month, a quarter or a year."))]}
    name = request.args.get("period") or current_name(kind, today, _end_month())
    try:
        period = parse_period(kind, name, _zone(), _end_month())
    except BadPeriod:
        return None, station_id, {"period": [str(PERIOD_HELP)]}
    return build_report(period, station_id), station_id, {}


@bp.route("")
@roles_required(*STAFF)
def report():
    built, station_id, errors = _request()
    own = station_of(current_user)
    page = render_template(
        "reports/statistics.html",
        report=built,
        tables=tables(built) if built else [],
        title=title(built, _place(station_id)) if built else None,
        period_line=period_line(built) if built else None,
        errors=errors,
        args=request.args,
        kinds=KIND_LABELS,
        stations=places_for(current_user),
        own_station=own,
        station_id=station_id,
    )
    return page, 422 if errors else 200


def _download(kind: str):
    built, station_id, errors = _request()
    if errors:
        message = " ".join(m for messages in errors.values() for m in messages)
        page = render_template("errors/error.html", status=422, message=message, back=None)
        return page, 422
    place = _place(station_id)
    name = f"statistics-{built.period.name}-{station_id or 'county'}"
    if kind == "pdf":
        response = Response(to_pdf(built, place), mimetype="application/pdf")
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return exports.download(to_xlsx(built, place), name, "xlsx")


@bp.route("/report.xlsx")
@roles_required(*STAFF)
def report_xlsx():
    return _download("xlsx")


@bp.route("/report.pdf")
@roles_required(*STAFF)
def report_pdf():
    return _download("pdf")
