from datetime import timedelta

from itsdangerous import URLSafeTimedSerializer

from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.scheduling.links import SALT, session_link_token
from tests.factories import tamper


def test_a_party_books_through_the_case_link_in_chinese(client, assigned, free_slot):
    dispute = assigned()
    token = case_link_token(dispute.applicants[0])
    page = client.get(f"/c/{token}/book")
    assert page.status_code == 200 and 'lang="zh-CN"' in page.get_data(as_text=True)
    slot = free_slot(dispute)
    response = client.post(
        f"/c/{token}/book", data={"start": slot.start.isoformat(), "mode": "video"}
    )
    assert response.status_code == 302 and "/s/" in response.headers["Location"]
    session_page = client.get(response.headers["Location"])
    assert session_page.status_code == 200
    db.session.expire_all()
    assert dispute.state == "scheduled"


def test_a_taken_slot_reshows_the_booking_page_with_409(client, assigned, book):
    dispute = assigned()
    session = book(dispute)
    token = case_link_token(dispute.applicants[0])
    response = client.post(
        f"/c/{token}/book", data={"start": session.start_at.isoformat(), "mode": "video"}
    )
    assert response.status_code == 409


def test_a_party_cancels_through_the_session_link(client, assigned, book):
    dispute = assigned()
    session = book(dispute)
    token = session_link_token(session, dispute.respondents[0])
    refused = client.post(f"/s/{token}/cancel", data={"reason": ""})
    assert refused.status_code == 422 and session.status == "scheduled"
    done = client.post(f"/s/{token}/cancel", data={"reason": "家中有事"})
    db.session.expire_all()
    assert done.status_code == 302 and session.status == "cancelled"


def test_a_party_reschedules_through_the_session_link(client, assigned, book, free_slot):
    dispute = assigned()
    session = book(dispute)
    target = free_slot(dispute, 8)
    token = session_link_token(session, dispute.applicants[0])
    response = client.post(
        f"/s/{token}/reschedule", data={"start": target.start.isoformat(), "reason": "上班"}
    )
    db.session.expire_all()
    assert response.status_code == 302 and session.start_at == target.start


def test_a_tampered_session_link_is_404_and_an_expired_one_401(
    app, client, assigned, book, time_machine
):
    dispute = assigned()
    session = book(dispute)
    token = session_link_token(session, dispute.applicants[0])
    assert client.get(f"/s/{tamper(token)}").status_code == 404
    assert client.post(f"/s/{tamper(token)}/cancel", data={"reason": "x"}).status_code == 404
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt=SALT)
    stale = old.dumps({"s": session.id, "p": dispute.applicants[0].id})
    after_end = session.end_at + app.config["SESSION_LINK_AFTER_END"]
    time_machine.move_to(after_end + timedelta(seconds=1), tick=False)
    assert client.post(f"/s/{stale}/cancel", data={"reason": "x"}).status_code == 401
    assert session.status == "scheduled"


def test_a_link_for_another_disputes_party_is_refused(client, assigned, book):
    first, second = assigned(), assigned()
    session = book(first)
    token = session_link_token(session, second.applicants[0])
    assert client.get(f"/s/{token}").status_code == 404


def test_the_mediator_sets_weekly_hours_on_the_availability_page(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    assert client.get("/availability").status_code == 200
    form = {
        "timezone": "Asia/Shanghai",
        "weekly_0": "08:30-11:30",
        "slot_minutes": "60",
        "interval_minutes": "30",
        "buffer_before_minutes": "0",
        "buffer_after_minutes": "15",
        "min_notice_minutes": "60",
        "horizon_days": "30",
        "observe_holidays": "on",
    }
    assert client.post("/availability", data=form).status_code == 302
    bad = client.post("/availability", data=form | {"weekly_1": "下午", "slot_minutes": "0"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert 'id="weekly_1-error"' in text and 'id="slot_minutes-error"' in text
    assert (
        client.post(
            "/availability/overrides", data={"day": "2030-01-02", "windows": ""}
        ).status_code
        == 302
    )
    assert "2030-01-02" in client.get("/availability").get_data(as_text=True)


def test_the_session_page_shows_history_and_english_works(
    client, login, assigned, book, coordinator, free_slot
):
    dispute = assigned()
    session = book(dispute)
    login(coordinator)
    client.post("/lang/en", data={"next": "/"})
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Booked" in page and "Move to another time" in page
    booking = client.get(f"/disputes/{dispute.code}/book")
    assert booking.status_code == 200
