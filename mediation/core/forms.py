"""The form cycle of a page handler: parse, operate, commit once; re-render or confirm.

`parse` raises marshmallow's ValidationError, `operate` raises DomainError; either way the
transaction is rolled back and the page comes back with the messages field by field. How to
write a handler with it: docs/development.md, "Writing a page handler that takes a form".
"""

from collections.abc import Callable, Container
from typing import TypeVar

from flask import flash, redirect, render_template, request
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from mediation.core.errors import DomainError
from mediation.core.schemas import flatten_messages
from mediation.extensions import db

Data = TypeVar("Data")
Result = TypeVar("Result")
FieldErrors = dict[str, list]

# The refusals a form shows on its own page by default: a clash with the record's state, or
# input the operation found wrong. Others (403, 404) reach the error page.
FORM_REFUSALS = (409, 422)
# Every refusal comes back on the form, whatever its status.
ANY_REFUSAL = range(400, 500)


def form_data(*skip: str) -> dict:
    """Return the submitted form as a dict, without the CSRF token and the fields named."""
    return {k: v for k, v in request.form.items() if k not in ("csrf_token", *skip)}


def refusal_errors(error: DomainError) -> FieldErrors:
    """Return a refused operation's messages: its own fields, and the whole under `_schema`."""
    fields = {name: [str(m) for m in messages] for name, messages in error.fields.items()}
    return {**fields, "_schema": [str(error)]}


def done(message: str | None, url: str, code: int = 302) -> ResponseReturnValue:
    """Flash what was done (if anything is to be said) and redirect to `url`."""
    if message is not None:
        flash(message, "success")
    return redirect(url, code)


def error_page(errors: FieldErrors, status: int, back: str | None = None) -> ResponseReturnValue:
    """Show every message on the error page: for a small form that lives on another page."""
    message = " ".join(str(m) for messages in errors.values() for m in messages)
    return render_template("errors/error.html", status=status, message=message, back=back), status


def submit_form(
    parse: Callable[[], Data],
    operate: Callable[[Data], Result],
    render: Callable[[FieldErrors, int], ResponseReturnValue],
    success: Callable[[Result], ResponseReturnValue],
    refuse: Container[int] = FORM_REFUSALS,
) -> ResponseReturnValue:
    """Parse the form, operate and commit once; re-render the page with errors, or succeed.

    `render(errors, status)` shows the page again: 422 for invalid input, the refusal's own
    status for a DomainError whose status is in `refuse`. Any other DomainError propagates
    to the error page. Nothing is written unless `operate` returns.
    """
    try:
        data = parse()
        result = operate(data)
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
        return render(flatten_messages(error.messages), 422)
    except DomainError as error:
        db.session.rollback()
        if error.status not in refuse:
            raise
        return render(refusal_errors(error), error.status)
    return success(result)
