"""Pages for keeping the roster: the list, a new mediator, a mediator's record and credentials."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import ValidationError

from mediation.core.auth import roles_required
from mediation.core.forms import done, form_data, submit_form
from mediation.core.people import STAFF_ROLES
from mediation.core.schemas import flatten_messages
from mediation.disputes.categories import CATEGORIES, LANGUAGES
from mediation.extensions import db
from mediation.mediators import roster_admin
from mediation.mediators.admin_schemas import (
    CertificateInSchema,
    MediatorCreateSchema,
    MediatorEditSchema,
    RosterFilterSchema,
    TrainingInSchema,
    by_field,
    split_languages,
)
from mediation.mediators.labels import BACKGROUNDS
from mediation.mediators.models import Mediator

bp = Blueprint("roster_admin", __name__, url_prefix="/admin/mediators")
FLAGS = ("full_time", "gold_medal")
PERSON = ("name", "mobile", "password")


def _choices() -> dict:
    return {
        "organisations": roster_admin.managed_organisations(current_user),
        "categories": CATEGORIES,
        "languages": LANGUAGES,
        "backgrounds": BACKGROUNDS,
    }


@bp.route("")
@roles_required(*STAFF_ROLES)
def index():
    """The mediators of one's organisations, filtered by organisation, kind, medal and status."""
    try:
        filters = RosterFilterSchema().load(request.args.to_dict())
        errors, status = {}, 200
    except ValidationError as error:
        filters, errors, status = {}, flatten_messages(error.messages), 422
    return render_template(
        "mediators/admin/mediators.html",
        mediators=roster_admin.list_mediators(current_user, filters),
        filters=request.args,
        errors=errors,
        **_choices(),
    ), status


def _record_form(fields: tuple[str, ...]) -> dict:
    """The record's fields as submitted; ticked boxes are true, unticked ones false."""
    form = request.form
    typed = split_languages(form.get("other_languages", ""))
    data = {
        "organisation_id": form.get("organisation_id", ""),
        "specialties": form.getlist("specialties"),
        "languages": form.getlist("languages") + typed,
        "capacity": form.get("capacity", ""),
        "background": form.get("background") or None,
        "introduction": form.get("introduction", ""),
        **{name: name in form for name in fields},
    }
    return data | {name: form.get(name, "") for name in PERSON if name in form}


def _submitted() -> dict:
    """The record form's values as submitted, to show again after a refusal."""
    data = _record_form(FLAGS + ("active",))
    data.pop("password", None)
    return data


def _stored(mediator: Mediator) -> dict:
    return {
        "organisation_id": mediator.organisation_id,
        "specialties": mediator.specialties,
        "languages": mediator.languages,
        "capacity": mediator.capacity,
        "background": mediator.background,
        "introduction": mediator.introduction or "",
        **{name: getattr(mediator, name) for name in FLAGS + ("active",)},
    }


def _new_page(errors: dict, status: int = 200):
    values = _submitted() if errors else {"capacity": 10, "specialties": [], "languages": []}
    return render_template(
        "mediators/admin/mediator_new.html", values=values, errors=by_field(errors), **_choices()
    ), status


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new():
    if request.method == "GET":
        return _new_page({})
    return submit_form(
        parse=lambda: MediatorCreateSchema().load(_record_form(FLAGS)),
        operate=lambda data: roster_admin.create_mediator(data, current_user),
        render=lambda errors, status: _new_page(errors, status),
        success=lambda mediator: done(
            _("%(name)s is on the roster.", name=mediator.name), _edit_url(mediator)
        ),
    )


def _edit_url(mediator: Mediator) -> str:
    return url_for("roster_admin.edit", mediator_id=mediator.id)


def _edit_page(mediator: Mediator, errors: dict | None = None, status: int = 200, **forms):
    """The record form and the credentials; each small form comes back with its own errors."""
    return render_template(
        "mediators/admin/mediator_edit.html",
        mediator=mediator,
        values=_submitted() if errors else _stored(mediator),
        errors=by_field(errors or {}),
        credentials=roster_admin.credentials_of(mediator),
        certificate=forms.get("certificate", ({}, {})),
        training=forms.get("training", ({}, {})),
        **_choices(),
    ), status


def _parse_edit() -> dict:
    data = MediatorEditSchema().load(_record_form(FLAGS + ("active",)))
    # A cleared box means no introduction, not "leave it as it was".
    data.setdefault("introduction", None)
    return data


@bp.route("/<int:mediator_id>", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(mediator_id: int):
    mediator = roster_admin.find_managed_mediator(current_user, mediator_id)
    if request.method == "GET":
        return _edit_page(mediator)
    return submit_form(
        parse=_parse_edit,
        operate=lambda data: roster_admin.edit_mediator(mediator, data, current_user),
        render=lambda errors, status: _edit_page(mediator, errors, status),
        success=lambda _result: done(_("The mediator's record is saved."), _edit_url(mediator)),
    )


@bp.route("/<int:mediator_id>/certificates", methods=["POST"])
@roles_required(*STAFF_ROLES)
def add_certificate(mediator_id: int):
    mediator = roster_admin.find_managed_mediator(current_user, mediator_id)
    return submit_form(
        parse=lambda: CertificateInSchema().load(form_data()),
        operate=lambda data: roster_admin.add_certificate(mediator, data, current_user),
        render=lambda errors, status: _edit_page(
            mediator, status=status, certificate=(errors, form_data())
        ),
        success=lambda _result: done(_("The certificate is recorded."), _edit_url(mediator)),
    )


@bp.route("/<int:mediator_id>/certificates/<int:certificate_id>/delete", methods=["POST"])
@roles_required(*STAFF_ROLES)
def remove_certificate(mediator_id: int, certificate_id: int):
    mediator = roster_admin.find_managed_mediator(current_user, mediator_id)
    roster_admin.remove_certificate(mediator, certificate_id, current_user)
    db.session.commit()
    flash(_("The certificate is removed."), "success")
    return redirect(_edit_url(mediator), 303)


@bp.route("/<int:mediator_id>/training", methods=["POST"])
@roles_required(*STAFF_ROLES)
def add_training(mediator_id: int):
    mediator = roster_admin.find_managed_mediator(current_user, mediator_id)
    return submit_form(
        parse=lambda: TrainingInSchema().load(form_data()),
        operate=lambda data: roster_admin.add_training(mediator, data, current_user),
        render=lambda errors, status: _edit_page(
            mediator, status=status, training=(errors, form_data())
        ),
        success=lambda _result: done(_("The training is recorded."), _edit_url(mediator)),
    )


@bp.route("/<int:mediator_id>/training/<int:training_id>/delete", methods=["POST"])
@roles_required(*STAFF_ROLES)
def remove_training(mediator_id: int, training_id: int):
    mediator = roster_admin.find_managed_mediator(current_user, mediator_id)
    roster_admin.remove_training(mediator, training_id, current_user)
    db.session.commit()
    flash(_("The training record is removed."), "success")
    return redirect(_edit_url(mediator), 303)
