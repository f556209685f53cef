"""Whose figures a person may see: a place of the organisation tree, and everything below it.

A report is asked for one place: a township station, a county (its centre), a city or a
province; None stands for the whole deployment. Figures roll up: a county's are its
stations', a city's its counties'.
"""

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import User
from mediation.core.errors import Forbidden, NotFound
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind, subtree_ids, townships
from mediation.organisations.scope import counties_in, staff_scope

# The places a report can be asked for; villages report with their station.
REPORT_PLACES = (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.CENTRE, OrgKind.STATION)
# Above a county, a report rolls several counties up and shows each.
ABOVE_COUNTY = (OrgKind.PROVINCE, OrgKind.CITY)


def report_place(user: User) -> int | None:
    """Return the place whose figures the user sees, or None for the whole deployment.

    Staff of a station or of one of its village rooms see that station; a county centre's
    staff their county, a city's its counties; an administrator with no organisation the
    deployment. Figures are kept by township, so staff of a professional committee have no
    subtree of townships to see and are refused rather than shown the county.
    """
    if staff_scope(user) is None:
        return None
    org = user.organisation
    while org is not None and org.kind == OrgKind.VILLAGE_ROOM:
        org = org.parent
    if org is not None and org.kind in REPORT_PLACES:
        return org.id
    raise Forbidden(_l("Figures are kept by township; the county centre has your committee's."))


def station_of(user: User) -> int | None:
    """Return the station a user reports for, or None for a county and anything above."""
    place = report_place(user)
    found = db.session.get(Organisation, place) if place is not None else None
    return place if found is not None and found.kind == OrgKind.STATION else None


def may_see(user: User, place_id: int) -> bool:
    """Tell whether a place lies within the user's own reach."""
    scope = staff_scope(user)
    return scope is None or place_id in scope


def requested_place(user: User, raw: str | None) -> int | None:
    """The place a report is asked for, within the user's reach (none asked: their own).

    A place outside one's reach (another station, another county), or one that does not
    exist, is not found (404).
    """
    own = report_place(user)
    if not raw:
        return own
    place = db.session.get(Organisation, int(raw)) if raw.isdigit() else None
    if place is None or place.kind not in REPORT_PLACES or not may_see(user, place.id):
        raise NotFound(_l("No such station."))
    return place.id


def counties_of(place_id: int | None) -> list[Organisation]:
    """Return the counties a report rolls up: several above a county, none at or below one."""
    place = db.session.get(Organisation, place_id) if place_id is not None else None
    if place is not None and place.kind not in ABOVE_COUNTY:
        return []
    counties = counties_in(subtree_ids(place.id) if place is not None else None)
    return counties if place is not None or len(counties) > 1 else []


def places_for(user: User) -> list[Organisation]:
    """The places a user may ask a report for: the counties they oversee, then the stations."""
    scope = staff_scope(user)
    counties = counties_in(scope)
    return [*(counties if len(counties) > 1 else []), *townships(scope)]


def plan_applies(place_id: int | None) -> bool:
    """Tell whether the plan's targets stand against a place's figures: a county's only.

    The plan is a county's; in a deployment of one county, the deployment is that county.
    """
    if place_id is None:
        return len(counties_in(None)) <= 1
    place = db.session.get(Organisation, place_id)
    return place is not None and place.kind == OrgKind.CENTRE


def place_name(place_id: int | None, whole: str) -> str:
    """Name a place as a report's title does; `whole` names the deployment."""
    place = db.session.get(Organisation, place_id) if place_id is not None else None
    return whole if place is None else (place.area or place.name)


def check_plan_editor(user: User) -> None:
    """Let only an administrator over every county change the plan's targets and the rates.

    The targets and rates hold for the whole deployment: in a deployment of one county its
    centre's administrator sets them; where there are several, one county may not change
    another's, so a deployment-wide administrator does.
    """
    scope = staff_scope(user)
    if scope is not None and len(counties_in(scope)) < len(counties_in(None)):
        raise Forbidden(_l("The plan's targets and rates are set for the whole deployment."))
