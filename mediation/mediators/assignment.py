"""Assignment operations: automatic, batch, manual, to a studio; answers and expiry.

This domain owns assigning and unassigning from start to finish: every path goes through
`assign_mediator` (hard rules, the dispute's "assign" transition, the offer) or
`unassign_mediator` (the "unassign" transition, the open offers revoked).
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.db import among, utcnow
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.core.holidays import load_calendar
from mediation.core.notify import notify
from mediation.core.workdays import add_working_days
from mediation.disputes.lifecycle import Actor, State
from mediation.disputes.models import Dispute
from mediation.disputes.operations import check_transition, transition_dispute
from mediation.extensions import db
from mediation.mediators import snapshots
from mediation.mediators.engine import Candidate, Pool
from mediation.mediators.models import (
    OPEN_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    Mediator,
    Studio,
)
from mediation.organisations.models import subtree_ids
from mediation.organisations.scope import county_ids, county_of, narrower, staff_scope

ANSWER_WORKING_DAYS = 3
RULES = {
    "inactive": _l("%(name)s is not active and cannot take cases."),
    "full": _l("%(name)s already has as many active cases as their capacity allows."),
    "conflict": _l(
        "%(name)s has a conflict of interest with this case (a party, a declared relation, a"
        " recusal, a decline or a disclosed conflict) and both parties have not agreed to keep"
        " them."
    ),
    "unreachable": _l("%(name)s serves another township and cannot meet these parties in person."),
    "specialty": _l("%(name)s does not cover this category while other mediators do."),
}


def mediator_scope(user: User | None) -> list[int] | None:
    """Return the organisation ids whose mediators a user may assign; None means all."""
    if user is None:
        return None
    if user.role in (Role.ADMIN, Role.COORDINATOR):
        return staff_scope(user)
    return subtree_ids(user.organisation_id) if user.organisation_id is not None else []


def _mediators_in(scope: list[int] | None) -> list[int] | None:
    if scope is None:
        return None
    return list(
        db.session.scalars(select(Mediator.id).where(among(Mediator.organisation_id, scope)))
    )


def scoped_mediator_ids(user: User | None) -> list[int] | None:
    return _mediators_in(mediator_scope(user))


def case_scope(dispute: Dispute, user: User | None) -> list[int] | None:
    """Return the organisations whose mediators may take a case: the actor's, in its county.

    A county's case is never offered to another county's mediator, whoever assigns it (a
    city's staff or the system included).
    """
    return narrower(mediator_scope(user), county_ids(dispute.township_id))


def studios_in(scope: list[int] | None) -> list[Studio]:
    """Return the active studios of the organisations in a scope (None: every studio)."""
    query = select(Studio).where(Studio.active).order_by(Studio.id)
    if scope is not None:
        query = query.where(among(Studio.organisation_id, scope))
    return list(db.session.scalars(query))


def find_mediator(mediator_id: int, user: User | None, dispute: Dispute | None = None) -> Mediator:
    """Return a mediator within the user's organisation tree (and the case's county), or 404."""
    mediator = db.session.get(Mediator, mediator_id)
    scope = mediator_scope(user) if dispute is None else case_scope(dispute, user)
    if mediator is None or (scope is not None and mediator.organisation_id not in scope):
        raise NotFound(_l("No such mediator in your organisation."))
    return mediator


def check_rules(pool: Pool, dispute: Dispute, mediator: Mediator, manual: bool) -> None:
    """Raise 409 with the reason when a mediator may not take a dispute."""
    rule = pool.check(snapshots.dispute_snapshot(dispute), mediator.id, manual=manual)
    if rule is not None:
        raise Conflict(RULES[rule], code=f"assignment_{rule}", params={"name": mediator.name})


def answer_deadline(now: datetime) -> datetime:
    """The end of the third working day after today, local time, as a UTC instant."""
    zone = ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Shanghai"))
    calendar = load_calendar()
    today = now.astimezone(zone).date()
    day = add_working_days(today, ANSWER_WORKING_DAYS, calendar.holidays, calendar.workdays)
    return datetime.combine(day + timedelta(days=1), time(0), zone).astimezone(now.tzinfo)


def assign_mediator(
    dispute: Dispute,
    mediator_id: int | None,
    actor: User | None,
    reason: str | None = None,
    *,
    method: str = "direct",
    pool: Pool | None = None,
    candidate: Candidate | None = None,
    studio: Studio | None = None,
    actors: set[Actor] = frozenset({Actor.STAFF}),
    expected_version: int | None = None,
) -> Assignment:
    """Offer a dispute to a mediator: check the hard rules, move the dispute, record the offer.

    A candidate ranked from a pool has passed the hard rules already; any other choice is
    checked in `pool` (or in a pool of that mediator alone) as a coordinator's manual choice.
    """
    check_transition(dispute, "assign", actors, reason, expected_version)
    if mediator_id is None:
        raise ValidationFailed(
            _l("Choose an active mediator."),
            {"mediator_id": [_l("Choose a mediator from the list.")]},
        )
    mediator = find_mediator(mediator_id, actor, dispute)
    if candidate is None:
        check_rules(pool or snapshots.pool_for([mediator.id]), dispute, mediator, manual=True)
    transition_dispute(dispute, "assign", actors, actor, reason, mediator=mediator)
    now = utcnow()
    assignment = Assignment(
        dispute=dispute,
        mediator=mediator,
        method=method,
        status=AssignmentStatus.PROPOSED,
        reason=dispute.state_reason,
        explanation=explanation_of(candidate) if candidate else [],
        studio=studio,
        proposed_by_id=actor.id if actor else None,
        proposed_at=now,
        due_at=answer_deadline(now),
    )
    db.session.add(assignment)
    db.session.flush()
    record_event(
        "assignment.proposed",
        "dispute",
        dispute.id,
        actor_id=actor.id if actor else None,
        assignment_id=assignment.id,
        mediator_id=mediator.id,
        method=method,
        score=candidate.score if candidate else None,
    )
    notify(
        mediator.user,
        _l("New case %(code)s for you", code=dispute.display_code),
        _l(
            "Please accept or decline case %(code)s within 3 working days.",
            code=dispute.display_code,
        ),
        dedupe_key=f"assignment:{assignment.id}:offered",
    )
    return assignment


def unassign_mediator(
    dispute: Dispute,
    actor: User | None,
    reason: str | None,
    actors: set[Actor] = frozenset({Actor.STAFF}),
    expected_version: int | None = None,
) -> Dispute:
    """Take the mediator off a dispute and revoke the offers still open."""
    transition_dispute(dispute, "unassign", actors, actor, reason, expected_version)
    close_open_assignments(dispute, actor, dispute.state_reason)
    return dispute


def close_open_assignments(dispute: Dispute, actor: User | None, reason: str | None) -> None:
    """Revoke the open offer when a dispute is unassigned by any path."""
    for assignment in _open_for(dispute):
        assignment.status = AssignmentStatus.REVOKED
        assignment.answered_at = utcnow()
        assignment.answer_reason = reason
        record_event(
            "assignment.revoked",
            "dispute",
            dispute.id,
            actor_id=actor.id if actor else None,
            assignment_id=assignment.id,
            mediator_id=assignment.mediator_id,
        )


def _open_for(dispute: Dispute) -> list[Assignment]:
    return list(
        db.session.scalars(
            select(Assignment).where(
                Assignment.dispute_id == dispute.id, Assignment.status.in_(OPEN_ASSIGNMENT)
            )
        )
    )


def explanation_of(candidate: Candidate) -> list[dict]:
    return [{"code": f.code, "points": f.points, **f.params} for f in candidate.factors]


def _require_consented(dispute: Dispute) -> None:
    if dispute.state != State.CONSENTED:
        raise Conflict(
            _l("Only a case waiting for a mediator can be assigned."), code="illegal_transition"
        )


def rank_for(dispute: Dispute, actor: User | None, limit: int | None = 10) -> list[Candidate]:
    """Rank the mediators in the actor's scope for one dispute."""
    return _case_pool(dispute, actor).rank(snapshots.dispute_snapshot(dispute), limit)


def _case_pool(dispute: Dispute, actor: User | None) -> Pool:
    return snapshots.pool_for(_mediators_in(case_scope(dispute, actor)))


def assign_dispute(dispute: Dispute, actor: User | None, method: str = "auto") -> Assignment:
    """Assign the engine's best candidate to one dispute."""
    _require_consented(dispute)
    candidates = rank_for(dispute, actor, limit=1)
    if not candidates:
        raise Conflict(
            _l("No mediator can take this case now; assign one by hand or raise a capacity."),
            code="no_candidate",
        )
    best = candidates[0]
    return assign_mediator(dispute, best.mediator_id, actor, method=method, candidate=best)


def assign_batch(disputes: list[Dispute], actor: User | None) -> dict[str, list[str]]:
    """Assign a queue in one go, oldest first, counting each choice against capacity."""
    pools: dict[int | None, Pool] = {}  # one per county, so capacity is counted across the queue
    result: dict[str, list[str]] = {"assigned": [], "unassigned": []}
    for dispute in sorted(disputes, key=lambda d: (d.filed_at, d.id)):
        if dispute.state != State.CONSENTED:
            continue
        county = county_of(dispute.township)
        pool = pools.get(county.id if county else None)
        if pool is None:
            pool = pools[county.id if county else None] = _case_pool(dispute, actor)
        candidate = pool.best(snapshots.dispute_snapshot(dispute))
        if candidate is None:
            result["unassigned"].append(dispute.code)
            continue
        pool.take(candidate.mediator_id)
        assign_mediator(dispute, candidate.mediator_id, actor, method="batch", candidate=candidate)
        result["assigned"].append(dispute.code)
    return result


def assign_manually(
    dispute: Dispute, mediator_id: int, actor: User, reason: str | None
) -> Assignment:
    """A coordinator's own choice, with a reason; the hard rules still hold."""
    if not (reason and reason.strip()):
        raise ValidationFailed(
            _l("Please give a reason."), {"reason": [_l("Say why you choose this mediator.")]}
        )
    _require_consented(dispute)
    mediator = find_mediator(mediator_id, actor, dispute)
    pool = _case_pool(dispute, actor)
    ranked = {c.mediator_id: c for c in pool.rank(snapshots.dispute_snapshot(dispute))}
    return assign_mediator(
        dispute,
        mediator.id,
        actor,
        reason.strip(),
        method="manual",
        pool=pool,
        candidate=ranked.get(mediator.id),
    )


def assign_to_studio(
    dispute: Dispute, studio_id: int, actor: User | None, mediator_id: int | None = None
) -> Assignment:
    """Give a dispute to a studio: the named team member, or the team's best candidate."""
    studio = db.session.get(Studio, studio_id)
    scope = case_scope(dispute, actor)
    if (
        studio is None
        or not studio.active
        or (scope is not None and studio.organisation_id not in scope)
    ):
        raise NotFound(_l("No such studio."))
    _require_consented(dispute)
    team = [m.id for m in studio.team]
    if mediator_id is not None and mediator_id not in team:
        raise ValidationFailed(
            _l("That mediator is not in the studio."),
            {"mediator_id": [_l("Choose the lead or a member of the studio.")]},
        )
    pool = snapshots.pool_for(team)
    snapshot = snapshots.dispute_snapshot(dispute)
    if mediator_id is None:
        ranked = pool.rank(snapshot, limit=1)
        if not ranked:
            raise Conflict(_l("Nobody in this studio can take the case now."), code="no_candidate")
        best = ranked[0]
        return assign_mediator(
            dispute, best.mediator_id, actor, method="studio", candidate=best, studio=studio
        )
    return assign_mediator(dispute, mediator_id, actor, method="studio", pool=pool, studio=studio)


def find_assignment(assignment_id: int, user: User) -> Assignment:
    """Return an assignment offered to this user (or visible to staff), or 404."""
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not (user.is_staff or assignment.mediator.user_id == user.id):
        raise NotFound(_l("No such assignment."))
    return assignment


def _answerable(assignment: Assignment, user: User) -> Dispute:
    if assignment.mediator.user_id != user.id:
        raise Forbidden(_l("Only the mediator offered the case may answer."))
    if assignment.status != AssignmentStatus.PROPOSED:
        raise Conflict(_l("This assignment has already been answered."), code="answered")
    return assignment.dispute


def accept_assignment(assignment: Assignment, user: User) -> Assignment:
    """The mediator takes the case."""
    dispute = _answerable(assignment, user)
    assignment.status = AssignmentStatus.ACCEPTED
    assignment.answered_at = utcnow()
    db.session.flush()
    record_event(
        "assignment.accepted",
        "dispute",
        dispute.id,
        actor_id=user.id,
        assignment_id=assignment.id,
    )
    for party in dispute.parties:
        if party.user is not None:
            notify(
                party.user,
                _l("Your mediator for case %(code)s", code=dispute.display_code),
                _l(
                    "%(name)s will mediate case %(code)s and will contact you.",
                    name=assignment.mediator.name,
                    code=dispute.display_code,
                ),
                dedupe_key=f"assignment:{assignment.id}:party:{party.id}",
            )
    return assignment


def decline_assignment(assignment: Assignment, user: User, reason: str | None) -> Assignment:
    """The mediator declines; the case goes back to the queue and is reassigned by the job."""
    if not (reason and reason.strip()):
        raise ValidationFailed(
            _l("Please give a reason."), {"reason": [_l("Please give a reason.")]}
        )
    dispute = _answerable(assignment, user)
    _free(dispute, assignment, AssignmentStatus.DECLINED, user, reason.strip())
    return assignment


def _free(dispute: Dispute, assignment: Assignment, status: str, actor, reason: str) -> None:
    assignment.status = status
    assignment.answered_at = utcnow()
    assignment.answer_reason = reason
    record_event(
        f"assignment.{status}",
        "dispute",
        dispute.id,
        actor_id=actor.id if actor else None,
        assignment_id=assignment.id,
        reason=reason,
    )
    if dispute.state == State.ASSIGNED and dispute.mediator_id == assignment.mediator_id:
        # The lifecycle's unassign is a staff action; the system takes it for the mediator.
        unassign_mediator(dispute, actor, reason)


def coordinators_for(dispute: Dispute) -> list[User]:
    """The coordinators of the dispute's township, or its county centre's when it has none."""
    query = select(User).where(User.role == Role.COORDINATOR, User.active)
    local = list(db.session.scalars(query.where(User.organisation_id == dispute.township_id)))
    if local:
        return local
    county = county_of(dispute.township)
    if county is None:
        return []
    return list(db.session.scalars(query.where(User.organisation_id == county.id)))


def expire_overdue(now: datetime | None = None) -> int:
    """Expire unanswered offers past their deadline; return how many."""
    now = now or utcnow()
    overdue = db.session.scalars(
        select(Assignment).where(
            Assignment.status == AssignmentStatus.PROPOSED, Assignment.due_at <= now
        )
    ).all()
    for assignment in overdue:
        _free(
            assignment.dispute,
            assignment,
            AssignmentStatus.EXPIRED,
            None,
            "no answer within 3 working days",
        )
    return len(overdue)


def reassign_freed(now: datetime | None = None) -> dict[str, int]:
    """Reassign disputes freed by a decline or expiry, and tell their coordinators."""
    now = now or utcnow()
    freed = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.status.in_((AssignmentStatus.DECLINED, AssignmentStatus.EXPIRED)),
            Assignment.reassigned_at.is_(None),
        )
        .order_by(Assignment.id)
    ).all()
    counts = {"reassigned": 0, "waiting": 0}
    for old in freed:
        old.reassigned_at = now
        dispute = old.dispute
        if dispute.state != State.CONSENTED:
            continue
        try:
            new = assign_dispute(dispute, None, method="reassign")
            outcome = _l("It was reassigned to %(name)s.", name=new.mediator.name)
            counts["reassigned"] += 1
        except Conflict:
            outcome = _l("No mediator could take it; please assign one by hand.")
            counts["waiting"] += 1
        for coordinator in coordinators_for(dispute):
            notify(
                coordinator,
                _l("Case %(code)s: the mediator did not take it", code=dispute.display_code),
                _l(
                    "%(name)s %(what)s case %(code)s. %(outcome)s",
                    name=old.mediator.name,
                    what=_l("declined")
                    if old.status == AssignmentStatus.DECLINED
                    else _l("did not answer"),
                    code=dispute.display_code,
                    outcome=outcome,
                ),
                dedupe_key=f"assignment:{old.id}:escalated",
            )
    return counts
