"""Certificates and training records: kept by the roster's keepers, shown on the profile."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent, events_for
from mediation.extensions import db
from mediation.roster.credentials import Certificate, TrainingRecord
from mediation.roster.hours import hours_per_year

CERTIFICATE = {
    "title": "人民调解员证",
    "number": "LZ-2025-017",
    "issued_by": "乐至县司法局",
    "issued_on": "2025-03-01",
    "expires_on": "2028-02-28",
}
TRAINING = {
    "course": "婚姻家庭纠纷调解技巧",
    "provider": "四川省司法厅",
    "held_on": "2026-04-02",
    "hours": "7.5",
    "note": "线上",
}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _train(mediator, day: date, hours: str) -> TrainingRecord:
    record = TrainingRecord(
        mediator=mediator, course="课程", provider="县司法局", held_on=day, hours=Decimal(hours)
    )
    db.session.add(record)
    db.session.flush()
    return record


def test_hours_are_totalled_per_year_latest_first():
    sessions = [
        (date(2025, 3, 1), Decimal("6")),
        (date(2026, 1, 5), Decimal("7.5")),
        (date(2026, 11, 30), Decimal("2.5")),
    ]
    assert hours_per_year(sessions) == [(2026, Decimal("10.0")), (2025, Decimal("6"))]
    assert hours_per_year([]) == []


def test_a_certificate_is_recorded_and_audited(
    client, login, coordinator, create_mediator, flashes
):
    mediator = create_mediator()
    login(coordinator)
    response = client.post(f"/admin/mediators/{mediator.id}/certificates", data=CERTIFICATE)
    assert response.status_code == 302
    certificate = db.session.scalar(select(Certificate))
    assert (certificate.mediator_id, certificate.expires_on) == (mediator.id, date(2028, 2, 28))
    assert events_for("mediator", mediator.id)[-1].action == "mediator.certificate_added"
    assert flashes()[-1][0] == "success"
    page = client.get(f"/admin/mediators/{mediator.id}").get_data(as_text=True)
    assert "LZ-2025-017" in page


def test_a_certificate_without_expiry_is_kept(client, login, coordinator, create_mediator):
    mediator = create_mediator()
    login(coordinator)
    data = {**CERTIFICATE, "expires_on": ""}
    assert client.post(f"/admin/mediators/{mediator.id}/certificates", data=data).status_code == 302
    assert db.session.scalar(select(Certificate.expires_on)) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"issued_on": "2025-02-30"}, "issued_on"),
        ({"issued_on": "yesterday"}, "issued_on"),
        ({"issued_on": "1890-01-01"}, "issued_on"),
        ({"expires_on": "2024-01-01"}, "expires_on"),
        ({"number": "x" * 61}, "number"),
    ],
)
def test_a_bad_certificate_comes_back_with_422(
    client, login, coordinator, create_mediator, overrides, field
):
    mediator = create_mediator()
    login(coordinator)
    before = _count(AuditEvent)
    response = client.post(
        f"/admin/mediators/{mediator.id}/certificates", data={**CERTIFICATE, **overrides}
    )
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert (_count(Certificate), _count(AuditEvent)) == (0, before)


def test_a_training_record_is_added_and_counted_on_the_profile(
    client, login, coordinator, create_mediator
):
    mediator = create_mediator()
    _train(mediator, date(2026, 1, 10), "2.5")
    _train(mediator, date(2025, 6, 1), "4")
    login(coordinator)
    response = client.post(f"/admin/mediators/{mediator.id}/training", data=TRAINING)
    assert response.status_code == 302
    record = db.session.scalar(select(TrainingRecord).where(TrainingRecord.note == "线上"))
    assert record.hours == Decimal("7.5")
    assert events_for("mediator", mediator.id)[-1].data["hours"] == "7.5"
    profile = client.get(f"/mediators/{mediator.id}").get_data(as_text=True)
    assert "2026: 10.0 h" in profile or "2026 年：10.0 学时" in profile
    assert "婚姻家庭纠纷调解技巧" in profile


def test_the_mediator_sees_their_own_training_hours(client, login, create_mediator):
    mediator = create_mediator()
    _train(mediator, date(2026, 3, 3), "3.5")
    login(mediator.user)
    page = client.get(f"/mediators/{mediator.id}").get_data(as_text=True)
    assert "3.5" in page
    assert f"/admin/mediators/{mediator.id}" not in page


@pytest.mark.parametrize("hours", ["-2", "0", "501", "1e9", "7.25", "seven", "NaN", "Infinity", ""])
def test_bad_hours_come_back_with_422(client, login, coordinator, create_mediator, hours):
    mediator = create_mediator()
    login(coordinator)
    response = client.post(
        f"/admin/mediators/{mediator.id}/training", data={**TRAINING, "hours": hours}
    )
    assert response.status_code == 422
    assert 'id="hours-error"' in response.get_data(as_text=True)
    assert _count(TrainingRecord) == 0


def test_a_certificate_and_a_training_record_are_removed(
    client, login, coordinator, create_mediator, flashes
):
    mediator = create_mediator()
    record = _train(mediator, date(2026, 3, 3), "3")
    certificate = Certificate(
        mediator=mediator, title="证", number="1", issued_by="局", issued_on=date(2025, 1, 1)
    )
    db.session.add(certificate)
    db.session.flush()
    login(coordinator)
    url = f"/admin/mediators/{mediator.id}"
    assert client.post(f"{url}/training/{record.id}/delete").status_code == 303
    assert client.post(f"{url}/certificates/{certificate.id}/delete").status_code == 303
    assert (_count(TrainingRecord), _count(Certificate)) == (0, 0)
    actions = [e.action for e in events_for("mediator", mediator.id)]
    assert actions[-2:] == ["mediator.training_removed", "mediator.certificate_removed"]
    assert [category for category, _ in flashes()] == ["success", "success"]


def test_someone_elses_records_cannot_be_removed(
    client, login, coordinator, create_mediator, create_user, county
):
    mine, theirs = create_mediator(), create_mediator(organisation=county["stations"][1])
    record = _train(theirs, date(2026, 3, 3), "3")
    login(coordinator)
    # Another mediator's record named under one's own mediator: not found.
    response = client.post(f"/admin/mediators/{mine.id}/training/{record.id}/delete")
    assert response.status_code == 404
    assert client.post(f"/admin/mediators/{mine.id}/certificates/99999/delete").status_code == 404
    # A station's coordinator does not reach the other station's mediator at all.
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    response = client.post(f"/admin/mediators/{theirs.id}/training/{record.id}/delete")
    assert response.status_code == 404
    response = client.post(f"/admin/mediators/{theirs.id}/training", data=TRAINING)
    assert response.status_code == 404
    assert _count(TrainingRecord) == 1


def test_a_mediator_saving_their_profile_keeps_a_free_language_entry(
    client, login, create_mediator
):
    mediator = create_mediator(languages=["sichuanese", "客家话"])
    login(mediator.user)
    page = client.get(f"/mediators/{mediator.id}").get_data(as_text=True)
    assert 'value="客家话" id="lang-free-1" checked' in page
    response = client.post(
        f"/mediators/{mediator.id}", data={"languages": ["sichuanese", "客家话"]}
    )
    assert response.status_code == 302
    db.session.refresh(mediator)
    assert mediator.languages == ["sichuanese", "客家话"]
