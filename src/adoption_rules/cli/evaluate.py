"""``adoption-rules evaluate``: every obligation of each case.

``--time-left`` and ``--explain`` (issue 16) are off by default: without them
the command runs the same code and writes the same bytes as before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, Any, TypeVar

from adoption_rules.api import evaluate_records, evaluate_rendered
from adoption_rules.cli.common import (
    Subparsers,
    UsageError,
    add_as_of_option,
    add_jobs_option,
    add_policy_option,
    as_of,
    close_input,
    open_input,
    registry_factory_for,
    registry_for,
)
from adoption_rules.core.engine import run
from adoption_rules.core.explain import TimeLeft, time_left
from adoption_rules.core.model import Case, CaseError, Obligation, Result
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
from adoption_rules.io.records import FileFormatError, read_records

if TYPE_CHECKING:
    from adoption_rules.plugins.policy import Policy
    from adoption_rules.plugins.registry import Registry

__all__ = ["EXPORT_SUFFIXES", "add_export_options", "register", "results"]

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


def _export_results(
    args: argparse.Namespace, day: dt.date, registry: Registry
) -> Iterator[Result | CaseError]:
    # Imported here: start-up speed (most calls read JSON, and need none of this).
    from adoption_rules.analysis.importer import (
        ExportError,
        default_map,
        evaluate_export,
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
    return evaluate_export(items, day, registry=registry)


def results(
    args: argparse.Namespace, *, traced: bool = False
) -> tuple[IO[str] | None, Iterator[Any], dt.date, Registry]:
    """The input stream (``None`` for an export, read whole), the results, ``as_of`` and
    the registry they were evaluated with.

    ``traced``: each result comes with its trace (:class:`adoption_rules.trace.Explained`);
    JSON input only.
    """
    day = as_of(args)
    registry = registry_for(args)
    if args.file.lower().endswith(EXPORT_SUFFIXES):
        if traced:
            raise UsageError(
                "a trace reads JSON cases: convert the export first (adoption-rules import)"
            )
        return None, _export_results(args, day, registry), day, registry
    stream = open_input(args.file)
    if traced:
        # Imported here for start-up speed: only a traced run needs the trace.
        from adoption_rules.trace import explain_with

        evaluator: Callable[[Policy, Case, dt.date], Any] = explain_with
    else:
        evaluator = run
    items = evaluate_records(
        read_records(stream),
        day,
        registry=registry,
        check_duplicates=not getattr(args, "no_duplicate_check", False),
        evaluator=evaluator,
    )
    return stream, items, day, registry


def _evaluate_in_workers(args: argparse.Namespace) -> int:
    """``evaluate --jobs N``: workers evaluate, and write JSON text; the same bytes as one."""
    if args.file.lower().endswith(EXPORT_SUFFIXES) or args.warnings_csv:
        raise UsageError(
            "--jobs reads JSON or JSON Lines cases; for a CSV or Excel export, or with "
            "--warnings-csv, leave --jobs out (or run `adoption-rules import` first)"
        )
    if args.explain or args.time_left or getattr(args, "added_holidays", None):
        raise UsageError(
            "--jobs writes the contract's default output: leave it out with --explain, "
            "--time-left or --added-holidays"
        )
    day = as_of(args)
    factory = registry_factory_for(args)
    stream = open_input(args.file)

    def evaluated(render: Callable[[Result | CaseError], T]) -> Iterator[T]:
        return evaluate_rendered(
            read_records(stream, decode=False),  # the workers decode each line
            day,
            render,
            jobs=args.jobs,
            registry_factory=factory,
            check_duplicates=not args.no_duplicate_check,
        )

    try:
        if args.format == "json":
            _, bad = write_json_entries(evaluated(json_entry), sys.stdout)
        elif args.format == "jsonl":
            _, bad = write_jsonl_entries(evaluated(json_entry), sys.stdout)
        elif args.format == "csv":
            _, bad = write_csv(evaluated(_same), sys.stdout)
        else:
            _, bad = write_table(evaluated(_same), sys.stdout, day)
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        close_input(stream)
    return 1 if bad else 0


def _same(item: Result | CaseError) -> Result | CaseError:
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
    if args.jobs != 1:
        return _evaluate_in_workers(args)
    if args.explain:
        if args.format not in ("json", "jsonl"):
            raise UsageError(
                "--explain needs --format json or jsonl (explain FILE tells the same in words)"
            )
        if args.warnings_csv:
            raise UsageError("--explain and --warnings-csv: give one or the other")
    stream, items, day, registry = results(args, traced=args.explain)
    extras = args.time_left or args.explain
    left = _time_left_of(registry) if args.time_left else None
    warnings_file = None
    if args.warnings_csv:
        try:
            warnings_file = open(args.warnings_csv, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            _done(stream)
            raise UsageError(f"{args.warnings_csv}: cannot write ({exc.strerror})") from None
        items = iter(write_warnings_csv(items, warnings_file))
    if stream is sys.stdin and args.format == "jsonl":
        # A case system may keep the pipe open: answer each case as soon as it is read.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)
    try:
        if extras and args.format in ("json", "jsonl"):
            write = write_json if args.format == "json" else write_jsonl
            _, bad = write(items, sys.stdout, _with_extras(left))
        elif args.format == "json":
            _, bad = write_json(items, sys.stdout)
        elif args.format == "jsonl":
            _, bad = write_jsonl(items, sys.stdout)
        elif args.format == "csv":
            _, bad = write_csv(items, sys.stdout, left)
        else:
            _, bad = write_table(items, sys.stdout, day, time_left=left)
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        _done(stream)
        if warnings_file is not None:
            warnings_file.close()
    return 1 if bad else 0


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
