"""A scope of many places is one parameter: the same rows as IN, the same SQL for any number."""

from sqlalchemy import event, or_, select

from mediation.core.db import among
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind


def _places(count: int) -> list[Organisation]:
    centre = Organisation(name="测试县调解中心", kind=OrgKind.CENTRE, area="测试县")
    places = [centre] + [
        Organisation(name=f"第{n}站", kind=OrgKind.STATION, area=f"{n}镇", parent=centre)
        for n in range(count - 1)
    ]
    db.session.add_all(places)
    db.session.flush()
    return places


def _ids(condition) -> set[int]:
    return set(db.session.scalars(select(Organisation.id).where(condition)))


def _sent(condition) -> tuple[str, object]:
    """The statement and parameters the database receives for a query with this condition."""
    seen = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        db.session.execute(select(Organisation.id).where(condition)).all()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen[-1]


def test_among_selects_the_rows_that_in_selects(app):
    places = _places(40)
    wanted = [p.id for p in places[::3]]
    assert _ids(among(Organisation.id, wanted)) == _ids(Organisation.id.in_(wanted))
    assert _ids(among(Organisation.id, wanted)) == set(wanted)
    # Beside another condition in an OR, as the scope of cases is written.
    either = or_(among(Organisation.id, wanted[:2]), among(Organisation.parent_id, [places[0].id]))
    assert _ids(either) == set(wanted[:2]) | {p.id for p in places[1:]}


def test_no_ids_select_nothing_and_unknown_ids_are_no_error(app):
    _places(3)
    assert _ids(among(Organisation.id, [])) == set()
    assert _ids(among(Organisation.id, [2**31 - 1])) == set()


def test_three_ids_and_three_hundred_send_the_same_statement_with_one_parameter(app):
    places = _places(300)
    few, many = [p.id for p in places[:3]], [p.id for p in places]
    few_sql, few_parameters = _sent(among(Organisation.id, few))
    many_sql, many_parameters = _sent(among(Organisation.id, many))
    assert few_sql == many_sql
    assert len(many_parameters) == 1
    # IN writes a parameter per id, which is what this replaces.
    assert len(_sent(Organisation.id.in_(many))[1]) == 300
