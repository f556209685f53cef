"""A consented recording of a video room, uploaded in numbered chunks, and those chunks."""

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.core.db import UTCDateTime, utcnow
from mediation.extensions import db


class Recording(db.Model):
    """One recording: open while chunks arrive, then saved (with its hash) or expired."""

    __tablename__ = "video_recordings"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("video_rooms.id"), index=True)
    # The mediator's seat that made it.
    participant_id: Mapped[int] = mapped_column(ForeignKey("room_participants.id"))
    # open, saved (finished by the mediator), stopped (cut short: consent), expired (removed).
    # One made by the SFU also passes through composing (Janus stopped; files being joined)
    # and may end failed (its raw files kept for a person to look at).
    state: Mapped[str] = mapped_column(String(12), default="open")
    # Who records: the mediator's browser ("browser", a mesh session) or Janus ("sfu").
    source: Mapped[str] = mapped_column(String(8), default="browser", server_default="browser")
    # When a scheduler process took a composing recording on: one left too long was dropped
    # by a crashed process and is taken on again.
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mime_type: Mapped[str] = mapped_column(String(60), default="video/webm")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stop_reason: Mapped[str | None] = mapped_column(String(24))
    # Filled when the chunks are put together: the file under RECORDING_DIR, its size and hash.
    filename: Mapped[str | None] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    sha256: Mapped[str | None] = mapped_column(String(64))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    chunks: Mapped[list["RecordingChunk"]] = relationship(
        order_by="RecordingChunk.seq", cascade="all, delete-orphan"
    )

    @property
    def kept(self) -> bool:
        """A saved or stopped recording whose file is still here."""
        return self.state in ("saved", "stopped") and self.filename is not None


class RecordingChunk(db.Model):
    """One numbered piece of an open recording, stored once however often it is sent."""

    __tablename__ = "video_recording_chunks"
    __table_args__ = (UniqueConstraint("recording_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("video_recordings.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
