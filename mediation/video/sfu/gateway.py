"""One server process's side of the SFU: its Janus session and its connections' handles.

What a connection publishes and receives lives here, in this process's memory, beside the
Janus session its handles belong to (a handle is meaningful only to the session that attached
it, and a connection is served by one process). Everything about the rooms themselves is
derived (mediation.video.sfu.identifiers), so any process can make, police or destroy them.
Janus enforces the places too: each room's allowed list holds the tokens of exactly the seats
in that place, and a feed whose seat is no longer there is kicked out.
"""

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mediation.video.permissions import JOINT, Member
from mediation.video.sfu import videoroom
from mediation.video.sfu.identifiers import (
    SFU_PLACES,
    JanusRoom,
    feed_label,
    janus_feed,
    janus_room,
    seat_token,
)
from mediation.video.sfu.janus import Janus, JanusSession

log = logging.getLogger(__name__)


@dataclass
class Publication:
    """One connection's handles: what it sends (up) and what it receives (down)."""

    place: str
    room: JanusRoom
    up: int
    private_id: int = 0
    down: int | None = None


class Gateway:
    """The process's Janus session, and each of its connections' publication."""

    def __init__(
        self,
        url: str,
        api_secret: str,
        key: str,
        timeout: float = 10,
        spawn: Callable | None = None,
        on_offer: Callable[[str, dict], None] | None = None,
        on_live: Callable[[str, int], None] | None = None,
    ):
        self.api_secret = api_secret
        self.key = key
        self.session = JanusSession(Janus(url, api_secret, timeout), spawn, self._janus_event)
        self.on_offer = on_offer or (lambda sid, jsep: None)
        self.on_live = on_live or (lambda sid, video_room_id: None)
        self.publications: dict[str, Publication] = {}
        self.lock = threading.RLock()
        self._admin: tuple[int, int] | None = None  # (session id, handle) for room requests

    def room(self, video_room_id: int, place: str) -> JanusRoom:
        return janus_room(self.key, video_room_id, place)

    def admin(self) -> int:
        """Return the handle this process makes room requests on (new after a lost session)."""
        session_id = self.session.ensure()
        if self._admin is None or self._admin[0] != session_id:
            self._admin = (session_id, self.session.attach())
        return self._admin[1]

    def close(self) -> None:
        self.session.close()

    # Rooms ------------------------------------------------------------------------------

    def police(self, video_room_id: int, members: Iterable[Member]) -> dict[int, str]:
        """Make each place's room if missing, and let in exactly the seats now in that place.

        Tokens of seats elsewhere come off the allowed list, and feeds that are not a seat's
        current connection in that place are kicked out, whichever process published them.
        A kick also stops what that connection receives there: a subscription needs the
        private id of its owner's publisher in the room (`require_pvtid`). Return the members
        whose current connection was put out, with the place it was put out of.
        """
        members = list(members)
        handle = self.admin()
        put_out: dict[int, str] = {}
        for place in SFU_PLACES:
            room = self.room(video_room_id, place)
            inside = [m for m in members if m.place == place]
            tokens = [seat_token(self.key, room, m.id) for m in inside]
            others = [seat_token(self.key, room, m.id) for m in members if m.place != place]
            if not videoroom.create_room(self.session, handle, room, self.api_secret, tokens):
                videoroom.set_allowed(self.session, handle, room, add=tokens, remove=others)
            expected = {janus_feed(self.key, room, m.id, m.since) for m in inside if m.online}
            whose = {janus_feed(self.key, room, m.id, m.since): m.id for m in members}
            for feed in videoroom.participants(self.session, handle, room):
                if feed not in expected:
                    videoroom.kick(self.session, handle, room, feed)
                    if feed in whose:
                        put_out[whose[feed]] = place
        return put_out

    def record(self, video_room_id: int, rec_dir: str | None) -> bool:
        """Record the joint room's publishers into `rec_dir`, or stop with None.

        Only the joint place is ever recorded: a caucus is confidential. Return False when
        the room is not there (nothing to record or to stop).
        """
        joint = self.room(video_room_id, JOINT)
        return videoroom.record(self.session, self.admin(), joint, rec_dir)

    def destroy(self, video_room_id: int) -> None:
        """Destroy every place's room of a video session (the session has ended)."""
        handle = self.admin()
        for place in SFU_PLACES:
            videoroom.destroy_room(self.session, handle, self.room(video_room_id, place))

    def feeds(
        self,
        video_room_id: int,
        viewer: Member,
        sources: list[Member],
        live: dict[str, set[int]] | None = None,
    ) -> dict[str, int]:
        """Return {label: member id} of the sources publishing now in the viewer's place.

        `live` keeps each place's publishers between calls, so telling a whole room asks
        Janus once per place.
        """
        if viewer.place not in SFU_PLACES or not sources:
            return {}
        live = {} if live is None else live
        room = self.room(video_room_id, viewer.place)
        if viewer.place not in live:
            live[viewer.place] = set(videoroom.publishers(self.session, self.admin(), room))
        return {
            feed_label(self.key, room, m.id, m.since): m.id
            for m in sources
            if janus_feed(self.key, room, m.id, m.since) in live[viewer.place]
        }

    # A connection's media ---------------------------------------------------------------

    def publish(self, sid: str, video_room_id: int, member: Member, offer: dict) -> dict:
        """Publish a connection in its place's room with its offer; return Janus's answer."""
        self.withdraw(sid)
        room = self.room(video_room_id, member.place or "")
        up = self.session.attach()
        with self.lock:
            self.publications[sid] = Publication(member.place or "", room, up)
        token = seat_token(self.key, room, member.id)
        feed = janus_feed(self.key, room, member.id, member.since)
        private_id = videoroom.join_publisher(self.session, up, room, token, feed)
        self.publications[sid].private_id = private_id
        return videoroom.publish(self.session, up, offer)

    def subscribe(self, sid: str, member: Member, sources: list[Member]) -> dict:
        """Receive exactly these members' feeds on a fresh down handle; return Janus's offer."""
        publication = self.publications[sid]
        self._hang_up_down(publication)
        room = publication.room
        down = self.session.attach()
        publication.down = down
        feeds = [janus_feed(self.key, room, m.id, m.since) for m in sources]
        token = seat_token(self.key, room, member.id)
        return videoroom.subscribe(self.session, down, room, token, publication.private_id, feeds)

    def start(self, sid: str, answer: dict) -> None:
        publication = self.publications[sid]
        if publication.down is None:
            raise KeyError(sid)
        videoroom.start(self.session, publication.down, answer)

    def trickle(self, sid: str, which: str, candidate: dict | None) -> None:
        publication = self.publications[sid]
        handle = publication.up if which == "up" else publication.down
        if handle is None:
            raise KeyError(sid)
        self.session.trickle(handle, candidate)

    def published_place(self, sid: str) -> str | None:
        publication = self.publications.get(sid)
        return publication.place if publication else None

    def withdraw(self, sid: str) -> bool:
        """Unpublish a connection and stop what it receives; return whether it had anything."""
        with self.lock:
            publication = self.publications.pop(sid, None)
        if publication is None:
            return False
        self._hang_up_down(publication)
        videoroom.leave(self.session, publication.up)
        self.session.detach(publication.up)
        return True

    def _hang_up_down(self, publication: Publication) -> None:
        if publication.down is not None:
            self.session.detach(publication.down)
            publication.down = None

    def _janus_event(self, handle_id: int, event: dict) -> None:
        if event.get("janus") == "webrtcup":
            # A feed is live once its media is up: only then may others subscribe to it.
            with self.lock:
                live = [(sid, p) for sid, p in self.publications.items() if p.up == handle_id]
            for sid, publication in live:
                self.on_live(sid, publication.room.video_room_id)
            return
        # Janus renegotiates a subscription when a feed in it goes away: pass its offer on.
        jsep = event.get("jsep")
        if not jsep or jsep.get("type") != "offer":
            return
        with self.lock:
            owner = next((sid for sid, p in self.publications.items() if p.down == handle_id), None)
        if owner is not None:
            self.on_offer(owner, {"type": "offer", "sdp": jsep.get("sdp", "")})
