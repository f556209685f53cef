"""Names of room states and of the seats people take in a room."""

from flask_babel import lazy_gettext as _l

ROOM_STATES = {
    "waiting": _l("Not started yet."),
    "started": _l("In progress."),
    "ended": _l("Ended."),
}
SEAT_ROLES = {"mediator": _l("Mediator"), "party": _l("Party"), "observer": _l("Observer")}
