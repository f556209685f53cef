"""Kinds of agency, referral types, statuses, results and timeline events, with their names."""

from flask_babel import lazy_gettext as _l

AGENCY_KINDS = {
    "court": _l("Court"),
    "tribunal": _l("People's tribunal"),
    "police": _l("Police station"),
    "petition": _l("Petition bureau"),
    "procuratorate": _l("Procuratorate"),
    "arbitration": _l("Labour arbitration"),
}
COURT_KINDS = frozenset({"court", "tribunal"})
# Agencies that get written feedback rather than an agreement back.
FEEDBACK_KINDS = frozenset({"police", "petition", "procuratorate"})
# Where a dispute unsuited to mediation can be sent.
OUTBOUND_KINDS = frozenset({"court", "tribunal", "arbitration", "petition"})

REFERRAL_TYPES = {
    "court_delegated": _l("Court-delegated pre-filing mediation (委派)"),
    "court_entrusted_ordinary": _l("Court-entrusted mediation, ordinary procedure (委托)"),
    "court_entrusted_simple": _l("Court-entrusted mediation, simple procedure (委托)"),
    "police": _l("Police referral (警调对接)"),
    "petition": _l("Petition referral (访调对接)"),
    "procuratorate": _l("Procuratorate referral"),
}
# Which referral types each kind of agency may send.
TYPES_BY_KIND = {
    "court": ("court_delegated", "court_entrusted_ordinary", "court_entrusted_simple"),
    "tribunal": ("court_delegated", "court_entrusted_ordinary", "court_entrusted_simple"),
    "police": ("police",),
    "petition": ("petition",),
    "procuratorate": ("procuratorate",),
    "arbitration": (),
}

DIRECTIONS = {"inbound": _l("Referred to mediation"), "outbound": _l("Sent from mediation")}

STATUSES = {
    "sent": _l("Sent, awaiting sign-for"),
    "signed_for": _l("Signed for, clock running"),
    "paused": _l("Paused for appraisal"),
    "result_sent": _l("Result sent"),
    "acknowledged": _l("Result acknowledged"),
    "received": _l("Received by the agency"),
}
OPEN_STATUSES = frozenset({"sent", "signed_for", "paused"})

RESULTS = {
    "settled": _l("Settled"),
    "not_settled": _l("Not settled, returned for filing"),
    "withdrawn": _l("Withdrawn"),
    "feedback": _l("Feedback"),
}

EVENTS = {
    "sent": _l("Sent"),
    "received": _l("Received"),
    "signed_for": _l("Signed for"),
    "assigned": _l("Assigned"),
    "paused": _l("Paused for appraisal"),
    "resumed": _l("Resumed"),
    "extended": _l("Extended"),
    "result_sent": _l("Result sent"),
    "acknowledged": _l("Acknowledged"),
    "confirmation_applied": _l("Judicial confirmation applied for"),
    "confirmation_granted": _l("Judicial confirmation granted"),
    "corrected": _l("Correction"),
    "overdue": _l("Overdue"),
}
