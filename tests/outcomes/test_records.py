"""Mediation records: assembled from the session's own events, confirmed by code or on paper."""

import io
from datetime import timedelta

import pypdf
import pytest

from mediation.accounts.assurance import Assurance
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden
from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.outcomes import records
from mediation.outcomes.record_models import RecordConfirmation
from mediation.video import operations as video
from mediation.video import presence
from tests.video.conftest import video_session

CAUCUS_SECRET = "申请人私下说最多赔五千元"


@pytest.fixture
def held_session(clock, mediation_case):
    """A video session held at the fixed clock: the applicant joins, is admitted, goes to caucus."""
    dispute = mediation_case()
    starts = utcnow() + timedelta(minutes=5)
    session = video_session(dispute, dispute.mediator, starts, starts + timedelta(hours=1))
    room = video.open_room(
        session.id, starts, session.end_at, dispute.mediator.user, dispute.parties
    )
    seats = {s.side or s.role: s for s in room.participants}
    presence.connect_seat(seats["mediator"], "sid-m")
    clock.shift(60)
    presence.connect_seat(seats["applicant"], "sid-a")
    clock.shift(60)
    presence.move_seat(seats["mediator"], seats["applicant"].id, "joint", "admit")
    presence.record_consent(seats["applicant"], True)
    clock.shift(600)
    presence.move_seat(seats["mediator"], seats["applicant"].id, "caucus:applicant", "caucus")
    clock.shift(600)
    presence.disconnect_seat("sid-a")
    db.session.flush()
    return session


def test_the_record_is_assembled_from_the_rooms_events(held_session):
    text = records.assembled(held_session).text
    assert "王芳（申请人）：12:01到场，12:22离开" in text
    assert "李强（被申请人）：未到场" in text
    assert "12:02 王芳（申请人）被请入联合调解" in text
    assert "12:12 王芳（申请人）转入与申请人单独沟通（背靠背）" in text
    assert "王芳（申请人）：同意录音录像（12:02）" in text


def test_the_same_events_and_notes_give_the_same_text_and_hash(held_session):
    first = records.assembled(held_session)
    db.session.expire_all()
    assert records.assembled(held_session) == first


def test_joint_notes_enter_the_record_and_caucus_notes_never(held_session, coordinator):
    records.add_note(held_session, "joint", "告知当事人权利义务。", coordinator)
    before = records.assembled(held_session)
    records.add_note(held_session, "caucus:applicant", CAUCUS_SECRET, coordinator)
    after = records.assembled(held_session)
    assert "告知当事人权利义务。" in after.text
    assert CAUCUS_SECRET not in after.text
    assert after == before  # a caucus note changes neither the text nor the hash


def test_the_caucus_note_is_not_on_the_partys_page(client, held_session, coordinator):
    records.add_note(held_session, "caucus:applicant", CAUCUS_SECRET, coordinator)
    applicant = held_session.dispute.applicants[0]
    token = case_link_token(applicant)
    page = client.get(f"/c/{token}/sessions/{held_session.id}/record")
    assert page.status_code == 200
    assert CAUCUS_SECRET not in page.get_data(as_text=True)


def test_the_caucus_note_is_not_in_the_pdf(client, held_session, coordinator):
    records.add_note(held_session, "joint", "双方陈述了事实。", coordinator)
    records.add_note(held_session, "caucus:applicant", CAUCUS_SECRET, coordinator)
    token = case_link_token(held_session.dispute.applicants[0])
    response = client.get(f"/c/{token}/sessions/{held_session.id}/record.pdf")
    assert response.mimetype == "application/pdf"

    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert "人民调解记录" in text.replace(" ", "")
    assert "五千" not in text


def test_a_party_confirms_the_record_with_a_texted_code(client, held_session, confirm_link):
    applicant = held_session.dispute.applicants[0]
    token = confirm_link(applicant)
    shown = records.assembled(held_session)
    response = client.post(
        f"/c/{token}/sessions/{held_session.id}/record/confirm",
        data={"record_hash": shown.record_hash},
    )
    assert response.status_code == 302
    [confirmation] = db.session.query(RecordConfirmation).all()
    assert confirmation.party_id == applicant.id
    assert confirmation.method == "online" and confirmation.assurance == Assurance.SMS_CODE
    assert confirmation.record_hash == shown.record_hash
    assert confirmation.confirmed_at == utcnow()


def test_without_a_code_the_party_cannot_confirm(client, held_session):
    token = case_link_token(held_session.dispute.applicants[0])
    page = client.get(f"/c/{token}/sessions/{held_session.id}/record").get_data(as_text=True)
    assert "data-confirm-panel" in page and "data-confirm-record" not in page
    response = client.post(
        f"/c/{token}/sessions/{held_session.id}/record/confirm",
        data={"record_hash": records.assembled(held_session).record_hash},
    )
    assert response.status_code == 403
    assert db.session.query(RecordConfirmation).count() == 0


def test_a_confirmation_of_an_older_text_is_refused(held_session, coordinator):
    applicant = held_session.dispute.applicants[0]
    old = records.assembled(held_session).record_hash
    records.add_note(held_session, "joint", "双方同意下次再谈。", coordinator)
    with pytest.raises(Conflict):
        records.confirm_online(held_session, applicant, old, Assurance.SMS_CODE, "sms_code")


def test_changed_notes_make_a_new_version_that_needs_confirming_again(held_session, coordinator):
    applicant = held_session.dispute.applicants[0]
    first = records.assembled(held_session).record_hash
    records.confirm_online(held_session, applicant, first, Assurance.SMS_CODE, "sms_code")
    assert dict(records.confirmation_states(held_session))[applicant] is not None
    records.add_note(held_session, "joint", "补充：被申请人将于周五答复。", coordinator)
    kept = records.versions(held_session)
    assert [v.version for v in kept] == [1, 2]
    assert kept[0].record_hash == first and kept[0].confirmations[0].party_id == applicant.id
    assert dict(records.confirmation_states(held_session))[applicant] is None
    second = records.assembled(held_session).record_hash
    records.confirm_online(held_session, applicant, second, Assurance.SMS_CODE, "sms_code")
    assert dict(records.confirmation_states(held_session))[applicant].record.version == 2


def test_a_case_link_alone_is_not_enough_to_confirm(held_session):
    applicant = held_session.dispute.applicants[0]
    seen = records.assembled(held_session).record_hash
    with pytest.raises(Forbidden):
        records.confirm_online(held_session, applicant, seen, Assurance.CASE_LINK, "sms_code")


def test_staff_record_a_confirmation_on_paper(client, login, held_session, coordinator):
    respondent = held_session.dispute.respondents[0]
    login(coordinator)
    base = f"/disputes/{held_session.dispute.code}/sessions/{held_session.id}/record"
    page = client.get(base).get_data(as_text=True)
    assert "data-record-text" in page
    response = client.post(
        f"{base}/paper",
        data={
            "party_id": respondent.id,
            "record_hash": records.assembled(held_session).record_hash,
            "identification": "当面核对居民身份证",
        },
    )
    assert response.status_code == 302
    [confirmation] = db.session.query(RecordConfirmation).all()
    assert confirmation.method == "paper" and confirmation.assurance == Assurance.ID_IN_PERSON
    assert confirmation.entered_by_id == coordinator.id
    assert confirmation.identification == "当面核对居民身份证"


def test_a_paper_confirmation_needs_the_identification(client, login, held_session, coordinator):
    login(coordinator)
    base = f"/disputes/{held_session.dispute.code}/sessions/{held_session.id}/record"
    response = client.post(
        f"{base}/paper",
        data={
            "party_id": held_session.dispute.respondents[0].id,
            "record_hash": records.assembled(held_session).record_hash,
            "identification": " ",
        },
    )
    assert response.status_code == 422
    assert db.session.query(RecordConfirmation).count() == 0


def test_the_mediator_writes_notes_from_the_record_page(client, login, held_session):
    mediator = held_session.dispute.mediator.user
    login(mediator)
    base = f"/disputes/{held_session.dispute.code}/sessions/{held_session.id}/record"
    client.post(f"{base}/notes", data={"place": "joint", "body": "双方均到场陈述。"})
    client.post(f"{base}/notes", data={"place": "caucus:applicant", "body": CAUCUS_SECRET})
    page = client.get(base).get_data(as_text=True)
    record_part = page.split("data-record-text", 1)[1].split("</article>", 1)[0]
    assert "双方均到场陈述。" in record_part and CAUCUS_SECRET not in record_part
    assert CAUCUS_SECRET in page  # the mediator still sees their caucus note, apart


def test_a_party_of_another_case_gets_404(client, held_session, mediation_case):
    other = mediation_case()
    token = case_link_token(other.applicants[0])
    for path in ("record", "record.pdf"):
        assert client.get(f"/c/{token}/sessions/{held_session.id}/{path}").status_code == 404
    response = client.post(f"/c/{token}/sessions/{held_session.id}/record/confirm", data={})
    assert response.status_code == 404


def test_a_party_cannot_open_the_mediators_record_page(client, login, held_session):
    applicant = held_session.dispute.applicants[0]
    login(applicant.user)
    base = f"/disputes/{held_session.dispute.code}/sessions/{held_session.id}/record"
    assert client.get(base).status_code == 403


def test_the_mediator_records_who_came_to_a_session_in_person(client, login, clock, mediation_case):
    dispute = mediation_case()
    starts = utcnow() + timedelta(hours=1)
    session = video_session(dispute, dispute.mediator, starts, starts + timedelta(hours=1))
    session.mode = "in_person"
    db.session.flush()
    login(dispute.mediator.user)
    base = f"/disputes/{dispute.code}/sessions/{session.id}/record"
    applicant = dispute.applicants[0]
    response = client.post(
        f"{base}/attendance",
        data={"party_id": applicant.id, "arrived_at": "13:05", "left_at": "14:00"},
    )
    assert response.status_code == 302
    client.post(f"{base}/attendance", data={"name": "赵村长", "arrived_at": "13:10"})
    text = records.assembled(session).text
    assert "王芳（申请人）：13:05到场，14:00离开" in text
    assert "参加人：赵村长" in text and "地点：现场调解" in text
    bad = client.post(f"{base}/attendance", data={"party_id": applicant.id, "arrived_at": "1pm"})
    assert bad.status_code == 422


def test_the_case_page_links_each_sessions_record(client, login, held_session):
    login(held_session.dispute.mediator.user)
    page = client.get(f"/disputes/{held_session.dispute.code}").get_data(as_text=True)
    assert f'data-session-record="{held_session.id}"' in page


def test_a_hybrid_session_joins_the_rooms_events_and_those_noted_in_person(
    held_session, coordinator
):
    held_session.mode = "hybrid"
    arrived = utcnow() - timedelta(minutes=30)
    records.record_presence(held_session, None, "赵村长", arrived, None, coordinator)
    text = records.assembled(held_session).text
    assert "参加人：赵村长" in text and "王芳（申请人）：12:01到场" in text
    assert "赵村长：11:52到场" in text


# The 2010 format's 人民调解记录 (reference §3.5): header fields, then the body, then the foot.
RECORD_ITEMS = (
    "时间",
    "地点",
    "事由",
    "当事人",
    "参加人",
    "记录人",
    "出席情况",
    "调解经过",
    "调解记录",
    "以上记录经当事人阅读",
    "当事人（签名或按指印）",
    "调解员（签名）",
    "记录人（签名）",
    "人民调解委员会（印章）",
)


@pytest.mark.parametrize("item", RECORD_ITEMS)
def test_the_record_pdf_carries_each_item_of_the_format(client, held_session, item):
    token = case_link_token(held_session.dispute.applicants[0])
    response = client.get(f"/c/{token}/sessions/{held_session.id}/record.pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert item in text
