"""Wrong passwords on one account, from any address, lock it for growing spells."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.accounts.throttling import LockRule
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from tests.factories import PASSWORD

NOON = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)  # 12:00 in Asia/Shanghai


def notices_to(user) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.recipient_id == user.id, OutboxMessage.kind == "notify"
            )
        )
    )


def token(client, user, password, address="10.0.0.1"):
    return client.post(
        "/api/v1/tokens",
        json={"mobile": user.mobile, "password": password},
        headers={"Accept-Language": "en"},
        environ_base={"REMOTE_ADDR": address},
    )


def test_the_rule_locks_after_five_failures_and_doubles_to_the_cap():
    rule = LockRule(after=5, first_minutes=1, max_minutes=60)
    assert [rule.lock_for(n) for n in range(1, 5)] == [None] * 4
    assert [rule.lock_for(n).total_seconds() // 60 for n in range(5, 13)] == [
        1, 2, 4, 8, 16, 32, 60, 60,
    ]  # fmt: skip
    assert rule.lock_for(10_000) == timedelta(minutes=60)
    assert rule.locks_first_time(5) and not rule.locks_first_time(6)


@time_machine.travel(NOON, tick=False)
def test_guessing_from_a_second_address_is_refused_once_locked(client, create_user):
    user = create_user(Role.PARTY)
    for n in range(4):
        assert token(client, user, f"guess-{n}", "10.0.0.1").status_code == 401
    locked = token(client, user, "guess-4", "10.0.0.2")
    assert locked.status_code == 429
    assert locked.headers["Retry-After"] == "60"
    error = locked.get_json()["error"]
    assert error["code"] == "too_many_attempts" and error["retry_after"] == 60
    assert "2026-03-02 12:01 Beijing time" in error["message"]
    # Another address still meets the lock, with any password.
    again = token(client, user, "guess-5", "10.0.0.3")
    assert again.status_code == 429


@time_machine.travel(NOON, tick=False)
def test_the_right_password_waits_for_the_lock_and_then_works(client, create_user):
    user = create_user(Role.PARTY)
    for n in range(5):
        token(client, user, f"guess-{n}")
    with time_machine.travel(NOON + timedelta(seconds=30), tick=False):
        refused = token(client, user, PASSWORD, "10.0.0.9")
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "30"
    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        assert token(client, user, PASSWORD).status_code == 201
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None


@time_machine.travel(NOON, tick=False)
def test_each_further_failure_locks_for_longer_and_the_holder_is_told_once(client, create_user):
    user = create_user(Role.PARTY, locale="en")  # the notice is written in the holder's language
    for n in range(5):
        token(client, user, f"guess-{n}")
    with time_machine.travel(NOON + timedelta(minutes=1), tick=False):
        second = token(client, user, "guess-5")
        assert second.status_code == 429 and second.headers["Retry-After"] == "120"
    with time_machine.travel(NOON + timedelta(minutes=3), tick=False):
        third = token(client, user, "guess-6")
        assert third.headers["Retry-After"] == "240"
    notices = notices_to(user)
    assert len(notices) == 1
    assert notices[0].payload["subject"] == "Your account was locked after wrong passwords"
    assert "5 times" in notices[0].payload["body"] and "12:01" in notices[0].payload["body"]


@time_machine.travel(NOON, tick=False)
def test_the_log_in_page_says_when_to_try_again(client, create_user):
    user = create_user(Role.PARTY)
    english = {"Accept-Language": "en"}
    form = {"mobile": user.mobile, "password": "wrong"}
    for _ in range(4):
        assert client.post("/login", data=form, headers=english).status_code == 422
    assert client.post("/login", data=form, headers=english).status_code == 429
    page = client.post("/login", data=form | {"password": PASSWORD}, headers=english)
    assert page.status_code == 429 and page.headers["Retry-After"] == "60"
    text = page.get_data(as_text=True)
    assert "Try again after 2026-03-02 12:01 Beijing time (in 1 min)" in text
    assert client.get("/disputes").status_code == 302  # not logged in


@time_machine.travel(NOON, tick=False)
def test_a_successful_log_in_starts_the_count_again(client, create_user):
    user = create_user(Role.PARTY)
    for _ in range(2):
        for n in range(4):
            assert token(client, user, f"guess-{n}").status_code == 401
        assert token(client, user, PASSWORD).status_code == 201
    assert notices_to(user) == []


def test_unknown_mobiles_are_refused_as_before(client):
    response = client.post("/api/v1/tokens", json={"mobile": "13900009999", "password": "x"})
    assert response.status_code == 401


@pytest.mark.parametrize("attempts", [1, 4])
def test_failures_below_the_limit_are_only_counted(client, create_user, attempts):
    user = create_user(Role.PARTY)
    for n in range(attempts):
        token(client, user, f"guess-{n}")
    db.session.refresh(user)
    assert user.failed_logins == attempts and user.locked_until is None
