"""How far a member of staff reaches: the subtree of the organisation they work in.

A deployment may host several counties under cities and a province. Staff see and manage the
records of their own organisation and everything below it: a county centre's staff their
county, a city's staff its counties, a township coordinator their station and its villages. An
administrator with no organisation runs the whole deployment.
"""

from typing import Protocol

from sqlalchemy import select

from mediation.core.db import among
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind, subtree_ids


class Placed(Protocol):
    """Anyone who works in an organisation (accounts.models.User is one)."""

    role: str
    organisation_id: int | None


def staff_scope(person: Placed) -> list[int] | None:
    """Return the ids of the organisations a person's staff work reaches; None: everything."""
    if person.organisation_id is None:
        return None
    return subtree_ids(person.organisation_id)


def in_scope(person: Placed, organisation_id: int | None) -> bool:
    """Say whether an organisation lies within a person's reach."""
    scope = staff_scope(person)
    return scope is None or organisation_id in scope


def county_of(organisation: Organisation | None) -> Organisation | None:
    """Return the county centre an organisation belongs to (itself for a centre), if any."""
    while organisation is not None and organisation.kind != OrgKind.CENTRE:
        organisation = organisation.parent
    return organisation


def counties_in(scope: list[int] | None) -> list[Organisation]:
    """Return the county centres within a scope (every county for None), in tree order."""
    query = select(Organisation).where(Organisation.kind == OrgKind.CENTRE)
    if scope is not None:
        query = query.where(among(Organisation.id, scope))
    return list(db.session.scalars(query.order_by(Organisation.id)))


def county_ids(organisation_id: int | None) -> list[int] | None:
    """Return the ids of the county an organisation lies in; None where no county holds it."""
    organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
    county = county_of(organisation)
    return subtree_ids(county.id) if county is not None else None


def narrower(first: list[int] | None, second: list[int] | None) -> list[int] | None:
    """Return the organisations within both scopes (None stands for everything)."""
    if first is None:
        return second
    if second is None:
        return first
    kept = set(second)
    return [org_id for org_id in first if org_id in kept]
