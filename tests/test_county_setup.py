"""A county set up from pages alone reads its 2020 history back in the statistics report.

On an empty database the first administrator comes from the CLI; everything after is pages:
the organisation tree, the shipped holiday calendar, the import templates, the imports of the
mediators, the 2020 caseload and the screenings, and the 2020 statistics report.
"""

import io
import re

from openpyxl import load_workbook
from sqlalchemy import func, select

from mediation.demo.data import TOWNSHIPS
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.imports import operations
from mediation.imports.columns import COLUMNS, Kind
from mediation.organisations.models import Organisation
from tests.accounts.conftest import latest_code
from tests.imports.conftest import load_generator, xlsx

ADMIN = "13311112222"


def _log_in_as_first_admin(runner, client) -> None:
    result = runner.invoke(args=["accounts", "create-admin", "--name", "王管理", "--mobile", ADMIN])
    assert result.exit_code == 0, result.output
    assert client.post("/login/code/send", data={"mobile": ADMIN}).status_code == 200
    code = latest_code(ADMIN)
    assert client.post("/login/code", data={"mobile": ADMIN, "code": code}).status_code == 302


def _build_the_tree(client) -> None:
    def add(url: str, **data) -> Organisation:
        response = client.post(url, data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return db.session.scalar(select(Organisation).where(Organisation.name == data["name"]))

    centre = add("/admin/organisations/new", kind="centre", name="乐至县公共法律服务中心")
    for town in TOWNSHIPS:
        add(
            f"/admin/organisations/{centre.id}/new", kind="station", name=f"{town}工作站", area=town
        )


def _import(client, kind: Kind, content: bytes) -> str:
    response = client.post(
        "/admin/imports/new",
        data={"kind": kind.value, "file": (io.BytesIO(content), f"{kind.value}-2020.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    # The scheduler's job writes the batch; here it runs once, in the test's process.
    assert operations.run_queued("setup-test") == 1
    return client.get(response.headers["Location"]).get_data(as_text=True)


def _report_cells(client) -> list:
    response = client.get("/reports/statistics/report.xlsx?kind=year&period=2020")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    return [cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row]


def test_a_county_set_up_from_pages_reads_its_2020_history_back(runner, client):
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
    _log_in_as_first_admin(runner, client)
    _build_the_tree(client)

    calendar = client.get("/admin/calendar/").get_data(as_text=True)
    for year in (2025, 2026):
        assert f"国务院办公厅关于{year}年部分节假日安排的通知" in calendar
    # It is December 2026 on the suite's clock and the 2027 notice is not out: admins are told.
    assert "2027" in client.get("/admin").get_data(as_text=True)

    template = client.get("/admin/imports/template/cases.xlsx")
    assert template.status_code == 200 and template.data[:2] == b"PK"

    generator = load_generator()
    bad = generator.case_rows()[:3]
    bad[1][[c.key for c in COLUMNS[Kind.CASES]].index("filed_on")] = "2020-02-30"
    refused = client.post(
        "/admin/imports/new",
        data={"kind": "cases", "file": (io.BytesIO(xlsx(bad)), "bad.xlsx")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    assert re.search(r"\b3\b", refused.get_data(as_text=True))  # the bad row, by its number
    assert db.session.scalar(select(func.count()).select_from(Dispute)) == 0

    for kind, rows in (
        (Kind.MEDIATORS, generator.mediator_rows()),
        (Kind.CASES, generator.case_rows()),
        (Kind.SCREENINGS, generator.screening_rows()),
    ):
        page = _import(client, kind, xlsx(rows, kind=kind))
        assert str(len(rows)) in page

    report = client.get("/reports/statistics?kind=year&period=2020")
    assert report.status_code == 200
    cells = _report_cells(client)
    for figure in (1880, 1861, 4086, 1172, 797):
        assert figure in cells, figure
