"""Keeping the brand studios (品牌调解室): found one, change it, retire it or bring it back.

A studio is kept by the administrators and coordinators whose staff scope holds its
organisation; its lead is a mediator of their roster. The team itself is managed on the
studio's page (mediation.mediators.operations).
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import among
from mediation.core.errors import Conflict, NotFound, ValidationFailed
from mediation.extensions import db
from mediation.mediators.models import Mediator, Studio
from mediation.mediators.roster_admin import managed_organisation, managed_scope

FIELDS = ("name", "organisation_id", "lead_id", "specialties", "stars", "introduction")


def find_kept_studio(user: User, studio_id: int) -> Studio:
    """Return a studio, retired ones too, of the user's organisations; else 404."""
    studio = db.session.get(Studio, studio_id)
    scope = managed_scope(user)
    if studio is None or not (scope is None or studio.organisation_id in scope):
        raise NotFound(_l("No such studio in your organisations."))
    return studio


def list_kept_studios(user: User) -> list[Studio]:
    """The studios of the user's organisations, active ones first."""
    query = select(Studio).options(
        selectinload(Studio.lead).selectinload(Mediator.user), selectinload(Studio.organisation)
    )
    scope = managed_scope(user)
    if scope is not None:
        query = query.where(among(Studio.organisation_id, scope))
    return list(db.session.scalars(query.order_by(Studio.active.desc(), Studio.id)))


def lead_candidates(user: User) -> list[Mediator]:
    """Active mediators of the user's organisations, who may lead a studio."""
    query = select(Mediator).where(Mediator.active).options(selectinload(Mediator.user))
    scope = managed_scope(user)
    if scope is not None:
        query = query.where(among(Mediator.organisation_id, scope))
    return list(db.session.scalars(query.order_by(Mediator.organisation_id, Mediator.id)))


def _lead(user: User, mediator_id: int) -> Mediator:
    mediator = db.session.get(Mediator, mediator_id)
    scope = managed_scope(user)
    if (
        mediator is None
        or not mediator.active
        or not (scope is None or mediator.organisation_id in scope)
    ):
        message = _l("Choose an active mediator of your organisations to lead the studio.")
        raise ValidationFailed(message, {"lead_id": [message]})
    return mediator


def _check_name(name: str, studio_id: int | None) -> None:
    taken = db.session.scalar(select(Studio.id).where(Studio.name == name))
    if taken is not None and taken != studio_id:
        message = _l("A studio with this name exists already; choose another name.")
        raise Conflict(message, {"name": [message]}, code="studio_name_taken")


def create_studio(data: dict, actor: User) -> Studio:
    """Found a brand studio of one of the actor's organisations, led by one of their mediators."""
    organisation = managed_organisation(actor, data["organisation_id"])
    lead = _lead(actor, data["lead_id"])
    _check_name(data["name"], None)
    studio = Studio(
        name=data["name"],
        organisation_id=organisation.id,
        lead=lead,
        specialties=data.get("specialties", []),
        stars=data.get("stars", 3),
        introduction=data.get("introduction") or None,
    )
    db.session.add(studio)
    db.session.flush()
    record_event(
        "studio.created",
        "studio",
        studio.id,
        actor_id=actor.id,
        name=studio.name,
        organisation_id=organisation.id,
        lead_id=lead.id,
    )
    return studio


def edit_studio(studio: Studio, data: dict, actor: User) -> Studio:
    """Change a studio's name, organisation, lead, specialties, stars or introduction."""
    if "organisation_id" in data:
        managed_organisation(actor, data["organisation_id"])
    if "lead_id" in data and data["lead_id"] != studio.lead_id:
        studio.lead = _lead(actor, data["lead_id"])
    if "name" in data:
        _check_name(data["name"], studio.id)
    changed = sorted(k for k in FIELDS if k in data and getattr(studio, k) != data[k])
    for key in changed:
        setattr(studio, key, data[key])
    db.session.flush()
    if changed:
        record_event("studio.updated", "studio", studio.id, actor_id=actor.id, fields=changed)
    return studio


def set_studio_active(studio: Studio, active: bool, actor: User) -> Studio:
    """Retire a studio (it leaves the public list and the plan's count) or bring it back."""
    if studio.active == active:
        return studio
    studio.active = active
    db.session.flush()
    action = "studio.reinstated" if active else "studio.retired"
    record_event(action, "studio", studio.id, actor_id=actor.id)
    return studio
