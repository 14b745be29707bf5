"""What the routes compute, as plain functions: the library's own batch and writer code.

Each function runs in a worker thread (never on the event loop) and takes the
``deadline`` by which it must stop.  :func:`evaluate_text` is the command
line's ``evaluate --format json`` exactly: the same reader
(:func:`~adoption_rules.io.records.read_records`), the same evaluation
(:func:`~adoption_rules.api.evaluate_records`) and the same writer
(:func:`~adoption_rules.io.output.write_json`), so the bytes are the same.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from adoption_rules.api import evaluate_records
from adoption_rules.core.model import CaseError, Result
from adoption_rules.io.converter import unstructure
from adoption_rules.io.output import explain_obligation, write_json
from adoption_rules.io.records import FileFormatError, read_records
from adoption_rules.plugins.registry import Registry
from adoption_rules.service.limits import RequestError, until

__all__ = ["cases_text", "evaluate_text", "explain_items"]


def cases_text(body: bytes) -> str:
    """The body as the command line reads a file: UTF-8, other bytes kept for a per-case error."""
    return body.decode("utf-8", errors="surrogateescape")


def _items(
    body: bytes, as_of: dt.date, registry: Registry, deadline: float, seconds: float
) -> Iterator[Result | CaseError]:
    records = read_records(io.StringIO(cases_text(body)))
    return until(evaluate_records(records, as_of, registry=registry), deadline, seconds)


def _invalid(exc: FileFormatError) -> RequestError:
    return RequestError(400, "invalid_json", f"the body is {exc}")


def evaluate_text(
    body: bytes, as_of: dt.date, registry: Registry, deadline: float, seconds: float
) -> tuple[str, int, int]:
    """``evaluate --format json`` of the cases in ``body``: its text, results and errors."""
    out = io.StringIO()
    try:
        ok, bad = write_json(_items(body, as_of, registry, deadline, seconds), out)
    except FileFormatError as exc:
        raise _invalid(exc) from None
    return out.getvalue(), ok, bad


def explain_items(
    body: bytes,
    as_of: dt.date,
    registry: Registry,
    kind: str | None,
    deadline: float,
    seconds: float,
) -> tuple[list[dict[str, Any]], int]:
    """Each case's obligations (of ``kind``, or all) explained in words; and the errors."""
    out: list[dict[str, Any]] = []
    bad = 0
    try:
        for item in _items(body, as_of, registry, deadline, seconds):
            if isinstance(item, CaseError):
                bad += 1
                out.append(unstructure(item))
                continue
            out.append(
                {
                    "case_id": item.case_id,
                    "region": item.region,
                    "as_of": item.as_of.isoformat(),
                    "explanations": [
                        {
                            "kind": ob.kind,
                            "occurrence": ob.occurrence,
                            "text": explain_obligation(item, ob),
                        }
                        for ob in item.obligations
                        if kind in (None, ob.kind)
                    ],
                }
            )
    except FileFormatError as exc:
        raise _invalid(exc) from None
    return out, bad
