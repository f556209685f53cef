"""Log-in, log-out and party registration pages."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from marshmallow import ValidationError

from mediation.accounts import operations
from mediation.accounts.schemas import LoginFormSchema, RegistrationSchema
from mediation.core.errors import DomainError, TooManyAttempts
from mediation.core.schemas import flatten_messages
from mediation.core.security import safe_next
from mediation.extensions import db, limiter

bp = Blueprint("accounts", __name__)


def _form_values() -> dict:
    return {k: v for k, v in request.form.items() if k not in ("csrf_token", "password")}


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def login():
    errors: dict = {}
    status, headers = 422, {}
    if request.method == "POST":
        try:
            credentials = LoginFormSchema().load(
                _form_values() | {"password": request.form.get("password", "")}
            )
            user = operations.authenticate(credentials["mobile"], credentials["password"])
        except ValidationError as error:
            errors = flatten_messages(error.messages)
        except DomainError as error:
            db.session.commit()  # a failed attempt counts towards the lock even though refused
            errors = {"_schema": [str(error)]}
            if isinstance(error, TooManyAttempts):
                status, headers = 429, {"Retry-After": str(error.retry_after)}
        else:
            db.session.commit()
            login_user(user, remember=credentials["remember"])
            return redirect(safe_next(request.args.get("next"), url_for("core.home")))
    translated = {k: [str(m) for m in v] for k, v in errors.items()}
    page = render_template("accounts/login.html", values=_form_values(), errors=translated)
    return page, (status if errors else 200), headers


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def register():
    errors: dict = {}
    if request.method == "POST":
        try:
            data = RegistrationSchema().load(
                _form_values() | {"password": request.form.get("password", "")}
            )
            user = operations.register_party(data["name"], data["mobile"], data["password"])
            db.session.commit()
        except ValidationError as error:
            errors = flatten_messages(error.messages)
        except DomainError as error:
            db.session.rollback()
            errors = {**error.fields, "_schema": [str(error)]}
        else:
            login_user(user)
            return redirect(url_for("disputes.file_dispute"))
    translated = {k: [str(m) for m in v] for k, v in errors.items()}
    return render_template("accounts/register.html", values=_form_values(), errors=translated), (
        422 if errors else 200
    )


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    return redirect(url_for("core.home"))
