"""``adoption-rules deadline START PERIOD``: the date a period after a start date ends.

``deadline --latest-start END PERIOD`` counts backward: the latest start whose
deadline falls on or before END (``docs/explain.md``).
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from adoption_rules.cli.common import Subparsers, UsageError, read_closures
from adoption_rules.core.calendar import england_calendar, parse_date
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.periods import parse_period
from adoption_rules.documents.deadline import deadline_text, latest_start_text

__all__ = ["register"]


def _cmd_deadline(args: argparse.Namespace) -> int:
    backward = args.latest_start is not None
    if backward:
        if args.period is not None:
            raise UsageError("with --latest-start END, give only the period")
        if args.start is None:
            raise UsageError("with --latest-start END, give the period ('5 working days')")
        args.start, args.period = None, args.start
    elif args.period is None:
        raise UsageError("give the start date and the period: deadline 2025-04-15 '5 working days'")
    try:
        when = parse_date(
            args.latest_start if backward else args.start,
            field="--latest-start" if backward else "start",
        )
        period = parse_period(args.period)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    closures = read_closures(args.closures) if args.closures else []
    out: TextIO = sys.stdout
    horizon_mark = "  (provisional: later than the last announced bank holiday)"
    try:
        calendar = england_calendar(closures)
        if backward:
            latest = period.latest_start(when, calendar)
        else:
            deadline = period.deadline(when, calendar)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    if backward:
        if args.json:
            out.write(latest_start_text(latest))
            return 0
        text = latest.start.isoformat()
        if latest.due != latest.end:
            text += (
                f"  (due {latest.due.isoformat()}: no start is due on "
                f"{latest.end.isoformat()} itself)"
            )
        out.write(text + (horizon_mark if latest.provisional else "") + "\n")
        return 0
    if args.json:
        out.write(deadline_text(deadline))
    else:
        out.write(deadline.due.isoformat() + (horizon_mark if deadline.provisional else "") + "\n")
    return 0


def register(subparsers: Subparsers) -> None:
    """Add the ``deadline`` command."""
    p = subparsers.add_parser(
        "deadline",
        help="the date a period after a start date ends (or, backward, the latest start)",
        usage="%(prog)s [-h] [--closures FILE] [--json] (START | --latest-start END) PERIOD",
        description=(
            "Print the date PERIOD after START: '5 working days' is the 5th working day "
            "strictly after START (England's bank holidays excluded); days, weeks, months "
            "and years are calendar arithmetic, month ends clamped. With --latest-start END, "
            "print the latest start whose deadline of PERIOD falls on or before END."
        ),
    )
    p.add_argument("start", nargs="?", help="start date, YYYY-MM-DD")
    p.add_argument(
        "period", nargs="?", help="for example '5 working days', '4 weeks', '2 months', '1 year'"
    )
    p.add_argument(
        "--latest-start",
        metavar="END",
        help=(
            "count backward: the latest start for the deadline to fall on or before END "
            "(YYYY-MM-DD); give only PERIOD"
        ),
    )
    p.add_argument("--closures", metavar="FILE", help="agency closure days, one YYYY-MM-DD a line")
    p.add_argument(
        "--json",
        action="store_true",
        help=(
            "print JSON: start, period, due, provisional "
            "(backward: end, period, latest_start, due, provisional)"
        ),
    )
    p.set_defaults(handler=_cmd_deadline)
