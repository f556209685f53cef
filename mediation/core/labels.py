"""One name per stored key: `label(kind, value)` turns a status, state or event kind into words.

Each domain keeps the names of its keys next to its enums, as dicts of lazy_gettext strings;
SOURCES says where each kind's dict lives ("module:attribute", read when first asked for, so
this module imports no domain). A kind may gather several dicts (audit events come from every
domain). Templates call the `label` filter: ``{{ session.status|label('session_status') }}``.
"""

import importlib
import logging
from collections.abc import Mapping
from functools import cache

from mediation.core.catalogue import catalogue

log = logging.getLogger(__name__)

SOURCES: dict[str, tuple[str, ...]] = {
    "dispute_state": ("mediation.disputes.categories:STATES",),
    "dispute_action": ("mediation.disputes.categories:ACTIONS",),
    "channel": ("mediation.disputes.categories:CHANNELS",),
    "category": ("mediation.disputes.categories:CATEGORIES",),
    "side": ("mediation.disputes.categories:SIDES",),
    "language": ("mediation.disputes.categories:LANGUAGES",),
    "background": ("mediation.mediators.labels:BACKGROUNDS",),
    "assignment_status": ("mediation.mediators.labels:STATUSES",),
    "recusal_status": ("mediation.mediators.labels:RECUSAL_STATUSES",),
    "relation_kind": ("mediation.mediators.labels:RELATION_KINDS",),
    "session_status": ("mediation.scheduling.labels:STATUSES",),
    "session_mode": ("mediation.scheduling.labels:MODES",),
    "room_state": ("mediation.video.labels:ROOM_STATES",),
    "seat_role": ("mediation.video.labels:SEAT_ROLES",),
    "handoff_status": ("mediation.handoffs.labels:STATUSES",),
    "handoff_result": ("mediation.handoffs.labels:RESULTS",),
    "handoff_event": ("mediation.handoffs.labels:EVENTS",),
    "agency_kind": ("mediation.handoffs.labels:AGENCY_KINDS",),
    "referral_type": ("mediation.handoffs.labels:REFERRAL_TYPES",),
    "handoff_direction": ("mediation.handoffs.labels:DIRECTIONS",),
    "outcome_result": ("mediation.outcomes.labels:RESULTS",),
    "follow_up_result": ("mediation.outcomes.labels:FOLLOW_UP_RESULTS",),
    "note_place": ("mediation.outcomes.record_labels:NOTE_PLACES",),
    "confirm_method": ("mediation.outcomes.record_labels:CONFIRM_METHODS",),
    "role": ("mediation.accounts.labels:ROLES",),
    "assurance": ("mediation.accounts.labels:ASSURANCES",),
    "party_act": ("mediation.disputes.categories:PARTY_ACTS",),
    "organisation_kind": ("mediation.organisations.labels:ORGANISATION_KINDS",),
    "import_status": ("mediation.imports.labels:STATUSES",),
    "import_kind": ("mediation.imports.labels:KINDS",),
    # Audit events, as recorded by record_event: "assignment.proposed", "session.booked" ...
    "event": (
        "mediation.disputes.categories:EVENTS",
        "mediation.mediators.labels:EVENTS",
        "mediation.outcomes.labels:EVENTS",
        "mediation.outcomes.record_labels:EVENTS",
        "mediation.scheduling.labels:EVENTS",
        "mediation.imports.labels:EVENTS",
    ),
}


def _load(target: str) -> Mapping:
    module, attribute = target.split(":")
    return getattr(importlib.import_module(module), attribute)


@cache
def labels_of(kind: str) -> Mapping:
    """Return every key of a kind with its (lazy) name; KeyError for a kind nobody declared."""
    merged: dict = {}
    for target in SOURCES[kind]:
        merged.update(_load(target))
    return merged


def all_labels() -> dict[str, Mapping]:
    """Return each declared kind with its keys and names."""
    return {kind: labels_of(kind) for kind in SOURCES}


# Names once translated, for each catalogue: {catalogue: {(kind, key): text}}. Flask-Babel
# loads one catalogue per language for the process, so this holds at most every declared key in
# every language.
_NAMED: dict = {}


def label(value: object, kind: str) -> str:
    """Name a stored key in the reader's language; an unnamed key is logged and shown as is."""
    if value is None or value == "":
        return ""
    key = str(value)
    named = _NAMED.setdefault(catalogue(), {})
    if (kind, key) in named:
        return named[kind, key]
    name = labels_of(kind).get(key)
    if name is None:
        log.warning("No %s label for %r; add one beside its enum", kind, key)
        return key
    named[kind, key] = text = str(name)
    return text
