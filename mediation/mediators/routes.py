"""Pages for profiles and studios: the public studio pages, a mediator's own profile."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError
from sqlalchemy import select

from mediation.core.errors import DomainError
from mediation.core.forms import ANY_REFUSAL, done, form_data, submit_form
from mediation.disputes.categories import CATEGORIES, LANGUAGES
from mediation.extensions import db
from mediation.mediators import operations, roster_admin, views
from mediation.mediators.labels import BACKGROUNDS
from mediation.mediators.models import Mediator, Studio
from mediation.mediators.schemas import MediatorUpdateSchema, MemberInSchema, RelationInSchema

bp = Blueprint("mediators", __name__)
BOOLEAN_FIELDS = ("full_time", "gold_medal", "active")


@bp.route("/studios")
def studios():
    """Browse the brand studios (品牌调解室); anyone may."""
    found = db.session.scalars(
        select(Studio).where(Studio.active).order_by(Studio.stars.desc(), Studio.id)
    ).all()
    return render_template("mediators/studios.html", studios=found, categories=CATEGORIES)


@bp.route("/studios/<int:studio_id>")
def studio(studio_id: int):
    """A studio's record and team; its coordinators also add and remove members here."""
    found = operations.find_studio(studio_id)
    manages = current_user.is_authenticated and operations.manages_studio(found, current_user)
    return render_template(
        "mediators/studio.html",
        studio=found,
        record=views.studio_record(found),
        categories=CATEGORIES,
        backgrounds=BACKGROUNDS,
        manages=manages,
        candidates=operations.team_candidates(found, current_user) if manages else [],
    )


@bp.route("/studios/<int:studio_id>/members", methods=["POST"])
@login_required
def add_member(studio_id: int):
    found = operations.find_studio(studio_id)
    try:
        data = MemberInSchema().load({"mediator_id": request.form.get("mediator_id")})
    except ValidationError:
        flash(_("Choose a mediator from the list."), "danger")
    else:
        operations.add_studio_member(found, data["mediator_id"], current_user)
        db.session.commit()
        flash(_("The mediator joined the team."), "success")
    return redirect(url_for("mediators.studio", studio_id=found.id)), 303


@bp.route("/studios/<int:studio_id>/members/<int:mediator_id>/delete", methods=["POST"])
@login_required
def remove_member(studio_id: int, mediator_id: int):
    found = operations.find_studio(studio_id)
    try:
        operations.remove_studio_member(found, mediator_id, current_user)
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if error.status != 409:
            raise
        flash(str(error), "danger")
    else:
        flash(_("The mediator left the team."), "success")
    return redirect(url_for("mediators.studio", studio_id=found.id)), 303


@bp.route("/mediators/me")
@login_required
def my_profile():
    mediator = db.session.scalar(select(Mediator).where(Mediator.user_id == current_user.id))
    if mediator is None:
        return redirect(url_for("core.home"))
    return redirect(url_for("mediators.profile", mediator_id=mediator.id))


def _profile_form_data() -> dict:
    form = request.form
    data = {
        "specialties": form.getlist("specialties"),
        "languages": form.getlist("languages"),
        "background": form.get("background") or None,
        "introduction": form.get("introduction", ""),
    }
    if current_user.is_staff:
        data["capacity"] = form.get("capacity", "")
        data.update({name: name in form for name in BOOLEAN_FIELDS})
    return data


@bp.route("/mediators/<int:mediator_id>", methods=["GET", "POST"])
@login_required
def profile(mediator_id: int):
    """A mediator edits their own profile; a coordinator those of their organisation tree."""
    mediator = operations.editable_mediator(mediator_id, current_user)
    if request.method == "GET":
        return _render_profile(mediator, {})
    return submit_form(
        parse=lambda: MediatorUpdateSchema().load(_profile_form_data()),
        operate=lambda data: operations.update_mediator(mediator, data, current_user),
        # Every refusal (a field only a coordinator may change, say) is shown as 422.
        render=lambda errors, _status: _render_profile(mediator, errors, status=422),
        success=lambda _result: done(_("The profile is saved."), _profile_url(mediator)),
        refuse=ANY_REFUSAL,
    )


def _profile_url(mediator) -> str:
    return url_for("mediators.profile", mediator_id=mediator.id)


def _render_profile(mediator, errors, relation_errors=None, status=None):
    return (
        render_template(
            "mediators/profile.html",
            mediator=mediator,
            errors=errors,
            relation_errors=relation_errors or {},
            categories=CATEGORIES,
            languages=LANGUAGES,
            backgrounds=BACKGROUNDS,
            staff=current_user.is_staff,
            credentials=roster_admin.credentials_of(mediator),
            keeps_record=roster_admin.keeps_record(current_user, mediator),
        ),
        status or (422 if errors or relation_errors else 200),
    )


@bp.route("/mediators/<int:mediator_id>/relations", methods=["POST"])
@login_required
def add_relation(mediator_id: int):
    mediator = operations.editable_mediator(mediator_id, current_user)
    return submit_form(
        parse=lambda: RelationInSchema().load(form_data()),
        operate=lambda data: operations.add_relation(mediator, data, current_user),
        render=lambda errors, _status: _render_profile(mediator, {}, errors, status=422),
        success=lambda _result: done(_("The relation is recorded."), _profile_url(mediator)),
        refuse=ANY_REFUSAL,
    )


@bp.route("/mediators/<int:mediator_id>/relations/<int:relation_id>/delete", methods=["POST"])
@login_required
def remove_relation(mediator_id: int, relation_id: int):
    mediator = operations.editable_mediator(mediator_id, current_user)
    operations.remove_relation(mediator, relation_id, current_user)
    db.session.commit()
    return redirect(url_for("mediators.profile", mediator_id=mediator.id))
