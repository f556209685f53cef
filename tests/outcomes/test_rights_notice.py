"""The rights and obligations notice: served on acceptance, acknowledged by each party."""

import io

import pypdf
import pytest
from jinja2 import ChoiceLoader, DictLoader

from mediation.accounts.assurance import Assurance
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, ValidationFailed
from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.outcomes import rights_notice
from mediation.outcomes.record_documents import notice_sections
from mediation.outcomes.record_models import RightsAcknowledgement
from tests.disputes.test_texts import texts_to


def test_the_notice_sets_out_the_laws_articles(app, create_dispute):
    dispute = create_dispute("accepted")
    with app.test_request_context():
        text = rights_notice.notice_text(dispute)
    assert text.startswith("人民调解当事人权利义务告知书\n")
    for words in (
        "人民调解委员会是依法设立的调解民间纠纷的群众性组织",
        "不收取任何费用",
        "第二十三条",
        "选择或者接受人民调解员",
        "接受调解、拒绝调解或者要求终止调解",
        "要求调解公开进行或者不公开进行",
        "自主表达意愿、自愿达成调解协议",
        "第二十四条",
        "如实陈述纠纷事实",
        "遵守调解现场秩序，尊重人民调解员",
        "尊重对方当事人行使权利",
        "三十日内共同向人民法院申请司法确认",
    ):
        assert words in text
    assert dispute.display_code in text and "王芳（申请人）" in text


def test_the_same_case_gives_the_same_notice_and_hash(app, create_dispute):
    dispute = create_dispute("accepted")
    with app.test_request_context():
        first = rights_notice.notice_text(dispute), rights_notice.notice_hash(dispute)
        db.session.expire_all()
        assert (rights_notice.notice_text(dispute), rights_notice.notice_hash(dispute)) == first


def test_a_county_words_its_own_notice(app, create_dispute, monkeypatch):
    dispute = create_dispute("accepted")
    monkeypatch.setitem(app.config, "RIGHTS_NOTICE_TEMPLATE", "outcomes/_county_notice.txt")
    loader = app.jinja_loader
    custom = DictLoader({"outcomes/_county_notice.txt": "乐至县告知书\n{{ committee }}\n"})
    monkeypatch.setattr(app, "jinja_loader", ChoiceLoader([custom, loader]))
    app.jinja_env.cache.clear()
    with app.test_request_context():
        assert rights_notice.notice_text(dispute).startswith("乐至县告知书\n")


def test_the_acceptance_text_points_the_respondent_to_the_notice(create_dispute):
    dispute = create_dispute("accepted")
    [text] = texts_to(dispute.respondents[0].mobile)
    assert "《人民调解当事人权利义务告知书》" in text["body"]


def test_a_party_acknowledges_from_their_link_with_a_code(
    client, clock, create_dispute, confirm_link
):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    token = confirm_link(respondent)
    page = client.get(f"/c/{token}/rights-notice").get_data(as_text=True)
    assert "data-notice-text" in page and "data-acknowledge" in page
    assert client.post(f"/c/{token}/rights-notice/acknowledge").status_code == 302
    [row] = db.session.query(RightsAcknowledgement).all()
    assert row.party_id == respondent.id and row.method == "online"
    assert row.assurance == Assurance.SMS_CODE and row.acknowledged_at == utcnow()
    with client.application.test_request_context():
        assert row.notice_hash == rights_notice.notice_hash(dispute)
    assert "data-acknowledged" in client.get(f"/c/{token}/rights-notice").get_data(as_text=True)


def test_without_a_code_the_link_alone_does_not_acknowledge(client, create_dispute):
    dispute = create_dispute("accepted")
    token = case_link_token(dispute.applicants[0])
    assert client.post(f"/c/{token}/rights-notice/acknowledge").status_code == 403
    assert db.session.query(RightsAcknowledgement).count() == 0


def test_staff_record_an_oral_acknowledgement(client, login, clock, coordinator, create_dispute):
    dispute = create_dispute("accepted")
    applicant = dispute.applicants[0]
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/rights-notice/acknowledgements",
        data={
            "party_id": applicant.id,
            "method": "oral",
            "checked": "phone_call",
            "identification": "回拨登记手机号核实",
        },
    )
    assert response.status_code == 302
    [row] = db.session.query(RightsAcknowledgement).all()
    assert (row.method, row.assurance) == ("oral", Assurance.PHONE_CALL)
    assert row.entered_by_id == coordinator.id and row.identification == "回拨登记手机号核实"
    assert row.acknowledged_at == utcnow()


def test_a_paper_acknowledgement_needs_the_id_checked_in_person(app, coordinator, create_dispute):
    dispute = create_dispute("accepted")
    with app.test_request_context(), pytest.raises(ValidationFailed) as refused:
        rights_notice.record_acknowledgement(
            dispute, dispute.applicants[0], "paper", "phone_call", "电话", coordinator
        )
    assert "checked" in refused.value.fields


def test_a_party_acknowledges_once(app, coordinator, create_dispute):
    dispute = create_dispute("accepted")
    party = dispute.applicants[0]
    with app.test_request_context():
        rights_notice.record_acknowledgement(
            dispute, party, "paper", "id_in_person", "身份证", coordinator
        )
        with pytest.raises(Conflict):
            rights_notice.acknowledge_online(dispute, party, Assurance.SMS_CODE, "sms_code")


def test_the_notice_is_not_served_before_acceptance(app, coordinator, create_dispute):
    dispute = create_dispute("submitted")
    with app.test_request_context(), pytest.raises(Conflict):
        rights_notice.record_acknowledgement(
            dispute, dispute.applicants[0], "paper", "id_in_person", "身份证", coordinator
        )


def test_the_case_page_shows_who_has_acknowledged(app, client, login, coordinator, create_dispute):
    dispute = create_dispute("accepted")
    with app.test_request_context():
        rights_notice.record_acknowledgement(
            dispute, dispute.applicants[0], "paper", "id_in_person", "身份证", coordinator
        )
    login(coordinator)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    panel = page.split("data-acknowledgements", 1)[1].split("</ul>", 1)[0]
    lines = {
        party.id: panel.split(f'data-ack-party="{party.id}"')[1].split("</li>")[0]
        for party in dispute.parties
    }
    assert "纸质签字" in lines[dispute.applicants[0].id]
    assert "由协调员登记（身份证）" in lines[dispute.applicants[0].id]
    assert "尚未确认" in lines[dispute.respondents[0].id]


def test_the_partys_case_page_asks_for_the_acknowledgement(client, create_dispute):
    dispute = create_dispute("accepted")
    token = case_link_token(dispute.respondents[0])
    assert "data-rights-notice" in client.get(f"/c/{token}").get_data(as_text=True)


def test_a_party_of_another_case_cannot_record_for_this_one(
    client, login, create_dispute, create_user
):
    dispute = create_dispute("accepted")
    other = create_dispute("accepted")
    other.applicants[0].user = create_user(name="外人", mobile=other.applicants[0].mobile)
    db.session.flush()
    login(other.applicants[0].user)
    assert client.get(f"/disputes/{dispute.code}/rights-notice").status_code == 404
    url = f"/disputes/{dispute.code}/rights-notice/acknowledgements"
    assert client.post(url, data={"party_id": dispute.applicants[0].id}).status_code == 404


def test_the_notice_prints_as_pdf(client, login, coordinator, create_dispute):
    dispute = create_dispute("accepted")
    login(coordinator)
    response = client.get(f"/disputes/{dispute.code}/rights-notice.pdf")
    assert response.mimetype == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.data))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert "人民调解当事人权利义务告知书" in text and "第二十三条" in text


def test_the_notice_pdf_has_a_section_per_numbered_heading():
    lines = ["开头", "一、性质", "内容一", "二、原则", "内容二"]
    sections = notice_sections(lines)
    assert [s.title for s in sections] == ["告知事项", "一、性质", "二、原则"]
    assert sections[0].paragraphs == ["开头"] and sections[2].paragraphs == ["内容二"]
