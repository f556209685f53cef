"""Pages of oral agreements: record one for a settled case, and the register with its CSV."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from mediation.accounts.models import Role
from mediation.core import exports
from mediation.core.auth import roles_required
from mediation.core.forms import done, submit_form
from mediation.core.i18n import local_time
from mediation.organisations.models import townships
from mediation.organisations.scope import staff_scope
from mediation.outcomes import oral
from mediation.outcomes.record_forms import oral_form
from mediation.outcomes.record_routes import _running

bp = Blueprint("oral", __name__)
REGISTER_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.MEDIATOR)


def _zone() -> str:
    return current_user.timezone or current_app.config["TIMEZONE"]


def _page(dispute, values: dict, errors: dict, status: int = 200):
    return (
        render_template(
            "outcomes/oral_agreement.html",
            dispute=dispute,
            existing=oral.oral_agreement_for(dispute),
            values=values,
            errors=errors,
        ),
        status,
    )


@bp.route("/disputes/<code>/oral-agreement", methods=["GET", "POST"])
@login_required
def oral_agreement(code: str):
    dispute = _running(code)
    if request.method == "GET":
        return _page(dispute, {}, {})
    return submit_form(
        parse=lambda: oral_form(request.form, _zone()),
        operate=lambda data: oral.record_oral_agreement(dispute, data, current_user),
        render=lambda errors, status: _page(dispute, dict(request.form), errors, status),
        success=lambda _row: done(
            _("The oral agreement is recorded in the register."),
            url_for("disputes.case", code=dispute.code),
        ),
    )


def _township_arg() -> int | None:
    raw = request.args.get("township_id", "")
    return int(raw) if raw.isdigit() else None


def _local_date(at) -> str:
    return local_time(at, "yyyy-MM-dd")


@bp.route("/oral-agreements")
@roles_required(*REGISTER_ROLES)
def register():
    township_id = _township_arg()
    rows = oral.register_rows(current_user, township_id)
    return render_template(
        "outcomes/oral_register.html",
        rows=[(row, oral.register_cells(row, _local_date)) for row in rows],
        columns=oral.REGISTER_COLUMNS,
        stations=townships(staff_scope(current_user)),
        township_id=township_id,
    )


@bp.route("/oral-agreements.csv")
@roles_required(*REGISTER_ROLES)
def register_csv():
    rows = oral.register_rows(current_user, _township_arg())
    lines = [oral.REGISTER_COLUMNS, *(oral.register_cells(r, _local_date) for r in rows)]
    return exports.download(exports.to_csv(lines), "oral-agreements", "csv")
