"""Make a settled case's agreement ready to sign, as the mediator and the seal holder would.

`python -m tests.browser.agreement_ready CODE` (with DATABASE_URL and FIXED_INSTANT, as
party_path.flask passes them): the committee is named where the admin has not named it yet, the
parties' particulars and the agreement's facts and performance are written, and the committee's
seal is applied, by the demo county's coordinator (its seal holder). The staff pages for these
steps have tests of their own; the party path test goes on from here to the parties' signatures.
"""

import os
import random
import sys
from datetime import datetime
from types import SimpleNamespace

import time_machine

time_machine.travel(datetime.fromisoformat(os.environ["FIXED_INSTANT"]), tick=True).start()

from sqlalchemy import select  # noqa: E402 (after the clock is set)

from mediation.accounts.models import User  # noqa: E402
from mediation.core.identity import resident_id_check_char  # noqa: E402
from mediation.disputes.codes import normalise  # noqa: E402
from mediation.disputes.models import Dispute  # noqa: E402
from mediation.extensions import db  # noqa: E402
from mediation.outcomes import demo_agreements  # noqa: E402
from mediation.outcomes.agreements import agreement_for, committee_of  # noqa: E402
from wsgi import app  # noqa: E402

COORDINATOR_MOBILE = "13900000002"
COUNTY_COMMITTEE = "乐至县人民调解委员会"


def resident_ids():
    for serial in range(100, 1000):
        first17 = f"51202219800101{serial:03d}"
        yield first17 + resident_id_check_char(first17)


def main(code: str) -> None:
    with app.app_context():
        dispute = db.session.scalar(select(Dispute).where(Dispute.code == normalise(code)))
        coordinator = db.session.scalar(select(User).where(User.mobile == COORDINATOR_MOBILE))
        ids = resident_ids()
        seeder = SimpleNamespace(
            coordinator=coordinator, rng=random.Random(7), resident_id=lambda: next(ids)
        )
        agreement = agreement_for(dispute)
        committee = agreement.committee or committee_of(dispute)
        if committee.committee_title is None:  # the admin names it on the committees page
            committee.committee_name = COUNTY_COMMITTEE
        demo_agreements.complete(seeder, dispute, agreement)
        demo_agreements.seal(seeder, agreement, None)
        db.session.commit()


if __name__ == "__main__":
    main(sys.argv[1])
