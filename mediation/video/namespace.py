"""The signaling namespace: authenticate at connect, then relay and control within the rules."""

import functools
import logging
import time

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_socketio import Namespace

from mediation.core.errors import DomainError
from mediation.extensions import db
from mediation.video import guard, livestate, presence, recordings
from mediation.video import permissions as rules
from mediation.video.guard import TokenBucket
from mediation.video.ice import ice_servers
from mediation.video.links import participant_from_token
from mediation.video.models import RoomParticipant, VideoRoom
from mediation.video.sfu_events import SfuEvents
from mediation.video.timer_events import CaucusEvents

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


def _refuse(refusal: guard.Refusal, event: str | None) -> None:
    if refusal is not guard.DROPPED:
        _error(refusal.code, str(refusal.message), event)


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
            return _refuse(guard.NOT_CONNECTED, event)
        refusal = guard.screen(conn.bucket, data, extra, current_app.config["SIGNAL_MAX_BYTES"])
        if refusal is not None:
            return _refuse(refusal, event)
        try:
            return handler(self, conn, data or {})
        except DomainError as error:
            db.session.rollback()
            return _error(error.code, str(error), event)
        except Exception:
            db.session.rollback()
            log.exception("signaling event %s failed", event)
            return _error("server_error", _("Something went wrong on our side."), event)

    return wrapper


BAD_SIGNAL = guard.Refusal("bad_payload", _l("A signal needs 'to' and a known 'kind'."))
BAD_SIGNAL_DATA = guard.Refusal("bad_payload", _l("A signal's 'data' is an object."))
BAD_MEDIA_STATE = guard.Refusal(
    "bad_payload", _l("A media signal carries only 'audio_only' (true or false) and 'quality'.")
)
REPLACED = guard.Refusal("replaced", _l("This connection has been replaced."))
UNREACHABLE = guard.Refusal("not_allowed", _l("You cannot reach that person now."))
ROOM_CLOSED = guard.Refusal("room_closed", _l("This video room has closed."))


class RoomCopy:
    """One process's copy of a room: who is where on which connection, and until when."""

    __slots__ = ("version", "members", "open_until")

    def __init__(self, version: tuple, members: dict, open_until: float):
        self.version = version
        self.members = members  # participant id -> (member, connection id or None)
        self.open_until = open_until  # a Unix time; 0 once the room has ended


def _route(conn: Connection, sid: str, data: dict, members: dict) -> tuple | guard.Refusal:
    """Decide where a signal goes: (connection id, message), or why it may not go."""
    kind, target_id, body = data.get("kind"), data.get("to"), data.get("data")
    if kind not in rules.SIGNAL_KINDS or type(target_id) is not int:
        return BAD_SIGNAL
    if body is not None and not isinstance(body, dict):
        return BAD_SIGNAL_DATA
    if kind == "media" and not rules.is_media_state(body):
        return BAD_MEDIA_STATE
    sender, sender_sid = members.get(conn.participant_id, (None, None))
    if sender is None or sender_sid != sid:
        return REPLACED
    target, target_sid = members.get(target_id, (None, None))
    if target is None or not rules.can_signal(sender, target):
        return UNREACHABLE
    return target_sid, {"from": sender.id, "kind": kind, "data": body}


class SignalNamespace(CaucusEvents, SfuEvents, Namespace):
    def __init__(self, namespace: str = NAMESPACE, queue_url: str | None = None):
        super().__init__(namespace)
        self.connections: dict[str, Connection] = {}
        self.rooms: dict[int, RoomCopy] = {}
        self.queue_url = queue_url
        self.listening = False
        self.max_bytes = 64 * 1024  # replaced by SIGNAL_MAX_BYTES at the first connection
        self.gateway = None  # this process's side of the SFU, made at its first use
        self.sfu_rooms = {}

    def copy(self, room_id: int) -> RoomCopy:
        """Return the process's copy of a room, reloading it when it is stale."""
        version = livestate.version(room_id)
        cached = self.rooms.get(room_id)
        if cached is None or cached.version != version:
            room = db.session.get(VideoRoom, room_id)
            members = {m.id: (m, sid) for m, sid in presence.live_members(room_id)}
            open_until = room.closes_at.timestamp() if room and room.state != "ended" else 0.0
            cached = self.rooms[room_id] = RoomCopy(version, members, open_until)
        return cached

    def members(self, room_id: int) -> dict[int, tuple[rules.Member, str | None]]:
        return self.copy(room_id).members

    def _listen(self) -> None:
        if self.queue_url and not self.listening:
            self.listening = True
            self.socketio.start_background_task(livestate.listen, self.queue_url)

    # Connections -------------------------------------------------------------------------

    def on_connect(self, auth=None):
        auth = auth if isinstance(auth, dict) else {}
        try:
            seat = participant_from_token(auth.get("token"), auth.get("session_id"))
            replaced = presence.connect_seat(seat, request.sid)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            raise guard.connection_refused(error) from None
        self._listen()
        self.start_sweep()
        config = current_app.config
        self.max_bytes = config["SIGNAL_MAX_BYTES"]
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
        self.sfu_disconnected(request.sid)
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
            "ice_transport_policy": current_app.config["ICE_TRANSPORT_POLICY"],
            "media": self.media_kind(room),
            "bitrate_caps": {
                "video": current_app.config["VIDEO_MAX_KBPS"] * 1000,
                "audio": current_app.config["AUDIO_MAX_KBPS"] * 1000,
            },
            "chat": [self._chat_item(m) for m in presence.chat_history(seat)],
        }

    def broadcast_room(self, room_id: int) -> None:
        """Send every connected member the view of the room they are allowed to have."""
        by_id = self.members(room_id)
        members = list(by_id.values())
        room = db.session.get(VideoRoom, room_id)
        consents = presence.consents(room_id)
        plain = [m for m, _sid in members]
        self.sfu_record(room, plain, consents)
        extras = self.view_extras(room_id)
        views = []
        for m, sid in members:
            if sid is None:
                continue
            view = rules.room_view(m, plain)
            view["state"] = room.state
            view["recording"] = room.recording
            view.update(extras(m))
            if m.is_mediator:
                view["consents"] = {str(k): v for k, v in consents.items()}
                view["may_record"] = rules.may_record(m, plain, consents)
            else:
                view["consents"] = {str(m.id): consents[m.id]} if m.id in consents else {}
            views.append((view, sid))
        for view, sid in views:
            self.emit("room", view, room=sid)
        self.sfu_follow(room_id, by_id)

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

    def trigger_event(self, event, *args):
        if event == "signal" and self._relay(*args):
            return None
        return super().trigger_event(event, *args)

    def _relay(self, sid: str, data=None, *extra) -> bool:
        """Relay one signal from this process's memory alone: the hot path.

        It runs with no Flask context and touches neither the database nor Redis, yet applies
        every check the full handler applies. It returns False, having done nothing, when that
        handler must decide instead: an unknown connection, or a copy of the room that is
        stale and must be reloaded, or a room past its closing time.
        """
        conn = self.connections.get(sid)
        if conn is None:
            return False
        cached = self.rooms.get(conn.room_id)
        if (
            cached is None
            or cached.version != livestate.version(conn.room_id)
            or time.time() >= cached.open_until
        ):
            return False
        outcome = guard.screen(conn.bucket, data, extra, self.max_bytes)
        if outcome is None:
            outcome = _route(conn, sid, data or {}, cached.members)
        if isinstance(outcome, guard.Refusal):
            if outcome is not guard.DROPPED:
                self._refuse_outside_request(sid, outcome, "signal")
        else:
            target_sid, message = outcome
            # A peer on this process is sent to directly; only one on another process needs
            # the message queue.
            self.server.emit(
                "signal",
                message,
                to=target_sid,
                namespace=self.namespace,
                ignore_queue=target_sid in self.connections,
            )
        return True

    def _refuse_outside_request(self, sid: str, refusal: guard.Refusal, event: str) -> None:
        """Send an error event from the hot path, in the person's language (rare, so slower)."""
        environ = self.server.get_environ(sid, namespace=self.namespace)
        if not environ:
            return
        with environ["flask.app"].request_context(environ):
            request.sid = sid
            request.namespace = self.namespace
            _refuse(refusal, event)

    @guarded
    def on_signal(self, conn: Connection, data: dict):
        # Reached when the hot path could not decide: the copy of the room is reloaded here.
        room = self.copy(conn.room_id)
        if time.time() >= room.open_until:
            return _refuse(ROOM_CLOSED, "signal")
        outcome = _route(conn, request.sid, data, room.members)
        if isinstance(outcome, guard.Refusal):
            return _refuse(outcome, "signal")
        self.emit("signal", outcome[1], room=outcome[0])

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
        if data.get("consent") is False:
            recordings.stop_room_recordings(conn.room_id, "consent")
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
        self.after_control(seat, action, data)
        db.session.commit()
        for sid, event, payload in closing:
            self.emit(event, payload, room=sid)
            self.disconnect(sid)
        if action == "end":
            self.sfu_follow(conn.room_id, self.members(conn.room_id))
        else:
            self.broadcast_room(conn.room_id)
            self.emit("done", {"action": action}, room=request.sid)

    on_caucus_timer = guarded(CaucusEvents.caucus_timer)
    on_phone = guarded(CaucusEvents.phone)
    on_sfu_publish = guarded(SfuEvents.sfu_publish)
    on_sfu_subscribe = guarded(SfuEvents.sfu_subscribe)
    on_sfu_answer = guarded(SfuEvents.sfu_answer)
    on_sfu_candidate = guarded(SfuEvents.sfu_candidate)


def register(socketio) -> None:
    """Attach the signaling namespace to a SocketIO server."""
    queue_url = socketio.server_options.get("message_queue")
    socketio.on_namespace(SignalNamespace(NAMESPACE, queue_url))
