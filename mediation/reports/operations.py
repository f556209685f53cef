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
from mediation.organisations.models import Organisation, OrgKind, subtree_ids
from mediation.organisations.places import check_place
from mediation.reports.access import report_station
from mediation.reports.dashboard import INDICATORS
from mediation.reports.models import HotlineCall, IndicatorTarget, ScreeningLog


def station_of(user: User) -> int | None:
    """The station a coordinator reports for, or None for the county centre and admins."""
    return report_station(user)


def check_station(user: User, station_id: int | None) -> int | None:
    """Return the station a user may report on: their own, or any for the county."""
    own = station_of(user)
    if own is not None:
        if station_id not in (None, own):
            raise Forbidden(_l("You may see the figures of your own station only."))
        return own
    if station_id is not None:
        station = db.session.get(Organisation, station_id)
        if station is None or station.kind != OrgKind.STATION:
            raise ValidationFailed(
                _l("Choose a township."), {"station_id": [_l("Choose a township from the list.")]}
            )
    return station_id


def _check_place(user: User, township_id: int, village_id: int | None) -> None:
    township = check_place(township_id, village_id)
    own = station_of(user)
    if own is not None and township.id not in subtree_ids(own):
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
