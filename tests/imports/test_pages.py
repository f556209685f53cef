"""Uploading through the pages: a bad file is refused whole, a good one is written once."""

from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.imports.models import ImportBatch, ImportedRecord
from mediation.organisations.models import Organisation, OrgKind
from mediation.outcomes.models import Agreement, Outcome
from mediation.outcomes.record_models import OralAgreement
from mediation.reports.models import ScreeningLog
from mediation.roster.models import Mediator
from tests.imports.conftest import case_row, xlsx


def counts() -> tuple:
    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Dispute, Outcome, ImportBatch, ImportedRecord, ScreeningLog, Mediator)
    )


def other_county():
    centre = Organisation(name="外县中心", kind=OrgKind.CENTRE, area="外县")
    station = Organisation(name="外县镇工作站", kind=OrgKind.STATION, area="外县镇", parent=centre)
    db.session.add_all([centre, station])
    db.session.flush()
    return station


def test_a_good_file_is_queued_then_written_by_the_worker(
    county, create_user, login, client, upload, run_worker
):
    login(create_user(Role.ADMIN))
    rows = [
        case_row(),
        case_row(source_ref="2020-0002", agreement="口头协议", amount=""),
        case_row(source_ref="2020-0003", outcome="调解不成功", agreement="无"),
        case_row(source_ref="2020-0004", outcome="撤回", agreement="无"),
    ]
    response = upload("cases", xlsx(rows))
    assert response.status_code == 302
    batch = db.session.scalar(select(ImportBatch))
    assert batch.status == "queued" and batch.total_rows == 4
    assert db.session.scalar(select(func.count()).select_from(Dispute)) == 0
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "import-bar" in page
    assert run_worker() == 1
    progress = client.get(f"/admin/imports/{batch.id}/progress").get_json()
    assert progress == {
        "status": "done",
        "total": 4,
        "done": 4,
        "written": 4,
        "already_there": 0,
        "percent": 100,
        "finished": True,
    }
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 3
    assert db.session.scalar(select(func.count()).select_from(Agreement)) == 1
    assert db.session.scalar(select(func.count()).select_from(OralAgreement)) == 1
    imported = select(AuditEvent.action).where(AuditEvent.action.like("import.%"))
    assert list(db.session.scalars(imported)) == ["import.completed"]
    ends = select(AuditEvent.action, AuditEvent.occurred_at).where(
        AuditEvent.action.in_(("dispute.accept", "dispute.withdraw"))
    )
    assert [(a, t.date().isoformat()) for a, t in db.session.execute(ends)] == [
        ("dispute.accept", "2020-03-02"),
        ("dispute.withdraw", "2020-03-20"),
    ]


def test_the_same_file_again_writes_nothing_and_says_how_many_were_there(
    county, create_user, login, client, upload, run_worker
):
    login(create_user(Role.ADMIN))
    content = xlsx([case_row(), case_row(source_ref="2020-0002")])
    upload("cases", content)
    run_worker()
    before = db.session.scalar(select(func.count()).select_from(Dispute))
    response = upload("cases", xlsx([case_row(), case_row(source_ref="2020-0009")]))
    assert response.status_code == 302
    run_worker()
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert (batch.written_rows, batch.skipped_rows) == (1, 1)
    assert db.session.scalar(select(func.count()).select_from(Dispute)) == before + 1
    page = client.get(f"/admin/imports/{batch.id}").get_data(as_text=True)
    assert 'id="import-skipped">1<' in page


def test_a_bad_file_is_refused_whole_with_row_column_and_message(
    county, create_user, login, upload
):
    login(create_user(Role.ADMIN))
    before = counts()
    bad = [
        case_row(),
        case_row(source_ref="2020-0002", filed_on="2020-02-30"),
        case_row(source_ref="2020-0003", closed_on="2020-01-01"),
        case_row(source_ref="2020-0004", township="不存在镇"),
        case_row(source_ref="2020-0005", amount="很多"),
        case_row(),
        case_row(source_ref="2020-0006", applicant_name="=cmd|' /C calc'!A0"),
    ]
    response = upload("cases", xlsx(bad))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    for text in (
        "2020-02-30",
        "受理日期",
        "结案日期",
        "不存在镇",
        "很多",
        "原编号",
        "申请人姓名",
        "=cmd|",
    ):
        assert text in page
    assert counts() == before


def test_missing_columns_and_another_countys_township_are_refused(
    county, create_user, login, upload
):
    other_county()
    login(create_user(Role.COORDINATOR, county["centre"]))
    before = counts()
    response = upload("cases", xlsx([case_row(township="外县镇")]))
    assert response.status_code == 422
    assert "外县镇" in response.get_data(as_text=True)
    response = upload("cases", xlsx([["2020-1"]], header=["原编号"]))
    assert response.status_code == 422 and "受理日期" in response.get_data(as_text=True)
    assert counts() == before


def test_a_station_coordinator_imports_only_their_own_township(county, create_user, login, upload):
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    assert upload("cases", xlsx([case_row(township="童家镇", village="")])).status_code == 422
    assert upload("cases", xlsx([case_row()])).status_code == 302


def test_a_file_over_the_limits_gets_413_or_422(
    app, county, create_user, login, upload, monkeypatch
):
    login(create_user(Role.ADMIN))
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1000)
    response = upload("cases", xlsx([case_row()]))
    assert response.status_code == 413
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 10**7)
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 2)
    rows = [case_row(source_ref=f"2020-{n}") for n in range(3)]
    response = upload("cases", xlsx(rows))
    assert response.status_code == 422 and "2" in response.get_data(as_text=True)
    assert counts()[2] == 0


def test_a_text_file_named_xlsx_is_refused(county, create_user, login, upload):
    login(create_user(Role.ADMIN))
    response = upload("cases", b"\xd0\xcf\x11\xe0 not a workbook", "history.xlsx")
    assert response.status_code == 422 and "Excel" in response.get_data(as_text=True)


def test_a_failure_mid_way_removes_what_the_batch_had_written(
    app, county, create_user, login, upload, run_worker, monkeypatch
):
    from mediation.imports import writers

    login(create_user(Role.ADMIN))
    monkeypatch.setitem(app.config, "IMPORT_CHUNK_ROWS", 1)
    upload("cases", xlsx([case_row(source_ref=f"2020-{n}") for n in range(3)]))
    real, calls = writers.write_cases, []

    def failing(rows, zone):
        calls.append(rows)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real(rows, zone)

    monkeypatch.setattr(writers, "write_cases", failing)
    run_worker()
    batch = db.session.scalar(select(ImportBatch))
    assert batch.status == "failed" and "disk full" in batch.error
    assert db.session.scalar(select(func.count()).select_from(Dispute)) == 0
    assert db.session.scalar(select(func.count()).select_from(ImportedRecord)) == 0


def test_templates_download_with_chinese_headers_and_a_notes_sheet(
    county, create_user, login, client
):
    from io import BytesIO

    from openpyxl import load_workbook

    login(create_user(Role.COORDINATOR, county["centre"]))
    response = client.get("/admin/imports/template/cases.xlsx")
    book = load_workbook(BytesIO(response.data))
    assert book.sheetnames[:2] == ["数据", "说明"]
    assert book["数据"]["A1"].value == "原编号" and book["数据"]["A2"].value
    csv = client.get("/admin/imports/template/screenings.csv").data
    assert csv.startswith(b"\xef\xbb\xbf") and "排查次数".encode() in csv


def test_parties_and_mediators_are_refused_and_others_batches_are_not_found(
    county, create_user, login, client, upload
):
    admin = create_user(Role.ADMIN, county["stations"][0])
    login(admin)
    upload("cases", xlsx([case_row()]))
    batch = db.session.scalar(select(ImportBatch))
    login(create_user(Role.COORDINATOR, county["stations"][1]))
    assert client.get(f"/admin/imports/{batch.id}").status_code == 404
    assert client.get(f"/admin/imports/{batch.id}/progress").status_code == 404
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    assert client.get(f"/admin/imports/{batch.id}").status_code == 200
    login(create_user(Role.MEDIATOR, county["stations"][0]))
    assert client.get("/admin/imports/new").status_code == 403
    assert client.get(f"/admin/imports/{batch.id}").status_code == 404
