import csv
import io
from datetime import timedelta

from openpyxl import load_workbook

from mediation.handoffs.timeline import local_today
from tests.factories import PASSWORD


def test_a_liaison_sends_a_referral_from_the_page(client, login, court_liaison, county):
    login(court_liaison)
    form = {
        "reference": "(2026)川2022民诉前调123号",
        "referral_type": "court_delegated",
        "category": "contract",
        "summary": "买卖合同纠纷，委派调解。",
        "township_id": county["stations"][0].id,
        "applicants-0-name": "王芳",
        "applicants-0-mobile": "15812345678",
        "respondents-0-name": "李强",
        "respondents-0-mobile": "13712345678",
    }
    response = client.post("/handoffs/new", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "(2026)川2022民诉前调123号" in page
    again = client.post("/handoffs/new", data=form)
    assert again.status_code == 409 or again.status_code == 422
    assert "/handoffs/" in again.get_data(as_text=True)


def test_the_dashboard_puts_overdue_hand_offs_first(client, login, court_liaison, create_referral):
    from datetime import timedelta

    create_referral(signed_on=local_today(), reference="R-ON-TIME")
    create_referral(signed_on=local_today() - timedelta(days=40), reference="R-LATE")
    login(court_liaison)
    page = client.get("/handoffs").get_data(as_text=True)
    assert page.index("R-LATE") < page.index("R-ON-TIME")


def test_another_agencys_liaison_gets_404(client, create_referral, create_agency, create_liaison):
    handoff = create_referral()
    stranger = create_liaison(create_agency("police"))
    client.post("/login", data={"mobile": stranger.mobile, "password": PASSWORD})
    assert client.get(f"/handoffs/{handoff.id}").status_code == 404
    assert client.get(f"/handoffs/{handoff.id}/receipt").status_code == 404
    assert client.post(f"/handoffs/{handoff.id}/acknowledge").status_code in (400, 404)


def test_the_export_comes_as_csv_and_excel(client, login, court_liaison, create_referral):
    create_referral(signed_on=local_today(), reference="R-EXPORT")
    login(court_liaison)
    csv_response = client.get("/handoffs?format=csv")
    assert csv_response.mimetype == "text/csv"
    assert "R-EXPORT" in csv_response.get_data().decode("utf-8-sig")
    xlsx = client.get("/handoffs?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.cell(2, 1).value == "R-EXPORT"


def test_the_export_speaks_chinese_as_the_page_does(client, login, court_liaison, create_referral):
    create_referral(signed_on=local_today(), reference="R-ON-TIME")
    create_referral(signed_on=local_today() - timedelta(days=40), reference="R-LATE")
    login(court_liaison)
    body = client.get("/handoffs?format=csv").get_data().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    assert header[:2] == ["案号", "方向"] and header[-1] == "是否超期"
    assert not any(name.isascii() for name in header)
    overdue = {row[0]: row[-1] for row in rows}
    assert overdue == {"R-LATE": "是", "R-ON-TIME": "否"}
    assert {row[1] for row in rows} == {"转入调解"}
    sheet = load_workbook(io.BytesIO(client.get("/handoffs?format=xlsx").data)).active
    assert [c.value for c in sheet[1]] == header


def test_a_reference_typed_as_a_formula_is_text_in_both_exports(
    client, login, court_liaison, create_referral
):
    formula = '=HYPERLINK("https://evil.example/","点击")'
    create_referral(reference=formula)
    login(court_liaison)
    body = client.get("/handoffs?format=csv").get_data().decode("utf-8-sig")
    [row] = list(csv.reader(io.StringIO(body)))[1:]
    assert row[0] == "'" + formula
    sheet = load_workbook(io.BytesIO(client.get("/handoffs?format=xlsx").data)).active
    assert sheet.cell(2, 1).value == "'" + formula and sheet.cell(2, 1).data_type == "s"


def test_the_receipt_carries_the_case_qr_code(client, login, court_liaison, create_referral):
    handoff = create_referral()
    login(court_liaison)
    page = client.get(f"/handoffs/{handoff.id}/receipt").get_data(as_text=True)
    assert "<svg" in page and handoff.dispute.display_code in page


def test_on_port_8000_the_receipt_qr_encodes_the_case_on_port_8000(
    client, login, court_liaison, create_referral, served_on, monkeypatch
):
    served_on(None, port=8000)
    seen = []
    monkeypatch.setattr("mediation.handoffs.routes.qr_svg", lambda d: seen.append(d) or b"<svg/>")
    handoff = create_referral()
    login(court_liaison)
    assert client.get(f"/handoffs/{handoff.id}/receipt").status_code == 200
    assert seen == [f"http://127.0.0.1:8000/disputes/{handoff.dispute.code}"]


def test_a_result_before_sign_for_shows_409_on_the_page(
    client, login, coordinator, create_referral
):
    handoff = create_referral()
    login(coordinator)
    response = client.post(
        f"/handoffs/{handoff.id}/result", data={"result": "not_settled", "text": "分歧大"}
    )
    assert response.status_code == 409
    assert handoff.result is None


def test_an_admin_sets_a_police_rule_in_working_days(client, login, create_user, create_agency):
    from sqlalchemy import select

    from mediation.accounts.models import Role
    from mediation.extensions import db
    from mediation.handoffs.agencies import DeadlineRule

    police = create_agency("police")
    login(create_user(Role.ADMIN))
    response = client.post(
        "/handoffs/admin/rules",
        data={
            "agency_id": police.id,
            "referral_type": "police",
            "days": "10",
            "working_days": "true",
        },
    )
    assert response.status_code == 302
    rule = db.session.scalar(select(DeadlineRule).where(DeadlineRule.agency_id == police.id))
    assert rule.days == 10 and rule.working_days
