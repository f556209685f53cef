"""Count the SQL statements the application sends while a block of code runs."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from mediation.extensions import db


@dataclass
class Statements:
    """The statements seen so far; `count` is what budgets compare."""

    seen: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.seen)

    def __str__(self) -> str:
        return "\n".join(f"{n:3}: {s[:160]}" for n, s in enumerate(self.seen, 1))


@contextmanager
def counting_statements() -> Iterator[Statements]:
    """Record every statement sent on the app's engine inside the block, and nothing outside."""
    statements = Statements()

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.seen.append(" ".join(statement.split()))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_for(client, url: str, **kwargs) -> tuple[object, Statements]:
    """GET a URL and return the response with the statements that request ran."""
    with counting_statements() as statements:
        response = client.get(url, **kwargs)
    return response, statements
