"""Profile operations: edit a mediator's profile and declared relations, a studio's team."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.extensions import db
from mediation.mediators.assignment import find_mediator, mediator_scope
from mediation.mediators.models import DeclaredRelation, Mediator, Studio, StudioMember

# What a mediator may change about themself; a coordinator may also change the rest.
OWN_FIELDS = ("specialties", "languages", "background", "introduction")
COORDINATOR_FIELDS = OWN_FIELDS + ("full_time", "gold_medal", "capacity", "active")


def can_edit(mediator: Mediator, user: User) -> bool:
    if mediator.user_id == user.id:
        return True
    if user.role not in (Role.COORDINATOR, Role.ADMIN):
        return False
    scope = mediator_scope(user)
    return scope is None or mediator.organisation_id in scope


def editable_mediator(mediator_id: int, user: User) -> Mediator:
    """Return a mediator the user may edit: themself, or one of their organisation tree."""
    mediator = db.session.get(Mediator, mediator_id)
    if mediator is None or not (mediator.user_id == user.id or user.is_staff):
        raise NotFound(_l("No such mediator in your organisation."))
    if mediator.user_id != user.id:
        mediator = find_mediator(mediator_id, user)
    if not can_edit(mediator, user):
        raise Forbidden(_l("You may not edit this profile."))
    return mediator


def update_mediator(mediator: Mediator, data: dict, user: User) -> Mediator:
    """Change a profile; a mediator changes only their own skills and introduction."""
    allowed = (
        OWN_FIELDS if mediator.user_id == user.id and not user.is_staff else COORDINATOR_FIELDS
    )
    refused = sorted(set(data) - set(allowed))
    if refused:
        raise Forbidden(
            _l("Only a coordinator may change: %(fields)s"), params={"fields": ", ".join(refused)}
        )
    changed = {k: v for k, v in data.items() if getattr(mediator, k) != v}
    for key, value in changed.items():
        setattr(mediator, key, value)
    db.session.flush()
    if changed:
        record_event(
            "mediator.updated", "mediator", mediator.id, actor_id=user.id, fields=sorted(changed)
        )
    return mediator


def add_relation(mediator: Mediator, data: dict, user: User) -> DeclaredRelation:
    """Declare a relative or an interest for conflict checks."""
    if data["kind"] == "relative" and not (data.get("mobile") or data.get("resident_id")):
        raise ValidationFailed(
            _l("Give the relative's mobile or ID number."),
            {"mobile": [_l("Give a mobile or an ID number, so the check can match.")]},
        )
    relation = DeclaredRelation(mediator=mediator, **data)
    db.session.add(relation)
    db.session.flush()
    # The audit keeps that a relation was declared, not who it is.
    record_event(
        "mediator.relation_added",
        "mediator",
        mediator.id,
        actor_id=user.id,
        relation_id=relation.id,
        kind=relation.kind,
    )
    return relation


def remove_relation(mediator: Mediator, relation_id: int, user: User) -> None:
    relation = db.session.get(DeclaredRelation, relation_id)
    if relation is None or relation.mediator_id != mediator.id:
        raise NotFound(_l("No such relation."))
    db.session.delete(relation)
    db.session.flush()
    record_event(
        "mediator.relation_removed",
        "mediator",
        mediator.id,
        actor_id=user.id,
        relation_id=relation_id,
    )


def find_studio(studio_id: int) -> Studio:
    studio = db.session.get(Studio, studio_id)
    if studio is None or not studio.active:
        raise NotFound(_l("No such studio."))
    return studio


def manages_studio(studio: Studio, user: User) -> bool:
    """Tell whether the user is a coordinator or administrator whose tree holds the studio."""
    scope = mediator_scope(user) if user.role in (Role.COORDINATOR, Role.ADMIN) else []
    return scope is None or studio.organisation_id in scope


def check_studio_staff(studio: Studio, user: User) -> None:
    """Let only those who manage the studio change its team."""
    if not manages_studio(studio, user):
        raise Forbidden(_l("Only coordinators over this studio's organisation manage its team."))


def add_studio_member(studio: Studio, mediator_id: int, user: User) -> StudioMember:
    """Put a mediator of the coordinator's tree in a studio's team."""
    check_studio_staff(studio, user)
    mediator = find_mediator(mediator_id, user)
    if any(m.id == mediator.id for m in studio.team):
        return next((s for s in studio.memberships if s.mediator_id == mediator.id), None)
    member = StudioMember(studio=studio, mediator=mediator)
    db.session.add(member)
    db.session.flush()
    record_event(
        "studio.member_added", "studio", studio.id, actor_id=user.id, mediator_id=mediator.id
    )
    return member


def remove_studio_member(studio: Studio, mediator_id: int, user: User) -> None:
    """Take a mediator out of a studio's team; the lead stays."""
    check_studio_staff(studio, user)
    mediator = find_mediator(mediator_id, user)
    if mediator.id == studio.lead_id:
        raise Conflict(
            _l("The lead mediator stays in the team; name another lead first."), code="studio_lead"
        )
    member = next((m for m in studio.memberships if m.mediator_id == mediator.id), None)
    if member is None:
        raise NotFound(_l("That mediator is not in this studio's team."))
    studio.memberships.remove(member)
    db.session.flush()
    record_event(
        "studio.member_removed", "studio", studio.id, actor_id=user.id, mediator_id=mediator.id
    )


def team_candidates(studio: Studio, user: User) -> list[Mediator]:
    """Active mediators of the user's tree who are not yet in the studio's team."""
    scope = mediator_scope(user)
    query = (
        select(Mediator)
        .where(Mediator.active)
        .options(selectinload(Mediator.user), selectinload(Mediator.organisation))
    )
    if scope is not None:
        query = query.where(Mediator.organisation_id.in_(scope))
    team = {m.id for m in studio.team}
    found = db.session.scalars(query.order_by(Mediator.organisation_id, Mediator.id))
    return [m for m in found if m.id not in team]
