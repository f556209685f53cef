"""A verified mobile claims the disputes filed with it. Operations flush, never commit.

Accounts asks through its hooks (mediation/accounts/hooks.py) when a person proves a mobile,
when it needs a name for a new account, and where to send a person who has just logged in.
"""

from sqlalchemy import exists, select

from mediation.accounts import hooks as account_hooks
from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.disputes.models import Party
from mediation.extensions import db


@account_hooks.on_mobile_proved
def claim_disputes(user: User) -> list[Party]:
    """Link to a user every party entry with their mobile that no account holds yet.

    Only call this once the mobile has been proved by an SMS code: the number alone is what
    the filer typed, and would otherwise hand a stranger's case to whoever registers it.
    """
    parties = db.session.scalars(
        select(Party)
        .where(Party.mobile == user.mobile, Party.user_id.is_(None))
        .order_by(Party.id)
        .with_for_update()
    ).all()
    for party in parties:
        party.user_id = user.id
    db.session.flush()
    for party in parties:
        record_event(
            "dispute.party_claimed",
            "dispute",
            party.dispute_id,
            actor_id=user.id,
            party_id=party.id,
            side=party.side,
            method="sms_code",
        )
    return parties


@account_hooks.on_has_cases
def has_cases(user: User) -> bool:
    """Whether a user is a party to any dispute."""
    return bool(db.session.scalar(select(exists().where(Party.user_id == user.id))))


@account_hooks.on_name_on_file
def name_on_file(mobile: str) -> str | None:
    """Return the name most recently given for this mobile on a filed dispute, if any."""
    return db.session.scalar(
        select(Party.name).where(Party.mobile == mobile).order_by(Party.id.desc()).limit(1)
    )
