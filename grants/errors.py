"""Domain errors raised by operations; views and the API turn them into responses."""


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str = "", code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class ValidationFailed(DomainError):
    """Bad input, named per field (dotted paths for nested fields)."""

    status = 422
    code = "validation"

    def __init__(self, fields: dict[str, list[str]], message: str | None = None):
        from flask_babel import gettext

        super().__init__(message or gettext("Popraw zaznaczone pola."))
        self.fields = fields

    @classmethod
    def one(cls, field: str, message: str) -> "ValidationFailed":
        return cls({field: [message]})


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The object's state forbids the action (`deadline_passed`, `not_draft`, ...)."""

    status = 409
    code = "conflict"


class StorageUnavailable(DomainError):
    """The server could not write a file (disk full, read-only, I/O error): nothing was saved."""

    status = 503
    code = "storage_unavailable"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class FieldErrors:
    """Collects field errors so an operation reports every problem at once."""

    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationFailed(self.fields)
