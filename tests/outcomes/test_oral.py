"""Oral agreements (art. 28): recorded by the mediator, kept in the register, exported as CSV."""

import csv
import io
from datetime import UTC, datetime

import pytest

from mediation.accounts.models import Role
from mediation.core.errors import Conflict, ValidationFailed
from mediation.extensions import db
from mediation.outcomes import agreements, oral
from mediation.outcomes.record_models import OralAgreement
from tests.outcomes.conftest import sign_online

INSTANT = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
ORAL = {"content": "李强当场向王芳赔礼道歉。", "performance": "当场履行。", "performed": "已履行"}

pytestmark = pytest.mark.time_machine(INSTANT, tick=False)


def test_the_mediator_records_an_oral_agreement(client, login, settled_case):
    dispute = settled_case()
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/oral-agreement", data={**ORAL, "amount": "200"}
    )
    assert response.status_code == 302
    row = oral.oral_agreement_for(dispute)
    assert row.content == ORAL["content"] and row.performance == ORAL["performance"]
    assert row.agreed_at == INSTANT and row.township_id == dispute.township_id
    assert row.mediator_id == dispute.mediator_id and str(row.amount) == "200.00"


def test_content_and_performance_are_required(client, login, settled_case):
    dispute = settled_case()
    login(dispute.mediator.user)
    response = client.post(f"/disputes/{dispute.code}/oral-agreement", data={"content": "x"})
    assert response.status_code == 422
    assert db.session.query(OralAgreement).count() == 0


def test_only_a_settled_case_has_an_oral_agreement(coordinator, mediation_case):
    with pytest.raises(Conflict):
        oral.record_oral_agreement(mediation_case(), ORAL, coordinator)


def test_a_written_agreement_being_signed_cannot_become_oral(coordinator, settled_case):
    dispute = settled_case()
    sign_online(agreements.agreement_for(dispute), party=dispute.parties[0])
    with pytest.raises(Conflict):
        oral.record_oral_agreement(dispute, ORAL, coordinator)


def test_a_bad_amount_is_refused_by_field(client, login, settled_case):
    dispute = settled_case()
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/oral-agreement", data={**ORAL, "amount": "二百"}
    )
    assert response.status_code == 422


def test_the_register_lists_a_townships_oral_agreements(
    client, login, county, create_user, settled_case
):
    first = settled_case()
    oral.record_oral_agreement(first, ORAL, first.mediator.user)
    other = settled_case(township_id=county["stations"][1].id, village_id=None)
    oral.record_oral_agreement(other, {**ORAL, "content": "童家镇的协议"}, other.mediator.user)
    login(create_user(Role.ADMIN))
    page = client.get(f"/oral-agreements?township_id={county['stations'][0].id}")
    body = page.get_data(as_text=True)
    assert body.count("data-oral-row") == 1 and first.display_code in body
    assert "童家镇的协议" not in body
    everything = client.get("/oral-agreements").get_data(as_text=True)
    assert everything.count("data-oral-row") == 2


def test_a_station_coordinator_sees_only_their_townships_register(
    client, login, county, create_user, settled_case
):
    mine = settled_case()
    oral.record_oral_agreement(mine, ORAL, mine.mediator.user)
    theirs = settled_case(township_id=county["stations"][1].id, village_id=None)
    theirs.organisation = county["stations"][1]  # handled by the other township's committee
    oral.record_oral_agreement(theirs, ORAL, theirs.mediator.user)
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    body = client.get("/oral-agreements").get_data(as_text=True)
    assert mine.display_code in body and theirs.display_code not in body


def test_the_register_exports_csv(client, login, coordinator, settled_case):
    dispute = settled_case()
    oral.record_oral_agreement(dispute, {**ORAL, "amount": "1200"}, dispute.mediator.user)
    login(coordinator)
    response = client.get("/oral-agreements.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == list(oral.REGISTER_COLUMNS)
    assert rows[1][0] == dispute.display_code and rows[1][1] == "2026-12-03"
    assert rows[1][8] == ORAL["content"] and rows[1][9] == ORAL["performance"]
    assert rows[1][10] == "已履行" and rows[1][11] == "1200.00"
    assert rows[1][5] == "王芳（申请人）、李强（被申请人）"


def test_parties_do_not_see_the_register(client, login, settled_case):
    dispute = settled_case()
    login(dispute.parties[0].user)
    assert client.get("/oral-agreements").status_code in (403, 404)


def test_a_party_of_another_case_cannot_open_its_oral_agreement(client, login, settled_case):
    dispute, other = settled_case(), settled_case()
    login(other.parties[0].user)
    assert client.get(f"/disputes/{dispute.code}/oral-agreement").status_code == 404


def test_a_long_content_is_refused(coordinator, settled_case):
    with pytest.raises(ValidationFailed):
        oral.record_oral_agreement(settled_case(), {**ORAL, "content": "长" * 4001}, coordinator)


def test_the_case_page_offers_an_oral_agreement_once_settled(client, login, settled_case):
    dispute = settled_case()
    login(dispute.mediator.user)
    page = client.get(f"/disputes/{dispute.code}").get_data(as_text=True)
    assert f"/disputes/{dispute.code}/oral-agreement" in page
