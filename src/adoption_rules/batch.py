"""Evaluating many cases: reading a file of cases, one result or error per case, in order.

A file holds one case (a JSON object), a JSON array of cases, or JSON Lines
(one case a line).  JSON Lines are read one line at a time, so a file of any
size is evaluated in bounded memory; an array is read whole.  One bad case
never stops the others: it gets a :class:`~adoption_rules.model.CaseError`
in the contract's shape, and the rest still evaluate.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any, Final

import attrs

from adoption_rules._jsonio import JSONDecodeError
from adoption_rules._jsonio import loads as fast_loads
from adoption_rules.converter import InputError, error_for, structure_case
from adoption_rules.engine import EvaluationError, _evaluate_with
from adoption_rules.errors import AdoptionRulesError
from adoption_rules.model import CaseError, ErrorDetail, Result
from adoption_rules.policy import PluginError, Registry, UnknownRegionError, default_registry

__all__ = ["FileFormatError", "Record", "evaluate_many", "evaluate_records", "read_records"]

#: The longest line of a JSON Lines file we read (one case), in characters.
MAX_LINE: Final = 10_000_000


class FileFormatError(AdoptionRulesError):
    """The file as a whole cannot be read as JSON (exit status 2 on the command line)."""


@attrs.frozen
class Record:
    """One case as read from a file: its decoded JSON, or why it could not be decoded."""

    index: int
    line: int | None
    data: Any = attrs.field(repr=False)
    error: InputError | None = None


def _skip_space(stream: IO[str]) -> str:
    while True:
        ch = stream.read(1)
        if not ch or not ch.isspace():
            return ch


def read_records(stream: IO[str]) -> Iterator[Record]:
    """Read one case, an array of cases, or JSON Lines from ``stream``."""
    first_line = stream.readline(MAX_LINE)
    stripped = first_line.strip()
    if not stripped:
        rest = stream.read()
        if not rest.strip():
            return
        first_line, stripped = first_line + rest, (first_line + rest).strip()
        yield from _whole(first_line, 1)
        return
    if stripped.startswith("["):
        yield from _whole(first_line + stream.read(), 1)
        return
    try:
        first = fast_loads(stripped)
    except JSONDecodeError:
        # Not a complete value on one line: a pretty-printed single case.
        yield from _whole(first_line + stream.read(), 1)
        return
    yield Record(0, 1, first)
    index = 1
    for number, line in enumerate(stream, start=2):
        if line.isspace():
            continue
        try:
            data = fast_loads(line)
        except JSONDecodeError as exc:
            yield Record(
                index,
                number,
                None,
                InputError(
                    "invalid_json",
                    f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})",
                ),
            )
        else:
            yield Record(index, number, data)
        index += 1


def _whole(text: str, line: int) -> Iterator[Record]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield Record(i, None, item)
    else:
        yield Record(0, line, data)


def _case_id(data: Any) -> str | None:
    if isinstance(data, dict):
        cid = data.get("case_id")
        if isinstance(cid, str):
            return cid
    return None


def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
) -> Iterator[Result | CaseError]:
    """Evaluate each record in order: its result, or its error."""
    registry = registry or default_registry()
    seen: set[str] = set()
    for record in records:
        if record.error is not None:
            yield CaseError(None, record.error.detail())
            continue
        try:
            case = structure_case(record.data)
            if check_duplicates:
                if case.case_id in seen:
                    raise InputError(
                        "duplicate_case_id",
                        "this case_id appeared earlier in the same batch",
                        "case_id",
                    )
                seen.add(case.case_id)
            try:
                policy = registry.policy(case.region)
            except UnknownRegionError as exc:
                raise InputError("unknown_region", str(exc), "region") from None
            yield _evaluate_with(policy, case, as_of)
        except InputError as exc:
            yield error_for(_case_id(record.data), exc)
        except PluginError as exc:
            yield CaseError(_case_id(record.data), ErrorDetail("plugin_failed", str(exc), None))
        except EvaluationError as exc:
            yield CaseError(_case_id(record.data), ErrorDetail(exc.code, str(exc), exc.field))
        except AdoptionRulesError as exc:
            yield CaseError(_case_id(record.data), ErrorDetail("evaluation_failed", str(exc), None))
        except Exception as exc:  # a bug must not take the other cases down
            yield CaseError(
                _case_id(record.data),
                ErrorDetail(
                    "internal_error",
                    f"the library failed on this case ({type(exc).__name__}); please report it",
                    None,
                ),
            )


def evaluate_many(
    cases: Iterable[Any],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
) -> list[Result | CaseError]:
    """Evaluate decoded JSON cases (dicts) in order; one result or error each."""
    records = (Record(i, None, data) for i, data in enumerate(cases))
    return list(evaluate_records(records, as_of, registry=registry))
