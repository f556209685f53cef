"""What refers to an organisation: every table with a key to it, found in the schema itself.

Read from the metadata rather than listed by hand, so a domain that adds a table pointing at
organisations is counted without touching this module.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from mediation.extensions import db

# Names for the tables a person will recognise; any other table counts as "other records".
TABLE_NAMES = {
    "organisations": _l("organisations under it"),
    "users": _l("staff accounts"),
    "mediators": _l("mediators"),
    "studios": _l("studios"),
    "rooms": _l("mediation rooms"),
    "disputes": _l("cases"),
    "outcomes": _l("outcomes"),
    "agreements": _l("agreements"),
    "agreement_counters": _l("agreement numbers"),
    "oral_agreements": _l("oral agreements"),
    "seal_holders": _l("seal holders"),
    "screening_logs": _l("screening entries"),
    "hotline_calls": _l("hotline calls"),
    "surveys": _l("surveys"),
    "agencies": _l("agencies"),
}
OTHER = _l("other records")
COUNTED = _l("%(what)s: %(count)s")


def records_of(organisation_id: int) -> dict[str, int]:
    """Count, table by table, the rows that refer to an organisation (only tables with some)."""
    found: dict[str, int] = {}
    for table in db.metadata.sorted_tables:
        columns = [
            fk.parent for fk in table.foreign_keys if fk.column.table.name == "organisations"
        ]
        if not columns:
            continue
        query = select(func.count()).select_from(table)
        query = query.where(or_(*(column == organisation_id for column in columns)))
        count = db.session.scalar(query) or 0
        if count:
            found[table.name] = count
    return found


def describe_records(records: dict[str, int]) -> str:
    """Name the records in words: "staff accounts: 2, cases: 5"."""
    parts = []
    for table, count in records.items():
        name = TABLE_NAMES.get(table, OTHER)
        parts.append(str(COUNTED) % {"what": name, "count": count})
    return str(_l(", ")).join(parts)
