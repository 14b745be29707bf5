"""What the routes compute, as plain functions: the library's own batch, documents and writers.

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
from adoption_rules.core.calendar import england_calendar
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.model import CaseError, Result
from adoption_rules.core.periods import parse_period
from adoption_rules.documents.deadline import deadline_text
from adoption_rules.documents.diff import case_diffs, diff_json
from adoption_rules.documents.fund import check_items
from adoption_rules.documents.questions import answer_items
from adoption_rules.io.converter import unstructure
from adoption_rules.io.output import explain_obligation, write_json
from adoption_rules.io.overrides import OverrideError, apply_overrides, parse_overrides
from adoption_rules.io.records import FileFormatError, Record, read_records
from adoption_rules.plugins.registry import Registry
from adoption_rules.service.limits import RequestError, until

__all__ = [
    "cases_text",
    "deadline_answer",
    "diff_items",
    "evaluate_text",
    "explain_items",
    "fund_items",
    "question_items",
]


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


def question_items(
    body: bytes,
    name: str,
    as_of: dt.date,
    registry: Registry,
    deadline: float,
    seconds: float,
) -> tuple[list[dict[str, Any]], int]:
    """``adoption-rules NAME FILE --format json`` of the questions in ``body``; and the errors."""
    records = read_records(io.StringIO(cases_text(body)))
    out: list[dict[str, Any]] = []
    bad = 0
    try:
        for doc, _, answer in until(
            answer_items(records, name, registry, as_of), deadline, seconds
        ):
            bad += answer is None
            out.append(doc)
    except FileFormatError as exc:
        raise _invalid(exc) from None
    return out, bad


def fund_items(applications: list[Any], deadline: float, seconds: float) -> tuple[list[Any], int]:
    """``fund check --format json`` of decoded applications (numbers as Decimal); the errors."""
    out: list[Any] = []
    bad = 0
    for doc, check in until(check_items(applications), deadline, seconds):
        bad += check is None
        out.append(doc)
    return out, bad


def diff_items(
    request: Any, as_of: dt.date, registry: Registry, deadline: float, seconds: float
) -> tuple[list[dict[str, Any]], int]:
    """``diff --format json`` of ``{"policy": {...}, "cases": [...]}``; and the errors.

    ``policy`` is a policy override document as JSON (``docs/dated-policy.md``).
    """
    if not isinstance(request, dict):
        raise RequestError(400, "wrong_type", "the body is a JSON object: policy and cases")
    unknown = sorted(set(request) - {"policy", "cases"})
    if unknown:
        raise RequestError(400, "unknown_field", "the body has the fields policy and cases", None)
    for key in ("policy", "cases"):
        if key not in request:
            raise RequestError(400, "missing_field", f"the body needs {key}", key)
    if not isinstance(request["cases"], list):
        raise RequestError(400, "wrong_type", "cases must be an array of cases", "cases")
    try:
        changed = apply_overrides(registry, parse_overrides(request["policy"], "policy"))
    except OverrideError as exc:
        raise RequestError(
            400, "invalid_policy", f"the policy document cannot be used: {exc}", "policy"
        ) from None
    records = [Record(i, None, case) for i, case in enumerate(request["cases"])]
    diffs = case_diffs(records, as_of, registry, changed)
    items = [diff_json(d) for d in until(diffs, deadline, seconds)]
    return items, sum("error" in i for i in items)


def deadline_answer(start: dt.date, period_text: str, closures: list[dt.date]) -> str:
    """``deadline START PERIOD --json`` (with ``--closures``), the same text."""
    try:
        period = parse_period(period_text)
    except AdoptionRulesError:
        raise RequestError(
            400,
            "invalid_period",
            "period must be written like '5 working days', '4 weeks', '2 months' or '1 year'",
            "period",
        ) from None
    try:
        return deadline_text(period.deadline(start, england_calendar(closures)))
    except AdoptionRulesError:
        raise RequestError(
            400,
            "out_of_range",
            "the deadline falls outside the dates the calendar supports",
            "start",
        ) from None
