"""The OpenAPI document's error responses: one Error schema, and the statuses each route returns.

Every error under /api answers `{"error": {"code", "message", "fields"?, ...}}` (see
mediation/core/web.py). Rather than decorate each route, ErrorResponses adds to every operation
the statuses its shape can produce: 401 and 403 behind a token, 404 for ids in the path or the
body, 400/413/415/422 for a body, 422 for query arguments, 409 for a change, 429 where a rate
limit applies. STATUSES_BY_ROUTE adds the few that no shape reveals.
"""

from http import HTTPStatus

from apispec import BasePlugin
from flask import Flask
from flask_limiter.util import get_qualified_name
from marshmallow import INCLUDE, Schema, fields
from werkzeug.routing import Rule

from mediation.extensions import limiter

CHANGING_METHODS = {"post", "put", "patch", "delete"}
HTTP_METHODS = CHANGING_METHODS | {"get"}

# Statuses a route returns that its shape does not reveal: "METHOD endpoint" -> statuses.
STATUSES_BY_ROUTE: dict[str, tuple[int, ...]] = {
    # Bad credentials; a staff account asking to use an SMS code.
    "POST api_tokens.create_token": (401, 403),
    # A staff account asking for an SMS code.
    "POST api_codes.send_code": (403,),
    # A bad signature is refused; the delivery id may be unknown.
    "POST api_handoffs.acknowledge_webhook": (401,),
    # A code that matches no dispute you may see.
    "GET api_disputes.lookup": (404,),
    # Only mediators have availability.
    "GET api_scheduling.read_availability": (404,),
}


class ErrorDetailSchema(Schema):
    """What went wrong: a stable code, a message for a person, and messages by field."""

    class Meta:
        # Some errors carry more, e.g. the slots still free when a booking conflicts.
        unknown = INCLUDE

    code = fields.String(required=True, metadata={"description": "Stable, machine-readable"})
    message = fields.String(required=True, metadata={"description": "For a person to act on"})
    field_messages = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages by field path (a.0.b), for validation errors"},
    )


class ErrorSchema(Schema):
    """The body of every error response under /api."""

    error = fields.Nested(ErrorDetailSchema, required=True)


def file_response(content_type: str, description: str) -> dict:
    """Document a 200 answered with a file of this type instead of JSON."""
    return {
        "200": {
            "description": description,
            "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
        }
    }


def is_rate_limited(app: Flask, endpoint: str) -> bool:
    """Whether Flask-Limiter applies any limit to this endpoint."""
    manager = limiter.limit_manager
    view = app.view_functions.get(endpoint)
    blueprint = endpoint.rpartition(".")[0]
    return bool(
        manager.application_limits
        or manager.default_limits
        or manager.blueprint_limits(app, blueprint)
        or (view is not None and manager.decorated_limits(get_qualified_name(view)))
    )


def error_statuses(method: str, operation: dict, rule: Rule, rate_limited: bool) -> set[int]:
    """Return the error statuses an operation of this shape can answer."""
    statuses: set[int] = set()
    protected = bool(operation.get("security"))
    if protected:
        statuses |= {401, 403}
    if "<" in rule.rule:
        statuses.add(404)
    if "requestBody" in operation:
        statuses |= {400, 413, 422}
        if "application/json" in operation["requestBody"].get("content", {}):
            statuses.add(415)
        if protected:
            # Bodies behind a token name records (a case code, a mediator, a studio).
            statuses.add(404)
    if any(p.get("in") == "query" for p in operation.get("parameters", ())):
        statuses.add(422)
    if protected and method in CHANGING_METHODS:
        # A record changed meanwhile, or a state that does not allow the change.
        statuses.add(409)
    if rate_limited:
        statuses.add(429)
    statuses.update(STATUSES_BY_ROUTE.get(f"{method.upper()} {rule.endpoint}", ()))
    return statuses


class ErrorResponses(BasePlugin):
    """An apispec plugin documenting each operation's error responses with the Error schema."""

    def __init__(self, app: Flask):
        self.app = app

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        rate_limited = is_rate_limited(self.app, rule.endpoint)
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in sorted(error_statuses(method, operation, rule, rate_limited)):
                if status in responses or str(status) in responses:
                    continue
                # The name of a response component that flask-smorest registers lazily, each
                # with the API's ERROR_SCHEMA.
                responses[str(status)] = HTTPStatus(status).name
