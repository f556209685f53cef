"""Odd input is refused with a clear 4xx and stores nothing: deep JSON, lone surrogates, NUL
bytes, text made only of invisible characters."""

import json

import pytest
from marshmallow import Schema, ValidationError
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.schemas import text
from mediation.disputes.models import Dispute
from mediation.extensions import db
from tests.disputes.test_pages import form_for


def disputes_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Dispute))


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_too_deeply_is_400(client, create_user, auth_header, depth):
    headers = auth_header(create_user(Role.PARTY)) | {
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    body = '{"category": ' + nested(depth) + "}"
    for _ in range(2):
        response = client.post("/api/v1/disputes", data=body, headers=headers)
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "invalid_json" and "deep" in error["message"]
    assert disputes_count() == 0


def test_json_of_ordinary_depth_still_goes_through(client, create_user):
    user = create_user(Role.PARTY)
    body = json.dumps({"mobile": user.mobile, "password": "wrong", "x": [[[[[[[[[[1]]]]]]]]]]})
    response = client.post("/api/v1/tokens", data=body, content_type="application/json")
    assert response.status_code == 422  # the unknown field, not the depth


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\udc00x\\ud83d"])
def test_a_lone_surrogate_in_json_is_400(client, create_user, auth_header, dispute_payload, escape):
    headers = auth_header(create_user(Role.PARTY)) | {
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    body = json.dumps(dispute_payload(description="邻居占道"), ensure_ascii=False).replace(
        "邻居占道", escape
    )
    for _ in range(2):
        response = client.post("/api/v1/disputes", data=body, headers=headers)
        assert response.status_code == 400
        error = response.get_json()["error"]
        assert error["code"] == "invalid_json" and "surrogate" in error["message"]
    assert disputes_count() == 0


def test_a_surrogate_pair_is_an_ordinary_character(
    client, create_user, auth_header, dispute_payload
):
    headers = auth_header(create_user(Role.PARTY)) | {
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    body = json.dumps(dispute_payload(description="邻居占道 \U0001f600"))
    assert "\\ud83d\\ude00" in body
    assert client.post("/api/v1/disputes", data=body, headers=headers).status_code == 201


def test_json_that_is_not_utf8_is_400(client, create_user, auth_header):
    headers = auth_header(create_user(Role.PARTY)) | {
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    response = client.post("/api/v1/disputes", data=b'{"category": "\xff"}', headers=headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


HIDDEN = {
    "nul": "邻居\x00占道",
    "control": "邻居\x07占道",
    "zero width only": "\u200b\u200c\u200d\ufeff",
    "fillers only": "\u3164\u2800 \u115f",
    "bidi marks only": "\u202e\u2066 \u200e",
}


@pytest.mark.parametrize("value", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_text_in_json_is_422_with_the_field(
    client, create_user, auth_header, dispute_payload, value
):
    headers = auth_header(create_user(Role.PARTY))
    payload = dispute_payload()
    payload["respondents"][0]["name"] = value
    response = client.post("/api/v1/disputes", json=payload, headers=headers)
    assert response.status_code == 422
    assert list(response.get_json()["error"]["fields"]) == ["respondents.0.name"]
    assert disputes_count() == 0


@pytest.mark.parametrize("value", HIDDEN.values(), ids=HIDDEN.keys())
def test_hidden_text_in_a_form_is_422_and_files_nothing(client, county, value):
    response = client.post("/disputes/new", data=form_for(county, description=value))
    assert response.status_code == 422
    assert disputes_count() == 0


def test_hidden_text_in_a_form_field_read_outside_a_schema_is_422(client):
    response = client.post("/lang/en", data={"next": "/disputes\x00"})
    assert response.status_code == 422


def test_hidden_text_in_the_query_string_is_422(client, login, coordinator):
    login(coordinator)
    response = client.get("/disputes/lookup", query_string={"code": "\u200b\u200b"})
    assert response.status_code == 422


@pytest.mark.parametrize("value", HIDDEN.values(), ids=HIDDEN.keys())
def test_every_text_field_of_every_schema_refuses_hidden_text(value):
    class Note(Schema):
        body = text(200)

    with pytest.raises(ValidationError) as refused:
        Note().load({"body": value})
    assert list(refused.value.messages) == ["body"]


@pytest.mark.parametrize(
    "value", ["王芳", "Zoë\u0301", "👨‍👩‍👧 一家", "行一\t行二\r\n行三", "\u200b王芳"]
)
def test_ordinary_text_with_joiners_and_line_breaks_is_kept(value):
    class Note(Schema):
        body = text(200)

    assert Note().load({"body": value})["body"] == value.strip()
