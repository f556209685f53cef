"""The rights and obligations notice (告知书): its text, and each party's acknowledgement.

The notice is served with the acceptance: the respondent's acceptance text and every party's
case page point to it. Each party acknowledges it once, from their own link with a code texted
to their mobile, or through staff who read it to them or had them sign it on paper.
"""

from datetime import datetime

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.assurance import Assurance, meets
from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from mediation.disputes.lifecycle import State
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.outcomes.record_models import ConfirmMethod, RightsAcknowledgement
from mediation.outcomes.record_text import SIDE_NAMES, record_hash

NOT_SERVED = (State.SUBMITTED, State.REJECTED)
# How staff say they identified a party who acknowledged through them.
STAFF_CHECKS: dict[str, tuple[Assurance, ...]] = {
    ConfirmMethod.PAPER: (Assurance.ID_IN_PERSON,),
    ConfirmMethod.ORAL: (Assurance.ID_IN_PERSON, Assurance.PHONE_CALL),
}


def notice_text(dispute: Dispute) -> str:
    """Return the notice served on the parties of a case, as the configured template words it."""
    committee = dispute.organisation or dispute.township
    parties = [f"{p.name}（{SIDE_NAMES.get(p.side, p.side)}）" for p in dispute.parties]
    body = render_template(
        current_app.config["RIGHTS_NOTICE_TEMPLATE"],
        code=dispute.display_code,
        committee=committee.name,
        parties=parties,
    )
    return "\n".join(line.strip() for line in body.strip().splitlines() if line.strip()) + "\n"


def notice_hash(dispute: Dispute) -> str:
    """Return the SHA-256 of the notice's canonical form (as for a mediation record)."""
    return record_hash(notice_text(dispute))


def is_served(dispute: Dispute) -> bool:
    """The notice is served once the case is accepted."""
    return dispute.state not in NOT_SERVED


def acknowledgements(dispute: Dispute) -> dict[int, RightsAcknowledgement]:
    """Each party's acknowledgement, by party id."""
    rows = db.session.scalars(
        select(RightsAcknowledgement).where(RightsAcknowledgement.dispute_id == dispute.id)
    )
    return {row.party_id: row for row in rows}


def _check(dispute: Dispute, party: Party) -> None:
    if party.dispute_id != dispute.id:
        raise NotFound(_l("No such party in this case."))
    if not is_served(dispute):
        raise Conflict(_l("The notice is served once the case is accepted."), code="not_served")
    if party.id in acknowledgements(dispute):
        raise Conflict(_l("This party has already acknowledged the notice."), code="acknowledged")


def _acknowledge(
    dispute: Dispute,
    party: Party,
    method: ConfirmMethod,
    assurance: str,
    at: datetime | None,
    entered_by: User | None = None,
    identification: str | None = None,
) -> RightsAcknowledgement:
    row = RightsAcknowledgement(
        dispute_id=dispute.id,
        party=party,
        notice_hash=notice_hash(dispute),
        method=method,
        assurance=assurance,
        entered_by=entered_by,
        identification=identification,
        acknowledged_at=at or utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    record_event(
        "rights_notice.acknowledged",
        "dispute",
        dispute.id,
        actor_id=entered_by.id if entered_by else party.user_id,
        party_id=party.id,
        method=str(method),
        assurance=str(assurance),
        notice_hash=row.notice_hash,
    )
    return row


def acknowledge_online(
    dispute: Dispute, party: Party, assurance: str, level: str, at: datetime | None = None
) -> RightsAcknowledgement:
    """Acknowledge the notice as a party from their own link, their mobile proved by a code."""
    _check(dispute, party)
    if not meets(assurance, level):
        raise Forbidden(
            _l("First confirm your mobile number with the code we text you."),
            code="confirm_mobile",
        )
    return _acknowledge(dispute, party, ConfirmMethod.ONLINE, assurance, at)


def record_acknowledgement(
    dispute: Dispute,
    party: Party,
    method: str,
    checked: str,
    identification: str,
    user: User,
    at: datetime | None = None,
) -> RightsAcknowledgement:
    """Record, as staff, that a party acknowledged the notice on paper or orally."""
    _check(dispute, party)
    problems = {}
    allowed = STAFF_CHECKS.get(method)
    if allowed is None:
        problems["method"] = [_l("Choose on paper or orally.")]
    elif checked not in allowed:
        problems["checked"] = [_l("Choose how you identified the party.")]
    identification = (identification or "").strip()
    if not identification:
        problems["identification"] = [_l("For example: resident ID card checked in person.")]
    if problems:
        raise ValidationFailed(_l("Check the acknowledgement."), problems)
    return _acknowledge(
        dispute,
        party,
        ConfirmMethod(method),
        checked,
        at,
        entered_by=user,
        identification=identification[:120],
    )
