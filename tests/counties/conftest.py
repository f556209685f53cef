"""Two counties under one city, each a full policy world of its own."""

import pytest

from mediation.accounts.models import Role
from mediation.disputes.lifecycle import Actor
from mediation.disputes.operations import transition_dispute
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.organisations.models import Organisation, OrgKind
from tests.policy.conftest import (  # noqa: F401  # noqa: F401
    _fixed_instant,
    _quick_passwords,
    court,
    court_liaison,
    create_agency,
    create_liaison,
    create_referral,
    mediation_case,
    referral_data,
    settle,
)
from tests.policy.world import build_side


def _county(city: Organisation, name: str, towns: tuple[str, str]) -> dict:
    """A county centre under the city with two stations, each with one village room."""
    centre = Organisation(name=f"{name}中心", kind=OrgKind.CENTRE, area=name, parent=city)
    stations = [
        Organisation(
            name=f"{t}工作站",
            kind=OrgKind.STATION,
            area=t,
            parent=centre,
            committee_name=f"{t}人民调解委员会",
        )
        for t in towns
    ]
    villages = [
        Organisation(
            name=f"{s.area}红光村工作室", kind=OrgKind.VILLAGE_ROOM, area="红光村", parent=s
        )
        for s in stations
    ]
    db.session.add_all([centre, *stations, *villages])
    db.session.flush()
    return {"centre": centre, "stations": stations, "villages": villages}


def _case_builder(create_dispute, create_user, create_mediator, coordinator):
    """Return a callable: a case in mediation at a station, mediated from its own county."""

    def create(**overrides):
        dispute = create_dispute("consented", **overrides)
        station = db.session.get(Organisation, overrides["township_id"])
        assignment.assign_mediator(dispute, create_mediator(organisation=station).id, coordinator)
        for action in ("schedule", "start"):
            transition_dispute(dispute, action, {Actor.STAFF}, coordinator, None)
        for party in dispute.parties:
            party.user = create_user(Role.PARTY, name=party.name, mobile=party.mobile)
        db.session.flush()
        return dispute

    return create


@pytest.fixture
def counties(county, create_user, create_mediator, create_dispute, settle, coordinator):  # noqa: F811
    """County a (the suite's own county, under a city) and county b beside it.

    Each county has two stations with a side of records each (case, mediator, session, room,
    hand-off, agreement, visit, complaint ...), a centre coordinator and a centre admin; the
    city has its admin, and the deployment an admin with no organisation.
    """
    city = Organisation(name="资阳市司法局", kind=OrgKind.CITY, area="资阳市")
    db.session.add(city)
    db.session.flush()
    a_centre = county["centre"]
    a_centre.parent = city
    b = _county(city, "安岳县", ("岳阳镇", "石桥铺镇"))
    deployment_admin = create_user(Role.ADMIN)
    # The suite's coordinator files every side's case, so works deployment-wide while they
    # are made, then returns to county a's centre.
    coordinator.organisation = None
    case = _case_builder(create_dispute, create_user, create_mediator, coordinator)
    tools = (create_user, create_mediator, case, settle, deployment_admin)
    a_villages = county["villages"]
    sides = {
        "a1": build_side("a1", county["stations"][0], a_villages["天池镇"][0], "court", tools),
        "a2": build_side("a2", county["stations"][1], a_villages["童家镇"][0], "police", tools),
        "b1": build_side("b1", b["stations"][0], b["villages"][0], "court", tools),
        "b2": build_side("b2", b["stations"][1], b["villages"][1], "police", tools),
    }
    coordinator.organisation = a_centre
    db.session.flush()
    staff = {
        "a_coordinator": create_user(Role.COORDINATOR, a_centre),
        "a_admin": create_user(Role.ADMIN, a_centre),
        "b_coordinator": create_user(Role.COORDINATOR, b["centre"]),
        "b_admin": create_user(Role.ADMIN, b["centre"]),
        "city_admin": create_user(Role.ADMIN, city),
        "deployment_admin": deployment_admin,
    }
    return {"city": city, "a": county, "b": b, "sides": sides, **staff}
