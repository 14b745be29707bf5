"""``adoption-rules deadline START PERIOD``: the date a period after a start date ends."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from adoption_rules.cli.common import Subparsers, UsageError, read_closures
from adoption_rules.core.calendar import england_calendar, parse_date
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.periods import parse_period
from adoption_rules.documents.deadline import deadline_text

__all__ = ["register"]


def _cmd_deadline(args: argparse.Namespace) -> int:
    try:
        start = parse_date(args.start, field="start")
        period = parse_period(args.period)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    closures = read_closures(Path(args.closures)) if args.closures else []
    try:
        calendar = england_calendar(closures)
        deadline = period.deadline(start, calendar)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    out: TextIO = sys.stdout
    if args.json:
        out.write(deadline_text(deadline))
    else:
        mark = "  (provisional: later than the last announced bank holiday)"
        out.write(deadline.due.isoformat() + (mark if deadline.provisional else "") + "\n")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add the ``deadline`` command."""
    p = subparsers.add_parser(
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
