"""The organisation tree and the calendar are read once per transaction, and never stale."""

from datetime import date

from sqlalchemy import update

from mediation.core.holidays import Holiday, load_calendar
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind, subtree_ids
from tests.sql_count import counting_statements


def _tree_reads(statements) -> int:
    return sum("FROM organisations" in s and "parent_id" in s for s in statements.seen)


def test_the_tree_is_read_once_however_often_a_scope_is_asked(county):
    centre = county["centre"].id
    with counting_statements() as statements:
        first = subtree_ids(centre)
        for _ in range(5):
            assert subtree_ids(centre) == first
    assert _tree_reads(statements) == 1


def test_a_new_station_is_in_the_next_answer_before_and_after_its_flush(county):
    centre = county["centre"]
    before = subtree_ids(centre.id)
    added = Organisation(name="新镇工作站", kind=OrgKind.STATION, area="新镇", parent=centre)
    db.session.add(added)
    db.session.flush()
    assert added.id in subtree_ids(centre.id)
    moved = Organisation(name="另一站", kind=OrgKind.STATION, area="另镇", parent=added)
    db.session.add(moved)  # pending, not flushed yet
    after = subtree_ids(centre.id)
    assert moved.id in after and len(after) == len(before) + 2


def test_a_bulk_update_of_the_tree_is_seen(county):
    centre = county["centre"]
    station = county["stations"][0]
    assert station.id in subtree_ids(centre.id)
    db.session.execute(
        update(Organisation).where(Organisation.id == station.id).values(parent_id=None)
    )
    assert station.id not in subtree_ids(centre.id)


def test_a_savepoint_rolled_back_drops_what_was_read_inside_it(county):
    centre = county["centre"]
    with db.session.begin_nested() as savepoint:
        inside = Organisation(name="临时站", kind=OrgKind.STATION, area="临时", parent=centre)
        db.session.add(inside)
        db.session.flush()
        assert inside.id in subtree_ids(centre.id)
        gone = inside.id
        savepoint.rollback()
    assert gone not in subtree_ids(centre.id)


def test_the_calendar_is_read_once_and_a_new_holiday_is_seen():
    with counting_statements() as statements:
        first = load_calendar()
        assert load_calendar() is first
    assert sum("FROM holidays" in s for s in statements.seen) == 1
    day = date(2031, 5, 6)
    assert day not in first.holidays
    db.session.add(Holiday(day=day, name="试验假日"))
    assert day in load_calendar().holidays
