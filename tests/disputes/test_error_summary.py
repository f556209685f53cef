"""The error summary names each field in error with its label and links to it."""

import re

import pytest

from mediation.core.assets import asset_url
from mediation.disputes.forms import filing_labels
from tests.disputes.test_pages import form_for


def summary_of(page: str) -> str:
    match = re.search(r"<div[^>]*data-error-summary[^>]*>(.*?)</div>", page, re.S)
    assert match, "no error summary on the page"
    return match.group(1)


def links_of(page: str) -> dict[str, str]:
    """Return {target id: link text} of the summary's links."""
    return dict(re.findall(r'<a href="#([^"]+)" data-error-link>([^<]+)</a>', summary_of(page)))


def assert_targets_exist(page: str, links: dict[str, str]) -> None:
    for target in links:
        assert f'id="{target}"' in page, f"the summary links to #{target}, which is not on the page"


def test_the_filing_summary_links_each_field_in_error_by_its_label(client, county):
    data = form_for(county, description="", amount="很多")
    page = client.post("/disputes/new", data=data).get_data(as_text=True)
    links = links_of(page)
    assert links["description"] == "发生了什么？"
    assert links["amount"] == "争议金额"
    assert_targets_exist(page, links)


def test_a_party_field_in_error_is_named_with_its_person(client, county):
    data = form_for(county, **{"respondents-0-mobile": "123"})
    page = client.post("/disputes/new", data=data).get_data(as_text=True)
    links = links_of(page)
    assert links["respondents-0-mobile"] == "被申请人 1 的手机号"
    assert_targets_exist(page, links)


def test_a_missing_category_links_to_its_group_of_choices(client, county):
    data = form_for(county)
    del data["category"]
    page = client.post("/disputes/new", data=data).get_data(as_text=True)
    assert "category" in links_of(page)
    assert 'id="category"' in page


def test_the_summary_is_focusable_and_its_script_is_on_every_page(app, client, county):
    page = client.post("/disputes/new", data=form_for(county, description="")).get_data(
        as_text=True
    )
    assert re.search(r'<div[^>]*tabindex="-1"[^>]*data-error-summary', page)
    with app.test_request_context():
        forms_script = asset_url("js/forms.js")
    assert f'<script src="{forms_script}" defer></script>' in page
    assert "<script>" not in page  # the CSP forbids inline script


def test_errors_for_rows_not_on_the_page_are_listed_without_a_link(app):
    with app.test_request_context():
        labels = filing_labels(
            {"respondents-3-name": ["x"], "preferred_mediator_id": ["y"], "amount": ["z"]},
            {"respondents": [{}]},
        )
    assert set(labels) == {"amount"}


def test_an_unlinked_message_still_appears_in_the_summary(client, county):
    data = form_for(county, preferred_mediator_id="999999")
    page = client.post("/disputes/new", data=data).get_data(as_text=True)
    assert "<li>请从列表中选择调解员。</li>" in summary_of(page)


@pytest.mark.parametrize(
    ("url", "data", "field", "label"),
    [
        ("/register", {"name": "", "mobile": "123", "password": "x"}, "mobile", "手机号"),
        ("/login", {"mobile": "", "password": ""}, "mobile", "手机号"),
    ],
)
def test_account_forms_link_their_fields_in_error(client, county, url, data, field, label):
    page = client.post(url, data=data).get_data(as_text=True)
    links = links_of(page)
    assert links.get(field) == label
    assert_targets_exist(page, links)
