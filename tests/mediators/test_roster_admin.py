"""The roster pages: the list in one's scope, putting a person on it, changing a record."""

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role, User
from mediation.core.audit import AuditEvent, events_for
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from mediation.mediators.models import Mediator


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _person(organisation, **overrides) -> dict:
    data = {
        "name": "赵敏",
        "mobile": "13611112222",
        "organisation_id": str(organisation.id),
        "capacity": "8",
        "full_time": "on",
        "specialties": ["neighbour", "labour"],
        "languages": ["putonghua"],
        "other_languages": "客家话、四川话",
    }
    return data | overrides


def test_an_admin_puts_a_new_person_on_the_roster(client, login, create_user, county, flashes):
    admin = login(create_user(Role.ADMIN, county["centre"]))
    station = county["stations"][0]
    response = client.post("/admin/mediators/new", data=_person(station, password="s3cret-pass"))
    assert response.status_code == 302
    mediator = db.session.scalar(select(Mediator).join(User).where(User.mobile == "13611112222"))
    assert response.headers["Location"].endswith(f"/admin/mediators/{mediator.id}")
    assert (mediator.user.role, mediator.user.organisation_id) == (Role.MEDIATOR, station.id)
    assert mediator.user.check_password("s3cret-pass")
    assert (mediator.full_time, mediator.gold_medal, mediator.capacity) == (True, False, 8)
    # 四川话 is the listed dialect's name: it is stored by its key, beside the free entry.
    assert mediator.languages == ["putonghua", "客家话", "sichuanese"]
    assert [e.action for e in events_for("mediator", mediator.id)] == ["mediator.created"]
    assert events_for("mediator", mediator.id)[0].actor_id == admin.id
    assert [category for category, _ in flashes()] == ["success"]


def test_a_mediators_account_on_no_roster_is_linked(
    client, login, coordinator, create_user, county
):
    login(coordinator)
    existing = create_user(Role.MEDIATOR, None, mobile="13611113333", name="钱进")
    response = client.post(
        "/admin/mediators/new", data=_person(county["stations"][1], mobile="13611113333")
    )
    assert response.status_code == 302
    mediator = db.session.scalar(select(Mediator).where(Mediator.user_id == existing.id))
    assert mediator.organisation_id == county["stations"][1].id
    assert existing.name == "钱进"
    assert events_for("mediator", mediator.id)[0].data["linked"] is True


def test_a_partys_mobile_is_refused_clearly(client, login, coordinator, create_user, county):
    login(coordinator)
    create_user(Role.PARTY, mobile="13611114444")
    before = (_count(Mediator), _count(AuditEvent))
    response = client.post(
        "/admin/mediators/new", data=_person(county["stations"][0], mobile="13611114444")
    )
    assert response.status_code == 409
    assert 'id="mobile-error"' in response.get_data(as_text=True)
    assert (_count(Mediator), _count(AuditEvent)) == before


def test_a_mediator_already_on_the_roster_is_refused(client, login, coordinator, create_mediator):
    login(coordinator)
    mediator = create_mediator()
    response = client.post(
        "/admin/mediators/new",
        data=_person(mediator.organisation, mobile=mediator.user.mobile),
    )
    assert response.status_code == 409
    assert 'id="mobile-error"' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"mobile": "12345"}, "mobile"),
        ({"capacity": "-1"}, "capacity"),
        ({"capacity": "abc"}, "capacity"),
        ({"capacity": "99999999999999999999"}, "capacity"),
        ({"name": "赵\x00敏"}, "name"),
        ({"specialties": ["astrology"]}, "specialties"),
        ({"other_languages": "一种名字非常非常非常非常非常非常非常非常长的方言土话"}, "languages"),
        ({"password": "short"}, "password"),
        ({"organisation_id": "999999"}, "organisation_id"),
    ],
)
def test_bad_input_comes_back_with_422_and_writes_nothing(
    client, login, coordinator, county, overrides, field
):
    login(coordinator)
    before = (_count(User), _count(Mediator), _count(AuditEvent))
    response = client.post("/admin/mediators/new", data=_person(county["stations"][0], **overrides))
    assert response.status_code == 422, field
    if "\x00" not in overrides.get("name", ""):  # control characters stop before the form
        assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert (_count(User), _count(Mediator), _count(AuditEvent)) == before


def test_a_station_coordinator_cannot_place_a_mediator_in_another_station(
    client, login, create_user, county
):
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    response = client.post("/admin/mediators/new", data=_person(county["stations"][1]))
    assert response.status_code == 422
    assert _count(Mediator) == 0


def test_the_list_shows_only_the_actors_scope(client, login, create_user, create_mediator, county):
    own = create_mediator(organisation=county["villages"]["天池镇"][0])
    other = create_mediator(organisation=county["stations"][1])
    login(create_user(Role.COORDINATOR, county["stations"][0]))
    page = client.get("/admin/mediators").get_data(as_text=True)
    assert own.name in page
    assert other.name not in page


def test_the_list_filters_by_organisation_kind_medal_and_status(
    client, login, coordinator, create_mediator, county
):
    full = create_mediator(full_time=True, gold_medal=True)
    part = create_mediator(organisation=county["stations"][1])
    retired = create_mediator(active=False)
    login(coordinator)

    def names(query: str) -> set:
        page = client.get(f"/admin/mediators?{query}").get_data(as_text=True)
        return {m.name for m in (full, part, retired) if m.name in page}

    assert names("") == {full.name, part.name, retired.name}
    assert names(f"organisation_id={county['stations'][1].id}") == {part.name}
    assert names("kind=full_time") == {full.name}
    assert names("kind=part_time&active=true") == {part.name}
    assert names("gold_medal=true") == {full.name}
    assert names("active=false") == {retired.name}
    assert client.get("/admin/mediators?kind=sometimes").status_code == 422


def test_a_mediator_may_not_open_the_roster(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    assert client.get("/admin/mediators").status_code == 403
    assert client.get(f"/admin/mediators/{mediator.id}").status_code == 404


def test_the_record_is_changed_and_audited(client, login, coordinator, create_mediator, flashes):
    mediator = create_mediator(capacity=10, introduction="旧的介绍")
    login(coordinator)
    response = client.post(
        f"/admin/mediators/{mediator.id}",
        data={
            "organisation_id": mediator.organisation_id,
            "capacity": "12",
            "gold_medal": "on",
            "specialties": ["traffic"],
            "languages": ["sichuanese", "客家话"],
            "introduction": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(mediator)
    assert (mediator.capacity, mediator.gold_medal, mediator.active) == (12, True, False)
    assert mediator.languages == ["sichuanese", "客家话"]
    assert mediator.introduction is None
    event = events_for("mediator", mediator.id)[-1]
    assert event.action == "mediator.updated"
    assert set(event.data["fields"]) >= {"capacity", "gold_medal", "active", "specialties"}
    assert flashes()[-1][0] == "success"


def test_a_free_language_entry_shows_on_the_edit_form(client, login, coordinator, create_mediator):
    mediator = create_mediator(languages=["sichuanese", "客家话"])
    login(coordinator)
    page = client.get(f"/admin/mediators/{mediator.id}").get_data(as_text=True)
    assert 'value="客家话" id="lang-free-1" checked' in page


def test_moving_a_mediator_moves_their_account(client, login, coordinator, create_mediator, county):
    mediator = create_mediator()
    target = county["villages"]["童家镇"][1]
    login(coordinator)
    response = client.post(
        f"/admin/mediators/{mediator.id}",
        data={"organisation_id": target.id, "capacity": "10", "active": "on"},
    )
    assert response.status_code == 302
    db.session.refresh(mediator)
    assert mediator.organisation_id == target.id == mediator.user.organisation_id


def test_a_bad_capacity_on_the_record_changes_nothing(client, login, coordinator, create_mediator):
    mediator = create_mediator(capacity=10)
    login(coordinator)
    response = client.post(
        f"/admin/mediators/{mediator.id}",
        data={"organisation_id": mediator.organisation_id, "capacity": "201", "active": "on"},
    )
    assert response.status_code == 422
    db.session.refresh(mediator)
    assert mediator.capacity == 10


def test_another_countys_mediator_answers_404(client, login, create_user, two_counties):
    home_admin = create_user(Role.ADMIN, two_counties["home"])
    other_coordinator = create_user(Role.COORDINATOR, two_counties["other"])
    theirs = Mediator(
        user=create_user(Role.MEDIATOR, two_counties["other_station"]),
        organisation=two_counties["other_station"],
    )
    db.session.add(theirs)
    db.session.flush()
    login(home_admin)
    assert client.get(f"/admin/mediators/{theirs.id}").status_code == 404
    response = client.post(f"/admin/mediators/{theirs.id}", data={"capacity": "1"})
    assert response.status_code == 404
    assert theirs.name not in client.get("/admin/mediators").get_data(as_text=True)
    login(other_coordinator)
    assert client.get(f"/admin/mediators/{theirs.id}").status_code == 200


def test_a_deployment_wide_admin_keeps_every_countys_roster(
    client, login, create_user, two_counties
):
    theirs = Mediator(
        user=create_user(Role.MEDIATOR, two_counties["other_station"]),
        organisation=two_counties["other_station"],
    )
    db.session.add(theirs)
    db.session.flush()
    login(create_user(Role.ADMIN))
    assert client.get(f"/admin/mediators/{theirs.id}").status_code == 200
    assert theirs.name in client.get("/admin/mediators").get_data(as_text=True)


def test_another_countys_organisation_is_refused_for_a_new_mediator(
    client, login, create_user, two_counties
):
    login(create_user(Role.ADMIN, two_counties["home"]))
    response = client.post("/admin/mediators/new", data=_person(two_counties["other_station"]))
    assert response.status_code == 422
    assert _count(Mediator) == 0


def test_a_new_mediator_without_a_password_is_texted_how_to_log_in(
    client, login, create_user, county
):
    login(create_user(Role.ADMIN, county["centre"]))
    response = client.post("/admin/mediators/new", data=_person(county["stations"][0]))
    assert response.status_code == 302
    texts = [
        m
        for m in db.session.scalars(select(OutboxMessage))
        if m.payload.get("mobile") == "13611112222"
    ]
    assert len(texts) == 1 and "/login/code" in texts[0].payload["body"]


def test_a_new_mediator_given_a_password_is_not_texted(client, login, create_user, county):
    login(create_user(Role.ADMIN, county["centre"]))
    data = _person(county["stations"][0], password="s3cret-pass")
    assert client.post("/admin/mediators/new", data=data).status_code == 302
    assert _count(OutboxMessage) == 0
