"""Tell the administrators when video calls have no STUN/TURN: at start-up and on admin pages."""

from flask import current_app, request
from flask.blueprints import BlueprintSetupState
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.core.people import Role
from mediation.video.ice import IceGap, ice_gap, transport_policy
from mediation.video.sfu.rules import checked_mode

LOGGED = {
    IceGap.NOTHING: "video: neither ICE_STUN_URLS nor TURN_URLS/TURN_SECRET is set; calls "
    "connect only between people on the same network (docs/deployment.md, coturn)",
    IceGap.NO_TURN: "video: no TURN relay (TURN_URLS, TURN_SECRET); calls fail behind strict "
    "NATs and on many mobile networks (docs/deployment.md, coturn)",
    IceGap.NO_SECRET: "video: TURN_URLS is set without TURN_SECRET, so the relay is never "
    "offered (docs/deployment.md, coturn)",
}
SHOWN = {
    IceGap.NOTHING: _l(
        "Video calls have no STUN or TURN server configured: only people on the same network "
        "can see each other. Set up coturn as the deployment guide describes."
    ),
    IceGap.NO_TURN: _l(
        "Video calls have no TURN relay configured: people behind strict firewalls or on "
        "mobile networks will not connect. Set up coturn as the deployment guide describes."
    ),
    IceGap.NO_SECRET: _l(
        "TURN_URLS is set without TURN_SECRET, so video calls never use the relay. Set "
        "TURN_SECRET to coturn's static-auth-secret."
    ),
}


def check_at_start(state: BlueprintSetupState) -> None:
    """Refuse an ICE transport policy or SFU mode that cannot work; log what calls lack."""
    config = state.app.config
    config["ICE_TRANSPORT_POLICY"] = transport_policy(config)
    config["VIDEO_SFU"] = checked_mode(config)
    gap = ice_gap(config) if config.get("ICE_WARN_MISSING") else None
    if gap is not None:
        state.app.logger.warning(LOGGED[gap])


def ice_warning() -> str | None:
    """The words for an administrator on an admin page when calls lack STUN/TURN, or None."""
    if not current_app.config.get("ICE_WARN_MISSING"):
        return None
    if not (current_user and current_user.is_authenticated and current_user.role == Role.ADMIN):
        return None
    if "admin" not in request.path.split("/"):
        return None
    gap = ice_gap(current_app.config)
    return None if gap is None else str(SHOWN[gap])
