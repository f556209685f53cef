"""A fixed set of records for the statistics report, each at a fixed instant (Asia/Shanghai)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import time_machine

from mediation.disputes import operations
from mediation.disputes.lifecycle import Actor
from mediation.extensions import db
from mediation.handoffs.agencies import Agency
from mediation.handoffs.models import HandOff
from mediation.outcomes import operations as outcome_ops
from mediation.outcomes import oral
from mediation.reports.models import ScreeningLog

MARCH = datetime(2026, 3, 5, 2, 0, tzinfo=UTC)
# 00:30 on 1 March and on 1 April in Shanghai: March's first and April's first half hour.
FIRST_OF_MARCH = datetime(2026, 2, 28, 16, 30, tzinfo=UTC)
FIRST_OF_APRIL = datetime(2026, 3, 31, 16, 30, tzinfo=UTC)
ORAL = {"content": "当场赔礼道歉。", "performance": "当场履行。"}


def _decide(dispute, result, coordinator, decided_at=None):
    data = {"result": result, "terms": "赔偿", "reason": "分歧"}
    outcome_ops.record_outcome(dispute, data, {Actor.STAFF}, coordinator, decided_at)


def _act(dispute, action, coordinator):
    operations.transition_dispute(dispute, action, {Actor.STAFF}, coordinator, "理由")


def build(create_dispute, coordinator, county) -> dict:
    """March: eight cases mediated (five settled), four left out by rule; one case in April."""
    second = county["stations"][1].id
    cases = {}
    with time_machine.travel(datetime(2026, 3, 2, 2, 0, tzinfo=UTC), tick=False):
        cases["a"] = create_dispute("in_mediation", amount=Decimal("20000"))
    with time_machine.travel(MARCH, tick=False):
        _decide(cases["a"], "settled", coordinator, datetime(2026, 3, 12, 2, 0, tzinfo=UTC))
        cases["b"] = create_dispute("in_mediation", category="marriage_family")
        _decide(cases["b"], "settled", coordinator)
        oral.record_oral_agreement(cases["b"], ORAL, coordinator)
        cases["c"] = create_dispute(
            "in_mediation", category="traffic", township_id=second, village_id=None
        )
        _decide(cases["c"], "not_settled", coordinator)
        cases["d"] = create_dispute(
            "in_mediation",
            category="land_contract",
            township_id=second,
            village_id=None,
            amount=Decimal("5000"),
        )
        _decide(cases["d"], "partly_settled", coordinator)
        cases["e"] = create_dispute("in_mediation", category="intellectual_property")
        _decide(cases["e"], "settled", coordinator)
        cases["declined"] = create_dispute("declined")
        cases["withdrawn_early"] = create_dispute("withdrawn")
        cases["rejected"] = create_dispute("rejected")
        cases["withdrawn"] = create_dispute("accepted")
        _act(cases["withdrawn"], "withdraw", coordinator)
        cases["stopped"] = create_dispute("in_mediation")
        _act(cases["stopped"], "stop", coordinator)
        cases["open"] = create_dispute("in_mediation")
    with time_machine.travel(FIRST_OF_MARCH, tick=False):
        cases["m"] = create_dispute("in_mediation", category="labour")
        _decide(cases["m"], "settled", coordinator)
    with time_machine.travel(FIRST_OF_APRIL, tick=False):
        cases["april"] = create_dispute("in_mediation")
        _decide(cases["april"], "settled", coordinator)
    _screenings(county)
    _handoffs(cases)
    return cases


def _screenings(county) -> None:
    first = county["stations"][0].id
    db.session.add_all(
        [
            ScreeningLog(
                township_id=first,
                held_on=date(2026, 3, 31),
                runs=2,
                disputes_found=3,
                disputes_prevented=1,
            ),
            ScreeningLog(
                township_id=first,
                held_on=date(2026, 4, 1),
                runs=5,
                disputes_found=5,
                disputes_prevented=5,
            ),
        ]
    )


def _handoffs(cases) -> None:
    court = Agency(name="乐至县人民法院", kind="court")
    police = Agency(name="天池派出所", kind="police")
    petition = Agency(name="乐至县信访局", kind="petition")
    db.session.add_all([court, police, petition])
    march = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
    db.session.add_all(
        [
            HandOff(
                direction="inbound",
                agency=court,
                dispute=cases["a"],
                summary="委派",
                sent_at=march,
                result="settled",
                result_at=datetime(2026, 3, 20, 2, tzinfo=UTC),
                confirmation_applied_on=date(2026, 3, 25),
                confirmation_granted_on=date(2026, 4, 2),
            ),
            HandOff(
                direction="inbound",
                agency=police,
                dispute=cases["b"],
                summary="警调",
                sent_at=march,
            ),
            HandOff(
                direction="inbound",
                agency=petition,
                dispute=cases["c"],
                summary="访调",
                sent_at=datetime(2026, 2, 10, 2, tzinfo=UTC),
                result="not_settled",
                result_at=march,
            ),
            HandOff(
                direction="outbound",
                agency=court,
                dispute=cases["e"],
                summary="移送法院",
                sent_at=march,
            ),
        ]
    )
    db.session.flush()
