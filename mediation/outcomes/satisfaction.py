"""What the parties' surveys say of mediators, for the studio records mediators shows."""

from sqlalchemy import func, select

from mediation.extensions import db
from mediation.mediators import hooks as mediator_hooks
from mediation.outcomes.models import Survey


@mediator_hooks.on_satisfaction
def satisfaction_of(mediator_ids: list[int]) -> tuple[int, float]:
    """Return how many parties rated these mediators' mediations, and the mean score (1-5)."""
    count, mean = db.session.execute(
        select(func.count(Survey.id), func.avg(Survey.score)).where(
            Survey.mediator_id.in_(mediator_ids)
        )
    ).one()
    return count, float(mean or 0)
