"""The particulars form on the case: staff or the mediator write a party's art. 29 details."""

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from mediation.core.errors import Forbidden, NotFound
from mediation.core.forms import done, form_data, submit_form
from mediation.disputes.access import actors_for, find_visible
from mediation.disputes.lifecycle import Actor
from mediation.disputes.operations import PARTICULARS, record_particulars
from mediation.disputes.particulars import ITEM_LABELS, KINDS, SEXES, missing_items
from mediation.disputes.schemas import ParticularsInSchema

bp = Blueprint("particulars", __name__)


def _party(code: str, party_id: int):
    dispute = find_visible(current_user, code)
    if not actors_for(current_user, dispute) & {Actor.STAFF, Actor.MEDIATOR}:
        raise Forbidden(_l("Only the mediator of this case or mediation staff may do this."))
    party = next((p for p in dispute.parties if p.id == party_id), None)
    if party is None:
        raise NotFound(_l("No such party in this case."))
    return dispute, party


def _values(party) -> dict:
    values = {name: getattr(party, name) for name in PARTICULARS}
    values["name"] = party.name
    return values


def _page(dispute, party, values: dict, errors: dict | None = None, status: int = 200):
    shown = {k: ("" if v is None else str(v)) for k, v in values.items()}
    return (
        render_template(
            "disputes/particulars.html",
            dispute=dispute,
            party=party,
            values=shown,
            missing=[ITEM_LABELS[item] for item in missing_items(_values(party))],
            kinds=KINDS,
            sexes=SEXES,
            errors=errors or {},
        ),
        status,
    )


@bp.route("/disputes/<code>/parties/<int:party_id>/particulars", methods=["GET", "POST"])
@login_required
def edit(code: str, party_id: int):
    dispute, party = _party(code, party_id)
    if request.method == "GET":
        return _page(dispute, party, _values(party))
    form = form_data()
    return submit_form(
        parse=lambda: ParticularsInSchema().load(form),
        operate=lambda data: record_particulars(party, data, current_user),
        render=lambda errors, status: _page(dispute, party, form, errors, status),
        success=lambda _party: done(
            _("The particulars of %(name)s are saved.", name=party.name),
            url_for("particulars.edit", code=dispute.code, party_id=party.id),
        ),
    )
