"""The case file (卷宗): cover, 卷内目录 with page numbers, the parts in order, the originals."""

import hashlib
import io
import re
import zipfile
from datetime import UTC, datetime, timedelta

import pypdf
import pytest
import time_machine
from flask_babel import force_locale

from mediation.accounts.models import Role
from mediation.disputes.models import Attachment
from mediation.extensions import db
from mediation.outcomes import casefile
from mediation.outcomes.casefile_contents import PARTS
from mediation.outcomes.oral import record_oral_agreement
from mediation.scheduling.models import MediationSession
from tests.outcomes.conftest import sign_all

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
EVIDENCE = b"%PDF-1.4 a photo of the wall, as a scan\n"


def pages_of(content: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def titles() -> dict[str, str]:
    with force_locale("zh_CN"):
        return {part.key: str(part.title) for part in PARTS}


@pytest.fixture
def filed_case(settled_case, coordinator):
    """A settled case with a session held and one piece of evidence uploaded."""
    dispute = settled_case()
    start = NOW - timedelta(days=3)
    db.session.add(
        MediationSession(
            uid=f"casefile-{dispute.id}@test",
            dispute_id=dispute.id,
            mediator_id=dispute.mediator_id,
            start_at=start,
            end_at=start + timedelta(hours=1),
            mode="in_person",
            status="completed",
        )
    )
    db.session.add(
        Attachment(
            dispute_id=dispute.id,
            filename="围墙照片.pdf",
            content_type="application/pdf",
            size=len(EVIDENCE),
            sha256=hashlib.sha256(EVIDENCE).hexdigest(),
            content=EVIDENCE,
            uploaded_by_id=coordinator.id,
        )
    )
    db.session.flush()
    return dispute


@pytest.fixture
def rendered(app, filed_case):
    with time_machine.travel(NOW, tick=False), app.test_request_context(), force_locale("en"):
        return pages_of(casefile.case_file_pdf(filed_case, "协调员"))


def contents_page(pages: list[str]) -> str:
    return next(p for p in pages if "卷内目录" in p)


def listed_page(pages: list[str], number: int, title: str) -> str:
    """The 页号 the contents give a part: the cell after its title, empty when there is none."""
    lines = [line.strip() for line in contents_page(pages).splitlines()]
    at = next(i for i, line in enumerate(lines) if line == title and lines[i - 1] == str(number))
    return lines[at + 1]


def page_numbered(pages: list[str], number: str) -> str:
    """The page whose footer reads 第N页."""
    found = [p for p in pages if f"第{number}页" in flat(p)]
    assert len(found) == 1, f"{len(found)} pages are numbered {number}"
    return found[0]


def test_the_cover_comes_first_with_the_case_particulars(rendered, filed_case):
    cover = flat(rendered[0])
    for label in ("调解卷宗", "卷名", "卷号", "人民调解员", "调解日期", "立卷人", "保管期限"):
        assert label in cover, label
    assert "王芳与李强" in cover and filed_case.display_code in cover
    assert filed_case.mediator.name in cover and "协调员" in cover and "长期" in cover
    assert "2026年12月1日" in cover


def test_the_cover_carries_the_agreements_number_and_the_committee_that_sealed_it(app, filed_case):
    committee = filed_case.organisation or filed_case.township
    committee.committee_name = "乐至县天池镇人民调解委员会"
    with time_machine.travel(NOW, tick=False):
        agreement = sign_all(filed_case)
    assert agreement.number == "（2026）乐人调字第1号"
    with time_machine.travel(NOW, tick=False), app.test_request_context():
        cover = flat(pages_of(casefile.case_file_pdf(filed_case, "协调员"))[0])
    assert "乐至县天池镇人民调解委员会" in cover
    assert "卷号（2026）乐人调字第1号" in cover


def test_before_the_agreement_is_in_force_the_file_number_is_left_to_write_in(rendered):
    assert "人调字第号" in flat(rendered[0]) and "乐人调字第1号" not in flat(rendered[0])


def test_the_contents_page_comes_second_with_every_standard_line(rendered):
    assert "卷内目录" in rendered[1]
    contents = flat(rendered[1])
    for number, title in enumerate(titles().values(), start=1):
        assert f"{number}{flat(title)}" in contents, title
    assert f"{len(PARTS) + 1}封底" in contents


@pytest.mark.parametrize(
    "key",
    ["registration", "rights_notice", "identity", "evidence", "mediation_record", "agreement"],
)
def test_a_part_with_documents_starts_on_the_page_the_contents_give(rendered, key):
    number = [p.key for p in PARTS].index(key) + 1
    title = titles()[key]
    page = listed_page(rendered, number, title)
    assert page.isdigit(), f"{title} has no page number"
    assert flat(f"{number}. {title}") in flat(page_numbered(rendered, page))


@pytest.mark.parametrize(
    "key", ["power_of_attorney", "investigation", "performance", "follow_up", "explanation"]
)
def test_a_part_with_nothing_yet_is_listed_without_a_page(rendered, key):
    number = [p.key for p in PARTS].index(key) + 1
    title = titles()[key]
    assert listed_page(rendered, number, title) == "—"
    required = next(p for p in PARTS if p.key == key).required
    assert f"{number}{flat(title)}—{'缺' if required else '无'}" in flat(contents_page(rendered))


def test_the_parts_follow_in_the_official_order(rendered):
    body = flat("".join(rendered[2:]))
    headings = [f"{n}.{flat(title)}" for n, title in enumerate(titles().values(), start=1)]
    positions = [body.find(h) for h in headings if h in body]
    assert len(positions) >= 6 and positions == sorted(positions)


def test_the_rights_notice_says_who_acknowledged_it(rendered):
    first = int(listed_page(rendered, 2, titles()["rights_notice"]))
    after = int(listed_page(rendered, 3, titles()["identity"]))
    text = flat("".join(page_numbered(rendered, str(n)) for n in range(first, after)))
    assert "根据《中华人民共和国人民调解法》" in text
    assert "当事人确认收到告知书" in text and "王芳尚未确认" in text


def test_the_mediation_record_of_each_session_is_filed(rendered):
    page = listed_page(rendered, 7, titles()["mediation_record"])
    assert "第1场调解记录" in flat(page_numbered(rendered, page))


def test_the_notes_say_which_required_documents_are_missing(app, settled_case):
    dispute = settled_case()  # no session held: no mediation record
    with time_machine.travel(NOW, tick=False), app.test_request_context():
        pages = pages_of(casefile.case_file_pdf(dispute, "协调员"))
    title = titles()["explanation"]
    text = flat(page_numbered(pages, listed_page(pages, 12, title)))
    assert "本卷缺少" in text and flat(titles()["mediation_record"]) in text


def test_the_back_cover_counts_the_pages_and_the_attachments(rendered):
    back = flat(rendered[-1])
    assert "备考表" in back
    assert f"本卷共{len(rendered) - 2}页，附件1件" in back
    assert f"第{len(rendered) - 2}页" in back


def test_the_zip_holds_the_originals_with_their_hashes(client, login, filed_case, coordinator):
    login(coordinator)
    response = client.get(f"/disputes/{filed_case.code}/case-file.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.read("originals/01-围墙照片.pdf") == EVIDENCE
    sums = dict(
        reversed(line.split("  ", 1))
        for line in archive.read("SHA256SUMS.txt").decode().splitlines()
    )
    for name in archive.namelist():
        if name != "SHA256SUMS.txt":
            assert sums[name] == hashlib.sha256(archive.read(name)).hexdigest(), name
    assert sums["originals/01-围墙照片.pdf"] == filed_case.attachments[0].sha256


def test_a_chosen_retention_period_is_on_the_cover(client, login, filed_case, coordinator):
    login(coordinator)
    response = client.get(f"/disputes/{filed_case.code}/case-file.pdf?retention=永久")
    assert "永久" in flat(pages_of(response.data)[0])


def test_an_unknown_retention_period_is_refused(client, login, filed_case, coordinator):
    login(coordinator)
    response = client.get(f"/disputes/{filed_case.code}/case-file.pdf?retention=forever")
    assert response.status_code == 422


def test_another_townships_staff_do_not_find_the_case_file(
    client, login, filed_case, create_user, county
):
    login(create_user(Role.COORDINATOR, county["stations"][1]))
    for name in ("case-file.pdf", "case-file.zip"):
        assert client.get(f"/disputes/{filed_case.code}/{name}").status_code == 404


def test_an_oral_agreement_is_filed_in_the_agreements_place(app, settled_case):
    dispute = settled_case()
    oral = {
        "content": "李强当场向王芳赔礼道歉。",
        "performance": "当场履行。",
        "performed": "已履行",
    }
    with time_machine.travel(NOW, tick=False):
        record_oral_agreement(dispute, oral, dispute.mediator.user)
        with app.test_request_context():
            pages = pages_of(casefile.case_file_pdf(dispute, "协调员"))
    page = listed_page(pages, 8, titles()["agreement"])
    text = flat("".join(pages[pages.index(page_numbered(pages, page)) :]))
    assert "口头协议登记表" in text and "李强当场向王芳赔礼道歉。" in text
