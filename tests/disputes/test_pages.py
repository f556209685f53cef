import io
import re
from datetime import timedelta

from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.disputes.links import case_link_token
from mediation.disputes.models import Dispute
from mediation.extensions import db

PDF = b"%PDF-1.4\n%%EOF\n"


def form_for(county, **overrides) -> dict:
    data = {
        "category": "neighbour",
        "description": "邻居修围墙占了公共通道。",
        "amount": "800",
        "township_id": county["stations"][0].id,
        "village_id": county["villages"]["天池镇"][0].id,
        "applicants-0-name": "王芳",
        "applicants-0-mobile": "15812345678",
        "applicants-0-resident_id": "",
        "respondents-0-name": "李强",
        "respondents-0-mobile": "13712345678",
        "idempotency_key": "form-1",
    }
    data.update(overrides)
    return data


def disputes_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Dispute))


def test_the_filing_page_is_chinese_by_default(client, county):
    page = client.get("/disputes/new").get_data(as_text=True)
    assert 'lang="zh-CN"' in page
    assert "婚姻家庭" in page and "天池镇" in page
    assert 'name="viewport"' in page


def test_the_filing_page_speaks_english_when_asked(client, county):
    page = client.get("/disputes/new", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(
        as_text=True
    )
    assert 'lang="en"' in page and "Marriage and family" in page


def test_the_language_switch_sticks(client, county):
    client.post("/lang/en", data={"next": "/disputes/new"})
    assert "Marriage and family" in client.get("/disputes/new").get_data(as_text=True)
    client.post("/lang/zh_CN")
    assert "婚姻家庭" in client.get("/disputes/new").get_data(as_text=True)


def test_a_party_without_an_account_files_and_gets_a_private_link(client, county):
    data = form_for(county) | {"attachments": (io.BytesIO(PDF), "收据.pdf")}
    response = client.post("/disputes/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert re.search(r"/c/[\w.-]+\?new=1$", response.headers["Location"])
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    dispute = db.session.scalar(select(Dispute))
    assert dispute.display_code in page
    assert "收据.pdf" in page
    assert dispute.channel == "online" and dispute.filed_by_id is None


def test_a_double_submit_files_once(client, county):
    first = client.post("/disputes/new", data=form_for(county))
    second = client.post("/disputes/new", data=form_for(county))
    assert first.status_code == second.status_code == 302
    assert disputes_count() == 1


def test_bad_form_input_is_shown_field_by_field_and_saves_nothing(client, county):
    data = form_for(
        county,
        **{
            "applicants-0-mobile": "12345",
            "applicants-0-resident_id": "512022198001010012",
            "amount": "-5",
        },
    )
    response = client.post("/disputes/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count("is-invalid") >= 3
    assert 'value="王芳"' in page
    assert disputes_count() == 0


def test_a_respondent_consents_through_their_link(client, clock, prove, create_dispute):
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.respondents[0])
    prove(token, dispute.respondents[0].mobile)
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert 'value="consent"' in page and 'value="decline"' in page
    response = client.post(f"/c/{token}/transition", data={"action": "consent"})
    assert response.status_code == 302
    db.session.expire_all()
    assert dispute.state == "consented"


def test_an_applicant_cannot_consent_for_the_respondent(client, create_dispute):
    dispute = create_dispute("awaiting_consent")
    token = case_link_token(dispute.applicants[0])
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert 'value="consent"' not in page and 'data-own-acts="stop"' in page
    assert client.post(f"/c/{token}/transition", data={"action": "consent"}).status_code == 403
    db.session.expire_all()
    assert dispute.state == "awaiting_consent"


def test_expired_and_forged_links_are_refused(app, client, create_dispute):
    token = case_link_token(create_dispute().applicants[0])
    app.config["CASE_LINK_TTL"] = timedelta(seconds=-1)
    try:
        expired = client.get(f"/c/{token}")
    finally:
        app.config["CASE_LINK_TTL"] = timedelta(days=90)
    assert expired.status_code == 401
    assert client.get(f"/c/{token}x").status_code == 404


def test_a_coordinator_finds_a_case_by_code_and_moves_it(
    client, login, coordinator, create_dispute
):
    dispute = create_dispute()
    login(coordinator)
    found = client.get(f"/disputes/lookup?code={dispute.display_code.lower()}")
    assert found.status_code == 302 and found.headers["Location"].endswith(
        f"/disputes/{dispute.code}"
    )
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert 'value="accept"' in page
    moved = client.post(
        f"/disputes/{dispute.code}/transition",
        data={"action": "accept", "expected_version": dispute.version},
    )
    assert moved.status_code == 302
    db.session.expire_all()
    assert dispute.state == "accepted"
    history = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert history.count("history-event") >= 2 or "受理" in history


def test_an_illegal_move_from_a_page_is_409(client, login, coordinator, create_dispute):
    dispute = create_dispute()
    login(coordinator)
    response = client.post(f"/disputes/{dispute.code}/transition", data={"action": "close"})
    assert response.status_code == 409


def test_a_mistyped_code_says_so(client, login, coordinator, create_dispute):
    login(coordinator)
    assert client.get("/disputes/lookup?code=ABCD-EFGH").status_code == 404


def test_another_partys_case_page_is_404(client, login, create_user, create_dispute):
    dispute = create_dispute()
    login(create_user(Role.PARTY))
    assert client.get(f"/disputes/{dispute.code}").status_code == 404
    assert client.get(f"/disputes/{dispute.code}/qr.svg").status_code == 404


def test_a_logged_in_party_sees_their_case_in_the_list(client, login, create_user, county):
    party = login(create_user(Role.PARTY, mobile="15812345678"))
    response = client.post("/disputes/new", data=form_for(county))
    assert response.status_code == 302
    dispute = db.session.scalar(select(Dispute))
    assert dispute.applicants[0].user_id == party.id
    assert dispute.display_code in client.get("/disputes").get_data(as_text=True)


def test_the_case_qr_code_is_an_svg(client, login, coordinator, create_dispute):
    dispute = create_dispute()
    login(coordinator)
    response = client.get(f"/disputes/{dispute.code}/qr.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data


def test_staff_enter_hotline_disputes(client, login, coordinator, county):
    login(coordinator)
    response = client.post("/disputes/new", data=form_for(county, channel="hotline"))
    assert response.status_code == 302
    assert db.session.scalar(select(Dispute.channel)) == "hotline"


def test_mediators_do_not_file(client, login, create_mediator, county):
    login(create_mediator().user)
    assert client.get("/disputes/new").status_code == 403


def test_forms_without_a_csrf_token_are_refused(app, client, county):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/disputes/new", data=form_for(county))
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert disputes_count() == 0


def test_the_respondent_reads_the_application_without_the_applicants_mobile_or_id(
    client, login, coordinator, create_dispute
):
    dispute = create_dispute("awaiting_consent")
    applicant, respondent = dispute.applicants[0], dispute.respondents[0]
    token = case_link_token(respondent)
    page = client.get(f"/c/{token}").get_data(as_text=True)
    assert applicant.name in page and dispute.description in page
    assert applicant.mobile not in page
    assert applicant.mobile[:3] + "****" + applicant.mobile[-4:] not in page
    assert applicant.masked_resident_id not in page and "身份证号" not in page
    assert respondent.mobile[:3] + "****" + respondent.mobile[-4:] in page  # their own
    login(coordinator)
    staff_page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert applicant.mobile in staff_page and applicant.masked_resident_id in staff_page


def test_a_party_on_the_api_sees_no_other_partys_mobile_or_id(
    client, auth_header, create_dispute, create_user
):
    from mediation.extensions import db as database

    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    respondent.user = create_user(mobile=respondent.mobile)
    database.session.flush()
    body = client.get(
        f"/api/v1/disputes/{dispute.code}", headers=auth_header(respondent.user)
    ).get_json()
    rows = {row["side"]: row for row in body["parties"]}
    assert rows["applicant"]["mobile"] is None and rows["applicant"]["resident_id"] is None
    assert rows["respondent"]["mobile"] == respondent.mobile[:3] + "****" + respondent.mobile[-4:]
