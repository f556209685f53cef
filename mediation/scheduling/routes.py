"""Booking and session pages: choose a slot, see a session, move or cancel it, download it."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.core.audit import events_for
from mediation.core.db import utcnow
from mediation.core.errors import Forbidden
from mediation.core.forms import done, form_data, submit_form
from mediation.core.i18n import local_time_text
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.lifecycle import ENDED_BY_A_PARTY
from mediation.disputes.links import case_link_token, party_from_token
from mediation.extensions import limiter
from mediation.scheduling import operations, slots
from mediation.scheduling.access import find_session
from mediation.scheduling.availability import rooms_near
from mediation.scheduling.ical import ics_response
from mediation.scheduling.labels import MODES as MODE_LABELS
from mediation.scheduling.labels import STATUSES as STATUS_LABELS
from mediation.scheduling.lifecycle import SessionStatus
from mediation.scheduling.links import (
    from_join_token,
    from_session_token,
    party_join_link_url,
    session_link_token,
)
from mediation.scheduling.models import MODES
from mediation.scheduling.schemas import (
    BookingInSchema,
    CancelInSchema,
    RescheduleInSchema,
    StatusInSchema,
)

bp = Blueprint("scheduling", __name__)
PAGE_DAYS = 14  # a phone screen of choices; the API offers the whole horizon


def _viewer_zone() -> str:
    zone = current_user.timezone if current_user.is_authenticated else None
    try:
        return slots.zone_of(zone or "Asia/Shanghai").key
    except ValueError:
        return "Asia/Shanghai"


def _booking_page(dispute, actors, action_url, errors=None, status=200, values=None):
    if not actors:
        raise Forbidden(_l("You may not book sessions for this case."))
    staff_side = operations._is_staff_side(actors)
    room_id = (values or {}).get("room_id") or request.args.get("room_id", type=int)
    free = operations.free_slots_for(dispute, int(room_id) if room_id else None, days=PAGE_DAYS)
    if dispute.state in ENDED_BY_A_PARTY:
        # A party declined, withdrew or stopped: no times to offer, and say why.
        free, errors, status = [], {"_schema": [str(operations.attempt_ended(dispute))]}, 409
    zone = _viewer_zone()
    return (
        render_template(
            "scheduling/book.html",
            dispute=dispute,
            days=slots.by_local_day(free, zone),
            zone=zone,
            modes={m: MODE_LABELS[m] for m in MODES},
            rooms=rooms_near(dispute.mediator) if dispute.mediator else [],
            staff_side=staff_side,
            action_url=action_url,
            errors=errors or {},
            values=values or {"mode": "video"},
        ),
        status,
    )


def _done_text(verb: str, session) -> str:
    """Say in plain words what just happened to a session, with its time in the reader's zone."""
    when = local_time_text(session.start_at, _viewer_zone())
    if verb == "book":
        return _("Booked: %(time)s. Please be there on time.", time=when)
    if verb == "reschedule":
        return _("Moved to %(time)s. The old time no longer holds.", time=when)
    if verb == "cancel":
        return _("The session on %(time)s is cancelled. You can book a new time.", time=when)
    return _("The session is marked: %(status)s.", status=STATUS_LABELS.get(session.status, ""))


def _book(dispute, actors, user, action: str, booked_url):
    """Book the slot chosen; `booked_url(session)` is where the person goes once it is booked."""
    return submit_form(
        parse=lambda: BookingInSchema().load(form_data()),
        operate=lambda data: operations.book_session(
            dispute, data["start"], data["end"], data["mode"], data["room_id"], actors, user
        ),
        render=lambda errors, status: _booking_page(
            dispute, actors, action, errors, status, form_data()
        ),
        success=lambda session: done(_done_text("book", session), booked_url(session)),
    )


@bp.route("/disputes/<code>/book", methods=["GET", "POST"])
@login_required
def book(code: str):
    """Choose a slot for a case (staff, its mediator, or a party with an account)."""
    dispute = find_visible(current_user, code)
    actors = actors_for(current_user, dispute)
    action = url_for("scheduling.book", code=dispute.code)
    if request.method == "GET":
        return _booking_page(dispute, actors, action)
    return _book(
        dispute,
        actors,
        current_user,
        action,
        lambda session: url_for("scheduling.session_page", session_id=session.id),
    )


@bp.route("/c/<token>/book", methods=["GET", "POST"])
@limiter.limit("30 per hour", methods=["POST"])
def book_by_link(token: str):
    """Choose a slot through a party's case link, no account needed."""
    party = party_from_token(token)
    dispute = party.dispute
    actors = actors_for(None, dispute, party)
    action = url_for("scheduling.book_by_link", token=token)
    if request.method == "GET":
        return _booking_page(dispute, actors, action)
    return _book(
        dispute,
        actors,
        None,
        action,
        lambda session: url_for(
            "scheduling.session_by_link", token=session_link_token(session, party)
        ),
    )


def _session_page(session, actors, urls: dict, errors=None, status=200, party=None):
    zone = _viewer_zone()
    can_change = bool(actors) and session.status == SessionStatus.SCHEDULED
    free = operations.free_slots_for(
        session.dispute, session.room_id, exclude=session.id, days=PAGE_DAYS
    )
    return (
        render_template(
            "scheduling/session.html",
            session=session,
            zone=zone,
            history=events_for("session", session.id),
            can_change=can_change,
            staff_side=operations._is_staff_side(actors),
            days=slots.by_local_day(free, zone) if can_change else {},
            modes=MODE_LABELS,
            urls=urls,
            errors=errors or {},
            # The video domain adds its room panel through the `video_panel` template global.
            viewer=current_user if current_user.is_authenticated else None,
            party=party,
        ),
        status,
    )


def _session_urls(session) -> dict:
    return {
        "reschedule": url_for("scheduling.change", session_id=session.id, verb="reschedule"),
        "cancel": url_for("scheduling.change", session_id=session.id, verb="cancel"),
        "status": url_for("scheduling.change", session_id=session.id, verb="status"),
        "ics": url_for("scheduling.invitation", session_id=session.id),
    }


def _link_urls(token: str) -> dict:
    return {
        "reschedule": url_for("scheduling.change_by_link", token=token, verb="reschedule"),
        "cancel": url_for("scheduling.change_by_link", token=token, verb="cancel"),
        "ics": url_for("scheduling.invitation_by_link", token=token),
    }


@bp.route("/sessions/<int:session_id>")
@login_required
def session_page(session_id: int):
    session = find_session(current_user, session_id)
    return _session_page(session, actors_for(current_user, session.dispute), _session_urls(session))


@bp.route("/s/<token>")
def session_by_link(token: str):
    session, party = from_session_token(token, utcnow())
    return _session_page(
        session, actors_for(None, session.dispute, party), _link_urls(token), party=party
    )


def _change(session, actors, user, verb: str, urls: dict, back: str):
    def apply(data):
        if verb == "reschedule":
            return operations.reschedule_session(
                session, data["start"], data["end"], data["reason"], actors, user
            )
        if verb == "cancel":
            return operations.cancel_session(session, data["reason"], actors, user)
        return operations.set_session_status(session, data["status"], actors, user, data["reason"])

    def page_again(errors, status):
        # Each form on the session page shows its own fields' messages: "cancel.reason".
        errors = {f"{verb}.{k}" if k != "_schema" else k: v for k, v in errors.items()}
        return _session_page(session, actors, urls, errors, status)

    schema = {"reschedule": RescheduleInSchema, "cancel": CancelInSchema}.get(verb, StatusInSchema)
    return submit_form(
        parse=lambda: schema().load(form_data()),
        operate=apply,
        render=page_again,
        success=lambda changed: done(_done_text(verb, changed), back),
    )


@bp.route("/sessions/<int:session_id>/<any(reschedule, cancel, status):verb>", methods=["POST"])
@login_required
def change(session_id: int, verb: str):
    session = find_session(current_user, session_id)
    back = url_for("scheduling.session_page", session_id=session.id)
    actors = actors_for(current_user, session.dispute)
    return _change(session, actors, current_user, verb, _session_urls(session), back)


@bp.route("/s/<token>/<any(reschedule, cancel):verb>", methods=["POST"])
@limiter.limit("30 per hour")
def change_by_link(token: str, verb: str):
    session, party = from_session_token(token, utcnow())
    back = url_for("scheduling.session_by_link", token=token)
    actors = actors_for(None, session.dispute, party)
    return _change(session, actors, None, verb, _link_urls(token), back)


@bp.route("/j/<token>")
def join_by_link(token: str):
    """Open the private case page of the party a session's join link names, at its sessions."""
    _, party = from_join_token(token, utcnow())
    # A fresh case link: the party's join button there mints their room link when pressed.
    return redirect(
        url_for("disputes.case_by_link", token=case_link_token(party), _anchor="sessions-panel"),
        303,
    )


@bp.route("/sessions/<int:session_id>/invite.ics")
@login_required
def invitation(session_id: int):
    return ics_response(find_session(current_user, session_id))


@bp.route("/s/<token>/invite.ics")
def invitation_by_link(token: str):
    session, party = from_session_token(token, utcnow())
    return ics_response(session, party_join_link_url(session, party))
