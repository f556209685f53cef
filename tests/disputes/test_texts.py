"""Texts to the parties: the applicant's case link on filing, the respondent's on acceptance."""

import re

import pytest
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.outbox import OutboxMessage
from mediation.disputes import operations
from mediation.disputes.lifecycle import Actor
from mediation.disputes.links import party_from_token
from mediation.disputes.models import Dispute
from mediation.extensions import db
from tests.disputes.test_pages import form_for

APPLICANT, RESPONDENT = "15812345678", "13712345678"
LINK = re.compile(r"https?://\S+/c/[\w.-]+")


def texts_to(mobile: str) -> list[dict]:
    """Return the queued texts to one mobile number, oldest first."""
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "notify").order_by(OutboxMessage.id)
    ).all()
    return [row.payload for row in rows if row.payload.get("mobile") == mobile]


def all_texts() -> int:
    return len(db.session.scalars(select(OutboxMessage)).all())


def link_in(text: dict) -> str:
    found = LINK.findall(text["body"])
    assert len(found) == 1, text["body"]
    return found[0]


def opens_the_case(app, url: str, dispute) -> str:
    """GET a texted link with a client holding no log-in; return the page."""
    stranger = app.test_client()
    response = stranger.get(url)
    assert response.status_code == 200, url
    page = response.get_data(as_text=True)
    assert dispute.display_code in page
    return page


@pytest.fixture
def file_by_form(client, county):
    def do(headers=None, **overrides):
        form = form_for(county, **overrides)
        response = client.post("/disputes/new", data=form, headers=headers)
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return db.session.scalar(select(Dispute).order_by(Dispute.id.desc()))

    return do


def test_filing_without_an_account_texts_the_applicant_their_code_and_link(app, file_by_form):
    dispute = file_by_form()
    texts = texts_to(APPLICANT)
    assert len(texts) == 1
    text = texts[0]
    assert text["user_id"] is None
    assert dispute.display_code in text["subject"] + text["body"]
    assert "调解" in text["subject"] and "请妥善保管" in text["body"]
    url = link_in(text)
    assert url.startswith(app.config["PUBLIC_URL"].rstrip("/") + "/c/")
    assert party_from_token(url.rsplit("/c/", 1)[1]).id == dispute.applicants[0].id
    opens_the_case(app, url, dispute)


def test_the_respondent_hears_nothing_when_the_case_is_filed(file_by_form):
    file_by_form()
    assert texts_to(RESPONDENT) == []


def test_a_party_with_an_account_gets_the_text_in_their_language(
    app, client, login, create_user, file_by_form
):
    login(create_user(Role.PARTY, mobile=APPLICANT, locale="en"))
    dispute = file_by_form()
    [text] = texts_to(APPLICANT)
    assert "mediation" in text["subject"].lower() and "调解" not in text["body"]
    assert text["user_id"] is None  # the text goes to the number given on the form
    opens_the_case(app, link_in(text), dispute)


def test_a_party_with_an_account_and_no_chosen_language_gets_chinese(
    client, login, create_user, file_by_form
):
    login(create_user(Role.PARTY, mobile=APPLICANT))
    # The page is in English (the browser's language), which is no choice made on the account.
    file_by_form(headers={"Accept-Language": "en"})
    [text] = texts_to(APPLICANT)
    assert "调解" in text["subject"]


def test_filing_through_the_api_texts_the_applicant(
    app, client, create_user, auth_header, dispute_payload
):
    party = create_user(Role.PARTY, mobile=APPLICANT)
    payload = {k: v for k, v in dispute_payload().items() if v is not None}
    payload["applicants"][0]["mobile"] = APPLICANT
    response = client.post("/api/v1/disputes", json=payload, headers=auth_header(party))
    assert response.status_code == 201
    dispute = db.session.scalar(select(Dispute))
    [text] = texts_to(APPLICANT)
    assert dispute.display_code in text["body"]
    opens_the_case(app, link_in(text), dispute)


def test_staff_entering_a_hotline_case_texts_the_applicant(app, login, coordinator, file_by_form):
    login(coordinator)
    dispute = file_by_form(channel="hotline")
    [text] = texts_to(APPLICANT)
    opens_the_case(app, link_in(text), dispute)


def test_a_repeated_submission_texts_once(client, county):
    for _ in range(2):
        assert client.post("/disputes/new", data=form_for(county)).status_code == 302
    assert len(texts_to(APPLICANT)) == 1


def test_a_filing_refused_for_bad_input_texts_nobody(client, county):
    bad = form_for(county, **{"respondents-0-mobile": "12345"})
    assert client.post("/disputes/new", data=bad).status_code == 422
    same_person = form_for(county, **{"respondents-0-mobile": APPLICANT})
    assert client.post("/disputes/new", data=same_person).status_code == 422
    assert all_texts() == 0


def test_acceptance_texts_the_respondent_their_own_link(app, client, login, coordinator, county):
    client.post("/disputes/new", data=form_for(county))
    dispute = db.session.scalar(select(Dispute))
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/transition",
        data={"action": "accept", "expected_version": dispute.version},
    )
    assert response.status_code == 302
    [text] = texts_to(RESPONDENT)
    assert dispute.display_code in text["body"]
    url = link_in(text)
    assert url.startswith(app.config["PUBLIC_URL"].rstrip("/") + "/c/")
    assert party_from_token(url.rsplit("/c/", 1)[1]).id == dispute.respondents[0].id
    opens_the_case(app, url, dispute)
    # The link acts as the respondent: once asked, the respondent may consent through it.
    client.post(
        f"/disputes/{dispute.code}/transition",
        data={"action": "request_consent", "expected_version": dispute.version + 1},
    )
    assert 'data-own-acts="consent decline"' in opens_the_case(app, url, dispute)
    assert len(texts_to(APPLICANT)) == 1  # the applicant already has theirs


def test_every_respondent_is_texted_on_acceptance_and_not_before(create_dispute):
    waiting = create_dispute("submitted")
    assert texts_to(waiting.respondents[0].mobile) == []
    two = [
        {"name": "李强", "mobile": "13700002222", "resident_id": None},
        {"name": "张三", "mobile": "13700001111", "resident_id": None},
    ]
    dispute = create_dispute("accepted", respondents=two)
    for respondent in dispute.respondents:
        [text] = texts_to(respondent.mobile)
        token = link_in(text).rsplit("/c/", 1)[1]
        assert party_from_token(token).id == respondent.id


def test_a_rejected_case_sends_the_respondent_nothing(create_dispute):
    dispute = create_dispute("rejected")
    assert texts_to(dispute.respondents[0].mobile) == []


def test_a_respondent_with_an_account_gets_the_text_in_their_language(
    create_user, create_dispute, coordinator
):
    user = create_user(Role.PARTY, mobile="13700003333", locale="en")
    dispute = create_dispute(
        "submitted", respondents=[{"name": "李强", "mobile": user.mobile, "resident_id": None}]
    )
    dispute.respondents[0].user = user
    operations.transition_dispute(dispute, "accept", {Actor.STAFF}, coordinator)
    [text] = texts_to(user.mobile)
    assert "mediation" in text["body"].lower() and "调解" not in text["body"]
