"""The case page's mediator form: assigning and withdrawing belong to the mediators domain."""

import re

from sqlalchemy import select

from mediation.extensions import db
from mediation.mediators.models import Assignment, AssignmentStatus


def test_a_coordinator_assigns_on_the_case_page_and_the_offer_is_opened(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    mediator = create_mediator()
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/mediator",
        data={"action": "assign", "mediator_id": mediator.id, "expected_version": dispute.version},
    )
    assert response.status_code == 302 and response.location.endswith(f"/disputes/{dispute.code}")
    offer = db.session.scalars(select(Assignment)).one()
    db.session.refresh(dispute)
    assert dispute.mediator_id == mediator.id and offer.dispute is dispute
    assert offer.method == "direct" and offer.status == AssignmentStatus.PROPOSED


def test_the_generic_case_form_hands_assigning_to_the_mediator_form(
    client, login, create_dispute, coordinator
):
    dispute = create_dispute("consented")
    login(coordinator)
    response = client.post(f"/disputes/{dispute.code}/transition", data={"action": "assign"})
    assert response.status_code == 307
    assert response.location.endswith(f"/disputes/{dispute.code}/mediator")


def test_withdrawing_revokes_the_open_offer(client, login, create_dispute, coordinator):
    dispute = create_dispute("assigned")
    login(coordinator)
    response = client.post(
        f"/disputes/{dispute.code}/mediator", data={"action": "unassign", "reason": "回避"}
    )
    assert response.status_code == 302
    db.session.refresh(dispute)
    assert dispute.state == "consented" and dispute.mediator is None
    assert db.session.scalars(select(Assignment)).one().status == AssignmentStatus.REVOKED


def test_the_cases_own_mediator_may_not_withdraw_themselves(client, login, create_dispute):
    dispute = create_dispute("assigned")
    login(dispute.mediator.user)
    response = client.post(
        f"/disputes/{dispute.code}/mediator", data={"action": "unassign", "reason": "忙"}
    )
    assert response.status_code == 403
    db.session.refresh(dispute)
    assert dispute.state == "assigned"


def test_another_mediator_gets_404_on_the_mediator_form(
    client, login, create_dispute, create_mediator
):
    dispute = create_dispute("assigned")
    login(create_mediator().user)
    response = client.post(
        f"/disputes/{dispute.code}/mediator", data={"action": "unassign", "reason": "忙"}
    )
    assert response.status_code == 404
    db.session.refresh(dispute)
    assert dispute.state == "assigned"


def _page(client, dispute) -> str:
    return client.get(f"/disputes/{dispute.code}").get_data(as_text=True)


def test_the_case_page_offers_the_top_candidates_with_their_reasons_and_the_full_ranking(
    client, login, create_dispute, create_mediator, coordinator
):
    dispute = create_dispute("consented")
    specialists = [create_mediator(specialties=["neighbour"]) for _ in range(6)]
    login(coordinator)
    page = _page(client, dispute)
    radios = re.findall(r'name="mediator_id" id="candidate-(\d+)"', page)
    assert len(radios) == 5 and set(map(int, radios)) <= {m.id for m in specialists}
    assert 'class="d-block small text-body-secondary">' in page and "邻里" in page
    assert f'href="/assignments/{dispute.code}"' in page
    # The sixth, outside the top five, is in the list of everyone else.
    [sixth] = [m for m in specialists if str(m.id) not in radios]
    assert f'<option value="{sixth.id}"' in page


def test_someone_outside_the_top_needs_a_reason_and_it_is_recorded(
    client, login, create_dispute, create_mediator, coordinator
):
    from mediation.core.audit import events_for

    dispute = create_dispute("consented")
    for _ in range(5):
        create_mediator(specialties=["neighbour"])
    outsider = create_mediator(specialties=["labour"])
    login(coordinator)
    radios = re.findall(r'id="candidate-(\d+)"', _page(client, dispute))
    assert str(outsider.id) not in radios
    form = {"action": "assign", "mediator_id": "", "other_mediator_id": outsider.id}
    refused = client.post(f"/disputes/{dispute.code}/mediator", data=form)
    assert refused.status_code == 422
    db.session.refresh(dispute)
    assert dispute.mediator_id is None and db.session.scalars(select(Assignment)).first() is None
    done = client.post(
        f"/disputes/{dispute.code}/mediator", data={**form, "reason": "当事人熟悉该调解员"}
    )
    assert done.status_code == 302
    db.session.refresh(dispute)
    offer = db.session.scalars(select(Assignment)).one()
    assert dispute.mediator_id == outsider.id and offer.method == "manual"
    assert offer.reason == "当事人熟悉该调解员"
    reasons = [e.payload for e in events_for("dispute", dispute.id) if e.action == "dispute.assign"]
    assert reasons and "当事人熟悉该调解员" in reasons[-1]


def test_a_mediator_of_another_county_cannot_be_chosen_from_the_case_page(
    client, login, create_dispute, create_mediator, coordinator, create_user
):
    from mediation.organisations.models import Organisation, OrgKind

    elsewhere = Organisation(name="外县中心", kind=OrgKind.CENTRE, area="外县")
    db.session.add(elsewhere)
    db.session.flush()
    stranger = create_mediator(organisation=elsewhere)
    dispute = create_dispute("consented")
    login(coordinator)
    page = _page(client, dispute)
    form_html = page[page.index('class="assign-form"') :]
    form_html = form_html[: form_html.index("</form>")]
    assert f'value="{stranger.id}"' not in form_html
    form = {"action": "assign", "other_mediator_id": stranger.id, "reason": "试试"}
    response = client.post(f"/disputes/{dispute.code}/mediator", data=form)
    assert response.status_code == 404
    db.session.refresh(dispute)
    assert dispute.mediator_id is None
