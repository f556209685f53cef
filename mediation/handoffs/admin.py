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
from mediation.core.forms import done, submit_form
from mediation.extensions import db
from mediation.handoffs import labels
from mediation.handoffs.access import administered_agencies, administers
from mediation.handoffs.agencies import Agency, AgencyApiKey, AgencyMember, DeadlineRule
from mediation.handoffs.apikeys import issue_key, revoke_key
from mediation.handoffs.operations import county_rules, set_rule
from mediation.handoffs.schemas import RuleInSchema
from mediation.organisations.scope import staff_scope

bp = Blueprint("handoff_admin", __name__, url_prefix="/handoffs/admin")


def _page(errors: dict | None = None, status: int = 200, new_key: str | None = None):
    agency_ids = administered_agencies(current_user).with_only_columns(Agency.id)
    agency_rules = db.session.scalars(
        select(DeadlineRule).where(DeadlineRule.agency_id.in_(agency_ids)).order_by(DeadlineRule.id)
    ).all()
    agencies = db.session.scalars(administered_agencies(current_user).order_by(Agency.id)).all()
    keys = db.session.scalars(
        select(AgencyApiKey)
        .where(AgencyApiKey.agency_id.in_(agency_ids))
        .order_by(AgencyApiKey.id.desc())
    ).all()
    members = db.session.scalars(
        select(AgencyMember).where(AgencyMember.agency_id.in_(agency_ids)).order_by(AgencyMember.id)
    ).all()
    return render_template(
        "handoffs/admin.html",
        county_rules=county_rules(),
        sets_default_rules=staff_scope(current_user) is None,
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


def _rule_form() -> dict:
    form = request.form
    data = RuleInSchema().load({k: form.get(k, "") for k in ("days", "working_days", "rolls_over")})
    referral_type = form.get("referral_type")
    agency_id = form.get("agency_id", type=int)
    agency = db.session.get(Agency, agency_id) if agency_id is not None else None
    if referral_type not in labels.REFERRAL_TYPES or (
        agency_id is not None and (agency is None or not administers(current_user, agency))
    ):
        raise ValidationError({"referral_type": [str(_l("Choose from the list."))]})
    if agency_id is None and staff_scope(current_user) is not None:
        # The rules for agencies without their own hold in every county of the deployment.
        message = _l("Only a deployment-wide administrator sets the default rules.")
        raise ValidationError({"agency_id": [str(message)]})
    return {**data, "referral_type": referral_type, "agency_id": agency_id}


@bp.route("/rules", methods=["POST"])
@roles_required(Role.ADMIN)
def save_rule():
    return submit_form(
        parse=_rule_form,
        operate=lambda data: set_rule(
            data["agency_id"],
            data["referral_type"],
            data["days"],
            data["working_days"],
            current_user,
            rolls_over=data["rolls_over"],
        ),
        render=lambda errors, status: _page({"rule": errors}, status),
        success=lambda _result: done(None, url_for("handoff_admin.index")),
    )


def _webhook_form() -> dict:
    url = request.form.get("webhook_url", "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ValidationError({"webhook_url": [str(_l("Enter an http(s) address."))]})
    return {"url": url, "new_secret": bool(request.form.get("new_secret"))}


def set_webhook(agency: Agency, url: str, new_secret: bool, admin: User) -> None:
    """Set (or clear) where an agency's hand-off events are posted; a new address gets a secret."""
    agency.webhook_url = url or None
    if url and (not agency.webhook_secret or new_secret):
        agency.webhook_secret = secrets.token_hex(32)
    record_event("agency.webhook_set", "agency", agency.id, actor_id=admin.id, url=url)


@bp.route("/agencies/<int:agency_id>/webhook", methods=["POST"])
@roles_required(Role.ADMIN)
def save_webhook(agency_id: int):
    agency = db.session.get(Agency, agency_id) or _missing()
    return submit_form(
        parse=_webhook_form,
        operate=lambda data: set_webhook(agency, data["url"], data["new_secret"], current_user),
        render=lambda errors, status: _page({"webhook": errors}, status),
        success=lambda _result: done(None, url_for("handoff_admin.index")),
    )


@bp.route("/agencies/<int:agency_id>/keys", methods=["POST"])
@roles_required(Role.ADMIN)
def create_key(agency_id: int):
    agency = db.session.get(Agency, agency_id) or _missing()
    liaison = db.session.get(User, request.form.get("user_id", type=int) or 0)
    member = db.session.scalar(
        select(AgencyMember).where(
            AgencyMember.agency_id == agency.id,
            AgencyMember.user_id == (liaison.id if liaison else 0),
        )
    )
    if liaison is None or member is None:
        _missing()
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
