"""A party's own choices on their case page: public or private, and the mediator they want.

Consent, decline, withdrawal and stopping go through the case's transitions (routes.py); both
use `acting_party` to say who acts and how sure we are it is them.
"""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.accounts import proofs
from mediation.core.errors import DomainError, Forbidden
from mediation.core.forms import ANY_REFUSAL, done, refusal_errors, submit_form
from mediation.disputes import acts
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import party_from_token
from mediation.extensions import db

bp = Blueprint("party_acts", __name__)


def _own_party(dispute, actors):
    if not current_user.is_authenticated or actors & {Actor.STAFF, Actor.MEDIATOR}:
        return None
    return next((p for p in dispute.parties if p.user_id == current_user.id), None)


def acting_party(dispute, actors, link_party, data: dict) -> acts.ActingParty:
    """Who does a party's act: the link's party, staff entering it, or the signed-in party."""
    user = current_user if current_user.is_authenticated else None
    if link_party is not None:
        return acts.online(link_party, proofs.online_assurance(link_party.mobile), user)
    if Actor.STAFF in actors:
        return acts.entered_by_staff(
            dispute, user, data.get("party_id"), data.get("identification")
        )
    party = _own_party(dispute, actors)
    if party is None:
        raise Forbidden(
            _l("Only a party to the case, or staff entering their answer, may do this.")
        )
    return acts.online(party, proofs.online_assurance(user.mobile), user)


def refused(error: DomainError, back_url: str):
    """Re-show what went wrong, field by field, with the way back; nothing was saved."""
    db.session.rollback()
    return refusal_page(refusal_errors(error), error.status, back_url)


def refusal_page(errors: dict, status: int, back_url: str):
    """Show a refusal's messages (the whole first, then by field) on the error page."""
    messages = [str(m) for m in errors.get("_schema", [])]
    messages += [str(m) for name, ms in errors.items() if name != "_schema" for m in ms]
    message = " ".join(dict.fromkeys(messages))
    page = render_template("errors/error.html", status=status, message=message, back=back_url)
    return page, status


def _row_id(name: str) -> int | None:
    value = request.form.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _choose(dispute, link_party, back: str, choose, said: str):
    """Apply one choice for the acting party, commit once, and say what was recorded."""
    user = current_user if current_user.is_authenticated else None
    actors = actors_for(user, dispute, link_party)
    return submit_form(
        parse=lambda: {
            "party_id": _row_id("party_id"),
            "identification": request.form.get("identification"),
        },
        operate=lambda data: choose(acting_party(dispute, actors, link_party, data)),
        render=lambda errors, status: refusal_page(errors, status, back),
        success=lambda _result: done(said, back, 303),
        refuse=ANY_REFUSAL,
    )


def _publicity(dispute, link_party, back: str):
    wish = request.form.get("publicity")
    done = (
        _(
            "Recorded: you would like the mediation to be public. "
            "It is public only if both sides ask."
        )
        if wish == "public"
        else _("Recorded: you would like the mediation not to be public.")
    )
    return _choose(
        dispute, link_party, back, lambda acting: acts.choose_publicity(dispute, acting, wish), done
    )


def _mediator(dispute, link_party, back: str):
    mediator_id = _row_id("mediator_id")
    done = _("Recorded: the mediator you would like. The mediation centre takes it into account.")
    return _choose(
        dispute,
        link_party,
        back,
        lambda acting: acts.choose_mediator(dispute, acting, mediator_id),
        done,
    )


@bp.route("/c/<token>/publicity", methods=["POST"])
def publicity_by_link(token: str):
    """The link's party asks for public or private mediation."""
    party = party_from_token(token)
    back = url_for("disputes.case_by_link", token=token) + "#choices-heading"
    return _publicity(party.dispute, party, back)


@bp.route("/disputes/<code>/publicity", methods=["POST"])
@login_required
def publicity(code: str):
    """A signed-in party (or staff entering it for them) asks for public or private."""
    dispute = find_visible(current_user, code)
    return _publicity(dispute, None, url_for("disputes.case", code=dispute.code))


@bp.route("/c/<token>/mediator-choice", methods=["POST"])
def mediator_choice_by_link(token: str):
    """The link's party names the mediator they want (accepting the other side's, or another)."""
    party = party_from_token(token)
    back = url_for("disputes.case_by_link", token=token) + "#choices-heading"
    return _mediator(party.dispute, party, back)


@bp.route("/disputes/<code>/mediator-choice", methods=["POST"])
@login_required
def mediator_choice(code: str):
    """A signed-in party (or staff entering it for them) names the mediator they want."""
    dispute = find_visible(current_user, code)
    return _mediator(dispute, None, url_for("disputes.case", code=dispute.code))
