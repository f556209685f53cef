"""The signaling namespace's SFU events: publish, subscribe, answer, candidates, place changes.

Used only when a session runs on the SFU (VIDEO_SFU, docs/signaling.md "Larger sessions
through the SFU"). The browser talks to this server only; the server talks to Janus. Each
person sends one stream up (`sfu_publish`) into their place's room and receives the feeds of
others in that place down (`sfu_subscribe`), named by labels the server made. After every
change of membership the server polices Janus's rooms (allowed tokens, kicks), withdraws the
publication of any of its connections that moved, and tells each connection what it may
publish and receive now.
"""

import functools
import logging
from contextlib import contextmanager

import requests
from flask import current_app, request
from flask_babel import lazy_gettext as _l

from mediation.core.errors import DomainError, Forbidden, ValidationFailed
from mediation.extensions import db
from mediation.video import guard, sfu_recordings
from mediation.video import permissions as rules
from mediation.video.models import RoomParticipant, VideoRoom
from mediation.video.sfu import rules as sfu_rules
from mediation.video.sfu.gateway import Gateway
from mediation.video.sfu.identifiers import SFU_PLACES
from mediation.video.sfu.janus import JanusError

log = logging.getLogger(__name__)
PEER_CONNECTIONS = ("up", "down")
NOT_ALLOWED = guard.Refusal("not_allowed", _l("You cannot reach that person now."))


class SfuUnavailable(DomainError):
    status = 503
    code = "sfu_unavailable"


def _description(value: object, kind: str, max_bytes: int) -> dict:
    """Return an SDP description of one type, or refuse the payload."""
    if (
        not isinstance(value, dict)
        or value.get("type") != kind
        or not isinstance(value.get("sdp"), str)
        or not 0 < len(value["sdp"]) <= max_bytes
    ):
        raise ValidationFailed(
            _l("Send the %(kind)s as {'type': '%(kind)s', 'sdp': text}."),
            params={"kind": kind},
            code="bad_payload",
        )
    return {"type": kind, "sdp": value["sdp"]}


@contextmanager
def janus_calls():
    """Turn Janus being down or refusing into an error event the person can read."""
    try:
        yield
    except (JanusError, requests.RequestException) as error:
        log.warning("janus refused or failed: %s", error)
        raise SfuUnavailable(
            _l("The video server is not answering; try again in a moment.")
        ) from error


class SfuEvents:
    """Mixed into the signaling namespace; relies on its members, emit and _current.

    The namespace sets `gateway` (None until the first session on the SFU) and `sfu_rooms`
    (each room's answer to "on the SFU?", decided once) in its constructor.
    """

    gateway: Gateway | None
    sfu_rooms: dict[int, bool]

    def sfu_gateway(self) -> Gateway:
        if self.gateway is None:
            config = current_app.config
            self.gateway = Gateway(
                config["SFU_URL"],
                config["SFU_API_SECRET"],
                config["SECRET_KEY"],
                config["SFU_TIMEOUT"],
                spawn=self.socketio.start_background_task,
                on_offer=self._renegotiate,
                on_live=functools.partial(self._feed_live, current_app._get_current_object()),
            )
        return self.gateway

    def reset_sfu(self) -> None:
        """Forget the Janus session and every publication (tests; a changed configuration)."""
        if self.gateway is not None:
            self.gateway.close()
        self.gateway = None
        self.sfu_rooms = {}

    def runs_on_sfu(self, room: VideoRoom) -> bool:
        """Return whether a video session runs on the SFU; decided once per room and process.

        The count is of every seat the room has given, removed ones too, so a removal in the
        middle of a session never moves it from one kind of call to the other.
        """
        if room.id not in self.sfu_rooms:
            config = current_app.config
            mode = sfu_rules.mode_of(config.get("VIDEO_SFU"))
            self.sfu_rooms[room.id] = sfu_rules.uses_sfu(
                mode, len(room.participants), config["SFU_THRESHOLD"]
            )
        return self.sfu_rooms[room.id]

    def media_kind(self, room: VideoRoom) -> str:
        return "sfu" if self.runs_on_sfu(room) else "mesh"

    # Events -----------------------------------------------------------------------------

    def sfu_publish(self, conn, data: dict):
        """Publish the sender's stream in their place's room: the offer in, Janus's answer out."""
        me = self._sfu_member(conn)
        offer = _description(data.get("offer"), "offer", current_app.config["SIGNAL_MAX_BYTES"])
        if me.place not in SFU_PLACES:
            raise Forbidden(_l("You can send video once you are admitted."), code="in_lobby")
        members = self._sfu_members(conn.room_id)
        with janus_calls():
            gateway = self.sfu_gateway()
            gateway.police(conn.room_id, members)
            answer = gateway.publish(request.sid, conn.room_id, me, offer)
        self.emit("sfu_answer", {"answer": answer, "place": me.place}, room=request.sid)
        self.send_feeds(conn.room_id)

    def sfu_subscribe(self, conn, data: dict):
        """Receive the named feeds of others in the sender's place, or nothing at all."""
        me = self._sfu_member(conn)
        members = self._sfu_members(conn.room_id)
        gateway = self.sfu_gateway()
        with janus_calls():
            labels = gateway.feeds(conn.room_id, me, sfu_rules.feed_sources(me, members))
        chosen = sfu_rules.chosen_sources(me, members, labels, data.get("feeds"))
        if chosen is None or gateway.published_place(request.sid) != me.place:
            # The same words whatever was wrong: a refusal says nothing of who is where.
            return self._sfu_refuse(NOT_ALLOWED, "sfu_subscribe")
        by_id = {m.id: m for m in members}
        with janus_calls():
            offer = gateway.subscribe(request.sid, me, [by_id[i] for i in chosen])
        names = {v: k for k, v in labels.items()}
        feeds = [{"feed": names[i], "member": i} for i in chosen]
        self.emit("sfu_offer", {"offer": offer, "feeds": feeds}, room=request.sid)

    def sfu_answer(self, conn, data: dict):
        """Start receiving: the browser's answer to the server's `sfu_offer`."""
        self._sfu_member(conn)
        answer = _description(data.get("answer"), "answer", current_app.config["SIGNAL_MAX_BYTES"])
        with janus_calls():
            try:
                self.sfu_gateway().start(request.sid, answer)
            except KeyError:
                return self._sfu_refuse(NOT_ALLOWED, "sfu_answer")

    def sfu_candidate(self, conn, data: dict):
        """Pass one of the browser's ICE candidates (or its end, null) on to Janus."""
        self._sfu_member(conn)
        which, candidate = data.get("pc"), data.get("candidate")
        if which not in PEER_CONNECTIONS or not (candidate is None or isinstance(candidate, dict)):
            raise ValidationFailed(
                _l("A candidate names its connection ('up' or 'down') and the candidate."),
                code="bad_payload",
            )
        if candidate is not None:
            candidate = {
                k: candidate[k] for k in ("candidate", "sdpMid", "sdpMLineIndex") if k in candidate
            }
            if not isinstance(candidate.get("candidate"), str):
                raise ValidationFailed(_l("A candidate carries its text."), code="bad_payload")
        with janus_calls():
            try:
                self.sfu_gateway().trickle(request.sid, which, candidate)
            except KeyError:
                return self._sfu_refuse(NOT_ALLOWED, "sfu_candidate")

    # Place changes ----------------------------------------------------------------------

    def sfu_follow(self, room_id: int, members: dict) -> None:
        """After a change of membership: police Janus, withdraw who moved, say what holds now.

        Janus's rooms let in only the seats now in each place and put out every other feed,
        whichever process serves it; this process also drops the handles of its own
        connections that moved. Everyone put out is told (`sfu_withdrawn`), then everyone
        connected is told their place, whether they may publish there, and the feeds there.
        """
        room = db.session.get(VideoRoom, room_id)
        if room is None or not self.runs_on_sfu(room):
            return
        plain = [m for m, _sid in members.values()]
        try:
            gateway = self.sfu_gateway()
            if room.state == "ended":
                for _m, sid in members.values():
                    if sid:
                        gateway.withdraw(sid)
                gateway.destroy(room_id)
                return
            put_out = gateway.police(room_id, plain)
            for m, sid in members.values():
                placed = gateway.published_place(sid) if sid in self.connections else None
                if placed is not None and placed != m.place:
                    gateway.withdraw(sid)
                    put_out[m.id] = placed
                # Whichever process serves them: their browser closes its peer connections.
                if sid and m.id in put_out:
                    self.emit("sfu_withdrawn", {"place": put_out[m.id]}, room=sid)
        except (JanusError, requests.RequestException):
            log.exception("could not bring the SFU's rooms in line with room %s", room_id)
            return
        self.send_feeds(room_id, members)

    def sfu_record(self, room: VideoRoom, members: list[rules.Member], consents: dict) -> None:
        """Start or stop Janus's recording of the joint room to match everyone's consent now.

        Called before every view of the room is sent, so a withdrawal or someone new without
        consent stops the recording in the handler that saw it, and the views say so.
        """
        if not self.runs_on_sfu(room):
            return
        try:
            changed = sfu_recordings.follow_consent(room, members, consents, self.sfu_gateway())
        except (JanusError, requests.RequestException):
            log.exception("could not start or stop the SFU's recording of room %s", room.id)
            changed = True  # what was written before Janus failed (a stop) is kept
        if changed:
            db.session.commit()

    def send_feeds(self, room_id: int, members: dict | None = None) -> None:
        """Tell every connected member their place, if they may publish, and the feeds there."""
        members = members if members is not None else self.members(room_id)
        plain = [m for m, _sid in members.values()]
        gateway = self.sfu_gateway()
        views = []
        live: dict[str, set[int]] = {}
        try:
            for m, sid in members.values():
                if not sid:
                    continue
                labels = gateway.feeds(room_id, m, sfu_rules.feed_sources(m, plain), live)
                views.append(
                    (
                        sid,
                        {
                            "place": m.place,
                            "publish": m.place in SFU_PLACES,
                            "feeds": [{"feed": k, "member": v} for k, v in labels.items()],
                        },
                    )
                )
        except (JanusError, requests.RequestException):
            log.exception("could not list the SFU's feeds of room %s", room_id)
            return
        for sid, view in views:
            self.emit("sfu_feeds", view, room=sid)

    def sfu_disconnected(self, sid: str) -> None:
        if self.gateway is not None:
            try:
                self.gateway.withdraw(sid)
            except (JanusError, requests.RequestException):
                log.warning("could not unpublish a closed connection", exc_info=True)

    # Helpers ----------------------------------------------------------------------------

    def _sfu_member(self, conn) -> rules.Member:
        seat: RoomParticipant = self._current(conn)
        if not self.runs_on_sfu(seat.room):
            raise Forbidden(_l("This session does not run on the SFU."), code="not_sfu")
        return self.members(conn.room_id)[seat.id][0]

    def _sfu_members(self, room_id: int) -> list[rules.Member]:
        return [m for m, _sid in self.members(room_id).values()]

    def _sfu_refuse(self, refusal: guard.Refusal, event: str) -> None:
        self.emit(
            "error",
            {"code": refusal.code, "message": str(refusal.message), "event": event},
            room=request.sid,
        )

    def _feed_live(self, app, sid: str, room_id: int) -> None:
        # From the Janus poll, when a connection's media reached Janus: the others in its
        # place may now receive it.
        with app.app_context():
            try:
                if sid in self.connections:
                    self.send_feeds(room_id)
            finally:
                db.session.remove()

    def _renegotiate(self, sid: str, offer: dict) -> None:
        # From the Janus poll: no request, no database; straight to the connection.
        self.server.emit(
            "sfu_offer", {"offer": offer, "feeds": None}, to=sid, namespace=self.namespace
        )
