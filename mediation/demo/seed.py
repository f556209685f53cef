"""Build the demo county through the same operations the application uses."""

import importlib
import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from mediation.accounts.models import Role, User
from mediation.core.db import utcnow
from mediation.core.identity import resident_id_check_char
from mediation.demo import data
from mediation.disputes import acts, codes, operations
from mediation.disputes.categories import CATEGORIES, LANGUAGES, STAFF_CHANNELS
from mediation.disputes.lifecycle import Actor
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators import assignment
from mediation.mediators.models import Mediator, Studio
from mediation.organisations.models import Organisation, OrgKind

DEMO_PASSWORD = "demo1234"  # noqa: S105 (printed for the demo on purpose)
FULL_TIME = 100
PART_TIME_PER_VILLAGE = 2
GOLD_MEDAL = 10
PARTY_USERS = 300
DISPUTES = 600
HAPPY_PATH = ("accept", "request_consent", "consent", "assign", "schedule", "start")
# Where the demo's disputes stand, as (final state, share); the rest follow the happy path.
OUTCOMES = (
    ("submitted", 5),
    ("accepted", 3),
    ("rejected", 2),
    ("awaiting_consent", 5),
    ("declined", 3),
    ("consented", 3),
    ("assigned", 6),
    ("scheduled", 5),
    ("in_mediation", 4),
    ("settled", 8),
    ("not_settled", 3),
    ("withdrawn", 3),
    ("stopped", 2),
    ("closed", 48),
)
# Later steps each domain adds to the demo county: "module:function", called with the Seeder.
DEMO_STEPS: tuple[str, ...] = (
    "mediation.mediators.demo:seed",
    "mediation.scheduling.demo:seed",
    "mediation.demo.day:sessions",
    "mediation.video.demo:seed",
    "mediation.handoffs.demo:seed",
    "mediation.outcomes.demo:seed",
    "mediation.demo.day:agreement",
    "mediation.reports.demo:seed",
)
DEMO_LOGINS = (
    ("admin", "13900000001"),
    ("coordinator", "13900000002"),
    ("coordinator", "13900000003"),
    ("mediator", "13700000000"),
    ("liaison", "13900000050"),
    ("party", "15800000000"),
)


class Seeder:
    def __init__(self, seed: int = 2020, disputes: int = DISPUTES):
        self.dispute_count = disputes
        self.rng = random.Random(seed)
        self.password_hash = generate_password_hash(DEMO_PASSWORD)
        self.now = utcnow().replace(minute=0, second=0, microsecond=0)

    def name(self) -> str:
        given = "".join(self.rng.choice(data.GIVEN) for _ in range(self.rng.choice((1, 2))))
        return self.rng.choice(data.SURNAMES) + given

    def resident_id(self) -> str:
        birth = f"{self.rng.randint(1950, 2000)}{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}"
        first17 = data.REGION_CODE + birth + f"{self.rng.randint(0, 999):03d}"
        return first17 + resident_id_check_char(first17)

    def user(self, name: str, mobile: str, role: Role, org: Organisation | None = None) -> User:
        user = User(name=name, mobile=mobile, role=role, organisation=org)
        user.password_hash = self.password_hash
        db.session.add(user)
        return user

    def organisations(self) -> None:
        self.centre = Organisation(name=data.CENTRE, kind=OrgKind.CENTRE, area=data.COUNTY)
        db.session.add(self.centre)
        self.stations, self.villages = [], {}
        for town in data.TOWNSHIPS:
            station = Organisation(
                name=f"{town}人民调解工作站",
                kind=OrgKind.STATION,
                area=town,
                parent=self.centre,
                committee_name=f"{town}人民调解委员会",
            )
            self.stations.append(station)
            db.session.add(station)
            stems = self.rng.sample(data.VILLAGE_STEMS, data.VILLAGES_PER_TOWNSHIP)
            self.villages[town] = [
                Organisation(
                    name=f"{town}{stem}村人民调解工作室",
                    kind=OrgKind.VILLAGE_ROOM,
                    area=f"{stem}村",
                    parent=station,
                    committee_name=f"{town}{stem}村人民调解委员会",
                )
                for stem in stems
            ]
            db.session.add_all(self.villages[town])
        self.committees = [
            Organisation(name=name, kind=OrgKind.COMMITTEE, category=category, parent=self.centre)
            for name, category in data.COMMITTEES
        ]
        db.session.add_all(self.committees)
        db.session.flush()

    def staff(self) -> None:
        # The system administrator runs the whole deployment, so belongs to no organisation.
        self.user("系统管理员", "13900000001", Role.ADMIN, None)
        self.coordinator = self.user("张敏", "13900000002", Role.COORDINATOR, self.centre)
        for index, station in enumerate(self.stations):
            self.user(self.name(), f"{13900000003 + index}", Role.COORDINATOR, station)
        self.user("法院联络员 李清", "13900000050", Role.LIAISON)

    def mediators(self) -> None:
        homes = [self.centre] * 22
        for station in self.stations:
            homes += [station] * 3
        for committee in self.committees:
            homes += [committee] * 3
        self.by_org: dict[int, list[Mediator]] = {}
        mobile = 13700000000
        for index, org in enumerate(homes[:FULL_TIME]):
            self._mediator(org, f"{mobile + index}", full_time=True, gold=index < GOLD_MEDAL)
        mobile += FULL_TIME
        for town in data.TOWNSHIPS:
            for village in self.villages[town]:
                for _ in range(PART_TIME_PER_VILLAGE):
                    self._mediator(village, f"{mobile}", full_time=False, gold=False)
                    mobile += 1
        db.session.flush()
        for mediator in self.all_mediators[:GOLD_MEDAL]:
            db.session.add(
                Studio(
                    name=f"{mediator.user.name}金牌调解室",
                    organisation_id=mediator.organisation_id,
                    lead=mediator,
                    specialties=mediator.specialties,
                    stars=5 if mediator.id % 2 else 4,
                )
            )
        db.session.flush()

    def _mediator(self, org: Organisation, mobile: str, full_time: bool, gold: bool) -> None:
        specialties = (
            [org.category]
            if org.category
            else self.rng.sample(list(CATEGORIES), self.rng.randint(2, 4))
        )
        languages = ["putonghua", "sichuanese"] if self.rng.random() < 0.8 else ["sichuanese"]
        mediator = Mediator(
            user=self.user(self.name(), mobile, Role.MEDIATOR, org),
            organisation=org,
            full_time=full_time,
            gold_medal=gold,
            specialties=specialties,
            languages=languages,
            capacity=15 if full_time else 5,
        )
        db.session.add(mediator)
        self.all_mediators = getattr(self, "all_mediators", []) + [mediator]
        self.by_org.setdefault(id(org), []).append(mediator)

    def parties(self) -> None:
        self.party_users = [
            self.user(self.name(), f"{15800000000 + i}", Role.PARTY) for i in range(PARTY_USERS)
        ]
        db.session.flush()

    def _person(self, user: User | None = None) -> dict:
        if user is not None:
            return {"name": user.name, "mobile": user.mobile, "resident_id": self.resident_id()}
        return {
            "name": self.name(),
            "mobile": f"1{self.rng.choice('3589')}{self.rng.randint(0, 999999999):09d}",
            "resident_id": self.resident_id() if self.rng.random() < 0.6 else None,
        }

    def _code(self) -> str:
        return codes.new_code(randbelow=self.rng.randrange)

    def disputes(self) -> None:
        outcomes = [state for state, share in OUTCOMES for _ in range(share)]
        for index in range(self.dispute_count):
            category = list(CATEGORIES)[index % len(CATEGORIES)]
            station = self.rng.choice(self.stations)
            village = self.rng.choice(self.villages[station.area])
            online = self.rng.random() < 0.4 or index == 0
            filer = self.party_users[index % PARTY_USERS] if online else self.coordinator
            applicant = self._person(filer if online else None)
            payload = {
                "category": category,
                "channel": None if online else self.rng.choice(STAFF_CHANNELS),
                "description": data.DESCRIPTIONS[category],
                "amount": Decimal(self.rng.randint(0, 20000) * 10) / Decimal(1)
                if self.rng.random() < 0.7
                else None,
                "township_id": station.id,
                "village_id": village.id,
                "preferred_language": self.rng.choice([None, *LANGUAGES])
                if index % 5 == 0
                else None,
                "applicants": [applicant],
                "respondents": [
                    self._person(
                        self.party_users[(index * 7 + 3) % PARTY_USERS] if index % 9 == 0 else None
                    )
                ],
            }
            dispute, _ = operations.file_dispute(payload, filer, new_code=self._code)
            if index % 9 == 0:
                dispute.respondents[0].user = self.party_users[(index * 7 + 3) % PARTY_USERS]
            dispute.filed_at = self.now - timedelta(
                days=self.rng.randint(0, 364), hours=self.rng.randint(0, 23)
            )
            self._walk(dispute, outcomes[index % len(outcomes)], station, village)

    def _candidate(
        self, dispute: Dispute, station: Organisation, village: Organisation
    ) -> Mediator:
        committee = next((c for c in self.committees if c.category == dispute.category), None)
        pool = self.by_org.get(id(committee), []) if committee else []
        pool = pool or self.by_org.get(id(station), []) + self.by_org.get(id(village), [])
        return self.rng.choice(pool or self.all_mediators)

    def _walk(
        self, dispute: Dispute, target: str, station: Organisation, village: Organisation
    ) -> None:
        if target == "rejected":
            steps = [("reject", "不属于人民调解受理范围，已告知向有关部门反映。")]
        elif target == "declined":
            steps = [(a, None) for a in HAPPY_PATH[:2]] + [("decline", "被申请人表示不愿调解。")]
        elif target == "withdrawn":
            cut = self.rng.randint(0, len(HAPPY_PATH))
            steps = [(a, None) for a in HAPPY_PATH[:cut]] + [("withdraw", "双方已自行和解。")]
        elif target == "stopped":
            # A party asks to stop part-way (art. 23), entered at the station after a call.
            cut = self.rng.randint(1, len(HAPPY_PATH))
            steps = [(a, None) for a in HAPPY_PATH[:cut]] + [("stop", "被申请人来电要求终止调解。")]
        else:
            order = [
                "submitted",
                "accepted",
                "awaiting_consent",
                "consented",
                "assigned",
                "scheduled",
                "in_mediation",
            ]
            if target in order:
                steps = [(a, None) for a in HAPPY_PATH[: order.index(target)]]
            else:
                ending = "fail" if target == "not_settled" or self.rng.random() < 0.1 else "settle"
                reason = "双方分歧较大，未能达成协议。" if ending == "fail" else None
                steps = [(a, None) for a in HAPPY_PATH] + [(ending, reason)]
                if target == "closed":
                    steps.append(("close", None))
        actors = {Actor.STAFF}
        for action, reason in steps:
            if action == "stop":
                party = dispute.respondents[0]
                acting = acts.entered_by_staff(dispute, self.coordinator, party.id, "phone_call")
                acts.perform_lifecycle_act(dispute, acting, action, reason)
            elif action == "assign":
                mediator = self._candidate(dispute, station, village)
                assignment.assign_mediator(dispute, mediator.id, self.coordinator, reason)
            else:
                operations.transition_dispute(dispute, action, actors, self.coordinator, reason)

    def run(self) -> None:
        self.organisations()
        self.staff()
        self.mediators()
        self.parties()
        self.disputes()
        for target in DEMO_STEPS:
            module, attribute = target.split(":")
            getattr(importlib.import_module(module), attribute)(self)
        db.session.flush()


def database_is_empty() -> bool:
    return db.session.scalar(select(Organisation.id).limit(1)) is None


def seed_demo(seed: int = 2020) -> None:
    """Fill an empty database with the demo county; the caller commits."""
    Seeder(seed).run()
