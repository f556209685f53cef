from datetime import UTC

from icalendar import Calendar

from mediation.core import notify, outbox
from mediation.disputes.lifecycle import Actor
from mediation.scheduling import operations


def sent_invitations() -> list[dict]:
    outbox.run_due("test-worker")
    return [m for m in notify.SENT if "ics" in m]


def parse(text: str):
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_a_booking_sends_every_participant_a_request(assigned, book):
    dispute = assigned()
    session = book(dispute)
    invitations = sent_invitations()
    assert len(invitations) == 1 + len(dispute.parties)
    assert {m["ics"]["method"] for m in invitations} == {"REQUEST"}
    calendar, event = parse(invitations[0]["ics"]["content"])
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == session.uid
    assert int(event["SEQUENCE"]) == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("DTSTART").astimezone(UTC) == session.start_at
    assert event.decoded("DTEND").astimezone(UTC) == session.end_at
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTSTAMP").tzinfo is not None
    assert str(event["ORGANIZER"]).startswith("mailto:")
    names = {a.params["CN"] for a in event.get("ATTENDEE")}
    assert names == {dispute.mediator.name, *(p.name for p in dispute.parties)}


def test_the_invitation_carries_a_vtimezone_for_its_tzid_and_crlf_lines(assigned, book):
    book(assigned())
    text = sent_invitations()[0]["ics"]["content"]
    calendar, _ = parse(text)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")


def test_a_video_session_invitation_has_the_join_link(app, assigned, book):
    session = book(assigned())
    _, event = parse(sent_invitations()[0]["ics"]["content"])
    assert str(event["URL"]) == f"{app.config['PUBLIC_URL']}/sessions/{session.id}/join"
    assert str(event["URL"]) in str(event["DESCRIPTION"])


def test_an_in_person_invitation_names_the_room(assigned, book, create_room):
    room = create_room()
    book(assigned(), mode="in_person", room=room)
    _, event = parse(sent_invitations()[0]["ics"]["content"])
    assert room.name in str(event["LOCATION"]) and "URL" not in event


def test_reschedule_then_cancel_keep_the_uid_and_raise_the_sequence(
    assigned, book, free_slot, coordinator
):
    dispute = assigned()
    session = book(dispute)
    target = free_slot(dispute, 6)
    operations.reschedule_session(session, target.start, None, "改时间", {Actor.STAFF}, coordinator)
    operations.cancel_session(session, "双方已和解", {Actor.STAFF}, coordinator)
    # Grouped by what each invitation says, not by the order the outbox delivered them in.
    by_sequence: dict[int, list] = {}
    for message in sent_invitations():
        calendar, event = parse(message["ics"]["content"])
        by_sequence.setdefault(int(event["SEQUENCE"]), []).append((message, calendar, event))
    per_person = len(dispute.parties) + 1
    assert sorted(by_sequence) == [0, 1, 2]
    assert [len(by_sequence[n]) for n in (0, 1, 2)] == [per_person] * 3
    uid = str(by_sequence[0][0][2]["UID"])
    assert uid == session.uid
    for _message, calendar, event in by_sequence[1]:
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == uid
        assert event.decoded("DTSTART").astimezone(UTC) == target.start
    for message, calendar, event in by_sequence[2]:
        assert str(calendar["METHOD"]) == "CANCEL" and message["ics"]["method"] == "CANCEL"
        assert str(event["UID"]) == uid
        assert str(event["STATUS"]) == "CANCELLED"


def test_the_invitation_downloads_as_text_calendar(client, login, assigned, book, coordinator):
    session = book(assigned())
    login(coordinator)
    response = client.get(f"/sessions/{session.id}/invite.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; method=REQUEST; charset=UTF-8"
    _, event = parse(response.get_data(as_text=True))
    assert str(event["UID"]) == session.uid


def test_the_private_feed_lists_sessions_and_can_be_revoked(client, login, assigned, book):
    dispute = assigned()
    session = book(dispute)
    login(dispute.mediator.user)
    assert client.post("/calendar/feed").status_code == 302
    page = client.get("/calendar").get_data(as_text=True)
    url = page.split("/calendar/")[1].split('"')[0]
    feed = client.get(f"/calendar/{url}")
    assert feed.status_code == 200
    calendar = Calendar.from_ical(feed.get_data(as_text=True))
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [session.uid]
    client.post("/calendar/feed/revoke")
    assert client.get(f"/calendar/{url}").status_code == 404


def test_someone_elses_invitation_is_404(client, login, assigned, book, create_user):
    session = book(assigned())
    login(create_user())
    assert client.get(f"/sessions/{session.id}/invite.ics").status_code == 404


def _attendees(text: str) -> dict[str, str]:
    _, event = parse(text)
    return {str(a.params["CN"]): str(a) for a in event.get("ATTENDEE")}


def test_attendees_without_e_mail_are_reached_by_telephone_never_an_invented_address(
    assigned, book, create_user
):
    dispute = assigned()
    applicant, respondent = dispute.applicants[0], dispute.respondents[0]
    applicant.user = create_user(
        name=applicant.name, mobile=applicant.mobile, email="wf@example.cn"
    )
    book(dispute)
    attendees = _attendees(sent_invitations()[0]["ics"]["content"])
    mediator = dispute.mediator.user
    assert attendees == {
        mediator.name: f"tel:+86{mediator.mobile}",
        applicant.name: "mailto:wf@example.cn",
        respondent.name: f"tel:+86{respondent.mobile}",
    }


def test_a_number_already_in_international_form_is_used_as_given(app):
    from mediation.scheduling.ical import calendar_address

    assert calendar_address(None, "+85291234567") == "tel:+85291234567"
    assert calendar_address(None, "13912345678") == "tel:+8613912345678"
    assert calendar_address("a@example.cn", "13912345678") == "mailto:a@example.cn"
