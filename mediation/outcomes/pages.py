"""The outcome pages' blueprint, and who is asking: an account, a party's case link, or both.

Every outcome page exists twice: for a logged-in user at /disputes/<code>/... and for a party's
signed case link at /c/<token>/...; both call the same handler with the requester they resolved.
The handlers are in routes.py (outcome, survey, follow-ups, case file) and agreement_routes.py.
"""

from dataclasses import dataclass

from flask import Blueprint, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.accounts.models import User
from mediation.core.errors import Forbidden, NotFound
from mediation.core.forms import form_data
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import party_from_token
from mediation.disputes.models import Dispute, Party
from mediation.outcomes import (
    agreements,
)

bp = Blueprint("outcomes", __name__)


@dataclass
class Requester:
    """Who is asking: an account, a party's case link, or both."""

    dispute: Dispute
    user: User | None
    party: Party | None
    token: str | None

    @property
    def actors(self) -> set[Actor]:
        return actors_for(self.user, self.dispute, self.party)

    @property
    def runs_case(self) -> bool:
        return bool(self.actors & {Actor.STAFF, Actor.MEDIATOR})

    def url(self, endpoint: str, **kwargs) -> str:
        if self.token:
            return url_for(f"outcomes.{endpoint}_by_link", token=self.token, **kwargs)
        return url_for(f"outcomes.{endpoint}", code=self.dispute.code, **kwargs)

    @property
    def case_url(self) -> str:
        if self.token:
            return url_for("disputes.case_by_link", token=self.token)
        return url_for("disputes.case", code=self.dispute.code)


def by_account(code: str) -> Requester:
    return Requester(find_visible(current_user, code), current_user, None, None)


def by_link(token: str) -> Requester:
    party = party_from_token(token)
    user = current_user if current_user.is_authenticated else None
    return Requester(party.dispute, user, party, token)


def form_of(schema, *also: str):
    """Load the form through a schema; `also` names fields the route reads itself."""
    return schema.load(form_data(*also))


def staff_only(who: Requester) -> None:
    if not who.runs_case:
        raise Forbidden(_l("Only the mediator of this case or mediation staff may do this."))


def agreement_or_404(who: Requester):
    agreement = agreements.agreement_for(who.dispute)
    if agreement is None:
        raise NotFound(_l("This case has no agreement yet."))
    return agreement
