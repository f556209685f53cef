"""The policy matrix: every endpoint has a rule, and nobody reaches a record outside their scope.

The records of side "a" are requested, through every page and API endpoint that names a
record in its path and with every method it accepts, by people of side "b" (its party, its
station's coordinator, its mediator, its agency's liaison) and by anonymous visitors: each
answer is 404 (the log-in page or 401 when anonymous) and nothing in the database changes.
The same endpoints let side a's own people through, so the matrix is not vacuous.
"""

import pytest
from flask import url_for
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.core.errors import NotFound
from mediation.core.policy import ENDPOINTS, LOOKUPS, SOCKET_EVENTS, Access, _guarded, lookup
from mediation.extensions import db
from mediation.video.namespace import SignalNamespace
from tests.policy.world import build_side, client_of

# Records that anyone may read (studios are public pages): a change by someone who may not
# make it is refused with 403, which tells nothing anyone could not see.
PUBLIC_RECORDS = {"studio", "managed_studio"}
# Values for path arguments that name no record.
PLAIN_VALUES = {"action": "pause", "verb": "cancel", "answer": "accept", "seq": 0}
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
OUTSIDERS = ("party", "coordinator", "mediator", "liaison", "anonymous", "link")


def _rules(app):
    for rule in app.url_map.iter_rules():
        yield rule.endpoint, ENDPOINTS.get(rule.endpoint), rule


def _record_cases(app, wanted):
    """(endpoint, method, rule, url rule) for every endpoint whose rule passes `wanted`."""
    cases = []
    for endpoint, rule, url_rule in _rules(app):
        if rule is not None and wanted(rule):
            for method in sorted(set(url_rule.methods) & set(METHODS)):
                cases.append((endpoint, method, rule, url_rule))
    return cases


# The registry ------------------------------------------------------------------------------


def test_every_endpoint_of_the_url_map_has_a_policy_entry(app):
    missing = sorted(endpoint for endpoint, rule, _url in _rules(app) if rule is None)
    assert missing == [], "declare these in mediation/core/policy.py ENDPOINTS"


def test_every_policy_entry_names_an_endpoint_that_exists(app):
    known = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert sorted(set(ENDPOINTS) - known) == []


def test_every_path_argument_is_checked_or_declared_plain(app):
    problems = []
    for endpoint, rule, url_rule in _rules(app):
        if rule is None:
            continue  # reported by the test above
        declared = [*rule.records, *rule.within, *rule.plain]
        if sorted(declared) != sorted(url_rule.arguments):
            problems.append((endpoint, sorted(url_rule.arguments), declared))
        # "within" needs something to be inside: a record, a link's case, or one's own (a role).
        if rule.within and not (rule.records or rule.access == Access.LINK or rule.roles):
            problems.append((endpoint, "within nothing", rule.within))
    assert problems == []


def test_every_lookup_of_the_table_exists():
    used = {name for rule in ENDPOINTS.values() for name in rule.records.values()}
    assert used <= set(LOOKUPS)
    assert all(callable(lookup(name)) for name in LOOKUPS)


def test_every_openapi_operation_has_a_policy_entry_that_matches_its_security(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    by_path = {}
    for url_rule in app.url_map.iter_rules():
        path = url_rule.rule
        for argument in url_rule.arguments:
            path = path.replace(f"<int:{argument}>", f"{{{argument}}}")
            path = path.replace(f"<{argument}>", f"{{{argument}}}")
        for method in url_rule.methods:
            by_path[(path, method.lower())] = url_rule.endpoint
    problems = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            endpoint = by_path.get((path, method))
            rule = ENDPOINTS.get(endpoint)
            if rule is None:
                problems.append((method, path, "no policy entry"))
                continue
            secured = bool(operation.get("security"))
            if secured != (rule.access == Access.API):
                problems.append((method, path, rule.access, operation.get("security")))
    assert problems == []


def test_every_socket_event_has_a_policy_entry():
    handlers = {name.removeprefix("on_") for name in dir(SignalNamespace) if name.startswith("on_")}
    assert handlers == set(SOCKET_EVENTS)


def test_an_endpoint_without_an_entry_is_refused(app):
    with app.test_request_context(), pytest.raises(NotFound):
        _guarded("nowhere.undeclared", lambda: "reached")()


# The world ---------------------------------------------------------------------------------


@pytest.fixture
def world(county, create_user, create_mediator, mediation_case, settle, coordinator):
    """Side a under the first station, side b under the second (at NOW, see conftest)."""
    admin = create_user(Role.ADMIN)
    tools = (create_user, create_mediator, mediation_case, settle, admin)
    stations, villages = county["stations"], county["villages"]
    a = build_side("a", stations[0], villages["天池镇"][0], "court", tools)
    b = build_side("b", stations[1], villages["童家镇"][0], "police", tools)
    return {"a": a, "b": b, "centre": coordinator, "admin": admin}


def _actor(world, side: str, who: str):
    chosen = world[side]
    return {
        "party": chosen.party,
        "coordinator": chosen.coordinator,
        "mediator": chosen.mediator.user,
        "liaison": chosen.liaison,
        "anonymous": None,
        "link": None,
    }[who]


def _url(app, endpoint: str, url_rule, values: dict) -> str:
    with app.test_request_context():
        return url_for(endpoint, **{arg: values[arg] for arg in url_rule.arguments})


def _send(client, method: str, url: str, user, auth_header):
    api = url.startswith("/api/")
    kwargs = {}
    if api and user is not None:
        kwargs["headers"] = auth_header(user)
    if method in ("POST", "PUT", "PATCH"):
        kwargs["json" if api else "data"] = {}
    return client.open(url, method=method, **kwargs)


def _snapshot() -> tuple:
    """Row counts of every table and the head of the audit chain."""
    counts = tuple(
        db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    )
    head = db.session.scalar(select(func.max(AuditEvent.id)))
    return counts, head


def _refused(response, user, url: str) -> bool:
    if user is not None:
        return response.status_code == 404
    if url.startswith("/api/"):
        return response.status_code == 401
    return response.status_code == 302 and "/login" in response.headers["Location"]


# Outsiders ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_for_every_record_and_change_nothing(app, world, who, auth_header):
    user = _actor(world, "b", who)
    client = client_of(app, user)
    if who == "link":  # holding the other case's link opens nothing of this one
        assert client.get(f"/c/{world['b'].link}").status_code == 200
    values = {**world["a"].path_values(), **PLAIN_VALUES}
    failures = []
    for endpoint, method, rule, url_rule in _record_cases(app, lambda r: bool(r.records)):
        guarded_by = set(rule.records.values())
        if guarded_by <= {"studio"}:
            continue
        url = _url(app, endpoint, url_rule, values)
        before = _snapshot()
        response = _send(client, method, url, user, auth_header)
        db.session.expire_all()
        refused = _refused(response, user, url)
        if guarded_by <= PUBLIC_RECORDS and user is not None:
            refused = response.status_code in (403, 404)
        if not refused:
            failures.append((method, url, response.status_code))
        if _snapshot() != before:
            failures.append((method, url, "changed the database"))
    assert failures == []


def test_a_record_inside_ones_own_is_checked_to_belong_there(app, world, auth_header):
    """Side b's own people name their own record with one of side a's inside it: 404."""
    b = world["b"]
    values = {**b.path_values(), **PLAIN_VALUES}
    inner = world["a"].path_values()
    failures = []
    for endpoint, method, rule, url_rule in _record_cases(app, lambda r: bool(r.within)):
        user = b.mediator.user if Role.MEDIATOR in rule.roles else b.coordinator
        if rule.access == Access.LINK:
            user = None
        client = client_of(app, user)
        url = _url(app, endpoint, url_rule, {**values, **{a: inner[a] for a in rule.within}})
        before = _snapshot()
        response = _send(client, method, url, user, auth_header)
        db.session.expire_all()
        if response.status_code != 404:
            failures.append((method, url, response.status_code))
        if _snapshot() != before:
            failures.append((method, url, "changed the database"))
    assert failures == []


# Insiders ----------------------------------------------------------------------------------

INSIDERS = [
    ("party", "disputes.case"),
    ("party", "api_disputes.read_dispute"),
    ("party", "scheduling.session_page"),
    ("party", "outcomes.agreement"),
    ("party", "disputes.attachment"),
    ("coordinator", "disputes.case"),
    ("coordinator", "handoffs.show"),
    ("coordinator", "handoffs.receipt"),
    ("coordinator", "api_handoffs.read_handoff"),
    ("coordinator", "api_handoffs.timeline"),
    ("coordinator", "video.attendance"),
    ("coordinator", "video.for_session"),
    ("coordinator", "api_scheduling.read"),
    ("coordinator", "mediators.profile"),
    ("coordinator", "api_mediators.list_relations"),
    ("coordinator", "roster_admin.edit"),
    ("coordinator", "studio_admin.edit"),
    ("coordinator", "api_roster.list_training"),
    ("centre", "roster_admin.edit"),
    ("admin", "studio_admin.edit"),
    ("centre", "handoffs.show"),
    ("centre", "video.attendance"),
    ("centre", "api_disputes.history"),
    ("admin", "handoffs.show"),
    ("mediator", "disputes.case"),
    ("mediator", "video.console"),
    ("mediator", "video.attendance"),
    ("mediator", "mediators.profile"),
    ("mediator", "api_assignments.mine"),
    ("liaison", "handoffs.show"),
    ("liaison", "api_handoffs.read_handoff"),
    ("link", "disputes.case_by_link"),
    ("link", "disputes.attachment_by_link"),
]


@pytest.mark.parametrize(("who", "endpoint"), INSIDERS)
def test_the_records_own_people_get_through(app, world, who, endpoint, auth_header):
    a = world["a"]
    user = world[who] if who in ("centre", "admin") else None
    if who not in ("centre", "admin", "link"):
        user = _actor(world, "a", who)
    url_rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = _url(app, endpoint, url_rule, {**a.path_values(), **PLAIN_VALUES})
    response = _send(client_of(app, user), "GET", url, user, auth_header)
    assert response.status_code == 200, url


def test_the_stations_coordinator_pauses_its_own_clock(app, world, auth_header):
    a = world["a"]
    client = client_of(app, None)
    response = client.post(
        f"/api/v1/handoffs/{a.handoff.id}/pauses",
        json={"start": "2026-06-13", "reason": "鉴定"},
        headers=auth_header(a.coordinator),
    )
    assert response.status_code == 200
    assert response.get_json()["status"] == "paused"


# Lists and exports -------------------------------------------------------------------------

LISTS = (
    "/disputes",
    "/api/v1/disputes",
    "/handoffs",
    "/handoffs?format=csv",
    "/api/v1/handoffs",
    "/assignments",
    "/assignments/mine",
    "/api/v1/assignments/queue",
    "/api/v1/assignments/mine",
    "/video/rooms",
    "/calendar",
    "/reports/hotline",
    "/reports/screenings",
)


@pytest.mark.parametrize("who", OUTSIDERS[:4])
def test_lists_and_exports_leave_out_other_peoples_records(app, world, who, auth_header):
    a = world["a"]
    user = _actor(world, "b", who)
    client = client_of(app, user)
    leaks = []
    for url in LISTS:
        response = _send(client, "GET", url, user, auth_header)
        body = response.get_data().decode("utf-8-sig")
        for secret in (a.dispute.code, a.handoff.reference, a.attachment.filename):
            if secret in body:
                leaks.append((url, response.status_code, secret))
    assert leaks == []


def test_the_lists_do_show_ones_own_records(app, world, auth_header):
    a = world["a"]
    client = client_of(app, a.coordinator)
    for url, secret in (
        ("/disputes", a.dispute.code),
        ("/handoffs?format=csv", a.handoff.reference),
        ("/api/v1/handoffs", a.handoff.reference),
    ):
        body = _send(client, "GET", url, a.coordinator, auth_header).get_data()
        assert secret in body.decode("utf-8-sig"), url
