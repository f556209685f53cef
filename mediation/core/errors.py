"""Domain errors raised by operations and turned into HTTP responses at the edge."""


class DomainError(Exception):
    """A request that cannot be carried out, with a message a person can act on."""

    status = 400
    code = "bad_request"

    def __init__(
        self,
        message: str,
        fields: dict | None = None,
        code: str | None = None,
        params: dict | None = None,
        **extra,
    ):
        """Keep `message` as an untranslated template; `params` fill its %(name)s slots."""
        self.params = params or {}
        super().__init__(message % self.params if self.params else message)
        if code:
            self.code = code
        self.message = message
        self.fields = fields or {}
        self.extra = extra

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": str(self)}
        if self.fields:
            body["fields"] = self.fields
        body.update(self.extra)
        return {"error": body}


class ValidationFailed(DomainError):
    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Conflict(DomainError):
    status = 409
    code = "conflict"
