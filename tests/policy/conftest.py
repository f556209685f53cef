"""Fixtures for the policy tests: the video and hand-off factories, and the world."""

from tests.handoffs.conftest import (  # noqa: F401
    court,
    court_liaison,
    create_agency,
    create_liaison,
    create_referral,
    referral_data,
)
from tests.video.conftest import create_room, seats  # noqa: F401
