"""POST /api/v1/codes and POST /api/v1/tokens with a code, as an app on the party's phone would."""

import pytest
import time_machine
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.extensions import db
from tests.accounts.conftest import NOON, latest_code
from tests.api.test_openapi import assert_matches

MOBILE = "13512345678"
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def party(name: str, mobile: str) -> dict:
    return {"name": name, "mobile": mobile, "resident_id": None}


def test_a_party_gets_a_code_and_trades_it_for_a_token(client, spec, create_dispute):
    dispute = create_dispute(respondents=[party("李强", MOBILE)])
    sent = client.post("/api/v1/codes", json={"mobile": MOBILE})
    assert sent.status_code == 202
    assert_matches(spec, "/api/v1/codes", "post", 202, sent.get_json())
    assert sent.get_json()["resend_after"] == 60
    assert sent.get_json()["account_exists"] is False

    issued = client.post("/api/v1/tokens", json={"mobile": MOBILE, "code": latest_code(MOBILE)})
    assert issued.status_code == 201
    token = issued.get_json()["token"]
    user = db.session.scalar(select(User).where(User.mobile == MOBILE))
    assert user.name == "李强" and user.mobile_verified_at == NOON
    mine = client.get("/api/v1/disputes", headers={"Authorization": f"Bearer {token}"})
    assert [d["code"] for d in mine.get_json()["items"]] == [dispute.code]


def test_api_refusals_say_why_and_are_documented(client, spec, coordinator):
    client.post("/api/v1/codes", json={"mobile": MOBILE})
    too_soon = client.post("/api/v1/codes", json={"mobile": MOBILE})
    assert too_soon.status_code == 429 and too_soon.headers["Retry-After"] == "60"
    assert_matches(spec, "/api/v1/codes", "post", 429, too_soon.get_json())

    code = latest_code(MOBILE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    refused = client.post("/api/v1/tokens", json={"mobile": MOBILE, "code": wrong, "name": "王芳"})
    assert refused.status_code == 401
    assert refused.get_json()["error"]["code"] == "wrong_code"
    assert refused.get_json()["error"]["message"] == "验证码不对，还可以再试 4 次。"
    assert_matches(spec, "/api/v1/tokens", "post", 401, refused.get_json())

    unnamed = client.post("/api/v1/tokens", json={"mobile": MOBILE, "code": code})
    assert unnamed.status_code == 422
    assert unnamed.get_json()["error"]["code"] == "name_required"
    assert db.session.scalar(select(User).where(User.mobile == MOBILE)) is None

    staff = client.post("/api/v1/codes", json={"mobile": coordinator.mobile})
    assert staff.status_code == 403
    assert staff.get_json()["error"]["code"] == "password_required"
    assert_matches(spec, "/api/v1/codes", "post", 403, staff.get_json())


def test_a_token_request_gives_the_password_or_the_code_not_both(client, create_user):
    user = create_user()
    both = client.post(
        "/api/v1/tokens", json={"mobile": user.mobile, "password": "x", "code": "123456"}
    )
    neither = client.post("/api/v1/tokens", json={"mobile": user.mobile})
    assert both.status_code == neither.status_code == 422
