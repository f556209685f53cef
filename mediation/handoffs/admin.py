"""Administration of hand-offs: deadline rules, agency webhooks and API keys."""

import secrets

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from marshmallow import ValidationError
from sqlalchemy import select

from mediation.accounts.models import Role, User
from mediation.core.audit import record_event
from mediation.core.auth import roles_required
from mediation.core.errors import NotFound
from mediation.core.schemas import flatten_messages
from mediation.extensions import db
from mediation.handoffs import labels
from mediation.handoffs.agencies import Agency, AgencyApiKey, AgencyMember, DeadlineRule
from mediation.handoffs.apikeys import issue_key, revoke_key
from mediation.handoffs.operations import county_rules, set_rule
from mediation.handoffs.schemas import RuleInSchema

bp = Blueprint("handoff_admin", __name__, url_prefix="/handoffs/admin")


def _page(errors: dict | None = None, status: int = 200, new_key: str | None = None):
    agency_rules = db.session.scalars(
        select(DeadlineRule).where(DeadlineRule.agency_id.is_not(None)).order_by(DeadlineRule.id)
    ).all()
    agencies = db.session.scalars(select(Agency).order_by(Agency.id)).all()
    keys = db.session.scalars(select(AgencyApiKey).order_by(AgencyApiKey.id.desc())).all()
    members = db.session.scalars(select(AgencyMember).order_by(AgencyMember.id)).all()
    return render_template(
        "handoffs/admin.html",
        county_rules=county_rules(),
        agency_rules=agency_rules,
        agencies=agencies,
        keys=keys,
        members=members,
        labels=labels,
        errors=errors or {},
        new_key=new_key,
    ), status


@bp.route("")
@roles_required(Role.ADMIN)
def index():
    return _page()


@bp.route("/rules", methods=["POST"])
@roles_required(Role.ADMIN)
def save_rule():
    form = request.form
    try:
        data = RuleInSchema().load(
            {k: form.get(k, "") for k in ("days", "working_days", "rolls_over")}
        )
    except ValidationError as error:
        return _page({"rule": flatten_messages(error.messages)}, 422)
    referral_type = form.get("referral_type")
    agency_id = form.get("agency_id", type=int)
    if referral_type not in labels.REFERRAL_TYPES or (
        agency_id is not None and db.session.get(Agency, agency_id) is None
    ):
        return _page({"rule": {"referral_type": [str(_l("Choose from the list."))]}}, 422)
    set_rule(
        agency_id,
        referral_type,
        data["days"],
        data["working_days"],
        current_user,
        rolls_over=data["rolls_over"],
    )
    db.session.commit()
    return redirect(url_for("handoff_admin.index"))


@bp.route("/agencies/<int:agency_id>/webhook", methods=["POST"])
@roles_required(Role.ADMIN)
def save_webhook(agency_id: int):
    agency = db.session.get(Agency, agency_id) or _missing()
    url = request.form.get("webhook_url", "").strip()
    if url and not url.startswith(("https://", "http://")):
        return _page({"webhook": {"webhook_url": [str(_l("Enter an http(s) address."))]}}, 422)
    agency.webhook_url = url or None
    if url and (not agency.webhook_secret or request.form.get("new_secret")):
        agency.webhook_secret = secrets.token_hex(32)
    record_event("agency.webhook_set", "agency", agency.id, actor_id=current_user.id, url=url)
    db.session.commit()
    return redirect(url_for("handoff_admin.index"))


@bp.route("/agencies/<int:agency_id>/keys", methods=["POST"])
@roles_required(Role.ADMIN)
def create_key(agency_id: int):
    agency = db.session.get(Agency, agency_id) or _missing()
    liaison = db.session.get(User, request.form.get("user_id", type=int) or 0) or _missing()
    _key, plain = issue_key(agency, liaison, current_user)
    db.session.commit()
    return _page(new_key=plain)


@bp.route("/keys/<int:key_id>/revoke", methods=["POST"])
@roles_required(Role.ADMIN)
def revoke(key_id: int):
    key = db.session.get(AgencyApiKey, key_id) or _missing()
    revoke_key(key, current_user)
    db.session.commit()
    return redirect(url_for("handoff_admin.index"))


def _missing():
    raise NotFound(_l("Not found."))
