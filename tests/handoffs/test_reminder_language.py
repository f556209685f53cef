"""Hand-off reminders are written in each recipient's language, not the signer's."""

from datetime import UTC, date, datetime

import time_machine
from flask_babel import force_locale
from sqlalchemy import select

from mediation.core.outbox import OutboxMessage
from mediation.extensions import db


@time_machine.travel(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), tick=False)
def test_a_coordinator_signing_in_english_queues_reminders_in_each_holders_language(
    create_referral, court_liaison, coordinator
):
    court_liaison.locale = "en"
    db.session.flush()
    with force_locale("en"):
        handoff = create_referral(signed_on=date(2026, 3, 2))
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like(f"handoff:{handoff.id}:remind:%"))
    ).all()
    english = {r.payload["body"] for r in rows if r.recipient_id == court_liaison.id}
    chinese = {r.payload["body"] for r in rows if r.recipient_id == coordinator.id}
    assert english and all(b.startswith("Case ") for b in english)
    assert chinese and all(b.startswith("案件") for b in chinese)
