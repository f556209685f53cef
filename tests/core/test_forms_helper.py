"""The form cycle of page handlers: parse, operate, commit once; re-render or confirm."""

import pytest
from flask import get_flashed_messages
from marshmallow import Schema, fields
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.errors import Conflict, NotFound
from mediation.core.forms import ANY_REFUSAL, done, error_page, form_data, submit_form
from mediation.extensions import db


class RenameSchema(Schema):
    name = fields.String(required=True)


def _post(app, **form):
    return app.test_request_context("/rename", method="POST", data={"csrf_token": "t", **form})


def _rename(user, refusal=None):
    """An operation that writes the new name, then (if asked) refuses after writing."""

    def operate(data):
        user.name = data["name"]
        db.session.flush()
        if refusal is not None:
            raise refusal
        return user

    return operate


def _page(errors, status):
    return {"errors": errors}, status


def _stored_name(user_id):
    db.session.expire_all()
    return db.session.scalar(select(User.name).where(User.id == user_id))


def _submit(user, refusal=None, **kwargs):
    return submit_form(
        parse=lambda: RenameSchema().load(form_data()),
        operate=_rename(user, refusal),
        render=_page,
        success=lambda renamed: done(f"Renamed to {renamed.name}.", "/done"),
        **kwargs,
    )


@pytest.fixture
def user(create_user):
    found = create_user(name="原名")
    db.session.commit()
    return found


def test_success_commits_flashes_and_redirects(app, user):
    with _post(app, name="新名"):
        response = _submit(user)
        db.session.rollback()  # whatever was not committed goes
        assert response.status_code == 302
        assert response.location == "/done"
        assert get_flashed_messages(with_categories=True) == [("success", "Renamed to 新名.")]
    assert _stored_name(user.id) == "新名"


def test_invalid_form_re_renders_with_422_and_writes_nothing(app, user):
    with _post(app, nickname="新名"):
        body, status = _submit(user)
        assert status == 422
        assert "name" in body["errors"]
        assert "nickname" in body["errors"]  # the schema's unknown field, reported too
        assert get_flashed_messages() == []
    assert _stored_name(user.id) == "原名"


def test_conflict_rolls_back_what_the_operation_wrote(app, user):
    with _post(app, name="新名"):
        body, status = _submit(user, Conflict("Someone else renamed them first."))
        assert status == 409
        assert body["errors"] == {"_schema": ["Someone else renamed them first."]}
        assert get_flashed_messages() == []
    assert _stored_name(user.id) == "原名"


def test_field_errors_of_a_refusal_come_back_by_field(app, user):
    with _post(app, name="新名"):
        refusal = Conflict("Taken.", fields={"name": ["This name is taken."]})
        body, _status = _submit(user, refusal)
        assert body["errors"] == {"name": ["This name is taken."], "_schema": ["Taken."]}


def test_refusals_outside_those_the_form_shows_reach_the_error_page(app, user):
    with _post(app, name="新名"), pytest.raises(NotFound):
        _submit(user, NotFound("No such person."))
    assert _stored_name(user.id) == "原名"


def test_a_form_may_show_every_refusal(app, user):
    with _post(app, name="新名"):
        _body, status = _submit(user, NotFound("No such person."), refuse=ANY_REFUSAL)
        assert status == 404
    assert _stored_name(user.id) == "原名"


def test_done_without_a_message_only_redirects(app):
    with app.test_request_context("/"):
        response = done(None, "/next", 303)
        assert (response.status_code, response.location) == (303, "/next")
        assert get_flashed_messages() == []


def test_error_page_shows_every_message_with_the_way_back(app):
    with app.test_request_context("/"):
        body, status = error_page({"reason": ["Say why."], "_schema": ["Not now."]}, 409, "/back")
    assert status == 409
    assert "Say why. Not now." in body
    assert 'href="/back"' in body
