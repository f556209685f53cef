"""Booking sessions the way scheduling does, for the sessions on a party's case page."""

from tests.scheduling.conftest import _clear_sent, assigned, book, free_slot  # noqa: F401
