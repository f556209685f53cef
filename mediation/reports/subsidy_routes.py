"""Case subsidy pages: the county's rates (admins) and the monthly list with its exports."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.accounts.models import Role
from mediation.core import exports
from mediation.core.auth import roles_required
from mediation.core.forms import done, form_data, submit_form
from mediation.disputes.categories import CATEGORIES
from mediation.reports import subsidies, subsidy_export
from mediation.reports.access import check_plan_editor, places_for, requested_place, station_of
from mediation.reports.report_periods import BadPeriod, PeriodKind, parse_period
from mediation.reports.schemas import SubsidyRateInSchema

bp = Blueprint("subsidies", __name__, url_prefix="/reports/subsidies")
STAFF = (Role.COORDINATOR, Role.ADMIN)
MONTH_HELP = _l("Enter the month as YYYY-MM, such as 2026-03.")


def _zone() -> str:
    return current_user.timezone or current_app.config["TIMEZONE"]


def _local_day(instant) -> str:
    return instant.astimezone(ZoneInfo(_zone())).date().isoformat()


def _month():
    """The month asked for (this month by default), or None when it is not a month."""
    name = request.args.get("month") or datetime.now(ZoneInfo(_zone())).strftime("%Y-%m")
    try:
        return parse_period(PeriodKind.MONTH, name, _zone())
    except BadPeriod:
        return None


@bp.route("")
@roles_required(*STAFF)
def monthly():
    station_id = requested_place(current_user, request.args.get("station_id"))
    month = _month()
    lists = subsidies.monthly_list(month.period, station_id) if month else []
    own = station_of(current_user)
    page = render_template(
        "reports/subsidies.html",
        month=month,
        lists=lists,
        total=subsidies.grand_total(lists),
        errors={} if month else {"month": [str(MONTH_HELP)]},
        args=request.args,
        stations=places_for(current_user),
        own_station=own,
        station_id=station_id,
        categories=CATEGORIES,
        results=subsidies.RESULTS,
        local_day=_local_day,
    )
    return page, 200 if month else 422


def _export(kind: str):
    station_id = requested_place(current_user, request.args.get("station_id"))
    month = _month()
    if month is None:
        page = render_template("errors/error.html", status=422, message=MONTH_HELP, back=None)
        return page, 422
    lists = subsidies.monthly_list(month.period, station_id)
    rows = subsidy_export.rows(lists, _local_day)
    name = f"subsidies-{month.name}-{station_id or 'county'}"
    if kind == "csv":
        return exports.download(exports.to_csv([subsidy_export.header(), *rows]), name, "csv")
    sheet = exports.Sheet(month.name, rows, subsidy_export.header())
    return exports.download(exports.to_xlsx([sheet]), name, "xlsx")


@bp.route("/export.csv")
@roles_required(*STAFF)
def export_csv():
    return _export("csv")


@bp.route("/export.xlsx")
@roles_required(*STAFF)
def export_xlsx():
    return _export("xlsx")


@bp.route("/rates", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def rates():
    check_plan_editor(current_user)
    if request.method == "GET":
        return _rates_page({}, {}, 200)
    return submit_form(
        parse=lambda: SubsidyRateInSchema().load(form_data()),
        operate=lambda data: subsidies.set_subsidy_rate(data, current_user),
        render=lambda errors, status: _rates_page(dict(request.form), errors, status),
        success=lambda _rate: done(_l("The rate is saved."), url_for("subsidies.rates")),
    )


def _rates_page(values: dict, errors: dict, status: int):
    page = render_template(
        "reports/subsidy_rates.html",
        known=subsidies.rates(),
        categories=CATEGORIES,
        results=subsidies.RESULTS,
        values=values,
        errors=errors,
    )
    return page, status
