"""The organisation tree's pages: view, add, edit, retire, restore, delete, within one's scope."""

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.core.audit import AuditEvent
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind
from tests.policy.world import client_of


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(Organisation))


@pytest.fixture
def admin_a(app, two_counties):
    return client_of(app, two_counties["a"]["admin"])


def test_the_tree_shows_ones_own_county_and_not_the_other(admin_a, two_counties):
    page = admin_a.get("/admin/organisations", headers={"Accept-Language": "zh-CN"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "乐至县一号工作站" in html and "乐至县红光村工作室" in html
    assert "安居区" not in html and "遂宁市" not in html
    assert 'href="/admin/committees"' in html


def test_an_admin_adds_a_station_and_a_committee_under_their_centre(admin_a, two_counties):
    centre = two_counties["a"]["centre"]
    added = admin_a.post(
        f"/admin/organisations/{centre.id}/new",
        data={
            "kind": "station",
            "name": "童家镇工作站",
            "area": "童家镇",
            "committee_name": "童家镇人民调解委员会",
        },
    )
    assert added.status_code == 302
    committee = admin_a.post(
        f"/admin/organisations/{centre.id}/new",
        data={"kind": "committee", "name": "交通事故调委会", "category": "traffic"},
        follow_redirects=True,
    )
    assert "交通事故调委会" in committee.get_data(as_text=True)
    station = db.session.scalar(select(Organisation).where(Organisation.name == "童家镇工作站"))
    assert station.parent_id == centre.id and station.committee_title == "童家镇人民调解委员会"
    event = _events("organisation.created")[0]
    assert event.actor_id == two_counties["a"]["admin"].id and event.data["kind"] == "station"


@pytest.mark.parametrize(
    ("where", "data", "field"),
    [
        ("station", {"kind": "station", "name": "错误"}, "kind"),
        ("centre", {"kind": "village_room", "name": "错误"}, "kind"),
        ("centre", {"kind": "committee", "name": "无类别"}, "category"),
        ("centre", {"kind": "station", "name": "有类别", "category": "traffic"}, "category"),
        ("centre", {"kind": "station"}, "name"),
        ("centre", {"name": "无种类"}, "kind"),
        ("centre", {"kind": "station", "name": "长" * 121}, "name"),
        ("centre", {"kind": "martian", "name": "火星"}, "kind"),
        ("centre", {"kind": "station", "name": "a\x00b"}, "name"),
    ],
)
def test_bad_input_comes_back_on_the_form_and_adds_nothing(
    admin_a, two_counties, where, data, field
):
    parent = two_counties["a"][where]
    before = _count()
    page = admin_a.post(f"/admin/organisations/{parent.id}/new", data=data)
    assert page.status_code == 422
    if not any("\x00" in value for value in data.values()):  # refused before the handler
        assert f'id="{field}-error"' in page.get_data(as_text=True)
    assert _count() == before


def test_another_countys_organisations_answer_404_and_change_nothing(admin_a, two_counties):
    other = two_counties["b"]
    before = _count()
    for url in (
        f"/admin/organisations/{other['centre'].id}",
        f"/admin/organisations/{other['station'].id}/new",
        f"/admin/organisations/{two_counties['city'].id}",
        "/admin/organisations/999999",
        "/admin/organisations/new",
    ):
        assert admin_a.get(url).status_code == 404, url
    for verb in ("retire", "delete", "restore"):
        url = f"/admin/organisations/{other['village'].id}/{verb}"
        assert admin_a.post(url).status_code == 404
    assert (
        admin_a.post(
            f"/admin/organisations/{other['centre'].id}/new", data={"kind": "station", "name": "x"}
        ).status_code
        == 404
    )
    assert _count() == before


def test_the_other_countys_admin_is_kept_out_the_same_way(app, two_counties):
    admin_b = client_of(app, two_counties["b"]["admin"])
    assert admin_b.get(f"/admin/organisations/{two_counties['a']['station'].id}").status_code == 404
    assert admin_b.get(f"/admin/organisations/{two_counties['b']['station'].id}").status_code == 200


def test_a_coordinator_cannot_open_the_administration(app, two_counties):
    coordinator = client_of(app, two_counties["a"]["coordinator"])
    assert coordinator.get("/admin/organisations").status_code == 403
    assert coordinator.get("/admin").status_code == 403
    station = two_counties["a"]["station"]
    assert coordinator.get(f"/admin/organisations/{station.id}").status_code == 404


def test_editing_saves_audits_and_flashes(admin_a, two_counties):
    station = two_counties["a"]["station"]
    page = admin_a.post(
        f"/admin/organisations/{station.id}",
        data={"name": "天池镇工作站", "area": "天池镇"},
        follow_redirects=True,
    )
    assert page.status_code == 200 and "flash-message" in page.get_data(as_text=True)
    db.session.expire_all()
    assert station.name == "天池镇工作站"
    assert _events("organisation.updated")[0].data == {"name": "天池镇工作站", "area": "天池镇"}


def test_retiring_waits_for_children_and_staff_then_restores(admin_a, two_counties):
    a = two_counties["a"]
    refused = admin_a.post(f"/admin/organisations/{a['station'].id}/retire")
    db.session.expire_all()
    assert refused.status_code == 409 and a["station"].active
    assert admin_a.post(f"/admin/organisations/{a['village'].id}/retire").status_code == 302
    a["coordinator"].active = False
    db.session.flush()
    assert admin_a.post(f"/admin/organisations/{a['station'].id}/retire").status_code == 302
    db.session.expire_all()
    assert not a["station"].active
    # A village under a retired station waits for the station.
    assert admin_a.post(f"/admin/organisations/{a['village'].id}/restore").status_code == 409
    assert admin_a.post(f"/admin/organisations/{a['station'].id}/restore").status_code == 302
    query = select(AuditEvent.action, AuditEvent.subject_id).where(
        AuditEvent.subject_type == "organisation"
    )
    assert db.session.execute(query.order_by(AuditEvent.id)).all() == [
        ("organisation.retired", a["village"].id),
        ("organisation.retired", a["station"].id),
        ("organisation.restored", a["station"].id),
    ]


def test_ones_own_organisation_is_neither_retired_nor_deleted(admin_a, two_counties):
    centre = two_counties["a"]["centre"]
    assert admin_a.post(f"/admin/organisations/{centre.id}/delete").status_code == 409
    assert admin_a.post(f"/admin/organisations/{centre.id}/retire").status_code == 409
    assert centre.active


def test_deleting_one_with_records_is_refused_saying_why(admin_a, two_counties):
    station = two_counties["a"]["station"]
    page = admin_a.post(
        f"/admin/organisations/{station.id}/delete", headers={"Accept-Language": "en"}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 409
    assert "organisations under it: 1" in html and "staff accounts: 1" in html
    assert db.session.get(Organisation, station.id) is not None


def test_an_organisation_added_by_mistake_is_deleted(admin_a, two_counties):
    village_id = two_counties["a"]["village"].id
    response = admin_a.post(f"/admin/organisations/{village_id}/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/admin/organisations"
    db.session.expire_all()
    assert db.session.get(Organisation, village_id) is None
    assert _events("organisation.deleted")[0].data["name"] == "乐至县红光村工作室"


def test_a_deployment_wide_admin_adds_at_the_top_and_sees_everything(
    app, two_counties, create_user
):
    root = client_of(app, create_user(Role.ADMIN))
    assert "安居区一号工作站" in root.get("/admin/organisations").get_data(as_text=True)
    response = root.post("/admin/organisations/new", data={"kind": "province", "name": "四川省"})
    assert response.status_code == 302
    refused = root.post("/admin/organisations/new", data={"kind": "station", "name": "孤站"})
    assert refused.status_code == 422
    province = db.session.scalar(select(Organisation).where(Organisation.kind == OrgKind.PROVINCE))
    assert province.parent_id is None
