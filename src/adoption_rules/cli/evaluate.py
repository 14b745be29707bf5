"""``adoption-rules evaluate`` and ``explain``: every obligation of each case, and why."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Iterator
from typing import IO, TYPE_CHECKING, TypeVar

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
from adoption_rules.core.model import CaseError, Obligation, Result
from adoption_rules.io.output import (
    explain_obligation,
    json_entry,
    write_csv,
    write_json,
    write_json_entries,
    write_jsonl,
    write_jsonl_entries,
    write_table,
)
from adoption_rules.io.records import FileFormatError, read_records

if TYPE_CHECKING:
    from adoption_rules.plugins.registry import Registry

__all__ = ["register"]

T = TypeVar("T")


def _results(
    args: argparse.Namespace,
) -> tuple[IO[str], Iterator[Result | CaseError], dt.date, Registry]:
    day = as_of(args)
    registry = registry_for(args)
    stream = open_input(args.file)
    items = evaluate_records(
        read_records(stream),
        day,
        registry=registry,
        check_duplicates=not getattr(args, "no_duplicate_check", False),
    )
    return stream, items, day, registry


def _evaluate_in_workers(args: argparse.Namespace) -> int:
    """``evaluate --jobs N``: workers evaluate, and write JSON text; the same bytes as one."""
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


def _cmd_evaluate(args: argparse.Namespace) -> int:
    if args.jobs != 1:
        return _evaluate_in_workers(args)
    stream, items, day, _ = _results(args)
    if stream is sys.stdin and args.format == "jsonl":
        # A case system may keep the pipe open: answer each case as soon as it is read.
        reconfigure = getattr(sys.stdout, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(line_buffering=True)
    try:
        if args.format == "json":
            _, bad = write_json(items, sys.stdout)
        elif args.format == "jsonl":
            _, bad = write_jsonl(items, sys.stdout)
        elif args.format == "csv":
            _, bad = write_csv(items, sys.stdout)
        else:
            _, bad = write_table(items, sys.stdout, day)
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        close_input(stream)
    return 1 if bad else 0


def _quote(registry: Registry, result: Result, ob: Obligation) -> str:
    """The policy's own words for the rule that made ``ob`` (``""`` when it has none)."""
    if result.region not in registry:
        return ""
    resolved = registry.policy(result.region).rule(ob.kind)
    return resolved.rule.quote if resolved is not None and resolved.rule.rule_id == ob.rule else ""


def _cmd_explain(args: argparse.Namespace) -> int:
    stream, items, _, registry = _results(args)
    bad = shown = 0
    try:
        for item in items:
            if isinstance(item, CaseError):
                bad += 1
                print(
                    f"{item.case_id or '(no case_id)'}: {item.error.code}: {item.error.message}",
                    file=sys.stderr,
                )
                continue
            for ob in item.obligations:
                if args.kind in (None, ob.kind):
                    if shown:
                        sys.stdout.write("\n")
                    quote = _quote(registry, item, ob)
                    sys.stdout.write(explain_obligation(item, ob, quote) + "\n")
                    shown += 1
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        close_input(stream)
    if not shown:
        what = f"of kind {args.kind!r} " if args.kind else ""
        print(f"no obligation {what}in {args.file}", file=sys.stderr)
    return 1 if bad else 0


def register(subparsers: Subparsers) -> None:
    """Add the ``evaluate`` and ``explain`` commands."""
    p = subparsers.add_parser(
        "evaluate",
        help="every obligation of each case, as of a date",
        description=(
            "Read one case, a JSON array of cases, or JSON Lines (one case a line; '-' for "
            "standard input) and print one result or error per case, in input order. "
            "Exit 0 when every case evaluated, 1 when some case had an error, 2 on misuse."
        ),
    )
    p.add_argument("file", help="the cases: a .json or .jsonl file, or - for standard input")
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
    add_jobs_option(p)
    add_policy_option(p)
    p.set_defaults(handler=_cmd_evaluate)

    p = subparsers.add_parser(
        "explain",
        help="why each obligation is due when it is: rule, period, event, plugin, source",
    )
    p.add_argument("file", help="the cases, as for evaluate")
    p.add_argument("--kind", help="only obligations of this kind (for example assessment)")
    add_as_of_option(p)
    add_policy_option(p)
    p.set_defaults(handler=_cmd_explain)
