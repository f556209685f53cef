from decimal import Decimal

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import events_for
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.disputes import codes, operations
from mediation.disputes.attachments import Upload
from mediation.disputes.lifecycle import Actor
from mediation.disputes.models import Attachment, Dispute
from mediation.extensions import db
from tests.disputes.test_image_limits import png_bytes

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = png_bytes(4, 3)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_filing_creates_the_case_its_parties_and_an_audit_event(dispute_payload, create_user):
    party = create_user(Role.PARTY)
    payload = dispute_payload(amount=Decimal("1250.50"))
    payload["applicants"][0]["mobile"] = party.mobile
    dispute, replayed = operations.file_dispute(payload, party)
    assert not replayed
    assert codes.is_valid(dispute.code)
    assert dispute.state == "submitted" and dispute.channel == "online"
    assert dispute.amount == Decimal("1250.50")
    assert [p.side for p in dispute.parties] == ["applicant", "respondent"]
    assert dispute.applicants[0].user_id == party.id
    assert [e.action for e in events_for("dispute", dispute.id)] == ["dispute.filed"]


def test_a_party_filing_for_someone_else_is_linked_to_the_first_applicant(
    dispute_payload, create_user
):
    party = create_user(Role.PARTY)
    dispute, _ = operations.file_dispute(dispute_payload(), party)
    assert dispute.applicants[0].user_id == party.id


def test_the_same_idempotency_key_files_once(dispute_payload, create_user):
    party = create_user(Role.PARTY)
    payload = dispute_payload()
    first, _ = operations.file_dispute(payload, party, idempotency_key="abc-1")
    again, replayed = operations.file_dispute(payload, party, idempotency_key="abc-1")
    assert replayed and again.id == first.id
    assert count(Dispute) == 1


def test_a_reused_key_with_another_body_is_refused(dispute_payload, create_user):
    party = create_user(Role.PARTY)
    operations.file_dispute(dispute_payload(), party, idempotency_key="k")
    with pytest.raises(Conflict):
        operations.file_dispute(dispute_payload(description="别的事"), party, idempotency_key="k")


def test_keys_of_different_users_do_not_collide(dispute_payload, create_user):
    payload = dispute_payload()
    a, _ = operations.file_dispute(payload, create_user(Role.PARTY), idempotency_key="same")
    b, _ = operations.file_dispute(payload, create_user(Role.PARTY), idempotency_key="same")
    assert a.id != b.id


def test_parties_can_only_file_online(dispute_payload, create_user):
    with pytest.raises(Forbidden):
        operations.file_dispute(dispute_payload(channel="hotline"), create_user(Role.PARTY))


def test_staff_must_say_how_the_dispute_came_in(dispute_payload, coordinator):
    with pytest.raises(ValidationFailed) as error:
        operations.file_dispute(dispute_payload(), coordinator)
    assert "channel" in error.value.fields
    dispute, _ = operations.file_dispute(dispute_payload(channel="hotline"), coordinator)
    assert dispute.channel == "hotline"


def test_a_village_of_another_township_is_refused(dispute_payload, county, coordinator):
    other_village = county["villages"]["童家镇"][0]
    with pytest.raises(ValidationFailed) as error:
        operations.file_dispute(
            dispute_payload(channel="walk_in", village_id=other_village.id), coordinator
        )
    assert "village_id" in error.value.fields
    assert count(Dispute) == 0


def test_an_unknown_township_is_refused(dispute_payload, county, coordinator):
    with pytest.raises(ValidationFailed):
        operations.file_dispute(
            dispute_payload(channel="walk_in", township_id=county["centre"].id), coordinator
        )


def test_a_requested_studio_must_exist(dispute_payload, coordinator, create_studio):
    studio = create_studio()
    dispute, _ = operations.file_dispute(
        dispute_payload(channel="walk_in", preferred_studio_id=studio.id), coordinator
    )
    assert dispute.preferred_studio == studio
    with pytest.raises(ValidationFailed):
        operations.file_dispute(
            dispute_payload(channel="walk_in", preferred_studio_id=99999), coordinator
        )


def test_one_person_cannot_be_on_both_sides(dispute_payload, coordinator):
    payload = dispute_payload(channel="walk_in")
    payload["respondents"][0]["mobile"] = payload["applicants"][0]["mobile"]
    with pytest.raises(ValidationFailed):
        operations.file_dispute(payload, coordinator)


def test_attachments_are_checked_by_their_bytes(dispute_payload, coordinator):
    dispute, _ = operations.file_dispute(
        dispute_payload(channel="walk_in"),
        coordinator,
        uploads=[Upload("合同.pdf", PDF), Upload("photo.png", PNG)],
    )
    assert [a.content_type for a in dispute.attachments] == ["application/pdf", "image/png"]
    with pytest.raises(ValidationFailed) as error:
        operations.add_attachment(dispute, Upload("evil.pdf", b"MZ\x90\x00 not a pdf"), coordinator)
    assert "evil.pdf" in str(error.value)
    assert count(Attachment) == 2


def test_oversized_attachments_are_refused(app, dispute_payload, coordinator):
    dispute, _ = operations.file_dispute(dispute_payload(channel="walk_in"), coordinator)
    big = PDF + b"0" * app.config["ATTACHMENT_MAX_BYTES"]
    with pytest.raises(ValidationFailed):
        operations.add_attachment(dispute, Upload("big.pdf", big), coordinator)


def test_transition_records_reason_and_moves_state(create_dispute, coordinator):
    dispute = create_dispute()
    operations.transition_dispute(
        dispute, "reject", {Actor.STAFF}, coordinator, "  不属于受理范围 "
    )
    assert dispute.state == "rejected"
    assert dispute.state_reason == "不属于受理范围"
    assert events_for("dispute", dispute.id)[-1].data["reason"] == "不属于受理范围"


def test_an_illegal_transition_is_a_conflict_and_changes_nothing(create_dispute, coordinator):
    dispute = create_dispute()
    with pytest.raises(Conflict) as error:
        operations.transition_dispute(dispute, "settle", {Actor.STAFF}, coordinator)
    assert error.value.code == "illegal_transition"
    assert dispute.state == "submitted"
    assert len(events_for("dispute", dispute.id)) == 1


def test_a_stale_version_is_refused(create_dispute, coordinator):
    dispute = create_dispute()
    seen = dispute.version
    operations.transition_dispute(dispute, "accept", {Actor.STAFF}, coordinator)
    with pytest.raises(Conflict):
        operations.transition_dispute(
            dispute, "request_consent", {Actor.STAFF}, coordinator, expected_version=seen
        )


def test_assigning_through_the_bare_transition_needs_a_mediator(create_dispute, coordinator):
    dispute = create_dispute("consented")
    with pytest.raises(ValidationFailed):
        operations.transition_dispute(dispute, "assign", {Actor.STAFF}, coordinator)
    assert dispute.state == "consented" and dispute.mediator is None
