"""The signaling namespace's caucus timers and phone attendance: events, sweep and view parts."""

import logging
from collections.abc import Callable

from flask import current_app, request
from flask_babel import gettext as _

from mediation.core.sqlite import writing
from mediation.extensions import db
from mediation.video import caucus, caucus_timers, phone
from mediation.video import permissions as rules

log = logging.getLogger(__name__)
TIMER_ACTIONS = ("set", "extend", "clear")


class CaucusEvents:
    """Mixed into the signaling namespace; relies on its members, emit and broadcast_room."""

    sweeping = False

    # Events ------------------------------------------------------------------------------

    def caucus_timer(self, conn, data: dict):
        """Set, extend or clear the timer of a caucus (the mediator only)."""
        seat = self._current(conn)
        action, place, minutes = data.get("action"), data.get("place"), data.get("minutes")
        if action not in TIMER_ACTIONS:
            return self._fail("bad_payload", _("Unknown action."), "caucus_timer")
        at = caucus_timers.now()
        if action == "set":
            caucus_timers.set_timer(seat, place, minutes, at)
        elif action == "extend":
            caucus_timers.extend_timer(seat, place, minutes, at)
        else:
            caucus_timers.clear_timer(seat, place)
        db.session.commit()
        self.broadcast_room(conn.room_id)
        self.emit("done", {"action": "caucus_timer"}, room=request.sid)

    def phone(self, conn, data: dict):
        """Mark a seat joined by phone, or no longer (the mediator only)."""
        seat = self._current(conn)
        phone.mark_phone(seat, data.get("participant"), data.get("joined"))
        db.session.commit()
        self.broadcast_room(conn.room_id)
        self.emit("done", {"action": "phone"}, room=request.sid)

    def after_control(self, seat, action: str, data: dict) -> None:
        """Start the timer a caucus was opened with; drop timers of emptied caucuses."""
        if action == "end":
            return
        if action == "caucus" and data.get("minutes") is not None:
            place = rules.caucus_for(data["side"])
            caucus_timers.set_timer(seat, place, data.get("minutes"), caucus_timers.now())
        caucus_timers.drop_abandoned(seat.room)

    def _fail(self, code: str, message: str, event: str) -> None:
        self.emit("error", {"code": code, "message": message, "event": event}, room=request.sid)

    # What each member is shown -----------------------------------------------------------

    def view_extras(self, room_id: int) -> Callable[[rules.Member], dict]:
        """Return a function giving each member's view its timer (and the mediator, phones)."""
        at = caucus_timers.now()
        running = caucus_timers.timers(room_id)
        calling = sorted(phone.phone_seats(room_id))

        def extras(member: rules.Member) -> dict:
            found = {"timer": caucus.timer_view(running.get(member.place or ""), at)}
            if member.is_mediator:
                found["timers"] = {p: caucus.timer_view(t, at) for p, t in running.items()}
                found["phone"] = calling
            return found

        return extras

    # The sweep ---------------------------------------------------------------------------

    def start_sweep(self) -> None:
        """Start this process's timer sweep once (it outlives every connection)."""
        interval = current_app.config["CAUCUS_SWEEP_SECONDS"]
        if self.sweeping or interval <= 0:
            return
        self.sweeping = True
        self.socketio.start_background_task(self._sweep_forever, current_app._get_current_object())

    def _sweep_forever(self, app) -> None:
        interval = app.config["CAUCUS_SWEEP_SECONDS"]
        while True:
            self.socketio.sleep(interval)
            with app.app_context(), writing():
                try:
                    self.sweep_timers()
                except Exception:
                    db.session.rollback()
                    log.exception("caucus timer sweep failed")
                finally:
                    db.session.remove()

    def sweep_timers(self) -> None:
        """Warn caucuses in their last minute and bring back those whose time is up."""
        at = caucus_timers.now()
        warnings = caucus_timers.claim_warnings(at)
        ended = caucus_timers.expire_due(at)
        db.session.commit()
        for room_id, timer in warnings:
            payload = caucus.timer_view(timer, at)
            for m, sid in self.members(room_id).values():
                if sid and m.place == timer.place:
                    self.emit("caucus_warning", payload, room=sid)
        for room_id, place, moved in ended:
            members = self.members(room_id)
            for participant_id in moved:
                sid = members.get(participant_id, (None, None))[1]
                if sid:
                    self.emit("caucus_ended", {"place": place}, room=sid)
            self.broadcast_room(room_id)
