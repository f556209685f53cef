"""The signaling namespace: authenticate at connect, then relay and control within the rules."""

import functools
import logging

from flask import current_app, request
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, Namespace

from mediation.core.errors import DomainError
from mediation.extensions import db
from mediation.video import livestate, presence
from mediation.video import permissions as rules
from mediation.video.guard import TokenBucket, payload_size
from mediation.video.ice import ice_servers
from mediation.video.links import participant_from_token
from mediation.video.models import RoomParticipant

NAMESPACE = "/signal"
log = logging.getLogger(__name__)


class Connection:
    """What this process knows about one of its own connections."""

    __slots__ = ("participant_id", "room_id", "bucket")

    def __init__(self, participant_id: int, room_id: int, bucket: TokenBucket):
        self.participant_id = participant_id
        self.room_id = room_id
        self.bucket = bucket


def _error(code: str, message: str, event: str | None = None, to: str | None = None) -> None:
    from flask_socketio import emit

    emit("error", {"code": code, "message": message, "event": event}, to=to or request.sid)


def guarded(handler):
    """Drop bad events with an error event; never let an exception reach the server loop.

    Unknown connections, floods, oversized and malformed payloads are refused; domain errors
    become error events.
    """
    event = handler.__name__.removeprefix("on_")

    @functools.wraps(handler)
    def wrapper(self, data=None, *extra):
        conn = self.connections.get(request.sid)
        if conn is None:
            return _error("not_connected", _("Connect with a join link first."), event)
        if not conn.bucket.take():
            if conn.bucket.should_warn():
                _error("rate_limited", _("Too many messages; some were dropped."), event)
            return None
        if data is None:
            data = {}
        size = payload_size(data)
        if extra or not isinstance(data, dict) or size < 0:
            return _error("bad_payload", _("Send one JSON object."), event)
        if size > current_app.config["SIGNAL_MAX_BYTES"]:
            return _error("too_large", _("The message is too large."), event)
        try:
            return handler(self, conn, data)
        except DomainError as error:
            db.session.rollback()
            return _error(error.code, str(error), event)
        except Exception:
            db.session.rollback()
            log.exception("signaling event %s failed", event)
            return _error("server_error", _("Something went wrong on our side."), event)

    return wrapper


class SignalNamespace(Namespace):
    def __init__(self, namespace: str = NAMESPACE, queue_url: str | None = None):
        super().__init__(namespace)
        self.connections: dict[str, Connection] = {}
        # room id -> (version, {participant id: (member, connection id)}): the relay's copy.
        self.rooms: dict[int, tuple] = {}
        self.queue_url = queue_url
        self.listening = False

    def members(self, room_id: int) -> dict[int, tuple[rules.Member, str | None]]:
        """Return a room's members from this process's copy, reloading it when it is stale."""
        version = livestate.version(room_id)
        cached = self.rooms.get(room_id)
        if cached is None or cached[0] != version:
            members = {m.id: (m, sid) for m, sid in presence.live_members(room_id)}
            cached = self.rooms[room_id] = (version, members)
        return cached[1]

    def _listen(self) -> None:
        if self.queue_url and not self.listening:
            self.listening = True
            self.socketio.start_background_task(livestate.listen, self.queue_url)

    # Connections -------------------------------------------------------------------------

    def on_connect(self, auth=None):
        auth = auth if isinstance(auth, dict) else {}
        session_id = auth.get("session_id")
        try:
            seat = participant_from_token(
                auth.get("token"), session_id if type(session_id) is int else None
            )
            replaced = presence.connect_seat(seat, request.sid)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise ConnectionRefusedError({"code": error.code, "message": str(error)}) from None
        self._listen()
        config = current_app.config
        self.connections[request.sid] = Connection(
            seat.id, seat.room_id, TokenBucket(config["SIGNAL_RATE"], config["SIGNAL_BURST"])
        )
        if replaced and replaced != request.sid:
            self.emit(
                "replaced", {"message": _("You joined from another device or tab.")}, room=replaced
            )
            self.disconnect(replaced)
        self.emit("welcome", self._welcome(seat), room=request.sid)
        self.broadcast_room(seat.room_id)

    def on_disconnect(self, reason=None):
        conn = self.connections.pop(request.sid, None)
        try:
            seat = presence.disconnect_seat(request.sid)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("could not record a disconnect")
            return
        room_id = seat.room_id if seat else conn.room_id if conn else None
        if room_id is not None:
            self.broadcast_room(room_id)
            if not any(c.room_id == room_id for c in self.connections.values()):
                self.rooms.pop(room_id, None)

    def _welcome(self, seat: RoomParticipant) -> dict:
        room = seat.room
        return {
            "you": {
                "id": seat.id,
                "name": seat.display_name,
                "role": seat.role,
                "side": seat.side,
            },
            "room": {
                "id": room.id,
                "session_id": room.session_id,
                "state": room.state,
                "opens_at": room.opens_at.isoformat(),
                "closes_at": room.closes_at.isoformat(),
            },
            "ice_servers": ice_servers(current_app.config, seat.id),
            "chat": [self._chat_item(m) for m in presence.chat_history(seat)],
        }

    def broadcast_room(self, room_id: int) -> None:
        """Send every connected member the view of the room they are allowed to have."""
        members = list(self.members(room_id).values())
        room = db.session.get(presence.VideoRoom, room_id)
        consents = presence.consents(room_id)
        plain = [m for m, _sid in members]
        views = []
        for m, sid in members:
            if sid is None:
                continue
            view = rules.room_view(m, plain)
            view["state"] = room.state
            view["recording"] = room.recording
            if m.is_mediator:
                view["consents"] = {str(k): v for k, v in consents.items()}
                view["may_record"] = rules.may_record(m, plain, consents)
            else:
                view["consents"] = {str(m.id): consents[m.id]} if m.id in consents else {}
            views.append((view, sid))
        for view, sid in views:
            self.emit("room", view, room=sid)

    def emit(self, *args, **kwargs):
        """Send, after ending any open database transaction.

        Sending may switch to another greenlet; a transaction left open meanwhile would hold
        SQLite's lock, and a writer waiting for that lock blocks the whole process.
        """
        if db.session().in_transaction():
            db.session.commit()
        return super().emit(*args, **kwargs)

    def _current(self, conn: Connection) -> RoomParticipant:
        seat = db.session.get(RoomParticipant, conn.participant_id)
        if seat is None or seat.removed or seat.sid != request.sid:
            raise DomainError(_("This connection has been replaced."), code="replaced")
        return seat

    # Relay -------------------------------------------------------------------------------

    @guarded
    def on_signal(self, conn: Connection, data: dict):
        kind, target_id, body = data.get("kind"), data.get("to"), data.get("data")
        if kind not in rules.SIGNAL_KINDS or type(target_id) is not int:
            return _error("bad_payload", _("A signal needs 'to' and a known 'kind'."), "signal")
        if body is not None and not isinstance(body, dict):
            return _error("bad_payload", _("A signal's 'data' is an object."), "signal")
        # From this process's copy of the room: a relay never waits for the database.
        members = self.members(conn.room_id)
        sender, sender_sid = members.get(conn.participant_id, (None, None))
        if sender is None or sender_sid != request.sid:
            return _error("replaced", _("This connection has been replaced."), "signal")
        target, target_sid = members.get(target_id, (None, None))
        if target is None or not rules.can_signal(sender, target):
            return _error("not_allowed", _("You cannot reach that person now."), "signal")
        self.emit("signal", {"from": sender.id, "kind": kind, "data": body}, room=target_sid)

    @guarded
    def on_chat(self, conn: Connection, data: dict):
        seat = self._current(conn)
        message = presence.post_chat(seat, data.get("body"))
        db.session.commit()
        members = {pid: sid for pid, (_m, sid) in self.members(conn.room_id).items()}
        item = self._chat_item(message)
        for participant_id in message.audience:
            if members.get(participant_id):
                self.emit("chat", item, room=members[participant_id])

    @staticmethod
    def _chat_item(message) -> dict:
        sender = db.session.get(RoomParticipant, message.sender_id)
        return {
            "id": message.id,
            "from": message.sender_id,
            "name": sender.display_name if sender else "",
            "place": message.place,
            "body": message.body,
            "at": message.sent_at.isoformat(),
        }

    @guarded
    def on_call_mediator(self, conn: Connection, data: dict):
        seat = self._current(conn)
        members = list(self.members(conn.room_id).values())
        if not rules.can_call_mediator(presence.member(seat), [m for m, _s in members]):
            return _error(
                "not_allowed", _("You can call the mediator from a room."), "call_mediator"
            )
        call = {"from": seat.id, "name": seat.display_name, "place": seat.place}
        for m, sid in members:
            if m.is_mediator and sid:
                self.emit("call", call, room=sid)
        self.emit("called", {"ok": True}, room=request.sid)

    @guarded
    def on_consent(self, conn: Connection, data: dict):
        seat = self._current(conn)
        presence.record_consent(seat, data.get("consent"))
        db.session.commit()
        self.broadcast_room(conn.room_id)

    @guarded
    def on_recording(self, conn: Connection, data: dict):
        seat = self._current(conn)
        presence.set_recording(seat, data.get("active"))
        db.session.commit()
        self.broadcast_room(conn.room_id)

    # Mediator's controls -------------------------------------------------------------------

    @guarded
    def on_control(self, conn: Connection, data: dict):
        seat = self._current(conn)
        action = data.get("action")
        target = data.get("participant")
        if action not in rules.CONTROL_ACTIONS:
            return _error("bad_payload", _("Unknown action."), "control")
        closing: list[tuple[str, str, dict]] = []
        if action == "admit":
            presence.move_seat(seat, target, data.get("place") or rules.JOINT, "admit")
        elif action == "lobby":
            presence.move_seat(seat, target, rules.LOBBY, "lobby")
        elif action == "move":
            presence.move_seat(seat, target, data.get("place"), "move")
        elif action == "caucus":
            side = data.get("side")
            if side not in rules.SIDES:
                return _error(
                    "bad_payload", _("Choose the applicant or the respondent side."), "control"
                )
            members = [presence.member(s) for s in presence.seats(conn.room_id)]
            presence.apply_moves(seat, rules.caucus_moves(side, members), "caucus")
        elif action == "gather":
            members = [presence.member(s) for s in presence.seats(conn.room_id)]
            presence.apply_moves(seat, rules.gather_moves(members), "gather")
        elif action == "remove":
            sid = presence.remove_seat(seat, target)
            if sid:
                closing.append(
                    (sid, "removed", {"message": _("The mediator removed you from the room.")})
                )
        elif action == "end":
            for sid in presence.end_room(seat):
                closing.append(
                    (sid, "ended", {"message": _("The mediator has ended the session.")})
                )
        db.session.commit()
        for sid, event, payload in closing:
            self.emit(event, payload, room=sid)
            self.disconnect(sid)
        if action != "end":
            self.broadcast_room(conn.room_id)
            self.emit("done", {"action": action}, room=request.sid)


def register(socketio) -> None:
    """Attach the signaling namespace to a SocketIO server."""
    queue_url = socketio.server_options.get("message_queue")
    socketio.on_namespace(SignalNamespace(NAMESPACE, queue_url))
