"""Names of the roles people hold, and of how sure we are who did something."""

from flask_babel import lazy_gettext as _l

ROLES = {
    "party": _l("Party"),
    "mediator": _l("Mediator"),
    "coordinator": _l("Coordinator"),
    "liaison": _l("Liaison"),
    "admin": _l("Administrator"),
}

# mediation.accounts.assurance.Assurance: how the person was verified.
ASSURANCES = {
    "case_link": _l("private case link only"),
    "phone_call": _l("call to the case's mobile, by staff"),
    "sms_code": _l("code texted to their mobile"),
    "id_in_person": _l("ID card checked in person, by staff"),
}
