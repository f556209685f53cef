"""Factory fixtures: each `create_x` returns a callable that builds an x with sensible defaults."""

import pytest

from mediation.accounts.models import Role, User
from mediation.accounts.tokens import issue_token
from mediation.core.identity import resident_id_check_char
from mediation.disputes import operations
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.mediators.models import Mediator, Studio
from mediation.organisations.models import Organisation, OrgKind

PASSWORD = "correct-horse"
# Transitions that take a dispute from submitted to each state.
PATHS = {
    "submitted": [],
    "accepted": ["accept"],
    "rejected": ["reject"],
    "awaiting_consent": ["accept", "request_consent"],
    "declined": ["accept", "request_consent", "decline"],
    "consented": ["accept", "request_consent", "consent"],
    "assigned": ["accept", "request_consent", "consent", "assign"],
    "scheduled": ["accept", "request_consent", "consent", "assign", "schedule"],
    "in_mediation": ["accept", "request_consent", "consent", "assign", "schedule", "start"],
}
PATHS["settled"] = PATHS["in_mediation"] + ["settle"]
PATHS["not_settled"] = PATHS["in_mediation"] + ["fail"]
PATHS["withdrawn"] = ["withdraw"]
PATHS["closed"] = PATHS["settled"] + ["close"]


def tamper(token: str) -> str:
    """Change one character of a signed token well inside its signature.

    Not the last ones: the final character of a base64 signature carries bits that decoding
    ignores, so changing it may leave the signature valid.
    """
    at = len(token) - 6
    return token[:at] + ("A" if token[at] != "A" else "B") + token[at + 1 :]


def valid_resident_id(serial: int) -> str:
    first17 = f"51202219800101{serial % 1000:03d}"
    return first17 + resident_id_check_char(first17)


@pytest.fixture
def county():
    """A small county: a centre, two stations with two villages each, a traffic committee."""
    centre = Organisation(name="县中心", kind=OrgKind.CENTRE, area="乐至县")
    stations = [
        Organisation(
            name=f"{town}工作站",
            kind=OrgKind.STATION,
            area=town,
            parent=centre,
            committee_name=f"{town}人民调解委员会",
        )
        for town in ("天池镇", "童家镇")
    ]
    villages = {
        s.area: [
            Organisation(name=f"{s.area}{v}工作室", kind=OrgKind.VILLAGE_ROOM, area=v, parent=s)
            for v in ("红光村", "新华村")
        ]
        for s in stations
    }
    committee = Organisation(
        name="交通调委会", kind=OrgKind.COMMITTEE, category="traffic", parent=centre
    )
    db.session.add_all([centre, *stations, committee, *sum(villages.values(), [])])
    db.session.flush()
    return {"centre": centre, "stations": stations, "villages": villages, "committee": committee}


@pytest.fixture
def create_user(unique):
    def create(role: str = Role.PARTY, organisation=None, name=None, mobile=None, **kwargs) -> User:
        n = next(unique)
        user = User(
            name=name or f"用户{n}",
            mobile=mobile or f"139{n:08d}",
            role=role,
            organisation=organisation,
            **kwargs,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        return user

    return create


@pytest.fixture
def coordinator(create_user, county):
    return create_user(Role.COORDINATOR, county["centre"], name="协调员")


@pytest.fixture
def create_mediator(create_user, county):
    def create(organisation=None, **kwargs) -> Mediator:
        org = organisation or county["stations"][0]
        user = create_user(Role.MEDIATOR, org)
        mediator = Mediator(user=user, organisation=org, **{"specialties": ["neighbour"], **kwargs})
        db.session.add(mediator)
        db.session.flush()
        return mediator

    return create


@pytest.fixture
def create_studio(create_mediator):
    def create(**kwargs) -> Studio:
        lead = create_mediator(gold_medal=True)
        studio = Studio(
            name=f"{lead.user.name}金牌调解室",
            organisation_id=lead.organisation_id,
            lead=lead,
            **kwargs,
        )
        db.session.add(studio)
        db.session.flush()
        return studio

    return create


@pytest.fixture
def dispute_payload(county, unique):
    """Return a callable building a valid filing payload, as the schema would load it."""

    def build(**overrides) -> dict:
        n = next(unique)
        payload = {
            "category": "neighbour",
            "description": "邻居修围墙占了公共通道。",
            "amount": None,
            "township_id": county["stations"][0].id,
            "village_id": county["villages"]["天池镇"][0].id,
            "preferred_language": None,
            "preferred_mediator_id": None,
            "preferred_studio_id": None,
            "applicants": [
                {"name": "王芳", "mobile": f"158{n:08d}", "resident_id": valid_resident_id(n)}
            ],
            "respondents": [{"name": "李强", "mobile": f"137{n:08d}", "resident_id": None}],
        }
        payload.update(overrides)
        return payload

    return build


@pytest.fixture
def create_dispute(dispute_payload, coordinator, create_mediator):
    """Return a callable filing a dispute and walking it to the requested state."""

    def create(state: str = "submitted", filer=None, **overrides):
        payload = dispute_payload(**overrides)
        if filer is None:
            payload.setdefault("channel", "walk_in")
        dispute, _ = operations.file_dispute(payload, filer or coordinator)
        for action in PATHS[state]:
            if action == "assign":
                assignment.assign_mediator(dispute, create_mediator().id, coordinator)
                continue
            reason = "理由" if action in ("reject", "decline", "withdraw", "fail") else None
            operations.transition_dispute(dispute, action, {Actor.STAFF}, coordinator, reason)
        return dispute

    return create


@pytest.fixture
def login(client):
    """Log the test client in as a user through the real log-in form."""

    def do(user: User):
        response = client.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return do


@pytest.fixture
def auth_header():
    def header(user: User) -> dict:
        token, _ = issue_token(user)
        return {"Authorization": f"Bearer {token}"}

    return header


@pytest.fixture
def two_counties(create_user):
    """Two counties under one city, each with a station and a village, and an admin each."""
    city = Organisation(name="遂宁市司法局", kind=OrgKind.CITY)
    sides = {}
    for key, name in (("a", "乐至县"), ("b", "安居区")):
        centre = Organisation(name=f"{name}中心", kind=OrgKind.CENTRE, area=name, parent=city)
        station = Organisation(name=f"{name}一号工作站", kind=OrgKind.STATION, parent=centre)
        village = Organisation(
            name=f"{name}红光村工作室", kind=OrgKind.VILLAGE_ROOM, parent=station
        )
        db.session.add_all([centre, station, village])
        db.session.flush()
        admin = create_user(Role.ADMIN, centre, name=f"{name}管理员")
        coordinator = create_user(Role.COORDINATOR, station, name=f"{name}协调员")
        sides[key] = {
            "centre": centre,
            "station": station,
            "village": village,
            "admin": admin,
            "coordinator": coordinator,
        }
    db.session.add(city)
    db.session.flush()
    return {"city": city, **sides}
