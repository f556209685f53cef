"""The case file's recordings: listed with their hashes, and their files in the ZIP."""

from flask_babel import gettext as _
from sqlalchemy import select

from mediation.core.i18n import local_time
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.outcomes.pdf import Section
from mediation.scheduling.models import MediationSession
from mediation.video.models import VideoRoom
from mediation.video.recording_models import Recording
from mediation.video.recordings import store


def recordings_of(dispute: Dispute) -> list[Recording]:
    """Every recording of the case's sessions that was saved or cut short, oldest first."""
    query = (
        select(Recording)
        .join(VideoRoom, VideoRoom.id == Recording.room_id)
        .join(MediationSession, MediationSession.id == VideoRoom.session_id)
        .where(
            MediationSession.dispute_id == dispute.id,
            Recording.state.in_(("saved", "stopped", "expired")),
            Recording.sha256.is_not(None),
        )
        .order_by(Recording.id)
    )
    return list(db.session.scalars(query))


def archive_name(number: int, recording: Recording) -> str:
    return f"recordings/{number:02d}-{recording.filename}"


def recordings_section(dispute: Dispute) -> Section | None:
    """The recordings made with every participant's consent: when, how large, their hash."""
    recordings = recordings_of(dispute)
    if not recordings:
        return None
    rows = []
    for number, recording in enumerate(recordings, start=1):
        rows.append((_("Recording %(number)s", number=number), local_time(recording.started_at)))
        rows.append((_("Size"), _("%(n)s bytes", n=recording.size)))
        rows.append((_("SHA-256"), recording.sha256 or ""))
        if recording.state == "stopped":
            rows.append((_("Note"), _("Stopped early: a participant's agreement was missing.")))
        if recording.state == "expired":
            rows.append((_("Note"), _("Removed at the end of its retention period.")))
        elif recording.filename:
            rows.append((_("File"), archive_name(number, recording)))
    return Section(
        _("Recordings"),
        rows=rows,
        paragraphs=[_("Made with every participant's consent; the files are in the archive.")],
    )


def recording_files(dispute: Dispute) -> list[tuple[str, bytes]]:
    """The recordings still kept, as (name in the archive, content)."""
    files = []
    for number, recording in enumerate(recordings_of(dispute), start=1):
        if recording.filename is None:
            continue
        path = store().path(recording.filename)
        if path.is_file():
            files.append((archive_name(number, recording), path.read_bytes()))
    return files
