"""The staff's case list: newest first, ordered by a column, searched, paged where you are."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from mediation.accounts.models import Role
from mediation.extensions import db

FIRST_DAY = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def filed(create_dispute):
    """File disputes a day apart, oldest first, with the applicants' names given."""

    def file(*names: str, state: str = "submitted", **overrides):
        disputes = []
        for n, name in enumerate(names):
            dispute = create_dispute(state, **overrides)
            dispute.parties[0].name = name
            dispute.filed_at = FIRST_DAY + timedelta(days=n)
            disputes.append(dispute)
        db.session.flush()
        return disputes

    return file


def listed_codes(page: str) -> list[str]:
    """The case codes of the wide table, in their order."""
    if "<table" not in page:
        return []
    table = page[page.index("<table") :]
    return re.findall(r'class="case-code" href="/disputes/([0-9A-Z]+)"', table)


def test_the_list_opens_newest_first(client, login, coordinator, filed):
    old, middle, new = filed("赵一", "钱二", "孙三")
    login(coordinator)
    page = client.get("/disputes").get_data(as_text=True)
    assert listed_codes(page) == [new.code, middle.code, old.code]
    oldest = client.get("/disputes?sort=filed").get_data(as_text=True)
    assert listed_codes(oldest) == [old.code, middle.code, new.code]


def test_a_column_heading_orders_by_itself_and_then_the_other_way(
    client, login, coordinator, filed
):
    disputes = filed("赵一", "钱二", "孙三")
    login(coordinator)
    by_code = client.get("/disputes?sort=code").get_data(as_text=True)
    assert listed_codes(by_code) == sorted(d.code for d in disputes)
    assert 'aria-sort="ascending"' in by_code and "sort=-code" in by_code
    backwards = client.get("/disputes?sort=-code").get_data(as_text=True)
    assert listed_codes(backwards) == sorted((d.code for d in disputes), reverse=True)


def test_statuses_order_as_the_lifecycle_goes(client, login, coordinator, filed):
    [accepted] = filed("赵一", state="accepted")
    [submitted] = filed("钱二")
    login(coordinator)
    page = client.get("/disputes?sort=state").get_data(as_text=True)
    assert listed_codes(page) == [submitted.code, accepted.code]


def test_a_party_s_name_or_the_last_digits_of_a_mobile_find_the_case(
    client, login, coordinator, filed
):
    zhao, qian = filed("赵一", "钱二")
    login(coordinator)
    by_name = client.get("/disputes", query_string={"q": "钱"}).get_data(as_text=True)
    assert listed_codes(by_name) == [qian.code] and "钱二" in by_name
    tail = zhao.parties[0].mobile[-4:]
    by_mobile = client.get("/disputes", query_string={"q": tail}).get_data(as_text=True)
    assert listed_codes(by_mobile) == [zhao.code]
    respondent = qian.parties[-1].mobile
    assert listed_codes(client.get(f"/disputes?q={respondent}").get_data(as_text=True)) == [
        qian.code
    ]


def test_a_whole_code_opens_its_case_and_its_first_letters_list_it(
    client, login, coordinator, filed
):
    [dispute] = filed("赵一")
    login(coordinator)
    typed = dispute.display_code.lower()
    opened = client.get("/disputes", query_string={"q": typed})
    assert opened.status_code == 302 and opened.headers["Location"].endswith(dispute.code)
    prefix = client.get("/disputes", query_string={"q": dispute.code[:5]}).get_data(as_text=True)
    assert listed_codes(prefix) == [dispute.code]


def test_the_search_never_reaches_past_the_searchers_scope(
    client, login, create_user, county, filed
):
    [theirs] = filed("周八", township_id=county["stations"][1].id, village_id=None)
    [ours] = filed("周九")
    station = create_user(Role.COORDINATOR, county["stations"][0])
    login(station)
    page = client.get("/disputes", query_string={"q": "周"}).get_data(as_text=True)
    assert listed_codes(page) == [ours.code] and "周八" not in page
    # Not even a whole code opens another station's case.
    found = client.get("/disputes", query_string={"q": theirs.code})
    assert found.status_code == 200 and listed_codes(found.get_data(as_text=True)) == []


def test_the_api_list_searches_and_orders_as_the_page(client, coordinator, filed, auth_header):
    old, new = filed("吴五", "郑六")
    headers = auth_header(coordinator)
    newest = client.get("/api/v1/disputes", headers=headers).get_json()["items"]
    assert [d["code"] for d in newest] == [new.code, old.code]
    found = client.get("/api/v1/disputes", query_string={"q": "吴五"}, headers=headers)
    assert [d["code"] for d in found.get_json()["items"]] == [old.code]


@pytest.mark.parametrize(
    "query",
    [{"sort": "mobile"}, {"sort": "-"}, {"q": "王" * 61}, {"q": "王\x07"}],
    ids=["unknown column", "bare minus", "too long", "control character"],
)
def test_a_bad_order_or_search_is_refused_with_422(
    client, login, coordinator, filed, query, auth_header
):
    filed("赵一")
    login(coordinator)
    assert client.get("/disputes", query_string=query).status_code == 422
    api = client.get("/api/v1/disputes", query_string=query, headers=auth_header(coordinator))
    assert api.status_code == 422


def test_paging_says_where_you_are_and_keeps_the_search_and_order(
    client, login, coordinator, filed
):
    filed(*(f"王{n}" for n in range(45)))
    login(coordinator)
    page = client.get("/disputes?q=王&sort=filed&page=2").get_data(as_text=True)
    assert "21–40" in page and "45" in page
    links = re.findall(r'class="page-link" href="([^"]+)"', page)
    assert links and all("sort=filed" in link and "q=" in link for link in links)
    previous = re.search(r'href="([^"]+)" rel="prev"', page).group(1)
    assert "page=" not in previous and any("page=3" in link for link in links)


@pytest.fixture
def count_ahead(app):
    """The list counts at most five cases past its page, for one test."""
    kept = app.config["CASE_LIST_COUNT_AHEAD"]
    app.config["CASE_LIST_COUNT_AHEAD"] = 5
    yield 5
    app.config["CASE_LIST_COUNT_AHEAD"] = kept


def page_links(page: str) -> dict[str, str]:
    """The pagination's links by their words."""
    return {
        label: href.replace("&amp;", "&")
        for href, label in re.findall(r'class="page-link" href="([^"]+)"[^>]*>([^<]+)<', page)
    }


def test_a_list_longer_than_the_count_reaches_says_more_than_and_offers_the_next_page(
    client, login, coordinator, filed, count_ahead
):
    filed(*(f"王{n}" for n in range(30)))
    login(coordinator)
    page = client.get("/disputes?per_page=10", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Cases 1–10 of more than 15" in page and "Page 1</span>" in page
    links = page_links(page)
    assert "page=2" in links["Next"] and "Last" not in links
    # Near the end the count reaches the last case: the total and the last page are known.
    page = client.get("/disputes?per_page=10&page=2").get_data(as_text=True)
    assert "第 11–20 件，共 25 余件" in page and "page=3" in page_links(page)["下一页"]
    page = client.get("/disputes?per_page=10&page=3").get_data(as_text=True)
    assert "第 21–30 件，共 30 件" in page and "第 3 页，共 3 页" in page
    assert "下一页" not in page_links(page)


def test_the_chinese_list_says_how_many_more_in_its_words(
    client, login, coordinator, filed, count_ahead
):
    filed(*(f"王{n}" for n in range(30)))
    login(coordinator)
    page = client.get("/disputes?per_page=10").get_data(as_text=True)
    assert "第 1–10 件，共 15 余件" in page and "第 1 页</span>" in page


def test_the_api_counts_every_case_however_many(
    client, coordinator, filed, auth_header, count_ahead
):
    filed(*(f"王{n}" for n in range(30)))
    body = client.get("/api/v1/disputes?per_page=10", headers=auth_header(coordinator)).get_json()
    assert body["total"] == 30 and len(body["items"]) == 10
