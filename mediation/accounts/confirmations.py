"""The edge of confirming a mobile by code: send, check, and say what happened.

Used by the case-link pages (a party's number on the case) and by signed-in people (their
account's number); each says which number and where to go back to.
"""

from flask import current_app, flash, redirect, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from mediation.accounts import proofs
from mediation.accounts.schemas import CodeSchema
from mediation.core.errors import DomainError
from mediation.core.identity import mask_mobile
from mediation.core.schemas import flatten_messages
from mediation.core.security import safe_next
from mediation.extensions import db


def _back(fallback: str) -> str:
    return safe_next(request.form.get("next"), fallback)


def send(mobile: str, fallback: str):
    """Text a confirmation code to `mobile` and go back, saying where it went."""
    try:
        proofs.send_confirmation(mobile)
    except DomainError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(
            _(
                "A code was sent to %(mobile)s. Type it below within %(minutes)s minutes.",
                mobile=mask_mobile(mobile),
                minutes=_ttl(),
            ),
            "success",
        )
    return redirect(_back(fallback), 303)


def confirm(mobile: str, fallback: str):
    """Check the code typed for `mobile`; remember the proof in the session and go back."""
    try:
        code = CodeSchema().load({"code": request.form.get("code", "")})["code"]
        proofs.confirm_mobile(mobile, code)
    except ValidationError as error:
        problems = flatten_messages(error.messages)
        flash(" ".join(str(m) for ms in problems.values() for m in ms), "danger")
        return redirect(_back(fallback), 303)
    except DomainError as error:
        db.session.commit()  # a wrong code counts towards the code's tries even though refused
        flash(str(error.fields.get("code", [error])[0]), "danger")
        return redirect(_back(fallback), 303)
    db.session.commit()
    flash(
        _(
            "Thank you: it is confirmed that this phone holds %(mobile)s.",
            mobile=mask_mobile(mobile),
        ),
        "success",
    )
    return redirect(_back(fallback), 303)


def _ttl() -> int:
    return current_app.config["SMS_CODE_TTL_MINUTES"]
