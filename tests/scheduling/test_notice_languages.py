"""Invitations and reminders speak each recipient's language, whoever made the change."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import time_machine
from flask_babel import force_locale
from icalendar import Calendar

from mediation.core import notify, outbox
from mediation.core.i18n import local_time_text
from mediation.extensions import db
from mediation.scheduling import notices
from mediation.scheduling.models import MediationSession


def _summary(message: dict) -> str:
    (event,) = Calendar.from_ical(message["ics"]["content"]).walk("VEVENT")
    return str(event["SUMMARY"])


@time_machine.travel(datetime(2026, 3, 2, 1, 0, tzinfo=UTC), tick=False)
def test_a_coordinator_working_in_english_books_and_each_person_hears_their_own_language(
    client, login, assigned, free_slot, coordinator, create_user
):
    dispute = assigned()
    applicant, respondent = dispute.applicants[0], dispute.respondents[0]
    applicant.user = create_user(name=applicant.name, mobile=applicant.mobile)  # chose nothing
    mediator = dispute.mediator.user
    mediator.locale = "en"
    mediator.timezone = "Asia/Urumqi"
    db.session.flush()
    login(coordinator)
    client.post("/lang/en", data={"next": "/"})
    slot = free_slot(dispute)
    booked = client.post(
        f"/disputes/{dispute.code}/book", data={"start": slot.start.isoformat(), "mode": "video"}
    )
    assert booked.status_code == 302
    assert "Booked" in client.get(booked.headers["Location"]).get_data(as_text=True)
    session = db.session.scalars(db.select(MediationSession)).one()

    beijing = session.start_at.astimezone(ZoneInfo("Asia/Shanghai"))
    outbox.run_due("test-worker")
    invitations = {m["mobile"]: m for m in notify.SENT if "ics" in m}
    code = dispute.display_code
    for party in (applicant, respondent):
        chinese = invitations[party.mobile]
        assert chinese["subject"] == "调解会议已预约"
        assert f"案件 {code}" in chinese["body"]
        assert f"时间：{beijing:%Y-%m-%d %H:%M} 北京时间 至 " in chinese["body"]
        assert _summary(chinese) == f"调解会议，案件 {code}"
    english = invitations[mediator.mobile]
    assert english["subject"] == "Mediation session booked"
    assert f"Case {code}" in english["body"]
    urumqi = session.start_at.astimezone(ZoneInfo("Asia/Urumqi"))
    assert f"Time: {urumqi:%Y-%m-%d %H:%M} China (Ürümqi) Time to " in english["body"]
    assert _summary(english) == f"Mediation session, case {code}"

    reminders = {}
    for row in notices.reminders_of(session):
        reminders.setdefault(row.payload["mobile"], set()).add(row.payload["subject"])
    assert reminders[applicant.mobile] == reminders[respondent.mobile] == {"提醒：调解会议"}
    assert reminders[mediator.mobile] == {"Reminder: mediation session"}


def test_an_english_reader_in_china_reads_beijing_time(app):
    moment = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    with force_locale("en"):
        assert local_time_text(moment, "Asia/Shanghai") == "2026-03-02 09:30 Beijing time"
        assert local_time_text(moment, "Europe/London") == "2026-03-02 01:30 United Kingdom Time"
    with force_locale("zh_CN"):
        assert local_time_text(moment, "Asia/Shanghai") == "2026-03-02 09:30 北京时间"
