"""A scope that holds every place: the only county's centre filters its queries by nothing."""

from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.db import EveryPlace, among
from mediation.disputes.access import visible_disputes
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind, subtree_ids
from mediation.organisations.scope import staff_scope
from tests.sql_count import counting_statements


def _other_county() -> Organisation:
    centre = Organisation(name="安居区中心", kind=OrgKind.CENTRE, area="安居区")
    station = Organisation(name="安居一号工作站", kind=OrgKind.STATION, parent=centre)
    db.session.add_all([centre, station])
    db.session.flush()
    return station


def _filters_a_place(statement: str) -> bool:
    return "WHERE" in statement and "township_id" in statement.split("WHERE", 1)[1]


def test_the_only_county_centre_reaches_every_place_and_nothing_narrower_does(county):
    assert isinstance(subtree_ids(county["centre"].id), EveryPlace)
    assert not isinstance(subtree_ids(county["stations"][0].id), EveryPlace)
    _other_county()
    # A second county makes the first centre's scope a part again, in the same transaction.
    assert not isinstance(subtree_ids(county["centre"].id), EveryPlace)
    assert sorted(subtree_ids(county["centre"].id)) == sorted(
        o.id
        for o in (
            county["centre"],
            *county["stations"],
            county["committee"],
            *sum(county["villages"].values(), []),
        )
    )


def test_among_every_place_keeps_the_same_rows_as_among_its_ids(county, create_user):
    placed = [create_user(Role.COORDINATOR, org) for org in county["stations"]]
    create_user(Role.PARTY)  # no organisation: outside any scope
    centre = create_user(Role.COORDINATOR, county["centre"])
    scope = staff_scope(centre)
    assert isinstance(scope, EveryPlace)

    def users(ids) -> set[int]:
        return set(db.session.scalars(select(User.id).where(among(User.organisation_id, ids))))

    assert users(scope) == users(list(scope)) == {u.id for u in (*placed, centre)}


def test_the_centre_lists_the_county_without_a_place_filter_until_another_county_exists(
    county, coordinator, create_dispute, create_user
):
    ours = create_dispute()
    with counting_statements() as statements:
        seen = set(db.session.scalars(visible_disputes(coordinator)))
    assert ours in seen
    assert not any(_filters_a_place(s) for s in statements.seen), statements

    station = _other_county()
    theirs = create_dispute(
        township_id=station.id,
        village_id=None,
        channel="walk_in",
        filer=create_user(Role.COORDINATOR, station),
    )
    with counting_statements() as statements:
        seen = set(db.session.scalars(visible_disputes(coordinator)))
    assert ours in seen and theirs not in seen
    assert any(_filters_a_place(s) for s in statements.seen), statements
