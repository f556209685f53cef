"""The JSON API under /api/v1 and its OpenAPI document."""

from flask import Flask
from flask_smorest import Api

from mediation.core.web import handle_http_exception
from mediation.extensions import csrf


class MediationApi(Api):
    """flask-smorest's Api, answering errors in the project's one error format."""

    def handle_http_exception(self, error):
        return handle_http_exception(error)


def init_api(app: Flask) -> Api:
    api = MediationApi(
        app,
        spec_kwargs={
            "info": {"description": "File, read, list and move disputes; obtain tokens."},
        },
    )
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "signed token"}
    )
    from mediation.api.disputes import blp as disputes_blp
    from mediation.api.tokens import blp as tokens_blp

    for blueprint in (tokens_blp, disputes_blp):
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
    return api
