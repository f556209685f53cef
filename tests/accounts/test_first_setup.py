"""Setting up a county on an empty database: the CLI's first admin, then only pages."""

from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.audit import AuditEvent
from mediation.core.outbox import OutboxMessage
from mediation.extensions import db
from mediation.organisations.models import Organisation
from tests.accounts.conftest import latest_code

ADMIN = "13311112222"
COORDINATOR = "13322223333"


def _org(name: str) -> Organisation:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def test_the_cli_admin_logs_in_and_builds_a_county_through_pages(runner, client):
    assert db.session.scalar(select(User.id)) is None
    result = runner.invoke(args=["accounts", "create-admin", "--name", "王管理", "--mobile", ADMIN])
    assert result.exit_code == 0, result.output
    assert "/login/code" in result.output
    again = runner.invoke(args=["accounts", "create-admin", "--name", "重复", "--mobile", ADMIN])
    assert again.exit_code == 1
    assert runner.invoke(
        args=["accounts", "create-admin", "--name", "x", "--mobile", "1"]
    ).exit_code

    assert client.post("/login/code/send", data={"mobile": ADMIN}).status_code == 200
    logged_in = client.post("/login/code", data={"mobile": ADMIN, "code": latest_code(ADMIN)})
    assert logged_in.status_code == 302
    home = client.get("/admin")
    assert home.status_code == 200 and "/admin/organisations" in home.get_data(as_text=True)

    def add(parent, **data):
        url = f"/admin/organisations/{parent.id}/new" if parent else "/admin/organisations/new"
        response = client.post(url, data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return _org(data["name"])

    centre = add(None, kind="centre", name="乐至县公共法律服务中心", area="乐至县")
    tianchi = add(
        centre,
        kind="station",
        name="天池镇工作站",
        area="天池镇",
        committee_name="天池镇人民调解委员会",
    )
    add(centre, kind="station", name="童家镇工作站", area="童家镇")
    add(tianchi, kind="village_room", name="红光村工作室", area="红光村")
    add(centre, kind="committee", name="道路交通事故调委会", category="traffic")

    invited = client.post(
        "/admin/staff/invite",
        data={
            "name": "李协调",
            "mobile": COORDINATOR,
            "role": "coordinator",
            "organisation_id": tianchi.id,
        },
        follow_redirects=True,
    )
    assert invited.status_code == 200 and "flash-message" in invited.get_data(as_text=True)
    coordinator = db.session.scalar(select(User).where(User.mobile == COORDINATOR))
    assert coordinator.organisation_id == tianchi.id
    invites = [
        m
        for m in db.session.scalars(select(OutboxMessage))
        if m.payload.get("mobile") == COORDINATOR
    ]
    assert len(invites) == 1
    tree = client.get("/admin/organisations").get_data(as_text=True)
    assert all(
        name in tree
        for name in ("天池镇工作站", "童家镇工作站", "红光村工作室", "道路交通事故调委会")
    )
    actions = list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[0] == "user.admin_created"
    assert actions.count("organisation.created") == 5 and "user.invited" in actions
