"""Read mediators and disputes from the database into the engine's snapshots."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from mediation.core.db import utcnow
from mediation.disputes import acts, rights
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.mediators.engine import (
    DisputeSnapshot,
    MediatorSnapshot,
    PartySnapshot,
    Pool,
    RelationSnapshot,
)
from mediation.mediators.models import (
    Assignment,
    AssignmentStatus,
    ConflictConsent,
    ConflictDisclosure,
    DeclaredRelation,
    Mediator,
    RecusalRequest,
    RecusalStatus,
    RelationKind,
    Studio,
    StudioMember,
)
from mediation.organisations.models import Organisation, OrgKind

ACTIVE_STATES = ("assigned", "scheduled", "in_mediation")
DECLINE_WINDOW = timedelta(days=90)


def loads(mediator_ids: list[int] | None = None) -> dict[int, int]:
    """Count each mediator's active cases."""
    query = (
        select(Dispute.mediator_id, func.count())
        .where(Dispute.state.in_(ACTIVE_STATES), Dispute.mediator_id.is_not(None))
        .group_by(Dispute.mediator_id)
    )
    if mediator_ids is not None:
        query = query.where(Dispute.mediator_id.in_(mediator_ids))
    return dict(db.session.execute(query).all())


def _places() -> dict[int, tuple[int | None, int | None]]:
    """Map each organisation to the (township, village) its mediators serve in person."""
    rows = db.session.execute(select(Organisation.id, Organisation.kind, Organisation.parent_id))
    places = {}
    for org_id, kind, parent_id in rows:
        if kind == OrgKind.STATION:
            places[org_id] = (org_id, None)
        elif kind == OrgKind.VILLAGE_ROOM:
            places[org_id] = (parent_id, org_id)
        else:
            places[org_id] = (None, None)  # county level: centre and committees
    return places


def mediator_snapshots(mediator_ids: list[int] | None = None) -> list[MediatorSnapshot]:
    """Snapshot mediators (all, or the given ones) with their load, studios and relations."""
    query = select(Mediator).options(joinedload(Mediator.user)).order_by(Mediator.id)
    if mediator_ids is not None:
        query = query.where(Mediator.id.in_(mediator_ids))
    mediators = list(db.session.scalars(query))
    ids = [m.id for m in mediators]
    places = _places()
    load = loads(ids if mediator_ids is not None else None)
    since = utcnow() - DECLINE_WINDOW
    declines = dict(
        db.session.execute(
            select(Assignment.mediator_id, func.count())
            .where(
                Assignment.status.in_((AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED)),
                Assignment.answered_at >= since,
            )
            .group_by(Assignment.mediator_id)
        ).all()
    )
    studios: dict[int, set[int]] = {}
    for studio_id, lead_id in db.session.execute(select(Studio.id, Studio.lead_id)):
        studios.setdefault(lead_id, set()).add(studio_id)
    for studio_id, member_id in db.session.execute(
        select(StudioMember.studio_id, StudioMember.mediator_id)
    ):
        studios.setdefault(member_id, set()).add(studio_id)
    relations: dict[int, list[RelationSnapshot]] = {}
    for r in db.session.scalars(select(DeclaredRelation)):
        relations.setdefault(r.mediator_id, []).append(
            RelationSnapshot(r.name, r.mobile, r.resident_id, r.kind == RelationKind.INTEREST)
        )
    users = {m.id: m.user for m in mediators}
    snapshots = []
    for m in mediators:
        township, village = places.get(m.organisation_id, (None, None))
        snapshots.append(
            MediatorSnapshot(
                id=m.id,
                township_id=township,
                village_id=village,
                specialties=frozenset(m.specialties or ()),
                languages=frozenset(m.languages or ()),
                capacity=m.capacity,
                load=load.get(m.id, 0),
                active=m.active and users[m.id].active,
                gold_medal=m.gold_medal,
                recent_declines=declines.get(m.id, 0),
                studio_ids=frozenset(studios.get(m.id, ())),
                user_id=m.user_id,
                mobile=users[m.id].mobile,
                relations=tuple(relations.get(m.id, ())),
            )
        )
    return snapshots


def consenting_mediators(dispute: Dispute) -> frozenset[int]:
    """Mediators whose conflict on this dispute every party has agreed to set aside."""
    party_count = len(dispute.parties)
    rows = db.session.execute(
        select(ConflictConsent.mediator_id, func.count(func.distinct(ConflictConsent.party_id)))
        .where(ConflictConsent.dispute_id == dispute.id)
        .group_by(ConflictConsent.mediator_id)
    ).all()
    return frozenset(mid for mid, count in rows if count >= party_count > 0)


def excluded_mediators(dispute: Dispute, consented: frozenset[int]) -> frozenset[int]:
    """Mediators recused, who declined or let the offer expire, or who disclosed a conflict."""
    recused = db.session.scalars(
        select(RecusalRequest.mediator_id).where(
            RecusalRequest.dispute_id == dispute.id,
            RecusalRequest.status == RecusalStatus.GRANTED,
        )
    )
    declined = db.session.scalars(
        select(Assignment.mediator_id).where(
            Assignment.dispute_id == dispute.id,
            Assignment.status.in_((AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED)),
        )
    )
    disclosed = db.session.scalars(
        select(ConflictDisclosure.mediator_id).where(ConflictDisclosure.dispute_id == dispute.id)
    )
    return frozenset({*recused, *declined}) | (frozenset(disclosed) - consented)


def dispute_snapshot(dispute: Dispute) -> DisputeSnapshot:
    consented = consenting_mediators(dispute)
    choices = acts.mediator_choices(dispute)
    applicant = dispute.applicants[0].id if dispute.applicants else None
    return DisputeSnapshot(
        id=dispute.id,
        category=dispute.category,
        township_id=dispute.township_id,
        village_id=dispute.village_id,
        filed_at=dispute.filed_at,
        preferred_language=dispute.preferred_language,
        # The applicant's choice now: at filing, or the respondent's proposal they accepted.
        preferred_mediator_id=choices.get(applicant, dispute.preferred_mediator_id),
        preferred_studio_id=dispute.preferred_studio_id,
        joint_mediator_id=rights.joint_choice(choices.values()),
        parties=tuple(
            PartySnapshot(p.name, p.mobile, p.resident_id, p.user_id) for p in dispute.parties
        ),
        excluded=excluded_mediators(dispute, consented),
        consented=consented,
    )


def pool_for(mediator_ids: list[int] | None = None) -> Pool:
    return Pool(mediator_snapshots(mediator_ids))


def parties_of(dispute_ids: list[int]) -> dict[int, list[Party]]:
    found: dict[int, list[Party]] = {}
    for party in db.session.scalars(select(Party).where(Party.dispute_id.in_(dispute_ids))):
        found.setdefault(party.dispute_id, []).append(party)
    return found
