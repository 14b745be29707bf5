"""The Python API: evaluate one case, or many, with the installed regions' policies.

:func:`evaluate` checks its arguments, finds the region's policy in the
registry (built-in and installed region plugins, loaded once per process)
and runs the core engine (:func:`adoption_rules.core.engine.run`) over it.
:func:`evaluate_records` and :func:`evaluate_many` evaluate a batch in order:
one bad case never stops the others; it gets a
:class:`~adoption_rules.core.model.CaseError` in the contract's shape.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar, overload

from adoption_rules.core.calendar import MAX_DATE, MIN_DATE, england_date, today_in_england
from adoption_rules.core.engine import EvaluationError, run
from adoption_rules.core.errors import DateError
from adoption_rules.core.model import Case, CaseError, Result
from adoption_rules.core.tracing import TracedObligation, run_traced
from adoption_rules.io.converter import InputError, has_lone_surrogate, structure_case
from adoption_rules.io.records import Record
from adoption_rules.io.safe import case_error
from adoption_rules.plugins.policy import Policy
from adoption_rules.plugins.registry import Registry, UnknownRegionError, default_registry

__all__ = [
    "EvaluationError",
    "evaluate",
    "evaluate_many",
    "evaluate_records",
    "evaluate_traced",
]


def evaluate(
    case: Case,
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
) -> Result:
    """Every obligation the procedure creates for ``case``, as the case stood on ``as_of``.

    ``as_of`` defaults to today in England.  ``registry`` defaults to the
    built-in and installed regions.  Raises
    :class:`~adoption_rules.plugins.registry.UnknownRegionError` for a region no plugin
    provides and :class:`~adoption_rules.plugins.dispatch.PluginError` when a plugin fails.
    """
    if not isinstance(case, Case):
        raise InputError(
            "wrong_type",
            "evaluate() expects a Case (build one from JSON data with "
            "adoption_rules.io.converter.structure_case); evaluate_many() takes JSON data",
            "case",
        )
    as_of = today_in_england() if as_of is None else _as_of(as_of)
    policy = (registry or default_registry()).policy(case.region)
    return run(policy, case, as_of)


def evaluate_traced(
    case: Case,
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
) -> tuple[Result, tuple[TracedObligation, ...]]:
    """:func:`evaluate`, and how the engine reached each obligation, in the result's order.

    The same result as :func:`evaluate` (which records nothing: tracing costs
    only when asked for); :mod:`adoption_rules.trace` turns the record into the
    ``adoption-rules.trace.v1`` trace.
    """
    as_of = today_in_england() if as_of is None else _as_of(as_of)
    policy = (registry or default_registry()).policy(case.region)
    return run_traced(policy, case, as_of)


def _as_of(value: object) -> dt.date:
    """``as_of`` checked: a date in England within the calendar's range (a naive
    datetime refused, an aware one converted), else a :class:`DateError`."""
    day = england_date(value, field="as_of")
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateError(
            f"as_of: expected a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    return day


def _case_id(data: Any) -> str | None:
    """The case id to name in an error: ``None`` unless it is a string of real text."""
    if isinstance(data, dict):
        cid = data.get("case_id")
        if isinstance(cid, str) and not has_lone_surrogate(cid):
            return cid
    return None


_T = TypeVar("_T")


@overload
def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
) -> Iterator[Result | CaseError]: ...


@overload
def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
    evaluator: Callable[[Policy, Case, dt.date], _T],
) -> Iterator[_T | CaseError]: ...


def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
    evaluator: Callable[[Policy, Case, dt.date], Any] = run,
) -> Iterator[Any]:
    """Evaluate each record in order: its result, or its error.

    ``evaluator`` evaluates one case with its region's policy (default: the
    core engine's :func:`~adoption_rules.core.engine.run`); ``explain`` passes
    one that also traces the case (:func:`adoption_rules.trace.explain_with`).
    """
    registry = registry or default_registry()
    as_of = _as_of(as_of)
    seen: set[str] = set()
    for record in records:
        if record.error is not None:
            yield CaseError(None, record.error.detail())
            continue
        try:
            case = structure_case(record.data)
            # An id is taken only by a copy that was evaluated: a bad first copy
            # (unknown region, say) does not block a good second one.
            if check_duplicates and case.case_id in seen:
                raise InputError(
                    "duplicate_case_id",
                    "this case_id appeared earlier in the same batch",
                    "case_id",
                )
            try:
                policy = registry.policy(case.region)
            except UnknownRegionError as exc:
                raise InputError("unknown_region", str(exc), "region") from None
            result = evaluator(policy, case, as_of)
        except Exception as exc:  # one bad case never takes the others down
            yield case_error(_case_id(record.data), exc)
            continue
        if check_duplicates:
            seen.add(case.case_id)
        yield result


def evaluate_many(
    cases: Iterable[Any],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
) -> list[Result | CaseError]:
    """Evaluate decoded JSON cases (dicts) in order; one result or error each."""
    records = (Record(i, None, data) for i, data in enumerate(cases))
    return list(evaluate_records(records, as_of, registry=registry))
