"""The mediators' fixtures, for the assignment and mediator operations of the API."""

from tests.mediators.conftest import account_for, assigned, declare_relation, outsider  # noqa: F401
