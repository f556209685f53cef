"""The edge: turn errors into responses, and give templates what they share."""

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.routing import IntegerConverter

from mediation.core.db import MAX_ROW_ID
from mediation.core.errors import Conflict, DomainError
from mediation.core.hygiene import register_input_checks
from mediation.core.i18n import local_time, register_i18n
from mediation.core.identity import mask_mobile
from mediation.core.request_ids import current_request_id, register_request_ids
from mediation.core.schemas import flatten_messages
from mediation.core.security import register_security_headers
from mediation.extensions import db

log = logging.getLogger("mediation.errors")

# Plain words for the HTTP errors people meet, in place of the server's English defaults.
HTTP_MESSAGES = {
    400: _l("The request could not be understood. Go back and try again."),
    403: _l("You do not have permission to open this page."),
    404: _l("This page does not exist. Check the address, or start again from the home page."),
    405: _l("This address does not accept that kind of request."),
    415: _l("Send the request as JSON (Content-Type: application/json)."),
    429: _l("Too many attempts. Wait a minute and try again."),
}


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, fields: dict | None = None, **extra):
    """Answer in JSON under /api and with a page elsewhere."""
    db.session.rollback()
    if wants_json():
        body = {"code": code, "message": message}
        if fields:
            body["fields"] = fields
        body.update(extra)
        return jsonify(error=body), status
    page = render_template(
        "errors/error.html", status=status, message=message, request_id=extra.get("request_id")
    )
    return page, status


def handle_domain_error(error: DomainError):
    message = str(error)
    fields = {name: [str(m) for m in messages] for name, messages in error.fields.items()}
    body, status = error_response(error.status, error.code, message, fields, **error.extra)
    retry_after = getattr(error, "retry_after", None)
    return body, status, ({"Retry-After": str(retry_after)} if retry_after else {})


def handle_http_exception(error: HTTPException):
    if isinstance(error, RequestEntityTooLarge):
        limit = (request.max_content_length or 0) // (1024 * 1024)
        return error_response(
            413, "too_large", _("The request is larger than %(mb)s MB.", mb=limit)
        )
    data = getattr(error, "data", None) or {}
    messages = data.get("messages")
    if messages:
        # webargs nests messages under the location (json, query, form); drop that level.
        fields = {}
        for location_messages in messages.values():
            fields.update(flatten_messages(location_messages))
        return error_response(422, "validation_failed", _("Some fields need correcting."), fields)
    code = (error.name or "error").lower().replace(" ", "_")
    status = error.code or 500
    message = _(HTTP_MESSAGES[status]) if status in HTTP_MESSAGES else error.description
    return error_response(status, code, message)


def handle_stale(error: StaleDataError):
    return handle_domain_error(
        Conflict(_l("The case changed while you were looking at it; reload and try again."))
    )


def handle_data_error(error: DataError):
    """A value the database cannot hold (PostgreSQL refuses an id past its integer range)."""
    return error_response(
        422, "out_of_range", _("A value in the request is out of range; check it and try again.")
    )


def handle_csrf(error: CSRFError):
    return error_response(
        400, "csrf_failed", _("The form has expired. Go back, reload the page and try again.")
    )


def handle_server_error(error: Exception):
    """Log the crash with its traceback and request id, and answer without its details."""
    if current_app.testing:
        raise error  # under test the crash reaches the test itself, with its own traceback
    request_id = current_request_id()
    log.error(
        "Unhandled %s on %s %s (request %s)",
        type(error).__name__,
        request.method,
        request.path,
        request_id,
        exc_info=error,
        extra={"request_id": request_id},
    )
    return error_response(
        500,
        "server_error",
        _("Something went wrong on our side; nothing was saved."),
        request_id=request_id,
    )


def numbers_up_to(limit: int) -> str:
    """Return a regular expression matching the decimal numbers from 0 to `limit`."""
    digits = str(limit)
    options = [rf"\d{{1,{len(digits) - 1}}}"] if len(digits) > 1 else []
    for at, digit in enumerate(digits):
        if digit != "0":
            rest = len(digits) - at - 1
            options.append(
                f"{digits[:at]}[0-{int(digit) - 1}]" + (rf"\d{{{rest}}}" if rest else "")
            )
    options.append(digits)
    return "0*(?:" + "|".join(options) + ")"


class RowIdConverter(IntegerConverter):
    """``<int:...>`` in every route: a number that fits an integer key, else no route (404)."""

    # Refused by the pattern, not only by `max`: werkzeug answers 405 rather than 404 when the
    # path matches a rule for another method and this one's value is then out of range.
    regex = numbers_up_to(MAX_ROW_ID)

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(url_map, *args, **kwargs)


def use_row_ids(app: Flask) -> None:
    """Install RowIdConverter as ``int``; call before any blueprint adds its routes."""
    app.url_map.converters["int"] = RowIdConverter


def register_web(app: Flask) -> None:
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(StaleDataError, handle_stale)
    app.register_error_handler(DataError, handle_data_error)
    app.register_error_handler(Exception, handle_server_error)
    register_request_ids(app)
    register_input_checks(app)
    register_security_headers(app)

    app.add_template_filter(mask_mobile, "mask_mobile")
    register_i18n(app)

    @app.context_processor
    def shared():
        return {
            "current_locale": "en" if get_locale().language == "en" else "zh_CN",
            "local_time": local_time,
        }
