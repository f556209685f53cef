"""Log-in (by password or SMS code), log-out and party registration pages."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from marshmallow import ValidationError

from mediation.accounts import confirmations, operations, proofs, sms_login
from mediation.accounts.hooks import has_cases
from mediation.accounts.models import Role
from mediation.accounts.schemas import (
    CodeLogInSchema,
    CodeRequestSchema,
    LoginFormSchema,
    RegistrationSchema,
)
from mediation.core.errors import DomainError, TooManyAttempts
from mediation.core.forms import ANY_REFUSAL, done, submit_form
from mediation.core.schemas import flatten_messages
from mediation.core.security import safe_next
from mediation.extensions import db, limiter

bp = Blueprint("accounts", __name__)


def _form_values(*secret: str) -> dict:
    hidden = ("csrf_token", "password", *secret)
    return {k: v for k, v in request.form.items() if k not in hidden}


def _translated(errors: dict) -> dict:
    return {k: [str(m) for m in v] for k, v in errors.items()}


# Staff land on the list of what needs doing today (mediation.today).
STAFF_LANDING = "today.today"


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
            landing = "core.home" if user.role == Role.PARTY else STAFF_LANDING
            return redirect(safe_next(request.args.get("next"), url_for(landing)))
    page = render_template("accounts/login.html", values=_form_values(), errors=_translated(errors))
    return page, (status if errors else 200), headers


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def register():
    if request.method == "GET":
        return _registration_page({}, 200)

    def signed_up(user):
        login_user(user)
        return done(None, url_for("disputes.file_dispute"))

    return submit_form(
        parse=lambda: RegistrationSchema().load(
            _form_values() | {"password": request.form.get("password", "")}
        ),
        operate=lambda data: operations.register_party(
            data["name"], data["mobile"], data["password"]
        ),
        # A refusal (the number is already registered) is shown on the form as 422.
        render=lambda errors, _status: _registration_page(errors, 422),
        success=signed_up,
        refuse=ANY_REFUSAL,
    )


def _registration_page(errors: dict, status: int):
    page = render_template(
        "accounts/register.html", values=_form_values(), errors=_translated(errors)
    )
    return page, status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    return redirect(url_for("core.home"))


def _code_page(step: str, values: dict, errors: dict, status: int = 200, headers=None, sent=None):
    page = render_template(
        "accounts/code_login.html",
        step=step,
        values=values,
        errors=_translated(errors),
        sent=sent,
        next=request.args.get("next"),
    )
    return page, status, headers or {}


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def log_in_with_code():
    """Enter a mobile, then the code texted to it; a new party is registered on the way."""
    if request.method == "GET":
        return _code_page("mobile", {}, {})
    try:
        data = CodeLogInSchema().load(_form_values("new"))  # "new": whether to ask a name
        result = sms_login.log_in_with_code(data["mobile"], data["code"], data.get("name"))
    except ValidationError as error:
        return _code_page("code", _form_values("code"), flatten_messages(error.messages), 422)
    except DomainError as error:
        db.session.commit()  # a wrong code counts towards the code's tries even though refused
        keep = () if error.code == "name_required" else ("code",)
        status, headers = 422, {}
        if isinstance(error, TooManyAttempts):
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        values = _form_values(*keep) | ({"new": "1"} if error.code == "name_required" else {})
        return _code_page("code", values, {"_schema": [str(error)]}, status, headers)
    db.session.commit()
    login_user(result.user, remember=data["remember"])
    # The code just typed proves the number for the acts that follow (consent, signing).
    proofs.remember_proof(result.user.mobile, result.user.mobile_verified_at)
    if result.password_cleared:
        flash(
            _("Your number is now verified. Your old password was removed: log in with a code."),
            "success",
        )
    if result.user.role != Role.PARTY:
        landing = STAFF_LANDING
    elif has_cases(result.user):
        landing = "disputes.list_disputes"
    else:
        landing = "disputes.file_dispute"
    return redirect(safe_next(request.args.get("next"), url_for(landing)))


@bp.route("/login/code/send", methods=["POST"])
@limiter.limit("5 per minute;30 per hour")
def send_code():
    """Text a log-in code to the mobile entered; the number's own limits apply as well."""
    try:
        data = CodeRequestSchema().load({"mobile": request.form.get("mobile", "")})
        sent = sms_login.send_code(data["mobile"])
    except ValidationError as error:
        values = {"mobile": request.form.get("mobile", "")}
        return _code_page("mobile", values, flatten_messages(error.messages), 422)
    except DomainError as error:
        db.session.rollback()
        status, headers = 422, {}
        if isinstance(error, TooManyAttempts):
            status, headers = 429, {"Retry-After": str(error.retry_after)}
        # A number still waiting may already hold a live code: let them type it.
        step = "code" if isinstance(error, TooManyAttempts) else "mobile"
        values = {"mobile": data["mobile"], "new": request.form.get("new", "")}
        return _code_page(step, values, {"_schema": [str(error)]}, status, headers)
    db.session.commit()
    values = {"mobile": data["mobile"], "new": "" if sent.account_exists else "1"}
    return _code_page("code", values, {}, sent=sent)


@bp.route("/account/confirm/send", methods=["POST"])
@login_required
@limiter.limit("5 per minute;30 per hour")
def send_confirmation():
    """Text a code to the signed-in person's own mobile, to confirm an act such as signing."""
    return confirmations.send(current_user.mobile, url_for("core.home"))


@bp.route("/account/confirm", methods=["POST"])
@login_required
@limiter.limit("10 per minute")
def confirm_mobile():
    """Check the code texted to the signed-in person's own mobile."""
    return confirmations.confirm(current_user.mobile, url_for("core.home"))
