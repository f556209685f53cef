"""Names of outcome results, follow-up results and the outcome and agreement events."""

from flask_babel import lazy_gettext as _l

from mediation.outcomes.agreements import EFFECTIVE_EVENT
from mediation.outcomes.schemas import FOLLOW_UP_RESULTS, RESULTS

__all__ = ["EVENTS", "FOLLOW_UP_RESULTS", "RESULTS"]

EVENTS = {
    "outcome.recorded": _l("Outcome recorded"),
    "agreement.drafted": _l("Agreement drafted"),
    "agreement.signed": _l("Agreement signed"),
    EFFECTIVE_EVENT: _l("Agreement took effect"),
    "agreement.signatures_voided": _l("Signatures voided by a change"),
    "agreement.revised": _l("Agreement revised"),
    "agreement.details_written": _l("Agreement's facts and performance written"),
    "agreement.sealed": _l("Committee's seal applied"),
    "agreement.seal_voided": _l("Seal voided by a change"),
    "survey.answered": _l("Satisfaction survey answered"),
    "follow_up.scheduled": _l("Follow-up visit planned"),
    "follow_up.recorded": _l("Follow-up visit recorded"),
}
