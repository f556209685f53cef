"""The rules of SMS codes, tested without a request or a database."""

from datetime import UTC, datetime, timedelta

from mediation.accounts import otp

T0 = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)
RULE = otp.SendRule(interval_seconds=60, per_window=5)


def test_codes_are_six_digits_from_the_secure_source(monkeypatch):
    monkeypatch.setattr(otp.secrets, "randbelow", lambda n: 42 if n == 10**6 else -1)
    assert otp.new_code() == "000042"


def test_a_hash_is_keyed_and_bound_to_its_number():
    code = "123456"
    hashed = otp.hash_code("key", "13512345678", code)
    assert len(hashed) == 64 and code not in hashed
    assert otp.code_matches("key", "13512345678", code, hashed)
    assert not otp.code_matches("key", "13600000000", code, hashed)
    assert not otp.code_matches("other-key", "13512345678", code, hashed)
    assert not otp.code_matches("key", "13512345678", "123457", hashed)


def test_a_second_code_within_the_interval_waits_the_rest_of_it():
    assert RULE.refusal(T0, T0, 1, T0 + timedelta(seconds=20)) == (otp.Wait.TOO_SOON, 40)
    assert RULE.refusal(T0, T0, 1, T0 + timedelta(seconds=60)) is None


def test_a_used_up_window_waits_until_it_ends():
    last = T0 + timedelta(minutes=40)
    assert RULE.refusal(last, T0, 5, last + timedelta(minutes=5)) == (
        otp.Wait.HOURLY_LIMIT,
        15 * 60,
    )
    assert RULE.refusal(last, T0, 5, T0 + timedelta(hours=1)) is None


def test_a_send_after_the_window_starts_a_new_one():
    assert RULE.counts_after_send(None, 0, T0) == (T0, 1)
    assert RULE.counts_after_send(T0, 3, T0 + timedelta(minutes=59)) == (T0, 4)
    later = T0 + timedelta(hours=1)
    assert RULE.counts_after_send(T0, 5, later) == (later, 1)
