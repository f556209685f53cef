"""A small county in which every kind of record exists twice, once under each township station.

Side "a" lies under the first station, side "b" under the second. Each side has a dispute
with a party who has an account, its assigned mediator, a video session with its room, a
hand-off from its own agency (a court for a, a police station for b) and that agency's liaison,
a settled outcome with its agreement and a follow-up visit, an attachment, an assignment, a
recusal request, a conflict disclosure, the mediator's declared relation and date override,
a studio led by the mediator, the mediator's certificate and training record, an agency
API key, and the station's coordinator.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from mediation.accounts.models import Role, User
from mediation.disputes.links import case_link_token
from mediation.disputes.models import Attachment, Dispute, Party
from mediation.extensions import db
from mediation.handoffs.agencies import Agency, AgencyApiKey, AgencyMember
from mediation.handoffs.apikeys import issue_key
from mediation.handoffs.models import HandOff
from mediation.imports.models import ImportBatch
from mediation.mediators.complaints import Complaint
from mediation.mediators.models import (
    Assignment,
    ConflictDisclosure,
    DeclaredRelation,
    Mediator,
    RecusalRequest,
    Studio,
)
from mediation.outcomes import agreements
from mediation.outcomes.models import FollowUp
from mediation.roster.credentials import Certificate, TrainingRecord
from mediation.scheduling.models import AvailabilityOverride, MediationSession
from mediation.video import operations as video
from mediation.video.links import join_token
from mediation.video.models import RoomParticipant, VideoRoom
from mediation.video.recording_models import Recording
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD
from tests.video.conftest import video_session

# Every request of the policy tests happens at this instant (a Monday morning in Lezhi).
NOW = datetime(2026, 6, 15, 1, 30, tzinfo=UTC)


@dataclass
class Side:
    station: object
    agency: Agency
    liaison: User
    coordinator: User
    party: User
    mediator: Mediator
    dispute: Dispute
    session: MediationSession
    room: VideoRoom
    seat: RoomParticipant  # the applicant's seat
    handoff: HandOff
    attachment: Attachment
    visit: FollowUp
    assignment: Assignment
    recusal: RecusalRequest
    complaint: Complaint
    disclosure: ConflictDisclosure
    relation: DeclaredRelation
    override: AvailabilityOverride
    studio: Studio
    api_key: AgencyApiKey
    certificate: Certificate
    training: TrainingRecord
    link: str  # the applicant's case link
    batch: ImportBatch  # a history import by the station's coordinator
    recording: Recording  # a saved recording of the room

    def path_values(self) -> dict:
        """The value of each path argument that names one of this side's records."""
        return {
            "code": self.dispute.code,
            "session_id": self.session.id,
            "room_id": self.room.id,
            "participant_id": self.seat.id,
            "handoff_id": self.handoff.id,
            "agency_id": self.agency.id,
            "key_id": self.api_key.id,
            "assignment_id": self.assignment.id,
            "request_id": self.recusal.id,
            "complaint_id": self.complaint.id,
            "disclosure_id": self.disclosure.id,
            "mediator_id": self.mediator.id,
            "relation_id": self.relation.id,
            "override_id": self.override.id,
            "studio_id": self.studio.id,
            "attachment_id": self.attachment.id,
            "visit_id": self.visit.id,
            "party_id": self.dispute.parties[0].id,
            "certificate_id": self.certificate.id,
            "training_id": self.training.id,
            "token": self.link,
            "organisation_id": self.station.id,
            "user_id": self.coordinator.id,
            "import_id": self.batch.id,
            "recording_id": self.recording.id,
            "join_token": join_token(self.room.participants[0]),
        }


def build_side(name: str, station, village, agency_kind, tools) -> Side:
    """Create one side's records under a station, through the shared factories."""
    create_user, create_mediator, mediation_case, settle, admin = tools
    agency = Agency(name=f"{name}机构", kind=agency_kind)
    db.session.add(agency)
    db.session.flush()
    liaison = create_user(Role.LIAISON)
    db.session.add(AgencyMember(agency=agency, user=liaison))
    coordinator = create_user(Role.COORDINATOR, station)
    dispute = mediation_case(township_id=station.id, village_id=village.id)
    mediator = create_mediator(organisation=station)
    dispute.mediator = mediator
    db.session.flush()
    applicant = next(p for p in dispute.parties if p.side == "applicant")
    starts = NOW + timedelta(days=1)
    session = video_session(dispute, mediator, starts, starts + timedelta(hours=1))
    room = video.open_room(session.id, starts, session.end_at, mediator.user, dispute.parties)
    seat = next(s for s in room.participants if s.party_id == applicant.id)
    handoff = HandOff(
        direction="inbound",
        agency=agency,
        dispute=dispute,
        reference=f"REF-{name}-1",
        referral_type="court_delegated" if agency_kind == "court" else "police",
        summary="转来的纠纷。",
        status="signed_for",
        signed_for_at=NOW - timedelta(days=3),
        signed_for_on=date(2026, 6, 12),
        rule_days=30,
        due_on=date(2026, 7, 12),
    )
    content = f"{name} 的材料".encode()
    attachment = Attachment(
        dispute_id=dispute.id,
        filename=f"evidence-{name}.txt",
        content_type="text/plain",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
    )
    db.session.add_all([handoff, attachment])
    settle(dispute)
    agreement = agreements.agreement_for(dispute)
    visit = FollowUp(
        agreement_id=agreement.id,
        dispute_id=dispute.id,
        mediator_id=mediator.id,
        days_after=30,
        due_at=NOW + timedelta(days=30),
    )
    assignment = Assignment(
        dispute_id=dispute.id, mediator_id=mediator.id, method="manual", due_at=NOW
    )
    recusal = RecusalRequest(
        dispute_id=dispute.id, mediator_id=mediator.id, party_id=applicant.id, reason="亲属"
    )
    complaint = Complaint(
        mediator_id=mediator.id,
        dispute_id=dispute.id,
        party_id=applicant.id,
        grounds="bias",
        details="偏袒对方。",
        assurance="sms_code",
    )
    disclosure = ConflictDisclosure(
        dispute_id=dispute.id, mediator_id=mediator.id, description="曾是同事"
    )
    relation = DeclaredRelation(mediator_id=mediator.id, kind="relative", name=f"{name}亲属")
    override = AvailabilityOverride(mediator_id=mediator.id, day=date(2026, 6, 20), windows=[])
    studio = Studio(name=f"{name}调解室", organisation_id=station.id, lead=mediator)
    certificate = Certificate(
        mediator=mediator,
        title="人民调解员证",
        number=f"{name}-001",
        issued_by="乐至县司法局",
        issued_on=date(2025, 3, 1),
    )
    training = TrainingRecord(
        mediator=mediator,
        course="调解技巧",
        provider="县司法局",
        held_on=date(2026, 4, 2),
        hours=Decimal("6.5"),
    )
    db.session.add_all(
        [visit, assignment, recusal, complaint, disclosure, relation, override, studio]
        + [certificate, training]
    )
    db.session.flush()
    api_key, _plain = issue_key(agency, liaison, admin)
    db.session.flush()
    batch = ImportBatch(
        kind="cases",
        filename="history.xlsx",
        sha256="0" * 64,
        rows=[],
        report={},
        organisation_id=station.id,
        created_by_id=coordinator.id,
    )
    recording = Recording(
        room_id=room.id,
        participant_id=next(s.id for s in room.participants if s.role == "mediator"),
        state="saved",
        filename=f"recording-{name}.webm",
        sha256="0" * 64,
    )
    db.session.add_all([batch, recording])
    db.session.flush()
    return Side(
        station=station,
        agency=agency,
        liaison=liaison,
        coordinator=coordinator,
        party=applicant.user,
        mediator=mediator,
        dispute=dispute,
        session=session,
        room=room,
        seat=seat,
        handoff=handoff,
        attachment=attachment,
        visit=visit,
        assignment=assignment,
        recusal=recusal,
        complaint=complaint,
        disclosure=disclosure,
        relation=relation,
        override=override,
        studio=studio,
        api_key=api_key,
        certificate=certificate,
        training=training,
        link=case_link_token(db.session.get(Party, applicant.id)),
        batch=batch,
        recording=recording,
    )


def client_of(app, user: User | None):
    """Return a client of its own for the app, logged in as the user (anonymous for None)."""
    app.test_client_class = IsolatedClient
    client = app.test_client()
    if user is not None:
        response = client.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
        assert response.status_code == 302
    return client
