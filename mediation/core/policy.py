"""One authorisation policy: every endpoint declares who may reach it and which records it opens.

Each domain's ``access.py`` answers "may this person see this record" from role and scope (own
case, assigned mediator, station subtree, agency). This table says, for every endpoint of the
URL map (pages and the API alike), which of those lookups guards each record its path names.
`enforce_policy` wraps every view so the lookups run before the view, and before the API
parses a body: someone outside a record's scope gets 404 whatever they send, never a 403 that
confirms the record exists or a 422 that answers before the lookup. An endpoint missing from
the table answers 404 (tests/policy checks that none is missing).
"""

import functools
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from flask import Flask, Response, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from mediation.core.errors import Forbidden, NotFound, Unauthorized
from mediation.core.people import Person, Role
from mediation.extensions import login

log = logging.getLogger(__name__)


class Access(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    LINK = "link"  # a signed token in the path stands for its holder; the view reads it
    SIGNED_IN = "signed_in"  # a page for a signed-in user (anonymous: the log-in page)
    API = "api"  # a bearer token or an agency key, loaded by the API blueprint (else 401)


@dataclass(frozen=True)
class Rule:
    """Who may reach an endpoint, and how each argument of its path is checked."""

    access: Access
    # Roles allowed; empty means every role.
    roles: frozenset[str] = frozenset()
    # Path argument -> the scoped lookup (a key of LOOKUPS) that must find it for this user.
    records: dict[str, str] = field(default_factory=dict)
    # Path arguments the view resolves inside a record looked up above or inside the caller's
    # own (an attachment of the dispute, one's own date override, a link's own case).
    within: tuple[str, ...] = ()
    # Path arguments that name no record (an action, a verb, a language, a token, a file).
    plain: tuple[str, ...] = ()


# The scoped lookups: each takes (user, value) and returns the record or raises NotFound.
LOOKUPS = {
    "dispute": "mediation.disputes.access:find_visible",
    "session": "mediation.scheduling.access:find_session",
    "room": "mediation.video.access:find_room",
    "recording": "mediation.video.recording_access:find_recording",
    "handoff": "mediation.handoffs.access:find_handoff",
    "agency": "mediation.handoffs.access:find_agency",
    "api_key": "mediation.handoffs.access:find_api_key",
    "assignment": "mediation.mediators.access:find_assignment",
    "recusal": "mediation.mediators.access:find_recusal",
    "disclosure": "mediation.mediators.access:find_disclosure",
    "mediator": "mediation.mediators.access:find_profile",
    "complaint": "mediation.mediators.complaints:find_complaint",
    "studio": "mediation.mediators.access:find_studio",
    "managed_studio": "mediation.mediators.access:find_managed_studio",
    "organisation": "mediation.organisations.access:find_managed_organisation",
    "staff_member": "mediation.accounts.staff:find_managed_staff",
    # The roster's keepers: mediators and studios (retired ones too) of their staff scope.
    "kept_mediator": "mediation.mediators.roster_admin:find_managed_mediator",
    "kept_studio": "mediation.mediators.studio_admin:find_kept_studio",
    "import_batch": "mediation.imports.access:find_batch",
}

STAFF = (Role.COORDINATOR, Role.ADMIN)
HANDOFF_VIEWERS = (Role.LIAISON, Role.COORDINATOR, Role.ADMIN, Role.MEDIATOR)
ROOM_MANAGERS = (Role.MEDIATOR, Role.COORDINATOR, Role.ADMIN)


def public(*, records: dict | None = None, plain: tuple = ()) -> Rule:
    """Anyone may open it; `records` are looked up without a user (public records only)."""
    return Rule(Access.PUBLIC, records=records or {}, plain=plain)


def link(*, within: tuple = ()) -> Rule:
    """The path's signed token stands for its holder; the view reads it."""
    return Rule(Access.LINK, within=within, plain=("token",))


def page(*roles: str, within: tuple = (), plain: tuple = (), **records: str) -> Rule:
    """A page for signed-in users of these roles (any, if none), with its records' lookups."""
    return Rule(Access.SIGNED_IN, frozenset(roles), records, within, plain)


def api(*roles: str, within: tuple = (), **records: str) -> Rule:
    """An API operation for token holders of these roles (any, if none), with its lookups."""
    return Rule(Access.API, frozenset(roles), records, within)


CASE = {"code": "dispute"}
SESSION = {"session_id": "session"}
HANDOFF = {"handoff_id": "handoff"}
ORGANISATION = {"organisation_id": "organisation"}
STAFF_MEMBER = {"user_id": "staff_member"}
KEPT_MEDIATOR = {"mediator_id": "kept_mediator"}
KEPT_STUDIO = {"studio_id": "kept_studio"}
RECORDING = ("recording_id",)

ENDPOINTS: dict[str, Rule] = {
    # Site, accounts, static files, the API's document and tokens.
    "static": public(plain=("filename",)),
    "core.home": public(),
    "core.health": public(),
    "core.set_language": public(plain=("code",)),
    # Administration: the index, the organisation tree, staff accounts (each in the admin's
    # subtree; another county's organisations and staff answer 404).
    "admin.index": page(Role.ADMIN),
    "organisations.index": page(Role.ADMIN),
    "organisations.add_top": page(Role.ADMIN),
    "organisations.add_child": page(Role.ADMIN, **ORGANISATION),
    "organisations.edit": page(Role.ADMIN, **ORGANISATION),
    "organisations.retire": page(Role.ADMIN, **ORGANISATION),
    "organisations.restore": page(Role.ADMIN, **ORGANISATION),
    "organisations.delete": page(Role.ADMIN, **ORGANISATION),
    "staff.index": page(Role.ADMIN),
    "staff.invite": page(Role.ADMIN),
    "staff.show": page(Role.ADMIN, **STAFF_MEMBER),
    "staff.deactivate": page(Role.ADMIN, **STAFF_MEMBER),
    "staff.reactivate": page(Role.ADMIN, **STAFF_MEMBER),
    "staff.reset": page(Role.ADMIN, **STAFF_MEMBER),
    "staff.move": page(Role.ADMIN, **STAFF_MEMBER),
    "staff.change_role": page(Role.ADMIN, **STAFF_MEMBER),
    "api_organisations.list_organisations": api(Role.ADMIN),
    "api_organisations.create_organisation": api(Role.ADMIN),
    "api_organisations.read_organisation": api(Role.ADMIN, **ORGANISATION),
    "api_organisations.update_organisation": api(Role.ADMIN, **ORGANISATION),
    "api_organisations.delete_organisation": api(Role.ADMIN, **ORGANISATION),
    "api_organisations.retire_organisation": api(Role.ADMIN, **ORGANISATION),
    "api_organisations.restore_organisation": api(Role.ADMIN, **ORGANISATION),
    "api_staff.list_staff": api(Role.ADMIN),
    "api_staff.invite_staff": api(Role.ADMIN),
    "api_staff.read_staff": api(Role.ADMIN, **STAFF_MEMBER),
    "api_staff.update_staff": api(Role.ADMIN, **STAFF_MEMBER),
    "api_staff.deactivate_staff": api(Role.ADMIN, **STAFF_MEMBER),
    "api_staff.reactivate_staff": api(Role.ADMIN, **STAFF_MEMBER),
    "api_staff.reset_staff": api(Role.ADMIN, **STAFF_MEMBER),
    "calendar.index": page(Role.ADMIN),
    "calendar.add": page(Role.ADMIN),
    "devpages.outbox": page(*STAFF),  # development only (DEV_OUTBOX_PAGE); 404 otherwise
    "accounts.login": public(),
    "accounts.register": public(),
    "accounts.logout": public(),
    "api-docs.openapi_json": public(),
    "api_tokens.create_token": public(),
    "accounts.log_in_with_code": public(),
    "accounts.send_code": public(),
    "api_codes.send_code": public(),
    "accounts.send_confirmation": page(),
    "accounts.confirm_mobile": page(),
    # Disputes.
    "disputes.file_dispute": public(),  # parties may file without an account
    "disputes.list_disputes": page(),
    "disputes.lookup": page(Role.COORDINATOR, Role.ADMIN, Role.MEDIATOR, Role.LIAISON),
    "disputes.case": page(**CASE),
    "disputes.transition": page(**CASE),
    "disputes.qr": page(**CASE),
    "disputes.attachment": page(within=("attachment_id",), **CASE),
    "disputes.case_by_link": link(),
    "disputes.transition_by_link": link(),
    "disputes.qr_by_link": link(),
    "disputes.attachment_by_link": link(within=("attachment_id",)),
    "disputes.join_session_by_link": link(within=("session_id",)),
    "disputes.send_confirmation_by_link": link(),
    "disputes.confirm_by_link": link(),
    "party_acts.publicity": page(**CASE),
    "party_acts.mediator_choice": page(**CASE),
    "party_acts.publicity_by_link": link(),
    "party_acts.mediator_choice_by_link": link(),
    "api_disputes.file_dispute": api(),
    "api_disputes.list_disputes": api(),
    "api_disputes.lookup": api(),
    "api_disputes.read_dispute": api(**CASE),
    "api_disputes.history": api(**CASE),
    "api_disputes.transition": api(**CASE),
    "api_disputes.add_attachment": api(**CASE),
    "api_disputes.record_outcome": api(**CASE),
    "api_disputes.read_outcome": api(**CASE),
    "api_disputes.seal_agreement": api(**CASE),
    # Outcomes, agreements, surveys, follow-ups, the case file.
    "outcomes.outcome": page(**CASE),
    "outcomes.agreement": page(**CASE),
    "outcomes.agreement_file": page(**CASE),
    "outcomes.sign": page(**CASE),
    "outcomes.revise": page(**CASE),
    "outcomes.paper_copy": page(**CASE),
    "outcomes.details": page(**CASE),
    "particulars.edit": page(within=("party_id",), **CASE),
    "committees.index": page(Role.ADMIN),
    "committees.save": page(Role.ADMIN),
    "outcomes.seal": page(**CASE),
    "outcomes.survey": page(**CASE),
    "outcomes.follow_up": page(within=("visit_id",), **CASE),
    "outcomes.case_file_pdf": page(**CASE),
    "outcomes.case_file_zip": page(**CASE),
    "outcomes.agreement_by_link": link(),
    "outcomes.agreement_file_by_link": link(),
    "outcomes.sign_by_link": link(),
    "outcomes.survey_by_link": link(),
    # Mediation records, the rights notice, oral agreements and their register.
    "records.record": page(within=("session_id",), **CASE),
    "records.add_note": page(within=("session_id",), **CASE),
    "records.withdraw_note": page(within=("session_id",), **CASE),
    "records.record_presence": page(within=("session_id",), **CASE),
    "records.confirm_on_paper": page(within=("session_id",), **CASE),
    "records.record_file": page(within=("session_id",), **CASE),
    "records.record_by_link": link(within=("session_id",)),
    "records.record_file_by_link": link(within=("session_id",)),
    "records.confirm_by_link": link(within=("session_id",)),
    "records.rights_notice_page": page(**CASE),
    "records.rights_notice_file": page(**CASE),
    "records.record_acknowledgement": page(**CASE),
    "records.rights_notice_by_link": link(),
    "records.acknowledge_by_link": link(),
    "oral.oral_agreement": page(**CASE),
    "oral.register": page(*STAFF, Role.MEDIATOR),
    "oral.register_csv": page(*STAFF, Role.MEDIATOR),
    # Assignments, recusal and conflicts.
    "assignments.queue": page(*STAFF),
    "assignments.batch": page(*STAFF),
    "assignments.workload": page(*STAFF),
    "assignments.candidates": page(*STAFF, **CASE),
    "assignments.assign": page(*STAFF, **CASE),
    "assignments.case_mediator": page(**CASE),
    "assignments.mine": page(Role.MEDIATOR),
    "assignments.answer": page(Role.MEDIATOR, plain=("answer",), assignment_id="assignment"),
    "assignments.request_recusal": page(**CASE),
    "assignments.consent": page(**CASE),
    "assignments.disclose": page(Role.MEDIATOR, **CASE),
    "assignments.decide_recusal": page(*STAFF, request_id="recusal"),
    "assignments.decide_disclosure": page(*STAFF, disclosure_id="disclosure"),
    "assignments.request_recusal_by_link": link(),
    "complaints.complaint_by_link": link(),
    "complaints.complaint": page(**CASE),
    # Only the county's staff find a complaint (find_complaint): a township gets 404.
    "complaints.decide": page(*STAFF, complaint_id="complaint"),
    "assignments.consent_by_link": link(),
    "api_assignments.queue": api(),
    "api_assignments.assign": api(),
    "api_assignments.assign_batch": api(),
    "api_assignments.mine": api(),
    "api_assignments.candidates": api(**CASE),
    "api_assignments.accept": api(assignment_id="assignment"),
    "api_assignments.decline": api(assignment_id="assignment"),
    "api_assignments.request_recusal": api(),
    "api_assignments.decide_recusal": api(request_id="recusal"),
    "api_assignments.disclose": api(),
    "api_assignments.decide_disclosure": api(disclosure_id="disclosure"),
    "api_assignments.record_consent": api(),
    # Mediators and studios (studios are public pages).
    "mediators.studios": public(),
    "mediators.studio": public(records={"studio_id": "studio"}),
    "mediators.add_member": page(studio_id="managed_studio"),
    "mediators.remove_member": page(within=("mediator_id",), studio_id="managed_studio"),
    "mediators.my_profile": page(),
    "mediators.profile": page(mediator_id="mediator"),
    "mediators.add_relation": page(mediator_id="mediator"),
    "mediators.remove_relation": page(within=("relation_id",), mediator_id="mediator"),
    "api_mediators.list_mediators": api(),
    "api_mediators.read_mediator": api(mediator_id="mediator"),
    "api_mediators.update_mediator": api(mediator_id="mediator"),
    "api_mediators.list_relations": api(mediator_id="mediator"),
    "api_mediators.add_relation": api(mediator_id="mediator"),
    "api_mediators.remove_relation": api(within=("relation_id",), mediator_id="mediator"),
    "api_mediators.list_studios": api(),
    "api_mediators.read_studio": api(studio_id="studio"),
    "api_mediators.studio_record": api(studio_id="studio"),
    "api_mediators.add_member": api(studio_id="managed_studio"),
    "api_mediators.remove_member": api(within=("mediator_id",), studio_id="managed_studio"),
    # Keeping the roster and the studios (staff of the organisations' subtree).
    "roster_admin.index": page(*STAFF),
    "roster_admin.new": page(*STAFF),
    "roster_admin.edit": page(*STAFF, **KEPT_MEDIATOR),
    "roster_admin.add_certificate": page(*STAFF, **KEPT_MEDIATOR),
    "roster_admin.remove_certificate": page(*STAFF, within=("certificate_id",), **KEPT_MEDIATOR),
    "roster_admin.add_training": page(*STAFF, **KEPT_MEDIATOR),
    "roster_admin.remove_training": page(*STAFF, within=("training_id",), **KEPT_MEDIATOR),
    "studio_admin.index": page(*STAFF),
    "studio_admin.new": page(*STAFF),
    "studio_admin.edit": page(*STAFF, **KEPT_STUDIO),
    "studio_admin.retire": page(*STAFF, **KEPT_STUDIO),
    "studio_admin.reinstate": page(*STAFF, **KEPT_STUDIO),
    "api_roster.create_mediator": api(*STAFF),
    "api_roster.list_certificates": api(*STAFF, **KEPT_MEDIATOR),
    "api_roster.add_certificate": api(*STAFF, **KEPT_MEDIATOR),
    "api_roster.remove_certificate": api(*STAFF, within=("certificate_id",), **KEPT_MEDIATOR),
    "api_roster.list_training": api(*STAFF, **KEPT_MEDIATOR),
    "api_roster.add_training": api(*STAFF, **KEPT_MEDIATOR),
    "api_roster.remove_training": api(*STAFF, within=("training_id",), **KEPT_MEDIATOR),
    "api_roster.create_studio": api(*STAFF),
    "api_roster.edit_studio": api(*STAFF, **KEPT_STUDIO),
    "api_roster.retire_studio": api(*STAFF, **KEPT_STUDIO),
    "api_roster.reinstate_studio": api(*STAFF, **KEPT_STUDIO),
    # Scheduling, availability, calendars.
    "scheduling.book": page(**CASE),
    "scheduling.session_page": page(**SESSION),
    "scheduling.change": page(plain=("verb",), **SESSION),
    "scheduling.invitation": page(**SESSION),
    "scheduling.book_by_link": link(),
    "scheduling.session_by_link": link(),
    "scheduling.change_by_link": Rule(Access.LINK, plain=("token", "verb")),
    "scheduling.invitation_by_link": link(),
    "scheduling.join_by_link": link(),
    "availability.edit": page(Role.MEDIATOR),
    "availability.add_override": page(Role.MEDIATOR),
    "availability.remove_override": page(Role.MEDIATOR, within=("override_id",)),
    "availability.calendar": page(),
    "availability.renew_feed": page(),
    "availability.revoke_feed": page(),
    "availability.feed": link(),
    "api_scheduling.free_slots": api(**CASE),
    "api_scheduling.book": api(**CASE),
    "api_scheduling.read": api(**SESSION),
    "api_scheduling.history": api(**SESSION),
    "api_scheduling.reschedule": api(**SESSION),
    "api_scheduling.cancel": api(**SESSION),
    "api_scheduling.set_status": api(**SESSION),
    "api_scheduling.invitation": api(**SESSION),
    "api_scheduling.list_rooms": api(),
    "api_scheduling.add_room": api(),
    "api_scheduling.read_availability": api(),
    "api_scheduling.save_availability": api(),
    "api_scheduling.new_feed": api(),
    # Video rooms.
    "video.join": link(),
    "video.my_rooms": page(Role.MEDIATOR),
    "video.console": page(Role.MEDIATOR, room_id="room"),
    "video.attendance": page(*ROOM_MANAGERS, room_id="room"),
    "video.for_session": page(*ROOM_MANAGERS, **SESSION),
    "video.reissue": page(*ROOM_MANAGERS, within=("participant_id",), room_id="room"),
    "video_join.join": page(**SESSION),
    # Recording upload: the mediator's join token stands for them; the view checks that the
    # recording is of the token's room. Playback: the case's mediator and staff over the case.
    "recordings.start": Rule(Access.LINK, plain=("join_token",)),
    "recordings.status": Rule(Access.LINK, within=RECORDING, plain=("join_token",)),
    "recordings.put_chunk": Rule(Access.LINK, within=RECORDING, plain=("join_token", "seq")),
    "recordings.finish": Rule(Access.LINK, within=RECORDING, plain=("join_token",)),
    "recordings.play": page(*ROOM_MANAGERS, recording_id="recording"),
    # Hand-offs.
    "handoffs.dashboard": page(*HANDOFF_VIEWERS),
    "handoffs.new_referral": page(Role.LIAISON),
    "handoffs.show": page(*HANDOFF_VIEWERS, **HANDOFF),
    "handoffs.act": page(Role.LIAISON, *STAFF, plain=("action",), **HANDOFF),
    "handoffs.receipt": page(*HANDOFF_VIEWERS, **HANDOFF),
    "handoffs.send_outbound": page(*STAFF),
    "handoff_admin.index": page(Role.ADMIN),
    "handoff_admin.save_rule": page(Role.ADMIN),
    "handoff_admin.save_webhook": page(Role.ADMIN, agency_id="agency"),
    "handoff_admin.create_key": page(Role.ADMIN, agency_id="agency"),
    "handoff_admin.revoke": page(Role.ADMIN, key_id="api_key"),
    "api_handoffs.file_referral": api(),
    "api_handoffs.list_handoffs": api(),
    "api_handoffs.send_outbound": api(),
    "api_handoffs.acknowledge_webhook": public(),  # signed like the webhook deliveries
    "api_handoffs.read_handoff": api(**HANDOFF),
    "api_handoffs.timeline": api(**HANDOFF),
    "api_handoffs.sign_for": api(**HANDOFF),
    "api_handoffs.pause": api(**HANDOFF),
    "api_handoffs.resume": api(**HANDOFF),
    "api_handoffs.extend": api(**HANDOFF),
    "api_handoffs.correct": api(**HANDOFF),
    "api_handoffs.result": api(**HANDOFF),
    "api_handoffs.acknowledge": api(**HANDOFF),
    "api_handoffs.confirmation": api(**HANDOFF),
    "api_handoffs.receive": api(**HANDOFF),
    # Reports (each figure limited to the user's station; see mediation/reports/access.py).
    # History imports from spreadsheets (docs/imports.md).
    "imports.new": page(*STAFF),
    "imports.template": page(*STAFF, plain=("kind", "fmt")),
    "imports.batch": page(*STAFF, import_id="import_batch"),
    "imports.progress": page(*STAFF, import_id="import_batch"),
    "reports.dashboard": page(*STAFF),
    "today.today": page(*STAFF, Role.MEDIATOR, Role.LIAISON),
    "reports.export_csv": page(*STAFF),
    "reports.export_xlsx": page(*STAFF),
    "reports.yearly": page(*STAFF),
    "reports.screenings": page(*STAFF),
    "reports.hotline": page(*STAFF),
    "reports.edit_targets": page(Role.ADMIN),
    "statistics.report": page(*STAFF),
    "statistics.report_xlsx": page(*STAFF),
    "statistics.report_pdf": page(*STAFF),
    "subsidies.monthly": page(*STAFF),
    "subsidies.export_csv": page(*STAFF),
    "subsidies.export_xlsx": page(*STAFF),
    "subsidies.rates": page(Role.ADMIN),
}


# The signaling namespace (mediation/video/namespace.py) has no URL: a connection is admitted
# once, by a join link, and every later event acts only as that link's seat in its own room.
SOCKET_EVENTS: dict[str, str] = {
    "connect": "a join link (video.links.participant_from_token): withdrawn links, removed "
    "seats and another session's links are refused",
    "disconnect": "the connection's own seat",
    "signal": "the connection's live seat, to a member in the same place (permissions)",
    "chat": "the connection's live seat; read by those in its place when it was sent",
    "call_mediator": "the connection's live seat",
    "consent": "the connection's live seat",
    "recording": "the connection's live seat, the room's mediator only",
    "control": "the connection's live seat, the room's mediator only, on seats of that room",
    "caucus_timer": "the connection's live seat, the room's mediator only, on that room's caucuses",
    "phone": "the connection's live seat, the room's mediator only, on seats of that room",
    "sfu_publish": "the connection's live seat in a session on the SFU, admitted to a place "
    "(not the lobby), into that place's Janus room only",
    "sfu_subscribe": "the connection's live seat, published in its own place, to feeds of "
    "members in that same place (video.sfu.rules.chosen_sources)",
    "sfu_answer": "the connection's live seat, on the subscription the server offered it",
    "sfu_candidate": "the connection's live seat, on its own peer connections (up, down)",
}


@functools.cache
def lookup(name: str) -> Callable:
    """Return the scoped lookup function registered under a name."""
    module, attribute = LOOKUPS[name].split(":")
    return getattr(importlib.import_module(module), attribute)


def _user(rule: Rule) -> Person | None:
    if rule.access == Access.API:
        user = g.get("api_user")
        if user is None:
            raise Unauthorized(_l("A bearer token is needed."), code="token_missing")
        return user
    return current_user if current_user.is_authenticated else None


def check(rule: Rule, view_args: dict) -> Response | None:
    """Apply a rule to one request; return a response to send instead of the view, or None."""
    if rule.access == Access.LINK or (rule.access == Access.PUBLIC and not rule.records):
        # Nobody's session is read for a page anyone may open with nothing to look up (static
        # files among them), so such an answer does not vary by cookie and caches may share it.
        return None
    user = _user(rule)
    if rule.access == Access.SIGNED_IN and user is None:
        return login.unauthorized()
    # Records first: whoever may not see one gets 404 whatever their role; a role refused
    # here (403) is told only about a record it can already see.
    for argument, name in rule.records.items():
        lookup(name)(user, view_args[argument])
    if rule.roles and user.role not in rule.roles:
        raise Forbidden(_l("Your role may not do this."))
    return None


def _guarded(endpoint: str, view: Callable) -> Callable:
    rule = ENDPOINTS.get(endpoint)

    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if rule is None:
            log.error("endpoint %s has no entry in the policy; refused", endpoint)
            raise NotFound(_l("This page does not exist."))
        refusal = check(rule, kwargs)
        return refusal if refusal is not None else view(*args, **kwargs)

    return wrapped


def enforce_policy(app: Flask) -> None:
    """Put every view of the app behind its rule; call once all blueprints are registered."""
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _guarded(endpoint, view)
