"""Declarative base, naming convention and column types shared by all models."""

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import JSON, DateTime, Integer, MetaData, String, bindparam
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import NullType, TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current instant as an aware UTC datetime."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An instant stored in UTC and always read back as an aware datetime."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# The largest key an integer primary key column holds everywhere (PostgreSQL's INTEGER): ids
# from outside beyond it are refused at the edge instead of reaching the database.
MAX_ROW_ID = 2**31 - 1

# JSON on SQLite, JSONB on PostgreSQL.
JSONDocument = JSON().with_variant(JSONB(), "postgresql")


class IdList(TypeDecorator):
    """Row ids sent as one parameter: an integer array on PostgreSQL, a JSON array elsewhere."""

    impl = String
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "postgresql":
            return dialect.type_descriptor(ARRAY(Integer()))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value, dialect):
        ids = [int(i) for i in value]
        return ids if dialect.name == "postgresql" else json.dumps(ids)


class Among(ColumnElement):
    """`column` is one of `ids`, however many: one parameter and the same SQL every time.

    `column.in_(ids)` writes one parameter per id, so a county's few hundred places cost a few
    milliseconds to compile, send and plan in every statement that keeps to a scope.
    """

    # Untyped, so that SQLite does not write `= 1` after it in an OR, as it does for booleans.
    type = NullType()
    inherit_cache = True
    _traverse_internals = [
        ("column", InternalTraversal.dp_clauseelement),
        ("ids", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column, ids: Iterable[int]):
        self.column = column
        self.ids = bindparam(None, list(ids), type_=IdList())


class EveryPlace(list):
    """A scope that holds every organisation there is, as a single county's centre's does.

    `among(column, scope)` then asks only that the column names a place at all: the column is a
    reference to an organisation, so that is the same rows, without sending the county's few
    hundred ids in every statement (or scanning them for every row).
    """


def among(column, ids: Iterable[int]) -> ColumnElement:
    """Return the condition that `column` holds one of `ids` (none: it holds none)."""
    if isinstance(ids, EveryPlace):
        return column.is_not(None)
    return Among(column, ids)


@compiles(Among)
def _among_from_json(element: Among, compiler, **kw) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.ids, **kw)
    # Both parts are compiled SQL: a column and a bound parameter, never a value.
    return f"({column} IN (SELECT value FROM json_each({ids})))"  # noqa: S608


@compiles(Among, "postgresql")
def _among_any(element: Among, compiler, **kw) -> str:
    column, ids = compiler.process(element.column, **kw), compiler.process(element.ids, **kw)
    return f"({column} = ANY ({ids}))"
