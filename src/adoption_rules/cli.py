"""The ``adoption-rules`` command line.

Every command is a sub-parser whose leaf sets ``handler``: a function taking
the parsed arguments and returning the exit status (0 done, 1 some input had
errors, 2 the command was misused or a file could not be read).  Errors go to
standard error as one line each, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from adoption_rules.calendar import england_calendar, england_date, parse_date
from adoption_rules.errors import AdoptionRulesError, DateError
from adoption_rules.periods import parse_period

__all__ = ["main", "read_closures"]

Handler = Callable[[argparse.Namespace], int]

#: Modules that add commands of their own: each exposes ``register(subparsers)``.
_COMMAND_MODULES: tuple[str, ...] = ()


class UsageError(AdoptionRulesError):
    """The command was misused or its input file could not be read (exit 2)."""


def read_closures(path: Path) -> list[object]:
    """Read closure days from ``path``: one ``YYYY-MM-DD`` a line; ``#`` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read closure days ({exc.strerror})") from None
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


def _cmd_demo(args: argparse.Namespace) -> int:
    from adoption_rules.demo import run_demo

    return run_demo(sys.stdout)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="adoption-rules",
        description="The English adoption-support procedure and its deadlines.",
    )
    from adoption_rules import __version__

    parser.add_argument("--version", action="version", version=f"adoption-rules {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

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

    p = sub.add_parser("demo", help="worked examples on bundled data")
    p.set_defaults(handler=_cmd_demo)

    for name in _COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
