"""Committees' seals: uploaded by an administrator, applied only by a holder, then in force."""

import io

import pytest
from PIL import Image

from mediation.accounts.models import Role
from mediation.core.audit import events_for
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.extensions import db
from mediation.organisations import seals as org_seals
from mediation.outcomes import agreements, seals
from tests.outcomes.conftest import SEAL_LIMITS, seal_png, sign_online, upload_seal_and_grant


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 0, 0, 255)).save(out, format="PNG")
    return out.getvalue()


def _refusal(content: bytes) -> str:
    with pytest.raises(ValidationFailed) as refused:
        org_seals.check_seal_png(content, SEAL_LIMITS)
    assert "seal" in refused.value.fields
    return str(refused.value)


def test_a_seal_png_of_the_right_size_is_accepted():
    assert org_seals.check_seal_png(seal_png(300), SEAL_LIMITS) == (300, 300)


def test_a_seal_that_is_not_a_png_is_refused():
    out = io.BytesIO()
    Image.new("RGB", (300, 300), (200, 0, 0)).save(out, format="JPEG")
    assert "PNG" in _refusal(out.getvalue())


def test_a_damaged_png_is_refused():
    assert "损坏" in _refusal(seal_png()[:60])


def test_a_seal_too_small_or_too_large_in_pixels_is_refused():
    assert "像素" in _refusal(_png(50, 50))
    assert "像素" in _refusal(_png(2400, 300))


def test_a_seal_file_too_large_in_bytes_is_refused():
    limits = org_seals.SealLimits(1024, 100, 2000)
    with pytest.raises(ValidationFailed, match="过大"):
        org_seals.check_seal_png(seal_png(), limits)


def test_an_empty_seal_file_is_refused():
    assert "请选择" in _refusal(b"")


def test_uploading_a_seal_puts_its_hash_on_the_audit_chain(county, coordinator):
    committee = county["stations"][0]
    org_seals.upload_seal(committee, seal_png(), SEAL_LIMITS, coordinator.id)
    event = events_for("organisation", committee.id)[-1]
    assert event.action == "organisation.seal_uploaded"
    assert event.data["sha256"] == committee.seal_sha256


@pytest.fixture
def admin(create_user, county):
    return create_user(Role.ADMIN, county["centre"], name="管理员")


def test_an_admin_uploads_a_seal_names_the_committee_and_grants_a_holder(
    client, login, admin, county, create_user
):
    station = county["stations"][1]
    holder = create_user(Role.COORDINATOR, station)
    login(admin)
    response = client.post(
        "/admin/committees",
        data={
            "organisation_id": str(station.id),
            "committee_name": "童家镇人民调解委员会",
            "number_abbreviation": "童",
            "holder_mobile": holder.mobile,
            "seal": (io.BytesIO(seal_png()), "seal.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    db.session.refresh(station)
    assert station.committee_name == "童家镇人民调解委员会" and station.number_abbreviation == "童"
    assert station.seal_sha256 is not None and org_seals.holds_seal(holder.id, station.id)


def test_a_bad_seal_upload_answers_422_and_saves_nothing(client, login, admin, county):
    station = county["stations"][1]
    login(admin)
    response = client.post(
        "/admin/committees",
        data={
            "organisation_id": str(station.id),
            "committee_name": "改过的名称",
            "seal": (io.BytesIO(b"GIF89a not a png"), "seal.gif"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "PNG" in response.get_data(as_text=True)
    db.session.refresh(station)
    assert station.committee_name == "童家镇人民调解委员会" and station.seal_sha256 is None


def test_only_an_admin_reaches_the_committees_page(client, login, coordinator):
    login(coordinator)
    assert client.get("/admin/committees").status_code in (403, 404)
    assert client.post("/admin/committees", data={"organisation_id": "1"}).status_code in (
        403,
        404,
    )


def _fully_signed_unsealed(settled_case):
    dispute = settled_case(sealed=False)
    agreement = agreements.agreement_for(dispute)
    for party in dispute.parties:
        sign_online(agreement, party.user, None)
    sign_online(agreement, dispute.mediator.user, None)
    return agreement


def test_the_agreement_takes_effect_only_once_the_seal_is_applied(settled_case, coordinator):
    agreement = _fully_signed_unsealed(settled_case)
    assert agreement.effective_at is None and agreement.number is None
    upload_seal_and_grant(agreement.committee, coordinator)
    seals.apply_seal(agreement, coordinator, agreement.document_hash)
    assert agreement.effective_at == agreement.sealed_at
    assert agreement.number == "（2026）乐人调字第1号"
    actions = [e.action for e in events_for("dispute", agreement.dispute_id)]
    sealed = actions.index("agreement.sealed")
    assert actions[sealed + 1] == agreements.EFFECTIVE_EVENT


def test_the_seal_alone_does_not_bring_it_into_force(settled_case):
    dispute = settled_case()  # sealed first, nobody has signed yet
    agreement = agreements.agreement_for(dispute)
    assert agreement.sealed_at is not None and agreement.effective_at is None


def test_someone_who_holds_no_seal_cannot_apply_it(settled_case, coordinator, create_user, county):
    agreement = _fully_signed_unsealed(settled_case)
    upload_seal_and_grant(agreement.committee, coordinator)
    # A holder of another township's seal, who can see every case from the county centre.
    other = create_user(Role.COORDINATOR, county["centre"])
    org_seals.grant_seal(county["stations"][1], other.id, other.id)
    with pytest.raises(Forbidden) as refused:
        seals.apply_seal(agreement, other, agreement.document_hash)
    assert refused.value.code == "not_seal_holder" and agreement.sealed_at is None


def test_a_holder_from_another_township_gets_403_and_its_staff_404(
    client, login, settled_case, coordinator, create_user, county
):
    agreement = _fully_signed_unsealed(settled_case)
    upload_seal_and_grant(agreement.committee, coordinator)
    dispute = agreement.dispute
    data = {"document_hash": agreement.document_hash}
    # The county centre's coordinator sees the case but holds only 童家镇's seal: 403.
    county_holder = create_user(Role.COORDINATOR, county["centre"])
    org_seals.grant_seal(county["stations"][1], county_holder.id, county_holder.id)
    login(county_holder)
    assert client.post(f"/disputes/{dispute.code}/agreement/seal", data=data).status_code == 403
    # 童家镇's own holder cannot even see a 天池镇 case: 404, as for any record out of scope.
    town_holder = create_user(Role.COORDINATOR, county["stations"][1])
    org_seals.grant_seal(county["stations"][1], town_holder.id, town_holder.id)
    login(town_holder)
    assert client.post(f"/disputes/{dispute.code}/agreement/seal", data=data).status_code == 404
    assert agreement.sealed_at is None
    # The committee's own holder seals it, and it is in force.
    login(coordinator)
    response = client.post(f"/disputes/{dispute.code}/agreement/seal", data=data)
    assert response.status_code == 302
    page = client.get(f"/disputes/{dispute.code}/agreement").get_data(as_text=True)
    assert "（2026）乐人调字第1号" in page


def test_sealing_an_outdated_text_or_twice_is_refused(settled_case, coordinator):
    agreement = _fully_signed_unsealed(settled_case)
    upload_seal_and_grant(agreement.committee, coordinator)
    with pytest.raises(Conflict) as outdated:
        seals.apply_seal(agreement, coordinator, "0" * 64)
    assert outdated.value.code == "agreement_changed"
    seals.apply_seal(agreement, coordinator, agreement.document_hash)
    with pytest.raises(Conflict) as twice:
        seals.apply_seal(agreement, coordinator, agreement.document_hash)
    assert twice.value.code == "sealed"


def test_a_committee_without_a_seal_image_cannot_seal(settled_case, coordinator):
    agreement = _fully_signed_unsealed(settled_case)
    org_seals.grant_seal(agreement.committee, coordinator.id, coordinator.id)
    with pytest.raises(Conflict) as refused:
        seals.apply_seal(agreement, coordinator, agreement.document_hash)
    assert refused.value.code == "no_seal_image"


def test_changing_the_terms_voids_the_seal(settled_case, coordinator):
    dispute = settled_case()
    agreement = agreements.agreement_for(dispute)
    agreements.revise_terms(agreement, "新的条款", coordinator, void_signatures=False)
    assert agreement.sealed_at is None
    assert "agreement.seal_voided" in [e.action for e in events_for("dispute", dispute.id)]


def test_a_bad_seal_request_answers_422(client, login, settled_case, coordinator):
    dispute = settled_case(sealed=False)
    login(coordinator)
    response = client.post(f"/disputes/{dispute.code}/agreement/seal", data={"document_hash": "x"})
    assert response.status_code == 422


def test_sealing_through_the_api_returns_the_number(client, auth_header, settled_case, coordinator):
    agreement = _fully_signed_unsealed(settled_case)
    upload_seal_and_grant(agreement.committee, coordinator)
    response = client.post(
        f"/api/v1/disputes/{agreement.dispute.code}/agreement/seal",
        json={"document_hash": agreement.document_hash},
        headers=auth_header(coordinator),
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["number"] == "（2026）乐人调字第1号"
