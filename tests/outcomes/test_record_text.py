"""The mediation record is assembled from plain values: fixed facts give a fixed text and hash."""

from dataclasses import replace
from datetime import UTC, datetime

from mediation.outcomes import record_text as rt

APPLICANT = rt.Person("王芳", "party", "applicant")
RESPONDENT = rt.Person("李强", "party", "respondent")
MEDIATOR = rt.Person("张调解", "mediator")


def at(hour: int, minute: int) -> datetime:
    """An instant on 3 December 2026, UTC (Beijing is 8 hours ahead)."""
    return datetime(2026, 12, 3, hour, minute, tzinfo=UTC)


FACTS = rt.RecordFacts(
    code="ABC-2345",
    category="邻里纠纷",
    committee="天池镇人民调解委员会",
    mode="video",
    location="",
    starts_at=at(2, 0),
    ends_at=at(3, 30),
    zone="Asia/Shanghai",
    mediator="张调解",
    recorder="张调解",
    parties=(APPLICANT, RESPONDENT),
    stays=(
        rt.Stay(MEDIATOR, at(1, 58), at(3, 25)),
        rt.Stay(APPLICANT, at(2, 1), at(3, 20)),
        rt.Stay(RESPONDENT, None, None),
    ),
    movements=(
        rt.Movement(at(1, 58), MEDIATOR, "join", "joint"),
        rt.Movement(at(2, 1), APPLICANT, "join", "lobby"),
        rt.Movement(at(2, 2), APPLICANT, "admit", "joint"),
        rt.Movement(at(2, 30), APPLICANT, "caucus", "caucus:applicant"),
        rt.Movement(at(3, 20), APPLICANT, "leave", "joint"),
    ),
    consents=(
        rt.Consent(at(2, 3), APPLICANT, True),
        rt.Consent(at(2, 4), APPLICANT, False),
    ),
    notes=(
        rt.Note(at(2, 5), "joint", "告知当事人权利义务，当事人表示清楚。"),
        rt.Note(at(2, 35), "caucus:applicant", "申请人私下表示可以让步到五千元。"),
    ),
)

EXPECTED = """人民调解记录
案件编号：ABC-2345
时间：2026年12月3日 10:00至11:30（北京时间）
地点：视频调解（线上）
事由：邻里纠纷
人民调解委员会：天池镇人民调解委员会
调解员：张调解
当事人：王芳（申请人）、李强（被申请人）
参加人：无
记录人：张调解

一、出席情况
张调解（调解员）：09:58到场，11:25离开
王芳（申请人）：10:01到场，11:20离开
李强（被申请人）：未到场

二、录音录像
王芳（申请人）：不同意录音录像（10:04）

三、调解经过
09:58 张调解（调解员）进入联合调解
10:01 王芳（申请人）进入等候区
10:02 王芳（申请人）被请入联合调解
10:30 王芳（申请人）转入与申请人单独沟通（背靠背）
11:20 王芳（申请人）离开

四、调解记录
10:05 告知当事人权利义务，当事人表示清楚。

以上记录经当事人阅读（或向当事人宣读）无误。
当事人（签名或按指印）：
调解员（签名）：
记录人（签名）：
人民调解委员会（印章）
"""
# sha256 of {"record": [the lines of EXPECTED]} as compact JSON, computed apart from the code.
EXPECTED_HASH = "8e57af729ba63175f043b5972f54550c8d8519d8448c26df94a842e3d9c44583"


def test_fixed_facts_give_the_fixed_text():
    assert rt.assemble_record(FACTS) == EXPECTED


def test_fixed_facts_give_the_fixed_hash():
    text = rt.assemble_record(FACTS)
    assert rt.record_hash(text) == rt.record_hash(EXPECTED)
    assert rt.record_hash(text) == EXPECTED_HASH


def test_assembling_twice_gives_the_same_text_and_hash():
    first, second = rt.assemble_record(FACTS), rt.assemble_record(replace(FACTS))
    assert first == second and rt.record_hash(first) == rt.record_hash(second)


def test_what_was_said_in_a_caucus_never_appears_in_the_record():
    text = rt.assemble_record(FACTS)
    assert "五千元" not in text
    assert "让步" not in rt.canonical(text)


def test_a_caucus_note_changes_neither_the_text_nor_the_hash():
    more = replace(
        FACTS, notes=(*FACTS.notes, rt.Note(at(2, 40), "caucus:respondent", "被申请人的底线。"))
    )
    assert rt.assemble_record(more) == rt.assemble_record(FACTS)


def test_a_changed_joint_note_changes_the_hash():
    changed = replace(FACTS, notes=(rt.Note(at(2, 5), "joint", "双方同意继续调解。"),))
    assert rt.record_hash(rt.assemble_record(changed)) != rt.record_hash(EXPECTED)


def test_the_order_the_events_arrive_in_does_not_change_the_text():
    shuffled = replace(FACTS, movements=tuple(reversed(FACTS.movements)))
    assert rt.assemble_record(shuffled) == EXPECTED


def test_a_session_in_person_names_its_room_and_its_helpers():
    helper = rt.Person("赵村长", "other")
    facts = replace(
        FACTS,
        mode="in_person",
        location="天池镇调解室",
        helpers=(helper,),
        stays=(rt.Stay(helper, at(2, 0), None),),
        movements=(rt.Movement(at(2, 0), helper, "arrive"),),
        consents=(),
    )
    text = rt.assemble_record(facts)
    assert "地点：天池镇调解室" in text and "参加人：赵村长" in text
    assert "赵村长：10:00到场" in text and "10:00 赵村长到场" in text
    assert "本次调解未录音录像。" in text


def test_the_hash_covers_the_text_whatever_its_line_ends():
    assert rt.record_hash(EXPECTED.replace("\n", "\r\n")) == rt.record_hash(EXPECTED)
