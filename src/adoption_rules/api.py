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
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, overload

import attrs

from adoption_rules.core.calendar import MAX_DATE, MIN_DATE, england_date, today_in_england
from adoption_rules.core.engine import (
    EvaluationError,
    Found,
    case_as_of,
    find_obligations,
    result_of,
    run,
)
from adoption_rules.core.errors import DateError
from adoption_rules.core.model import Case, CaseError, ErrorDetail, Result
from adoption_rules.core.tracing import TracedObligation, run_traced
from adoption_rules.io.converter import InputError, structure_case
from adoption_rules.io.records import Record, case_id_of, decoded, duplicate_error, read_error
from adoption_rules.io.safe import case_error
from adoption_rules.plugins.policy import Policy
from adoption_rules.plugins.registry import Registry, UnknownRegionError, default_registry

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.io.overrides import Overrides

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "READ_AHEAD",
    "EvaluationError",
    "Evaluator",
    "RegistryFactory",
    "evaluate",
    "evaluate_block",
    "evaluate_data",
    "evaluate_many",
    "evaluate_records",
    "evaluate_rendered",
    "evaluate_traced",
    "overridden_registry",
]

T = TypeVar("T")
#: A module-level function that builds a registry: sent to worker processes by name.
RegistryFactory = Callable[[], Registry]
#: Evaluates one case with its region's policy: the core engine's ``run`` by default;
#: ``explain`` passes one that also traces the case.  A module-level function, so
#: that it can be sent to worker processes.
Evaluator = Callable[[Policy, Case, dt.date], Any]
#: Cases sent to a worker at a time (``jobs`` other than 1).
DEFAULT_CHUNK_SIZE: Final = 200
#: Records read ahead of evaluation where nothing waits for each answer (a file, a
#: list): a block structured, then evaluated (:func:`evaluate_block`).  Blocks of
#: 20 to 2,000 measured alike; this keeps a block's memory small.
READ_AHEAD: Final = 32


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


def evaluate_data(
    data: Any,
    as_of: dt.date,
    registry: Registry,
    seen: set[str] | None = None,
    evaluator: Evaluator = run,
) -> tuple[str | None, Any]:
    """One decoded case: its ``case_id`` once it was read (else ``None``), and its result or error.

    With ``seen``, a case whose id is in it gets the ``duplicate_case_id`` error
    without being evaluated, and the id of a case that evaluated is added.
    Without, the caller checks the id it gets back (the parallel evaluator does,
    in its parent process); the id is ``None`` for a case that did not evaluate.
    ``evaluator`` evaluates the case (default: the core engine's ``run``).
    """
    return evaluate_block([data], as_of, registry, seen, evaluator)[0]


def evaluate_block(
    block: Sequence[Any],
    as_of: dt.date,
    registry: Registry,
    seen: set[str] | None = None,
    evaluator: Evaluator = run,
) -> list[tuple[str | None, Any]]:
    """:func:`evaluate_data` of each decoded case of ``block``, in order, stage by stage.

    Every case is structured first; then, with the core engine's ``run``, every
    case's rules are played (:func:`~adoption_rules.core.engine.find_obligations`),
    then each region's policy answers for its cases
    (:meth:`~adoption_rules.plugins.policy.Policy.block_answers`).  The same
    answers, ids and duplicate checks as one case at a time, in less time: each
    stage runs over the whole block with its own code and data warm in the
    processor's caches (``docs/performance.md``).  Another ``evaluator``
    evaluates each case whole, after the block is structured.
    """
    cases: list[Case | Exception] = []
    for data in block:
        try:
            cases.append(structure_case(data))
        except Exception as exc:  # one bad case never takes the others down (io.safe)
            cases.append(exc)
    staged = evaluator is run
    results: list[Result | Exception | None] = [None] * len(block)
    if staged:
        _evaluate_staged(cases, as_of, registry, seen, results)
    out: list[tuple[str | None, Any]] = []
    for data, case, staged_result in zip(block, cases, results, strict=True):
        try:
            if isinstance(case, Exception):
                raise case
            key = case.case_id
            # Checked here, in input order: a copy earlier in the block that was
            # evaluated has taken the id by now.
            if seen is not None and key in seen:
                out.append((key, duplicate_error(key)))
                continue
            if isinstance(staged_result, Exception):
                raise staged_result
            if staged_result is not None:
                result = staged_result
            else:  # another evaluator; or a repeated id whose earlier copy failed
                result = evaluator(_policy(registry, case), case, as_of)
        except Exception as exc:  # one bad case never takes the others down (io.safe)
            # No key: an id is taken only by a copy that was evaluated, so a bad first
            # copy (an unknown region, say) does not block a good second one.
            out.append((None, case_error(case_id_of(data), exc)))
            continue
        if seen is not None:
            seen.add(key)
        out.append((key, result))
    return out


def _evaluate_staged(
    cases: Sequence[Case | Exception],
    as_of: dt.date,
    registry: Registry,
    seen: set[str] | None,
    results: list[Result | Exception | None],
) -> None:
    """The engine's two stages over a block, each case's result (or error) into ``results``.

    A case is left out (``None``) when it was not structured, when its id was
    taken before the block, or when a copy earlier in the block may take it:
    that one is evaluated here, and the later copy afterwards only if the
    earlier one fails, as one case at a time would.
    """
    found: dict[int, tuple[Policy, Case, Found]] = {}
    pending: set[str] = set()  # ids of copies in this block being evaluated
    for i, case in enumerate(cases):
        if isinstance(case, Exception):
            continue
        key = case.case_id
        if (seen is not None and key in seen) or key in pending:
            continue
        if seen is not None:
            pending.add(key)
        try:
            policy = _policy(registry, case)
            found[i] = (policy, case, find_obligations(policy, case, as_of))
        except Exception as exc:  # raised in its turn
            results[i] = exc
    by_policy: dict[Policy, list[int]] = {}
    for i, (policy, _, _) in found.items():
        by_policy.setdefault(policy, []).append(i)
    for policy, indices in by_policy.items():
        try:
            shown = [case_as_of(found[i][1], as_of, found[i][2]) for i in indices]
            answers = policy.block_answers(
                [
                    (case, as_of, found[i][2].obligations, found[i][2].items)
                    for i, case in zip(indices, shown, strict=True)
                ]
            )
            for i, case, answer in zip(indices, shown, answers, strict=True):
                if isinstance(answer, Exception):
                    results[i] = answer
                else:
                    results[i] = result_of(case, as_of, found[i][2], answer)
        except Exception:  # not one case's error (those come back in place): never
            # the block's either; each of these cases is evaluated alone instead.
            for i in indices:
                results[i] = None


def _policy(registry: Registry, case: Case) -> Policy:
    try:
        return registry.policy(case.region)
    except UnknownRegionError as exc:
        raise InputError("unknown_region", str(exc), "region") from None


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


_T = TypeVar("_T")


@overload
def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
    jobs: int = 1,
    registry_factory: RegistryFactory | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    read_ahead: int = 1,
) -> Iterator[Result | CaseError]: ...


@overload
def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
    jobs: int = 1,
    registry_factory: RegistryFactory | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    evaluator: Callable[[Policy, Case, dt.date], _T],
    read_ahead: int = 1,
) -> Iterator[_T | CaseError]: ...


def evaluate_records(
    records: Iterable[Record],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
    jobs: int = 1,
    registry_factory: RegistryFactory | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    evaluator: Evaluator = run,
    read_ahead: int = 1,
) -> Iterator[Any]:
    """Evaluate each record in order: its result, or its error.

    ``jobs``: evaluate in that many worker processes (``0``: one per core this
    process may use; see :mod:`adoption_rules.parallel` and ``docs/scale.md``),
    with the same results in the same order.  A registry cannot be sent to a
    worker: with ``jobs`` other than 1, pass ``registry_factory`` (a
    module-level function that builds it; each worker calls it once) instead
    of ``registry``.  Records may be ``raw`` (``read_records(decode=False)``).
    ``evaluator`` evaluates one case with its region's policy (default: the
    core engine's :func:`~adoption_rules.core.engine.run`); ``explain`` passes
    one that also traces the case (:func:`adoption_rules.trace.explain_with`).

    ``read_ahead`` (in this process, ``jobs=1``): how many records are read
    before the first of them is evaluated.  The default, 1, answers each case as
    soon as it is read, for a live stream (a pipe a case system keeps open); a
    file or a list is faster read ahead (:data:`READ_AHEAD`): each stage runs
    over the block (:func:`evaluate_block`).  Worker processes always work a
    chunk stage by stage.
    """
    return evaluate_rendered(
        records,
        as_of,
        _same,
        registry=registry,
        check_duplicates=check_duplicates,
        jobs=jobs,
        registry_factory=registry_factory,
        chunk_size=chunk_size,
        evaluator=evaluator,
        read_ahead=read_ahead,
    )


def _as_of(value: object) -> dt.date:
    """``as_of`` checked: a date in England within the calendar's range (a naive
    datetime refused, an aware one converted), else a :class:`DateError`."""
    day = england_date(value, field="as_of")
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateError(
            f"as_of: expected a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    return day


def _same(item: Any) -> Any:
    return item


def _serial(
    records: Iterable[Record],
    as_of: dt.date,
    registry: Registry,
    check_duplicates: bool,
    evaluator: Evaluator,
    read_ahead: int,
) -> Iterator[Any]:
    seen: set[str] | None = set() if check_duplicates else None
    if read_ahead == 1:  # each case answered as soon as it is read
        for record in records:
            if record.raw:
                record = decoded(record)
            if record.error is not None:
                yield read_error(record)
            else:
                yield evaluate_data(record.data, as_of, registry, seen, evaluator)[1]
        return
    source = iter(records)
    while True:
        block: list[Record] = []
        ended: Exception | None = None
        try:
            for record in islice(source, read_ahead):
                block.append(decoded(record) if record.raw else record)
        except Exception as exc:  # the input ended badly: what was read is answered first
            ended = exc
        answers = iter(
            evaluate_block(
                [r.data for r in block if r.error is None], as_of, registry, seen, evaluator
            )
        )
        for record in block:
            yield read_error(record) if record.error is not None else next(answers)[1]
        if ended is not None:
            raise ended
        if len(block) < read_ahead:
            return


def evaluate_rendered(
    records: Iterable[Record],
    as_of: dt.date,
    render: Callable[[Result | CaseError], T],
    *,
    registry: Registry | None = None,
    check_duplicates: bool = True,
    jobs: int = 1,
    registry_factory: RegistryFactory | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    evaluator: Evaluator = run,
    read_ahead: int = 1,
) -> Iterator[T]:
    """``render`` of each record's result or error, in order (as :func:`evaluate_records`).

    With ``jobs``, ``render`` runs in the workers, so it must be a module-level
    function whose value pickles: the command line turns each result into its
    JSON text there, and the parent only copies text.
    """
    as_of = _as_of(as_of)
    if jobs != 1:
        # Imported here, not at the top, for start-up speed: one process needs no workers.
        from adoption_rules.parallel import ordered_map, resolve_jobs

        jobs = resolve_jobs(jobs)  # 0: one per available core, which may be one
    if jobs == 1:
        if registry is None:
            registry = registry_factory() if registry_factory is not None else default_registry()
        if read_ahead < 1:
            raise ValueError("read_ahead must be at least 1")
        items = _serial(records, as_of, registry, check_duplicates, evaluator, read_ahead)
        return items if render is _same else map(render, items)
    if registry is not None:
        raise ValueError(
            "a registry cannot be sent to worker processes: pass registry_factory "
            "(a module-level function that returns it) instead"
        )
    return ordered_map(
        records,
        _CaseWorker(as_of, registry_factory, render, evaluator),
        render,
        jobs=jobs,
        check_duplicates=check_duplicates,
        chunk_size=chunk_size,
    )


@attrs.frozen
class _CaseWorker(Generic[T]):
    """Sent to each worker process, once: builds its registry, then evaluates its cases."""

    as_of: dt.date
    registry_factory: RegistryFactory | None
    render: Callable[[Result | CaseError], T]
    evaluator: Evaluator = run

    def __call__(self) -> Callable[[list[Any]], list[tuple[str | None, T]]]:
        factory = self.registry_factory
        registry = factory() if factory is not None else default_registry()
        as_of, render, evaluator = self.as_of, self.render, self.evaluator

        def work(block: list[Any]) -> list[tuple[str | None, T]]:
            out = []
            for key, item in evaluate_block(block, as_of, registry, None, evaluator):
                try:
                    out.append((key, render(item)))
                except Exception as exc:  # a bug must not take the chunk down
                    out.append((key, render(_render_failed(item, exc))))
            return out

        return work


def _render_failed(item: Result | CaseError, exc: Exception) -> CaseError:
    return CaseError(
        item.case_id,
        ErrorDetail(
            "internal_error",
            f"the library failed to write this case ({type(exc).__name__}); please report it",
            None,
        ),
    )


def overridden_registry(overrides: Overrides) -> Registry:
    """The default registry with ``overrides`` applied.

    With :func:`functools.partial`, a ``registry_factory`` for workers: the
    override file is read once, in the parent, and its checked content sent.
    """
    # Imported here, not at the top, for start-up speed: few runs change the policy.
    from adoption_rules.io.overrides import apply_overrides

    return apply_overrides(default_registry(), overrides)


def evaluate_many(
    cases: Iterable[Any],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    jobs: int = 1,
    registry_factory: RegistryFactory | None = None,
) -> list[Result | CaseError]:
    """Evaluate decoded JSON cases (dicts) in order; one result or error each.

    ``jobs`` and ``registry_factory`` as for :func:`evaluate_records`: the
    results are the same, in the same order, whatever ``jobs``.
    """
    records = (Record(i, None, data) for i, data in enumerate(cases))
    return list(
        evaluate_records(
            records,
            as_of,
            registry=registry,
            jobs=jobs,
            registry_factory=registry_factory,
            read_ahead=READ_AHEAD,
        )
    )
