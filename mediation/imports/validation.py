"""Checking every row of an import file before anything is written. Plain Python.

`validate(kind, table, context)` takes the file as read and what the database knows (the
places within the importer's scope, the mediators, the keys already imported) as plain
values, and returns the rows ready to write and every problem found: row number, column
header and a code with its parameters (worded in labels.PROBLEMS, in Chinese and English).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from mediation.imports.columns import (
    COLUMNS,
    SETTLING,
    VOCABULARIES,
    YES,
    Column,
    Kind,
    Type,
    column_of,
)
from mediation.imports.reading import Formula, Table

MOBILE = re.compile(r"1\d{10}")
DATE = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
MONTH = re.compile(r"(\d{4})[-/.年](\d{1,2})月?")
SEPARATORS = re.compile(r"[、,，;；/\s]+")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_AMOUNT = Decimal("999999999999.99")
MAX_COUNT = 100_000
FIRST_DAY = date(1990, 1, 1)


@dataclass(frozen=True)
class Place:
    """An organisation a row may name: where it is, and whether the importer reaches it."""

    id: int
    in_scope: bool
    county_id: int
    parent_id: int | None = None


@dataclass
class Context:
    today: date
    townships: dict[str, list[Place]] = field(default_factory=dict)  # by area, name or id
    villages: dict[tuple[int, str], list[Place]] = field(default_factory=dict)
    organisations: dict[str, list[Place]] = field(default_factory=dict)  # mediators' own
    mediators: dict[str, tuple[int, bool]] = field(default_factory=dict)  # mobile -> id, reach
    users: dict[str, str] = field(default_factory=dict)  # mobile -> role of its account
    imported: set[tuple[int, str]] = field(default_factory=set)  # (county, key) already there


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "params": self.params}


@dataclass
class Validated:
    rows: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    already: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class Bad(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()[:10]
    return str(value).strip()


def _looks_like_formula(text: str) -> bool:
    if not text.startswith(FORMULA_STARTS):
        return False
    try:
        Decimal(text)
    except InvalidOperation:
        return True
    return False


def _date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    match = DATE.fullmatch(text)
    if not match:
        raise Bad("bad_date", value=text)
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError as error:
        raise Bad("no_such_day", value=text) from error


def _month_or_date(value) -> date:
    if isinstance(value, date | datetime):
        return _date(value)
    text = _text(value)
    match = MONTH.fullmatch(text)
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    return _date(text)


def _amount(value) -> str:
    try:
        amount = Decimal(_text(value).replace(",", "").replace("，", ""))
    except InvalidOperation as error:
        raise Bad("bad_amount", value=_text(value)) from error
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise Bad("bad_amount", value=_text(value))
    return str(amount.quantize(Decimal("0.01")))


def _count(value) -> int:
    text = _text(value)
    if isinstance(value, bool) or not re.fullmatch(r"\d+", text) or int(text) > MAX_COUNT:
        raise Bad("bad_count", value=text)
    return int(text)


def _choice(column: Column, text: str) -> str:
    vocabulary = VOCABULARIES[column.vocabulary or ""]
    wanted = normalise(text)
    for key, words in vocabulary.items():
        if wanted == key or wanted in (normalise(w) for w in words):
            return key
    raise Bad("bad_choice", value=text, choices="、".join(w[0] for w in vocabulary.values()))


def _cell(column: Column, value):
    """Parse one non-empty cell by its column's type; raise Bad when it does not fit."""
    if isinstance(value, Formula):
        raise Bad("formula", value=value.text[:40])
    text = _text(value)
    if column.type != Type.DATE and _looks_like_formula(text):
        raise Bad("formula", value=text[:40])
    if column.type == Type.TEXT or column.type == Type.PLACE:
        if len(text) > column.max_length:
            raise Bad("too_long", limit=column.max_length)
        return text
    if column.type == Type.MOBILE:
        if not MOBILE.fullmatch(text):
            raise Bad("bad_mobile", value=text)
        return text
    if column.type == Type.DATE:
        return _date(value)
    if column.type == Type.MONTH_OR_DATE:
        return _month_or_date(value)
    if column.type == Type.AMOUNT:
        return _amount(value)
    if column.type == Type.COUNT:
        return _count(value)
    if column.type == Type.YES_NO:
        return normalise(text) in YES
    if column.type == Type.CHOICES:
        return sorted({_choice(column, part) for part in SEPARATORS.split(text) if part})
    return _choice(column, text)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def header_positions(kind: Kind, header: list[str]) -> tuple[dict[str, int], list[Column]]:
    """Map each column's key to its position in the file; list the required ones missing."""
    names = {normalise(h): i for i, h in reversed(list(enumerate(header))) if h}
    positions, missing = {}, []
    for column in COLUMNS[kind]:
        for name in (column.header, column.key):
            if normalise(name) in names:
                positions[column.key] = names[normalise(name)]
                break
        else:
            if column.required:
                missing.append(column)
    return positions, missing


class RowCheck:
    """The cells of one row, parsed column by column; problems are collected, not raised."""

    def __init__(self, kind: Kind, number: int, cells: list, positions: dict[str, int]):
        self.kind, self.number = kind, number
        self.problems: list[Problem] = []
        self.values: dict = {}
        for column in COLUMNS[kind]:
            position = positions.get(column.key)
            raw = cells[position] if position is not None and position < len(cells) else None
            if _blank(raw):
                self.values[column.key] = None
                if column.required:
                    self.fail(column.key, "required")
                continue
            try:
                self.values[column.key] = _cell(column, raw)
            except Bad as bad:
                self.values[column.key] = None
                self.fail(column.key, bad.code, **bad.params)

    def fail(self, key: str, code: str, **params) -> None:
        header = column_of(self.kind, key).header
        self.problems.append(Problem(self.number, header, code, params))

    def get(self, key: str):
        return self.values.get(key)


def _pick(check: RowCheck, key: str, candidates: list[Place]) -> Place | None:
    reachable = [p for p in candidates if p.in_scope]
    if len(reachable) == 1:
        return reachable[0]
    if len(reachable) > 1:
        check.fail(key, "ambiguous_place", value=check.get(key))
    elif candidates:
        check.fail(key, "out_of_scope", value=check.get(key))
    else:
        check.fail(key, "unknown_place", value=check.get(key))
    return None


def _township_and_village(check: RowCheck, context: Context) -> tuple[Place | None, int | None]:
    name = check.get("township")
    if name is None:
        return None, None
    township = _pick(check, "township", context.townships.get(normalise(name), []))
    village_name = check.get("village")
    if township is None or village_name is None:
        return township, None
    found = context.villages.get((township.id, normalise(village_name)), [])
    if not found:
        check.fail("village", "unknown_village", value=village_name, township=name)
        return township, None
    return township, found[0].id


def _check_dates(check: RowCheck, context: Context, *keys: str) -> None:
    for key in keys:
        day = check.get(key)
        if day is not None and not FIRST_DAY <= day <= context.today:
            check.fail(key, "date_out_of_range", value=day.isoformat())
            check.values[key] = None


def _case(check: RowCheck, context: Context) -> dict | None:
    township, village_id = _township_and_village(check, context)
    _check_dates(check, context, "filed_on", "closed_on")
    filed, closed = check.get("filed_on"), check.get("closed_on")
    if filed and closed and closed < filed:
        check.fail("closed_on", "closed_before_filed", closed=closed, filed=filed)
    outcome, agreement = check.get("outcome"), check.get("agreement")
    if outcome in SETTLING and agreement == "none":
        check.fail("agreement", "settled_needs_agreement")
    if outcome and outcome not in SETTLING and agreement in ("written", "oral"):
        check.fail("agreement", "agreement_needs_settlement")
    mediator_id = None
    if check.get("mediator_mobile"):
        found = context.mediators.get(check.get("mediator_mobile"))
        if found is None or not found[1]:
            check.fail("mediator_mobile", "unknown_mediator", value=check.get("mediator_mobile"))
        else:
            mediator_id = found[0]
    applicant, respondent = check.get("applicant_mobile"), check.get("respondent_mobile")
    if applicant and applicant == respondent:
        check.fail("respondent_mobile", "same_mobile")
    if check.problems or township is None:
        return None
    return {
        **{k: v for k, v in check.values.items() if k not in ("township", "village")},
        "filed_on": filed.isoformat(),
        "closed_on": closed.isoformat(),
        "township_id": township.id,
        "village_id": village_id,
        "mediator_id": mediator_id,
        "county_id": township.county_id,
        "key": check.get("source_ref"),
    }


def _screening(check: RowCheck, context: Context) -> dict | None:
    township, village_id = _township_and_village(check, context)
    _check_dates(check, context, "held_on")
    if check.problems or township is None:
        return None
    held_on = check.get("held_on").isoformat()
    return {
        **{k: v for k, v in check.values.items() if k not in ("township", "village")},
        "held_on": held_on,
        "township_id": township.id,
        "village_id": village_id,
        "county_id": township.county_id,
        "key": f"{township.id}/{village_id or '-'}/{held_on}",
    }


def _mediator(check: RowCheck, context: Context) -> dict | None:
    organisation = None
    if check.get("organisation") is not None:
        candidates = context.organisations.get(normalise(check.get("organisation")), [])
        organisation = _pick(check, "organisation", candidates)
    mobile = check.get("mobile")
    role = context.users.get(mobile) if mobile else None
    if role is not None and role != "mediator":
        check.fail("mobile", "mobile_taken", value=mobile)
    if check.problems or organisation is None:
        return None
    capacity = check.get("capacity")
    return {
        **{k: v for k, v in check.values.items() if k != "organisation"},
        "full_time": check.get("employment") == "full_time",
        "gold_medal": bool(check.get("gold_medal")),
        "specialties": check.get("specialties") or [],
        "languages": check.get("languages") or [],
        "capacity": 10 if capacity is None else capacity,
        "organisation_id": organisation.id,
        "county_id": organisation.county_id,
        "key": mobile,
        "account_exists": role is not None,
    }


ROW_RULES = {Kind.CASES: _case, Kind.SCREENINGS: _screening, Kind.MEDIATORS: _mediator}
# The column whose value names the row in the file: a second row with it is a mistake.
KEY_COLUMN = {Kind.CASES: "source_ref", Kind.MEDIATORS: "mobile", Kind.SCREENINGS: "held_on"}


def validate(kind: Kind, table: Table, context: Context) -> Validated:
    """Check every row of a file; rows come back only when the whole file is good."""
    result = Validated()
    positions, missing = header_positions(kind, table.header)
    if missing:
        result.problems = [Problem(1, c.header, "missing_column") for c in missing]
        return result
    if not table.rows:
        result.problems = [Problem(2, "", "no_rows")]
        return result
    first_row: dict[str, int] = {}
    for number, cells in table.rows:
        check = RowCheck(kind, number, cells, positions)
        record = ROW_RULES[kind](check, context)
        if record is not None:
            seen = first_row.setdefault(record["key"], number)
            if seen != number:
                check.fail(KEY_COLUMN[kind], "duplicate", value=record["key"], first=seen)
                record = None
        result.problems.extend(check.problems)
        if record is not None:
            result.rows.append(record)
    if result.problems:
        result.rows = []
        return result
    result.already = sum(
        1
        for r in result.rows
        if (r["county_id"], r["key"]) in context.imported or r.get("account_exists")
    )
    return result
