"""Administration of committees: their names, number abbreviations, seals and seal holders."""

from flask import Blueprint, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from mediation.accounts.models import User
from mediation.core.db import among
from mediation.core.errors import ValidationFailed
from mediation.core.forms import done, form_data, submit_form
from mediation.core.identity import normalise_mobile
from mediation.extensions import db
from mediation.organisations import seals
from mediation.organisations.models import Organisation
from mediation.organisations.scope import in_scope, staff_scope

bp = Blueprint("committees", __name__)


def seal_limits() -> seals.SealLimits:
    config = current_app.config
    return seals.SealLimits(
        config["SEAL_MAX_BYTES"], config["SEAL_MIN_PIXELS"], config["SEAL_MAX_PIXELS"]
    )


def _organisation() -> Organisation:
    raw = request.form.get("organisation_id", "")
    organisation = db.session.get(Organisation, int(raw)) if raw.isdigit() else None
    if organisation is None or not in_scope(current_user, organisation.id):
        raise ValidationFailed(
            _l("Choose one of the listed organisations."),
            {"organisation_id": [_l("Choose one of the listed options.")]},
        )
    return organisation


def _holder(mobile: str) -> User:
    user = db.session.scalar(select(User).where(User.mobile == normalise_mobile(mobile)))
    if user is None or not user.is_staff or not _placed_within(user):
        raise ValidationFailed(
            _l("No staff account has this mobile number."),
            {
                "holder_mobile": [
                    _l("Enter the mobile of a coordinator's or administrator's account.")
                ]
            },
        )
    return user


def _placed_within(holder: User) -> bool:
    """A seal holder works within the administrator's scope (anyone, for a deployment's)."""
    return staff_scope(current_user) is None or in_scope(current_user, holder.organisation_id)


def _page(errors: dict | None = None, status: int = 200):
    query = select(Organisation).order_by(Organisation.id)
    scope = staff_scope(current_user)
    if scope is not None:
        query = query.where(among(Organisation.id, scope))
    organisations = list(db.session.scalars(query))
    holders = {org.id: seals.holders_of(org.id) for org in organisations}
    user_ids = {h.user_id for hs in holders.values() for h in hs}
    names = {u.id: u.name for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    rows = [(org, [names[h.user_id] for h in holders[org.id]]) for org in organisations]
    page = render_template("outcomes/committees.html", rows=rows, errors=errors or {})
    return page, status


@bp.route("/admin/committees")
@login_required
def index():
    return _page()


def _save(_data) -> Organisation:
    """Save one organisation's committee name, abbreviation, seal image and a new holder."""
    organisation = _organisation()
    name = request.form.get("committee_name", "").strip()[:120]
    abbreviation = request.form.get("number_abbreviation", "").strip()[:10]
    seals.set_committee(organisation, name, abbreviation, current_user.id)
    file = request.files.get("seal")
    if file is not None and file.filename:
        seals.upload_seal(organisation, file.read(), seal_limits(), current_user.id)
    mobile = request.form.get("holder_mobile", "").strip()
    if mobile:
        seals.grant_seal(organisation, _holder(mobile).id, current_user.id)
    return organisation


@bp.route("/admin/committees", methods=["POST"])
@login_required
def save():
    return submit_form(
        parse=form_data,
        operate=_save,
        render=lambda errors, status: _page(errors, status),
        success=lambda org: done(
            _("%(name)s is saved.", name=org.name), url_for("committees.index")
        ),
    )
