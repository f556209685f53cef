"""Video rooms, their participants, and what happened in them (attendance, chat, consent)."""

import secrets
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.accounts.models import User
from mediation.core.db import JSONDocument, UTCDateTime, utcnow
from mediation.disputes.models import Party
from mediation.extensions import db


class VideoRoom(db.Model):
    """The video room of one session; state is waiting, started or ended."""

    __tablename__ = "video_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The scheduled session this room belongs to (mediation_sessions).
    session_id: Mapped[int] = mapped_column(ForeignKey("mediation_sessions.id"), unique=True)
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default="waiting")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recording: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participants: Mapped[list["RoomParticipant"]] = relationship(
        back_populates="room", order_by="RoomParticipant.id", cascade="all, delete-orphan"
    )


def new_link_nonce() -> str:
    """Return a fresh random value that every join link of a seat must carry."""
    return secrets.token_urlsafe(12)


class RoomParticipant(db.Model):
    """One person's seat in a room, and where that person is now."""

    __tablename__ = "room_participants"
    __table_args__ = (Index("ix_room_participants_sid", "sid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("video_rooms.id"), index=True)
    role: Mapped[str] = mapped_column(String(12))
    side: Mapped[str | None] = mapped_column(String(12))
    display_name: Mapped[str] = mapped_column(String(60))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id"), index=True)
    # Raising the version and drawing a new nonce revokes every join link issued before. The
    # nonce is random, so a link withdrawn once never works again, even after a database is
    # restored from a backup (the version alone would count up to the old value again).
    link_version: Mapped[int] = mapped_column(default=0)
    link_nonce: Mapped[str] = mapped_column(String(24), default=new_link_nonce)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Live state, shared by every server process: the space the person is in (lobby, joint,
    # caucus:<side>; None before the first join) and the current connection, if any.
    place: Mapped[str | None] = mapped_column(String(24))
    sid: Mapped[str | None] = mapped_column(String(64))
    connected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    room: Mapped[VideoRoom] = relationship(back_populates="participants")
    user: Mapped[User | None] = relationship()
    party: Mapped[Party | None] = relationship()

    @property
    def online(self) -> bool:
        return self.sid is not None

    def withdraw_links(self) -> None:
        """Make every join link issued so far for this seat stop working."""
        self.link_version += 1
        self.link_nonce = new_link_nonce()


class AttendanceEvent(db.Model):
    """A join, leave, admission or move of one participant, with its time."""

    __tablename__ = "video_attendance"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("video_rooms.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("room_participants.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("room_participants.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ChatMessage(db.Model):
    """A chat line, readable by those who were in its space when it was sent."""

    __tablename__ = "video_chat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("video_rooms.id"), index=True)
    sender_id: Mapped[int] = mapped_column(ForeignKey("room_participants.id"))
    place: Mapped[str] = mapped_column(String(24))
    body: Mapped[str] = mapped_column(Text)
    audience: Mapped[list] = mapped_column(JSONDocument)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecordingConsent(db.Model):
    """One yes or no to local recording; the latest per participant counts."""

    __tablename__ = "video_recording_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("video_rooms.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("room_participants.id"))
    consent: Mapped[bool] = mapped_column(Boolean)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CaucusTimer(db.Model):
    """The running timer of one caucus: when it ends, and whether its warning went out."""

    __tablename__ = "video_caucus_timers"
    __table_args__ = (UniqueConstraint("room_id", "place", name="uq_video_caucus_timers_place"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("video_rooms.id"), index=True)
    place: Mapped[str] = mapped_column(String(24))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
