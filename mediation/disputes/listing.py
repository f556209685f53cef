"""The case list's search and order: a page of cases, newest first unless asked otherwise."""

import re

from sqlalchemy import Select, case, exists, func, or_, select

from mediation.disputes import codes
from mediation.disputes.categories import CATEGORIES, STATES
from mediation.disputes.models import Dispute, Party
from mediation.organisations.models import Organisation

# What a list may be ordered by; a leading "-" turns the order round. Statuses and types go in
# the order people know them from the forms (the lifecycle's, the categories'), not by code.
SORT_KEYS = ("filed", "code", "state", "category", "township")
SORTS = (*SORT_KEYS, *(f"-{key}" for key in SORT_KEYS))
DEFAULT_SORT = "-filed"

# A search of at least this many digits looks in the parties' mobiles (the last four will do).
MOBILE_DIGITS = re.compile(r"^\d{4,11}$")
# A typed code, or its first characters: at least four, in the codes' alphabet.
CODE_PREFIX = re.compile(r"^[A-Z0-9]{4,}$")


def _position(column, names) -> case:
    return case({name: index for index, name in enumerate(names)}, value=column, else_=len(names))


def _sort_column(key: str):
    if key == "filed":
        return Dispute.filed_at
    if key == "code":
        return Dispute.code
    if key == "state":
        return _position(Dispute.state, STATES)
    if key == "category":
        return _position(Dispute.category, CATEGORIES)
    place = func.coalesce(Organisation.area, Organisation.name)
    township = select(place).where(Organisation.id == Dispute.township_id)
    return township.scalar_subquery()


def ordered(query: Select, sort: str | None) -> Select:
    """Order a query of disputes as a list asks; ties fall to the newest filed first."""
    sort = sort if sort in SORTS else DEFAULT_SORT
    key = sort.lstrip("-")
    column = _sort_column(key)
    first = column.desc() if sort.startswith("-") else column.asc()
    if key == "filed":
        return query.order_by(first, Dispute.id.desc() if sort.startswith("-") else Dispute.id)
    return query.order_by(first, Dispute.filed_at.desc(), Dispute.id.desc())


def searched(query: Select, typed: str | None) -> Select:
    """Keep the disputes whose code, or a party's name or mobile, matches what was typed.

    Only what the query already lets the user see is searched: the search narrows a scope,
    it never widens one.
    """
    typed = (typed or "").strip()
    if not typed:
        return query
    party = exists().where(Party.dispute_id == Dispute.id)
    matches = [party.where(Party.name.contains(typed, autoescape=True))]
    digits = typed.replace(" ", "").replace("-", "")
    if MOBILE_DIGITS.match(digits):
        matches.append(party.where(Party.mobile.contains(digits, autoescape=True)))
    code = codes.normalise(typed) if typed.isascii() else ""
    if codes.is_valid(code):
        matches.append(Dispute.code == code)
    elif CODE_PREFIX.match(code):
        matches.append(Dispute.code.startswith(code, autoescape=True))
    return query.where(or_(*matches))
