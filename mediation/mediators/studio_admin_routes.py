"""Pages for keeping the brand studios: the list, a new studio, a studio's record, retiring it."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mediation.core.auth import roles_required
from mediation.core.forms import done, submit_form
from mediation.core.people import STAFF_ROLES
from mediation.disputes.categories import CATEGORIES
from mediation.extensions import db
from mediation.mediators import roster_admin, studio_admin
from mediation.mediators.admin_schemas import StudioCreateSchema, StudioEditSchema, by_field
from mediation.mediators.models import Studio

bp = Blueprint("studio_admin", __name__, url_prefix="/admin/studios")
FIELDS = ("name", "organisation_id", "lead_id", "stars", "introduction")


def _choices() -> dict:
    return {
        "organisations": roster_admin.managed_organisations(current_user),
        "leads": studio_admin.lead_candidates(current_user),
        "categories": CATEGORIES,
    }


def _submitted() -> dict:
    form = request.form
    return {name: form.get(name, "") for name in FIELDS} | {
        "specialties": form.getlist("specialties")
    }


def _stored(studio: Studio) -> dict:
    return {name: getattr(studio, name) or "" for name in FIELDS} | {
        "specialties": studio.specialties
    }


@bp.route("")
@roles_required(*STAFF_ROLES)
def index():
    """The studios of one's organisations, retired ones last."""
    return render_template(
        "mediators/admin/studios.html", studios=studio_admin.list_kept_studios(current_user)
    )


def _form_page(studio: Studio | None, errors: dict, status: int = 200):
    if errors:
        values = _submitted()
    else:
        values = _stored(studio) if studio is not None else {"stars": 3, "specialties": []}
    return render_template(
        "mediators/admin/studio_form.html",
        studio=studio,
        values=values,
        errors=by_field(errors),
        **_choices(),
    ), status


def _edit_url(studio: Studio) -> str:
    return url_for("studio_admin.edit", studio_id=studio.id)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def new():
    if request.method == "GET":
        return _form_page(None, {})
    return submit_form(
        parse=lambda: StudioCreateSchema().load(_submitted()),
        operate=lambda data: studio_admin.create_studio(data, current_user),
        render=lambda errors, status: _form_page(None, errors, status),
        success=lambda studio: done(
            _("The studio %(name)s is founded.", name=studio.name), _edit_url(studio)
        ),
    )


def _parse_edit() -> dict:
    data = StudioEditSchema().load(_submitted())
    data.setdefault("introduction", None)
    return data


@bp.route("/<int:studio_id>", methods=["GET", "POST"])
@roles_required(*STAFF_ROLES)
def edit(studio_id: int):
    studio = studio_admin.find_kept_studio(current_user, studio_id)
    if request.method == "GET":
        return _form_page(studio, {})
    return submit_form(
        parse=_parse_edit,
        operate=lambda data: studio_admin.edit_studio(studio, data, current_user),
        render=lambda errors, status: _form_page(studio, errors, status),
        success=lambda _result: done(_("The studio is saved."), _edit_url(studio)),
    )


@bp.route("/<int:studio_id>/retire", methods=["POST"])
@roles_required(*STAFF_ROLES)
def retire(studio_id: int):
    studio = studio_admin.find_kept_studio(current_user, studio_id)
    studio_admin.set_studio_active(studio, False, current_user)
    db.session.commit()
    return done(_("The studio is retired."), _edit_url(studio), 303)


@bp.route("/<int:studio_id>/reinstate", methods=["POST"])
@roles_required(*STAFF_ROLES)
def reinstate(studio_id: int):
    studio = studio_admin.find_kept_studio(current_user, studio_id)
    studio_admin.set_studio_active(studio, True, current_user)
    db.session.commit()
    return done(_("The studio is open again."), _edit_url(studio), 303)
