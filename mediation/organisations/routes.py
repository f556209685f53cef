"""Administration pages of the organisation tree: view, add, edit, retire, restore, delete."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.core.errors import NotFound
from mediation.core.forms import ANY_REFUSAL, done, form_data, submit_form
from mediation.core.labels import label
from mediation.organisations import operations, tree_rules
from mediation.organisations.access import find_managed_organisation
from mediation.organisations.labels import ORGANISATION_KINDS
from mediation.organisations.models import Organisation
from mediation.organisations.records import describe_records, records_of
from mediation.organisations.schemas import OrganisationEditSchema, OrganisationInSchema
from mediation.organisations.scope import staff_scope

bp = Blueprint("organisations", __name__, url_prefix="/admin/organisations")

NO_PAGE = _l("This page does not exist.")


def _categories() -> list[tuple[str, str]]:
    return [(key, label(key, "category")) for key in tree_rules.COMMITTEE_CATEGORIES]


def _kinds(parent: Organisation | None) -> list[tuple[str, str]]:
    kinds = tree_rules.child_kinds(parent.kind if parent else None)
    return [(kind.value, str(ORGANISATION_KINDS[kind.value])) for kind in kinds]


@bp.route("")
@login_required
def index():
    return render_template(
        "organisations/tree.html",
        roots=operations.managed_tree(current_user),
        deployment_wide=staff_scope(current_user) is None,
        child_kinds=tree_rules.child_kinds,
    )


def _new_page(parent: Organisation | None, errors: dict, status: int):
    page = render_template(
        "organisations/new.html",
        parent=parent,
        kinds=_kinds(parent),
        categories=_categories(),
        values=form_data() if request.method == "POST" else {},
        errors=errors,
    )
    return page, status


def _add(parent: Organisation | None):
    if request.method == "GET":
        return _new_page(parent, {}, 200)
    return submit_form(
        parse=lambda: OrganisationInSchema().load(form_data()),
        operate=lambda data: operations.create_organisation(current_user, parent, data),
        render=lambda errors, status: _new_page(parent, errors, status),
        success=lambda org: done(
            _("%(name)s is added.", name=org.name), url_for("organisations.index")
        ),
        refuse=ANY_REFUSAL,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def add_top():
    """Add an organisation at the top of the tree (deployment-wide administrators only)."""
    if staff_scope(current_user) is not None:
        raise NotFound(NO_PAGE)
    return _add(None)


@bp.route("/<int:organisation_id>/new", methods=["GET", "POST"])
@login_required
def add_child(organisation_id: int):
    return _add(find_managed_organisation(current_user, organisation_id))


def _edit_page(organisation: Organisation, errors: dict, status: int):
    values = form_data() if request.method == "POST" and "name" in request.form else {}
    records = records_of(organisation.id)
    page = render_template(
        "organisations/edit.html",
        organisation=organisation,
        categories=_categories(),
        values=values or _values_of(organisation),
        errors=errors,
        records=describe_records(records) if records else "",
        own=organisation.id == current_user.organisation_id,
        kinds=_kinds(organisation),
    )
    return page, status


def _values_of(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "area": organisation.area or "",
        "committee_name": organisation.committee_name or "",
        "category": organisation.category or "",
    }


@bp.route("/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def edit(organisation_id: int):
    organisation = find_managed_organisation(current_user, organisation_id)
    if request.method == "GET":
        return _edit_page(organisation, {}, 200)
    return submit_form(
        parse=lambda: OrganisationEditSchema().load(form_data()),
        operate=lambda data: operations.update_organisation(current_user, organisation, data),
        render=lambda errors, status: _edit_page(organisation, errors, status),
        success=lambda org: done(
            _("%(name)s is saved.", name=org.name),
            url_for("organisations.edit", organisation_id=org.id),
        ),
        refuse=ANY_REFUSAL,
    )


def _act(organisation_id: int, operate, message, back_to_tree: bool = False):
    organisation = find_managed_organisation(current_user, organisation_id)
    name = organisation.name
    target = (
        url_for("organisations.index")
        if back_to_tree
        else url_for("organisations.edit", organisation_id=organisation_id)
    )
    return submit_form(
        parse=lambda: None,
        operate=lambda _data: operate(current_user, organisation),
        render=lambda errors, status: _edit_page(organisation, errors, status),
        success=lambda _result: done(str(message) % {"name": name}, target),
        refuse=ANY_REFUSAL,
    )


@bp.route("/<int:organisation_id>/retire", methods=["POST"])
@login_required
def retire(organisation_id: int):
    return _act(
        organisation_id,
        operations.retire_organisation,
        _l("%(name)s is retired: its records are kept and it is offered for nothing new."),
    )


@bp.route("/<int:organisation_id>/restore", methods=["POST"])
@login_required
def restore(organisation_id: int):
    return _act(organisation_id, operations.restore_organisation, _l("%(name)s is active again."))


@bp.route("/<int:organisation_id>/delete", methods=["POST"])
@login_required
def delete(organisation_id: int):
    return _act(
        organisation_id,
        operations.delete_organisation,
        _l("%(name)s is deleted."),
        back_to_tree=True,
    )
