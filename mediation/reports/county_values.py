"""Whose plan targets and subsidy rates a county uses: its own set, else the deployment's defaults.

Both tables keep rows of a county (organisation_id: its centre) beside the defaults (NULL). A
county with any row of its own uses its own set; a county with none uses the defaults. A
county's set starts as a copy of the defaults, made the first time the county saves a target or
a rate, so a default changed later no longer reaches a county that keeps its own.
"""

from sqlalchemy import select

from mediation.core.audit import record_event
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.organisations.scope import Placed, counties_in, county_of, staff_scope
from mediation.reports.models import IndicatorTarget, SubsidyRate

Kept = type[IndicatorTarget] | type[SubsidyRate]
# The columns a county's copy of the defaults takes over, per table.
COPIED = {
    IndicatorTarget: ("indicator", "baseline", "baseline_year", "target", "target_year"),
    SubsidyRate: ("category", "result", "amount"),
}


def county_for(place_id: int | None) -> int | None:
    """Return the county whose values a place's figures use: the county it lies in.

    The whole deployment is its county where it has only one; above a county (a city, a
    province, a deployment of several) there is none, and each county is shown on its own.
    """
    if place_id is None:
        counties = counties_in(None)
        return counties[0].id if len(counties) == 1 else None
    county = county_of(db.session.get(Organisation, place_id))
    return county.id if county is not None else None


def owner_of(model: Kept, county_id: int | None) -> int | None:
    """Return whose rows a county uses: its own id where it has any, else None (the defaults)."""
    if county_id is None:
        return None
    own = db.session.scalar(select(model.id).where(model.organisation_id == county_id).limit(1))
    return county_id if own is not None else None


def rows_for(model: Kept, county_id: int | None) -> list:
    """Return the rows a county uses (the defaults for None or a county without its own)."""
    owner = owner_of(model, county_id)
    column = model.organisation_id
    where = column.is_(None) if owner is None else column == owner
    return list(db.session.scalars(select(model).where(where).order_by(model.id)))


def start_own_set(model: Kept, county_id: int | None, actor_id: int) -> None:
    """Give a county its own set, copied from the defaults, unless it has one already."""
    if county_id is None or owner_of(model, county_id) is not None:
        return
    defaults = rows_for(model, None)
    for row in defaults:
        fields = {name: getattr(row, name) for name in COPIED[model]}
        db.session.add(model(organisation_id=county_id, **fields))
    db.session.flush()
    record_event(
        f"{model.__tablename__}.copied",
        "organisation",
        county_id,
        actor_id=actor_id,
        rows=len(defaults),
    )


def plan_editing(user: Placed, model: Kept, county_id: int | None) -> dict:
    """What an editing page shows about whose values it edits: the county, or the defaults."""
    county = db.session.get(Organisation, county_id) if county_id is not None else None
    return {
        "county": county,
        "county_choices": counties_in(staff_scope(user)),
        "may_edit_defaults": staff_scope(user) is None,
        "own_set": owner_of(model, county_id) is not None,
    }
