"""A mobile proved by a code claims the cases filed with it; an unproved one claims nothing."""

from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import AuditEvent
from mediation.disputes.claims import claim_disputes
from mediation.extensions import db
from tests.factories import PASSWORD

MOBILE = "13512345678"


def person(name: str, mobile: str, resident_id=None) -> dict:
    return {"name": name, "mobile": mobile, "resident_id": resident_id}


def test_a_verified_mobile_claims_its_applicant_and_respondent_cases(
    client, clock, send, enter, texted_code, create_dispute
):
    as_applicant = create_dispute(applicants=[person("王芳", MOBILE)])
    as_respondent = create_dispute(respondents=[person("王芳", MOBILE)])
    unrelated = create_dispute()

    send(MOBILE)
    response = enter(MOBILE, texted_code(MOBILE))  # no name typed: the filed cases give it
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/disputes")  # 我的案件
    db.session.expire_all()
    user = db.session.scalar(select(User).where(User.mobile == MOBILE))
    assert user.name == "王芳" and user.mobile_verified_at is not None
    assert as_applicant.applicants[0].user_id == user.id
    assert as_respondent.respondents[0].user_id == user.id
    assert all(p.user_id is None for p in unrelated.parties)

    my_cases = client.get("/disputes").get_data(as_text=True)
    assert as_applicant.display_code in my_cases and as_respondent.display_code in my_cases
    assert unrelated.display_code not in my_cases
    assert client.get(f"/disputes/{as_respondent.code}").status_code == 200

    claimed = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "dispute.party_claimed")
    ).all()
    assert sorted(e.subject_id for e in claimed) == sorted([as_applicant.id, as_respondent.id])
    assert {e.actor_id for e in claimed} == {user.id}


def test_an_entry_an_account_already_holds_is_not_taken(create_dispute, create_user):
    dispute = create_dispute(applicants=[person("王芳", MOBILE)])
    holder = create_user(Role.PARTY)
    dispute.applicants[0].user = holder
    db.session.flush()
    newcomer = create_user(Role.PARTY, mobile=MOBILE)
    assert claim_disputes(newcomer) == []
    assert dispute.applicants[0].user_id == holder.id


def test_an_unverified_password_registration_claims_nothing(
    client, clock, send, enter, texted_code, create_dispute
):
    dispute = create_dispute(respondents=[person("王芳", MOBILE)])
    registered = client.post(
        "/register", data={"name": "冒名者", "mobile": MOBILE, "password": "long-enough"}
    )
    assert registered.status_code == 302
    user = db.session.scalar(select(User).where(User.mobile == MOBILE))
    assert user.mobile_verified_at is None
    db.session.expire_all()
    assert dispute.respondents[0].user_id is None
    assert dispute.display_code not in client.get("/disputes").get_data(as_text=True)
    assert client.get(f"/disputes/{dispute.code}").status_code == 404

    client.post("/logout")
    again = client.post("/login", data={"mobile": MOBILE, "password": "long-enough"})
    assert again.status_code == 302
    db.session.expire_all()
    assert dispute.respondents[0].user_id is None  # a password proves nothing about the number

    send(MOBILE)
    assert enter(MOBILE, texted_code(MOBILE)).headers["Location"].endswith("/disputes")
    db.session.refresh(dispute.respondents[0])
    assert dispute.respondents[0].user_id == user.id


def test_logging_in_by_code_returns_to_the_page_asked_for(
    client, clock, send, enter, texted_code, create_user
):
    create_user(Role.PARTY, mobile=MOBILE)
    send(MOBILE)
    response = client.post(
        "/login/code?next=/disputes/new", data={"mobile": MOBILE, "code": texted_code(MOBILE)}
    )
    assert response.headers["Location"].endswith("/disputes/new")


def test_the_password_log_in_page_still_works_and_offers_the_code(client, create_user):
    user = create_user(Role.PARTY)
    assert "/login/code" in client.get("/login").get_data(as_text=True)
    assert "/login/code" in client.get("/register").get_data(as_text=True)
    response = client.post("/login", data={"mobile": user.mobile, "password": PASSWORD})
    assert response.status_code == 302


def test_someone_who_registered_a_strangers_number_loses_the_account_to_its_holder(
    app, client, clock, send, enter, texted_code, create_dispute
):
    dispute = create_dispute(respondents=[person("李强", MOBILE)])
    impostor = app.test_client()
    impostor.post("/register", data={"name": "冒名者", "mobile": MOBILE, "password": "long-enough"})

    send(MOBILE)  # the real holder of the phone
    assert enter(MOBILE, texted_code(MOBILE)).headers["Location"].endswith("/disputes")
    assert dispute.display_code in client.get("/disputes").get_data(as_text=True)

    assert impostor.get("/disputes").status_code == 302
    assert impostor.get(f"/disputes/{dispute.code}").status_code != 200
    relogin = impostor.post("/login", data={"mobile": MOBILE, "password": "long-enough"})
    assert relogin.status_code == 422
