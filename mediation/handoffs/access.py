"""Who may see a hand-off: the staff over its case, the agency's liaisons, the case's mediator.

Every hand-off is tied to a dispute (``HandOff.dispute_id`` is required: a referral files its
dispute as it arrives, at the township and village the agency named), so a hand-off belongs to
the station whose subtree holds that dispute, exactly as the dispute does: the county centre sees
its county, a city its counties, an administrator with no organisation the whole deployment.

An agency serves the county of the township it names; one naming no township (a county court,
a petition bureau of a deployment with one county) is administered by a deployment-wide
administrator only, so no county's administrator issues keys that reach another county.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, select

from mediation.accounts.models import Role, User
from mediation.core.db import among
from mediation.core.errors import NotFound
from mediation.disputes import hooks as dispute_hooks
from mediation.disputes.access import visible_disputes
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.agencies import Agency, AgencyApiKey, AgencyMember
from mediation.handoffs.models import HandOff
from mediation.mediators.models import Mediator
from mediation.organisations.scope import staff_scope


def member_agency_ids(user: User) -> Select:
    """Return a query of the ids of the agencies the user speaks for."""
    return select(AgencyMember.agency_id).where(AgencyMember.user_id == user.id)


def visible_handoffs(user: User) -> Select:
    """Return a query of the hand-offs a user may see; all others stay invisible."""
    query = select(HandOff)
    if user.role in (Role.ADMIN, Role.COORDINATOR):
        if staff_scope(user) is None:
            return query
        cases = visible_disputes(user).with_only_columns(Dispute.id)
        return query.where(HandOff.dispute_id.in_(cases))
    if user.role == Role.LIAISON:
        return query.where(HandOff.agency_id.in_(member_agency_ids(user)))
    if user.role == Role.MEDIATOR:
        mine = select(Mediator.id).where(Mediator.user_id == user.id).scalar_subquery()
        cases = select(Dispute.id).where(Dispute.mediator_id == mine)
        return query.where(HandOff.dispute_id.in_(cases))
    return query.where(false())


def find_handoff(user: User, handoff_id: int) -> HandOff:
    """Return the hand-off if the user may see it; otherwise 404, telling nothing."""
    handoff = db.session.scalar(visible_handoffs(user).where(HandOff.id == handoff_id))
    if handoff is None:
        raise NotFound(_l("No hand-off with this number is visible to you."))
    return handoff


@dispute_hooks.on_liaison_scope
def liaison_dispute_ids(user: User) -> Select:
    """Return a query of the ids of disputes handed off between mediation and the user's agency."""
    return select(HandOff.dispute_id).where(HandOff.agency_id.in_(member_agency_ids(user)))


def administers(user: User, agency: Agency) -> bool:
    """Tell whether the user administers an agency: an admin over the township it serves."""
    if user.role != Role.ADMIN:
        return False
    scope = staff_scope(user)
    return scope is None or (agency.township_id is not None and agency.township_id in scope)


def administered_agencies(user: User) -> Select:
    """Return a query of the agencies the user administers."""
    query = select(Agency)
    if user.role != Role.ADMIN:
        return query.where(false())
    scope = staff_scope(user)
    return query if scope is None else query.where(among(Agency.township_id, scope))


def find_agency(user: User, agency_id: int) -> Agency:
    """Return an agency its administrator manages, else 404."""
    agency = db.session.get(Agency, agency_id)
    if agency is None or not administers(user, agency):
        raise NotFound(_l("No such agency."))
    return agency


def find_api_key(user: User, key_id: int) -> AgencyApiKey:
    """Return an API key of an agency the user administers, else 404."""
    key = db.session.get(AgencyApiKey, key_id)
    agency = db.session.get(Agency, key.agency_id) if key is not None else None
    if key is None or agency is None or not administers(user, agency):
        raise NotFound(_l("Not found."))
    return key
