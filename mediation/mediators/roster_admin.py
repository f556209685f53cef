"""Keeping the roster: put people on it, change their records, record certificates and training.

An administrator or coordinator manages the mediators of the organisations within their staff
scope (mediation.organisations.scope): their own organisation's subtree, or everything for an
administrator with no organisation. A mediator outside it is not found.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from mediation.accounts import hooks as account_hooks
from mediation.accounts.models import STAFF_ROLES, Role, User
from mediation.accounts.staff import send_invite
from mediation.core.audit import record_event
from mediation.core.errors import Conflict, NotFound, ValidationFailed
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import Organisation, OrgKind, subtree_ids
from mediation.organisations.scope import staff_scope
from mediation.roster.credentials import Certificate, TrainingRecord
from mediation.roster.hours import hours_per_year

# Where mediators work: not a province, a city or the mediation association.
MEDIATION_KINDS = (OrgKind.CENTRE, OrgKind.STATION, OrgKind.VILLAGE_ROOM, OrgKind.COMMITTEE)
EDITABLE = (
    "organisation_id",
    "full_time",
    "gold_medal",
    "specialties",
    "languages",
    "capacity",
    "active",
    "background",
    "introduction",
)


def managed_scope(user: User) -> list[int] | None:
    """Return the organisations whose roster the user keeps; None: all, []: none."""
    if user.role not in STAFF_ROLES:
        return []
    return staff_scope(user)


def _in(scope: list[int] | None, organisation_id: int | None) -> bool:
    return scope is None or organisation_id in scope


def find_managed_mediator(user: User, mediator_id: int) -> Mediator:
    """Return a mediator whose record the user keeps, retired ones too; else 404."""
    mediator = db.session.get(Mediator, mediator_id)
    if mediator is None or not _in(managed_scope(user), mediator.organisation_id):
        raise NotFound(_l("No such mediator in your organisation."))
    return mediator


def keeps_record(user: User, mediator: Mediator) -> bool:
    """Tell whether the user keeps this mediator's record (and so may change it)."""
    return _in(managed_scope(user), mediator.organisation_id)


def managed_organisations(user: User) -> list[Organisation]:
    """The organisations within the user's scope where mediators may work, in tree order."""
    scope = managed_scope(user)
    query = select(Organisation).where(Organisation.kind.in_(MEDIATION_KINDS))
    if scope is not None:
        query = query.where(Organisation.id.in_(scope))
    return list(db.session.scalars(query.order_by(Organisation.id)))


def managed_organisation(user: User, organisation_id: int) -> Organisation:
    """Return an organisation the user may put mediators in, or refuse on the field."""
    organisation = db.session.get(Organisation, organisation_id)
    if (
        organisation is None
        or organisation.kind not in MEDIATION_KINDS
        or not _in(managed_scope(user), organisation.id)
    ):
        message = _l("Choose one of your organisations from the list.")
        raise ValidationFailed(message, {"organisation_id": [message]})
    return organisation


def list_mediators(user: User, filters: dict) -> list[Mediator]:
    """The mediators in the user's scope, filtered by organisation (with its subtree) and kind."""
    query = select(Mediator).options(
        selectinload(Mediator.user), selectinload(Mediator.organisation)
    )
    scope = managed_scope(user)
    if scope is not None:
        query = query.where(Mediator.organisation_id.in_(scope))
    if filters.get("organisation_id") is not None:
        query = query.where(Mediator.organisation_id.in_(subtree_ids(filters["organisation_id"])))
    if filters.get("kind") is not None:
        query = query.where(Mediator.full_time.is_(filters["kind"] == "full_time"))
    for flag in ("gold_medal", "active"):
        if filters.get(flag) is not None:
            query = query.where(getattr(Mediator, flag).is_(filters[flag]))
    return list(db.session.scalars(query.order_by(Mediator.organisation_id, Mediator.id)))


def _account_for(
    data: dict, organisation: Organisation, scope: list[int] | None
) -> tuple[User, bool]:
    """Return the account for the mobile, new or an unplaced mediator's, and whether it existed."""
    user = db.session.scalar(select(User).where(User.mobile == data["mobile"]))
    if user is None:
        user = User(
            name=data["name"], mobile=data["mobile"], role=Role.MEDIATOR, organisation=organisation
        )
        if data.get("password"):
            user.set_password(data["password"])
        db.session.add(user)
        return user, False
    if user.role != Role.MEDIATOR or not _in(scope, user.organisation_id or organisation.id):
        message = _l(
            "This mobile number belongs to an account that is not a mediator of your "
            "organisations; it cannot be put on the roster. Check the number."
        )
        raise Conflict(message, {"mobile": [message]}, code="mobile_not_mediator")
    if db.session.scalar(select(Mediator.id).where(Mediator.user_id == user.id)) is not None:
        message = _l("This mediator is on the roster already.")
        raise Conflict(message, {"mobile": [message]}, code="mediator_exists")
    if data.get("password"):
        message = _l("This number has an account, which keeps its own password: leave it empty.")
        raise Conflict(message, {"password": [message]}, code="account_exists")
    user.organisation = organisation
    return user, True


def create_mediator(data: dict, actor: User) -> Mediator:
    """Put a person on the roster, creating their account or linking a mediator's account."""
    scope = managed_scope(actor)
    organisation = managed_organisation(actor, data["organisation_id"])
    user, linked = _account_for(data, organisation, scope)
    profile = {k: data[k] for k in EDITABLE if k in data and k != "organisation_id"}
    mediator = Mediator(user=user, organisation=organisation, **profile)
    db.session.add(mediator)
    db.session.flush()
    if not linked:
        record_event("user.created", "user", user.id, actor_id=actor.id, role=user.role)
        if not user.password_hash:
            # With no password the mediator logs in by SMS code; the text says how.
            send_invite(user)
    record_event(
        "mediator.created",
        "mediator",
        mediator.id,
        actor_id=actor.id,
        user_id=user.id,
        organisation_id=organisation.id,
        linked=linked,
        fields=sorted(profile),
    )
    return mediator


def edit_mediator(mediator: Mediator, data: dict, actor: User) -> Mediator:
    """Change a mediator's record: organisation, kind, medal, skills, capacity, retirement."""
    if "organisation_id" in data:
        organisation = managed_organisation(actor, data["organisation_id"])
        mediator.user.organisation_id = organisation.id
    changed = sorted(k for k in EDITABLE if k in data and getattr(mediator, k) != data[k])
    for key in changed:
        setattr(mediator, key, data[key])
    db.session.flush()
    if changed:
        record_event("mediator.updated", "mediator", mediator.id, actor_id=actor.id, fields=changed)
    return mediator


def certificates_of(mediator: Mediator) -> list[Certificate]:
    query = select(Certificate).where(Certificate.mediator_id == mediator.id)
    return list(db.session.scalars(query.order_by(Certificate.issued_on.desc(), Certificate.id)))


def training_of(mediator: Mediator) -> list[TrainingRecord]:
    query = select(TrainingRecord).where(TrainingRecord.mediator_id == mediator.id)
    return list(
        db.session.scalars(query.order_by(TrainingRecord.held_on.desc(), TrainingRecord.id))
    )


def credentials_of(mediator: Mediator) -> dict:
    """The certificates, the training records and the training hours per year."""
    training = training_of(mediator)
    return {
        "certificates": certificates_of(mediator),
        "training": training,
        "hours_per_year": [
            {"year": year, "hours": hours}
            for year, hours in hours_per_year((t.held_on, t.hours) for t in training)
        ],
    }


def add_certificate(mediator: Mediator, data: dict, actor: User) -> Certificate:
    certificate = Certificate(mediator=mediator, **data)
    db.session.add(certificate)
    db.session.flush()
    record_event(
        "mediator.certificate_added",
        "mediator",
        mediator.id,
        actor_id=actor.id,
        certificate_id=certificate.id,
        title=certificate.title,
        number=certificate.number,
    )
    return certificate


def remove_certificate(mediator: Mediator, certificate_id: int, actor: User) -> None:
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.mediator_id != mediator.id:
        raise NotFound(_l("No such certificate."))
    db.session.delete(certificate)
    db.session.flush()
    record_event(
        "mediator.certificate_removed",
        "mediator",
        mediator.id,
        actor_id=actor.id,
        certificate_id=certificate_id,
        title=certificate.title,
    )


def add_training(mediator: Mediator, data: dict, actor: User) -> TrainingRecord:
    record = TrainingRecord(mediator=mediator, **data)
    db.session.add(record)
    db.session.flush()
    record_event(
        "mediator.training_added",
        "mediator",
        mediator.id,
        actor_id=actor.id,
        training_id=record.id,
        course=record.course,
        hours=str(record.hours),
    )
    return record


def remove_training(mediator: Mediator, training_id: int, actor: User) -> None:
    record = db.session.get(TrainingRecord, training_id)
    if record is None or record.mediator_id != mediator.id:
        raise NotFound(_l("No such training record."))
    db.session.delete(record)
    db.session.flush()
    record_event(
        "mediator.training_removed",
        "mediator",
        mediator.id,
        actor_id=actor.id,
        training_id=training_id,
        course=record.course,
    )


@account_hooks.on_staff_moved
def follow_account(user: User) -> None:
    """Move a mediator's roster record with their account, so the two never disagree."""
    mediator = db.session.scalar(select(Mediator).where(Mediator.user_id == user.id))
    if mediator is not None and user.organisation_id is not None:
        if mediator.organisation_id != user.organisation_id:
            old = mediator.organisation_id
            mediator.organisation_id = user.organisation_id
            db.session.flush()
            record_event(
                "mediator.updated",
                "mediator",
                mediator.id,
                actor_id=None,
                fields=["organisation_id"],
                old=old,
                new=user.organisation_id,
            )
