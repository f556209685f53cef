"""Dispute categories, intake channels and sides, with their display names."""

from flask_babel import lazy_gettext as _l

CATEGORIES = {
    "marriage_family": _l("Marriage and family"),
    "neighbour": _l("Neighbours"),
    "housing_land": _l("Housing and homestead"),
    "land_contract": _l("Land contracting"),
    "labour": _l("Labour"),
    "medical": _l("Medical"),
    "traffic": _l("Road traffic"),
    "property_management": _l("Property management"),
    "intellectual_property": _l("Intellectual property"),
    "contract": _l("Contract"),
    "damages": _l("Compensation for damage"),
    "other": _l("Other"),
}

CHANNELS = {
    "online": _l("Filed online"),
    "hotline": _l("12348 hotline"),
    "walk_in": _l("Walk-in"),
    "screening": _l("Screening"),
    "referral": _l("Referral"),
}
STAFF_CHANNELS = ("hotline", "walk_in", "screening", "referral")

SIDES = {"applicant": _l("Applicant"), "respondent": _l("Respondent")}

LANGUAGES = {
    "putonghua": _l("Mandarin"),
    "sichuanese": _l("Sichuanese"),
    "yi": _l("Yi"),
    "tibetan": _l("Tibetan"),
}

STATES = {
    "submitted": _l("Submitted"),
    "accepted": _l("Accepted"),
    "rejected": _l("Rejected"),
    "awaiting_consent": _l("Waiting for the respondent's consent"),
    "consented": _l("Consented"),
    "declined": _l("Declined"),
    "stopped": _l("Stopped at a party's request"),
    "assigned": _l("Assigned"),
    "scheduled": _l("Scheduled"),
    "in_mediation": _l("In mediation"),
    "settled": _l("Settled"),
    "not_settled": _l("Not settled"),
    "withdrawn": _l("Withdrawn"),
    "closed": _l("Closed"),
}

ACTIONS = {
    "accept": _l("Accept"),
    "reject": _l("Reject"),
    "request_consent": _l("Ask the respondent to consent"),
    "consent": _l("Consent to mediation"),
    "decline": _l("Decline mediation"),
    "assign": _l("Assign a mediator"),
    "unassign": _l("Withdraw the assignment"),
    "schedule": _l("Mark as scheduled"),
    "unschedule": _l("Cancel the schedule"),
    "start": _l("Start mediation"),
    "adjourn": _l("Adjourn"),
    "settle": _l("Record settlement"),
    "fail": _l("Record no settlement"),
    "withdraw": _l("Withdraw the application"),
    "stop": _l("Ask to stop the mediation"),
    "close": _l("Close the case"),
}

# A party's own acts (mediation.disputes.rights.PartyActKind), as the history names them.
PARTY_ACTS = {
    "consent": _l("A party agreed to mediation"),
    "decline": _l("A party declined mediation"),
    "withdraw": _l("The applicant withdrew the application"),
    "stop": _l("A party asked to stop the mediation"),
    "publicity": _l("A party chose public or private mediation"),
    "mediator_choice": _l("A party named a mediator"),
    "recusal": _l("A party asked for the mediator to step aside"),
    "keep_mediator": _l("A party agreed to keep the mediator despite the disclosed conflict"),
}

# Audit events of a dispute's own life: "dispute.<action>" for each action above, and
# "party_act.<act>" for each act of a party.
EVENTS = {
    "dispute.filed": _l("Filed"),
    "dispute.attachment_added": _l("Document added"),
    "party.particulars_recorded": _l("A party's particulars recorded"),
    **{f"dispute.{action}": name for action, name in ACTIONS.items()},
    **{f"party_act.{act}": name for act, name in PARTY_ACTS.items()},
}
