"""Apply the committee's seal to an agreement: an authorised holder's act, on the audit chain."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden
from mediation.extensions import db
from mediation.organisations.seals import holds_seal
from mediation.outcomes.agreement_items import check_complete
from mediation.outcomes.agreements import committee_of, take_effect_if_complete
from mediation.outcomes.models import Agreement


def may_seal(agreement: Agreement, user: User | None) -> bool:
    committee = agreement.committee or committee_of(agreement.dispute)
    return user is not None and holds_seal(user.id, committee.id)


def apply_seal(agreement: Agreement, user: User, seen_hash: str, at: datetime | None = None):
    """Seal this revision of the agreement; the last of seal and signatures brings it in force."""
    committee = agreement.committee or committee_of(agreement.dispute)
    if not holds_seal(user.id, committee.id):
        raise Forbidden(
            _l("Only a holder of %(committee)s's seal may apply it."),
            code="not_seal_holder",
            params={"committee": committee.committee_title or committee.name},
        )
    if agreement.effective_at is not None or agreement.sealed_at is not None:
        raise Conflict(_l("The committee's seal is already on this agreement."), code="sealed")
    if seen_hash != agreement.document_hash:
        raise Conflict(
            _l("The agreement changed after you opened it. Read it again before sealing."),
            code="agreement_changed",
        )
    check_complete(agreement)
    if committee.seal_sha256 is None:
        raise Conflict(
            _l("%(committee)s has no seal image yet: an administrator uploads it first."),
            code="no_seal_image",
            params={"committee": committee.committee_title},
        )
    at = at or utcnow()
    agreement.committee = committee
    agreement.sealed_at = at
    agreement.sealed_by_id = user.id
    db.session.flush()
    record_event(
        "agreement.sealed",
        "dispute",
        agreement.dispute_id,
        actor_id=user.id,
        agreement_id=agreement.id,
        committee_id=committee.id,
        seal_sha256=committee.seal_sha256,
        document_hash=agreement.document_hash,
    )
    take_effect_if_complete(agreement, user, at)
    return agreement
