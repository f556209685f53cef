"""Report pages: the dashboard and its exports, the yearly table, screening and hotline logs."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request, url_for
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core import exports
from mediation.core.auth import roles_required
from mediation.core.db import among
from mediation.core.forms import done, form_data, submit_form
from mediation.core.schemas import flatten_messages
from mediation.disputes.categories import CATEGORIES
from mediation.extensions import db
from mediation.organisations.models import Organisation as Org
from mediation.organisations.models import OrgKind, townships
from mediation.organisations.scope import staff_scope
from mediation.reports import access, export, operations, queries
from mediation.reports.county_values import plan_editing
from mediation.reports.dashboard import (
    DIMENSION_LABELS,
    INDICATORS,
    build_dashboard,
    targets,
    yearly_table,
)
from mediation.reports.models import HotlineCall, IndicatorTarget, ScreeningLog
from mediation.reports.periods import Period, default_period
from mediation.reports.schemas import (
    PERIOD_BACKWARDS,
    HotlineCallInSchema,
    PeriodQuerySchema,
    ScreeningInSchema,
    TargetInSchema,
    YearQuerySchema,
)

bp = Blueprint("reports", __name__, url_prefix="/reports")
STAFF = (Role.COORDINATOR, Role.ADMIN)


def _zone() -> str:
    return current_user.timezone or current_app.config["TIMEZONE"]


def _today():
    return datetime.now(ZoneInfo(_zone())).date()


def _period_from_args() -> tuple[Period, int | None]:
    args = PeriodQuerySchema().load({k: v for k, v in request.args.items() if v})
    fallback = default_period(_today(), _zone())
    period = Period(args["start"] or fallback.start, args["end"] or fallback.end, _zone())
    if period.end < period.start:
        raise ValidationError({"end": [PERIOD_BACKWARDS]})
    return period, operations.check_place(current_user, args["station_id"])


@bp.route("")
@roles_required(*STAFF)
def dashboard():
    try:
        period, station_id = _period_from_args()
    except ValidationError as error:
        return _dashboard_page(None, flatten_messages(error.messages), 422)
    return _dashboard_page(build_dashboard(period, station_id), {})


def _dashboard_page(board, errors: dict, status: int = 200):
    stations = access.places_for(current_user)
    return (
        render_template(
            "reports/dashboard.html",
            board=board,
            errors=errors,
            args=request.args,
            stations=stations,
            station_names={s.id: s.area or s.name for s in stations},
            own_station=operations.station_of(current_user),
            dimension_labels=DIMENSION_LABELS,
        ),
        status,
    )


def _export(kind: str):
    try:
        period, station_id = _period_from_args()
    except ValidationError as error:
        errors = flatten_messages(error.messages)
        return _dashboard_page(None, errors, 422)
    board = build_dashboard(period, station_id)
    yearly = yearly_table(period.end.year, _zone(), station_id)
    name = f"indicators-{period.start.isoformat()}-{period.end.isoformat()}"
    content = export.to_csv(board, yearly) if kind == "csv" else export.to_xlsx(board, yearly)
    return exports.download(content, name, kind)


@bp.route("/export.csv")
@roles_required(*STAFF)
def export_csv():
    return _export("csv")


@bp.route("/export.xlsx")
@roles_required(*STAFF)
def export_xlsx():
    return _export("xlsx")


@bp.route("/yearly")
@roles_required(*STAFF)
def yearly():
    try:
        args = YearQuerySchema().load({k: v for k, v in request.args.items() if v})
    except ValidationError as error:
        errors = flatten_messages(error.messages)
        return render_template("reports/yearly.html", rows=[], year=None, errors=errors), 422
    year = args["year"] or _today().year
    rows = yearly_table(year, _zone(), access.report_place(current_user))
    return render_template("reports/yearly.html", rows=rows, year=year, errors={})


@bp.route("/targets", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_targets():
    county_id = access.plan_county(current_user, request.args.get("county_id"))
    if request.method == "GET":
        return _targets_page(county_id, {}, 200)
    indicator = request.form.get("indicator", "")
    return submit_form(
        parse=lambda: TargetInSchema().load(form_data("indicator")),
        operate=lambda data: operations.set_indicator_target(
            indicator, data, current_user, county_id
        ),
        render=lambda errors, status: _targets_page(county_id, {indicator: errors}, status),
        success=lambda _result: done(None, url_for("reports.edit_targets", county_id=county_id)),
        refuse=(),
    )


def _targets_page(county_id: int | None, errors: dict, status: int):
    page = render_template(
        "reports/targets.html",
        indicators=INDICATORS,
        known=targets(county_id),
        errors=errors,
        **plan_editing(current_user, IndicatorTarget, county_id),
    )
    return page, status


def _log_page(template: str, schema, record, model, order_column):
    if request.method == "GET":
        return _log_entries_page(template, model, order_column, {}, {})
    return submit_form(
        parse=lambda: schema.load(form_data()),
        operate=lambda data: record(data, current_user),
        # A station outside the person's own (403) is shown on the form too; all as 422.
        render=lambda errors, _status: _log_entries_page(
            template, model, order_column, dict(request.form), errors
        ),
        success=lambda _result: done(None, request.path),
        refuse=(403, 422),
    )


def _log_entries_page(template: str, model, order_column, values: dict, errors: dict):
    query = select(model).order_by(order_column.desc(), model.id.desc()).limit(50)
    own = operations.station_of(current_user)
    query = queries.placed_within(query, model, staff_scope(current_user))
    villages_query = select(Org).where(Org.kind == OrgKind.VILLAGE_ROOM).order_by(Org.id)
    scope = staff_scope(current_user)
    if scope is not None:
        villages_query = villages_query.where(among(Org.id, scope))
    villages = db.session.scalars(villages_query).all()
    return (
        render_template(
            template,
            entries=db.session.scalars(query).all(),
            values=values,
            errors=errors,
            townships=townships(staff_scope(current_user)),
            villages=villages,
            own_station=own,
            categories=CATEGORIES,
            today=_today().isoformat(),
        ),
        422 if errors else 200,
    )


@bp.route("/screenings", methods=["GET", "POST"])
@roles_required(*STAFF)
def screenings():
    return _log_page(
        "reports/screenings.html",
        ScreeningInSchema(),
        operations.record_screening,
        ScreeningLog,
        ScreeningLog.held_on,
    )


@bp.route("/hotline", methods=["GET", "POST"])
@roles_required(*STAFF)
def hotline():
    return _log_page(
        "reports/hotline.html",
        HotlineCallInSchema(),
        operations.record_hotline_call,
        HotlineCall,
        HotlineCall.received_at,
    )
