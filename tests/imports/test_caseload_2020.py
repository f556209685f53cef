"""Lezhi's 2020 history through the pages reads back in the 2020 statistics report."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.demo.data import TOWNSHIPS
from mediation.extensions import db
from mediation.imports.models import ImportBatch
from mediation.organisations.models import Organisation, OrgKind
from mediation.reports.report_periods import parse_period
from mediation.reports.statistics import build_report
from tests.imports.conftest import load_generator, xlsx


@pytest.fixture
def lezhi():
    """A freshly set-up county: its centre and the 21 township stations, nothing else."""
    centre = Organisation(name="乐至县公共法律服务中心", kind=OrgKind.CENTRE, area="乐至县")
    stations = [
        Organisation(name=f"{t}工作站", kind=OrgKind.STATION, area=t, parent=centre)
        for t in TOWNSHIPS
    ]
    db.session.add_all([centre, *stations])
    db.session.flush()
    return centre


def _import(client, upload, run_worker, kind, content) -> ImportBatch:
    response = upload(kind, content, f"{kind}.xlsx")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert run_worker() == 1
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()


def test_the_2020_history_reads_back_in_the_2020_statistics_report(
    lezhi, create_user, login, client, upload, run_worker
):
    login(create_user(Role.COORDINATOR, lezhi))
    generator = load_generator()
    mediators = generator.mediator_rows()
    cases = generator.case_rows()
    screenings = generator.screening_rows()
    from mediation.imports.columns import Kind

    for kind, rows in (
        (Kind.MEDIATORS, mediators),
        (Kind.CASES, cases),
        (Kind.SCREENINGS, screenings),
    ):
        batch = _import(client, upload, run_worker, kind.value, xlsx(rows, kind=kind))
        assert (batch.status, batch.written_rows) == ("done", len(rows))

    report = build_report(parse_period("year", "2020", "Asia/Shanghai"), None)
    assert report.case_total["accepted"] == 1880
    assert report.case_total["settled"] == 1861
    assert report.case_total["not_settled"] == 19
    assert report.case_total["written"] + report.case_total["oral"] == 1861
    settled_amounts = sum(
        Decimal(str(r[6] or 0)) for r in cases if r[9] in ("调解成功", "部分成功")
    )
    assert report.case_total["amount"] == settled_amounts
    assert report.screening == {"runs": 4086, "found": 1172, "prevented": 797}
    assert report.mediators["total"] == len(mediators)
    assert report.not_counted["open_at_end"] == 0
    assert report.avg_days is not None and 0 < report.avg_days <= 28
    assert (
        build_report(parse_period("year", "2021", "Asia/Shanghai"), None).case_total["accepted"]
        == 0
    )

    again = _import(client, upload, run_worker, "cases", xlsx(cases, kind=Kind.CASES))
    assert (again.written_rows, again.skipped_rows) == (0, 1880)
    report = build_report(parse_period("year", "2020", "Asia/Shanghai"), None)
    assert report.case_total["accepted"] == 1880
