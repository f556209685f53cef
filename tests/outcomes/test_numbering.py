"""Agreement numbers: （2026）乐人调字第1号, per committee and year, given when it takes effect."""

from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy.exc import IntegrityError

from mediation.extensions import db
from mediation.outcomes import agreements, numbering
from mediation.outcomes.counters import claim_serial
from tests.outcomes.conftest import sign_all, sign_online

PATTERN = "（{year}）{abbreviation}人调字第{serial}号"


def test_a_number_is_written_in_the_case_file_pattern():
    assert numbering.format_number(PATTERN, 2026, "乐", 1) == "（2026）乐人调字第1号"
    assert numbering.format_number(PATTERN, 2027, "乐天", 105) == "（2027）乐天人调字第105号"


def test_a_committee_without_its_own_abbreviation_uses_the_countys():
    assert numbering.abbreviation_of(None, "乐") == "乐"
    assert numbering.abbreviation_of("  ", "乐") == "乐"
    assert numbering.abbreviation_of("乐天", "乐") == "乐天"


def test_the_year_is_the_countys_on_the_day_of_effect():
    # 31 December 17:00 UTC is already 1 January in Beijing.
    instant = datetime(2026, 12, 31, 17, 0, tzinfo=UTC)
    assert numbering.number_year(instant, "Asia/Shanghai") == 2027
    assert numbering.number_year(instant, "UTC") == 2026


def test_each_committee_counts_its_own_agreements_from_one(
    settled_case, mediation_case, settle, county
):
    first = sign_all(settled_case())
    second = sign_all(settled_case())
    other_town = county["stations"][1]
    handled_elsewhere = mediation_case()
    handled_elsewhere.organisation = other_town
    settle(handled_elsewhere)
    elsewhere = sign_all(handled_elsewhere)
    assert first.number == "（2026）乐人调字第1号"
    assert second.number == "（2026）乐人调字第2号"
    assert elsewhere.committee_id == other_town.id
    assert elsewhere.number == "（2026）乐人调字第1号"


def test_the_serial_starts_again_each_year(settled_case):
    dispute = settled_case()
    with time_machine.travel(datetime(2026, 12, 31, 15, 0, tzinfo=UTC), tick=False):
        last_of_2026 = sign_all(dispute)
    with time_machine.travel(datetime(2026, 12, 31, 16, 30, tzinfo=UTC), tick=False):
        first_of_2027 = sign_all(settled_case())  # 00:30 on 1 January in Beijing
    assert last_of_2026.number == "（2026）乐人调字第1号"
    assert first_of_2027.number == "（2027）乐人调字第1号"


def test_the_abbreviation_and_pattern_are_configurable(app, settled_case, monkeypatch):
    monkeypatch.setitem(app.config, "AGREEMENT_NUMBER_PREFIX", "遂")
    first = sign_all(settled_case())
    assert first.number == "（2026）遂人调字第1号"
    dispute = settled_case()
    agreements.agreement_for(dispute).committee.number_abbreviation = "天池"
    monkeypatch.setitem(
        app.config, "AGREEMENT_NUMBER_FORMAT", "{abbreviation}调〔{year}〕{serial}号"
    )
    assert sign_all(dispute).number == "天池调〔2026〕2号"


def test_an_agreement_not_yet_in_force_uses_up_no_number(settled_case):
    waiting = agreements.agreement_for(settled_case())
    sign_online(waiting, waiting.dispute.parties[0].user, None)  # partly signed, then dropped
    unsealed = settled_case(sealed=False)
    sign_all(unsealed)
    assert waiting.number is None and agreements.agreement_for(unsealed).number is None
    assert sign_all(settled_case()).number == "（2026）乐人调字第1号"


def test_the_database_refuses_two_agreements_with_one_number(settled_case):
    first = sign_all(settled_case())
    second = agreements.agreement_for(settled_case())
    second.committee_id = first.committee_id
    second.number_year, second.number_serial = first.number_year, first.number_serial
    with pytest.raises(IntegrityError, match="uq_agreements_number|UNIQUE"):
        with db.session.begin_nested():
            db.session.flush()


def test_claims_give_consecutive_serials(county):
    committee = county["stations"][0]
    assert [claim_serial(committee.id, 2026) for _ in range(3)] == [1, 2, 3]
    assert claim_serial(committee.id, 2027) == 1
    assert claim_serial(county["stations"][1].id, 2026) == 1
