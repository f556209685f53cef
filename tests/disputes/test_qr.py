"""The case QR code (一案一码) opens the case for whoever holds the page it is printed on."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.disputes.links import case_link_token, party_from_token
from mediation.disputes.models import Dispute
from mediation.extensions import db
from tests.disputes.test_pages import form_for

QR = re.compile(r'<img class="case-qr"[^>]*>')


@pytest.fixture
def encoded(monkeypatch):
    """Record what each QR image response encodes."""
    seen: list[str] = []
    monkeypatch.setattr(
        "mediation.disputes.routes.qr_svg", lambda data: seen.append(data) or b"<svg/>"
    )
    return seen


def qr_of(page: str) -> tuple[str, str]:
    """Return the QR image's address and the address it says it encodes."""
    [tag] = QR.findall(page)
    src = re.search(r'src="([^"]+)"', tag).group(1).replace("&amp;", "&")
    target = re.search(r'data-qr-target="([^"]+)"', tag).group(1)
    return src, target


def public(app, path: str) -> str:
    return app.config["PUBLIC_URL"].rstrip("/") + path


def test_the_private_page_qr_encodes_the_partys_own_link(app, client, encoded, create_dispute):
    dispute = create_dispute()
    token = case_link_token(dispute.applicants[0])
    page = client.get(f"/c/{token}").get_data(as_text=True)
    src, target = qr_of(page)
    assert target == public(app, f"/c/{token}")
    assert f'id="private-link" type="text" readonly value="{target}"' in page
    assert client.get(src).status_code == 200 and encoded == [target]
    # Scanned by a phone that has never logged in, it opens the case.
    scanned = app.test_client().get(target)
    assert scanned.status_code == 200
    assert dispute.display_code in scanned.get_data(as_text=True)


def test_the_confirmation_page_qr_opens_the_case_without_log_in(app, client, encoded, county):
    confirmation = client.post("/disputes/new", data=form_for(county))
    page = client.get(confirmation.headers["Location"]).get_data(as_text=True)
    src, target = qr_of(page)
    client.get(src)
    assert encoded == [target]
    dispute = db.session.scalar(select(Dispute))
    assert party_from_token(target.rsplit("/c/", 1)[1]).id == dispute.applicants[0].id
    assert app.test_client().get(target).status_code == 200


def test_the_respondents_qr_is_the_respondents_link(app, client, encoded, create_dispute):
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.respondents[0])
    src, target = qr_of(client.get(f"/c/{token}").get_data(as_text=True))
    client.get(src)
    assert encoded == [target] == [public(app, f"/c/{token}")]
    page = app.test_client().get(target).get_data(as_text=True)
    assert 'data-own-acts="consent decline"' in page  # the respondent's answer, once confirmed


def test_the_staff_page_qr_encodes_the_staff_page(
    app, client, login, encoded, coordinator, create_dispute
):
    dispute = create_dispute()
    login(coordinator)
    src, target = qr_of(client.get(f"/disputes/{dispute.code}").get_data(as_text=True))
    assert target == public(app, f"/disputes/{dispute.code}")
    client.get(src)
    assert encoded == [target]
    # The test client keeps its log-in cookie for its own host, so open the path there.
    assert client.get(urlsplit(target).path).status_code == 200
    anonymous = app.test_client().get(target)
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]


def test_a_signed_in_partys_qr_is_their_private_link(
    app, client, login, encoded, create_user, county
):
    login(create_user(Role.PARTY, mobile="15812345678"))
    client.post("/disputes/new", data=form_for(county))
    dispute = db.session.scalar(select(Dispute))
    src, target = qr_of(client.get(f"/disputes/{dispute.code}").get_data(as_text=True))
    client.get(src)
    assert encoded == [target]
    assert party_from_token(target.rsplit("/c/", 1)[1]).id == dispute.applicants[0].id
    assert app.test_client().get(target).status_code == 200


def test_the_qr_image_encodes_nothing_it_is_handed(app, client, encoded, create_dispute):
    dispute = create_dispute()
    token = case_link_token(dispute.applicants[0])
    client.get(f"/c/{token}/qr.svg?data=https://evil.example/&target=https://evil.example/")
    assert encoded == [public(app, f"/c/{token}")]


def test_a_qr_image_for_a_forged_link_is_404(client, encoded, create_dispute):
    token = case_link_token(create_dispute().applicants[0])
    assert client.get(f"/c/{token}x/qr.svg").status_code == 404
    assert encoded == []
