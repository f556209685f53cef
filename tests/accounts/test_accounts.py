from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.extensions import db
from tests.factories import PASSWORD


def test_a_party_registers_with_a_mobile_and_is_logged_in(client):
    response = client.post(
        "/register", data={"name": "王芳", "mobile": "138 1234 5678", "password": "long-enough"}
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.mobile == "13812345678"))
    assert user.role == Role.PARTY
    assert user.password_hash != "long-enough" and user.check_password("long-enough")
    assert client.get("/disputes").status_code == 200


def test_registration_refuses_bad_input_and_changes_nothing(client):
    response = client.post("/register", data={"name": "", "mobile": "123", "password": "short"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is-invalid" in page
    assert db.session.scalar(select(User)) is None


def test_a_mobile_registers_only_once(client, create_user):
    existing = create_user(Role.PARTY)
    response = client.post(
        "/register", data={"name": "另一个人", "mobile": existing.mobile, "password": "long-enough"}
    )
    assert response.status_code == 422
    assert db.session.scalars(select(User)).all() == [existing]


def test_a_wrong_password_does_not_log_in(client, create_user):
    user = create_user(Role.PARTY)
    response = client.post("/login", data={"mobile": user.mobile, "password": "nope"})
    assert response.status_code == 422
    assert client.get("/disputes").status_code == 302


def test_log_in_returns_to_the_page_asked_for_but_never_off_site(client, create_user):
    user = create_user(Role.PARTY)
    ok = client.post("/login?next=/disputes", data={"mobile": user.mobile, "password": PASSWORD})
    assert ok.headers["Location"].endswith("/disputes")
    client.post("/logout")
    evil = client.post(
        "/login?next=//evil.example", data={"mobile": user.mobile, "password": PASSWORD}
    )
    assert "evil.example" not in evil.headers["Location"]


def test_an_inactive_user_cannot_log_in(client, create_user):
    user = create_user(Role.PARTY, active=False)
    response = client.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
    assert response.status_code == 422


def test_keep_me_logged_in_logs_in_and_sets_the_remember_cookie(client, create_user):
    user = create_user(Role.PARTY)
    form = {"mobile": user.mobile, "password": PASSWORD, "remember": "on"}
    response = client.post("/login", data=form)
    assert response.status_code == 302
    assert client.get_cookie("remember_token") is not None
