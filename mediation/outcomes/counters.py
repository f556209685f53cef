"""Claim the next agreement serial of a committee and year, gap-free under concurrency.

One row per committee and year holds the last serial given. The claim is one UPDATE ...
RETURNING in the caller's transaction: on PostgreSQL it locks the row, so a concurrent claim
waits until this transaction commits (and takes the next serial) or rolls back (and takes
the same one): no two agreements share a serial and none is skipped. The unique constraint on
agreements (committee, year, serial) is the last guard.
"""

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from mediation.extensions import db
from mediation.outcomes.models import AgreementCounter

INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def claim_serial(committee_id: int, year: int, session: Session | None = None) -> int:
    """Return the next serial of a committee's agreements in a year, starting at 1.

    In the request's session unless another is given (tests hold two transactions).
    """
    session = session or db.session
    insert = INSERTS[session.get_bind().dialect.name]
    session.execute(
        insert(AgreementCounter)
        .values(committee_id=committee_id, year=year, last_serial=0)
        .on_conflict_do_nothing(index_elements=["committee_id", "year"])
    )
    return session.execute(
        update(AgreementCounter)
        .where(AgreementCounter.committee_id == committee_id, AgreementCounter.year == year)
        .values(last_serial=AgreementCounter.last_serial + 1)
        .returning(AgreementCounter.last_serial)
    ).scalar_one()
