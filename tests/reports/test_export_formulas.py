"""A name typed as a formula comes out of the indicator exports as text."""

import csv
import io

import openpyxl

from mediation.extensions import db

HYPERLINK = '=HYPERLINK("https://evil.example/","点击")'


def test_a_mediator_named_like_a_formula_is_text_in_both_exports(
    client, login, coordinator, create_dispute
):
    dispute = create_dispute("in_mediation")
    dispute.mediator.user.name = HYPERLINK
    db.session.commit()
    login(coordinator)
    body = client.get("/reports/export.csv").get_data().decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + HYPERLINK in cells and HYPERLINK not in cells
    book = openpyxl.load_workbook(io.BytesIO(client.get("/reports/export.xlsx").data))
    values = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert "'" + HYPERLINK in [c.value for c in values]
    assert not [c for c in values if c.data_type == "f"]
