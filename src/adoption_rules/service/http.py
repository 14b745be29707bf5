"""The plumbing every route shares: query parameters, content types, bodies, errors, work.

Everything a client can get wrong ends in :class:`~adoption_rules.service.limits.RequestError`
(a 4xx in the contract's error shape); nothing here echoes what the client sent.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Collection, Mapping
from typing import Any, Final, TypeVar

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import Response

from adoption_rules.core.calendar import parse_date
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.io.jsonio import limit_error
from adoption_rules.service.limits import Limits, RequestError, error_body

__all__ = [
    "CASES_KEY",
    "CASE_TYPES",
    "JSON_TYPES",
    "date_value",
    "error_response",
    "json_response",
    "params",
    "query_date",
    "read_body",
    "read_json",
    "run_work",
]

T = TypeVar("T")

#: The key in the ASGI scope where a route leaves how many cases it answered (access log).
CASES_KEY: Final = "adoption_rules.cases"

#: Content types of a body of cases: one case, a JSON array, or JSON Lines.
CASE_TYPES: Final = (
    "application/json",
    "application/x-ndjson",
    "application/jsonl",
    "application/jsonlines",
)

#: Content types of a body that is one JSON document.
JSON_TYPES: Final = ("application/json",)


def error_response(status: int, code: str, message: str, field: str | None = None) -> Response:
    text = json.dumps(error_body(code, message, field), ensure_ascii=False) + "\n"
    return Response(text, status_code=status, media_type="application/json")


def json_response(data: object, status: int = 200) -> Response:
    """``data`` as JSON indented by 2, as the command line prints a document."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return Response(text, status_code=status, media_type="application/json")


def params(
    request: Request, allowed: Collection[str], *, repeat: Collection[str] = ()
) -> dict[str, list[str]]:
    """The query parameters, each a list of its values; unknown or repeated ones are refused."""
    out: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if key not in allowed:
            expected = ", ".join(sorted(allowed)) or "none"
            raise RequestError(
                400,
                "unknown_parameter",
                f"this route takes the query parameters: {expected}",
                key if key.isascii() and key.isidentifier() else None,
            )
        values = out.setdefault(key, [])
        if values and key not in repeat:
            raise RequestError(400, "repeated_parameter", f"{key} may be given once", key)
        values.append(value)
    return out


def query_date(query: Mapping[str, list[str]], name: str) -> dt.date | None:
    """The date parameter ``name`` (``YYYY-MM-DD``), or ``None`` when it is absent."""
    values = query.get(name)
    return date_value(values[0], name) if values else None


def date_value(text: str, name: str) -> dt.date:
    """The date ``text`` of the parameter ``name``; a 400 naming the parameter, not the text."""
    try:
        return parse_date(text, field=name)
    except AdoptionRulesError:
        raise RequestError(
            400, "invalid_date", f"{name} must be a real date written YYYY-MM-DD", name
        ) from None


def _check_content_type(request: Request, accepted: Collection[str]) -> None:
    raw = request.headers.get("content-type")
    expected = " or ".join(accepted)
    if raw is None:
        raise RequestError(415, "unsupported_media_type", f"send a Content-Type: {expected}")
    mime, _, rest = raw.partition(";")
    if mime.strip().lower() not in accepted:
        raise RequestError(415, "unsupported_media_type", f"the body must be {expected}")
    for param in rest.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() not in (
            "utf-8",
            "utf8",
        ):
            raise RequestError(415, "unsupported_media_type", "the body must be UTF-8")


async def read_body(request: Request, limits: Limits, accepted: Collection[str]) -> bytes:
    """The request body, checked for its content type, size (413) and arrival time (408)."""
    _check_content_type(request, accepted)
    too_large = RequestError(
        413,
        "too_large",
        f"the body is larger than the service's limit of {limits.max_body_bytes:,} bytes; "
        "send fewer cases per request",
    )
    length = request.headers.get("content-length")
    if length is not None:
        if not length.isdigit():
            raise RequestError(400, "invalid_header", "Content-Length must be a whole number")
        if int(length) > limits.max_body_bytes:
            raise too_large
    chunks: list[bytes] = []
    total = 0
    try:
        with anyio.fail_after(limits.read_seconds):
            async for chunk in request.stream():
                total += len(chunk)
                if total > limits.max_body_bytes:
                    raise too_large
                chunks.append(chunk)
    except TimeoutError:
        raise RequestError(
            408,
            "request_timeout",
            "the body did not arrive within the service's limit of "
            f"{limits.read_seconds:g} seconds",
        ) from None
    return b"".join(chunks)


async def read_json(
    request: Request, limits: Limits, parse_float: Callable[[str], Any] = float
) -> Any:
    """The body as one JSON document (``application/json``)."""
    body = await read_body(request, limits, JSON_TYPES)
    try:
        return json.loads(body.decode("utf-8"), parse_float=parse_float)
    except UnicodeDecodeError as exc:
        raise RequestError(
            400, "not_utf8", f"the body is not UTF-8 text (byte {exc.start + 1})"
        ) from None
    except json.JSONDecodeError as exc:
        raise RequestError(
            400,
            "invalid_json",
            f"the body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
        ) from None
    except (RecursionError, ValueError) as exc:  # past a limit of the decoder
        limit = limit_error(exc)
        if limit is None:
            raise
        raise RequestError(400, "too_large", f"the body is {limit}") from None


async def run_work(limits: Limits, work: Callable[[float], T]) -> T:
    """Run ``work(deadline)`` in a worker thread, so the service answers others meanwhile.

    ``deadline`` is the ``time.monotonic()`` by which the work must stop
    (:func:`~adoption_rules.service.limits.until` checks it between cases).
    """
    deadline = time.monotonic() + limits.work_seconds
    return await anyio.to_thread.run_sync(work, deadline)
