"""Names of note places, acknowledgement methods and the record, notice and oral events."""

from flask_babel import lazy_gettext as _l

NOTE_PLACES = {
    "joint": _l("Joint session"),
    "caucus:applicant": _l("Caucus with the applicant"),
    "caucus:respondent": _l("Caucus with the respondent"),
}
CONFIRM_METHODS = {
    "online": _l("Online, by SMS code"),
    "paper": _l("On paper"),
    "oral": _l("Orally, read to the party"),
}
EVENTS = {
    "record.version": _l("Mediation record changed (new version)"),
    "record.note_added": _l("Mediator's note written"),
    "record.note_withdrawn": _l("Mediator's note struck out"),
    "record.attendance": _l("Attendance recorded"),
    "record.confirmed": _l("Mediation record confirmed"),
    "rights_notice.acknowledged": _l("Rights notice acknowledged"),
    "oral_agreement.recorded": _l("Oral agreement recorded"),
}
