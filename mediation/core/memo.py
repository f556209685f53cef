"""What one transaction reads again and again, read once: the organisation tree, the calendar.

A page asks for a person's scope, a case's county and the working days several times; each
answer comes from the same few rows. `remembered` keeps a value in the session's `info` for as
long as nothing it was read from can have changed in this transaction. It is dropped when:

- a change to one of the models it names is pending or flushed in the session;
- the session runs any statement other than a SELECT (an UPDATE or DELETE in bulk, raw SQL);
- a transaction or savepoint ends, committed, rolled back or closed (another process may have
  changed the rows since).
"""

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from mediation.extensions import db

T = TypeVar("T")
_KEY = "mediation.memo"


def _kept(session: Session) -> dict[str, tuple[tuple[type, ...], Any]]:
    return session.info.setdefault(_KEY, {})


def _touches(session: Session, models: tuple[type, ...]) -> bool:
    return any(
        isinstance(instance, models)
        for instance in (*session.new, *session.dirty, *session.deleted)
    )


def remembered(key: str, models: tuple[type, ...], read: Callable[[], T]) -> T:
    """Return what `read()` returns, read once per transaction while `models` stay unchanged."""
    session = db.session()
    kept = _kept(session)
    if key in kept and not _touches(session, models):
        return kept[key][1]
    value = read()
    kept[key] = (models, value)
    return value


def forget(session: Session) -> None:
    """Drop everything `session` remembers, as if its transaction had ended."""
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_flush")
def _drop_what_a_flush_changed(session: Session, _context) -> None:
    kept = session.info.get(_KEY)
    if kept:
        for key, (models, _value) in list(kept.items()):
            if _touches(session, models):
                del kept[key]


@event.listens_for(Session, "do_orm_execute")
def _drop_all_on_a_write(state: ORMExecuteState) -> None:
    if not state.is_select:
        forget(state.session)


@event.listens_for(Session, "after_transaction_end")
def _drop_all_at_the_end(session: Session, _transaction) -> None:
    forget(session)
