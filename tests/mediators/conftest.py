import pytest

from mediation.extensions import db
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
