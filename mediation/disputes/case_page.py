"""What the case page shows: who acts and how, the parties' choices, progress, the mediators."""

from flask import current_app, url_for
from flask_login import current_user
from sqlalchemy import func, select

from mediation.accounts import proofs
from mediation.accounts.assurance import STAFF_IDENTIFICATIONS, meets
from mediation.accounts.models import User
from mediation.core.db import among
from mediation.disputes import acts, progress, rights
from mediation.disputes.lifecycle import Actor, State
from mediation.disputes.links import case_link_url, case_page_url
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.roster.models import Mediator


def page_context(dispute, actors, party, link_token: str | None, actions, history) -> dict:
    """What the case page shows beside the dispute: who acts, the choices, progress, history."""
    context = {
        **acting_context(dispute, actors, party, link_token),
        **choices_context(dispute, party, Actor.STAFF in actors),
        "history": history,
    }
    moves = [
        progress.Move(e.data.get("from"), e.data.get("to"), e.data.get("reason")) for e in history
    ]
    context["progress"] = progress.case_progress(dispute.state, moves, dispute.state_reason)
    context["next_actions"] = progress.next_actions(
        actions,
        dispute.state,
        has_mediator=dispute.mediator is not None,
        needs_proof=context["needs_proof"],
        publicity_open=context["publicity_open"],
        mediator_open=context["mediator_open"],
    )
    return context


def own_party(dispute, actors) -> Party | None:
    """Return the viewer's party row when they are signed in and see the case only as a party."""
    if not current_user.is_authenticated or actors & {Actor.STAFF, Actor.MEDIATOR}:
        return None
    return next((p for p in dispute.parties if p.user_id == current_user.id), None)


def qr_target(dispute, token: str | None) -> str:
    """Return what a case QR opens: a party's own private link, else the staff case page."""
    return case_link_url(token) if token else case_page_url(dispute)


def acting_context(dispute, actors, party, link_token: str | None) -> dict:
    """What the page needs for a party's own acts: who acts, whether they must confirm first."""
    staff = Actor.STAFF in actors and party is None
    context = {
        "acting_party": party,
        "needs_proof": False,
        "entry_parties": {},
        "identifications": STAFF_IDENTIFICATIONS if staff else (),
    }
    if staff:
        context["entry_parties"] = {
            act: [p for p in dispute.parties if p.side in rights.sides_for(act)]
            for act in rights.LIFECYCLE_ACTS
        }
        # Either side's choices may be entered for them (a walk-in, a call).
        for choice in ("publicity", "mediator_choice"):
            context["entry_parties"][choice] = list(dispute.parties)
    if party is None:
        return context
    mobile = party.mobile if link_token else current_user.mobile
    level = current_app.config["PARTY_ACT_ASSURANCE"]
    context["needs_proof"] = not meets(proofs.online_assurance(mobile), level)
    context["proof_mobile"] = mobile
    if link_token:
        context["confirm_urls"] = (
            url_for("disputes.send_confirmation_by_link", token=link_token),
            url_for("disputes.confirm_by_link", token=link_token),
        )
    else:
        context["confirm_urls"] = (
            url_for("accounts.send_confirmation"),
            url_for("accounts.confirm_mobile"),
        )
    return context


def choices_context(dispute, party, staff: bool = False) -> dict:
    """Public or private, and the mediators named: the parties' wishes and what they add up to."""
    state = State(dispute.state)
    entering = staff and party is None
    choices = acts.mediator_choices(dispute)
    joint = acts.joint_mediator(dispute)
    context = {
        "is_public": acts.is_public(dispute),
        "joint_mediator": db.session.get(Mediator, joint) if joint else None,
        "publicity_open": party is not None and state in rights.CHOOSING_PUBLICITY,
        "mediator_open": party is not None and state in rights.CHOOSING_MEDIATOR,
        "staff_publicity_open": entering and state in rights.CHOOSING_PUBLICITY,
        "staff_mediator_open": entering and state in rights.CHOOSING_MEDIATOR,
    }
    if party is None:
        if context["staff_mediator_open"]:
            context["mediator_options"] = mediator_options(dispute)
        return context
    named_by_others = {
        choice for pid, choice in choices.items() if pid != party.id and choice is not None
    }
    context.update(
        my_publicity=acts.publicity_wishes(dispute).get(party.id, "private"),
        my_choice=db.session.get(Mediator, choices[party.id]) if choices.get(party.id) else None,
        others_choices=[
            db.session.get(Mediator, mid) for mid in sorted(named_by_others - {choices[party.id]})
        ],
        mediator_options=mediator_options(dispute) if context["mediator_open"] else [],
    )
    return context


def mediator_options(dispute) -> list:
    """The mediators a party may name: the active ones of the case's county.

    Rows of their id, name and place, what the choice's list shows; no mediator loads whole.
    """
    query = (
        select(
            Mediator.id,
            User.name,
            func.coalesce(Organisation.area, Organisation.name).label("place"),
        )
        .join(User, User.id == Mediator.user_id)
        .join(Organisation, Organisation.id == Mediator.organisation_id)
        .where(Mediator.active, User.active)
        .order_by(Mediator.organisation_id, Mediator.id)
        .limit(300)
    )
    county = acts.choosable_places(dispute)
    if county is not None:
        query = query.where(among(Mediator.organisation_id, county))
    return list(db.session.execute(query))
