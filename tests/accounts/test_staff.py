"""Staff accounts: invite by SMS, list in scope, deactivate, reset, move, change role."""

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role, User
from mediation.accounts.staff_rules import StaffProblem, change_problem
from mediation.accounts.tokens import issue_token
from mediation.core.audit import AuditEvent, events_for
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from mediation.mediators.models import Mediator
from tests.accounts.conftest import latest_code
from tests.policy.world import client_of

NEW = "13512345678"


def _texts_to(mobile: str) -> list[OutboxMessage]:
    return [
        m for m in db.session.scalars(select(OutboxMessage)) if m.payload.get("mobile") == mobile
    ]


def _actions(user_id: int) -> list[str]:
    query = select(AuditEvent.action).where(
        AuditEvent.subject_type == "user", AuditEvent.subject_id == user_id
    )
    return list(db.session.scalars(query.order_by(AuditEvent.id)))


@pytest.fixture
def admin_a(app, two_counties):
    return client_of(app, two_counties["a"]["admin"])


def _invite(client, organisation, **fields):
    data = {
        "name": "新协调员",
        "mobile": NEW,
        "role": "coordinator",
        "organisation_id": organisation.id,
        **fields,
    }
    return client.post("/admin/staff/invite", data=data)


def test_an_invite_opens_the_account_and_texts_it_once(admin_a, two_counties):
    station = two_counties["a"]["station"]
    response = _invite(admin_a, station)
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.mobile == NEW))
    assert (user.role, user.organisation_id, user.password_hash) == (
        "coordinator",
        station.id,
        None,
    )
    texts = _texts_to(NEW)
    assert len(texts) == 1
    assert "/login/code" in texts[0].payload["body"] and station.name in texts[0].payload["body"]
    assert _actions(user.id) == ["user.invited"]


def test_the_invited_staff_member_logs_in_with_a_texted_code(admin_a, client, two_counties):
    _invite(admin_a, two_counties["a"]["station"])
    assert client.post("/login/code/send", data={"mobile": NEW}).status_code == 200
    entered = client.post("/login/code", data={"mobile": NEW, "code": latest_code(NEW)})
    assert entered.status_code == 302 and entered.headers["Location"] == "/today"
    assert client.get("/assignments").status_code == 200


@pytest.mark.parametrize(
    ("fields", "field", "status"),
    [
        ({"mobile": "13600000001"}, "mobile", 409),  # taken below
        ({"mobile": "123"}, "mobile", 422),
        ({"name": ""}, "name", 422),
        ({"name": "名" * 61}, "name", 422),
        ({"role": "party"}, "role", 422),
        ({"organisation_id": "999999"}, "organisation_id", 422),
        ({"organisation_id": ""}, "organisation_id", 422),
    ],
)
def test_bad_invites_come_back_on_the_form_and_send_nothing(
    admin_a, two_counties, create_user, fields, field, status
):
    create_user(Role.PARTY, mobile="13600000001")
    before = db.session.scalar(select(func.count()).select_from(User))
    response = _invite(admin_a, two_counties["a"]["station"], **fields)
    assert response.status_code == status
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(User)) == before
    assert _texts_to(fields.get("mobile", NEW)) == []


def test_the_duplicate_mobile_message_says_what_to_do(admin_a, two_counties, create_user):
    create_user(Role.COORDINATOR, mobile=NEW)
    page = _invite(admin_a, two_counties["a"]["station"]).get_data(as_text=True)
    assert "13512345678" in page or "已有账号" in page or "exists already" in page


def test_control_characters_are_refused(admin_a, two_counties):
    assert _invite(admin_a, two_counties["a"]["station"], name="王\x07芳").status_code == 422
    assert db.session.scalar(select(User).where(User.mobile == NEW)) is None


def test_another_countys_organisation_is_not_listed_and_not_accepted(admin_a, two_counties):
    other = two_counties["b"]["station"]
    assert f'value="{other.id}"' not in admin_a.get("/admin/staff/invite").get_data(as_text=True)
    response = _invite(admin_a, other)
    assert response.status_code == 422 and 'id="organisation_id-error"' in response.get_data(
        as_text=True
    )
    assert db.session.scalar(select(User).where(User.mobile == NEW)) is None


def test_the_list_shows_ones_own_staff_filtered(admin_a, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    page = admin_a.get("/admin/staff").get_data(as_text=True)
    assert a["coordinator"].name in page and b["coordinator"].name not in page
    admins = admin_a.get("/admin/staff?role=admin").get_data(as_text=True)
    assert a["admin"].name in admins and a["coordinator"].name not in admins
    assert "data-user" not in admin_a.get("/admin/staff?active=no").get_data(as_text=True)
    assert admin_a.get("/admin/staff?role=wizard").status_code == 422


def test_another_countys_staff_answer_404_and_change_nothing(admin_a, two_counties):
    other = two_counties["b"]["coordinator"]
    assert admin_a.get(f"/admin/staff/{other.id}").status_code == 404
    assert admin_a.get("/admin/staff/999999").status_code == 404
    for verb in ("deactivate", "reactivate", "reset", "move", "role"):
        assert (
            admin_a.post(f"/admin/staff/{other.id}/{verb}", data={"role": "admin"}).status_code
            == 404
        )
    db.session.expire_all()
    assert other.active and other.role == "coordinator"
    admin_b = client_of(admin_a.application, two_counties["b"]["admin"])
    assert admin_b.get(f"/admin/staff/{other.id}").status_code == 200


def test_deactivation_ends_log_in_sessions_and_tokens(app, admin_a, two_counties, auth_header):
    coordinator = two_counties["a"]["coordinator"]
    their_page = client_of(app, coordinator)
    headers = auth_header(coordinator)
    assert their_page.get("/assignments").status_code == 200
    response = admin_a.post(f"/admin/staff/{coordinator.id}/deactivate", follow_redirects=True)
    assert "flash-message" in response.get_data(as_text=True)
    assert their_page.get("/assignments").status_code == 302  # back to the log-in page
    assert app.test_client().get("/api/v1/disputes", headers=headers).status_code == 401
    refused = app.test_client().post(
        "/login", data={"mobile": coordinator.mobile, "password": "correct-horse"}
    )
    assert refused.status_code == 422
    assert (
        app.test_client().post("/api/v1/codes", json={"mobile": coordinator.mobile}).status_code
        == 403
    )
    assert "user.deactivated" in _actions(coordinator.id)
    assert admin_a.post(f"/admin/staff/{coordinator.id}/reactivate").status_code == 302
    db.session.expire_all()
    assert coordinator.active and "user.reactivated" in _actions(coordinator.id)


def test_nobody_deactivates_themselves_or_the_last_admin(app, two_counties, create_user):
    a = two_counties["a"]
    b_admin = two_counties["b"]["admin"]
    b_admin.active = False
    db.session.flush()
    only = client_of(app, a["admin"])
    assert only.post(f"/admin/staff/{a['admin'].id}/deactivate").status_code == 409
    second = create_user(Role.ADMIN, a["centre"])
    db.session.flush()
    assert only.post(f"/admin/staff/{second.id}/deactivate").status_code == 302
    # a's admin is now the last active one: the second cannot be... (it is inactive)
    other = client_of(app, create_user(Role.ADMIN, a["centre"]))
    response = other.post(f"/admin/staff/{a['admin'].id}/role", data={"role": "coordinator"})
    assert response.status_code == 302  # another admin remains: the one acting
    db.session.expire_all()
    assert a["admin"].role == "coordinator"


def test_the_last_admin_keeps_the_role(app, two_counties):
    assert change_problem(False, Role.ADMIN, True, Role.COORDINATOR, False, 0) == (
        StaffProblem.LAST_ADMIN
    )
    assert change_problem(False, Role.ADMIN, True, None, True, 0) == StaffProblem.LAST_ADMIN
    assert change_problem(False, Role.ADMIN, True, None, True, 1) is None
    assert change_problem(True, Role.COORDINATOR, True, None, True, 3) == StaffProblem.YOURSELF
    assert change_problem(False, Role.PARTY, True, None, True, 3) == StaffProblem.NOT_STAFF
    assert change_problem(False, Role.ADMIN, False, Role.COORDINATOR, False, 0) is None


def test_a_reset_clears_the_password_and_lock_revokes_tokens_and_texts_again(
    app, admin_a, two_counties, auth_header
):
    coordinator = two_counties["a"]["coordinator"]
    coordinator.failed_logins = 5
    db.session.flush()
    headers = auth_header(coordinator)
    assert admin_a.post(f"/admin/staff/{coordinator.id}/reset").status_code == 302
    db.session.expire_all()
    assert coordinator.password_hash is None and coordinator.failed_logins == 0
    assert app.test_client().get("/api/v1/disputes", headers=headers).status_code == 401
    assert len(_texts_to(coordinator.mobile)) == 1
    assert "user.reset" in _actions(coordinator.id)


def test_moving_and_changing_role_stay_within_scope(admin_a, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    coordinator = a["coordinator"]
    moved = admin_a.post(
        f"/admin/staff/{coordinator.id}/move", data={"organisation_id": a["centre"].id}
    )
    assert moved.status_code == 302
    refused = admin_a.post(
        f"/admin/staff/{coordinator.id}/move", data={"organisation_id": b["station"].id}
    )
    assert refused.status_code == 422
    changed = admin_a.post(f"/admin/staff/{coordinator.id}/role", data={"role": "mediator"})
    assert changed.status_code == 302
    assert (
        admin_a.post(f"/admin/staff/{coordinator.id}/role", data={"role": "party"}).status_code
        == 422
    )
    db.session.expire_all()
    assert (coordinator.organisation_id, coordinator.role) == (a["centre"].id, "mediator")
    assert _actions(coordinator.id) == ["user.moved", "user.role_changed"]


def test_the_api_invites_lists_and_refuses_like_the_pages(app, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    token, _ = issue_token(a["admin"])
    headers = {"Authorization": f"Bearer {token}"}
    api = app.test_client()
    body = {"name": "调解员", "mobile": NEW, "role": "mediator", "organisation_id": a["village"].id}
    created = api.post("/api/v1/staff", json=body, headers=headers)
    assert created.status_code == 201 and created.get_json()["has_password"] is False
    assert api.post("/api/v1/staff", json=body, headers=headers).status_code == 409
    assert len(_texts_to(NEW)) == 1
    other = {**body, "mobile": "13512345679", "organisation_id": b["village"].id}
    assert api.post("/api/v1/staff", json=other, headers=headers).status_code == 422
    listed = api.get("/api/v1/staff?role=mediator", headers=headers).get_json()
    assert [p["mobile"] for p in listed] == [NEW]
    assert api.get(f"/api/v1/staff/{b['coordinator'].id}", headers=headers).status_code == 404
    assert api.post(f"/api/v1/staff/{b['admin'].id}/deactivate", headers=headers).status_code == 404
    me = api.post(f"/api/v1/staff/{a['admin'].id}/deactivate", headers=headers)
    assert me.status_code == 409 and me.get_json()["error"]["code"] == "yourself"
    user_id = created.get_json()["id"]
    patched = api.patch(
        f"/api/v1/staff/{user_id}", json={"organisation_id": a["station"].id}, headers=headers
    )
    assert patched.status_code == 200 and patched.get_json()["organisation_id"] == a["station"].id
    coordinator_token, _ = issue_token(a["coordinator"])
    assert (
        api.get(
            "/api/v1/staff", headers={"Authorization": f"Bearer {coordinator_token}"}
        ).status_code
        == 403
    )


def test_moving_a_mediators_account_moves_their_roster_record(admin_a, two_counties):
    a = two_counties["a"]
    mediator = Mediator(user=a["coordinator"], organisation=a["station"])
    a["coordinator"].role = Role.MEDIATOR
    db.session.add(mediator)
    db.session.flush()
    response = admin_a.post(
        f"/admin/staff/{a['coordinator'].id}/move", data={"organisation_id": a["village"].id}
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert mediator.organisation_id == a["village"].id == a["coordinator"].organisation_id
    assert [e.action for e in events_for("mediator", mediator.id)] == ["mediator.updated"]
