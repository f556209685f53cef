"""Booking sessions the way scheduling does, for the sessions on a party's case page."""

import pytest

from tests.accounts.conftest import clock, latest_code, texted_code  # noqa: E402, F401
from tests.scheduling.conftest import _clear_sent, assigned, book, free_slot  # noqa: F401


@pytest.fixture
def prove(client):
    """Confirm a party's mobile from their case link with the texted code, as their phone would."""

    def do(token: str, mobile: str):
        client.post(f"/c/{token}/confirm/send")
        response = client.post(f"/c/{token}/confirm", data={"code": latest_code(mobile)})
        assert response.status_code == 303

    return do
