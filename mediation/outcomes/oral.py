"""Oral agreements (人民调解法 art. 28) and their register (人民调解口头协议登记表).

For a simple dispute the parties may settle orally; the mediator records what was agreed and
how it is performed. A case settled orally counts apart from written agreements in the reports.
"""

from datetime import datetime
from decimal import Decimal

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, ValidationFailed
from mediation.disputes.access import visible_disputes
from mediation.disputes.categories import CATEGORIES
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.outcomes.agreements import agreement_for
from mediation.outcomes.operations import outcome_for
from mediation.outcomes.record_models import OralAgreement
from mediation.outcomes.record_text import SIDE_NAMES

TEXT_MAX = 4000


def oral_agreement_for(dispute: Dispute) -> OralAgreement | None:
    return db.session.scalar(select(OralAgreement).where(OralAgreement.dispute_id == dispute.id))


def _required(data: dict, name: str, problems: dict) -> str:
    value = (data.get(name) or "").strip()
    if not value or len(value) > TEXT_MAX:
        problems[name] = [_l("Write 1 to %(n)s characters.", n=TEXT_MAX)]
    return value


def _check_case(dispute: Dispute) -> None:
    outcome = outcome_for(dispute)
    if outcome is None or not outcome.settles:
        raise Conflict(_l("Record the settlement first; an oral agreement settles a case."))
    if oral_agreement_for(dispute) is not None:
        raise Conflict(_l("This case already has an oral agreement."), code="oral_recorded")
    written = agreement_for(dispute)
    if written is not None and (written.effective_at or written.valid_signatures):
        raise Conflict(
            _l("The written agreement is already being signed; it cannot become oral."),
            code="written_signed",
        )


def record_oral_agreement(
    dispute: Dispute, data: dict, user: User, at: datetime | None = None
) -> OralAgreement:
    """Record the oral agreement of a settled case: its content and how it is performed."""
    _check_case(dispute)
    problems: dict = {}
    content = _required(data, "content", problems)
    performance = _required(data, "performance", problems)
    if problems:
        raise ValidationFailed(_l("Check the oral agreement."), problems)
    amount = data.get("amount")
    row = OralAgreement(
        dispute=dispute,
        outcome=outcome_for(dispute),
        content=content,
        performance=performance,
        performed=(data.get("performed") or "").strip()[:120] or None,
        amount=Decimal(amount) if amount not in (None, "") else None,
        place=(data.get("place") or "").strip()[:120] or None,
        agreed_at=data.get("agreed_at") or at or utcnow(),
        township_id=dispute.township_id,
        organisation_id=dispute.organisation_id,
        mediator_id=dispute.mediator_id,
        recorded_by_id=user.id,
        recorded_at=at or utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    record_event(
        "oral_agreement.recorded", "dispute", dispute.id, actor_id=user.id, oral_agreement=row.id
    )
    return row


def register_query(user: User, township_id: int | None = None) -> Select:
    """The oral agreements of the cases this user may see, newest first, for one township."""
    visible = visible_disputes(user).with_only_columns(Dispute.id).scalar_subquery()
    query = select(OralAgreement).where(OralAgreement.dispute_id.in_(visible))
    if township_id is not None:
        query = query.where(OralAgreement.township_id == township_id)
    return query.order_by(OralAgreement.agreed_at.desc(), OralAgreement.id.desc())


def register_rows(user: User, township_id: int | None = None) -> list[OralAgreement]:
    return list(db.session.scalars(register_query(user, township_id)))


REGISTER_COLUMNS = (
    "案件编号",
    "协议日期",
    "乡镇",
    "人民调解委员会",
    "人民调解员",
    "当事人",
    "纠纷类型",
    "调解地点",
    "协议内容",
    "履行方式、时限",
    "履行情况",
    "协议涉及金额（元）",
)


def register_cells(row: OralAgreement, local_date) -> list:
    """One line of the register, in the Chinese of the paper form (CSV and page alike)."""
    dispute = row.dispute
    committee = dispute.organisation or dispute.township
    with force_locale("zh"):
        category = str(CATEGORIES.get(dispute.category, dispute.category))
    parties = "、".join(f"{p.name}（{SIDE_NAMES.get(p.side, p.side)}）" for p in dispute.parties)
    return [
        dispute.display_code,
        local_date(row.agreed_at),
        dispute.township.area or dispute.township.name,
        committee.committee_title or committee.name,
        row.mediator.name if row.mediator else "",
        parties,
        category,
        row.place or "",
        row.content,
        row.performance,
        row.performed or "",
        row.amount,
    ]
