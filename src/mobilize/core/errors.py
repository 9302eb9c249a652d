"""The errors every layer raises; the API and the views map them to one shape."""

from __future__ import annotations


class ApplicationError(Exception):
    """A business rule refused the action (HTTP 409). ``field`` names the input at fault, if any."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "conflict") -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.code = code


class StaleObjectError(ApplicationError):
    """Somebody else changed the record since it was read (optimistic concurrency)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="version", code="stale")
