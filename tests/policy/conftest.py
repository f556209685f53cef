"""Fixtures for the policy tests: the video, hand-off and outcome factories; quick accounts."""

import functools

import pytest
from werkzeug.security import generate_password_hash

from mediation.accounts import models as accounts_models
from tests.handoffs.conftest import (  # noqa: F401
    court,
    court_liaison,
    create_agency,
    create_liaison,
    create_referral,
    referral_data,
)
from tests.outcomes.conftest import mediation_case, settle  # noqa: F401
from tests.policy.world import NOW
from tests.video.conftest import connect, create_room, seats, test_socketio  # noqa: F401


@pytest.fixture(autouse=True)
def _quick_passwords(monkeypatch):
    """Hash test passwords in one round: a policy world has a score of accounts."""
    monkeypatch.setattr(
        accounts_models,
        "generate_password_hash",
        functools.partial(generate_password_hash, method="pbkdf2:sha256:1"),
    )


@pytest.fixture(autouse=True)
def _fixed_instant(time_machine):
    """Every policy test runs at one fixed instant, never the wall clock's."""
    time_machine.move_to(NOW, tick=False)
