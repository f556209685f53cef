"""The mediation record (调解笔录) of one session, assembled from plain values (pure).

The record is a Chinese document, so its wording is Chinese here rather than in translations:
it reads the same whatever language the person printing it uses. The same facts always give
the same text and the same hash; what was said in a caucus (a note whose place is a caucus)
never reaches the text or the hash.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

JOINT = "joint"
SIDE_NAMES = {"applicant": "申请人", "respondent": "被申请人"}
PLACE_NAMES = {
    "lobby": "等候区",
    "joint": "联合调解",
    "caucus:applicant": "与申请人单独沟通（背靠背）",
    "caucus:respondent": "与被申请人单独沟通（背靠背）",
}
MOVES = {
    "join": "进入",
    "leave": "离开",
    "admit": "被请入",
    "lobby": "被请回",
    "caucus": "转入",
    "move": "转入",
    "gather": "回到",
    "remove": "被移出",
    "arrive": "到场",
    "depart": "离场",
    "phone_join": "通过电话接入",
    "phone_leave": "结束电话接入",
    "timer": "单独沟通计时结束，回到",
}
ZONE_NAMES = {"Asia/Shanghai": "北京时间"}
MODES = {"video": "视频调解（线上）", "in_person": "现场调解", "hybrid": "现场与视频结合"}
CLOSING = "以上记录经当事人阅读（或向当事人宣读）无误。"
FOOT = (
    "当事人（签名或按指印）：",
    "调解员（签名）：",
    "记录人（签名）：",
    "人民调解委员会（印章）",
)


@dataclass(frozen=True)
class Person:
    """Someone at the session: a party (with a side), the mediator, or an invited helper."""

    name: str
    role: str  # party | mediator | other
    side: str | None = None

    def label(self) -> str:
        if self.role == "mediator":
            return f"{self.name}（调解员）"
        if self.side in SIDE_NAMES:
            return f"{self.name}（{SIDE_NAMES[self.side]}）"
        return self.name


@dataclass(frozen=True)
class Stay:
    """When one person first arrived and last left, and whether they attended at all."""

    person: Person
    arrived_at: datetime | None
    left_at: datetime | None


@dataclass(frozen=True)
class Movement:
    """One step of the chronology: someone joined, left or moved to a place."""

    at: datetime
    person: Person
    kind: str
    place: str | None = None


@dataclass(frozen=True)
class Consent:
    """One yes or no to recording the session."""

    at: datetime
    person: Person
    consent: bool


@dataclass(frozen=True)
class Note:
    """What the mediator wrote down; `place` is joint or a caucus (kept out of the record)."""

    at: datetime
    place: str
    body: str


@dataclass(frozen=True)
class RecordFacts:
    """Everything the record of one session says, as plain values."""

    code: str
    category: str
    committee: str
    mode: str
    location: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    mediator: str
    recorder: str
    parties: tuple[Person, ...] = ()
    helpers: tuple[Person, ...] = ()
    stays: tuple[Stay, ...] = ()
    movements: tuple[Movement, ...] = ()
    consents: tuple[Consent, ...] = ()
    notes: tuple[Note, ...] = field(default_factory=tuple)


def joint_notes(notes: tuple[Note, ...]) -> list[Note]:
    """Return the notes of the joint session in time order; caucus notes never count."""
    return sorted((n for n in notes if n.place == JOINT), key=lambda n: (n.at, n.body))


def _date_time(at: datetime, zone: ZoneInfo) -> str:
    local = at.astimezone(zone)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def _clock(at: datetime, zone: ZoneInfo) -> str:
    return f"{at.astimezone(zone):%H:%M}"


def _header(facts: RecordFacts, zone: ZoneInfo) -> list[str]:
    helpers = "、".join(p.label() for p in facts.helpers) or "无"
    parties = "、".join(p.label() for p in facts.parties) or "无"
    zone_name = ZONE_NAMES.get(facts.zone, facts.zone)
    return [
        "人民调解记录",
        f"案件编号：{facts.code}",
        f"时间：{_date_time(facts.starts_at, zone)}至{_clock(facts.ends_at, zone)}（{zone_name}）",
        f"地点：{facts.location or MODES.get(facts.mode, facts.mode)}",
        f"事由：{facts.category}",
        f"人民调解委员会：{facts.committee}",
        f"调解员：{facts.mediator}",
        f"当事人：{parties}",
        f"参加人：{helpers}",
        f"记录人：{facts.recorder}",
    ]


def _attendance(facts: RecordFacts, zone: ZoneInfo) -> list[str]:
    lines = ["一、出席情况"]
    for stay in facts.stays:
        if stay.arrived_at is None:
            lines.append(f"{stay.person.label()}：未到场")
            continue
        left = f"，{_clock(stay.left_at, zone)}离开" if stay.left_at else ""
        lines.append(f"{stay.person.label()}：{_clock(stay.arrived_at, zone)}到场{left}")
    if len(lines) == 1:
        lines.append("未记录")
    return lines


def _consents(facts: RecordFacts, zone: ZoneInfo) -> list[str]:
    lines = ["二、录音录像"]
    latest: dict[Person, Consent] = {}
    for consent in sorted(facts.consents, key=lambda c: c.at):
        latest[consent.person] = consent
    for person, consent in latest.items():
        answer = "同意录音录像" if consent.consent else "不同意录音录像"
        lines.append(f"{person.label()}：{answer}（{_clock(consent.at, zone)}）")
    if len(lines) == 1:
        lines.append("本次调解未录音录像。")
    return lines


def _chronology(facts: RecordFacts, zone: ZoneInfo) -> list[str]:
    lines = ["三、调解经过"]
    ordered = sorted(facts.movements, key=lambda m: (m.at, m.person.name, m.kind))
    for move in ordered:
        place = PLACE_NAMES.get(move.place or "", "")
        verb = MOVES.get(move.kind, move.kind)
        where = (
            ""
            if move.kind in ("leave", "depart", "remove", "phone_join", "phone_leave") or not place
            else place
        )
        lines.append(f"{_clock(move.at, zone)} {move.person.label()}{verb}{where}")
    if len(lines) == 1:
        lines.append("未记录")
    return lines


def _notes(facts: RecordFacts, zone: ZoneInfo) -> list[str]:
    lines = ["四、调解记录"]
    for note in joint_notes(facts.notes):
        lines.append(f"{_clock(note.at, zone)} {note.body.strip()}")
    if len(lines) == 1:
        lines.append("无")
    return lines


def assemble_record(facts: RecordFacts) -> str:
    """Return the text of the session's record: header, attendance, consent, chronology, notes."""
    zone = ZoneInfo(facts.zone)
    blocks = [
        _header(facts, zone),
        _attendance(facts, zone),
        _consents(facts, zone),
        _chronology(facts, zone),
        _notes(facts, zone),
        [CLOSING, *FOOT],
    ]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def canonical(text: str) -> str:
    """Return the form of a record that its hash covers: one JSON string, line ends unified."""
    lines = text.replace("\r\n", "\n").split("\n")
    return json.dumps({"record": lines}, ensure_ascii=False, separators=(",", ":"))


def record_hash(text: str) -> str:
    """Return the SHA-256 of a record's canonical form."""
    return hashlib.sha256(canonical(text).encode()).hexdigest()
