"""Write the art. 29 items of a draft agreement; keep its text true to the parties' particulars."""

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.errors import Conflict, ValidationFailed
from mediation.disputes import hooks as dispute_hooks
from mediation.disputes.models import Party
from mediation.extensions import db
from mediation.outcomes.agreements import (
    agreement_for,
    check_open_to_change,
    record_revision,
    rehash,
    void_for_change,
)
from mediation.outcomes.models import Agreement, Performance

DETAILS = ("facts", "disputed_matters", "responsibilities", "copies")


def _performances(agreement: Agreement, rows: list[dict]) -> list[Performance]:
    party_ids = {p.id for p in agreement.dispute.parties}
    for index, row in enumerate(rows):
        if row.get("party_id") is not None and row["party_id"] not in party_ids:
            raise ValidationFailed(
                _l("Choose a party of this case, or all the parties."),
                {f"performances.{index}.party_id": [_l("Choose one of the listed options.")]},
            )
    return [
        Performance(
            position=index,
            term=row["term"],
            party_id=row.get("party_id"),
            method=row["method"],
            due_on=row["due_on"],
        )
        for index, row in enumerate(rows)
    ]


def _same(agreement: Agreement, data: dict) -> bool:
    now = [(p.term, p.party_id, p.method, p.due_on) for p in agreement.performances]
    new = [(r["term"], r.get("party_id"), r["method"], r["due_on"]) for r in data["performances"]]
    return now == new and all(getattr(agreement, k) == data.get(k) for k in DETAILS)


def write_details(agreement: Agreement, data: dict, user: User, void_signatures: bool) -> Agreement:
    """Set the facts, matters in dispute, responsibilities, copies and each term's performance.

    As with the terms, a change after someone signed voids the signatures (and the seal), and
    only when confirmed.
    """
    check_open_to_change(agreement)
    minimum = len(agreement.dispute.parties) + 1
    if data["copies"] < minimum:
        raise ValidationFailed(
            _l("Make at least %(minimum)s copies: one for each party and one for the committee."),
            {"copies": [_l("At least one copy for each party and one for the committee.")]},
            params={"minimum": minimum},
        )
    performances = _performances(agreement, data["performances"])
    if _same(agreement, data):
        return agreement
    given = bool(agreement.valid_signatures) or agreement.sealed_at is not None
    old_hash = void_for_change(agreement, user, void_signatures)
    for name in DETAILS:
        setattr(agreement, name, data.get(name))
    agreement.performances = performances
    db.session.flush()
    if given:
        record_revision(agreement, user, old_hash)
        return agreement
    # Nobody signed or sealed this text yet: the draft is still being written, same revision.
    rehash(agreement)
    record_event(
        "agreement.details_written",
        "dispute",
        agreement.dispute_id,
        actor_id=user.id,
        agreement_id=agreement.id,
        previous_hash=old_hash,
        document_hash=agreement.document_hash,
    )
    return agreement


@dispute_hooks.on_particulars_changed
def keep_the_text_true(party: Party, user: User) -> None:
    """The particulars are part of what is signed: refuse a change once anyone has signed."""
    agreement = agreement_for(party.dispute)
    if agreement is None:
        return
    check_open_to_change(agreement)
    if agreement.valid_signatures or agreement.sealed_at is not None:
        raise Conflict(
            _l(
                "The agreement stating these particulars has been signed or sealed. Change its "
                "terms (which voids the signatures) before correcting a party's particulars."
            ),
            code="agreement_signed",
        )
    rehash(agreement)
