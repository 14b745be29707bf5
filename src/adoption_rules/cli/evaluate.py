"""``adoption-rules evaluate``: every obligation of each case.

``--time-left`` and ``--explain`` (issue 16) are off by default: without them
the command runs the same code and writes the same bytes as before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, Generic, TextIO, TypeVar

import attrs

from adoption_rules.api import (
    READ_AHEAD,
    Evaluator,
    RegistryFactory,
    evaluate_records,
    evaluate_rendered,
)
from adoption_rules.cli.common import (
    Subparsers,
    UsageError,
    add_as_of_option,
    add_jobs_option,
    add_policy_option,
    as_of,
    close_input,
    open_input,
    registry_and_factory,
    registry_for,
)
from adoption_rules.core.engine import run
from adoption_rules.core.explain import TimeLeft, time_left
from adoption_rules.core.model import CaseError, Obligation, Result
from adoption_rules.io.converter import unstructure
from adoption_rules.io.jsonio import dumps
from adoption_rules.io.jsontext import to_json
from adoption_rules.io.output import (
    json_entry,
    write_csv,
    write_json,
    write_json_entries,
    write_jsonl,
    write_jsonl_entries,
    write_table,
    write_warnings_csv,
)
from adoption_rules.io.records import FileFormatError, Record, read_records
from adoption_rules.plugins.registry import default_registry

if TYPE_CHECKING:
    from adoption_rules.plugins.registry import Registry

__all__ = [
    "EXPORT_SUFFIXES",
    "add_export_options",
    "as_is",
    "register",
    "rendered_results",
    "results",
]

#: File name endings read as a case system's export (CSV or Excel) rather than as JSON.
EXPORT_SUFFIXES = (".csv", ".xlsx", ".xlsm")

T = TypeVar("T")


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """``--cases``, ``--map`` and ``--date-format``: how to read a CSV or Excel export."""
    group = parser.add_argument_group("reading a CSV or Excel export (docs/importing.md)")
    group.add_argument(
        "--cases", metavar="FILE", help="the case-level facts, one row per case (CSV or Excel)"
    )
    group.add_argument(
        "--map", metavar="MAP.toml", help="column, event and value names of the case system"
    )
    group.add_argument(
        "--date-format",
        choices=("dmy", "iso"),
        help="dmy: dd/mm/yyyy (the default) or iso: YYYY-MM-DD; overrides the map's",
    )


def _export_records(args: argparse.Namespace) -> Iterator[Record]:
    """The cases of the export ``args.file`` as records (each failed case with its error)."""
    # Imported here: start-up speed (most calls read JSON, and need none of this).
    from adoption_rules.analysis.importer import (
        ExportError,
        default_map,
        export_records,
        load_map,
        read_export,
    )

    try:
        imap = load_map(args.map) if args.map else default_map()
        items = read_export(
            args.file, cases=args.cases, import_map=imap, date_format=args.date_format
        )
    except ExportError as exc:
        raise UsageError(str(exc)) from None
    return export_records(items)


def _input(
    args: argparse.Namespace, *, traced: bool, decode: bool
) -> tuple[IO[str] | None, Iterator[Record], bool]:
    """The input stream (``None`` for an export, read whole), its records, and whether to
    check for repeated case ids (an export's are unique by construction)."""
    if args.file.lower().endswith(EXPORT_SUFFIXES):
        if traced:
            raise UsageError(
                "a trace reads JSON cases: convert the export first (adoption-rules import)"
            )
        return None, _export_records(args), False
    stream = open_input(args.file)
    check = not getattr(args, "no_duplicate_check", False)
    return stream, read_records(stream, decode=decode), check


def _evaluator(traced: bool) -> Evaluator:
    if not traced:
        return run
    # Imported here for start-up speed: only a traced run needs the trace.
    from adoption_rules.trace import explain_with

    return explain_with


def _read_ahead(stream: IO[str] | None) -> int:
    """Records read before any is evaluated: a block from a file or an export (faster),
    one at a time from a pipe, where a case system may wait for each answer."""
    if stream is None:
        return READ_AHEAD
    try:
        return READ_AHEAD if stream.seekable() else 1
    except (OSError, ValueError):
        return 1


def results(
    args: argparse.Namespace, *, traced: bool = False
) -> tuple[IO[str] | None, Iterator[Any], dt.date, Registry]:
    """The input stream (``None`` for an export, read whole), the results, ``as_of`` and
    the registry they were evaluated with, in this process.

    ``traced``: each result comes with its trace (:class:`adoption_rules.trace.Explained`);
    JSON input only.
    """
    day = as_of(args)
    registry = registry_for(args)
    stream, records, check = _input(args, traced=traced, decode=True)
    items = evaluate_records(
        records,
        day,
        registry=registry,
        check_duplicates=check,
        evaluator=_evaluator(traced),
        read_ahead=_read_ahead(stream),
    )
    return stream, items, day, registry


def rendered_results(
    args: argparse.Namespace,
    render: Callable[[Any], T],
    *,
    traced: bool = False,
    registries: tuple[Registry, RegistryFactory | None] | None = None,
    day: dt.date | None = None,
) -> tuple[IO[str] | None, Iterator[T], dt.date, Registry]:
    """:func:`results`, each item given as ``render(item)``, in ``--jobs`` worker processes.

    With ``--jobs`` other than 1, ``render`` runs in the workers: it must be a
    module-level function or an instance of a module-level class, and what it
    returns must pickle.  ``registries``: the registry and the workers' factory
    (:func:`~adoption_rules.cli.common.registry_and_factory`), when the caller
    needed them first; ``day``: ``as_of``, when the caller needed it first.  JSON
    Lines are decoded in the workers; the duplicate-id check covers the whole input.
    """
    jobs: int = getattr(args, "jobs", 1)
    if day is None:
        day = as_of(args)
    if registries is None:
        registries = registry_and_factory(args) if jobs != 1 else (registry_for(args), None)
    registry, factory = registries
    stream, records, check = _input(args, traced=traced, decode=jobs == 1)
    items = evaluate_rendered(
        records,
        day,
        render,
        registry=registry if jobs == 1 else None,
        registry_factory=factory,
        jobs=jobs,
        check_duplicates=check,
        evaluator=_evaluator(traced),
        read_ahead=_read_ahead(stream),
    )
    return stream, items, day, registry


def _evaluate_in_workers(args: argparse.Namespace) -> int:
    """``evaluate --jobs N``: the same bytes as one process.

    The workers evaluate and make each case's JSON text (with ``--time-left``
    and ``--explain``); for CSV and the table they send the results, which
    this process writes.  With ``--warnings-csv`` they send each result's
    warnings too, and this process writes the warnings file.
    """
    day = as_of(args)  # before the registry, as with one process: the same first error
    registries = registry_and_factory(args)
    extras = args.time_left or args.explain
    render: Callable[[Any], Any]
    if args.format in ("json", "jsonl"):
        render = _ExtrasEntry(registries[1], args.time_left) if extras else json_entry
    else:
        render = as_is  # the parent writes CSV and the table from the results
    if args.warnings_csv:
        render = _WithWarnings(render)
    items: Iterator[Any]
    stream, items, _, registry = rendered_results(
        args, render, traced=args.explain, registries=registries, day=day
    )
    warnings_file = _open_warnings(args, stream)
    if warnings_file is not None:
        items = _split_warnings(items, warnings_file)
    left = _time_left_of(registry) if args.time_left else None

    def write(out: TextIO) -> tuple[int, int]:
        if args.format == "json":
            return write_json_entries(items, out)
        if args.format == "jsonl":
            return write_jsonl_entries(items, out)
        if args.format == "csv":
            return write_csv(items, out, left)
        return write_table(items, out, day, time_left=left)

    return _written(args, write, stream, warnings_file)


def _open_warnings(args: argparse.Namespace, stream: IO[str] | None) -> TextIO | None:
    """The ``--warnings-csv`` file, opened for writing (``None`` without the option); a
    usage error, the input closed, when it cannot be."""
    if not args.warnings_csv:
        return None
    try:
        return open(args.warnings_csv, "w", encoding="utf-8", newline="")
    except OSError as exc:
        _done(stream)
        raise UsageError(f"{args.warnings_csv}: cannot write ({exc.strerror})") from None


def _written(
    args: argparse.Namespace,
    write: Callable[[TextIO], tuple[int, int]],
    stream: IO[str] | None,
    warnings_file: TextIO | None,
) -> int:
    """``write(sys.stdout)``, then the input and the warnings file closed; the exit status
    (1 when some case had an error)."""
    try:
        _, bad = write(sys.stdout)
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        _done(stream)
        if warnings_file is not None:
            warnings_file.close()
    return 1 if bad else 0


class _ExtrasEntry:
    """An item's JSON text with ``--time-left`` fields and ``--explain``'s explanation, and
    whether it is an error (what the JSON writers write), made in a worker (``--jobs``).

    The calendars ``--time-left`` reads come from a registry built in the
    worker, on first use, by the workers' ``factory``; they are never pickled.
    """

    def __init__(self, factory: RegistryFactory | None, time_left: bool) -> None:
        self.factory = factory
        self.time_left = time_left
        self._text: Callable[[Any], str] | None = None

    def __getstate__(self) -> tuple[RegistryFactory | None, bool]:
        return self.factory, self.time_left

    def __setstate__(self, state: tuple[RegistryFactory | None, bool]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def __call__(self, item: Any) -> tuple[str, bool]:
        if isinstance(item, CaseError):
            return to_json(item), True
        text = self._text
        if text is None:
            left = None
            if self.time_left:
                factory = self.factory
                left = _time_left_of(factory() if factory is not None else default_registry())
            text = self._text = _with_extras(left)
        return text(item), False


@attrs.frozen
class _WithWarnings(Generic[T]):
    """``render(item)``, and what ``--warnings-csv`` writes of the item: a result without
    its obligations (only its warnings are written), or the error (nothing is)."""

    render: Callable[[Any], T]

    def __call__(self, item: Result | CaseError) -> tuple[T, Result | CaseError]:
        kept = attrs.evolve(item, obligations=()) if isinstance(item, Result) else item
        return self.render(item), kept


def _split_warnings(pairs: Iterator[tuple[T, Result | CaseError]], out: TextIO) -> Iterator[T]:
    """Write the warnings of ``pairs`` to ``out`` as :func:`write_warnings_csv` does, and
    give back what was rendered, in order."""
    held: list[T] = []

    def kept() -> Iterator[Result | CaseError]:
        for rendered, item in pairs:
            held.append(rendered)
            yield item

    for _ in write_warnings_csv(kept(), out):
        yield held.pop()  # exactly one: write_warnings_csv gives back each item in turn


def as_is(item: Result | CaseError) -> Result | CaseError:
    """The result or error itself: a render that sends whole results back from the workers."""
    return item


def _done(stream: IO[str] | None) -> None:
    if stream is not None:
        close_input(stream)


def _time_left_of(registry: Registry) -> Callable[[Result, Obligation], TimeLeft]:
    def of(result: Result, ob: Obligation) -> TimeLeft:
        calendar = registry.policy(result.region).calendar
        return time_left(ob.due, ob.status, result.as_of, calendar)

    return of


def _with_extras(
    left: Callable[[Result, Obligation], TimeLeft] | None,
) -> Callable[[Any], str]:
    """The JSON text of an item with ``--time-left`` fields and ``--explain``'s explanation."""

    def text(item: Any) -> str:
        if isinstance(item, CaseError):
            return to_json(item)
        explained = not isinstance(item, Result)
        result: Result = item.result if explained else item
        data = unstructure(result)
        for i, ob in enumerate(result.obligations):
            extra = data["obligations"][i]
            if left is not None:
                extra.update(left(result, ob).as_dict())
            if explained:
                extra["explanation"] = item.trace["obligations"][i]
        return dumps(data)

    return text


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.explain:
        if args.format not in ("json", "jsonl"):
            raise UsageError(
                "--explain needs --format json or jsonl (explain FILE tells the same in words)"
            )
        if args.warnings_csv:
            raise UsageError("--explain and --warnings-csv: give one or the other")
    if args.jobs != 1:
        return _evaluate_in_workers(args)
    stream, items, day, registry = results(args, traced=args.explain)
    extras = args.time_left or args.explain
    left = _time_left_of(registry) if args.time_left else None
    warnings_file = _open_warnings(args, stream)
    if warnings_file is not None:
        items = iter(write_warnings_csv(items, warnings_file))
    if stream is sys.stdin and args.format == "jsonl":
        # A case system may keep the pipe open: answer each case as soon as it is read.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)

    def write(out: TextIO) -> tuple[int, int]:
        if args.format in ("json", "jsonl"):
            writer = write_json if args.format == "json" else write_jsonl
            return writer(items, out, _with_extras(left)) if extras else writer(items, out)
        if args.format == "csv":
            return write_csv(items, out, left)
        return write_table(items, out, day, time_left=left)

    return _written(args, write, stream, warnings_file)


def register(subparsers: Subparsers) -> None:
    """Add the ``evaluate`` command (``explain`` is in :mod:`adoption_rules.cli.explain`)."""
    p = subparsers.add_parser(
        "evaluate",
        help="every obligation of each case, as of a date",
        description=(
            "Read one case, a JSON array of cases, or JSON Lines (one case a line; '-' for "
            "standard input) and print one result or error per case, in input order. "
            "Exit 0 when every case evaluated, 1 when some case had an error, 2 on misuse."
        ),
    )
    p.add_argument(
        "file",
        help="the cases: a .json or .jsonl file, - for standard input, or a .csv/.xlsx export",
    )
    add_as_of_option(p)
    p.add_argument(
        "--format",
        choices=("table", "json", "jsonl", "csv"),
        default="table",
        help="table (overdue and due soon, for people), json (the contract), jsonl, csv",
    )
    p.add_argument(
        "--no-duplicate-check",
        action="store_true",
        help=(
            "do not report repeated case ids; memory then stays flat however long the "
            "input (the check remembers each id, about 90 bytes a case)"
        ),
    )
    p.add_argument(
        "--warnings-csv",
        metavar="FILE",
        help="also write every warning to FILE as CSV: case_id, region, as_of, code, message",
    )
    p.add_argument(
        "--time-left",
        action="store_true",
        help=(
            "add working_days_left, calendar_days_left and days_late to each obligation "
            "(json, jsonl, csv; the table shows working days left)"
        ),
    )
    p.add_argument(
        "--explain",
        action="store_true",
        help=(
            "add each obligation's explanation (its item of the adoption-rules.trace.v1 "
            "trace: events, parameters read, plugins, days skipped, time left); json or jsonl"
        ),
    )
    add_export_options(p)
    add_jobs_option(p)
    add_policy_option(p)
    p.set_defaults(handler=_cmd_evaluate)
