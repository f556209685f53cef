"""Demo outcomes: results, agreements signed and not, surveys and follow-ups over a year."""

from datetime import timedelta

from sqlalchemy import select

from mediation.accounts.assurance import Assurance
from mediation.core.audit import events_for, record_event
from mediation.disputes.attachments import Upload
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.outcomes import agreements, demo_agreements, followups, operations
from mediation.outcomes.models import Outcome, Result

TERMS = (
    "一、被申请人于本协议生效之日起十五日内向申请人一次性支付人民币{amount}元。\n"
    "二、申请人收到上述款项后，双方就本纠纷再无其他争议。\n"
    "三、本协议一式三份，双方当事人及调解委员会各执一份。"
)
COMMENTS = (
    "调解员很耐心，问题解决了。",
    "办事效率高。",
    "基本满意。",
    "希望以后回访及时一些。",
    None,
)
# A scanned copy as small as a PDF can be, for agreements signed on paper.
PAPER_COPY = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Only the latest settlements get their written agreement, to keep `flask seed-demo` quick;
# the older ones count in the figures all the same.
AGREEMENTS = 90


def _decided_at(seeder, dispute: Dispute):
    decided = dispute.filed_at + timedelta(
        days=seeder.rng.randint(2, 45), hours=seeder.rng.randint(1, 8)
    )
    return min(decided, seeder.now - timedelta(hours=1))


def _outcome(seeder, dispute: Dispute, result: Result) -> Outcome:
    decided_at = _decided_at(seeder, dispute)
    settles = result != Result.NOT_SETTLED
    amount = int(dispute.amount or seeder.rng.randint(5, 80) * 100)
    outcome = Outcome(
        dispute_id=dispute.id,
        result=result,
        terms=TERMS.format(amount=amount) if settles else None,
        reason=None if settles else "双方分歧较大，未能达成协议。",
        recorded_by_id=dispute.mediator.user_id if dispute.mediator else None,
        decided_at=decided_at,
        category=dispute.category,
        township_id=dispute.township_id,
        organisation_id=dispute.organisation_id,
        mediator_id=dispute.mediator_id,
        days_to_close=(decided_at - dispute.filed_at).days,
    )
    db.session.add(outcome)
    db.session.flush()
    record_event(
        "outcome.recorded",
        "dispute",
        dispute.id,
        actor_id=outcome.recorded_by_id,
        outcome_id=outcome.id,
        result=result.value,
    )
    return outcome


def _sign(seeder, dispute: Dispute, outcome: Outcome) -> None:
    agreement = agreements.draft_agreement(dispute, outcome, dispute.mediator.user)
    agreement.created_at = outcome.decided_at
    roll = seeder.rng.random()
    if roll < 0.06:
        return  # still being written: the particulars and the facts are not in yet
    demo_agreements.complete(seeder, dispute, agreement)
    if roll < 0.12:
        return  # waiting for signatures
    at = outcome.decided_at + timedelta(hours=seeder.rng.randint(1, 48))
    if roll < 0.25:
        # Signed at the station: staff check each signer's ID card and record them one by one.
        upload = Upload(f"{dispute.code}-signed.pdf", PAPER_COPY)
        for signer in agreements.required_signers(agreement):
            copies = agreements.paper_copies(agreement)
            agreements.record_paper_signature(
                agreement,
                signer,
                seeder.coordinator,
                id_checked=True,
                upload=None if copies else upload,
                copy_id=copies[0].id if copies else None,
                at=at,
            )
    else:
        # Signed on their phones, each after confirming their mobile by a texted code.
        signers = list(dispute.parties) + [None]
        if roll < 0.32:
            signers = signers[:1]  # partly signed
        for party in signers:
            user = dispute.mediator.user if party is None else None
            mine = agreements.signers_for(agreement, user, party)
            agreements.sign_agreement(
                agreement,
                user,
                party,
                agreement.document_hash,
                dict.fromkeys(mine, Assurance.SMS_CODE),
                at=at,
            )
    if roll >= 0.28:
        demo_agreements.seal(seeder, agreement, at + timedelta(hours=1))
    for visit in followups.follow_ups_of(dispute.id):
        if visit.due_at < seeder.now and seeder.rng.random() < 0.8:
            result = seeder.rng.choices(("performed", "partly", "not_performed"), (85, 10, 5))[0]
            data = {
                "result": result,
                "notes": "双方均表示协议已按约履行。"
                if result == "performed"
                else "尚有部分款项未付。",
                "recorded_at": visit.due_at + timedelta(days=seeder.rng.randint(0, 5)),
            }
            followups.record_follow_up(visit, data, dispute.mediator.user)


def waiting_for_signatures(seeder, dispute: Dispute) -> None:
    """Record a settlement whose agreement is written in full and waits for every signature."""
    outcome = _outcome(seeder, dispute, Result.SETTLED)
    outcome.decided_at = seeder.now - timedelta(hours=1)
    agreement = agreements.draft_agreement(dispute, outcome, dispute.mediator.user)
    demo_agreements.complete(seeder, dispute, agreement)


def _surveys(seeder, dispute: Dispute, outcome: Outcome) -> None:
    for party in dispute.parties:
        if seeder.rng.random() < 0.35:
            score = seeder.rng.choices((5, 4, 3, 2, 1), (55, 30, 10, 3, 2))[0]
            comment = seeder.rng.choice(COMMENTS)
            answered_at = min(
                outcome.decided_at + timedelta(days=seeder.rng.randint(1, 6)), seeder.now
            )
            operations.answer_survey(
                dispute, party, {"score": score, "comment": comment}, answered_at
            )


def seed(seeder) -> None:
    """Give each finished demo mediation its outcome, agreement, signatures and survey."""
    finished = db.session.scalars(
        select(Dispute)
        .where(Dispute.state.in_(("settled", "not_settled", "closed")))
        .where(Dispute.mediator_id.is_not(None))
        .order_by(Dispute.id)
    ).all()
    recent = {d.id for d in sorted(finished, key=lambda d: d.filed_at)[-AGREEMENTS * 2 :]}
    for dispute in finished:
        failed = dispute.state == "not_settled" or dispute.state_reason is not None
        if dispute.state == "closed":
            failed = _closed_after_failure(dispute)
        if failed:
            result = Result.NOT_SETTLED
        else:
            result = Result.PARTLY_SETTLED if seeder.rng.random() < 0.08 else Result.SETTLED
        outcome = _outcome(seeder, dispute, result)
        if outcome.settles and dispute.id in recent:
            _sign(seeder, dispute, outcome)
        _surveys(seeder, dispute, outcome)


def _closed_after_failure(dispute: Dispute) -> bool:
    return any(e.action == "dispute.fail" for e in events_for("dispute", dispute.id))
