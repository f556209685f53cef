"""Shared read helpers for pages and the API: queues, candidates, studio records, workload."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from mediation.accounts.models import User
from mediation.core.audit import AuditEvent
from mediation.core.db import among
from mediation.disputes.access import visible_disputes
from mediation.disputes.lifecycle import State
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators import assignment, hooks, snapshots
from mediation.mediators.engine import Candidate
from mediation.mediators.models import Assignment, AssignmentStatus, Mediator, Studio


def queue(user: User, limit: int = 200) -> list[Dispute]:
    """Consented disputes waiting for a mediator, oldest (and so most overdue) first."""
    # The queue shows each case's township: joined, not fetched row by row.
    query = (
        visible_disputes(user)
        .where(Dispute.state == State.CONSENTED)
        .options(joinedload(Dispute.township))
    )
    return list(db.session.scalars(query.order_by(Dispute.filed_at, Dispute.id).limit(limit)))


def candidate_views(candidates: list[Candidate]) -> list[dict]:
    names = dict(
        db.session.execute(
            select(Mediator.id, User.name)
            .join(User, User.id == Mediator.user_id)
            .where(Mediator.id.in_([c.mediator_id for c in candidates]))
        ).all()
    )
    return [
        {
            "mediator_id": c.mediator_id,
            "name": names.get(c.mediator_id, ""),
            "score": c.score,
            "generalist": c.generalist,
            "factors": assignment.explanation_of(c),
        }
        for c in candidates
    ]


def pending_for_mediator(user: User) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment)
            .join(Mediator, Mediator.id == Assignment.mediator_id)
            .where(Mediator.user_id == user.id, Assignment.status == AssignmentStatus.PROPOSED)
            .options(selectinload(Assignment.dispute))
            .order_by(Assignment.due_at)
        )
    )


def studio_record(studio: Studio) -> dict:
    """The team's cases, settlement rate and the parties' mean satisfaction score (1 to 5).

    The rate and the score are None until there are outcomes and surveys.
    """
    team = [m.id for m in studio.team]
    ids = list(db.session.scalars(select(Dispute.id).where(Dispute.mediator_id.in_(team))))
    outcomes = (
        dict(
            db.session.execute(
                select(AuditEvent.action, func.count(func.distinct(AuditEvent.subject_id)))
                .where(
                    AuditEvent.subject_type == "dispute",
                    AuditEvent.subject_id.in_(ids),
                    AuditEvent.action.in_(("dispute.settle", "dispute.fail")),
                )
                .group_by(AuditEvent.action)
            ).all()
        )
        if ids
        else {}
    )
    settled, failed = outcomes.get("dispute.settle", 0), outcomes.get("dispute.fail", 0)
    ended = settled + failed
    surveys, mean_score = hooks.satisfaction(team)
    return {
        "cases": len(ids),
        "settled": settled,
        "ended": ended,
        "settlement_rate": round(100 * settled / ended, 1) if ended else None,
        "surveys": surveys,
        "satisfaction": round(mean_score, 1) if surveys else None,
    }


def workload(user: User) -> dict:
    """Active cases against capacity for each mediator in scope, and per studio."""
    ids = assignment.scoped_mediator_ids(user)
    query = select(Mediator).where(Mediator.active).order_by(Mediator.id)
    if ids is not None:
        query = query.where(among(Mediator.id, ids))
    mediators = list(db.session.scalars(query))
    load = snapshots.loads([m.id for m in mediators])
    rows = sorted(
        ({"name": m.name, "load": load.get(m.id, 0), "capacity": m.capacity} for m in mediators),
        key=lambda r: (-r["load"] / max(r["capacity"], 1), r["name"]),
    )
    studios = []
    for studio in assignment.studios_in(assignment.mediator_scope(user)):
        team = studio.team
        studios.append(
            {
                "name": studio.name,
                "load": sum(snapshots.loads([m.id for m in team]).values()),
                "capacity": sum(m.capacity for m in team),
            }
        )
    return {"mediators": rows, "studios": studios}


def mediators_for_case(dispute: Dispute, user: User | None, limit: int = 500) -> list[Mediator]:
    """The active mediators who may take a case, full-time first, by name."""
    query = (
        select(Mediator)
        .join(User, User.id == Mediator.user_id)
        .where(Mediator.active)
        .options(joinedload(Mediator.user), joinedload(Mediator.organisation))
        .order_by(Mediator.full_time.desc(), User.name, Mediator.id)
        .limit(limit)
    )
    scope = assignment.case_scope(dispute, user)
    if scope is not None:
        query = query.where(among(Mediator.organisation_id, scope))
    return list(db.session.scalars(query))
