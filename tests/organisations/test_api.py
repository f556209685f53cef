"""/api/v1/organisations: the same tree rules and scope as the pages."""

from sqlalchemy import func, select

from mediation.accounts.tokens import issue_token
from mediation.core.audit import AuditEvent
from mediation.extensions import db
from mediation.organisations.models import Organisation


def _headers(user) -> dict:
    token, _ = issue_token(user)
    return {"Authorization": f"Bearer {token}"}


def test_an_admin_builds_and_reads_their_county_through_the_api(client, two_counties):
    a = two_counties["a"]
    headers = _headers(a["admin"])
    listed = client.get("/api/v1/organisations", headers=headers).get_json()
    assert {o["id"] for o in listed} == {a["centre"].id, a["station"].id, a["village"].id}
    body = {
        "parent_id": a["centre"].id,
        "kind": "committee",
        "name": "医调委",
        "category": "medical",
    }
    created = client.post("/api/v1/organisations", json=body, headers=headers)
    assert created.status_code == 201 and created.get_json()["category"] == "medical"
    org_id = created.get_json()["id"]
    patched = client.patch(
        f"/api/v1/organisations/{org_id}",
        json={"name": "医疗纠纷调委会", "category": "medical"},
        headers=headers,
    )
    assert patched.get_json()["name"] == "医疗纠纷调委会"
    assert client.post(f"/api/v1/organisations/{org_id}/retire", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/organisations/{org_id}", headers=headers).status_code == 204
    actions = db.session.scalars(
        select(AuditEvent.action).where(
            AuditEvent.subject_id == org_id, AuditEvent.subject_type == "organisation"
        )
    )
    assert list(actions) == [
        "organisation.created",
        "organisation.updated",
        "organisation.retired",
        "organisation.deleted",
    ]


def test_bad_bodies_and_other_counties_are_refused_and_change_nothing(client, two_counties):
    a, b = two_counties["a"], two_counties["b"]
    headers = _headers(a["admin"])
    before = db.session.scalar(select(func.count()).select_from(Organisation))
    cases = [
        ({"parent_id": a["station"].id, "kind": "station", "name": "x"}, 422, "kind"),
        ({"parent_id": b["centre"].id, "kind": "station", "name": "x"}, 422, "parent_id"),
        ({"parent_id": 10**12, "kind": "station", "name": "x"}, 422, "parent_id"),
        ({"kind": "centre", "name": "x"}, 422, "parent_id"),
        ({"parent_id": a["centre"].id, "kind": "station", "name": "x" * 500}, 422, "name"),
        ({"parent_id": a["centre"].id, "kind": "station", "name": "x\u0001"}, 422, "name"),
        ({"parent_id": a["centre"].id, "kind": "station"}, 422, "name"),
    ]
    for body, status, field in cases:
        response = client.post("/api/v1/organisations", json=body, headers=headers)
        assert response.status_code == status, body
        assert field in response.get_json()["error"].get("fields", {}), body
    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/organisations/{b['station'].id}", json={"name": "y"}, headers=headers
        )
        assert response.status_code == 404
    refused = client.delete(f"/api/v1/organisations/{a['station'].id}", headers=headers)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "has_records"
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == before
    assert (
        client.get("/api/v1/organisations", headers=_headers(a["coordinator"])).status_code == 403
    )
