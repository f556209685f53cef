"""Service layer for hand-offs: rules, referrals, sign-for, pause, resume, extend; flush only."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.disputes.attachments import Upload
from mediation.disputes.operations import file_dispute
from mediation.extensions import db
from mediation.handoffs import clock, deadline_rules
from mediation.handoffs.agencies import Agency, AgencyMember, DeadlineRule
from mediation.handoffs.labels import TYPES_BY_KIND
from mediation.handoffs.models import HandOff, HandOffEvent
from mediation.handoffs.reach import check_referral_township
from mediation.handoffs.reminders import schedule_reminders
from mediation.handoffs.timeline import clock_of, local_today, pauses_of
from mediation.handoffs.webhooks import queue_webhook

CLOCK_MESSAGES = {
    clock.PauseOverlaps: _l("This pause overlaps another pause or begins before the sign-for."),
    clock.AlreadyPaused: _l("The clock is already paused; resume it first."),
    clock.NotPaused: _l("The clock is not paused, or the resume date is not after the pause."),
    clock.ConsentMissing: _l("An extension needs the recorded consent of both parties."),
    clock.ClockError: _l("This change does not fit the clock."),
}


def clock_conflict(error: clock.ClockError) -> Conflict:
    message = next(m for kind, m in CLOCK_MESSAGES.items() if isinstance(error, kind))
    return Conflict(message, code="clock_conflict")


def require_staff(user: User) -> None:
    if user.role not in (Role.COORDINATOR, Role.ADMIN):
        raise Forbidden(_l("Only the mediation side (coordinators) may do this."))


def require_member(user: User, agency: Agency) -> None:
    """Let only staff or a liaison of the agency act for it."""
    if user.role in (Role.COORDINATOR, Role.ADMIN):
        return
    member = db.session.scalar(
        select(AgencyMember).where(
            AgencyMember.user_id == user.id, AgencyMember.agency_id == agency.id
        )
    )
    if user.role != Role.LIAISON or member is None:
        raise Forbidden(_l("Only a liaison of this agency may do this."))


def add_event(handoff: HandOff, kind: str, actor: User | None, on: date | None = None, **data):
    """Append a timeline event and the matching audit event."""
    event = HandOffEvent(
        handoff=handoff,
        kind=kind,
        actor_id=actor.id if actor else None,
        effective_on=on,
        corrects_id=data.pop("corrects_id", None),
        data=data,
    )
    db.session.add(event)
    db.session.flush()
    record_event(
        f"handoff.{kind}",
        "handoff",
        handoff.id,
        actor_id=actor.id if actor else None,
        on=on,
        dispute_id=handoff.dispute_id,
        **data,
    )
    return event


def _rule_row(agency_id: int | None, referral_type: str) -> DeadlineRule | None:
    """Return the rule the county set for an agency (None: county-wide), if it set one."""
    return db.session.scalar(
        select(DeadlineRule).where(
            DeadlineRule.agency_id.is_(None)
            if agency_id is None
            else DeadlineRule.agency_id == agency_id,
            DeadlineRule.referral_type == referral_type,
        )
    )


def _as_rule(row: DeadlineRule | None) -> clock.Rule | None:
    return clock.Rule(row.days, row.working_days, row.rolls_over) if row is not None else None


def rule_for(agency: Agency, referral_type: str) -> clock.Rule | None:
    """Return the rule in force for an agency's referrals of a type (see deadline_rules)."""
    own_parent_county = (
        (agency.id, agency.parent_id, None) if agency.parent_id else (agency.id, None)
    )
    return deadline_rules.effective_rule(
        referral_type, (_as_rule(_rule_row(a, referral_type)) for a in own_parent_county)
    )


def county_rules() -> list[deadline_rules.EffectiveRule]:
    """List every referral type with its county-wide rule: the county's own or the default."""
    rows = db.session.scalars(select(DeadlineRule).where(DeadlineRule.agency_id.is_(None)))
    return deadline_rules.county_rules({row.referral_type: _as_rule(row) for row in rows})


def set_rule(
    agency_id: int | None,
    referral_type: str,
    days: int,
    working: bool,
    admin: User,
    rolls_over: bool = False,
) -> DeadlineRule:
    """Create or change a deadline rule; clocks already running keep the rule they started with."""
    rule = _rule_row(agency_id, referral_type)
    if rule is None:
        rule = DeadlineRule(agency_id=agency_id, referral_type=referral_type)
        db.session.add(rule)
    rule.days, rule.working_days, rule.updated_by_id = days, working, admin.id
    rule.rolls_over = rolls_over
    db.session.flush()
    record_event(
        "handoff.rule_set",
        "deadline_rule",
        rule.id,
        actor_id=admin.id,
        agency_id=agency_id,
        referral_type=referral_type,
        days=days,
        working_days=working,
        rolls_over=rolls_over,
    )
    return rule


def check_day(value: date, field: str, not_before: date | None = None) -> date:
    """Refuse dates in the future or before the clock's start."""
    if value > local_today():
        raise ValidationFailed(
            _l("The date cannot be in the future."), {field: [_l("Enter today or an earlier day.")]}
        )
    if not_before is not None and value < not_before:
        raise ValidationFailed(
            _l("The date cannot be before the sign-for."),
            {field: [_l("Enter the sign-for day or a later day.")]},
        )
    return value


def refresh_clock(handoff: HandOff) -> None:
    """Recompute the stored due date, clear a stale overdue flag and move the reminders."""
    running = clock_of(handoff)
    handoff.due_on = running.due_on if running else None
    if handoff.due_on is not None and handoff.due_on >= local_today():
        handoff.overdue_at = None
    db.session.flush()
    schedule_reminders(handoff)


def file_referral(agency: Agency, liaison: User, data: dict, uploads: list[Upload] = ()) -> HandOff:
    """Record an inbound referral and file its dispute (channel: referral)."""
    require_member(liaison, agency)
    if liaison.role != Role.LIAISON:
        raise Forbidden(_l("Referrals are sent by an agency's liaison."))
    if data["referral_type"] not in TYPES_BY_KIND.get(agency.kind, ()):
        raise ValidationFailed(
            _l("This agency does not send that kind of referral."),
            {"referral_type": [_l("Choose a referral type of your agency.")]},
        )
    check_referral_township(agency, data.get("township_id"))
    existing = db.session.scalar(
        select(HandOff).where(
            HandOff.agency_id == agency.id, HandOff.reference == data["reference"]
        )
    )
    if existing is not None:
        raise Conflict(
            _l("Reference %(ref)s was already sent as hand-off %(id)s."),
            code="duplicate_reference",
            params={"ref": data["reference"], "id": existing.id},
            existing_id=existing.id,
        )
    if rule_for(agency, data["referral_type"]) is None:
        raise Conflict(_l("No deadline rule is set for this referral type; ask an administrator."))
    fields = {k: v for k, v in data.items() if k not in ("reference", "referral_type", "summary")}
    dispute, _replayed = file_dispute(
        {**fields, "description": data["summary"], "channel": "referral"}, liaison, uploads
    )
    handoff = HandOff(
        direction="inbound",
        agency=agency,
        dispute=dispute,
        reference=data["reference"],
        referral_type=data["referral_type"],
        summary=data["summary"],
        status="sent",
        sent_by_id=liaison.id,
        sent_at=utcnow(),
    )
    db.session.add(handoff)
    db.session.flush()
    add_event(handoff, "sent", liaison, reference=handoff.reference, code=dispute.code)
    return handoff


def sign_for(handoff: HandOff, staff: User, on: date | None = None) -> HandOff:
    """Sign for a referral (签收): the clock starts with the rule then in force."""
    require_staff(staff)
    if handoff.direction != "inbound" or handoff.status != "sent":
        raise Conflict(_l("Only a referral waiting for sign-for can be signed for."))
    rule = rule_for(handoff.agency, handoff.referral_type)
    if rule is None:
        raise Conflict(_l("No deadline rule is set for this referral type; ask an administrator."))
    day = check_day(on or local_today(), "on")
    handoff.status = "signed_for"
    handoff.signed_for_at = utcnow()
    handoff.signed_for_on = day
    handoff.rule_days = rule.days
    handoff.rule_working_days = rule.working_days
    handoff.rule_rolls_over = rule.rolls_over
    add_event(
        handoff,
        "signed_for",
        staff,
        day,
        days=rule.days,
        working_days=rule.working_days,
        rolls_over=rule.rolls_over,
    )
    refresh_clock(handoff)
    queue_webhook(handoff, "signed_for")
    return handoff


def _require_running(handoff: HandOff) -> None:
    if handoff.status not in ("signed_for", "paused"):
        raise Conflict(_l("The clock has not started: sign for the referral first."))


def pause_clock(handoff: HandOff, staff: User, start: date, reason: str) -> HandOff:
    """Stop the clock for appraisal (鉴定) from a day."""
    require_staff(staff)
    _require_running(handoff)
    check_day(start, "start", handoff.signed_for_on)
    try:
        clock.add_pause(handoff.signed_for_on, pauses_of(handoff), start)
    except clock.ClockError as error:
        raise clock_conflict(error) from error
    handoff.status = "paused"
    add_event(handoff, "paused", staff, start, reason=reason)
    refresh_clock(handoff)
    queue_webhook(handoff, "paused")
    return handoff


def resume_clock(handoff: HandOff, staff: User, on: date) -> HandOff:
    """Restart the clock after appraisal; days up to the day before `on` do not count."""
    require_staff(staff)
    _require_running(handoff)
    check_day(on, "on", handoff.signed_for_on)
    try:
        clock.close_pause(handoff.signed_for_on, pauses_of(handoff), on)
    except clock.ClockError as error:
        raise clock_conflict(error) from error
    handoff.status = "signed_for"
    add_event(handoff, "resumed", staff, on)
    refresh_clock(handoff)
    queue_webhook(handoff, "resumed")
    return handoff


def extend_clock(
    handoff: HandOff,
    staff: User,
    days: int,
    applicant_consent: bool,
    respondent_consent: bool,
    note: str | None = None,
) -> HandOff:
    """Extend the term, which both parties must have agreed to."""
    require_staff(staff)
    _require_running(handoff)
    try:
        clock.add_extension((), clock.Extension(days, applicant_consent, respondent_consent))
    except clock.ClockError as error:
        raise clock_conflict(error) from error
    add_event(
        handoff,
        "extended",
        staff,
        local_today(),
        days=days,
        applicant_consent=applicant_consent,
        respondent_consent=respondent_consent,
        note=note,
    )
    refresh_clock(handoff)
    queue_webhook(handoff, "extended")
    return handoff


def correct_date(handoff: HandOff, staff: User, event_id: int, on: date, reason: str) -> HandOff:
    """Correct the day of a sign-for, pause or resume with a new event; the old one stays."""
    require_staff(staff)
    target = next((e for e in handoff.events if e.id == event_id), None)
    if target is None or target.kind not in ("signed_for", "paused", "resumed"):
        raise ValidationFailed(
            _l("Only the day of a sign-for, pause or resume can be corrected."),
            {"event_id": [_l("Choose a sign-for, pause or resume event.")]},
        )
    check_day(on, "effective_on")
    started = on if target.kind == "signed_for" else handoff.signed_for_on
    try:
        clock.check_pauses(started, pauses_of(handoff, {target.id: on}))
    except clock.ClockError as error:
        raise clock_conflict(error) from error
    add_event(
        handoff, "corrected", staff, on, corrects_id=target.id, corrected=target.kind, reason=reason
    )
    if target.kind == "signed_for":
        handoff.signed_for_on = on
    refresh_clock(handoff)
    queue_webhook(handoff, "corrected")
    return handoff
