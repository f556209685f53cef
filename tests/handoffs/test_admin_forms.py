"""The hand-off administration forms: refused input comes back on the page, nothing saved."""

from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.handoffs.agencies import DeadlineRule


def _rules() -> int:
    return db.session.scalar(select(func.count()).select_from(DeadlineRule))


def test_a_rule_for_an_unknown_referral_type_comes_back_with_422(client, login, create_user):
    login(create_user(Role.ADMIN))
    before = _rules()
    response = client.post(
        "/handoffs/admin/rules",
        data={"referral_type": "nonsense", "days": "10", "working_days": "true"},
    )
    assert response.status_code == 422
    assert "请从列表中选择。" in response.get_data(as_text=True)
    assert _rules() == before


def test_a_rule_with_days_that_are_not_a_number_comes_back_with_422(client, login, create_user):
    login(create_user(Role.ADMIN))
    before = _rules()
    response = client.post("/handoffs/admin/rules", data={"referral_type": "police", "days": "ten"})
    assert response.status_code == 422
    assert _rules() == before


def test_a_webhook_address_that_is_not_http_comes_back_with_422(
    client, login, create_user, create_agency
):
    police = create_agency("police")
    login(create_user(Role.ADMIN))
    response = client.post(
        f"/handoffs/admin/agencies/{police.id}/webhook", data={"webhook_url": "ftp://x.example"}
    )
    assert response.status_code == 422
    assert "请输入 http(s) 地址。" in response.get_data(as_text=True)
    db.session.refresh(police)
    assert police.webhook_url is None


def test_a_webhook_address_is_saved_with_a_secret(client, login, create_user, create_agency):
    police = create_agency("police")
    login(create_user(Role.ADMIN))
    response = client.post(
        f"/handoffs/admin/agencies/{police.id}/webhook",
        data={"webhook_url": "https://police.example/hook"},
    )
    assert response.status_code == 302
    db.session.refresh(police)
    assert police.webhook_url == "https://police.example/hook"
    assert len(police.webhook_secret) == 64


def test_an_outbound_hand_off_without_its_fields_shows_what_is_missing(client, login, coordinator):
    login(coordinator)
    response = client.post("/handoffs/outbound", data={"summary": "不宜调解"})
    assert response.status_code == 422
    assert "此项必填。" in response.get_data(as_text=True)
