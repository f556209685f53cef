"""Invitations and reminders speak each recipient's language, whoever made the change."""

from icalendar import Calendar

from mediation.core import notify, outbox
from mediation.extensions import db
from mediation.scheduling import notices
from mediation.scheduling.models import MediationSession


def _summary(message: dict) -> str:
    (event,) = Calendar.from_ical(message["ics"]["content"]).walk("VEVENT")
    return str(event["SUMMARY"])


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

    outbox.run_due("test-worker")
    invitations = {m["mobile"]: m for m in notify.SENT if "ics" in m}
    code = dispute.display_code
    for party in (applicant, respondent):
        chinese = invitations[party.mobile]
        assert chinese["subject"] == "调解会议已预约"
        assert f"案件 {code}" in chinese["body"] and "时间：" in chinese["body"]
        assert _summary(chinese) == f"调解会议，案件 {code}"
    english = invitations[mediator.mobile]
    assert english["subject"] == "Mediation session booked"
    assert f"Case {code}" in english["body"]
    assert f"Time: {notices.local_text(session.start_at, 'Asia/Urumqi')}" in english["body"]
    assert _summary(english) == f"Mediation session, case {code}"

    reminders = {}
    for row in notices.reminders_of(session):
        reminders.setdefault(row.payload["mobile"], set()).add(row.payload["subject"])
    assert reminders[applicant.mobile] == reminders[respondent.mobile] == {"提醒：调解会议"}
    assert reminders[mediator.mobile] == {"Reminder: mediation session"}
