"""Times in the case file and the agreement: a wall time the clock shows twice carries its offset.

On 2027-11-07 New York's clocks go back at 02:00 EDT to 01:00 EST, so 01:30 happens at 05:30Z
and again at 06:30Z. Beijing time has no such night and reads as it always has.
"""

from datetime import UTC, datetime

import time_machine
from flask_babel import format_datetime

from mediation.core.i18n import local_span
from mediation.disputes.links import case_link_token
from mediation.extensions import db
from mediation.outcomes import agreements
from mediation.scheduling.models import MediationSession
from tests.outcomes.conftest import sign_online
from tests.outcomes.test_pages import pdf_text

NEW_YORK = "America/New_York"
NOW = datetime(2027, 11, 8, 3, 0, tzinfo=UTC)
FIRST_0130 = datetime(2027, 11, 7, 5, 30, tzinfo=UTC)  # 01:30 EDT
SECOND_0130 = datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # 01:30 EST, an hour later
BEIJING_MORNING = datetime(2027, 11, 7, 1, 30, tzinfo=UTC)  # 09:30 Beijing time


def flat(text: str) -> str:
    return "".join(text.split())


def add_session(dispute, start, end) -> MediationSession:
    session = MediationSession(
        uid=f"doc-times-{dispute.id}-{start:%H%M}@test",
        dispute=dispute,
        mediator=dispute.mediator,
        start_at=start,
        end_at=end,
        mode="video",
        timezone=NEW_YORK,
    )
    db.session.add(session)
    db.session.flush()
    return session


def test_a_span_across_the_repeated_hour_carries_both_offsets(app, monkeypatch):
    monkeypatch.setitem(app.config, "TIMEZONE", NEW_YORK)
    with app.test_request_context("/"):
        assert local_span(FIRST_0130, SECOND_0130) == (
            "2027年11月7日 01:30:00（UTC-04:00） – 2027年11月7日 01:30:00（UTC-05:00）"
        )


def test_an_ambiguous_start_alone_carries_its_offset(app, monkeypatch):
    monkeypatch.setitem(app.config, "TIMEZONE", NEW_YORK)
    before = datetime(2027, 11, 7, 4, 30, tzinfo=UTC)  # 00:30 EDT, before the repeated hour
    with app.test_request_context("/"):
        assert local_span(before, FIRST_0130) == (
            "2027年11月7日 00:30:00 – 2027年11月7日 01:30:00（UTC-04:00）"
        )


def test_a_beijing_span_reads_as_before(app):
    end = BEIJING_MORNING.replace(hour=2)
    with app.test_request_context("/"):
        written = local_span(BEIJING_MORNING, end)
        assert written == f"{format_datetime(BEIJING_MORNING)} – {format_datetime(end)}"
    assert written == "2027年11月7日 09:30:00 – 2027年11月7日 10:30:00"


@time_machine.travel(NOW, tick=False)
def test_the_case_file_pdf_gives_a_session_in_the_repeated_hour_its_offsets(
    client, login, settled_case
):
    dispute = settled_case()
    add_session(dispute, FIRST_0130, SECOND_0130)
    dispute.mediator.user.timezone = NEW_YORK
    db.session.flush()
    login(dispute.mediator.user)
    text = flat(pdf_text(client.get(f"/disputes/{dispute.code}/case-file.pdf").data))
    assert "2027年11月7日01:30:00（UTC-04:00）–2027年11月7日01:30:00（UTC-05:00）" in text


@time_machine.travel(NOW, tick=False)
def test_the_case_file_pdf_in_beijing_time_carries_no_offsets(client, login, settled_case):
    dispute = settled_case()
    add_session(dispute, BEIJING_MORNING, BEIJING_MORNING.replace(hour=2))
    login(dispute.mediator.user)
    text = flat(pdf_text(client.get(f"/disputes/{dispute.code}/case-file.pdf").data))
    assert "2027年11月7日09:30:00–2027年11月7日10:30:00" in text
    assert "UTC" not in text


@time_machine.travel(NOW, tick=False)
def test_a_signature_in_the_repeated_hour_shows_its_offset_on_page_and_pdf(
    client, login, settled_case
):
    dispute = settled_case()
    applicant = dispute.applicants[0]
    sign_online(agreements.agreement_for(dispute), applicant.user, None, at=SECOND_0130)
    applicant.user.timezone = NEW_YORK
    db.session.flush()
    login(applicant.user)
    page = client.get(f"/disputes/{dispute.code}/agreement").get_data(as_text=True)
    assert "已在线签署（2027年11月7日 01:30:00（UTC-05:00））" in page
    pdf = flat(pdf_text(client.get(f"/disputes/{dispute.code}/agreement.pdf").data))
    assert "已在线签署（2027年11月7日01:30:00（UTC-05:00））" in pdf


@time_machine.travel(NOW, tick=False)
def test_a_signature_read_in_beijing_time_looks_as_before(client, settled_case):
    dispute = settled_case()
    applicant = dispute.applicants[0]
    sign_online(agreements.agreement_for(dispute), applicant.user, None, at=SECOND_0130)
    token = case_link_token(applicant)
    page = client.get(f"/c/{token}/agreement").get_data(as_text=True)
    assert "已在线签署（2027年11月7日 14:30:00）" in page
    pdf = flat(pdf_text(client.get(f"/c/{token}/agreement.pdf").data))
    assert "已在线签署（2027年11月7日14:30:00）" in pdf and "UTC" not in pdf
