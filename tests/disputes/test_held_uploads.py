"""Files chosen on a filing form that comes back with an error are kept for the next try."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from mediation.core.scheduler import PERIODIC
from mediation.disputes.models import Attachment, Dispute, HeldUpload
from mediation.extensions import db
from tests.disputes.test_pages import PDF, form_for

FIXED = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(FIXED, tick=False) as traveller:
        yield traveller


def send(client, data: dict, *files: tuple[bytes, str]):
    payload = dict(data)
    if files:
        payload["attachments"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post("/disputes/new", data=payload, content_type="multipart/form-data")


def holder_key(page: str) -> str:
    return re.search(r'name="upload_holder" value="([^"]+)"', page).group(1)


def held_ids(page: str) -> list[str]:
    return re.findall(r'name="remove_held" value="(\d+)"', page)


def attachments_of_last_dispute() -> list[str]:
    dispute = db.session.scalar(select(Dispute).order_by(Dispute.id.desc()))
    return [a.filename for a in dispute.attachments]


def held_count() -> int:
    return db.session.scalar(select(func.count()).select_from(HeldUpload))


def failed_with_a_receipt(client, county):
    """Send the form without a description but with a receipt; return the page that comes back."""
    response = send(client, form_for(county, description=""), (PDF, "收据.pdf"))
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_a_form_sent_back_lists_the_file_already_chosen_as_kept(client, county, clock):
    page = failed_with_a_receipt(client, county)
    assert "已保留的附件" in page and "收据.pdf" in page
    assert len(held_ids(page)) == 1
    assert "请重新选择" not in page


def test_the_kept_file_is_attached_when_the_form_is_finally_sent(client, county, clock):
    page = failed_with_a_receipt(client, county)
    response = send(client, form_for(county, upload_holder=holder_key(page)))
    assert response.status_code == 302
    assert attachments_of_last_dispute() == ["收据.pdf"]
    assert held_count() == 0


def test_kept_and_newly_chosen_files_are_both_attached(client, county, clock):
    page = failed_with_a_receipt(client, county)
    response = send(client, form_for(county, upload_holder=holder_key(page)), (PDF, "合同.pdf"))
    assert response.status_code == 302
    assert sorted(attachments_of_last_dispute()) == ["合同.pdf", "收据.pdf"]


def test_a_file_failing_the_attachment_checks_is_not_kept_and_says_why(client, county, clock):
    response = send(client, form_for(county, description=""), (b"MZ\x90\x00", "病毒.exe"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "病毒.exe" in page and held_ids(page) == [] and held_count() == 0


def test_removing_a_kept_file_confirms_and_it_is_not_attached(client, county, clock):
    page = failed_with_a_receipt(client, county)
    data = form_for(county, description="", upload_holder=holder_key(page))
    response = send(client, data | {"remove_held": held_ids(page)[0]})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "收据.pdf 已删除" in page and held_ids(page) == []
    assert "data-error-summary" not in page  # removing is not a failed submission
    send(client, form_for(county, upload_holder=holder_key(page)))
    assert attachments_of_last_dispute() == []


def test_removing_keeps_what_was_typed(client, county, clock):
    page = failed_with_a_receipt(client, county)
    data = form_for(county, description="围墙的事", upload_holder=holder_key(page))
    page = send(client, data | {"remove_held": held_ids(page)[0]}).get_data(as_text=True)
    assert "围墙的事" in page and "王芳" in page


def test_another_browsers_holder_key_attaches_nothing(app, client, county, clock):
    page = failed_with_a_receipt(client, county)
    stranger = app.test_client()
    response = send(stranger, form_for(county, upload_holder=holder_key(page)))
    assert response.status_code == 302
    assert attachments_of_last_dispute() == []
    assert held_count() == 1  # still the first browser's


def test_another_browser_cannot_remove_a_kept_file(app, client, county, clock):
    page = failed_with_a_receipt(client, county)
    stranger = app.test_client()
    stranger.get("/disputes/new")
    response = send(
        stranger, form_for(county, upload_holder=holder_key(page), remove_held=held_ids(page)[0])
    )
    assert "没有删除" in response.get_data(as_text=True)
    assert held_count() == 1


def test_a_kept_file_expires_after_the_configured_hours(app, client, county, clock):
    page = failed_with_a_receipt(client, county)
    clock.shift(timedelta(hours=app.config["HELD_UPLOAD_HOURS"], seconds=1))
    assert held_ids(client.get("/disputes/new").get_data(as_text=True)) == []
    send(client, form_for(county, upload_holder=holder_key(page)))
    assert attachments_of_last_dispute() == []


def test_the_periodic_job_purges_expired_held_files_only(app, client, county, clock):
    failed_with_a_receipt(client, county)
    clock.shift(timedelta(hours=app.config["HELD_UPLOAD_HOURS"] - 1))
    assert PERIODIC["disputes.purge_held_uploads"].function() == {"purged": 0}
    clock.shift(timedelta(hours=1, seconds=1))
    assert PERIODIC["disputes.purge_held_uploads"].function() == {"purged": 1}
    assert held_count() == 0


def test_holding_new_files_purges_expired_ones(app, client, county, clock):
    failed_with_a_receipt(client, county)
    clock.shift(timedelta(days=2))
    failed_with_a_receipt(client, county)
    assert held_count() == 1


def test_no_more_files_are_kept_than_a_case_may_have(app, client, county, clock):
    app.config["ATTACHMENTS_PER_DISPUTE"], limit = 2, app.config["ATTACHMENTS_PER_DISPUTE"]
    try:
        files = [(PDF, f"第{n}页.pdf") for n in range(3)]
        page = send(client, form_for(county, description=""), *files).get_data(as_text=True)
    finally:
        app.config["ATTACHMENTS_PER_DISPUTE"] = limit
    assert len(held_ids(page)) == 2 and "第2页.pdf" in page
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
