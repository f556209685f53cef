"""Under the production config the session and remember-me cookies are Secure, HttpOnly, Lax."""

import secrets

import pytest
from flask_login import login_user

from mediation import create_app
from mediation.accounts.models import Role, User
from mediation.extensions import db
from tests.core.test_production_config import QuietProduction
from tests.factories import PASSWORD


class CookieProduction(QuietProduction):
    WTF_CSRF_ENABLED = False


@pytest.fixture
def production_app(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    return create_app(CookieProduction)


@pytest.fixture
def production_client(production_app):
    return production_app.test_client()


def _cookie(response, name: str) -> list[str]:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith(f"{name}="):
            return [part.strip() for part in header.split(";")]
    raise AssertionError(f"no {name} cookie in {response.headers.getlist('Set-Cookie')}")


def _log_in(client, user):
    form = {"mobile": user.mobile, "password": PASSWORD}
    return client.post("/login", data=form, base_url="https://tiaojie.example.gov.cn")


def test_the_session_cookie_is_secure_httponly_and_lax_in_production(
    production_client, create_user
):
    user = create_user(Role.COORDINATOR)
    response = _log_in(production_client, user)
    assert response.status_code == 302
    attributes = _cookie(response, "session")
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes


def test_the_remember_me_cookie_is_secure_httponly_and_lax_in_production(
    production_app, create_user
):
    user = create_user(Role.COORDINATOR)

    # Flask-Login writes the cookie whenever a log-in asks to be remembered.
    @production_app.post("/_remember")
    def remember():
        login_user(db.session.get(User, user.id), remember=True)
        return "", 204

    response = production_app.test_client().post(
        "/_remember", base_url="https://tiaojie.example.gov.cn"
    )
    assert response.status_code == 204
    attributes = _cookie(response, "remember_token")
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
