"""The court's ruling on judicial confirmation is recorded after the application."""

from datetime import timedelta

import pytest

from mediation.core.errors import Conflict, ValidationFailed
from mediation.disputes.attachments import Upload
from mediation.extensions import db
from mediation.handoffs import results
from mediation.handoffs.timeline import local_today

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def applied(create_referral, coordinator, court_liaison):
    today = local_today()
    handoff = create_referral(signed_on=today - timedelta(days=10))
    results.record_result(
        handoff, coordinator, "settled", agreement=Upload("协议书.pdf", PDF), effective_on=today
    )
    results.record_confirmation(handoff, court_liaison, today)
    return handoff


def test_the_ruling_is_recorded_on_its_day_with_a_timeline_event(applied, court_liaison):
    today = local_today()
    results.record_confirmation_granted(applied, court_liaison, today)
    assert applied.confirmation_granted_on == today
    assert applied.events[-1].kind == "confirmation_granted"


def test_a_ruling_before_any_application_is_refused(create_referral, court_liaison):
    with pytest.raises(Conflict):
        results.record_confirmation_granted(create_referral(), court_liaison, local_today())


def test_a_ruling_before_the_application_day_is_refused(applied, court_liaison):
    with pytest.raises(ValidationFailed):
        results.record_confirmation_granted(
            applied, court_liaison, local_today() - timedelta(days=1)
        )
    assert applied.confirmation_granted_on is None


def test_the_ruling_is_recorded_from_the_hand_off_page(client, login, applied, court_liaison):
    login(court_liaison)
    day = local_today().isoformat()
    response = client.post(f"/handoffs/{applied.id}/confirmation_granted", data={"granted_on": day})
    assert response.status_code == 302
    db.session.refresh(applied)
    assert applied.confirmation_granted_on == local_today()
