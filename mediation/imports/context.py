"""What validation needs to know from the database, read once per file as plain values."""

from datetime import date

from sqlalchemy import select

from mediation.accounts.models import User
from mediation.extensions import db
from mediation.imports.columns import Kind
from mediation.imports.models import ImportedRecord
from mediation.imports.validation import Context, Place, normalise
from mediation.organisations.models import Organisation, OrgKind
from mediation.organisations.scope import Placed, staff_scope
from mediation.roster.models import Mediator

# Organisations a mediator may belong to.
MEDIATION_KINDS = (OrgKind.CENTRE, OrgKind.STATION, OrgKind.VILLAGE_ROOM, OrgKind.COMMITTEE)


def _counties(organisations: list[Organisation]) -> dict[int, int]:
    """Each organisation's county centre (0 where none lies above it)."""
    parent = {o.id: o.parent_id for o in organisations}
    kind = {o.id: o.kind for o in organisations}
    found: dict[int, int] = {}
    for org_id in parent:
        current: int | None = org_id
        while current is not None and kind.get(current) != OrgKind.CENTRE:
            current = parent.get(current)
        found[org_id] = current or 0
    return found


def _add(index: dict, names, place: Place) -> None:
    for name in {normalise(n) for n in names if n}:
        index.setdefault(name, []).append(place)


def build_context(user: Placed, kind: Kind, today: date) -> Context:
    """The places, mediators and imported keys a file of this kind is checked against."""
    organisations = list(db.session.scalars(select(Organisation)))
    scope = staff_scope(user)
    reach = set(scope) if scope is not None else None
    county = _counties(organisations)
    context = Context(today=today)
    for org in organisations:
        place = Place(org.id, reach is None or org.id in reach, county[org.id], org.parent_id)
        names = (org.area, org.name, org.committee_name, str(org.id))
        if org.kind == OrgKind.STATION:
            _add(context.townships, names, place)
        if org.kind == OrgKind.VILLAGE_ROOM and org.parent_id is not None:
            for name in {normalise(n) for n in names if n}:
                context.villages.setdefault((org.parent_id, name), []).append(place)
        if org.kind in MEDIATION_KINDS:
            _add(context.organisations, (org.name, org.committee_name, str(org.id)), place)
            if org.kind == OrgKind.STATION:
                _add(context.organisations, (org.area,), place)
    if kind == Kind.CASES:
        rows = db.session.execute(
            select(User.mobile, Mediator.id, Mediator.organisation_id).join(
                Mediator, Mediator.user_id == User.id
            )
        )
        for mobile, mediator_id, org_id in rows:
            context.mediators[mobile] = (mediator_id, reach is None or org_id in reach)
    if kind == Kind.MEDIATORS:
        context.users = {m: r for m, r in db.session.execute(select(User.mobile, User.role))}
    keys = select(ImportedRecord.county_id, ImportedRecord.source_ref).where(
        ImportedRecord.kind == kind.value
    )
    context.imported = {(county, ref) for county, ref in db.session.execute(keys)}
    return context
