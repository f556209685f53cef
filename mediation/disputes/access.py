"""Who may see a dispute, and in what capacity they act on it."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.interfaces import LoaderOption

from mediation.accounts.models import Role, User
from mediation.core.db import EveryPlace, among
from mediation.core.errors import NotFound
from mediation.core.memo import remembered
from mediation.disputes import codes, hooks
from mediation.disputes.lifecycle import Actor
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.organisations.scope import staff_scope
from mediation.roster.models import Mediator

# What a list loads with its rows, so that showing them sends no statement per row: the
# township on every card (a join), and for the API's full records the village, parties and
# attachments too (one batch each). docs/development.md, "SQL statement budgets".
LISTED: tuple[LoaderOption, ...] = (joinedload(Dispute.township), selectinload(Dispute.parties))
RECORDS: tuple[LoaderOption, ...] = (
    *LISTED,
    joinedload(Dispute.village),
    selectinload(Dispute.attachments),
)
# What one case comes with when read by its code: its places and its mediator's account, which
# the case page, its policy and most of its actions show (joined: one row, one statement).
ONE: tuple[LoaderOption, ...] = (
    joinedload(Dispute.township),
    joinedload(Dispute.village),
    joinedload(Dispute.mediator).joinedload(Mediator.user),
)


def visible_disputes(user: User) -> Select:
    """Return a query of the disputes a user may see; everyone else's stay invisible."""
    query = select(Dispute)
    if user.role in (Role.ADMIN, Role.COORDINATOR):
        # Staff see the cases made or mediated within their subtree: a station its townships'
        # and villages', a county centre its county's, a city its counties'.
        # A scope of every place (a single county's centre) filters nothing: without it,
        # counting a county's cases reads an index rather than every row.
        ids = staff_scope(user)
        if ids is None or isinstance(ids, EveryPlace):
            return query
        return query.where(
            or_(among(Dispute.township_id, ids), among(Dispute.organisation_id, ids))
        )
    if user.role == Role.MEDIATOR:
        mine = select(Mediator.id).where(Mediator.user_id == user.id).scalar_subquery()
        return query.where(Dispute.mediator_id == mine)
    if user.role == Role.LIAISON:
        # The hand-offs domain says which cases went between mediation and the agency.
        handed_off = [Dispute.id.in_(ids) for ids in hooks.liaison_scopes(user)]
        return query.where(or_(Dispute.filed_by_id == user.id, *handed_off))
    own = exists().where(Party.dispute_id == Dispute.id, Party.user_id == user.id)
    return query.where(own)


def find_visible(user: User, typed_code: str, load: tuple[LoaderOption, ...] = ()) -> Dispute:
    """Return the dispute with this code if the user may see it; otherwise 404, telling nothing.

    A request asks twice (its policy, then its view): the answer is read once per transaction
    while no case, party, mediator, place or account changes.
    """
    code = codes.normalise(typed_code)
    dispute = None
    if codes.is_valid(code):

        def read() -> Dispute | None:
            query = visible_disputes(user).where(Dispute.code == code).options(*(load or ONE))
            return db.session.scalar(query)

        if load:
            dispute = read()
        else:
            dispute = remembered(
                f"disputes.visible:{user.id}:{code}",
                (Dispute, Party, Mediator, Organisation, User),
                read,
            )
    if dispute is None:
        raise NotFound(_l("No case with this code is visible to you."))
    return dispute


def actors_for(user: User | None, dispute: Dispute, party: Party | None = None) -> set[Actor]:
    """Return the capacities in which a user (or a case-link holder) acts on a dispute."""
    actors: set[Actor] = set()
    if party is not None:
        actors.add(Actor(party.side))
    if user is None:
        return actors
    if user.is_staff:
        actors.add(Actor.STAFF)
    if dispute.mediator is not None and dispute.mediator.user_id == user.id:
        actors.add(Actor.MEDIATOR)
    actors.update(Actor(p.side) for p in dispute.parties if p.user_id == user.id)
    return actors
