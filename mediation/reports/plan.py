"""The five-year plan's people's-mediation targets: defaults, and the live actual figures.

The county edits each indicator's baseline and target (IndicatorTarget rows, the targets
page). Where it has set none, the plan's own figures below apply: the county's 2020 network
(341 organisations, 2,433 mediators) and the programme's targets for 2025 (10 gold-medal
mediators, one county mediation association). Brand studios are named in the plan, not
counted, so their target is the county's to set.
"""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select

from mediation.core.db import among
from mediation.extensions import db
from mediation.mediators.models import Studio
from mediation.organisations.models import Organisation, OrgKind, subtree_ids
from mediation.reports.statistics import mediator_counts

MEDIATION_ORGANISATIONS = (OrgKind.CENTRE, OrgKind.STATION, OrgKind.VILLAGE_ROOM, OrgKind.COMMITTEE)
# The plan's indicators shown together on the dashboard, in the plan's order.
PLAN_INDICATORS = (
    "organisations",
    "mediators",
    "full_time_mediators",
    "gold_medal_mediators",
    "brand_studios",
    "county_associations",
    "accepted",
    "settled",
)


@dataclass(frozen=True)
class PlanTarget:
    """A baseline and target of the plan, used where the county has set none."""

    baseline: Decimal | None
    baseline_year: int | None
    target: Decimal | None
    target_year: int | None


PLAN_DEFAULTS = {
    "organisations": PlanTarget(Decimal(341), 2020, None, None),
    "mediators": PlanTarget(Decimal(2433), 2020, None, None),
    "gold_medal_mediators": PlanTarget(None, None, Decimal(10), 2025),
    "county_associations": PlanTarget(Decimal(0), 2020, Decimal(1), 2025),
}


def _count(query, column, place_id: int | None) -> int:
    if place_id is not None:
        query = query.where(among(column, subtree_ids(place_id)))
    return db.session.scalar(query)


def _below_county(place_id: int | None) -> bool:
    place = db.session.get(Organisation, place_id) if place_id is not None else None
    return place is not None and place.kind in (OrgKind.STATION, OrgKind.VILLAGE_ROOM)


def actual_figures(place_id: int | None) -> dict:
    """The network as it stands: organisations, mediators by kind, studios, associations."""
    organisations = select(func.count()).where(Organisation.kind.in_(MEDIATION_ORGANISATIONS))
    studios = select(func.count()).select_from(Studio).where(Studio.active.is_(True))
    associations = select(func.count()).where(Organisation.kind == OrgKind.ASSOCIATION)
    mediators = mediator_counts(place_id)
    return {
        "organisations": _count(organisations, Organisation.id, place_id),
        "mediators": mediators["total"],
        "gold_medal_mediators": mediators["gold_medal"],
        "brand_studios": _count(studios, Studio.organisation_id, place_id),
        # The association is the county's; a station has none of its own.
        "county_associations": None
        if _below_county(place_id)
        else _count(associations, Organisation.id, place_id),
    }
