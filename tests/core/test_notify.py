"""Notifications: each in its recipient's language, and visible in development."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core import notify, outbox
from mediation.extensions import db


def test_a_message_is_written_in_the_recipients_language_not_the_senders(create_user):
    chinese, english, unknown = create_user(), create_user(locale="en"), create_user(locale="fr")
    with force_locale("en"):
        rows = [
            notify.notify(u, _l("Mediation session booked"), _l("Video"))
            for u in (chinese, english, unknown)
        ]
    assert [(r.payload["subject"], r.payload["body"]) for r in rows] == [
        ("调解会议已预约", "视频"),
        ("Mediation session booked", "Video"),
        ("调解会议已预约", "视频"),
    ]


def test_choosing_a_language_while_signed_in_is_kept_for_later_messages(client, login, create_user):
    mediator = login(create_user(Role.MEDIATOR))
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    db.session.expire_all()
    assert mediator.locale == "en"
    row = notify.notify(mediator, _l("Mediation session booked"), _l("Video"))
    assert row.payload["subject"] == "Mediation session booked"


def test_choosing_a_language_signed_out_still_works(client):
    assert client.post("/lang/en", data={"next": "/"}).status_code == 302
    assert 'lang="en"' in client.get("/").get_data(as_text=True)


def test_the_log_backend_prints_each_message_as_a_readable_block_on_standard_error(
    app, capsys, create_user
):
    party = create_user(name="王芳", mobile="13912345678", email="wf@example.cn")
    notify.notify(
        party, "调解会议已预约", "案件 D001\n时间：明天上午", ics=("REQUEST", "BEGIN:VCALENDAR")
    )
    notify.text_mobile("15800000000", "验证码", "您的验证码是 123456")
    old = app.config["NOTIFY_BACKENDS"]
    app.config["NOTIFY_BACKENDS"] = ("log",)
    try:
        assert outbox.run_due("test-worker") == 2
    finally:
        app.config["NOTIFY_BACKENDS"] = old
    printed = capsys.readouterr().err
    invitation, code = printed.split("==== notification #")[1:]
    assert "SMS to 13912345678; e-mail to wf@example.cn" in invitation
    assert "王芳" in invitation and "Subject: 调解会议已预约" in invitation
    assert "案件 D001\n时间：明天上午" in invitation and "invite.ics" in invitation
    assert "SMS to 15800000000" in code and "e-mail" not in code
    assert "您的验证码是 123456" in code and "invite.ics" not in code


def test_a_coordinator_working_in_english_offers_a_case_in_the_mediators_chinese(
    create_dispute,
):
    with force_locale("en"):
        dispute = create_dispute("assigned")
    offer = db.session.scalars(
        select(outbox.OutboxMessage).where(outbox.OutboxMessage.dedupe_key.like("assignment:%"))
    ).one()
    assert offer.recipient_id == dispute.mediator.user_id
    assert offer.payload["subject"] == f"您有新案件 {dispute.display_code}"
