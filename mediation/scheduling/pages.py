"""Availability and calendar pages: weekly hours, date overrides, my sessions, the feed."""

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.auth import roles_required
from mediation.core.db import utcnow
from mediation.core.forms import ANY_REFUSAL, done, form_data, submit_form
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.scheduling import availability, feeds, ical, slots
from mediation.scheduling.schemas import AvailabilityInSchema, OverrideInSchema

bp = Blueprint("availability", __name__)
WEEKDAY_NAMES = (
    _l("Monday"),
    _l("Tuesday"),
    _l("Wednesday"),
    _l("Thursday"),
    _l("Friday"),
    _l("Saturday"),
    _l("Sunday"),
)
ZONES = (
    "Asia/Shanghai",
    "Asia/Urumqi",
    "Asia/Hong_Kong",
    "Asia/Kolkata",
    "America/New_York",
    "Europe/London",
    "UTC",
)


def _mediator() -> Mediator:
    mediator = db.session.scalar(select(Mediator).where(Mediator.user_id == current_user.id))
    if mediator is None:
        abort(404)
    return mediator


def _values(saved) -> dict:
    values = {name: getattr(saved, name) for name in availability.SETTINGS}
    for day in range(7):
        pairs = saved.weekly.get(str(day), [])
        values[f"weekly_{day}"] = ", ".join(f"{s}-{e}" for s, e in pairs)
    return values


def _render(mediator, values, errors, status=200):
    today = utcnow().date()
    return (
        render_template(
            "scheduling/availability.html",
            values=values,
            errors=errors,
            weekdays=WEEKDAY_NAMES,
            zones=ZONES,
            overrides=availability.overrides_of(mediator, since=today),
            preview=slots.by_local_day(
                slots.free_slots(availability.rules_for(mediator), [], utcnow(), days=7),
                values.get("timezone") or "Asia/Shanghai",
            )
            if not errors
            else {},
        ),
        status,
    )


@bp.route("/availability", methods=["GET", "POST"])
@roles_required(Role.MEDIATOR)
def edit():
    """Let a mediator set weekly hours and booking rules in their own zone."""
    mediator = _mediator()
    if request.method == "GET":
        return _render(mediator, _values(availability.availability_of(mediator)), {})
    form = form_data()
    payload = {k: v for k, v in form.items() if not k.startswith("weekly_")}
    payload["weekly"] = {str(d): form.get(f"weekly_{d}", "") for d in range(7)}
    payload["observe_holidays"] = "observe_holidays" in form

    def page_again(errors, status):
        # The page marks its fields only: a refusal's summary would repeat its field's message.
        fields = {_form_field(k): v for k, v in errors.items() if k != "_schema"}
        return _render(mediator, form, fields, status)

    return submit_form(
        parse=lambda: AvailabilityInSchema().load(payload),
        operate=lambda data: availability.save_availability(mediator, data, current_user),
        render=page_again,
        success=lambda _result: done(None, url_for("availability.edit", saved=1)),
        refuse=ANY_REFUSAL,
    )


def _form_field(path: str) -> str:
    """Map an error's path (weekly.3.value) to the form field it is shown on (weekly_3)."""
    return path.replace("weekly.", "weekly_").split(".value")[0]


@bp.route("/availability/overrides", methods=["POST"])
@roles_required(Role.MEDIATOR)
def add_override():
    mediator = _mediator()

    def set_hours(data):
        availability.set_override(
            mediator, data["day"], data["windows"], data["note"], current_user
        )
        return data["day"]

    def page_again(errors, status):
        errors = {f"override.{k}": v for k, v in errors.items()}
        return _render(mediator, _values(availability.availability_of(mediator)), errors, status)

    return submit_form(
        parse=lambda: OverrideInSchema().load(form_data()),
        operate=set_hours,
        render=page_again,
        success=lambda day: done(
            _("The hours for %(day)s are saved.", day=day.isoformat()),
            url_for("availability.edit"),
        ),
        refuse=(),
    )


@bp.route("/availability/overrides/<int:override_id>/delete", methods=["POST"])
@roles_required(Role.MEDIATOR)
def remove_override(override_id: int):
    availability.remove_override(_mediator(), override_id, current_user)
    db.session.commit()
    flash(_("The change for that day is removed; the weekly hours apply again."), "success")
    return redirect(url_for("availability.edit"))


@bp.route("/calendar")
@login_required
def calendar():
    """My sessions, and my private calendar feed address."""
    feed = feeds.feed_of(current_user)
    return render_template(
        "scheduling/calendar.html",
        sessions=feeds.sessions_of(current_user, limit=100),
        feed_url=feeds.feed_url(feed) if feed else None,
    )


@bp.route("/calendar/feed", methods=["POST"])
@login_required
def renew_feed():
    feeds.renew_feed(current_user)
    db.session.commit()
    flash(_("Your calendar address is ready; any earlier address no longer works."), "success")
    return redirect(url_for("availability.calendar"))


@bp.route("/calendar/feed/revoke", methods=["POST"])
@login_required
def revoke_feed():
    feeds.revoke_feed(current_user)
    db.session.commit()
    flash(_("The calendar address is switched off."), "success")
    return redirect(url_for("availability.calendar"))


@bp.route("/calendar/<token>.ics")
def feed(token: str):
    """The calendar feed itself: private by its unguessable address."""
    user = feeds.user_for_token(token)
    if user is None:
        abort(404)
    text = ical.feed_text(
        feeds.sessions_of(user), user.name, lambda session: feeds.join_address(user, session)
    )
    response = Response(text, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=UTF-8"
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
