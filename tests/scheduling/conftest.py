"""Factories for scheduling: a dispute ready to book, its first free slot, rooms."""

import pytest

from mediation.core import notify
from mediation.extensions import db
from mediation.scheduling import operations
from mediation.scheduling.models import Room


@pytest.fixture(autouse=True)
def _clear_sent():
    notify.SENT.clear()


@pytest.fixture
def assigned(create_dispute):
    """Return a callable giving a dispute in state "assigned", with its mediator."""

    def create(**overrides):
        return create_dispute("assigned", **overrides)

    return create


@pytest.fixture
def free_slot():
    """Return a callable giving the n-th free slot of a dispute's mediator."""

    def pick(dispute, n: int = 0, room_id=None):
        return operations.free_slots_for(dispute, room_id)[n]

    return pick


@pytest.fixture
def create_room(county):
    def create(organisation=None, name="第一调解室"):
        room = Room(organisation=organisation or county["stations"][0], name=name)
        db.session.add(room)
        db.session.flush()
        return room

    return create


@pytest.fixture
def book(coordinator, free_slot):
    """Return a callable booking a video session as the coordinator at the n-th free slot."""
    from mediation.disputes.lifecycle import Actor

    def do(dispute, n: int = 0, mode="video", room=None, now=None):
        slot = free_slot(dispute, n, room.id if room else None)
        return operations.book_session(
            dispute,
            slot.start,
            slot.end,
            mode,
            room.id if room else None,
            {Actor.STAFF},
            coordinator,
            now=now,
        )

    return do
