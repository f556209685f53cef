"""Demo data for mediators: backgrounds, declared relations, studio teams, open offers."""

from sqlalchemy import select

from mediation.core.errors import Conflict
from mediation.disputes.lifecycle import State
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.mediators.labels import BACKGROUNDS
from mediation.mediators.models import (
    Assignment,
    AssignmentStatus,
    DeclaredRelation,
    Studio,
    StudioMember,
)

INTRODUCTIONS = (
    "从事基层调解工作多年，熟悉农村土地和邻里纠纷。",
    "退休前在法院从事民事审判，擅长婚姻家庭案件。",
    "执业律师，长期参与劳动争议调解。",
)


def seed(seeder) -> None:
    """Give profiles backgrounds, some relations, studio members; answer some offers."""
    rng = seeder.rng
    backgrounds = list(BACKGROUNDS)
    for index, mediator in enumerate(seeder.all_mediators):
        mediator.background = rng.choice(backgrounds)
        if mediator.full_time:
            mediator.introduction = INTRODUCTIONS[index % len(INTRODUCTIONS)]
        if index % 12 == 0:
            db.session.add(
                DeclaredRelation(
                    mediator=mediator,
                    kind="relative",
                    name=seeder.name(),
                    mobile=f"135{rng.randint(0, 99999999):08d}",
                    note="配偶的兄弟",
                )
            )
    for studio in db.session.scalars(select(Studio).order_by(Studio.id)):
        studio.introduction = f"{studio.lead.name}领衔的品牌调解室，就近受理，免费调解。"
        peers = [m for m in seeder.all_mediators if m.organisation_id == studio.organisation_id]
        for member in [m for m in peers if m.id != studio.lead_id][:2]:
            db.session.add(StudioMember(studio=studio, mediator=member))
    db.session.flush()
    # The demo walk assigned disputes through the lifecycle; mediators accept most of them.
    offers = db.session.scalars(
        select(Assignment)
        .where(Assignment.status == AssignmentStatus.PROPOSED)
        .order_by(Assignment.id)
    ).all()
    for index, offer in enumerate(offers):
        if offer.dispute.state != State.ASSIGNED or index % 3:
            offer.status = AssignmentStatus.ACCEPTED
            offer.answered_at = offer.proposed_at
    # A few consented disputes get an automatic offer, left pending for the mediator's page.
    waiting = db.session.scalars(
        select(Dispute).where(Dispute.state == State.CONSENTED).order_by(Dispute.id).limit(3)
    ).all()
    for dispute in waiting:
        try:
            assignment.assign_dispute(dispute, seeder.coordinator)
        except Conflict:
            continue  # nobody fits: the case stays in the coordinator's queue
