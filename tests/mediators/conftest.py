import pytest

from mediation.extensions import db
from mediation.mediators.models import DeclaredRelation
from tests.accounts.conftest import clock, texted_code  # noqa: F401
from tests.disputes.conftest import prove  # noqa: F401


@pytest.fixture
def declare_relation():
    def declare(mediator, name, mobile=None, resident_id=None, kind="relative"):
        relation = DeclaredRelation(
            mediator_id=mediator.id, kind=kind, name=name, mobile=mobile, resident_id=resident_id
        )
        db.session.add(relation)
        db.session.flush()
        return relation

    return declare
