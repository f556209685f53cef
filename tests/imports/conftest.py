"""Import files built in memory, and the caseload generator loaded from scripts/."""

import importlib.util
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from mediation.imports import operations
from mediation.imports.columns import COLUMNS, Kind

ROOT = Path(__file__).resolve().parents[2]


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_2020_caseload", ROOT / "scripts" / "make_2020_caseload.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def headers(kind: Kind) -> list[str]:
    return [c.header for c in COLUMNS[kind]]


def xlsx(rows: list[list], header: list | None = None, kind: Kind = Kind.CASES) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header if header is not None else headers(kind))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def case_row(**overrides) -> list:
    values = {
        "source_ref": "2020-0001",
        "township": "天池镇",
        "village": "红光村",
        "category": "邻里",
        "channel": "来访",
        "description": "排水沟堵塞引发争执",
        "amount": 3000,
        "filed_on": "2020-03-02",
        "closed_on": "2020-03-20",
        "outcome": "调解成功",
        "agreement": "书面协议",
        "mediator_mobile": "",
        "applicant_name": "李明",
        "applicant_mobile": "13900000001",
        "respondent_name": "张华",
        "respondent_mobile": "",
    }
    values.update(overrides)
    return [values[c.key] for c in COLUMNS[Kind.CASES]]


@pytest.fixture
def upload(client):
    """Upload a file through the page; return the response."""

    def send(kind: str, content: bytes, filename: str = "history.xlsx"):
        return client.post(
            "/admin/imports/new",
            data={"kind": kind, "file": (io.BytesIO(content), filename)},
            content_type="multipart/form-data",
        )

    return send


@pytest.fixture
def run_worker():
    def run() -> int:
        return operations.run_queued("test-worker")

    return run
