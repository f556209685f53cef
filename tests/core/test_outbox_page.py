"""The development outbox page: staff see what parties receive; nobody else, never in production."""

import secrets
from datetime import UTC, datetime

import pytest

from mediation import create_app
from mediation.accounts.models import Role
from mediation.config import ProductionConfig
from mediation.core import notify, outbox
from mediation.core.devpages import MessageState, state_of
from mediation.extensions import db

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _development(monkeypatch, app):
    monkeypatch.setitem(app.config, "DEV_OUTBOX_PAGE", True)


def _messages(create_user):
    party = create_user(name="王芳", mobile="13912345678", email="wf@example.cn")
    invitation = notify.notify(
        party, "调解会议已预约", "案件 D001\n时间：3月2日上午", ics=("REQUEST", "BEGIN:VCALENDAR")
    )
    invitation.sent_at = NOON
    notify.text_mobile("15800000000", "验证码", "您的验证码是 246810")
    failed = notify.notify(party, "提醒：调解会议", "明天上午九点")
    failed.attempts, failed.last_error = 1, "SMTPServerDisconnected: gone"
    notify.notify(party, "调解会议提醒", "已取消的提醒", dedupe_key="gone")
    outbox.cancel("gone")
    db.session.flush()
    return party


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ADMIN])
def test_staff_see_every_message_as_the_recipient_reads_it(client, login, create_user, role):
    _messages(create_user)
    login(create_user(role))
    response = client.get("/dev/outbox")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "发件箱（开发环境）" in page
    assert "王芳" in page and "短信发至 13912345678" in page and "wf@example.cn" in page
    assert "调解会议已预约" in page and "案件 D001<br>时间：3月2日上午" in page
    assert "invite.ics" in page and "您的验证码是 246810" in page
    for label in ("已发送", "等待发送", "发送失败", "已取消"):
        assert f">{label}</span>" in page
    assert "SMTPServerDisconnected: gone" in page


def test_staff_navigation_links_the_outbox_only_in_development(app, client, login, coordinator):
    login(coordinator)
    assert 'href="/dev/outbox"' in client.get("/").get_data(as_text=True)
    app.config["DEV_OUTBOX_PAGE"] = False
    assert 'href="/dev/outbox"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.PARTY, Role.MEDIATOR, Role.LIAISON])
def test_other_roles_may_not_see_the_outbox(client, login, create_user, role):
    _messages(create_user)
    login(create_user(role))
    response = client.get("/dev/outbox")
    assert response.status_code == 403
    assert "验证码" not in response.get_data(as_text=True)
    assert 'href="/dev/outbox"' not in client.get("/").get_data(as_text=True)


def test_anonymous_visitors_are_sent_to_log_in(client, create_user):
    _messages(create_user)
    response = client.get("/dev/outbox")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_with_the_flag_off_the_page_is_absent_even_for_an_admin(app, client, login, create_user):
    login(create_user(Role.ADMIN))
    app.config["DEV_OUTBOX_PAGE"] = False
    assert client.get("/dev/outbox").status_code == 404


def test_production_has_no_outbox_page(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    monkeypatch.setenv("DEV_OUTBOX_PAGE", "1")

    class Production(ProductionConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        SOCKETIO_ASYNC_MODE = "threading"
        REDIS_URL = None
        RATELIMIT_STORAGE_URI = "memory://"
        RATELIMIT_ENABLED = False

    production = create_app(Production)
    assert production.config["DEV_OUTBOX_PAGE"] is False
    assert production.test_client().get("/dev/outbox").status_code == 404


def test_a_message_is_waiting_sent_failed_or_cancelled():
    assert state_of(None, None, None) == MessageState.WAITING
    assert state_of(NOON, None, None) == MessageState.SENT
    assert state_of(NOON, None, "old failure, then sent") == MessageState.SENT
    assert state_of(None, None, "ConnectionRefusedError") == MessageState.FAILED
    assert state_of(None, NOON, None) == MessageState.CANCELLED
