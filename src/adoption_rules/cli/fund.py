"""``adoption-rules fund check FILE``: check proposed applications to the fund (E13).

FILE (or ``-`` for standard input) holds one application or a JSON array of them::

    {
      "id": "ASF-2025-014",
      "child": {"date_of_birth": "2012-06-30", "route": "adopted_from_care_england",
                "ehc_plan": false},
      "assessment_date": "2025-02-14",
      "application_date": "2025-04-01",
      "amounts": {"therapy": "2500.00", "specialist_assessment": "1000.00"},
      "already_funded": {"therapy": "0", "specialist_assessment": "0"}
    }

``id``, ``child.ehc_plan`` (default false), ``amounts.specialist_assessment``
and ``already_funded`` (what the fund already paid for the child in the same
financial year; default nothing) are optional.  Amounts are pounds, as a
string or a JSON number with at most two decimals (read exactly, never as a
binary float).  ``child.route`` is one of :data:`adoption_rules.fund.ROUTES`.

Output (``--format json``): a JSON array, one item per application in input
order: the check, or ``{"id": ..., "error": {"code", "message", "field"}}``.
Money in the output is a string of pounds with two decimals.  Exit 0 when
every application was checked (whatever the answers), 1 when some
application had an error, 2 when the file could not be read.
"""

from __future__ import annotations

import argparse
import decimal
import json
import sys
from typing import Any, BinaryIO, TextIO

from adoption_rules.cli.common import UsageError
from adoption_rules.core.errors import NotUtf8Error, decode_utf8
from adoption_rules.documents.fund import check_items, check_json
from adoption_rules.fund import (
    ApplicationCheck,
    format_pounds,
)
from adoption_rules.io.jsonio import limit_error
from adoption_rules.io.safe import printable, shown_id

__all__ = ["check_json", "read_applications", "register"]


def read_applications(stream: TextIO | BinaryIO, name: str) -> list[Any]:
    """The decoded applications of a file: one object or an array (numbers as Decimal).

    Give a binary stream to have text that is not UTF-8 reported by line.
    """
    raw = stream.read()
    try:
        text = raw if isinstance(raw, str) else decode_utf8(raw)
    except NotUtf8Error as exc:
        raise UsageError(f"{name}, {exc}") from None
    try:
        data = json.loads(text, parse_float=decimal.Decimal)
    except json.JSONDecodeError as exc:
        raise UsageError(
            f"{name}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except (RecursionError, ValueError) as exc:  # past a limit of the decoder
        limit = limit_error(exc)
        if limit is None:
            raise
        raise UsageError(f"{name}: {limit}") from None
    return data if isinstance(data, list) else [data]


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _table(check: ApplicationCheck, out: TextIO) -> None:
    app, el, dl, lim = check.application, check.eligibility, check.deadline, check.limit
    out.write(f"{shown_id(app.id) if app.id else '(no id)'}: {_verdict(check.ok)}\n")
    out.write(f"  eligibility: {el.status.replace('_', ' ')}; " + "; ".join(el.reasons) + "\n")
    if dl.unknown is not None:
        out.write(f"  deadline: unknown: {dl.unknown}\n")
    else:
        assert dl.due is not None
        out.write(
            f"  deadline: apply by {dl.due.isoformat()} ({dl.period} from the assessment on "
            f"{dl.assessment_date.isoformat()}); in time: {_yes_no(dl.within)}"
            + (f" ({dl.note})" if dl.note else "")
            + "\n"
        )
    out.write(f"    source: {dl.citation}\n")
    if lim.unknown is not None or lim.limit is None:
        out.write(f"  limit {lim.financial_year}: unknown: {lim.unknown}\n")
    else:
        above = 0 if lim.above_limit is None else lim.above_limit
        out.write(
            f"  limit {lim.financial_year}: {lim.limit.describe()}; within: "
            f"{_yes_no(lim.within)}; above the limit: {format_pounds(above)}\n"
        )
    out.write(f"    source: {lim.citation}\n")


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "cannot say (something is unknown or unconfirmed)"
    return "within the fund's rules" if ok else "outside the fund's rules"


def _cmd_fund_check(args: argparse.Namespace) -> int:
    name: str = args.file
    if name == "-":
        items = read_applications(getattr(sys.stdin, "buffer", sys.stdin), "standard input")
    else:
        try:
            with open(name, "rb") as stream:
                items = read_applications(stream, name)
        except OSError as exc:
            raise UsageError(f"{name}: cannot read ({exc.strerror})") from None
    bad = 0
    out: list[dict[str, Any]] = []
    for n, (doc, check) in enumerate(check_items(items)):
        if check is None:
            bad += 1
        if args.format == "json":
            out.append(doc)
        elif check is None:
            error = doc["error"]
            who = shown_id(doc["id"]) if doc["id"] else f"application {n}"
            print(f"{who}: {error['code']}: {printable(error['message'])}", file=sys.stderr)
        else:
            if n:
                sys.stdout.write("\n")
            _table(check, sys.stdout)
    if args.format == "json":
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 1 if bad else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``fund`` command (``fund check FILE``) to the command line's sub-parsers."""
    fund = subparsers.add_parser(
        "fund",
        help="the Adoption and Special Guardianship Support Fund (catalogue E13)",
        description="Questions about the Adoption and Special Guardianship Support Fund.",
    )
    sub = fund.add_subparsers(title="fund commands", metavar="COMMAND")

    def _usage(args: argparse.Namespace) -> int:
        fund.print_help(sys.stderr)
        return 2

    fund.set_defaults(handler=_usage)
    p = sub.add_parser(
        "check",
        help="check proposed applications: eligibility, deadline, fair access limit",
        description=(
            "Read one proposed application (or a JSON array of them; '-' for standard "
            "input) and say, by the rules in force on its dates, whether the child is "
            "eligible, whether it is made in time after the assessment of need, and how "
            "much is above the fair access limit. Figures not yet confirmed (2026/27) are "
            "reported as unknown. Exit 0 when every application was checked, 1 when some "
            "had an error, 2 when the file could not be read."
        ),
    )
    p.add_argument("file", help="the application(s), JSON; see docs/support-fund.md")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table or json")
    p.set_defaults(handler=_cmd_fund_check)
