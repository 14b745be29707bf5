"""The JSON Lines request/response protocol over standard input and output.

For a case system that would rather keep one child process than run a server
(``adoption-rules stream``; ``docs/service.md``).  Each line read is one
request; each request gets exactly one response line, written and flushed at
once, in the order the requests came::

    > {"id": "r1", "as_of": "2026-02-02", "cases": [{...a v1 case...}, ...]}
    < {"id":"r1","results":[{...result or error...}, ...]}
    > {"id": "r2", "case": {...a v1 case...}}
    < {"id":"r2","results":[{...}]}

``id`` (optional: a string, an integer or null) is echoed back; ``as_of``
(optional, ``YYYY-MM-DD``, default today in England) is the request's own;
``cases`` (an array) or ``case`` (one object) carries the cases.  Each item of
``results`` is the command line's ``evaluate --format json`` item for that
case, written by the same code, in input order.  A request that cannot be
read gets ``{"id": ..., "error": {"code", "message", "field"}}`` instead, and
the process goes on with the next line.  The process ends, status 0, at the
end of its input.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import IO, Any, Final

from adoption_rules.api import evaluate_records
from adoption_rules.core.calendar import parse_date
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.io.jsonio import JSONDecodeError, JSONLimitError
from adoption_rules.io.jsonio import loads as fast_loads
from adoption_rules.io.jsontext import to_json
from adoption_rules.io.records import MAX_LINE, Record
from adoption_rules.plugins.registry import Registry

__all__ = ["REQUEST_FIELDS", "StreamError", "answer_line", "serve_stream"]

_ID_LENGTH: Final = 200

#: The fields a request may have.
REQUEST_FIELDS: Final = ("id", "as_of", "cases", "case")


class StreamError(AdoptionRulesError):
    """A request that cannot be answered: a code, a message and the field at fault."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        #: The request's id once it is known to be a valid one (echoed in the response).
        self.request_id: object = None


def _error_line(request_id: object, code: str, message: str, field: str | None) -> str:
    return (
        json.dumps(
            {
                "id": request_id,
                "error": {"code": code, "message": message, "field": field},
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )


def _request(line: str) -> tuple[object, dt.date | None, list[Any]]:
    """The id, ``as_of`` and cases of one request line; :class:`StreamError` if it is bad."""
    data = _object(line)
    request_id = data.get("id")
    if request_id is not None and (
        type(request_id) not in (str, int)
        or (isinstance(request_id, str) and len(request_id) > _ID_LENGTH)
    ):
        raise StreamError(
            "wrong_type",
            f"id must be a string (up to {_ID_LENGTH} characters), an integer or null",
            "id",
        )
    try:
        as_of, cases = _contents(data)
    except StreamError as exc:
        exc.request_id = request_id
        raise
    return request_id, as_of, cases


def _object(line: str) -> dict[str, Any]:
    try:
        data = fast_loads(line)
    except JSONDecodeError as exc:
        raise StreamError(
            "invalid_json", f"the request is not valid JSON ({exc.msg} at column {exc.colno})"
        ) from None
    except JSONLimitError as exc:  # nested past the decoder, or a 5,000-digit number
        raise StreamError("too_large", f"the request is {exc}") from None
    if not isinstance(data, dict):
        raise StreamError("wrong_type", "a request is a JSON object")
    return data


def _contents(data: dict[str, Any]) -> tuple[dt.date | None, list[Any]]:
    for key in data:
        if key not in REQUEST_FIELDS:
            raise StreamError(
                "unknown_field",
                f"a request has the fields {', '.join(REQUEST_FIELDS)}",
                key if isinstance(key, str) and key.isidentifier() else None,
            )
    as_of = None
    if data.get("as_of") is not None:
        try:
            as_of = parse_date(data["as_of"], field="as_of")
        except AdoptionRulesError:
            raise StreamError(
                "invalid_date", "as_of must be a real date written YYYY-MM-DD", "as_of"
            ) from None
    if ("cases" in data) == ("case" in data):
        raise StreamError("missing_field", "a request has either cases (an array) or case", "cases")
    if "cases" in data:
        cases = data["cases"]
        if not isinstance(cases, list):
            raise StreamError("wrong_type", "cases must be an array of cases", "cases")
    else:
        cases = [data["case"]]
    return as_of, cases


def answer_line(line: str, registry: Registry, today: Callable[[], dt.date]) -> str:
    """The response line to one request line (ending with a newline)."""
    try:
        request_id, as_of, cases = _request(line)
    except StreamError as exc:
        return _error_line(exc.request_id, exc.code, str(exc), exc.field)
    records = (Record(i, None, case) for i, case in enumerate(cases))
    items = evaluate_records(records, as_of or today(), registry=registry)
    head = json.dumps({"id": request_id}, ensure_ascii=False, separators=(",", ":"))[:-1]
    return f'{head},"results":[{",".join(map(to_json, items))}]}}\n'


def serve_stream(
    source: IO[str], out: IO[str], registry: Registry, today: Callable[[], dt.date]
) -> int:
    """Answer each request line of ``source`` on ``out`` until the input ends; requests read."""
    count = 0
    number = 0
    readline = source.readline
    while line := readline(MAX_LINE):
        number += 1
        if number == 1 and line.startswith("\ufeff"):  # written by some Windows tools
            line = line[1:]
        if len(line) >= MAX_LINE and not line.endswith("\n"):
            while (rest := readline(MAX_LINE)) and not rest.endswith("\n"):
                pass
            response = _error_line(
                None, "too_large", f"line {number}: longer than {MAX_LINE:,} characters", None
            )
        elif line.isspace():
            continue
        else:
            response = answer_line(line, registry, today)
        out.write(response)
        out.flush()
        count += 1
    return count
