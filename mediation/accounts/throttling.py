"""How long an account stays locked after failed log-ins: a rule, with no request or database."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class LockRule:
    after: int  # failed attempts allowed before the first lock
    first_minutes: int
    max_minutes: int

    def lock_for(self, failures: int) -> timedelta | None:
        """Return how long to lock after this many failures in a row, or None for no lock.

        The `after`-th failure locks for `first_minutes`; each further one doubles it, up to
        `max_minutes`, so guessing from many addresses still slows to a few tries an hour.
        """
        over = failures - self.after
        if over < 0:
            return None
        minutes = self.first_minutes * 2 ** min(over, 20)
        return timedelta(minutes=min(minutes, self.max_minutes))

    def locks_first_time(self, failures: int) -> bool:
        """Whether this failure is the one that starts a run of locks (the holder is told)."""
        return failures == self.after
