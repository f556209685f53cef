"""The session's join address: sends a signed-in participant to their own join link."""

from flask import Blueprint, redirect
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.core.errors import NotFound
from mediation.scheduling.access import find_session
from mediation.video.links import join_url
from mediation.video.sessions import seat_of

bp = Blueprint("video_join", __name__)


@bp.get("/sessions/<int:session_id>/join")
@login_required
def join(session_id: int):
    """Redirect the mediator, or a party with an account, to their signed join link."""
    session = find_session(current_user, session_id)
    seat = seat_of(session, user=current_user)
    if seat is None:
        raise NotFound(_l("There is no video room for you in this session."))
    return redirect(join_url(seat))
