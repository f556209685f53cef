"""Booking, moving and cancelling a session end on a confirmation naming the time and its zone."""

from zoneinfo import ZoneInfo

from sqlalchemy import select

from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.scheduling.links import session_link_token
from mediation.scheduling.models import AvailabilityOverride
from tests.core.test_confirmations import shown_once


def _beijing(moment) -> str:
    return f"{moment.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m-%d %H:%M} 北京时间"


def test_a_party_booking_by_link_reads_the_time_booked(client, assigned, free_slot):
    dispute = assigned()
    token = case_link_token(dispute.applicants[0])
    slot = free_slot(dispute)
    response = client.post(
        f"/c/{token}/book", data={"start": slot.start.isoformat(), "mode": "video"}
    )
    shown_once(client, response, f"已预约：{_beijing(slot.start)}。请按时参加。")


def test_staff_booking_reads_the_time_booked(client, login, coordinator, assigned, free_slot):
    dispute = assigned()
    slot = free_slot(dispute, 2)
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/book", data={"start": slot.start.isoformat(), "mode": "video"}
    )
    shown_once(client, response, f"已预约：{_beijing(slot.start)}。请按时参加。")


def test_a_taken_slot_shows_no_confirmation(client, assigned, book):
    dispute = assigned()
    session = book(dispute)
    token = case_link_token(dispute.applicants[0])
    response = client.post(
        f"/c/{token}/book", data={"start": session.start_at.isoformat(), "mode": "video"}
    )
    assert response.status_code == 409 and "已预约：" not in response.get_data(as_text=True)


def test_moving_by_the_session_link_reads_the_new_time(client, assigned, book, free_slot):
    dispute = assigned()
    session = book(dispute)
    target = free_slot(dispute, 8)
    token = session_link_token(session, dispute.applicants[0])
    response = client.post(
        f"/s/{token}/reschedule", data={"start": target.start.isoformat(), "reason": "上班"}
    )
    shown_once(client, response, f"已改期至{_beijing(target.start)}，原时间作废。")


def test_cancelling_by_the_session_link_is_confirmed(client, assigned, book):
    dispute = assigned()
    session = book(dispute)
    when = _beijing(session.start_at)
    token = session_link_token(session, dispute.respondents[0])
    response = client.post(f"/s/{token}/cancel", data={"reason": "家中有事"})
    shown_once(client, response, f"{when}的调解会议已取消。您可以重新预约时间。")


def test_staff_cancelling_and_marking_are_confirmed(client, login, coordinator, assigned, book):
    dispute = assigned()
    first, second = book(dispute), book(dispute, 4)
    login(coordinator)
    response = client.post(f"/sessions/{first.id}/cancel", data={"reason": "调解员生病"})
    shown_once(
        client, response, f"{_beijing(first.start_at)}的调解会议已取消。您可以重新预约时间。"
    )
    response = client.post(f"/sessions/{second.id}/status", data={"status": "in_progress"})
    shown_once(client, response, "调解会议已标记为：进行中。")


def test_a_mediators_day_change_and_calendar_address_are_confirmed(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    response = client.post("/availability/overrides", data={"day": "2030-01-02", "windows": ""})
    shown_once(client, response, "2030-01-02的时间安排已保存。")
    override = db.session.scalars(select(AvailabilityOverride)).one()
    removed = client.post(f"/availability/overrides/{override.id}/delete")
    shown_once(client, removed, "当天的调整已删除，恢复按每周时间安排。")
    renewed = client.post("/calendar/feed")
    shown_once(client, renewed, "您的日历订阅地址已生成，之前的地址不再有效。")
    shown_once(client, client.post("/calendar/feed/revoke"), "日历订阅地址已停用。")
