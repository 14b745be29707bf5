"""The ``adoption-rules`` command line.

Every command is a sub-parser whose leaf sets ``handler``: a function taking
the parsed arguments and returning the exit status (0 done, 1 some input had
errors, 2 the command was misused or a file could not be read).  Errors go to
standard error as one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO

from adoption_rules.core.calendar import england_calendar, england_date, parse_date
from adoption_rules.core.errors import AdoptionRulesError, DateError, NotUtf8Error, decode_utf8
from adoption_rules.core.model import CaseError, Result
from adoption_rules.core.periods import parse_period

__all__ = ["main", "read_closures"]

Handler = Callable[[argparse.Namespace], int]

#: Modules that add commands of their own: each exposes ``register(subparsers)``.
_COMMAND_MODULES: tuple[str, ...] = (
    "adoption_rules.cli.schema",
    "adoption_rules.cli.policy",
    "adoption_rules.cli.fund",
    "adoption_rules.cli.questions",
    "adoption_rules.cli.regions",
    "adoption_rules.cli.audit",
)


class UsageError(AdoptionRulesError):
    """The command was misused or its input file could not be read (exit 2)."""


def read_closures(path: Path) -> list[object]:
    """Read closure days from ``path``: one ``YYYY-MM-DD`` a line; ``#`` starts a comment."""
    try:
        text = decode_utf8(path.read_bytes())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read closure days ({exc.strerror})") from None
    except NotUtf8Error as exc:
        raise UsageError(f"{path}, {exc}") from None
    days: list[object] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        try:
            days.append(parse_date(entry, field=f"{path}, line {number}"))
        except DateError as exc:
            raise UsageError(str(exc)) from None
    return days


def _cmd_deadline(args: argparse.Namespace) -> int:
    try:
        start = parse_date(args.start, field="start")
        period = parse_period(args.period)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    closures = read_closures(Path(args.closures)) if args.closures else []
    try:
        calendar = england_calendar(england_date(d) for d in closures)
        deadline = period.deadline(start, calendar)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    out: TextIO = sys.stdout
    if args.json:
        json.dump(
            {
                "start": deadline.start.isoformat(),
                "period": str(deadline.period),
                "due": deadline.due.isoformat(),
                "provisional": deadline.provisional,
            },
            out,
        )
        out.write("\n")
    else:
        mark = "  (provisional: later than the last announced bank holiday)"
        out.write(deadline.due.isoformat() + (mark if deadline.provisional else "") + "\n")
    return 0


def _as_of(args: argparse.Namespace) -> dt.date:
    if args.as_of:
        try:
            return parse_date(args.as_of, field="--as-of")
        except AdoptionRulesError as exc:
            raise UsageError(str(exc)) from None
    from adoption_rules.core.calendar import today_in_england

    return today_in_england()


def _open_input(name: str) -> IO[str]:
    from adoption_rules.io.records import open_input

    try:
        return open_input(name)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None


def _results(args: argparse.Namespace) -> tuple[IO[str], Iterator[Result | CaseError], dt.date]:
    from adoption_rules.api import evaluate_records
    from adoption_rules.cli.policy import registry_for
    from adoption_rules.io.records import read_records

    as_of = _as_of(args)
    registry = registry_for(args)
    stream = _open_input(args.file)
    items = evaluate_records(
        read_records(stream),
        as_of,
        registry=registry,
        check_duplicates=not getattr(args, "no_duplicate_check", False),
    )
    return stream, items, as_of


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from adoption_rules.io.output import write_csv, write_json, write_jsonl, write_table
    from adoption_rules.io.records import FileFormatError

    stream, items, as_of = _results(args)
    try:
        if args.format == "json":
            _, bad = write_json(items, sys.stdout)
        elif args.format == "jsonl":
            _, bad = write_jsonl(items, sys.stdout)
        elif args.format == "csv":
            _, bad = write_csv(items, sys.stdout)
        else:
            _, bad = write_table(items, sys.stdout, as_of)
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 1 if bad else 0


def _cmd_explain(args: argparse.Namespace) -> int:
    from adoption_rules.io.output import explain_obligation
    from adoption_rules.io.records import FileFormatError

    stream, items, _ = _results(args)
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
                    sys.stdout.write(explain_obligation(item, ob) + "\n")
                    shown += 1
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        if stream is not sys.stdin:
            stream.close()
    if not shown:
        what = f"of kind {args.kind!r} " if args.kind else ""
        print(f"no obligation {what}in {args.file}", file=sys.stderr)
    return 1 if bad else 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from adoption_rules.demo import run_demo

    return run_demo(sys.stdout)


#: The commands defined in this module: running one of them needs none of
#: ``_COMMAND_MODULES`` (whose imports are a third of start-up).
_CORE_COMMANDS: frozenset[str] = frozenset({"deadline", "evaluate", "explain", "demo"})


def build_parser(*, core_only: bool = False) -> argparse.ArgumentParser:
    """The argument parser with every command registered (``core_only``: this module's)."""
    parser = argparse.ArgumentParser(
        prog="adoption-rules",
        description="The English adoption-support procedure and its deadlines.",
    )
    from adoption_rules import __version__

    parser.add_argument("--version", action="version", version=f"adoption-rules {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    from adoption_rules.cli.policy import add_policy_option

    p = sub.add_parser(
        "deadline",
        help="the date a period after a start date ends",
        description=(
            "Print the date PERIOD after START: '5 working days' is the 5th working day "
            "strictly after START (England's bank holidays excluded); days, weeks, months "
            "and years are calendar arithmetic, month ends clamped."
        ),
    )
    p.add_argument("start", help="start date, YYYY-MM-DD")
    p.add_argument("period", help="for example '5 working days', '4 weeks', '2 months', '1 year'")
    p.add_argument("--closures", metavar="FILE", help="agency closure days, one YYYY-MM-DD a line")
    p.add_argument(
        "--json", action="store_true", help="print JSON: start, period, due, provisional"
    )
    p.set_defaults(handler=_cmd_deadline)

    p = sub.add_parser(
        "evaluate",
        help="every obligation of each case, as of a date",
        description=(
            "Read one case, a JSON array of cases, or JSON Lines (one case a line; '-' for "
            "standard input) and print one result or error per case, in input order. "
            "Exit 0 when every case evaluated, 1 when some case had an error, 2 on misuse."
        ),
    )
    p.add_argument("file", help="the cases: a .json or .jsonl file, or - for standard input")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate as of this date (default today)")
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
    add_policy_option(p)
    p.set_defaults(handler=_cmd_evaluate)

    p = sub.add_parser(
        "explain",
        help="why each obligation is due when it is: rule, period, event, plugin, source",
    )
    p.add_argument("file", help="the cases, as for evaluate")
    p.add_argument("--kind", help="only obligations of this kind (for example assessment)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate as of this date (default today)")
    add_policy_option(p)
    p.set_defaults(handler=_cmd_explain)

    p = sub.add_parser("demo", help="worked examples on bundled data")
    p.set_defaults(handler=_cmd_demo)

    if not core_only:
        for name in _COMMAND_MODULES:
            importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    # `evaluate` on a large file starts once, but a case system may call a
    # command once per case: the other commands' modules load only when asked.
    parser = build_parser(core_only=bool(arguments) and arguments[0] in _CORE_COMMANDS)
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except UsageError as exc:
        print(f"adoption-rules: {exc}", file=sys.stderr)
        return 2
    except AdoptionRulesError as exc:
        print(f"adoption-rules: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # pragma: no cover - `| head`
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
