"""Lists and pages load what they show in a bounded number of SQL statements.

Each endpoint is requested over a small and a larger county; the number of statements must be
the same for both (nothing is loaded row by row) and within the endpoint's budget.
"""

import hashlib
import re

import pytest

from mediation.accounts.models import Role
from mediation.disputes.models import Attachment
from mediation.extensions import db
from mediation.handoffs import operations as handoffs
from mediation.handoffs.agencies import Agency, AgencyMember
from mediation.organisations.models import Organisation, OrgKind
from tests.sql_count import statements_for

SMALL, LARGE = 5, 40
# A list of places bound value by value ("IN (?, ?, ...)"), as `in_` sends it: at the county's
# size it is hundreds of parameters to bind and plan on every request.
SCOPE_EXPANDED = re.compile(r"(organisations\.id|organisation_id|township_id|village_id) IN \(\?")

# Statements per request, whatever the number of rows: what each sends today. Every count
# includes a request's fixed cost (the savepoint the tests' session opens and rolls back, the
# signed-in user, the organisation tree behind their scope and the years the holiday notices
# cover, each read once per request: mediation.core.memo). Raise a budget only with a new
# kind of thing shown, in one batch, and say so here.
BUDGETS = {
    # The page (the rows with their townships and villages joined), its total, then parties
    # and attachments in one batch each.
    "api_disputes.list_disputes": 8,
    # The dispute with township and village joined, then parties and attachments.
    "api_disputes.read_dispute": 8,
    # The page with townships joined, its total, the parties' names in one batch, the township
    # choices of the filter.
    "disputes.list_disputes": 9,
    # One case with its places and mediator joined, looked up once for its policy and its
    # view: each panel (parties' acts, sessions, outcome, agreement, follow-up, recusals,
    # disclosures, rights notices, history, the holiday days) asks once, the acts and the
    # outcome once for all the panels that show them; a case waiting for a mediator ranks the
    # candidates (the engine's pool: mediators, their workloads, studios, relations, consents,
    # recusals, open offers, the mediators' accounts joined) and lists the others; the
    # mediators a party may name come as rows of three.
    "disputes.case": 34,
    # The consented cases with their townships joined.
    "assignments.queue": 6,
    # The hand-offs with their events, agencies and disputes in a batch each, the agencies.
    "handoffs.dashboard": 12,
    # One aggregate per indicator, each over the scope's subtree, the stations, the targets
    # and the holiday days.
    "reports.dashboard": 25,
    # The coordinator's day: each group in one query with what it shows joined or batched
    # (filings, cases to assign, late offers, the hand-offs with their events, agencies and
    # disputes, today's sessions, idle cases).
    "today.today": 17,
}


def _attach(dispute, count: int) -> None:
    for n in range(count):
        content = f"{dispute.code} 材料{n}".encode()
        db.session.add(
            Attachment(
                dispute_id=dispute.id,
                filename=f"evidence-{n}.txt",
                content_type="text/plain",
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
            )
        )


@pytest.fixture
def county_of(create_dispute, create_user, create_mediator, referral_parties, county, unique):
    """Build a county of a given size: consented disputes with parties and attachments, as
    many court referrals and mediators; the first dispute carries more parties and attachments
    with size."""

    def build(size: int) -> dict:
        # A township of its own for every case, so a per-township lookup shows as growth.
        towns = [
            Organisation(
                name=f"{n}号镇工作站",
                kind=OrgKind.STATION,
                area=f"{n}号镇",
                parent=county["centre"],
            )
            for n in range(size)
        ]
        db.session.add_all(towns)
        db.session.flush()
        # The mediators a case can be given to or a party may name, one in each township.
        for town in towns:
            create_mediator(organisation=town)
        disputes = []
        for n, town in enumerate(towns):
            applicants = [referral_parties(n) for _ in range(1 + (size // 5 if n == 0 else 0))]
            dispute = create_dispute(
                "consented", applicants=applicants, township_id=town.id, village_id=None
            )
            _attach(dispute, 2 + (size if n == 0 else 0))
            disputes.append(dispute)
        court = Agency(name=f"法院{next(unique)}", kind="court")
        liaison = create_user(Role.LIAISON)
        db.session.add_all([court, AgencyMember(agency=court, user=liaison)])
        db.session.flush()
        for n in range(size):
            handoffs.file_referral(
                court,
                liaison,
                {
                    "category": "debt",
                    "amount": None,
                    "township_id": towns[n].id,
                    "village_id": None,
                    "preferred_language": None,
                    "preferred_mediator_id": None,
                    "preferred_studio_id": None,
                    "applicants": [referral_parties(n)],
                    "respondents": [referral_parties(n)],
                    "reference": f"(2026)川2022民诉前调{next(unique)}号",
                    "referral_type": "court_delegated",
                    "summary": "借款纠纷，法院委派调解。",
                },
            )
        db.session.flush()
        return {"first": disputes[0]}

    return build


@pytest.fixture
def referral_parties(unique):
    def person(n: int) -> dict:
        return {"name": f"当事人{n}", "mobile": f"136{next(unique):08d}", "resident_id": None}

    return person


def _urls(first) -> dict[str, str]:
    return {
        "api_disputes.list_disputes": "/api/v1/disputes",
        "api_disputes.read_dispute": f"/api/v1/disputes/{first.code}",
        "disputes.list_disputes": "/disputes",
        "disputes.case": f"/disputes/{first.code}",
        "assignments.queue": "/assignments",
        "handoffs.dashboard": "/handoffs",
        "reports.dashboard": "/reports",
        "today.today": "/today",
    }


def _count(client, login, auth_header, coordinator, county_of, size: int, endpoint: str):
    first = county_of(size)["first"]
    url = _urls(first)[endpoint]
    if endpoint.startswith("api_"):
        kwargs = {"headers": auth_header(coordinator)}
    else:
        login(coordinator)
        kwargs = {}
    response, statements = statements_for(client, url, **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return statements


@pytest.mark.parametrize("endpoint", sorted(BUDGETS))
def test_statements_do_not_grow_with_rows_and_keep_within_budget(
    endpoint, client, login, auth_header, coordinator, county_of
):
    small = _count(client, login, auth_header, coordinator, county_of, SMALL, endpoint)
    large = _count(client, login, auth_header, coordinator, county_of, LARGE, endpoint)
    print(f"{endpoint}: {small.count} statements at {SMALL}, {large.count} at {LARGE}")
    assert large.count == small.count, f"grows with rows:\n{large}"
    # Nor does a scope: the places a person may see are one parameter (among), however many.
    scoped = [s for s in large.seen if SCOPE_EXPANDED.search(s)]
    assert not scoped, "a scope of places is sent one by one:\n" + "\n".join(scoped)
    assert large.count <= BUDGETS[endpoint], f"over budget:\n{large}"
