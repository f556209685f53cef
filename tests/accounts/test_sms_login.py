"""Logging in and registering with a texted code, through the pages."""

from datetime import timedelta

from sqlalchemy import func, select

from mediation.accounts import otp
from mediation.accounts.models import LoginCode, Role, User
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from tests.accounts.conftest import NOON
from tests.factories import PASSWORD

MOBILE = "13512345678"


def other_than(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def user_with(mobile: str) -> User | None:
    return db.session.scalar(select(User).where(User.mobile == mobile))


def texts_to(mobile: str) -> int:
    messages = db.session.scalars(select(OutboxMessage)).all()
    return sum(1 for m in messages if m.payload.get("mobile") == mobile)


def test_a_new_party_registers_with_a_texted_code_and_is_logged_in(
    client, clock, send, enter, texted_code
):
    asked = send(MOBILE)
    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert 'name="code"' in page and 'name="name"' in page
    assert "验证码已发送到 13512345678，5 分钟内有效。" in page

    response = enter(MOBILE, texted_code(MOBILE), name="王芳", new="1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/disputes/new")  # no cases: the filing form
    user = user_with(MOBILE)
    assert (user.name, user.role, user.password_hash) == ("王芳", Role.PARTY, None)
    assert user.mobile_verified_at == NOON
    assert client.get("/disputes").status_code == 200


def test_the_code_is_texted_and_stored_only_as_a_keyed_hash(app, clock, send, texted_code):
    send(MOBILE)
    code = texted_code(MOBILE)
    row = db.session.scalar(select(LoginCode).where(LoginCode.mobile == MOBILE))
    assert row.code_hash == otp.hash_code(app.config["SECRET_KEY"], MOBILE, code)
    stored = [str(getattr(row, c.key)) for c in LoginCode.__table__.columns]
    assert not any(code in value for value in stored)


def test_a_code_works_until_its_minutes_are_up_and_then_has_expired(
    client, clock, send, enter, texted_code
):
    send(MOBILE)
    code = texted_code(MOBILE)
    clock.shift(timedelta(minutes=5))
    expired = enter(MOBILE, code, name="王芳", new="1")
    assert expired.status_code == 422
    assert "验证码已过期（5 分钟内有效），请重新获取。" in expired.get_data(as_text=True)
    assert user_with(MOBILE) is None
    assert client.get("/disputes").status_code == 302  # not logged in


def test_a_code_still_works_a_second_before_it_expires(clock, send, enter, texted_code):
    send(MOBILE)
    clock.shift(timedelta(minutes=5) - timedelta(seconds=1))
    assert enter(MOBILE, texted_code(MOBILE), name="王芳").status_code == 302


def test_five_wrong_tries_kill_the_code(client, clock, send, enter, texted_code):
    send(MOBILE)
    code = texted_code(MOBILE)
    for left in (4, 3, 2, 1):
        response = enter(MOBILE, other_than(code), name="王芳")
        assert response.status_code == 422
        assert f"验证码不对，还可以再试 {left} 次。" in response.get_data(as_text=True)
    fifth = enter(MOBILE, other_than(code), name="王芳")
    assert "验证码输错次数太多，已经失效，请重新获取。" in fifth.get_data(as_text=True)

    right = enter(MOBILE, code, name="王芳")
    assert right.status_code == 422
    assert "已经失效" in right.get_data(as_text=True)
    assert user_with(MOBILE) is None


def test_a_used_code_is_refused(client, clock, send, enter, texted_code, create_user):
    party = create_user(Role.PARTY, mobile=MOBILE)
    send(MOBILE)
    code = texted_code(MOBILE)
    assert enter(MOBILE, code).status_code == 302
    client.post("/logout")

    again = enter(MOBILE, code)
    assert again.status_code == 422
    assert "这个验证码已经用过了，请重新获取。" in again.get_data(as_text=True)
    assert client.get("/disputes").status_code == 302
    assert db.session.scalar(select(func.count(User.id))) == 1 and party.active


def test_a_new_code_replaces_the_old_one(clock, send, enter, texted_code):
    send(MOBILE)
    first = texted_code(MOBILE)
    clock.shift(timedelta(seconds=60))
    send(MOBILE)
    second = texted_code(MOBILE)
    if first != second:  # one draw in a million repeats; then the old code is the new one
        assert enter(MOBILE, first, name="王芳").status_code == 422
    assert enter(MOBILE, second, name="王芳").status_code == 302
    assert db.session.scalar(select(func.count(LoginCode.id))) == 1


def test_a_number_gets_one_code_a_minute(clock, send):
    assert send(MOBILE).status_code == 200
    too_soon = send(MOBILE)
    assert too_soon.status_code == 429
    assert too_soon.headers["Retry-After"] == "60"
    assert "刚刚已向这个号码发送过验证码，请等 60 秒后再获取。" in too_soon.get_data(as_text=True)
    clock.shift(timedelta(seconds=45))
    assert send(MOBILE).headers["Retry-After"] == "15"
    assert texts_to(MOBILE) == 1
    clock.shift(timedelta(seconds=15))
    assert send(MOBILE).status_code == 200
    assert texts_to(MOBILE) == 2


def test_a_number_gets_at_most_five_codes_an_hour(clock, send):
    for _ in range(5):
        assert send(MOBILE).status_code == 200
        clock.shift(timedelta(minutes=2))
    sixth = send(MOBILE)
    assert sixth.status_code == 429
    assert sixth.headers["Retry-After"] == str(50 * 60)
    assert "这个号码过去一小时内收到的验证码太多了，请 50 分钟后再获取。" in sixth.get_data(
        as_text=True
    )
    assert texts_to(MOBILE) == 5
    clock.shift(timedelta(minutes=50))
    assert send(MOBILE).status_code == 200


def test_the_limit_of_one_number_does_not_hold_back_another(clock, send):
    assert send(MOBILE).status_code == 200
    assert send("13600000000").status_code == 200


def test_one_numbers_code_does_not_open_another_number(
    clock, send, enter, texted_code, monkeypatch
):
    draws = iter([111111, 222222])
    monkeypatch.setattr(otp.secrets, "randbelow", lambda _n: next(draws))
    other = "13600000000"
    send(MOBILE)
    assert texted_code(MOBILE) == "111111"
    nothing_sent = enter(other, "111111", name="李强")
    assert "还没有向这个号码发送验证码，请先获取验证码。" in nothing_sent.get_data(as_text=True)
    send(other)
    wrong = enter(other, "111111", name="李强")
    assert "验证码不对，还可以再试 4 次。" in wrong.get_data(as_text=True)
    assert user_with(other) is None
    assert enter(other, "222222", name="李强").status_code == 302


def test_staff_keep_their_passwords_and_get_no_code(client, clock, send, enter, coordinator):
    refused = send(coordinator.mobile)
    assert refused.status_code == 422
    assert "此账号须用密码登录，不能用验证码登录。" in refused.get_data(as_text=True)
    assert texts_to(coordinator.mobile) == 0
    assert enter(coordinator.mobile, "123456").status_code == 422
    password = client.post("/login", data={"mobile": coordinator.mobile, "password": PASSWORD})
    assert password.status_code == 302


def test_a_first_code_log_in_drops_a_password_set_before_the_number_was_proved(
    client, app, clock, send, enter, texted_code, create_user, auth_header
):
    party = create_user(Role.PARTY, mobile=MOBILE)
    old_token = auth_header(party)
    elsewhere = app.test_client()  # the one who set the password, logged in on another phone
    elsewhere.post("/login", data={"mobile": MOBILE, "password": PASSWORD})
    assert elsewhere.get("/disputes").status_code == 200

    asked = send(MOBILE)
    assert 'name="name"' not in asked.get_data(as_text=True)
    assert enter(MOBILE, texted_code(MOBILE)).status_code == 302
    db.session.refresh(party)
    assert party.mobile_verified_at == NOON
    assert party.password_hash is None
    assert db.session.scalar(select(func.count(User.id))) == 1
    landing = client.get("/disputes/new").get_data(as_text=True)
    assert "您的手机号已验证。原来的密码已删除，今后请用验证码登录。" in landing

    assert elsewhere.get("/disputes").status_code == 302  # that session has ended
    assert client.get("/api/v1/disputes", headers=old_token).status_code == 401
    again = elsewhere.post("/login", data={"mobile": MOBILE, "password": PASSWORD})
    assert again.status_code == 422


def test_a_closed_account_gets_no_code(clock, send, create_user):
    closed = create_user(Role.PARTY, mobile=MOBILE, active=False)
    refused = send(closed.mobile)
    assert refused.status_code == 422
    assert "此账号不能登录" in refused.get_data(as_text=True)
    assert texts_to(MOBILE) == 0


def test_a_name_is_asked_for_only_after_a_right_code(clock, send, enter, texted_code):
    send(MOBILE)
    code = texted_code(MOBILE)
    wrong = enter(MOBILE, other_than(code), new="1")
    assert "验证码不对" in wrong.get_data(as_text=True)
    unnamed = enter(MOBILE, code, new="1")
    assert unnamed.status_code == 422
    page = unnamed.get_data(as_text=True)
    assert "请填写您的姓名以创建账号。" in page and f'value="{code}"' in page
    assert user_with(MOBILE) is None
    assert enter(MOBILE, code, name="王芳").status_code == 302  # the code still works


def test_a_malformed_code_is_refused_without_using_a_try(clock, send, enter, texted_code):
    send(MOBILE)
    malformed = enter(MOBILE, "12ab56", name="王芳")
    assert malformed.status_code == 422
    assert "请输入收到的 6 位数字验证码。" in malformed.get_data(as_text=True)
    assert db.session.scalar(select(LoginCode.tries)) == 0
    spaced = texted_code(MOBILE)
    assert enter(MOBILE, f"{spaced[:3]} {spaced[3:]}", name="王芳").status_code == 302


def test_a_bad_mobile_gets_no_code(clock, send):
    response = send("12345")
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_the_send_endpoints_limit_each_client_as_well(app):
    """Tests run with Flask-Limiter off; this checks the limits it enforces in production."""
    from flask_limiter.util import get_qualified_name

    from mediation.extensions import limiter

    for endpoint in ("accounts.send_code", "api_codes.send_code"):
        view = app.view_functions[endpoint]
        limits = limiter.limit_manager.decorated_limits(get_qualified_name(view))
        declared = {str(limit.limit) for limit in limits}
        assert declared == {"5 per 1 minute", "30 per 1 hour"}, endpoint
