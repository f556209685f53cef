"""Service layer for screening and hotline logs and indicator targets. Flush, never commit."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Forbidden, NotFound, ValidationFailed
from mediation.extensions import db
from mediation.organisations.models import subtree_ids
from mediation.organisations.places import check_place as check_place_of_record
from mediation.organisations.scope import in_scope
from mediation.reports import access
from mediation.reports.dashboard import INDICATORS
from mediation.reports.models import HotlineCall, IndicatorTarget, ScreeningLog


def station_of(user: User) -> int | None:
    """The station a coordinator reports for, or None for a county and anything above."""
    return access.station_of(user)


def check_place(user: User, place_id: int | None) -> int | None:
    """Return the place a user reports on: the one asked for within their reach, or their own.

    A place outside their reach (another station, another county) is not found (404).
    """
    if place_id is None:
        return access.report_place(user)
    return access.requested_place(user, str(place_id))


def _check_place(user: User, township_id: int, village_id: int | None) -> None:
    township = check_place_of_record(township_id, village_id)
    own = station_of(user)
    if (own is not None and township.id not in subtree_ids(own)) or not in_scope(user, township.id):
        raise Forbidden(_l("You may record figures for your own station only."))


def record_screening(data: dict, user: User) -> ScreeningLog:
    """Log one screening round and what it found."""
    _check_place(user, data["township_id"], data.get("village_id"))
    log = ScreeningLog(**data, recorded_by_id=user.id)
    db.session.add(log)
    db.session.flush()
    record_event(
        "screening.recorded",
        "screening_log",
        log.id,
        actor_id=user.id,
        runs=log.runs,
        found=log.disputes_found,
        prevented=log.disputes_prevented,
    )
    return log


def record_hotline_call(data: dict, user: User) -> HotlineCall:
    """Log a hotline call; a naive time is the recorder's local time."""
    received_at: datetime = data["received_at"]
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=ZoneInfo(user.timezone))
    if received_at > utcnow():
        raise ValidationFailed(
            _l("The call cannot be in the future."),
            {"received_at": [_l("The call cannot be in the future.")]},
        )
    if data.get("township_id") is not None:
        _check_place(user, data["township_id"], None)
    call = HotlineCall(**{**data, "received_at": received_at}, recorded_by_id=user.id)
    db.session.add(call)
    db.session.flush()
    record_event(
        "hotline.recorded", "hotline_call", call.id, actor_id=user.id, answered=call.answered
    )
    return call


def set_indicator_target(indicator: str, data: dict, user: User) -> IndicatorTarget:
    """Set an indicator's baseline and target."""
    access.check_plan_editor(user)
    if indicator not in INDICATORS:
        raise NotFound(_l("No such indicator."))
    target = db.session.scalar(
        select(IndicatorTarget).where(IndicatorTarget.indicator == indicator)
    )
    if target is None:
        target = IndicatorTarget(indicator=indicator)
        db.session.add(target)
    for name in ("baseline", "baseline_year", "target", "target_year"):
        setattr(target, name, data.get(name))
    db.session.flush()
    record_event(
        "indicator.target_set",
        "indicator_target",
        target.id,
        actor_id=user.id,
        indicator=indicator,
        **{k: data.get(k) for k in ("baseline", "baseline_year", "target", "target_year")},
    )
    return target
