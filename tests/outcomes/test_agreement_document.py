"""The rendered agreement (人民调解协议书) states every item of People's Mediation Law art. 29.

Each test renders the PDF as a party or staff would download it, extracts its text with pypdf
and checks one item; the seal is checked on a picture of the page (pdftoppm).
"""

import re
import shutil
from zoneinfo import ZoneInfo

import pytest

from mediation.extensions import db
from mediation.outcomes import agreements, drafting
from tests.outcomes.agreement_helpers import find_line, flat, pdf_text, red_pixels, render_page
from tests.outcomes.conftest import (
    DISPUTED,
    FACTS,
    RESPONSIBILITIES,
    TERMS,
    details,
    sign_online,
)


@pytest.fixture
def agreement_pdf(client, login, coordinator):
    """Return a callable downloading a case's agreement PDF as the coordinator."""

    def download(dispute) -> bytes:
        login(coordinator)
        response = client.get(f"/disputes/{dispute.code}/agreement.pdf")
        assert response.mimetype == "application/pdf"
        return response.data

    return download


def sign_all(dispute):
    agreement = agreements.agreement_for(dispute)
    for party in dispute.parties:
        sign_online(agreement, party.user, None)
    sign_online(agreement, dispute.mediator.user, None)
    return agreement


def test_item_1_each_party_is_named_with_their_particulars(settled_case, agreement_pdf):
    dispute = settled_case()
    text = flat(pdf_text(agreement_pdf(dispute)))
    for party in dispute.parties:
        side = "申请人" if party.side == "applicant" else "被申请人"
        assert f"{side}：{party.name}" in text
        assert f"身份证号码：{party.masked_resident_id}" in text
        assert f"住址：{party.address}" in text
    for label in ("姓名：", "性别：女", "民族：汉族", "出生日期：1980年1月1日", "职业：农民"):
        assert label in text
    assert "Resident ID" not in text


def test_item_1_an_organisation_is_named_with_its_address_and_representative(
    mediation_case, settle, agreement_pdf, coordinator
):
    dispute = mediation_case()
    settle(dispute)
    company = dispute.respondents[0]
    company.kind = "organisation"
    company.name = "乐至县顺达物流有限公司"
    company.legal_representative = "周建国"
    company.address = "乐至县天池镇迎宾大道8号"
    agreement = agreements.agreement_for(dispute)
    agreements.rehash(agreement)
    db.session.flush()
    text = flat(pdf_text(agreement_pdf(dispute)))
    assert "被申请人：乐至县顺达物流有限公司" in text
    assert "住所：乐至县天池镇迎宾大道8号" in text and "法定代表人：周建国" in text


def test_item_2_the_facts_the_matters_in_dispute_and_each_partys_responsibility(
    settled_case, agreement_pdf
):
    text = flat(pdf_text(agreement_pdf(settled_case())))
    assert f"纠纷主要事实：{FACTS}" in text
    assert f"争议事项：{DISPUTED}" in text
    assert f"各方当事人的责任：{RESPONSIBILITIES}" in text


def test_item_3_the_agreed_terms(settled_case, agreement_pdf):
    text = flat(pdf_text(agreement_pdf(settled_case())))
    assert f"经调解，自愿达成如下协议：{flat(TERMS)}" in text


def test_item_4_how_and_by_when_each_term_is_performed(settled_case, agreement_pdf):
    dispute = settled_case()
    text = flat(pdf_text(agreement_pdf(dispute)))
    assert "履行方式、时限：协议事项履行人履行方式履行期限" in text
    performer = dispute.respondents[0].name
    assert f"拆除占用公共通道的围墙{performer}自行拆除并清运建筑垃圾2026年12月31日前" in text


def test_item_4_a_term_all_parties_perform_names_them_all(settled_case, agreement_pdf, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    rows = [{**details(dispute)["performances"][0], "party_id": None}]
    drafting.write_details(agreement, details(dispute, performances=rows), coordinator, False)
    assert "各方当事人" in flat(pdf_text(agreement_pdf(dispute)))


def test_item_5_the_number_of_copies(settled_case, agreement_pdf):
    text = flat(pdf_text(agreement_pdf(settled_case())))
    assert "本协议一式3份，当事人、人民调解委员会各持一份。" in text


def test_item_6_a_signature_or_fingerprint_box_for_each_party(settled_case, agreement_pdf):
    dispute = settled_case()
    text = flat(pdf_text(agreement_pdf(dispute)))
    assert text.count("当事人（签名盖章或按指印）：") == len(dispute.parties)
    for party in dispute.parties:
        side = "申请人" if party.side == "applicant" else "被申请人"
        assert f"当事人（签名盖章或按指印）：{side}{party.name}" in text


def test_item_7_the_mediators_signature(settled_case, agreement_pdf):
    dispute = settled_case()
    text = flat(pdf_text(agreement_pdf(dispute)))
    assert f"人民调解员（签名）：{flat(dispute.mediator.name)}" in text
    assert "记录人（签名）：" in text


def test_item_8_the_committee_that_handled_the_case_and_its_seal_line(
    settled_case, agreement_pdf, county
):
    dispute = settled_case()
    text = flat(pdf_text(agreement_pdf(dispute)))
    assert "天池镇人民调解委员会（印章）" in text
    # Not the county's legal service centre, which is not a people's mediation committee.
    assert county["centre"].name not in text


def test_item_9_the_day_it_took_effect(settled_case, agreement_pdf):
    dispute = settled_case()
    before = flat(pdf_text(agreement_pdf(dispute)))
    assert "（印章）年月日" in before  # a blank date until it takes effect
    agreement = sign_all(dispute)
    day = agreement.effective_at.astimezone(ZoneInfo("Asia/Shanghai"))
    after = flat(pdf_text(agreement_pdf(dispute)))
    assert f"（印章）{day.year}年{day.month}月{day.day}日" in after


def test_the_number_stands_at_the_top_once_it_takes_effect(settled_case, agreement_pdf):
    dispute = settled_case()
    assert "编号：案件码" in flat(pdf_text(agreement_pdf(dispute)))
    agreement = sign_all(dispute)
    text = flat(pdf_text(agreement_pdf(dispute)))
    assert f"人民调解协议书编号：{agreement.number}" in text


def test_the_document_carries_no_english_labels(settled_case, agreement_pdf):
    dispute = settled_case()
    agreement = sign_all(dispute)
    text = pdf_text(agreement_pdf(dispute))
    for allowed in (dispute.display_code, agreement.document_hash, "SHA-256"):
        text = text.replace(allowed, "")
    assert re.findall(r"[A-Za-z]{2,}", text) == []


needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)"
)


@needs_pdftoppm
def test_the_seal_is_laid_over_the_committees_name_in_red(settled_case, agreement_pdf):
    content = agreement_pdf(settled_case())
    page, x, y, size = find_line(content, "人民调解委员会（印章）")
    red = red_pixels(render_page(content, page))
    assert len(red) > 1000  # the seal, not a stray pixel
    centre_x = sum(p[0] for p in red) / len(red)
    centre_y = sum(p[1] for p in red) / len(red)
    line = "天池镇人民调解委员会（印章）"
    assert x < centre_x < x + len(line) * size  # over the committee's name, left to right
    assert y - 2 * size < centre_y < y + size  # and on its line
    # The seal covers part of the name: some red lies on the line itself.
    assert any(abs(py - (y - size / 2)) < size / 2 and x <= px for px, py in red)


@needs_pdftoppm
def test_an_unsealed_agreement_shows_no_seal(settled_case, agreement_pdf):
    content = agreement_pdf(settled_case(sealed=False))
    page, _x, _y, _size = find_line(content, "人民调解委员会（印章）")
    assert red_pixels(render_page(content, page)) == []


def test_the_qr_code_draws_its_modules_not_a_black_square():
    from mediation.outcomes.pdf import QrCode

    code = QrCode("https://mediation.test/disputes/ABCD1234", 60)
    covered = sum(square.width * square.height for square in code.squares)
    assert 0.2 * 60 * 60 < covered < 0.8 * 60 * 60  # about half the square is dark
