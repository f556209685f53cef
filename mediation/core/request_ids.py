"""A request id on every request: the proxy's when it is a sane token, else a fresh one."""

import re
import uuid

from flask import Flask, Response, g, has_request_context, request

HEADER = "X-Request-ID"
# What we accept from the proxy: a short token that is safe in a log line and a header.
SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")


def current_request_id() -> str | None:
    """Return the id of the request being handled, or None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if SANE_ID.fullmatch(given) else uuid.uuid4().hex
    return g.request_id


def _assign() -> None:
    current_request_id()


def _echo(response: Response) -> Response:
    response.headers[HEADER] = current_request_id()
    return response


def register_request_ids(app: Flask) -> None:
    """Give each request an id and echo it in the response."""
    app.before_request(_assign)
    app.after_request(_echo)
