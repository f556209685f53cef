"""Grow a seeded demo county to N times its cases, for benchmarks at county scale.

Every dispute is copied N - 1 times with everything that hangs on it (parties, attachments,
sessions, outcomes, agreements, hand-offs, video rooms ... every table whose foreign keys lead
to a dispute), and so are the screening and hotline logs. A copy keeps its original's dates,
places, people and mediator; only its row ids move up by a stride, and values that must be
unique get a suffix (a dispute gets a fresh case code). No mediator or room is booked twice at
one time, so each copy of the sessions moves back in time by the whole span of their dates. The
copies' audit events are appended to the chain as the application appends them, so
`flask audit verify` still holds.

Called with an app context on a database that holds the demo county (`flask seed-demo`).
"""

import random
from collections.abc import Iterator
from datetime import timedelta

from sqlalchemy import Integer, String, Table, func, select, text
from sqlalchemy.engine import Connection

from mediation.core.audit import AuditEvent, Entry, record_events
from mediation.disputes.codes import new_code
from mediation.extensions import db

# Logs of the county's work that are not cases, copied as cases are.
ALSO_COPIED = ("screening_logs", "hotline_calls")
# Audit subjects that are copied rows, by their table.
SUBJECTS = {
    "dispute": "disputes",
    "session": "mediation_sessions",
    "handoff": "handoffs",
    "video_room": "video_rooms",
    "hotline_call": "hotline_calls",
    "screening_log": "screening_logs",
}
# Rows that may not overlap in time (PostgreSQL's exclusion constraints): their columns.
MOVED_IN_TIME = {"mediation_sessions": ("start_at", "end_at")}
BATCH = 5000


def copied_tables() -> list[Table]:
    """Return the tables to copy, parents before children."""
    chosen: list[Table] = []
    names: set[str] = set()
    for table in db.metadata.sorted_tables:
        parents = {fk.column.table.name for fk in table.foreign_keys} - {table.name}
        if table.name == "disputes" or table.name in ALSO_COPIED or parents & names:
            chosen.append(table)
            names.add(table.name)
    return chosen


def _unique_sets(table: Table) -> list[list[str]]:
    sets = [[c.name] for c in table.columns if c.unique]
    sets += [[c.name for c in u.columns] for u in table.constraints if _is_unique(u)]
    sets += [[c.name for c in i.columns] for i in table.indexes if i.unique]
    return sets


def _is_unique(constraint) -> bool:
    return type(constraint).__name__ == "UniqueConstraint"


class Copier:
    """Copies rows of the chosen tables, remapping ids and keeping unique values unique."""

    def __init__(self, connection: Connection, tables: list[Table]) -> None:
        self.connection = connection
        self.tables = tables
        self.names = {t.name for t in tables}
        self.stride = {t.name: self._max(t, "id") for t in tables}
        self.rng = random.Random(100)  # noqa: S311 (case codes for a benchmark)
        self.codes = set(connection.scalars(text("SELECT code FROM disputes")))

    def _max(self, table: Table, column: str) -> int:
        return self.connection.scalar(select(func.max(table.c[column]))) or 0

    def _plan(self, table: Table) -> tuple[dict[str, int], dict[str, object]]:
        """Return the columns to shift by a stride per copy, and the unique values to vary."""
        shifts = {"id": self.stride[table.name]}
        for fk in table.foreign_keys:
            if fk.column.table.name in self.names:
                shifts[fk.parent.name] = self.stride[fk.column.table.name]
        varied: dict[str, object] = {}
        for columns in _unique_sets(table):
            if set(columns) & set(shifts):
                continue  # unique already: it holds a shifted id
            name = columns[-1]
            column = table.c[name]
            if table.name == "disputes" and name == "code":
                varied[name] = "code"
            elif isinstance(column.type, Integer):
                varied[name] = (self._max(table, name) or 0) + 1
            elif isinstance(column.type, String):
                varied[name] = column.type.length
            else:
                raise RuntimeError(f"cannot keep {table.name}.{name} unique in copies")
        return shifts, varied

    def _code(self) -> str:
        while True:
            code = new_code(randbelow=self.rng.randrange)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def rows(self, table: Table, copies: int) -> Iterator[dict]:
        shifts, varied = self._plan(table)
        originals = [dict(r) for r in self.connection.execute(select(table)).mappings()]
        moved = MOVED_IN_TIME.get(table.name, ())
        if moved and originals:
            first = min(r[moved[0]] for r in originals)
            span = max(r[moved[1]] for r in originals) - first + timedelta(days=1)
        for k in range(1, copies + 1):
            for original in originals:
                row = dict(original)
                for name in moved:
                    row[name] -= k * span
                for name, stride in shifts.items():
                    if row[name] is not None:
                        row[name] += k * stride
                for name, how in varied.items():
                    if row[name] is None:
                        continue
                    if how == "code":
                        row[name] = self._code()
                    elif isinstance(how, int) and isinstance(row[name], int):
                        row[name] += k * how
                    else:
                        suffix = f"~{k}"
                        keep = (how - len(suffix)) if isinstance(how, int) else None
                        row[name] = str(row[name])[:keep] + suffix
                yield row

    def copy(self, table: Table, copies: int) -> int:
        written = 0
        batch: list[dict] = []
        for row in self.rows(table, copies):
            batch.append(row)
            if len(batch) == BATCH:
                self.connection.execute(table.insert(), batch)
                written += len(batch)
                batch = []
        if batch:
            self.connection.execute(table.insert(), batch)
            written += len(batch)
        return written

    def audit_entries(self, copies: int) -> Iterator[Entry]:
        """The copied subjects' events, in the order they were appended, for each copy."""
        events = db.session.scalars(
            select(AuditEvent).where(AuditEvent.subject_type.in_(SUBJECTS)).order_by(AuditEvent.id)
        ).all()
        for k in range(1, copies + 1):
            for event in events:
                yield Entry(
                    action=event.action,
                    subject_type=event.subject_type,
                    subject_id=event.subject_id + k * self.stride[SUBJECTS[event.subject_type]],
                    actor_id=event.actor_id,
                    occurred_at=event.occurred_at,
                    data=event.data,
                )


def reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """On PostgreSQL, move each table's id sequence past the ids written explicitly."""
    if connection.dialect.name != "postgresql":
        return
    for table in [*tables, AuditEvent.__table__]:
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table.name}))"
            )
        )


def multiply_demo(times: int, say=print) -> None:
    """Make the demo county `times` times as large; commits."""
    if times <= 1:
        return
    tables = copied_tables()
    connection = db.session.connection()
    copier = Copier(connection, tables)
    for table in tables:
        written = copier.copy(table, times - 1)
        if written:
            say(f"  {table.name}: {written:,} rows copied")
    entries: list[Entry] = []
    appended = 0
    for entry in copier.audit_entries(times - 1):
        entries.append(entry)
        if len(entries) == BATCH:
            appended += record_events(entries)
            entries = []
    appended += record_events(entries)
    say(f"  audit_events: {appended:,} appended")
    reset_sequences(connection, tables)
    db.session.commit()
