from datetime import timedelta

import pytest
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.audit import events_for
from mediation.core.errors import Conflict, Forbidden
from mediation.core.outbox import OutboxMessage
from mediation.disputes.access import visible_disputes
from mediation.disputes.attachments import Upload
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs import operations, results
from mediation.handoffs.models import HandOffEvent, TimelineIsAppendOnly
from mediation.handoffs.reminders import watch_handoffs
from mediation.handoffs.timeline import local_today, status_of

PDF = b"%PDF-1.4\n%%EOF\n"


def test_a_referral_files_its_dispute_through_the_referral_channel(create_referral, court_liaison):
    handoff = create_referral()
    assert handoff.status == "sent"
    assert handoff.dispute.channel == "referral"
    assert handoff.dispute.filed_by_id == court_liaison.id
    assert [e.kind for e in handoff.events] == ["sent"]
    assert events_for("handoff", handoff.id)[0].action == "handoff.sent"


def test_a_duplicate_reference_from_one_agency_points_to_the_first(create_referral):
    first = create_referral(reference="(2026)川2022民诉前调123号")
    with pytest.raises(Conflict) as caught:
        create_referral(reference="(2026)川2022民诉前调123号")
    assert caught.value.code == "duplicate_reference"
    assert caught.value.extra["existing_id"] == first.id


def test_the_same_reference_from_another_agency_is_accepted(
    create_referral, create_agency, create_liaison
):
    other = create_agency("court")
    create_referral(reference="123")
    assert create_referral(reference="123", agency=other, liaison=create_liaison(other)).id


def test_a_liaison_cannot_file_for_another_agency(create_referral, create_agency, court_liaison):
    with pytest.raises(Forbidden):
        create_referral(agency=create_agency("police"), liaison=court_liaison)


def test_sign_for_starts_the_clock_with_the_rule_for_the_type(create_referral):
    today = local_today()
    handoff = create_referral(signed_on=today, referral_type="court_entrusted_simple")
    assert handoff.status == "signed_for" and handoff.rule_days == 7
    assert handoff.due_on == today + timedelta(days=7)


def test_a_result_before_sign_for_is_refused(create_referral, coordinator):
    handoff = create_referral()
    with pytest.raises(Conflict):
        results.record_result(handoff, coordinator, "not_settled", "双方分歧大")
    assert handoff.result is None


def test_an_extension_without_both_consents_changes_nothing(create_referral, coordinator):
    handoff = create_referral(signed_on=local_today())
    due = handoff.due_on
    with pytest.raises(Conflict):
        operations.extend_clock(handoff, coordinator, 10, True, False)
    assert handoff.due_on == due and not [e for e in handoff.events if e.kind == "extended"]


def test_an_overlapping_pause_is_refused_with_409(create_referral, coordinator):
    today = local_today()
    handoff = create_referral(signed_on=today - timedelta(days=10))
    operations.pause_clock(handoff, coordinator, today - timedelta(days=8), "鉴定")
    operations.resume_clock(handoff, coordinator, today - timedelta(days=4))
    with pytest.raises(Conflict):
        operations.pause_clock(handoff, coordinator, today - timedelta(days=6), "再次鉴定")


def test_a_court_referral_runs_from_sign_for_to_settlement(
    create_referral, coordinator, court_liaison, create_mediator
):
    today = local_today()
    signed = today - timedelta(days=20)
    handoff = create_referral(signed_on=signed)
    mediator = create_mediator()
    handoff.dispute.mediator = mediator
    assert watch_handoffs()["assigned"] == 1
    operations.pause_clock(handoff, coordinator, signed + timedelta(days=5), "伤情鉴定")
    operations.resume_clock(handoff, coordinator, signed + timedelta(days=15))
    operations.extend_clock(handoff, coordinator, 10, True, True, "双方书面同意")
    assert handoff.due_on == signed + timedelta(days=30 + 10 + 10)
    assert status_of(handoff).days_left == 30
    results.record_result(
        handoff, coordinator, "settled", agreement=Upload("协议书.pdf", PDF), effective_on=today
    )
    assert handoff.confirmation_due_on == today + timedelta(days=30)
    results.acknowledge_result(handoff, court_liaison)
    kinds = [e.kind for e in handoff.events]
    assert kinds == [
        "sent",
        "signed_for",
        "assigned",
        "paused",
        "resumed",
        "extended",
        "result_sent",
        "acknowledged",
    ]
    assert handoff.status == "acknowledged"


def test_timeline_events_are_never_changed(create_referral):
    event = create_referral().events[0]
    event.kind = "received"
    with pytest.raises(TimelineIsAppendOnly):
        db.session.flush()
    db.session.rollback()


def test_a_correction_is_a_new_event_and_moves_the_due_date(create_referral, coordinator):
    today = local_today()
    handoff = create_referral(signed_on=today)
    signed = next(e for e in handoff.events if e.kind == "signed_for")
    operations.correct_date(handoff, coordinator, signed.id, today - timedelta(days=2), "录入错误")
    assert handoff.due_on == today + timedelta(days=28)
    assert db.session.get(HandOffEvent, signed.id).effective_on == today
    assert handoff.events[-1].corrects_id == signed.id


def test_reminders_move_when_the_due_date_moves(create_referral, coordinator, court_liaison):
    handoff = create_referral(signed_on=local_today())
    key = f"handoff:{handoff.id}:remind:3d:user:{court_liaison.id}"
    before = db.session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
    first_due = before.due_at
    operations.extend_clock(handoff, coordinator, 5, True, True)
    after = db.session.scalar(select(OutboxMessage).where(OutboxMessage.dedupe_key == key))
    assert after.id == before.id and after.due_at == first_due + timedelta(days=5)


def test_an_overdue_hand_off_is_flagged_once(create_referral):
    handoff = create_referral(signed_on=local_today() - timedelta(days=40))
    assert watch_handoffs()["overdue"] == 1
    assert handoff.overdue_at is not None and status_of(handoff).overdue
    assert watch_handoffs()["overdue"] == 0


def test_a_liaison_sees_the_disputes_of_their_agencys_hand_offs(
    create_referral, create_agency, create_liaison, court
):
    handoff = create_referral()
    colleague = create_liaison(court)
    stranger = create_liaison(create_agency("police"))
    assert db.session.scalar(visible_disputes(colleague).where(Dispute.id == handoff.dispute_id))
    assert not db.session.scalar(visible_disputes(stranger).where(Dispute.id == handoff.dispute_id))


def test_feedback_goes_only_to_police_and_petition(create_referral, coordinator):
    handoff = create_referral(signed_on=local_today())
    with pytest.raises(Exception) as caught:
        results.record_result(handoff, coordinator, "feedback", "已反馈")
    assert caught.value.status == 422


def test_an_outbound_dispute_is_received_by_the_agency(
    create_dispute, create_agency, create_liaison, coordinator
):
    arbitration = create_agency("arbitration")
    handoff = results.send_outbound(create_dispute(), arbitration, coordinator, "劳动争议，需仲裁")
    results.receive_outbound(handoff, create_liaison(arbitration), "乐劳仲案〔2026〕8号")
    assert handoff.status == "received" and [e.kind for e in handoff.events] == ["sent", "received"]


def test_only_the_mediation_side_signs_for(create_referral, court_liaison, create_user):
    with pytest.raises(Forbidden):
        operations.sign_for(create_referral(), court_liaison)
    with pytest.raises(Forbidden):
        operations.sign_for(create_referral(), create_user(Role.MEDIATOR))
