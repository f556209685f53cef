"""The "today" pages read every domain: their factories come from the domains' own."""

from tests.handoffs.conftest import (  # noqa: F401
    court,
    court_liaison,
    create_agency,
    create_liaison,
    create_referral,
    referral_data,
)
from tests.outcomes.conftest import clock, mediation_case, settle  # noqa: F401
