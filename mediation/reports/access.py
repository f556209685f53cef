"""Whose figures a person may see: their own station's, or the county's."""

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import Role, User
from mediation.core.errors import Forbidden, NotFound
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind


def report_station(user: User) -> int | None:
    """Return the station whose figures the user sees, or None for the whole county.

    Staff of a station or of one of its village rooms see that station; the county centre and
    admins see the county. Figures are kept by township, so staff of a professional committee
    have no subtree of townships to see and are refused rather than shown the county.
    """
    if user.role == Role.ADMIN:
        return None
    org = user.organisation
    while org is not None and org.kind == OrgKind.VILLAGE_ROOM:
        org = org.parent
    if org is None or org.kind == OrgKind.CENTRE:
        return None
    if org.kind == OrgKind.STATION:
        return org.id
    raise Forbidden(_l("Figures are kept by township; the county centre has your committee's."))


def requested_station(user: User, raw: str | None) -> int | None:
    """The station a report is asked for, within the user's scope (none: their own scope).

    Another station's report, or a station that does not exist, is not found (404).
    """
    own = report_station(user)
    if not raw:
        return own
    station = db.session.get(Organisation, int(raw)) if raw.isdigit() else None
    if station is None or station.kind != OrgKind.STATION or own not in (None, station.id):
        raise NotFound(_l("No such station."))
    return station.id
