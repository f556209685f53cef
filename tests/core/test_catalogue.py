"""Templates and labels find the request's catalogue once, and follow every change of language."""

from threading import Thread

from flask import render_template_string, session
from flask_babel import force_locale, refresh
from flask_login import login_user

from mediation.accounts.models import Role
from mediation.core.catalogue import catalogue
from mediation.core.labels import label

PAGE = (
    "{{ _('Case code') }}|{{ ngettext('%(num)d mediator', '%(num)d mediators', 3) }}"
    "|{{ 'submitted'|label('dispute_state') }}"
)
CHINESE = "案件编码|3 名调解员|已提交"
ENGLISH = "Case code|3 mediators|Submitted"


def test_a_page_speaks_chinese_by_default(app):
    with app.test_request_context():
        assert render_template_string(PAGE) == CHINESE


def test_a_page_speaks_the_language_the_reader_chose(app):
    with app.test_request_context():
        session["lang"] = "en"
        assert render_template_string(PAGE) == ENGLISH


def test_a_language_forced_for_a_while_is_spoken_inside_and_not_after(app):
    with app.test_request_context():
        assert render_template_string(PAGE) == CHINESE
        with force_locale("en"):
            assert render_template_string(PAGE) == ENGLISH
            assert label("assigned", "dispute_state") == "Assigned"
        assert render_template_string(PAGE) == CHINESE
        assert label("assigned", "dispute_state") == "已分配"


def test_a_language_changed_within_a_request_counts_once_babel_is_refreshed(app, create_user):
    reader = create_user(Role.COORDINATOR, locale="zh_CN")
    with app.test_request_context():
        login_user(reader)
        assert render_template_string(PAGE) == CHINESE
        reader.locale = "en"
        refresh()
        assert render_template_string(PAGE) == ENGLISH


def test_a_message_is_escaped_and_filled_in_as_jinja_does(app):
    with app.test_request_context(), force_locale("en"):
        rendered = render_template_string("{{ _('Case %(code)s', code='<b>') }}")
        assert rendered == "Case &lt;b&gt;"


def test_outside_an_application_messages_and_labels_are_as_written():
    # A thread of its own starts outside the application the suite's tests run in.
    said = []
    reader = Thread(
        target=lambda: said.extend(
            [catalogue().ugettext("Case code"), label("submitted", "dispute_state")]
        )
    )
    reader.start()
    reader.join()
    assert said == ["Case code", "Submitted"]
