"""Stored keys are named in words through one function per kind, and zones by their names."""

import logging
from datetime import UTC, datetime

import pytest
from flask import render_template_string
from flask_babel import force_locale

from mediation.accounts.assurance import Assurance
from mediation.accounts.models import Role
from mediation.core.i18n import local_time_text, zone_name
from mediation.core.labels import SOURCES, label, labels_of
from mediation.disputes.categories import ACTIONS
from mediation.disputes.lifecycle import State
from mediation.disputes.rights import PartyActKind
from mediation.mediators.models import AssignmentStatus, RecusalStatus, RelationKind
from mediation.organisations.models import OrgKind
from mediation.outcomes.models import FollowUpResult, Result
from mediation.scheduling.lifecycle import TRANSITIONS, SessionStatus
from mediation.scheduling.models import MODES

JUNE = datetime(2026, 6, 1, tzinfo=UTC)

# Each kind with every value its enum or tuple allows.
ENUMS = {
    "dispute_state": [s.value for s in State],
    "assignment_status": [s.value for s in AssignmentStatus],
    "recusal_status": [s.value for s in RecusalStatus],
    "relation_kind": [k.value for k in RelationKind],
    "outcome_result": [r.value for r in Result],
    "follow_up_result": [r.value for r in FollowUpResult],
    "role": [r.value for r in Role],
    "organisation_kind": [k.value for k in OrgKind],
    "session_status": [s.value for s in SessionStatus],
    "session_mode": list(MODES),
    "room_state": ["waiting", "started", "ended"],
    "assurance": [a.value for a in Assurance],
    "party_act": [a.value for a in PartyActKind],
}
# Audit events whose kind is built from a value at run time (f"assignment.{status}").
BUILT_EVENTS = [
    *(f"dispute.{action}" for action in ACTIONS),
    *(f"party_act.{act.value}" for act in PartyActKind),
    *(f"session.{t.target}" for t in TRANSITIONS.values() if t.action != "reschedule"),
    *(f"assignment.{s.value}" for s in AssignmentStatus),
    *(f"recusal.{s.value}" for s in RecusalStatus if s != RecusalStatus.PENDING),
    "conflict.kept",
    "conflict.replaced",
]


@pytest.mark.parametrize("kind", sorted(ENUMS))
def test_every_value_of_an_enum_has_a_name(kind):
    assert sorted(set(ENUMS[kind]) - set(labels_of(kind))) == []


def test_every_built_event_kind_has_a_name():
    assert sorted(set(BUILT_EVENTS) - set(labels_of("event"))) == []


def test_every_declared_kind_loads():
    assert all(labels_of(kind) for kind in SOURCES)


def test_a_label_is_chinese_in_chinese_and_english_in_english(app):
    with app.test_request_context(), force_locale("zh_CN"):
        assert label("cancelled", "session_status") == "已取消"
        assert label("assignment.proposed", "event") == "已指派调解员，待其答复"
    with app.test_request_context(), force_locale("en"):
        assert label("cancelled", "session_status") == "Cancelled"


def test_an_unnamed_key_is_shown_as_is_and_logged(app, caplog):
    with app.test_request_context(), caplog.at_level(logging.WARNING, "mediation.core.labels"):
        assert label("teleported", "session_status") == "teleported"
        assert label(None, "session_status") == ""
    assert "teleported" in caplog.text


def test_templates_have_the_label_and_zone_filters(app):
    with app.test_request_context(), force_locale("zh_CN"):
        page = render_template_string(
            "{{ 'no_show'|label('session_status') }} {{ 'Asia/Shanghai'|zone_name }}"
        )
    assert page == "未到场 北京时间"


def test_shanghai_is_beijing_time(app):
    with app.test_request_context(), force_locale("zh_CN"):
        assert zone_name("Asia/Shanghai") == "北京时间"
    with app.test_request_context(), force_locale("en"):
        assert zone_name("Asia/Shanghai") == "Beijing time"


@pytest.mark.parametrize(
    ("zone", "chinese", "english"),
    [
        ("Asia/Urumqi", "中国（乌鲁木齐）时间", "China (Ürümqi) Time"),
        ("America/New_York", "美国（纽约）时间", "United States (New York) Time"),
        ("Europe/London", "英国时间", "United Kingdom Time"),
        ("UTC", "协调世界时（UTC）", "Coordinated Universal Time (UTC)"),
    ],
)
def test_other_zones_are_named_by_their_place(app, zone, chinese, english):
    with app.test_request_context(), force_locale("zh_CN"):
        assert zone_name(zone) == chinese
    with app.test_request_context(), force_locale("en"):
        assert zone_name(zone) == english


def test_a_zone_without_a_place_is_named_by_its_offset(app):
    with app.test_request_context(), force_locale("zh_CN"):
        assert zone_name("Etc/GMT-8", at=JUNE) == "GMT+08:00"


def test_a_text_writes_local_time_and_the_zone_in_words(app):
    nine_thirty = datetime(2026, 6, 16, 1, 30, tzinfo=UTC)
    with app.test_request_context(), force_locale("zh_CN"):
        assert local_time_text(nine_thirty, "Asia/Shanghai") == "2026-06-16 09:30 北京时间"
        assert local_time_text(nine_thirty, "Nowhere/Else") == "2026-06-16 09:30 北京时间"
        assert (
            local_time_text(nine_thirty, "Asia/Shanghai", "en") == "2026-06-16 09:30 Beijing time"
        )
        assert local_time_text(nine_thirty, "Europe/London") == "2026-06-16 02:30 英国时间"
