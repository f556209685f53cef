"""Factories joining the domains: sessions with a video room and its attendance."""

import itertools
from datetime import timedelta

import pytest

from mediation.core.db import utcnow
from mediation.extensions import db
from mediation.outcomes import agreements
from mediation.scheduling.models import MediationSession
from mediation.video import operations as video
from mediation.video.models import AttendanceEvent

_uids = itertools.count(1)


@pytest.fixture
def create_session():
    """Return a callable booking a completed session of a dispute, a day ago by default."""

    def create(dispute, mode="video", days_ago=1, status="completed"):
        start = utcnow() - timedelta(days=days_ago)
        session = MediationSession(
            uid=f"integration-{next(_uids)}-{dispute.id}@test",
            dispute_id=dispute.id,
            mediator_id=dispute.mediator_id,
            start_at=start,
            end_at=start + timedelta(hours=1),
            mode=mode,
            status=status,
        )
        db.session.add(session)
        db.session.flush()
        return session

    return create


@pytest.fixture
def video_room():
    """Return a callable opening a session's room; `joined` are the parties who came."""

    def create(session, joined=()):
        dispute = session.dispute
        room = video.open_room(
            session.id, session.start_at, session.end_at, dispute.mediator.user, dispute.parties
        )
        for seat in room.participants:
            if seat.party_id in {p.id for p in joined}:
                db.session.add(
                    AttendanceEvent(
                        room_id=room.id, participant_id=seat.id, kind="join", at=session.start_at
                    )
                )
        db.session.flush()
        return room

    return create


@pytest.fixture
def sign_all():
    def sign(dispute):
        agreement = agreements.agreement_for(dispute)
        for party in dispute.parties:
            sign_online(agreement, party.user, None)
        sign_online(agreement, dispute.mediator.user, None)
        return agreement

    return sign


# The hand-off and outcome factories, shared with this package.
from tests.handoffs.conftest import (  # noqa: E402, F401
    court,
    court_liaison,
    create_agency,
    create_liaison,
    create_referral,
    referral_data,
)
from tests.outcomes.conftest import (  # noqa: E402, F401
    mediation_case,
    settle,
    settled_case,
    sign_online,
)


@pytest.fixture
def referral_in_mediation(create_referral, create_mediator, create_user):  # noqa: F811
    """Return a callable: a court referral signed for a week ago, its dispute in mediation."""
    from mediation.accounts.models import Role
    from mediation.handoffs.timeline import local_today

    def create(agency=None, liaison=None):
        kwargs = {"agency": agency, "liaison": liaison} if agency else {}
        handoff = create_referral(signed_on=local_today() - timedelta(days=7), **kwargs)
        dispute = handoff.dispute
        dispute.mediator = create_mediator()
        dispute.state = "in_mediation"
        for party in dispute.parties:
            party.user = create_user(Role.PARTY, name=party.name, mobile=party.mobile)
        db.session.flush()
        return handoff

    return create
