"""Who may see a hand-off: the staff over its case, the agency's liaisons, the case's mediator.

Every hand-off is tied to a dispute (``HandOff.dispute_id`` is required: a referral files its
dispute as it arrives, at the township and village the agency named), so a hand-off belongs to
the station whose subtree holds that dispute, exactly as the dispute does; the county centre
and admins see the county.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, select

from mediation.accounts.models import Role, User
from mediation.core.errors import NotFound
from mediation.disputes import hooks as dispute_hooks
from mediation.disputes.access import visible_disputes
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.agencies import Agency, AgencyApiKey, AgencyMember
from mediation.handoffs.models import HandOff
from mediation.mediators.models import Mediator


def member_agency_ids(user: User) -> Select:
    """Return a query of the ids of the agencies the user speaks for."""
    return select(AgencyMember.agency_id).where(AgencyMember.user_id == user.id)


def visible_handoffs(user: User) -> Select:
    """Return a query of the hand-offs a user may see; all others stay invisible."""
    query = select(HandOff)
    if user.role == Role.ADMIN:
        return query
    if user.role == Role.COORDINATOR:
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


def find_agency(user: User, agency_id: int) -> Agency:
    """Return an agency for its administrator (admins manage every agency), else 404."""
    agency = db.session.get(Agency, agency_id) if user.role == Role.ADMIN else None
    if agency is None:
        raise NotFound(_l("No such agency."))
    return agency


def find_api_key(user: User, key_id: int) -> AgencyApiKey:
    """Return an agency's API key for an administrator, else 404."""
    key = db.session.get(AgencyApiKey, key_id) if user.role == Role.ADMIN else None
    if key is None:
        raise NotFound(_l("Not found."))
    return key
