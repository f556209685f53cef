"""Which agencies and townships a hand-off may name: those of the sender's county.

An agency serves the county of the township it names. One naming no township (a county court,
a petition bureau) serves the deployment's only county; where the deployment holds several
counties it serves none in particular, so only a deployment-wide member of staff sends to it
and its liaisons may name any township.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.db import among
from mediation.core.errors import ValidationFailed
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.agencies import Agency
from mediation.organisations.models import Organisation, OrgKind, subtree_ids, townships
from mediation.organisations.scope import counties_in, county_ids, staff_scope


def agency_county(agency: Agency) -> list[int] | None:
    """Return the ids of the county an agency serves; None: no one county."""
    if agency.township_id is not None:
        return county_ids(agency.township_id)
    counties = counties_in(None)
    return subtree_ids(counties[0].id) if len(counties) == 1 else None


def may_send_to(staff: User, dispute: Dispute, agency: Agency) -> bool:
    """Tell whether staff may send a dispute to an agency: one serving the dispute's county."""
    county = county_ids(dispute.township_id)
    served = agency_county(agency)
    if served is None:
        return county is None or staff_scope(staff) is None
    return county is None or dispute.township_id in served


def outbound_choices(staff: User, dispute: Dispute, kinds: tuple[str, ...]) -> list[Agency]:
    """Return the active agencies of the given kinds staff may send a dispute to."""
    query = select(Agency).where(Agency.kind.in_(kinds), Agency.active).order_by(Agency.id)
    return [a for a in db.session.scalars(query) if may_send_to(staff, dispute, a)]


def check_outbound_agency(staff: User, dispute: Dispute, agency: Agency) -> None:
    """Refuse, on the agency field, an agency outside the dispute's county."""
    if not may_send_to(staff, dispute, agency):
        message = _l("Choose an agency serving this case's county.")
        raise ValidationFailed(message, {"agency_id": [message]})


def referral_townships(agency: Agency) -> list[Organisation]:
    """Return the townships an agency's liaisons may file a referral in."""
    return townships(agency_county(agency))


def referral_villages(agency: Agency) -> list[Organisation]:
    """Return the village rooms of those townships."""
    query = select(Organisation).where(Organisation.kind == OrgKind.VILLAGE_ROOM)
    county = agency_county(agency)
    if county is not None:
        query = query.where(among(Organisation.id, county))
    return list(db.session.scalars(query.order_by(Organisation.id)))


def check_referral_township(agency: Agency, township_id: int | None) -> None:
    """Refuse, on the township field, a township outside the county the agency serves."""
    county = agency_county(agency)
    if county is not None and township_id not in county:
        message = _l("Choose a township of the county your agency serves.")
        raise ValidationFailed(message, {"township_id": [message]})
