import pytest

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.mediators.models import DeclaredRelation
from mediation.organisations.models import Organisation, OrgKind
from tests.accounts.conftest import clock, texted_code  # noqa: F401
from tests.disputes.conftest import prove  # noqa: F401


@pytest.fixture
def declare_relation():
    def declare(mediator, name, mobile=None, resident_id=None, kind="relative"):
        relation = DeclaredRelation(
            mediator_id=mediator.id, kind=kind, name=name, mobile=mobile, resident_id=resident_id
        )
        db.session.add(relation)
        db.session.flush()
        return relation

    return declare


@pytest.fixture
def two_counties(county):
    """The county fixture's centre and a second county, both under one city."""
    city = Organisation(name="遂宁市司法局", kind=OrgKind.CITY, area="遂宁市")
    db.session.add(city)
    db.session.flush()
    county["centre"].parent = city
    other = Organisation(name="安居区中心", kind=OrgKind.CENTRE, area="安居区", parent=city)
    station = Organisation(name="安居镇工作站", kind=OrgKind.STATION, area="安居镇", parent=other)
    db.session.add_all([other, station])
    db.session.flush()
    return {"city": city, "home": county["centre"], "other": other, "other_station": station}


@pytest.fixture
def flashes(client):
    def read() -> list:
        with client.session_transaction() as session:
            return session.get("_flashes", [])

    return read


@pytest.fixture
def outsider(create_user):
    """A coordinator of another county, who must not learn this county's records exist."""
    elsewhere = Organisation(name="安居区中心", kind=OrgKind.CENTRE, area="安居区")
    db.session.add(elsewhere)
    db.session.flush()
    return create_user(Role.COORDINATOR, elsewhere, name="外县协调员")


@pytest.fixture
def account_for(create_user):
    """Give a party of a case a party account of their own, signed in by their mobile."""

    def link(party):
        user = create_user(Role.PARTY, mobile=party.mobile, name=party.name)
        party.user_id = user.id
        db.session.flush()
        db.session.expire(party)  # its `user` is read again
        return user

    return link


@pytest.fixture
def assigned(create_dispute, create_mediator, coordinator):
    """A case offered by the engine to the only mediator, with a second one free to replace them."""
    dispute = create_dispute("consented")
    first = create_mediator()
    offer = assignment.assign_dispute(dispute, coordinator)
    second = create_mediator()
    return {"dispute": dispute, "offer": offer, "first": first, "second": second}
