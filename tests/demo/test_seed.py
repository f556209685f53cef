import re

import pytest
import time_machine
from sqlalchemy import func, select

from mediation.accounts.models import Role, User
from mediation.core.audit import first_broken_event
from mediation.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, Seeder
from mediation.disputes.categories import CATEGORIES, STATES
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.mediators.models import Mediator, Studio
from mediation.organisations.models import Organisation
from tests.suite_clock import suite_start


def count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery()))


def the_demo_mediators_day(client) -> str:
    """The demo mediator's "today" page, as they see it after logging in."""
    client.post("/login", data={"mobile": "13700000000", "password": DEMO_PASSWORD})
    return client.get("/today").get_data(as_text=True)


def group_count(page: str, key: str) -> int:
    start = page.index(f'data-group="{key}"')
    return int(re.search(r'today-count"[^>]*>(\d+)<', page[start:]).group(1))


@pytest.mark.slow
def test_the_demo_county_is_complete(runner, client):
    # Slow, so the suite's clock leaves it alone; it starts no server, so it pins its own: seeded
    # late in the evening, "later today" is tomorrow and the mediator's day has no session.
    with time_machine.travel(suite_start(), tick=True):
        the_demo_county_is_complete(runner, client)


def the_demo_county_is_complete(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    # The demo mediator's day is full on first start: offers, sessions today with an open
    # room, an agreement to sign.
    day = the_demo_mediators_day(client)
    assert group_count(day, "offers") >= 2 and group_count(day, "to_sign") >= 1
    assert group_count(day, "sessions_today") >= 1 and "/video/rooms/" in day
    kinds = dict(
        db.session.execute(
            select(Organisation.kind, func.count()).group_by(Organisation.kind)
        ).all()
    )
    assert kinds == {"centre": 1, "station": 21, "village_room": 315, "committee": 5}
    assert count(select(Mediator).where(Mediator.full_time)) == 100
    assert count(select(Mediator).where(~Mediator.full_time)) >= 600
    assert count(select(Mediator).where(Mediator.gold_medal)) == 10
    assert count(select(Studio)) == 10
    assert set(db.session.scalars(select(Dispute.category).distinct())) == set(CATEGORIES)
    assert set(db.session.scalars(select(Dispute.state).distinct())) == set(STATES)
    for role, mobile in DEMO_LOGINS:
        user = db.session.scalar(select(User).where(User.mobile == mobile))
        assert user is not None and user.role == role
    demo_party = db.session.scalar(select(User).where(User.mobile == "15800000000"))
    assert demo_party.role == Role.PARTY
    assert first_broken_event() is None
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert again.exit_code == 0 and "leaving it" in again.output
    assert runner.invoke(args=["seed-demo"]).exit_code != 0


def test_the_same_seed_builds_the_same_county():
    def build() -> list[tuple]:
        seeder = Seeder(7, disputes=12)
        seeder.run()
        rows = db.session.execute(
            select(Dispute.code, Dispute.category, Dispute.state)
            .where(Dispute.filed_by_id.not_in(select(User.id).where(User.role == Role.LIAISON)))
            .order_by(Dispute.id)
        ).all()
        db.session.rollback()
        return [tuple(r) for r in rows]

    first = build()
    assert len(first) == 12
    assert build() == first
