"""Service layer for outcomes and surveys. Operations flush, never commit."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import record_event
from mediation.core.db import utcnow
from mediation.core.errors import Conflict, Forbidden, NotFound
from mediation.core.memo import remembered
from mediation.disputes.lifecycle import Actor
from mediation.disputes.models import Dispute, Party
from mediation.disputes.operations import transition_dispute
from mediation.extensions import db
from mediation.outcomes import attendance
from mediation.outcomes.agreements import draft_agreement
from mediation.outcomes.models import SETTLING_RESULTS, Outcome, Result, Survey
from mediation.scheduling.models import MediationSession
from mediation.video.operations import room_for_session


def outcome_for(dispute: Dispute) -> Outcome | None:
    """Return the dispute's own outcome (not a session's).

    Read once per transaction while no outcome changes: the case page's panels each ask.
    """
    return remembered(
        f"outcome of {dispute.id}",
        (Outcome,),
        lambda: db.session.scalar(
            select(Outcome).where(Outcome.dispute_id == dispute.id, Outcome.session_id.is_(None))
        ),
    )


def record_outcome(
    dispute: Dispute,
    data: dict,
    actors: set[Actor],
    user: User | None,
    decided_at: datetime | None = None,
) -> Outcome:
    """Record how a mediation ended; a settlement drafts the agreement from its terms."""
    if outcome_for(dispute) is not None:
        raise Conflict(_l("The outcome of this case has already been recorded."))
    result = Result(data["result"])
    settles = result in SETTLING_RESULTS
    transition_dispute(
        dispute,
        "settle" if settles else "fail",
        actors,
        user,
        None if settles else data.get("reason"),
        expected_version=data.get("expected_version"),
    )
    decided_at = decided_at or utcnow()
    outcome = Outcome(
        dispute_id=dispute.id,
        result=result,
        terms=data.get("terms") if settles else None,
        reason=data.get("reason"),
        recorded_by_id=user.id if user else None,
        decided_at=decided_at,
        category=dispute.category,
        township_id=dispute.township_id,
        organisation_id=dispute.organisation_id,
        mediator_id=dispute.mediator_id,
        days_to_close=max((decided_at - dispute.filed_at).days, 0),
    )
    db.session.add(outcome)
    db.session.flush()
    record_event(
        "outcome.recorded",
        "dispute",
        dispute.id,
        actor_id=user.id if user else None,
        outcome_id=outcome.id,
        result=result.value,
    )
    if settles:
        draft_agreement(dispute, outcome, user)
    return outcome


def survey_party(dispute: Dispute, user: User | None, link_party: Party | None) -> Party:
    """Return the party answering the survey, or refuse anyone who is not one."""
    if link_party is not None and link_party.dispute_id == dispute.id:
        return link_party
    party = next((p for p in dispute.parties if user is not None and p.user_id == user.id), None)
    if party is None:
        raise Forbidden(_l("Only the parties of this case answer its satisfaction survey."))
    return party


def survey_for(dispute: Dispute, party: Party, session_id: int | None = None) -> Survey | None:
    session_match = (
        Survey.session_id.is_(None) if session_id is None else Survey.session_id == session_id
    )
    return db.session.scalar(
        select(Survey).where(
            Survey.dispute_id == dispute.id, Survey.party_id == party.id, session_match
        )
    )


def check_survey_opens(dispute: Dispute, party: Party, session_id: int | None) -> None:
    """A video-mediated case is surveyed per session attended; one met in person, per case."""
    if session_id is None:
        if attendance.mediated_by_video(dispute):
            raise Conflict(
                _l("This case was mediated by video: answer the survey of a session you attended."),
                code="survey_per_session",
            )
        if outcome_for(dispute) is None:
            raise Conflict(_l("The survey opens once the mediation has ended."))
        return
    session = db.session.get(MediationSession, session_id)
    if session is None or session.dispute_id != dispute.id:
        raise NotFound(_l("No such session in this case."))
    room = room_for_session(session.id)
    if room is None:
        raise Conflict(
            _l("This session had no video room; answer the survey for the case."),
            code="session_not_by_video",
        )
    if not attendance.attended(room, party):
        raise Forbidden(
            _l("You did not attend this session, so you cannot answer its survey."),
            code="session_not_attended",
        )


def answer_survey(
    dispute: Dispute,
    party: Party,
    data: dict,
    answered_at: datetime | None = None,
    session_id: int | None = None,
) -> Survey:
    """Record one party's satisfaction with the case, or with a video session they attended."""
    check_survey_opens(dispute, party, session_id)
    if survey_for(dispute, party, session_id) is not None:
        raise Conflict(_l("You have already answered the survey for this case. Thank you."))
    survey = Survey(
        dispute_id=dispute.id,
        party_id=party.id,
        session_id=session_id,
        score=data["score"],
        comment=data.get("comment") or None,
        township_id=dispute.township_id,
        mediator_id=dispute.mediator_id,
        answered_at=answered_at or utcnow(),
    )
    db.session.add(survey)
    db.session.flush()
    record_event(
        "survey.answered",
        "dispute",
        dispute.id,
        actor_id=party.user_id,
        party_id=party.id,
        session_id=session_id,
        score=survey.score,
    )
    return survey
