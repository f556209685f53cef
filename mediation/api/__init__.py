"""The JSON API under /api/v1 and its OpenAPI document."""

import importlib

from flask import Flask
from flask_smorest import Api

from mediation.api.spec import ErrorResponses, ErrorSchema
from mediation.core.schemas import Yuan
from mediation.core.web import handle_http_exception
from mediation.extensions import csrf

# flask-smorest blueprints mounted under /api/v1, one line per domain: "module:attribute".
API_BLUEPRINTS = (
    "mediation.api.tokens:blp",
    "mediation.api.codes:blp",
    "mediation.api.disputes:blp",
    "mediation.api.mediators:blp",
    "mediation.api.roster:blp",
    "mediation.api.assignments:blp",
    "mediation.api.scheduling:blp",
    "mediation.handoffs.api:blp",
    "mediation.api.organisations:blp",
    "mediation.api.staff:blp",
)


class MediationApi(Api):
    """flask-smorest's Api, answering and documenting errors in the project's one format."""

    ERROR_SCHEMA = ErrorSchema
    # No catch-all "default" response: each operation lists the statuses it really returns.
    DEFAULT_ERROR_RESPONSE_NAME = None

    def handle_http_exception(self, error):
        return handle_http_exception(error)


def init_api(app: Flask) -> Api:
    api = MediationApi(
        app,
        spec_kwargs={
            "info": {"description": "File, read, list and move disputes; obtain codes and tokens."},
            "extra_plugins": [ErrorResponses(app)],
        },
    )
    # Amounts travel as exact decimal strings ("1250.50"), never as JSON numbers.
    api.register_field(Yuan, "string", "decimal")
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "signed token"}
    )
    for target in API_BLUEPRINTS:
        module, attribute = target.split(":")
        blueprint = getattr(importlib.import_module(module), attribute)
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
    return api
