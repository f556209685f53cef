"""Service layer for availability and rooms: read the rules, change them. Flush, never commit."""

from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import among
from mediation.core.errors import NotFound, ValidationFailed
from mediation.core.holidays import load_calendar
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import Organisation, OrgKind
from mediation.organisations.scope import county_ids, in_scope, staff_scope
from mediation.scheduling import slots
from mediation.scheduling.models import Availability, AvailabilityOverride, Room

SETTINGS = (
    "timezone",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "min_notice_minutes",
    "horizon_days",
    "slot_minutes",
    "interval_minutes",
    "observe_holidays",
)


def _to_json(windows) -> list[list[str]]:
    return [[f"{s:%H:%M}", "24:00" if e == time(0) else f"{e:%H:%M}"] for s, e in windows]


def _from_json(pairs) -> tuple[slots.Window, ...]:
    return slots.parse_windows(", ".join(f"{s}-{e}" for s, e in pairs))


def availability_of(mediator: Mediator) -> Availability:
    """Return the mediator's settings; a mediator who never set any sits office hours."""
    availability = db.session.scalar(
        select(Availability).where(Availability.mediator_id == mediator.id)
    )
    if availability is None:
        availability = Availability(
            mediator_id=mediator.id,
            timezone=mediator.user.timezone or "Asia/Shanghai",
            weekly={str(d): _to_json(w) for d, w in slots.DEFAULT_WEEKLY.items()},
            buffer_before_minutes=0,
            buffer_after_minutes=15,
            min_notice_minutes=24 * 60,
            horizon_days=60,
            slot_minutes=60,
            interval_minutes=30,
            observe_holidays=True,
        )
    return availability


def overrides_of(mediator: Mediator, since: date | None = None) -> list[AvailabilityOverride]:
    query = select(AvailabilityOverride).where(AvailabilityOverride.mediator_id == mediator.id)
    if since is not None:
        query = query.where(AvailabilityOverride.day >= since)
    return list(db.session.scalars(query.order_by(AvailabilityOverride.day)))


def rules_for(mediator: Mediator) -> slots.Rules:
    """Gather a mediator's settings, date overrides and the holiday calendar into Rules."""
    availability = availability_of(mediator)
    calendar = load_calendar() if availability.observe_holidays else None
    return slots.Rules(
        zone=availability.timezone,
        weekly={int(day): _from_json(pairs) for day, pairs in availability.weekly.items()},
        overrides={o.day: _from_json(o.windows) for o in overrides_of(mediator)},
        holidays=calendar.holidays if calendar else frozenset(),
        workdays=calendar.workdays if calendar else frozenset(),
        buffer_before=availability.buffer_before_minutes,
        buffer_after=availability.buffer_after_minutes,
        min_notice=availability.min_notice_minutes,
        horizon_days=availability.horizon_days,
        slot_minutes=availability.slot_minutes,
        interval_minutes=availability.interval_minutes,
    )


def save_availability(mediator: Mediator, data: dict, actor: User | None) -> Availability:
    """Replace a mediator's weekly hours and booking rules with validated data."""
    try:
        slots.zone_of(data["timezone"])
    except ValueError:
        raise ValidationFailed(
            _l("Unknown time zone."),
            {"timezone": [_l("Choose a time zone such as Asia/Shanghai.")]},
        ) from None
    availability = availability_of(mediator)
    weekly = {str(day): _to_json(windows) for day, windows in data["weekly"].items() if windows}
    availability.weekly = weekly
    for name in SETTINGS:
        setattr(availability, name, data[name])
    db.session.add(availability)
    db.session.flush()
    record_event(
        "availability.saved",
        "mediator",
        mediator.id,
        actor_id=actor.id if actor else None,
        weekly=weekly,
        **{name: data[name] for name in SETTINGS},
    )
    return availability


def set_override(mediator: Mediator, day: date, windows, note: str | None, actor: User | None):
    """Give one local date other hours, or none (a day off)."""
    override = db.session.scalar(
        select(AvailabilityOverride).where(
            AvailabilityOverride.mediator_id == mediator.id, AvailabilityOverride.day == day
        )
    )
    if override is None:
        override = AvailabilityOverride(mediator_id=mediator.id, day=day)
        db.session.add(override)
    override.windows = _to_json(windows)
    override.note = note
    db.session.flush()
    record_event(
        "availability.override_set",
        "mediator",
        mediator.id,
        actor_id=actor.id if actor else None,
        day=day.isoformat(),
        windows=override.windows,
    )
    return override


def remove_override(mediator: Mediator, override_id: int, actor: User | None) -> None:
    override = db.session.get(AvailabilityOverride, override_id)
    if override is None or override.mediator_id != mediator.id:
        raise NotFound(_l("No such date override."))
    db.session.delete(override)
    db.session.flush()
    record_event(
        "availability.override_removed",
        "mediator",
        mediator.id,
        actor_id=actor.id if actor else None,
        day=override.day.isoformat(),
    )


def add_room(organisation_id: int, name: str, capacity: int, actor: User | None) -> Room:
    """Register a mediation room at a station or the centre."""
    organisation = db.session.get(Organisation, organisation_id)
    if actor is not None and not in_scope(actor, organisation_id):
        organisation = None  # another county's station is not one the actor may choose
    if organisation is None or organisation.kind not in (OrgKind.STATION, OrgKind.CENTRE):
        raise ValidationFailed(
            _l("Rooms belong to a station or the county centre."),
            {"organisation_id": [_l("Choose a station or the county centre.")]},
        )
    taken = db.session.scalar(
        select(Room.id).where(Room.organisation_id == organisation_id, Room.name == name)
    )
    if taken is not None:
        raise ValidationFailed(
            _l("That room already exists."), {"name": [_l("Choose another name.")]}
        )
    room = Room(organisation_id=organisation_id, name=name, capacity=capacity)
    db.session.add(room)
    db.session.flush()
    record_event("room.added", "room", room.id, actor_id=actor.id if actor else None, name=name)
    return room


def rooms_near(mediator: Mediator) -> list[Room]:
    """Return the active rooms of the mediator's organisation, its parents and the centre."""
    ids: list[int] = []
    org: Organisation | None = mediator.organisation
    while org is not None:
        ids.append(org.id)
        org = org.parent
    query = select(Room).where(Room.active, among(Room.organisation_id, ids)).order_by(Room.id)
    return list(db.session.scalars(query))


def rooms_for(user: User) -> list[Room]:
    """Return the active rooms within a member of staff's scope, or of one's own county."""
    query = select(Room).where(Room.active).order_by(Room.id)
    scope = staff_scope(user) if user.is_staff else county_ids(user.organisation_id)
    if scope is not None:
        query = query.where(among(Room.organisation_id, scope))
    return list(db.session.scalars(query))
