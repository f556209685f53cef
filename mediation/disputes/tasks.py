"""Scheduled work: forget the files held from filing forms that were never sent again."""

from mediation.core.db import utcnow
from mediation.core.scheduler import periodic
from mediation.disputes import held
from mediation.extensions import db


@periodic("disputes.purge_held_uploads", seconds=3600)
def purge_held_uploads() -> dict[str, int]:
    """Delete held uploads past HELD_UPLOAD_HOURS."""
    purged = held.purge_expired_holds(utcnow())
    db.session.commit()
    return {"purged": purged}
