"""Names of the roles people hold."""

from flask_babel import lazy_gettext as _l

ROLES = {
    "party": _l("Party"),
    "mediator": _l("Mediator"),
    "coordinator": _l("Coordinator"),
    "liaison": _l("Liaison"),
    "admin": _l("Administrator"),
}
