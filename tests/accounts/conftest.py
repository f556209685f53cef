"""Fixtures for SMS-code log-in: a fixed clock and the codes the outbox would text."""

import re
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import select

from mediation.core.outbox import OutboxMessage
from mediation.extensions import db

NOON = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """Stop time at a fixed instant; `clock.shift(seconds)` moves it on."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def latest_code(mobile: str) -> str:
    """Return the code in the newest text queued to a mobile (what the party would read)."""
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc()))
    for message in messages:
        if message.payload.get("mobile") == mobile and message.payload.get("user_id") is None:
            return re.search(r"\b(\d{6})\b", message.payload["body"]).group(1)
    raise AssertionError(f"no code was texted to {mobile}")


@pytest.fixture
def texted_code():
    return latest_code


@pytest.fixture
def send(client):
    """Ask for a code for a mobile through the page, as the party's phone would."""

    def post(mobile: str):
        return client.post("/login/code/send", data={"mobile": mobile})

    return post


@pytest.fixture
def enter(client):
    """Submit a mobile and code (and any other fields) to the code log-in page."""

    def post(mobile: str, code: str, **fields):
        return client.post("/login/code", data={"mobile": mobile, "code": code, **fields})

    return post
