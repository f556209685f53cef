"""Results back to the agency, their acknowledgement, and outbound referrals. Flush only."""

from datetime import date

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import Role, User
from mediation.core import outbox
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, ValidationFailed
from mediation.core.schemas import clean_filename
from mediation.disputes.attachments import Upload
from mediation.disputes.models import Attachment, Dispute
from mediation.disputes.operations import add_attachment
from mediation.extensions import db
from mediation.handoffs import clock
from mediation.handoffs.agencies import Agency
from mediation.handoffs.labels import COURT_KINDS, FEEDBACK_KINDS, OUTBOUND_KINDS
from mediation.handoffs.models import HandOff
from mediation.handoffs.operations import (
    add_event,
    check_day,
    require_member,
    require_staff,
)
from mediation.handoffs.reach import check_outbound_agency
from mediation.handoffs.reminders import reminder_prefix
from mediation.handoffs.timeline import local_today
from mediation.handoffs.webhooks import queue_webhook
from mediation.outcomes.agreements import agreement_for, agreement_took_effect
from mediation.outcomes.documents import agreement_pdf
from mediation.outcomes.models import Agreement

# People's Mediation Law art. 33: judicial confirmation is applied for within 30 days.
CONFIRMATION_WINDOW_DAYS = 30


def _agreement(handoff: HandOff, staff: User, upload: Upload | None, attachment_id: int | None):
    if upload is not None:
        return add_attachment(handoff.dispute, upload, staff)
    attachment = db.session.get(Attachment, attachment_id) if attachment_id else None
    if attachment is None or attachment.dispute_id != handoff.dispute_id:
        raise ValidationFailed(
            _l("Attach the signed mediation agreement."),
            {"agreement": [_l("Attach the signed mediation agreement.")]},
        )
    return attachment


def _start_confirmation_window(handoff: HandOff, effective_on: date) -> None:
    handoff.agreement_effective_on = effective_on
    if handoff.agency.kind in COURT_KINDS:
        handoff.confirmation_due_on = clock.window_end(effective_on, CONFIRMATION_WINDOW_DAYS)


def _settle_with_online_agreement(handoff: HandOff, online: Agreement, staff: User) -> None:
    """The agreement made in this system: its day of effect is the record's, not a typed one.

    The result carries the agreement as it took effect, numbered and sealed: its PDF is
    attached to the case and named in the result, so the court has the document itself.
    """
    took_effect = agreement_took_effect(handoff.dispute)
    if took_effect is None:
        raise Conflict(
            _l(
                "The mediation agreement has not taken effect yet: everyone must sign it and "
                "the committee's seal must be applied first."
            ),
            code="agreement_not_effective",
        )
    handoff.online_agreement_id = online.id
    upload = Upload(clean_filename(f"人民调解协议书 {online.number}.pdf"), agreement_pdf(online))
    handoff.agreement_id = add_attachment(handoff.dispute, upload, staff).id
    _start_confirmation_window(handoff, local_today(took_effect))


def _settle_with_paper_agreement(
    handoff: HandOff,
    staff: User,
    effective_on: date | None,
    upload: Upload | None,
    attachment_id: int | None,
) -> None:
    """An agreement made on paper: the signed copy is attached and its day typed in."""
    if effective_on is None:
        raise ValidationFailed(
            _l("Give the day the agreement took effect."),
            {"effective_on": [_l("Enter the day every party and the mediator had signed.")]},
        )
    check_day(effective_on, "effective_on")
    handoff.agreement_id = _agreement(handoff, staff, upload, attachment_id).id
    _start_confirmation_window(handoff, effective_on)


def record_result(
    handoff: HandOff,
    staff: User,
    result: str,
    text: str | None = None,
    agreement: Upload | None = None,
    agreement_attachment_id: int | None = None,
    effective_on: date | None = None,
) -> HandOff:
    """Send the result back: settled (with the agreement), not settled, withdrawn, feedback."""
    require_staff(staff)
    if handoff.direction != "inbound" or handoff.status == "sent":
        raise Conflict(_l("A result can only be sent for a referral that was signed for."))
    if handoff.status == "paused":
        raise Conflict(_l("The clock is paused for appraisal; resume it before the result."))
    if handoff.status != "signed_for":
        raise Conflict(_l("The result of this hand-off was already sent."))
    if result in ("not_settled", "withdrawn", "feedback") and not (text and text.strip()):
        raise ValidationFailed(_l("Please give a reason."), {"text": [_l("Please give a reason.")]})
    if result == "feedback" and handoff.agency.kind not in FEEDBACK_KINDS:
        raise ValidationFailed(
            _l("Written feedback goes to police stations and the petition bureau."),
            {"result": [_l("Choose settled, not settled or withdrawn.")]},
        )
    if result == "settled":
        online = agreement_for(handoff.dispute)
        if online is not None:
            _settle_with_online_agreement(handoff, online, staff)
            effective_on = handoff.agreement_effective_on
        else:
            _settle_with_paper_agreement(
                handoff, staff, effective_on, agreement, agreement_attachment_id
            )
    handoff.status = "result_sent"
    handoff.result = result
    handoff.result_text = text.strip() if text else None
    handoff.result_at = utcnow()
    add_event(
        handoff,
        "result_sent",
        staff,
        local_today(),
        result=result,
        text=handoff.result_text,
        agreement_id=handoff.agreement_id,
        online_agreement_id=handoff.online_agreement_id,
        agreement_number=handoff.online_agreement.number if handoff.online_agreement else None,
        effective_on=effective_on.isoformat() if effective_on else None,
    )
    outbox.cancel(reminder_prefix(handoff))
    queue_webhook(handoff, "result_sent")
    return handoff


def acknowledge_result(handoff: HandOff, liaison: User) -> HandOff:
    """The agency confirms it received the result."""
    require_member(liaison, handoff.agency)
    if handoff.status != "result_sent":
        raise Conflict(_l("There is no result waiting to be acknowledged."))
    handoff.status = "acknowledged"
    handoff.acknowledged_at = utcnow()
    add_event(handoff, "acknowledged", liaison, local_today())
    return handoff


def record_confirmation(handoff: HandOff, user: User, applied_on: date) -> HandOff:
    """Record that the parties applied to the court for judicial confirmation."""
    require_member(user, handoff.agency)
    if handoff.confirmation_due_on is None:
        raise Conflict(_l("Judicial confirmation applies to settled court referrals only."))
    if handoff.confirmation_applied_on is not None:
        raise Conflict(_l("The application for judicial confirmation is already recorded."))
    check_day(applied_on, "applied_on")
    if applied_on < handoff.agreement_effective_on:
        raise ValidationFailed(
            _l("The application cannot predate the agreement."),
            {"applied_on": [_l("Enter a day on or after the agreement took effect.")]},
        )
    handoff.confirmation_applied_on = applied_on
    add_event(
        handoff,
        "confirmation_applied",
        user,
        applied_on,
        in_time=applied_on <= handoff.confirmation_due_on,
    )
    return handoff


def record_confirmation_granted(handoff: HandOff, user: User, granted_on: date) -> HandOff:
    """Record the court's ruling that the agreement is valid (确认有效), after the application."""
    require_member(user, handoff.agency)
    if handoff.confirmation_applied_on is None:
        raise Conflict(_l("Record the application for judicial confirmation first."))
    if handoff.confirmation_granted_on is not None:
        raise Conflict(_l("The judicial confirmation is already recorded."))
    check_day(granted_on, "granted_on")
    if granted_on < handoff.confirmation_applied_on:
        raise ValidationFailed(
            _l("The ruling cannot predate the application."),
            {"granted_on": [_l("Enter a day on or after the application.")]},
        )
    handoff.confirmation_granted_on = granted_on
    add_event(handoff, "confirmation_granted", user, granted_on)
    return handoff


def send_outbound(dispute: Dispute, agency: Agency, staff: User, summary: str) -> HandOff:
    """Send a dispute unsuited to mediation to a court, arbitration or the petition bureau."""
    require_staff(staff)
    if agency.kind not in OUTBOUND_KINDS or not agency.active:
        raise ValidationFailed(
            _l("Disputes are sent to a court, labour arbitration or the petition bureau."),
            {"agency_id": [_l("Choose a court, labour arbitration or the petition bureau.")]},
        )
    check_outbound_agency(staff, dispute, agency)
    handoff = HandOff(
        direction="outbound",
        agency=agency,
        dispute=dispute,
        summary=summary,
        status="sent",
        sent_by_id=staff.id,
        sent_at=utcnow(),
    )
    db.session.add(handoff)
    db.session.flush()
    add_event(handoff, "sent", staff, local_today(), code=dispute.code)
    queue_webhook(handoff, "sent")
    return handoff


def receive_outbound(handoff: HandOff, liaison: User, reference: str | None = None) -> HandOff:
    """The agency confirms receipt of a dispute sent to it, with its own number if it has one."""
    require_member(liaison, handoff.agency)
    if liaison.role != Role.LIAISON:
        raise Conflict(_l("Receipt is confirmed by the agency's liaison."))
    if handoff.direction != "outbound" or handoff.status != "sent":
        raise Conflict(_l("Only a dispute sent to your agency can be received."))
    if reference:
        handoff.reference = reference
    handoff.status = "received"
    add_event(handoff, "received", liaison, local_today(), reference=reference)
    return handoff
