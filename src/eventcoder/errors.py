"""eventcoder's exception hierarchy.

Every error has a stable ``code`` (used by the CLI's exit status and the HTTP
API's JSON errors) and a one-line message meant for the user.  Nothing is
swallowed: an input that is dropped becomes a ``SkippedInput`` with a
``SkipReason``; an error that stops an operation is raised as one of these.
"""

from __future__ import annotations

from eventcoder.models import SkipReason

__all__ = [
    "ConfigError",
    "EvaluationError",
    "EventcoderError",
    "InputError",
    "ModelUnavailableError",
    "NotFoundError",
    "SkipInput",
    "StoreError",
]


class EventcoderError(Exception):
    """Base of all eventcoder errors. ``code`` is stable; ``exit_code`` is the CLI's."""

    code = "E000"
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class ConfigError(EventcoderError):
    """Settings or command-line options that cannot work."""

    code = "E001"
    exit_code = 2


class InputError(EventcoderError):
    """An input that cannot be read at all (for example a path that does not exist)."""

    code = "E002"
    exit_code = 3


class StoreError(EventcoderError):
    """The database cannot be opened, migrated or written."""

    code = "E003"
    exit_code = 4


class ModelUnavailableError(EventcoderError):
    """A language model or data package the settings ask for is not installed."""

    code = "E004"
    exit_code = 5


class EvaluationError(EventcoderError):
    """A gold file cannot be read, or a score fell below its baseline."""

    code = "E005"
    exit_code = 6


class NotFoundError(EventcoderError):
    """A record asked for by id does not exist."""

    code = "E006"
    exit_code = 7


class SkipInput(EventcoderError):  # noqa: N818 - it is a signal, not a failure
    """Raised by a reader to say one input is skipped for a typed reason.

    The ingestion loop catches it and records a ``SkippedInput``; it never
    escapes the library.
    """

    code = "E100"

    def __init__(self, reason: SkipReason, detail: str = "") -> None:
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)
        self.reason = reason
        self.detail = detail
