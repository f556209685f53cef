"""Each staff role's day: the groups of things to do, read from the records in their scope.

Every group is a query of what is still to do, so an item leaves the page once it is done: an
accepted case is no longer "to accept", an answered offer no longer waits, a clock with its
result no longer runs. Each group is read in a fixed number of statements.
"""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from mediation.accounts.models import User
from mediation.core.i18n import local_time
from mediation.core.labels import label
from mediation.disputes.access import visible_disputes
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.handoffs.dashboard import Row, dashboard_rows
from mediation.mediators.models import Assignment, AssignmentStatus
from mediation.outcomes.models import Agreement, FollowUp
from mediation.roster.models import Mediator
from mediation.scheduling.lifecycle import LIVE
from mediation.scheduling.models import MediationSession
from mediation.today.items import IDLE_AFTER, Day, Group, Item
from mediation.video.models import RoomParticipant, VideoRoom

# Cases under way: accepted and not yet at an outcome.
UNDER_WAY = ("accepted", "awaiting_consent", "consented", "assigned", "scheduled", "in_mediation")
# Rows read per group at most; a group shows fewer and says how many there are.
LIMIT = 200


def _case_item(dispute: Dispute, detail: str, url: str | None = None, **kwargs) -> Item:
    title = f"{dispute.display_code} · {label(dispute.category, 'category')}"
    url = url or url_for("disputes.case", code=dispute.code)
    return Item(title=title, url=url, detail=detail, **kwargs)


def _who_and_where(dispute: Dispute) -> str:
    names = "、".join(p.name for p in dispute.parties if p.side == "applicant")
    place = (dispute.township.area or dispute.township.name) if dispute.township else ""
    return " · ".join(part for part in (names, place) if part)


def _disputes(user: User, *conditions, order=None) -> list[Dispute]:
    query = (
        visible_disputes(user)
        .where(*conditions)
        .options(joinedload(Dispute.township), selectinload(Dispute.parties))
        .order_by(Dispute.filed_at.asc() if order is None else order, Dispute.id)
        .limit(LIMIT)
    )
    return list(db.session.scalars(query))


def _sessions_today(condition, day: Day) -> list[MediationSession]:
    query = (
        select(MediationSession)
        .where(
            condition,
            MediationSession.status.in_(LIVE),
            MediationSession.start_at >= day.start,
            MediationSession.start_at < day.end,
        )
        .options(joinedload(MediationSession.dispute))
        .order_by(MediationSession.start_at)
        .limit(LIMIT)
    )
    return list(db.session.scalars(query))


def _session_item(session: MediationSession, room_url: str | None = None) -> Item:
    detail = _(
        "%(start)s, %(mode)s",
        start=local_time(session.start_at, "HH:mm"),
        mode=label(session.mode, "session_mode"),
    )
    action = (_("Open the video room"), room_url) if room_url else None
    return _case_item(session.dispute, detail, due=session.start_at, action=action)


def _clock_items(rows: list[Row], day: Day) -> list[Item]:
    """Open hand-offs past their due day, then those due within the next working days."""
    overdue, soon = [], []
    for row in rows:
        clock, h = row.clock, row.handoff
        if not (row.open and clock and clock.due_on):
            continue
        if row.overdue:
            detail = _(
                "%(agency)s · due %(due)s, %(days)s days over",
                agency=h.agency.name,
                due=clock.due_on,
                days=-clock.days_left,
            )
        elif day.due_soon(clock.due_on):
            detail = _(
                "%(agency)s · due %(due)s, %(days)s working days left",
                agency=h.agency.name,
                due=clock.due_on,
                days=day.working_days_to(clock.due_on),
            )
        else:
            continue
        item = Item(
            title=f"{h.reference or '#' + str(h.id)} · {h.dispute.display_code}",
            url=url_for("handoffs.show", handoff_id=h.id),
            detail=detail,
            due=clock.due_on,
            urgent=row.overdue,
        )
        (overdue if row.overdue else soon).append(item)
    return overdue + soon


def coordinator_day(user: User, day: Day) -> list[Group]:
    """To accept, to assign, answers overdue, close deadlines, today's sessions, idle cases."""
    to_accept = [
        _case_item(d, _who_and_where(d), due=d.filed_at)
        for d in _disputes(user, Dispute.state == "submitted")
    ]
    to_assign = [
        _case_item(d, _who_and_where(d), url=url_for("assignments.candidates", code=d.code))
        for d in _disputes(user, Dispute.state == "consented", Dispute.mediator_id.is_(None))
    ]
    seen = visible_disputes(user).with_only_columns(Dispute.id)
    late_offers = db.session.scalars(
        select(Assignment)
        .where(
            Assignment.status == AssignmentStatus.PROPOSED,
            Assignment.due_at < day.now,
            Assignment.dispute_id.in_(seen),
        )
        .options(
            joinedload(Assignment.dispute),
            joinedload(Assignment.mediator).joinedload(Mediator.user),
        )
        .order_by(Assignment.due_at)
        .limit(LIMIT)
    )
    answers = [
        _case_item(
            a.dispute,
            _(
                "Offered to %(name)s; the answer was due %(due)s",
                name=a.mediator.user.name,
                due=local_time(a.due_at),
            ),
            url=url_for("assignments.candidates", code=a.dispute.code),
            due=a.due_at,
            urgent=True,
        )
        for a in late_offers
    ]
    sessions = _sessions_today(MediationSession.dispute_id.in_(seen), day)
    upcoming = exists().where(
        MediationSession.dispute_id == Dispute.id,
        MediationSession.status.in_(LIVE),
        MediationSession.start_at >= day.now,
    )
    idle = _disputes(
        user,
        Dispute.state.in_(UNDER_WAY),
        Dispute.updated_at < day.now - IDLE_AFTER,
        ~upcoming,
        order=Dispute.updated_at.asc(),
    )
    idle_items = [
        _case_item(
            d,
            _(
                "%(state)s · last change %(when)s",
                state=label(d.state, "dispute_state"),
                when=local_time(d.updated_at),
            ),
            due=d.updated_at,
        )
        for d in idle
    ]
    return [
        Group(
            "clocks",
            _("Hand-off deadlines: overdue, or within 3 working days"),
            _("No deadline is close."),
            more_url=url_for("handoffs.dashboard"),
        ).fill(_clock_items(dashboard_rows(user, {}), day)),
        Group(
            "answers_overdue", _("Offers whose answer is overdue"), _("No answer is overdue.")
        ).fill(answers),
        Group("sessions_today", _("Sessions today"), _("No session today.")).fill(
            [_session_item(s) for s in sessions]
        ),
        Group(
            "to_accept",
            _("New filings to accept"),
            _("No new filing waits."),
            more_url=url_for("disputes.list_disputes", state="submitted", sort="filed"),
        ).fill(to_accept),
        Group(
            "to_assign",
            _("Cases waiting for a mediator"),
            _("No case waits for a mediator."),
            more_url=url_for("assignments.queue"),
        ).fill(to_assign),
        Group("idle", _("Cases idle for a week"), _("No case has been left idle.")).fill(
            idle_items
        ),
    ]


def _room_consoles(user: User, sessions: list[MediationSession]) -> dict[int, str]:
    """The console address of each session's video room where this user is its mediator."""
    if not sessions:
        return {}
    rooms = db.session.execute(
        select(VideoRoom.session_id, VideoRoom.id)
        .join(RoomParticipant, RoomParticipant.room_id == VideoRoom.id)
        .where(
            VideoRoom.session_id.in_([s.id for s in sessions]),
            VideoRoom.state != "ended",
            RoomParticipant.user_id == user.id,
            RoomParticipant.role == "mediator",
            RoomParticipant.removed.is_(False),
        )
    )
    return {session_id: url_for("video.console", room_id=room_id) for session_id, room_id in rooms}


def mediator_day(user: User, day: Day) -> list[Group]:
    """Offers to answer, today's sessions with their rooms, agreements to sign, visits due."""
    mine = select(Mediator.id).where(Mediator.user_id == user.id).scalar_subquery()
    offers = db.session.scalars(
        select(Assignment)
        .where(Assignment.mediator_id == mine, Assignment.status == AssignmentStatus.PROPOSED)
        .options(joinedload(Assignment.dispute))
        .order_by(Assignment.due_at)
        .limit(LIMIT)
    )
    offer_items = [
        _case_item(
            a.dispute,
            _("Answer by %(due)s", due=local_time(a.due_at)),
            url=url_for("assignments.mine"),
            due=a.due_at,
            urgent=a.due_at < day.now,
        )
        for a in offers
    ]
    sessions = _sessions_today(MediationSession.mediator_id == mine, day)
    consoles = _room_consoles(user, sessions)
    unsigned = db.session.scalars(
        select(Agreement)
        .join(Dispute, Dispute.id == Agreement.dispute_id)
        .where(Dispute.mediator_id == mine, Agreement.effective_at.is_(None))
        .options(joinedload(Agreement.dispute), selectinload(Agreement.signatures))
        .order_by(Agreement.created_at)
        .limit(LIMIT)
    )
    to_sign = [
        _case_item(
            a.dispute,
            _(
                "%(count)s signatures so far",
                count=sum(1 for s in a.signatures if s.voided_at is None),
            ),
            url=url_for("outcomes.agreement", code=a.dispute.code),
            due=a.created_at,
        )
        for a in unsigned
    ]
    visits = db.session.scalars(
        select(FollowUp)
        .join(Dispute, Dispute.id == FollowUp.dispute_id)
        .where(
            Dispute.mediator_id == mine,
            FollowUp.result.is_(None),
            FollowUp.due_at < day.end,
        )
        .options(joinedload(FollowUp.agreement).joinedload(Agreement.dispute))
        .order_by(FollowUp.due_at)
        .limit(LIMIT)
    )
    visit_items = [
        _case_item(
            v.agreement.dispute,
            _("Follow-up visit due %(due)s", due=local_time(v.due_at, "yyyy-MM-dd")),
            due=v.due_at,
            urgent=v.due_at < day.start,
        )
        for v in visits
    ]
    return [
        Group(
            "offers",
            _("Offers to answer"),
            _("No offer waits for your answer."),
            more_url=url_for("assignments.mine"),
        ).fill(offer_items),
        Group(
            "sessions_today",
            _("Your sessions today"),
            _("No session today."),
            more_url=url_for("availability.calendar"),
        ).fill([_session_item(s, consoles.get(s.id)) for s in sessions]),
        Group("to_sign", _("Agreements waiting for signatures"), _("No agreement waits.")).fill(
            to_sign
        ),
        Group("follow_ups", _("Follow-up visits due"), _("No visit is due.")).fill(visit_items),
    ]


def liaison_day(user: User, day: Day) -> list[Group]:
    """Overdue hand-offs first, then close deadlines, results to acknowledge, cases to receive."""
    rows = dashboard_rows(user, {})
    results, receipts = [], []
    for row in rows:
        h = row.handoff
        title = f"{h.reference or '#' + str(h.id)} · {h.dispute.display_code}"
        url = url_for("handoffs.show", handoff_id=h.id)
        if h.status == "result_sent":
            detail = _(
                "%(result)s · sent back %(when)s",
                result=label(h.result, "handoff_result"),
                when=local_time(h.result_at),
            )
            results.append(Item(title, url, detail, due=h.result_at))
        elif h.direction == "outbound" and h.status == "sent":
            detail = _("Sent to you %(when)s; confirm receipt", when=local_time(h.sent_at))
            receipts.append(Item(title, url, detail, due=h.sent_at))
    return [
        Group(
            "clocks",
            _("Deadlines: overdue first, then within 3 working days"),
            _("No deadline is close."),
            more_url=url_for("handoffs.dashboard"),
        ).fill(_clock_items(rows, day)),
        Group(
            "results", _("Results sent back, to acknowledge"), _("No result waits for you.")
        ).fill(results),
        Group(
            "receipts", _("Cases sent to you, to confirm receipt"), _("No case waits for you.")
        ).fill(receipts),
    ]
