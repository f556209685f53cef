from datetime import timedelta

from mediation.disputes.attachments import Upload
from mediation.handoffs import results
from mediation.handoffs.timeline import local_today
from mediation.reports.dashboard import build_dashboard
from mediation.reports.periods import Period
from mediation.reports.queries import overdue_handoffs

PDF = b"%PDF-1.4\nsigned\n%%EOF\n"


def last_year() -> Period:
    today = local_today()
    return Period(today - timedelta(days=365), today)


def test_open_referrals_past_their_due_day_are_counted_by_station(create_referral, county):
    first, second = county["stations"][0], county["stations"][1]
    long_ago = local_today() - timedelta(days=45)
    create_referral(
        signed_on=long_ago, township_id=first.id, village_id=None
    )  # 30 days: ten days late
    create_referral(signed_on=long_ago, township_id=second.id, village_id=None)
    create_referral(
        signed_on=local_today() - timedelta(days=3), township_id=first.id, village_id=None
    )
    assert overdue_handoffs(last_year(), None) == 2
    assert overdue_handoffs(last_year(), first.id) == 1
    assert build_dashboard(last_year(), second.id).totals["overdue_handoffs"] == 1


def test_a_result_sent_in_time_is_not_overdue(create_referral, coordinator):
    handoff = create_referral(signed_on=local_today() - timedelta(days=45))
    results.record_result(handoff, coordinator, "not_settled", "双方分歧大")
    assert overdue_handoffs(last_year(), None) == 0


def test_a_referral_flagged_overdue_stays_counted_after_its_result(create_referral, coordinator):
    from mediation.handoffs.reminders import watch_handoffs

    handoff = create_referral(signed_on=local_today() - timedelta(days=45))
    watch_handoffs()
    results.record_result(
        handoff,
        coordinator,
        "settled",
        agreement=Upload("协议.pdf", PDF),
        effective_on=local_today(),
    )
    assert overdue_handoffs(last_year(), None) == 1


def test_the_dashboard_and_its_exports_show_overdue_hand_offs(
    client, login, coordinator, create_referral
):
    create_referral(signed_on=local_today() - timedelta(days=45))
    login(coordinator)
    page = client.get("/reports", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Overdue hand-offs" in page
    csv = client.get("/reports/export.csv", headers={"Accept-Language": "en"})
    assert "Overdue hand-offs,1" in csv.get_data(as_text=True)
