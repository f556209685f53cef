"""The availability form's error summary names and links its fields in error."""

from tests.disputes.test_error_summary import assert_targets_exist, links_of

FORM = {
    "timezone": "Asia/Shanghai",
    "weekly_0": "08:30-11:30",
    "slot_minutes": "60",
    "interval_minutes": "30",
    "buffer_before_minutes": "0",
    "buffer_after_minutes": "15",
    "min_notice_minutes": "60",
    "horizon_days": "30",
}


def test_the_availability_summary_links_each_field_in_error(client, login, create_mediator):
    login(create_mediator().user)
    page = client.post("/availability", data=FORM | {"weekly_1": "下午", "slot_minutes": "0"})
    links = links_of(page.get_data(as_text=True))
    assert links["weekly_1"] == "星期二"
    assert links["slot_minutes"] == "每次时长（分钟）"
    assert_targets_exist(page.get_data(as_text=True), links)
