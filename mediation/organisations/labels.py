"""Names of the kinds of organisation in the mediation network."""

from flask_babel import lazy_gettext as _l

ORGANISATION_KINDS = {
    "province": _l("Province"),
    "city": _l("City"),
    "centre": _l("Public legal service centre"),
    "station": _l("Township station"),
    "village_room": _l("Village mediation room"),
    "committee": _l("Mediation committee"),
    "association": _l("Mediation association"),
}
