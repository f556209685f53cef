"""ICE configuration: TURN credentials that expire as configured, the transport policy, and
the warnings an administrator gets when calls would have no STUN/TURN."""

import base64
import hashlib
import hmac
import logging
import secrets

import pytest

from mediation import create_app
from mediation.accounts.models import Role
from mediation.config import TestConfig
from mediation.core.db import utcnow
from mediation.video.ice import IceGap, ice_gap, ice_servers, transport_policy, turn_credentials
from tests.core.test_production_config import QuietProduction
from tests.video.conftest import events

NOW = 1_780_000_000.0
TURN = {"TURN_URLS": ("turn:127.0.0.1:3478",), "TURN_SECRET": "s3cret", "TURN_TTL": 600}


def test_turn_credentials_expire_ttl_seconds_from_now():
    username, credential = turn_credentials("s3cret", "42", 600, now=NOW)
    assert username == f"{int(NOW) + 600}:42"
    digest = hmac.new(b"s3cret", username.encode(), hashlib.sha1).digest()
    assert credential == base64.b64encode(digest).decode()


@pytest.mark.parametrize("ttl", [60, 3600, 6 * 3600])
def test_ice_servers_give_turn_credentials_lasting_turn_ttl(ttl):
    servers = ice_servers({**TURN, "TURN_TTL": ttl}, 7, now=NOW)
    assert servers == [
        {
            "urls": ["turn:127.0.0.1:3478"],
            "username": f"{int(NOW) + ttl}:7",
            "credential": turn_credentials("s3cret", "7", ttl, now=NOW)[1],
        }
    ]


def test_welcome_credentials_expire_turn_ttl_after_the_connection(
    app, create_room, seats, connect, monkeypatch
):
    for key, value in {**TURN, "TURN_TTL": 900}.items():
        monkeypatch.setitem(app.config, key, value)
    seat = seats(create_room())["applicant"]
    welcome = events(connect(seat), "welcome")[0]
    expiry = int(welcome["ice_servers"][0]["username"].split(":")[0])
    assert expiry == int(utcnow().timestamp()) + 900
    assert welcome["ice_transport_policy"] == "all"


def test_turn_urls_without_a_secret_offer_no_relay():
    assert ice_servers({"TURN_URLS": ("turn:x:3478",), "TURN_SECRET": "", "TURN_TTL": 60}, 1) == []


@pytest.mark.parametrize(
    ("config", "gap"),
    [
        ({}, IceGap.NOTHING),
        ({"ICE_STUN_URLS": ("stun:x:3478",)}, IceGap.NO_TURN),
        ({"TURN_URLS": ("turn:x:3478",)}, IceGap.NO_SECRET),
        (TURN, None),
    ],
)
def test_ice_gap_names_what_calls_lack(config, gap):
    assert ice_gap(config) is gap


def test_relay_policy_needs_turn_and_other_policies_are_refused():
    assert transport_policy({**TURN, "ICE_TRANSPORT_POLICY": " Relay "}) == "relay"
    assert transport_policy({}) == "all"
    with pytest.raises(ValueError, match="needs TURN_URLS"):
        transport_policy({"ICE_TRANSPORT_POLICY": "relay"})
    with pytest.raises(ValueError, match="not one of"):
        transport_policy({**TURN, "ICE_TRANSPORT_POLICY": "direct"})


def _app(**settings):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = "sqlite://"
        # Creating an app binds the one Socket.IO server; with the Redis queue the signaling
        # tests that run after this module could not use the test client.
        REDIS_URL = None
        RATELIMIT_STORAGE_URI = "memory://"

    for key, value in settings.items():
        setattr(Config, key, value)
    return create_app(Config)


def test_production_start_up_logs_a_warning_without_turn(caplog):
    with caplog.at_level(logging.WARNING, logger="mediation"):
        _app(ICE_WARN_MISSING=True, ICE_STUN_URLS=("stun:x:3478",))
    assert any("no TURN relay" in r.getMessage() for r in caplog.records)


def test_the_production_config_warns_by_default(monkeypatch, caplog):
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))

    class WithoutIce(QuietProduction):
        ICE_STUN_URLS = TURN_URLS = ()

    with caplog.at_level(logging.WARNING, logger="mediation"):
        create_app(WithoutIce)
    assert any("neither ICE_STUN_URLS nor" in r.getMessage() for r in caplog.records)


def test_start_up_is_quiet_with_turn_or_outside_production(caplog):
    with caplog.at_level(logging.WARNING, logger="mediation"):
        _app(ICE_WARN_MISSING=True, **TURN)
        _app(ICE_WARN_MISSING=False)
    assert not [r for r in caplog.records if r.getMessage().startswith("video:")]


def test_an_impossible_relay_policy_stops_the_start():
    with pytest.raises(ValueError, match="needs TURN_URLS"):
        _app(ICE_TRANSPORT_POLICY="relay")


ADMIN_PAGE = "/admin/calendar/"


@pytest.fixture
def warned(app, monkeypatch):
    monkeypatch.setitem(app.config, "ICE_WARN_MISSING", True)
    for key in ("ICE_STUN_URLS", "TURN_URLS"):
        monkeypatch.setitem(app.config, key, ())


def test_an_admin_sees_the_missing_relay_on_admin_pages(client, create_user, login, warned):
    login(create_user(Role.ADMIN))
    assert "ice-warning" in client.get(ADMIN_PAGE).get_data(as_text=True)
    assert "ice-warning" not in client.get("/").get_data(as_text=True)


def test_a_coordinator_is_not_told_about_the_relay(client, create_user, login, warned):
    login(create_user(Role.COORDINATOR))
    assert "ice-warning" not in client.get("/").get_data(as_text=True)


def test_no_banner_once_turn_is_configured(app, client, create_user, login, warned, monkeypatch):
    for key, value in TURN.items():
        monkeypatch.setitem(app.config, key, value)
    login(create_user(Role.ADMIN))
    assert "ice-warning" not in client.get(ADMIN_PAGE).get_data(as_text=True)


def test_no_banner_outside_production(app, client, create_user, login, monkeypatch):
    monkeypatch.setitem(app.config, "ICE_WARN_MISSING", False)
    login(create_user(Role.ADMIN))
    assert "ice-warning" not in client.get(ADMIN_PAGE).get_data(as_text=True)
