"""Every page of the demo county, opened in Chinese by each demo log-in, speaks Chinese.

The demo seed holds disputes in every state, sessions in several statuses, hand-offs in every
status, assignments, recusals, outcomes and follow-ups. Each demo log-in (and a visitor with a
case link) opens every GET page once for a record of each state or status it can see.
"""

from datetime import UTC, datetime

import pytest
from flask import url_for
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.demo.seed import DEMO_LOGINS, DEMO_PASSWORD, Seeder
from mediation.disputes.links import case_link_token
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.handoffs.models import HandOff
from mediation.mediators.models import Assignment, Mediator, Studio
from mediation.scheduling.models import MediationSession
from mediation.video.models import VideoRoom
from tests.conftest import IsolatedClient
from tests.test_chinese_pages import (
    PLAIN_VALUES,
    get_pages,
    problems_in,
    raw_words,
    visible_text,
)

# The demo county is built and visited at this instant (a Tuesday morning in Lezhi).
NOW = datetime(2026, 6, 16, 1, 0, tzinfo=UTC)
DISPUTES = 60


def _one_per(model, column) -> list:
    """The first record of each distinct value of `column` (a state or a status)."""
    chosen = {}
    for record in db.session.scalars(select(model).order_by(model.id)):
        chosen.setdefault(getattr(record, column), record)
    return list(chosen.values())


def _first(model, count: int = 3) -> list:
    return list(db.session.scalars(select(model).order_by(model.id).limit(count)))


def _candidates() -> dict[str, list]:
    """For each path argument, the values to try: one record per state or status."""
    disputes = _one_per(Dispute, "state")
    applicants = [
        db.session.scalar(select(Party).where(Party.dispute_id == d.id, Party.side == "applicant"))
        for d in disputes
    ]
    return {
        "code": [d.code for d in disputes],
        "token": [case_link_token(p) for p in applicants if p is not None],
        "session_id": [s.id for s in _one_per(MediationSession, "status")],
        "handoff_id": [h.id for h in _one_per(HandOff, "status")],
        "room_id": [r.id for r in _one_per(VideoRoom, "state")],
        "assignment_id": [a.id for a in _one_per(Assignment, "status")],
        "mediator_id": [m.id for m in _first(Mediator)],
        "studio_id": [s.id for s in _first(Studio)],
    }


def _values(candidates: dict, arguments, at: int) -> dict | None:
    """The at-th set of values for a rule's arguments, or None when one has no value left."""
    values = {}
    for argument in arguments:
        if argument in PLAIN_VALUES:
            values[argument] = PLAIN_VALUES[argument]
            continue
        options = candidates.get(argument) or []
        if not options or (at and at >= len(options)):
            return None
        values[argument] = options[min(at, len(options) - 1)]
    return values


def _client(app, mobile: str | None):
    app.test_client_class = IsolatedClient
    client = app.test_client()
    if mobile is not None:
        response = client.post("/login", data={"mobile": mobile, "password": DEMO_PASSWORD})
        assert response.status_code == 302
    return client


@pytest.mark.slow
def test_every_demo_page_in_chinese_names_zones_and_statuses_in_words(app, time_machine):
    time_machine.move_to(NOW, tick=False)
    Seeder(2020, disputes=DISPUTES).run()
    candidates = _candidates()
    rules = get_pages(app)
    words = raw_words()
    found, opened = {}, 0
    people = [mobile for _role, mobile in DEMO_LOGINS]
    assert all(db.session.scalar(select(User).where(User.mobile == m)) for m in people)
    for mobile in [*people, None]:
        client = _client(app, mobile)
        for rule in rules:
            for at in range(max(map(len, candidates.values())) if rule.arguments else 1):
                values = _values(candidates, rule.arguments, at)
                if values is None:
                    break
                with app.test_request_context():
                    url = url_for(rule.endpoint, **values)
                response = client.get(url, headers={"Accept-Language": "zh-CN"})
                if response.status_code != 200 or response.mimetype != "text/html":
                    continue
                opened += 1
                bad = problems_in(visible_text(response.get_data(as_text=True)), words)
                if bad:
                    found[f"{mobile} {url}"] = sorted(set(bad))
    assert opened > 100
    assert found == {}, "\n".join(f"{page}: {bad}" for page, bad in found.items())
