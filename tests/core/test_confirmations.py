"""The confirmation shown once after an action: its markup, and a check the other tests share."""

from pathlib import Path

from flask import flash, render_template
from flask_login import current_user

TEMPLATES = Path(__file__).parents[2] / "templates"


def shown_once(client, response, text: str) -> str:
    """Follow a redirect; assert the confirmation shows once there and is gone on the next load."""
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    landing = response.headers["Location"]
    page = client.get(landing).get_data(as_text=True)
    assert page.count(text) == 1, page[:3000]
    assert f'role="status">{text}</div>' in page
    again = client.get(landing).get_data(as_text=True)
    assert text not in again
    return page


def test_a_confirmation_is_a_large_status_alert_without_inline_code(app):
    with app.test_request_context("/"):
        flash("已保存。", "success")
        page = render_template("core/home.html", user=current_user)
    alert = '<div class="alert alert-success fs-5 flash-message" role="status">已保存。</div>'
    assert page.count(alert) == 1
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert "get_flashed_messages" in base and "style=" not in base and "<script>" not in base
