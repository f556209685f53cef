"""Each act of a party is a record of its own: the party, how sure we are, who entered it."""

import json

import pytest
from sqlalchemy import select

from mediation.accounts.assurance import Assurance
from mediation.core.audit import AuditEvent
from mediation.core.errors import Forbidden, ValidationFailed
from mediation.disputes import acts
from mediation.disputes.models import PartyAct
from mediation.disputes.rights import PartyActKind
from mediation.extensions import db
from tests.sql_count import counting_statements


def last_event() -> AuditEvent:
    return db.session.scalar(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1))


def test_an_online_act_is_recorded_as_the_partys_with_its_assurance(create_dispute):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    acting = acts.online(respondent, Assurance.SMS_CODE)
    row = acts.record_party_act(dispute, acting, PartyActKind.PUBLICITY, "public")
    assert (row.party_id, row.act, row.value) == (respondent.id, "publicity", "public")
    assert row.assurance == "sms_code" and row.entered_by_id is None
    event = last_event()
    assert event.action == "party_act.publicity"
    data = json.loads(event.payload)
    assert data["party_id"] == respondent.id and data["assurance"] == "sms_code"
    assert data["entered_by_id"] is None and data["side"] == "respondent"


def test_an_act_entered_by_staff_records_who_entered_it_and_how(create_dispute, coordinator):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    acting = acts.entered_by_staff(dispute, coordinator, respondent.id, "id_in_person")
    row = acts.record_party_act(dispute, acting, PartyActKind.STOP, reason=" 不想调了 ")
    assert row.entered_by_id == coordinator.id and row.assurance == "id_in_person"
    assert row.reason == "不想调了"
    event = last_event()
    assert event.actor_id == coordinator.id
    assert json.loads(event.payload)["entered_by_id"] == coordinator.id


@pytest.mark.parametrize(
    ("party_id", "identification", "field"),
    [
        (None, "phone_call", "party_id"),
        ("own", None, "identification"),
        ("own", "sms_code", "identification"),
    ],
)
def test_staff_entry_needs_the_party_and_a_staff_identification(
    create_dispute, coordinator, party_id, identification, field
):
    dispute = create_dispute("accepted")
    party_id = dispute.respondents[0].id if party_id == "own" else party_id
    with pytest.raises(ValidationFailed) as refused:
        acts.entered_by_staff(dispute, coordinator, party_id, identification)
    assert refused.value.status == 422 and field in refused.value.fields


def test_staff_cannot_enter_an_act_for_another_cases_party(create_dispute, coordinator):
    dispute, other = create_dispute("accepted"), create_dispute("accepted")
    with pytest.raises(ValidationFailed):
        acts.entered_by_staff(dispute, coordinator, other.respondents[0].id, "phone_call")


def test_an_act_cannot_be_recorded_for_a_party_of_another_case(create_dispute):
    dispute, other = create_dispute("accepted"), create_dispute("accepted")
    acting = acts.online(other.respondents[0], Assurance.SMS_CODE)
    with pytest.raises(Forbidden):
        acts.record_party_act(dispute, acting, PartyActKind.PUBLICITY, "public")
    assert db.session.scalars(select(PartyAct)).all() == []


def test_an_online_act_below_the_configured_level_is_refused(app, create_dispute):
    dispute = create_dispute("accepted")
    with pytest.raises(Forbidden) as refused:
        acts.check_assurance(acts.online(dispute.respondents[0], Assurance.CASE_LINK))
    assert refused.value.code == "confirmation_needed"
    acts.check_assurance(acts.online(dispute.respondents[0], Assurance.SMS_CODE))


def test_the_acts_are_read_once_and_an_act_recorded_after_is_seen_at_once(create_dispute):
    dispute = create_dispute("accepted")
    respondent = dispute.respondents[0]
    assert acts.publicity_wishes(dispute) == {}
    with counting_statements() as statements:
        acts.publicity_wishes(dispute)
        acts.mediator_choices(dispute)
    assert [s for s in statements.seen if "party_acts" in s] == []

    acts.record_party_act(
        dispute, acts.online(respondent, Assurance.SMS_CODE), PartyActKind.PUBLICITY, "public"
    )
    assert acts.publicity_wishes(dispute) == {respondent.id: "public"}
    assert [row.act for row in acts.acts_of(dispute)] == ["publicity"]
    assert acts.acts_of(dispute, PartyActKind.MEDIATOR_CHOICE) == []
