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
        """`message` is a (lazy) translatable template; `params` fill its %(name)s slots."""
        super().__init__(message)
        self.message = message
        self.params = params or {}
        self.fields = fields or {}
        self.extra = extra
        if code:
            self.code = code

    def __str__(self) -> str:
        """Render the message in the current language, with its parameters filled in."""
        text = str(self.message)
        return text % self.params if self.params else text

    def to_dict(self) -> dict:
        body = {"code": self.code, "message": str(self)}
        if self.fields:
            body["fields"] = {k: [str(m) for m in v] for k, v in self.fields.items()}
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


class TooManyAttempts(DomainError):
    """Refused for now; `retry_after` says in how many seconds to try again."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int, params: dict | None = None):
        super().__init__(message, params=params, retry_after=retry_after)
        self.retry_after = retry_after
