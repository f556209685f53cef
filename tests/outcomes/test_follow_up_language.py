"""Follow-up reminders are written in the mediator's language, not the last signer's."""

from flask_babel import force_locale
from sqlalchemy import select

from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from mediation.outcomes import agreements
from tests.outcomes.conftest import sign_online


def test_a_party_signing_last_in_english_leaves_the_chinese_mediator_chinese_reminders(
    settled_case,
):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    sign_online(agreement, dispute.mediator.user, None)
    *first, last = dispute.parties
    for party in first:
        sign_online(agreement, party.user, None)
    with force_locale("en"):
        sign_online(agreement, last.user, None)
    reminders = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.startswith("follow-up:"))
    ).all()
    assert reminders
    code = dispute.display_code
    assert {r.payload["subject"] for r in reminders} == {f"回访到期：案件{code}"}
    assert all("调解协议已生效" in r.payload["body"] for r in reminders)
