"""Whose figures a person may see: their own station's, or the county's."""

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import Role, User
from mediation.core.errors import Forbidden
from mediation.organisations.models import OrgKind


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
