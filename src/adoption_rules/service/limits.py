"""The service's limits: request body size and time, and the errors that enforce them.

A body larger than :attr:`Limits.max_body_bytes` is refused with 413 before
more of it is read; a body not received within :attr:`Limits.read_seconds`,
or a request whose work takes longer than :attr:`Limits.work_seconds`, gets
408.  Work is checked between cases, so a long batch stops at the next case
after its time ran out, and the worker is free again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, Final, TypeVar

import attrs

__all__ = [
    "DEFAULT_LIMITS",
    "LIMITS_ENV",
    "Limits",
    "RequestError",
    "TimeLimit",
    "error_body",
    "until",
]

T = TypeVar("T")


@attrs.frozen
class Limits:
    """How much one request may send and how long it may take."""

    #: The largest request body accepted, in bytes (10 MiB: about 10,000 cases).
    max_body_bytes: int = 10 * 1024 * 1024
    #: How long a client has to send the whole body, in seconds.
    read_seconds: float = 30.0
    #: How long the work for one request may take, in seconds.
    work_seconds: float = 60.0


DEFAULT_LIMITS: Final = Limits()

#: The environment variable through which ``serve`` hands its limits to each worker process.
LIMITS_ENV: Final = "ADOPTION_RULES_SERVICE_LIMITS"


def error_body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The contract's error shape for a request refused as a whole (``case_id`` null)."""
    return {"case_id": None, "error": {"code": code, "message": message, "field": field}}


class RequestError(Exception):
    """A request the service refuses: its HTTP status and the contract's error detail.

    The message says what was expected and where, never the value that was sent.
    """

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.field = field


class TimeLimit(RequestError):
    """The request's work took longer than the limit allows (408)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            408,
            "request_timeout",
            f"the request took longer than the service's limit of {seconds:g} seconds; "
            "send fewer cases per request",
        )


def until(items: Iterable[T], deadline: float, seconds: float) -> Iterator[T]:
    """``items``, raising :class:`TimeLimit` once ``time.monotonic()`` passes ``deadline``."""
    clock = time.monotonic
    for item in items:
        if clock() > deadline:
            raise TimeLimit(seconds)
        yield item
