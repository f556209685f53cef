"""Demo agencies, liaisons, rules and hand-offs in every status, through the real operations."""

from datetime import timedelta

from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.disputes.attachments import Upload
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs import operations, results
from mediation.handoffs.agencies import Agency, AgencyMember
from mediation.handoffs.timeline import local_today

COURT = "乐至县人民法院"
TRIBUNALS = ("天池法庭", "童家法庭", "回澜法庭")
POLICE_TOWNS = ("天池街道", "童家镇", "大佛镇", "回澜镇")
AGREEMENT = b"%PDF-1.4\n% demo mediation agreement\n%%EOF\n"
SUMMARIES = {
    "court": "原告诉请被告归还借款及利息，立案前经当事人同意委派调解。",
    "police": "邻里因排水沟堵塞发生口角并轻微推搡，派出所出警后引导调解。",
    "petition": "信访人反映土地承包经营权流转费用未按时支付，转交人民调解。",
}
# (agency key, referral type, where it stands, days since sign-for)
PLAN = (
    ("court", "court_delegated", "sent", None),
    ("court", "court_delegated", "signed_for", 3),
    ("court", "court_entrusted_ordinary", "signed_for", 10),
    ("court", "court_entrusted_simple", "overdue", 12),
    ("court", "court_delegated", "paused", 8),
    ("court", "court_delegated", "extended", 28),
    ("court", "court_delegated", "settled", 20),
    ("court", "court_delegated", "acknowledged", 25),
    ("court", "court_entrusted_ordinary", "not_settled", 14),
    ("tribunal", "court_entrusted_simple", "signed_for", 2),
    ("tribunal", "court_delegated", "withdrawn", 9),
    ("police", "police", "sent", None),
    ("police", "police", "signed_for", 4),
    ("police", "police", "feedback", 6),
    ("petition", "petition", "signed_for", 15),
    ("petition", "petition", "feedback", 20),
)


def seed(seeder) -> None:
    agencies = _agencies(seeder)
    liaisons = _liaisons(seeder, agencies)
    operations.set_rule(agencies["police"].id, "police", 10, True, seeder.coordinator)
    today = local_today()
    for index, (key, referral_type, target, days_ago) in enumerate(PLAN):
        _referral(
            seeder, agencies[key], liaisons[key], referral_type, target, days_ago, index, today
        )
    _outbound(seeder, agencies, liaisons)


def _agencies(seeder) -> dict[str, Agency]:
    court = Agency(name=COURT, kind="court")
    db.session.add(court)
    tribunals = [
        Agency(name=f"{COURT}{name}", kind="tribunal", parent=court, township=seeder.stations[i])
        for i, name in enumerate(TRIBUNALS)
    ]
    stations = {s.area: s for s in seeder.stations}
    police = [
        Agency(name=f"乐至县公安局{town}派出所", kind="police", township=stations.get(town))
        for town in POLICE_TOWNS
    ]
    petition = Agency(name="乐至县信访局", kind="petition")
    others = [
        Agency(name="乐至县人民检察院", kind="procuratorate"),
        Agency(name="乐至县劳动人事争议仲裁委员会", kind="arbitration"),
    ]
    db.session.add_all([*tribunals, *police, petition, *others])
    db.session.flush()
    return {
        "court": court,
        "tribunal": tribunals[0],
        "police": police[0],
        "petition": petition,
        "arbitration": others[1],
    }


def _liaisons(seeder, agencies: dict[str, Agency]) -> dict[str, User]:
    court_liaison = db.session.scalar(select(User).where(User.mobile == "13900000050"))
    people = {"court": court_liaison}
    for offset, key in enumerate(("tribunal", "police", "petition", "arbitration"), start=51):
        people[key] = seeder.user(seeder.name(), f"139000000{offset}", Role.LIAISON)
    db.session.flush()
    db.session.add_all(AgencyMember(agency=agencies[k], user=u) for k, u in people.items())
    db.session.flush()
    return people


def _referral(seeder, agency, liaison, referral_type, target, days_ago, index, today) -> None:
    station = seeder.stations[index % len(seeder.stations)]
    kind = "court" if agency.kind in ("court", "tribunal") else agency.kind
    reference = {
        "court": f"(2026)川2022民诉前调{101 + index}号",
        "police": f"乐公(天)调字〔2026〕{20 + index}号",
        "petition": f"乐信转〔2026〕{30 + index}号",
    }[kind]
    data = {
        "reference": reference,
        "referral_type": referral_type,
        "summary": SUMMARIES[kind],
        "category": {"court": "contract", "police": "neighbour", "petition": "land_contract"}[kind],
        "amount": None,
        "township_id": station.id,
        "village_id": seeder.villages[station.area][0].id,
        "preferred_language": None,
        "preferred_mediator_id": None,
        "preferred_studio_id": None,
        "applicants": [seeder._person()],
        "respondents": [seeder._person()],
    }
    handoff = operations.file_referral(agency, liaison, data)
    if days_ago is None:
        return
    staff = seeder.coordinator
    signed = today - timedelta(days=days_ago)
    operations.sign_for(handoff, staff, signed)
    if target in ("paused", "extended"):
        operations.pause_clock(handoff, staff, signed + timedelta(days=2), "伤情鉴定")
        if target == "extended":
            operations.resume_clock(handoff, staff, signed + timedelta(days=6))
            operations.extend_clock(handoff, staff, 15, True, True, "双方当事人书面同意延长")
    elif target in ("settled", "acknowledged"):
        results.record_result(
            handoff,
            staff,
            "settled",
            agreement=Upload("调解协议书.pdf", AGREEMENT),
            effective_on=today - timedelta(days=2),
        )
        if target == "acknowledged":
            results.acknowledge_result(handoff, liaison)
            results.record_confirmation(handoff, liaison, today)
    elif target in ("not_settled", "withdrawn", "feedback"):
        text = {
            "not_settled": "双方对还款期限分歧较大，未能达成协议，退回立案。",
            "withdrawn": "申请人撤回调解申请。",
            "feedback": "经调解双方已和解，现场握手言和，特此反馈。",
        }[target]
        results.record_result(handoff, staff, target, text)


def _outbound(seeder, agencies, liaisons) -> None:
    labour = db.session.scalars(
        select(Dispute).where(Dispute.category == "labour").order_by(Dispute.id).limit(2)
    ).all()
    for number, dispute in enumerate(labour):
        handoff = results.send_outbound(
            dispute,
            agencies["arbitration"],
            seeder.coordinator,
            "用人单位拒不到场，建议申请劳动仲裁。",
        )
        if number == 0:
            results.receive_outbound(handoff, liaisons["arbitration"], "乐劳人仲案字〔2026〕12号")
