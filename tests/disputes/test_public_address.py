"""Texted case links and QR codes carry the served port, or PUBLIC_URL when it is set."""

import pytest
from sqlalchemy import select

from mediation.disputes.links import case_link_token, party_from_token
from mediation.disputes.models import Dispute
from mediation.extensions import db
from tests.disputes.test_pages import form_for
from tests.disputes.test_qr import qr_of
from tests.disputes.test_texts import APPLICANT, link_in, texts_to

LOCAL_8000 = "http://127.0.0.1:8000"
PUBLIC = "https://tiaojie.example.gov.cn"


@pytest.fixture
def encoded(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(
        "mediation.disputes.routes.qr_svg", lambda data: seen.append(data) or b"<svg/>"
    )
    return seen


def file_one(client, county) -> Dispute:
    assert client.post("/disputes/new", data=form_for(county)).status_code == 302
    return db.session.scalar(select(Dispute))


def test_on_port_8000_the_filing_text_links_to_port_8000(client, county, served_on):
    served_on(None, port=8000)
    dispute = file_one(client, county)
    url = link_in(texts_to(APPLICANT)[0])
    assert url.startswith(f"{LOCAL_8000}/c/")
    assert party_from_token(url.rsplit("/c/", 1)[1]).id == dispute.applicants[0].id


def test_on_port_8000_the_case_qr_encodes_port_8000(client, create_dispute, encoded, served_on):
    served_on(None, port=8000)
    dispute = create_dispute()
    token = case_link_token(dispute.applicants[0])
    src, target = qr_of(client.get(f"/c/{token}").get_data(as_text=True))
    client.get(src)
    assert target == f"{LOCAL_8000}/c/{token}" and encoded == [target]


def test_an_explicit_public_url_wins_in_texts_and_qr_codes(client, county, encoded, served_on):
    served_on(PUBLIC, port=8000)
    dispute = file_one(client, county)
    assert link_in(texts_to(APPLICANT)[0]).startswith(f"{PUBLIC}/c/")
    token = case_link_token(dispute.applicants[0])
    src, target = qr_of(client.get(f"/c/{token}").get_data(as_text=True))
    client.get(src)
    assert encoded == [f"{PUBLIC}/c/{token}"]
