"""Case subsidies (以奖代补): each county's rates per case, and each month's list per mediator.

A case earns its mediator the rate its county set for its category and outcome (the
deployment's default rates where the county keeps none of its own), in the month its outcome
was decided (the outcome of the whole case, not of one session). A case whose
category and outcome have no rate is listed at 0, so the finance office sees every case.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import among
from mediation.core.errors import ValidationFailed
from mediation.disputes.categories import CATEGORIES
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators.models import Mediator
from mediation.organisations.models import subtree_ids
from mediation.organisations.scope import counties_in
from mediation.outcomes.models import Outcome, Result
from mediation.reports.access import check_plan_editor
from mediation.reports.county_values import county_for, rows_for, start_own_set
from mediation.reports.models import SubsidyRate
from mediation.reports.periods import Period

RESULTS = {
    Result.SETTLED.value: _l("Settled"),
    Result.PARTLY_SETTLED.value: _l("Partly settled"),
    Result.NOT_SETTLED.value: _l("Not settled"),
}
NO_RATE = Decimal("0.00")


@dataclass
class SubsidyEntry:
    dispute_code: str
    category: str
    result: str
    decided_at: object
    amount: Decimal


@dataclass
class MediatorSubsidies:
    mediator_id: int
    name: str
    entries: list[SubsidyEntry] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((e.amount for e in self.entries), NO_RATE)


Rates = dict[tuple[str, str], Decimal]


def rates(county_id: int | None) -> Rates:
    """A county's rates by (category, result): its own, else the defaults (for None too)."""
    return {(r.category, r.result): r.amount for r in rows_for(SubsidyRate, county_id)}


def set_subsidy_rate(data: dict, user: User, county_id: int | None) -> SubsidyRate:
    """Set a county's subsidy (None: the default) of one category and outcome, and audit it.

    A county's first change starts its own set as a copy of the defaults.
    """
    check_plan_editor(user, county_id)
    category, result, amount = data["category"], data["result"], data["amount"]
    if category not in CATEGORIES or result not in RESULTS:
        raise ValidationFailed(_l("Choose a category and an outcome from the lists."))
    start_own_set(SubsidyRate, county_id, user.id)
    owner = SubsidyRate.organisation_id
    rate = db.session.scalar(
        select(SubsidyRate).where(
            SubsidyRate.category == category,
            SubsidyRate.result == result,
            owner.is_(None) if county_id is None else owner == county_id,
        )
    )
    before = rate.amount if rate is not None else None
    if rate is None:
        rate = SubsidyRate(
            category=category, result=result, amount=amount, organisation_id=county_id
        )
        db.session.add(rate)
    rate.amount, rate.updated_by_id = amount, user.id
    db.session.flush()
    record_event(
        "subsidy.rate_set",
        "subsidy_rate",
        rate.id,
        actor_id=user.id,
        county_id=county_id,
        category=category,
        result=result,
        amount=str(amount),
        before=str(before) if before is not None else None,
    )
    return rate


def monthly_list(period: Period, place_id: int | None) -> list[MediatorSubsidies]:
    """Each mediator's cases decided in the period, with the subsidy each earns."""
    query = (
        select(Outcome, Dispute.code, User.name)
        .join(Dispute, Dispute.id == Outcome.dispute_id)
        .join(Mediator, Mediator.id == Outcome.mediator_id)
        .join(User, User.id == Mediator.user_id)
        .where(
            Outcome.session_id.is_(None),
            Outcome.decided_at >= period.start_at,
            Outcome.decided_at < period.end_at,
        )
        .order_by(User.name, Outcome.mediator_id, Outcome.decided_at, Dispute.code)
    )
    if place_id is not None:
        query = query.where(among(Outcome.township_id, subtree_ids(place_id)))
    rates_of = _rates_by_township(place_id)
    lists: dict[int, MediatorSubsidies] = {}
    for outcome, code, name in db.session.execute(query):
        mediator_id = int(outcome.mediator_id or 0)  # the join keeps outcomes with a mediator
        row = lists.setdefault(mediator_id, MediatorSubsidies(mediator_id, name))
        amount = rates_of(outcome.township_id).get((outcome.category, outcome.result), NO_RATE)
        row.entries.append(
            SubsidyEntry(code, outcome.category, outcome.result, outcome.decided_at, amount)
        )
    return list(lists.values())


def _rates_by_township(place_id: int | None) -> Callable[[int | None], Rates]:
    """Return where each township's cases find their rates: the rates of the township's county.

    A place within one county uses that county's; above a county each county's cases earn
    their own county's rates, and a township of no county the defaults.
    """
    county_id = county_for(place_id)
    if county_id is not None:
        single = rates(county_id)
        return lambda _township_id: single
    defaults = rates(None)
    by_township: dict[int, Rates] = {}
    for county in counties_in(subtree_ids(place_id) if place_id is not None else None):
        own = rates(county.id)
        by_township.update(dict.fromkeys(subtree_ids(county.id), own))
    return lambda township_id: by_township.get(township_id or 0, defaults)


def grand_total(lists: list[MediatorSubsidies]) -> Decimal:
    return sum((m.total for m in lists), NO_RATE)
