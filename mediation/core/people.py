"""Who the shared mechanisms deal with: the roles a person holds, and what a person offers.

The accounts domain owns the users; the policy, the notifier and the role checks here need only
a person's role and how to reach them, so they take anything shaped like `Person`
(accounts.models.User is one) and import no domain.
"""

from enum import StrEnum
from typing import Protocol


class Role(StrEnum):
    PARTY = "party"
    MEDIATOR = "mediator"
    COORDINATOR = "coordinator"
    LIAISON = "liaison"
    ADMIN = "admin"


STAFF_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})


class Person(Protocol):
    """A signed-in user as the shared mechanisms see one."""

    id: int
    name: str
    role: str
    mobile: str
    email: str | None
    locale: str | None
