"""The administration index: one page that links every administration page."""

from typing import NamedTuple

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from flask_login import login_required

bp = Blueprint("admin", __name__)


class AdminPage(NamedTuple):
    endpoint: str
    title: str
    purpose: str


# One entry per administration page, in the order a county is set up. A new page adds a line.
ADMIN_PAGES = (
    AdminPage(
        "organisations.index",
        _l("Organisations"),
        _l("The tree of centre, stations, village rooms, committees and the association."),
    ),
    AdminPage(
        "staff.index",
        _l("Staff"),
        _l("Invite staff, change roles, move, reset and deactivate accounts."),
    ),
    AdminPage(
        "committees.index",
        _l("Committees and seals"),
        _l("Committee names, number abbreviations, seals and who may apply them."),
    ),
    AdminPage(
        "calendar.index",
        _l("Holiday calendar"),
        _l("The State Council's holiday notices that working-day deadlines follow."),
    ),
    AdminPage(
        "roster_admin.index",
        _l("Mediators"),
        _l("Full-time and part-time mediators, gold medals, certificates and training."),
    ),
    AdminPage(
        "studio_admin.index",
        _l("Brand studios"),
        _l("The named mediation studios, their leads and specialties."),
    ),
    AdminPage(
        "imports.new",
        _l("Import from Excel"),
        _l("Load mediators, past cases and screenings from Excel or CSV files."),
    ),
    AdminPage(
        "handoff_admin.index",
        _l("Hand-off rules"),
        _l("Deadline rules, agency webhooks and API keys for courts, police and petition bureaus."),
    ),
    AdminPage(
        "reports.edit_targets",
        _l("Plan targets"),
        _l("The five-year plan's targets the indicators compare against."),
    ),
    AdminPage(
        "subsidies.rates",
        _l("Subsidy rates"),
        _l("The subsidy per case (以奖代补) for each category and outcome."),
    ),
)


@bp.route("/admin")
@login_required
def index():
    return render_template("admin/index.html", pages=ADMIN_PAGES)
