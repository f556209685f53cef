"""Names of session statuses, modes and session events."""

from flask_babel import lazy_gettext as _l

from mediation.scheduling.lifecycle import SessionStatus

STATUSES = {
    SessionStatus.SCHEDULED: _l("Scheduled"),
    SessionStatus.IN_PROGRESS: _l("In progress"),
    SessionStatus.COMPLETED: _l("Completed"),
    SessionStatus.CANCELLED: _l("Cancelled"),
    SessionStatus.NO_SHOW: _l("No-show"),
}
MODES = {"video": _l("Video"), "in_person": _l("In person"), "hybrid": _l("Hybrid")}
EVENTS = {
    "session.booked": _l("Booked"),
    "session.rescheduled": _l("Moved"),
    "session.cancelled": _l("Cancelled"),
    "session.in_progress": _l("Started"),
    "session.completed": _l("Completed"),
    "session.no_show": _l("No-show"),
}
