"""The dashboard's heaviest aggregates, kept between requests while the rows under them stand.

Counting a county's year of cases and outcomes by every grouping takes most of a dashboard's
time (about 80 ms at 60,000 cases on PostgreSQL), and most dashboard views follow one another
with no case filed, accepted or closed in between. Each aggregate is kept under a key made of
its period, its place and the **state of the rows it counts**, read in one cheap statement:

- the newest id and the latest `updated_at` of the disputes (a filing makes a new id; every
  change of a case, its state, township or mediator, moves `updated_at`);
- the newest id of the outcomes, oral agreements, screenings, hotline calls and satisfaction
  answers (all only ever added).

So a change anywhere in those tables makes a new key and the next view counts afresh; the old
entry is never read again and expires. Rows deleted below the newest ones (a failed history
import rolled back while cases were being filed) leave no trace in that state: entries are
kept at most `REPORTS_KEEP_SECONDS` for that reason, and for a hotline call noted without a
township, counted where the person who took it works when they move to another station.
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar

from flask import current_app
from flask_caching.backends import NullCache
from sqlalchemy import func, select

from mediation.core.memo import remembered
from mediation.disputes.models import Dispute
from mediation.extensions import cache, db
from mediation.organisations.models import subtree_ids
from mediation.outcomes.models import Outcome, Survey
from mediation.outcomes.record_models import OralAgreement
from mediation.reports.models import HotlineCall, ScreeningLog
from mediation.reports.periods import Period

T = TypeVar("T")
# Tables whose rows are only ever added: their newest id says where they stand.
ADDED_ONLY = (Outcome, OralAgreement, ScreeningLog, HotlineCall, Survey)
COUNTED = (Dispute, *ADDED_ONLY)


def rows_state() -> tuple:
    """Where the counted tables stand, once per transaction: newest ids and latest change."""

    def read() -> tuple:
        newest = select(
            select(func.max(Dispute.id)).scalar_subquery(),
            select(func.max(Dispute.updated_at)).scalar_subquery(),
            *(select(func.max(model.id)).scalar_subquery() for model in ADDED_ONLY),
        )
        row = db.session.execute(newest).one()
        return tuple(value.isoformat() if hasattr(value, "isoformat") else value for value in row)

    return remembered("reports.rows_state", COUNTED, read)


def kept(name: str, period: Period, place_id: int | None, count: Callable[[], T]) -> T:
    """Return `count()`, computed once for this period, place and state of the rows.

    The place stands in the key with the ids under it, so a station moved to another town
    counts where it now is.
    """
    if isinstance(cache.cache, NullCache):
        return count()  # nothing is kept: no need to read where the rows stand
    places = ",".join(map(str, subtree_ids(place_id))) if place_id is not None else "all"
    key = "|".join(
        str(part)
        for part in (
            "reports",
            name,
            period.start_at.isoformat(),
            period.end_at.isoformat(),
            period.zone,
            place_id,
            hashlib.sha256(places.encode()).hexdigest()[:16],
            *rows_state(),
        )
    )
    value = cache.get(key)
    if value is None:
        value = count()
        cache.set(key, value, timeout=current_app.config["REPORTS_KEEP_SECONDS"])
    return value
