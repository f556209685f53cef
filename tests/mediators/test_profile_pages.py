"""A mediator's profile page: saving it, and declaring relations for conflict checks."""

from sqlalchemy import func, select

from mediation.extensions import db
from mediation.mediators.models import DeclaredRelation


def _flashes(client) -> list:
    with client.session_transaction() as session:
        return session.get("_flashes", [])


def _relations(mediator) -> int:
    query = select(func.count()).select_from(DeclaredRelation)
    return db.session.scalar(query.where(DeclaredRelation.mediator_id == mediator.id))


def test_a_mediator_saves_their_introduction(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    response = client.post(
        f"/mediators/{mediator.id}",
        data={"introduction": "二十年邻里调解经验", "languages": "sichuanese"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/mediators/{mediator.id}")
    assert [category for category, _ in _flashes(client)] == ["success"]
    db.session.refresh(mediator)
    assert mediator.introduction == "二十年邻里调解经验"


def test_a_specialty_not_on_the_list_comes_back_with_422(client, login, create_mediator):
    mediator = create_mediator()
    before = mediator.introduction
    login(mediator.user)
    response = client.post(
        f"/mediators/{mediator.id}", data={"introduction": "新的介绍", "specialties": "nonsense"}
    )
    assert response.status_code == 422
    db.session.refresh(mediator)
    assert mediator.introduction == before


def test_a_relative_is_declared(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    response = client.post(
        f"/mediators/{mediator.id}/relations",
        data={"kind": "relative", "name": "张三", "mobile": "13800001111"},
    )
    assert response.status_code == 302
    assert _relations(mediator) == 1


def test_a_relative_without_mobile_or_id_comes_back_with_422(client, login, create_mediator):
    mediator = create_mediator()
    login(mediator.user)
    response = client.post(
        f"/mediators/{mediator.id}/relations", data={"kind": "relative", "name": "张三"}
    )
    assert response.status_code == 422
    assert "请填写亲属的手机号或身份证号。" in response.get_data(as_text=True)
    assert _relations(mediator) == 0
