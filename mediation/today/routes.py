"""The "today" page: each staff role's things to do, the landing page after logging in."""

from flask import Blueprint, render_template
from flask_babel import gettext as _
from flask_login import current_user

from mediation.accounts.models import Role
from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.holidays import load_calendar
from mediation.today import queues
from mediation.today.items import Day

bp = Blueprint("today", __name__)

DAYS = {
    Role.COORDINATOR: queues.coordinator_day,
    Role.ADMIN: queues.coordinator_day,
    Role.MEDIATOR: queues.mediator_day,
    Role.LIAISON: queues.liaison_day,
}
STAFF_ROLES = tuple(DAYS)


@bp.route("/today")
@roles_required(*STAFF_ROLES)
def today():
    day = Day.of(utcnow(), load_calendar())
    groups = DAYS[Role(current_user.role)](current_user, day)
    waiting = sum(group.total for group in groups)
    return render_template(
        "today/today.html",
        day=day,
        groups=groups,
        waiting=waiting,
        heading=_("Today"),
    )
