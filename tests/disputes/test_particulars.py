"""A party's particulars for the agreement: checked, listed when missing, entered on the case."""

from datetime import date

import pytest
import time_machine
from marshmallow import ValidationError

from mediation.accounts.models import Role
from mediation.disputes import particulars
from mediation.disputes.models import Party
from mediation.disputes.schemas import ParticularsInSchema
from mediation.extensions import db
from tests.factories import valid_resident_id

INSTANT = "2026-12-01T02:00:00+00:00"
ID = valid_resident_id(13)  # born 1980-01-01; the 17th digit 3 is odd: a man


def test_a_person_lacks_every_particular_not_given():
    missing = particulars.missing_items({"kind": "person", "name": "王芳"})
    assert missing == [
        "sex",
        "ethnicity",
        "birth_date_or_age",
        "occupation",
        "address",
        "resident_id",
    ]


def test_an_age_stands_for_a_date_of_birth():
    values = {"name": "王芳", "age": 46, "sex": "female", "ethnicity": "汉族"}
    assert "birth_date_or_age" not in particulars.missing_items(values)


def test_an_organisation_needs_its_address_and_legal_representative():
    values = {"kind": "organisation", "name": "顺达物流有限公司"}
    assert particulars.missing_items(values) == ["address", "legal_representative"]


def test_the_birth_date_and_sex_are_read_from_the_id_number():
    assert particulars.birth_date_in_id(ID) == date(1980, 1, 1)
    assert particulars.sex_in_id(ID) == "male"
    assert particulars.age_on(date(1980, 1, 1), date(2026, 1, 1)) == 46
    assert particulars.age_on(date(1980, 6, 2), date(2026, 6, 1)) == 45


def _load(**data):
    return ParticularsInSchema().load(data)


@time_machine.travel(INSTANT, tick=False)
def test_a_valid_set_of_particulars_loads():
    data = _load(
        kind="person",
        sex="male",
        ethnicity="汉族",
        birth_date="1980-01-01",
        occupation="农民",
        address="天池镇红光村1组",
        resident_id=ID,
    )
    assert data["birth_date"] == date(1980, 1, 1) and data["resident_id"] == ID


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("resident_id", ID[:-1] + ("0" if ID[-1] != "0" else "1")),  # check digit wrong
        ("resident_id", "51202219801301001X"),  # month 13
        ("birth_date", "1980-02-30"),
        ("birth_date", "2030-01-01"),  # in the future
        ("birth_date", "1850-01-01"),
        ("age", "151"),
        ("sex", "unknown"),
        ("kind", "robot"),
    ],
)
@time_machine.travel(INSTANT, tick=False)
def test_bad_particulars_are_refused_field_by_field(field, value):
    with pytest.raises(ValidationError) as refused:
        _load(**{field: value})
    assert list(refused.value.messages) == [field]


@time_machine.travel(INSTANT, tick=False)
def test_a_birth_date_or_sex_that_contradicts_the_id_is_refused():
    with pytest.raises(ValidationError) as refused:
        _load(resident_id=ID, birth_date="1981-01-01", sex="female")
    assert set(refused.value.messages) == {"birth_date", "sex"}


@pytest.fixture
def case(create_dispute):
    return create_dispute("in_mediation")


def _url(dispute, party):
    return f"/disputes/{dispute.code}/parties/{party.id}/particulars"


@time_machine.travel(INSTANT, tick=False)
def test_staff_enter_a_partys_particulars_on_the_case(client, login, coordinator, case):
    party = case.respondents[0]
    login(coordinator)
    page = client.get(_url(case, party)).get_data(as_text=True)
    assert "身份证号码" in page and "制作协议前还缺" in page
    response = client.post(
        _url(case, party),
        data={
            "kind": "person",
            "sex": "male",
            "ethnicity": "汉族",
            "birth_date": "1980-01-01",
            "occupation": "农民",
            "address": "天池镇红光村2组",
            "resident_id": ID,
        },
    )
    assert response.status_code == 302
    page = client.get(_url(case, party)).get_data(as_text=True)
    assert "制作协议前还缺" not in page


@time_machine.travel(INSTANT, tick=False)
def test_a_wrong_id_number_on_the_form_answers_422_with_its_message(
    client, login, coordinator, case
):
    login(coordinator)
    response = client.post(_url(case, case.respondents[0]), data={"resident_id": ID[:-1] + "Y"})
    assert response.status_code == 422
    assert "身份证号由 17 位数字加 1 位数字或 X 组成。" in response.get_data(as_text=True)


def test_a_party_cannot_edit_particulars(client, login, case, create_user):
    party = case.applicants[0]
    party.user = create_user(Role.PARTY, name=party.name, mobile=party.mobile)
    db.session.flush()
    login(party.user)
    assert client.post(_url(case, party), data={"sex": "female"}).status_code == 403


def test_another_cases_party_answers_404(client, login, coordinator, create_dispute):
    mine, theirs = create_dispute("in_mediation"), create_dispute("in_mediation")
    login(coordinator)
    assert client.get(_url(mine, theirs.parties[0])).status_code == 404


@time_machine.travel(INSTANT, tick=False)
def test_the_filing_form_takes_particulars_optionally(client, login, coordinator, county):
    login(coordinator)
    town = county["stations"][0]
    response = client.post(
        "/disputes/new",
        data={
            "channel": "walk_in",
            "category": "neighbour",
            "description": "邻居修围墙占了公共通道。",
            "township_id": str(town.id),
            "applicants-0-name": "王芳",
            "applicants-0-mobile": "15800000013",
            "applicants-0-sex": "female",
            "applicants-0-ethnicity": "汉族",
            "applicants-0-birth_date": "1985-03-04",
            "applicants-0-occupation": "教师",
            "applicants-0-address": "天池镇红光村3组",
            "respondents-0-name": "李强",
            "respondents-0-mobile": "13700000013",
        },
    )
    assert response.status_code in (302, 303), response.get_data(as_text=True)[-800:]
    from mediation.extensions import db

    applicant = db.session.scalars(db.select(Party).where(Party.mobile == "15800000013")).one()
    assert (applicant.sex, applicant.ethnicity, applicant.occupation) == ("female", "汉族", "教师")
    assert applicant.birth_date == date(1985, 3, 4)


def test_the_case_page_links_each_partys_particulars_for_staff(client, login, coordinator, case):
    login(coordinator)
    page = client.get(f"/disputes/{case.code}").get_data(as_text=True)
    for party in case.parties:
        assert _url(case, party) in page
