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
import datetime as dt
import decimal
import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO, Final, TextIO

from adoption_rules.cli.common import UsageError
from adoption_rules.core.calendar import parse_date
from adoption_rules.core.errors import AdoptionRulesError, NotUtf8Error, decode_utf8
from adoption_rules.fund import (
    Application,
    ApplicationCheck,
    Child,
    FundError,
    check_application,
    format_pounds,
    parse_pounds,
    pounds_text,
)

__all__ = ["check_json", "read_applications", "register"]

_TOP: Final = frozenset(
    {"id", "child", "assessment_date", "application_date", "amounts", "already_funded"}
)
_CHILD: Final = frozenset({"date_of_birth", "route", "ehc_plan"})
_AMOUNTS: Final = frozenset({"therapy", "specialist_assessment"})


class ApplicationError(AdoptionRulesError, ValueError):
    """An application that cannot be read: a code, a message and the field at fault."""

    def __init__(self, code: str, message: str, field: str | None) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


def _object(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ApplicationError("invalid_type", f"{field}: expected an object", field)
    return value


def _no_extra(data: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            field = f"{prefix}{key}"
            raise ApplicationError(
                "unknown_field", f"{field}: not a field of an application", field
            )


def _required(data: Mapping[str, Any], key: str, prefix: str) -> Any:
    if key not in data:
        field = f"{prefix}{key}"
        raise ApplicationError("missing_field", f"{field}: required", field)
    return data[key]


def _date(data: Mapping[str, Any], key: str, prefix: str = "") -> dt.date:
    field = f"{prefix}{key}"
    try:
        return parse_date(_required(data, key, prefix), field=field)
    except AdoptionRulesError as exc:
        if isinstance(exc, ApplicationError):
            raise
        raise ApplicationError("invalid_date", str(exc), field) from None


def _money(data: Mapping[str, Any], key: str, prefix: str, default: int | None) -> int:
    field = f"{prefix}{key}"
    if key not in data:
        if default is None:
            raise ApplicationError("missing_field", f"{field}: required", field)
        return default
    try:
        return parse_pounds(data[key], field)
    except FundError as exc:
        raise ApplicationError("invalid_amount", str(exc), field) from None


def parse_application(data: object) -> Application:
    """One decoded JSON application (numbers as :class:`decimal.Decimal`) as an Application."""
    top = _object(data, "application")
    _no_extra(top, _TOP, "")
    ident = top.get("id")
    if ident is not None and not isinstance(ident, str):
        raise ApplicationError("invalid_type", "id: expected a string", "id")
    child_data = _object(_required(top, "child", ""), "child")
    _no_extra(child_data, _CHILD, "child.")
    route = _required(child_data, "route", "child.")
    if not isinstance(route, str):
        raise ApplicationError("invalid_type", "child.route: expected a string", "child.route")
    ehc = child_data.get("ehc_plan", False)
    if not isinstance(ehc, bool):
        raise ApplicationError(
            "invalid_type", "child.ehc_plan: expected true or false", "child.ehc_plan"
        )
    child = Child(_date(child_data, "date_of_birth", "child."), route, ehc)
    amounts = _object(_required(top, "amounts", ""), "amounts")
    _no_extra(amounts, _AMOUNTS, "amounts.")
    already = _object(top.get("already_funded", {}), "already_funded")
    _no_extra(already, _AMOUNTS, "already_funded.")
    return Application(
        child=child,
        assessment_date=_date(top, "assessment_date"),
        application_date=_date(top, "application_date"),
        therapy=_money(amounts, "therapy", "amounts.", None),
        specialist_assessment=_money(amounts, "specialist_assessment", "amounts.", 0),
        already_therapy=_money(already, "therapy", "already_funded.", 0),
        already_specialist_assessment=_money(
            already, "specialist_assessment", "already_funded.", 0
        ),
        id=ident,
    )


def _money_or_none(pence: int | None) -> str | None:
    return None if pence is None else pounds_text(pence)


def check_json(check: ApplicationCheck) -> dict[str, Any]:
    """The JSON form of a check (see the module docstring)."""
    el, dl, lim = check.eligibility, check.deadline, check.limit
    return {
        "id": check.application.id,
        "ok": check.ok,
        "eligibility": {
            "status": el.status,
            "age": el.age,
            "age_limit": el.age_limit,
            "route": None if el.route is None else el.route.code,
            "route_confirmed": None if el.route is None else el.route.confirmed,
            "reasons": list(el.reasons),
            "citations": list(el.citations),
        },
        "deadline": {
            "assessment_date": dl.assessment_date.isoformat(),
            "period": None if dl.period is None else str(dl.period),
            "due": None if dl.due is None else dl.due.isoformat(),
            "within": dl.within,
            "citation": dl.citation,
            "unknown": dl.unknown,
            "note": dl.note or None,
        },
        "limit": {
            "financial_year": str(lim.financial_year),
            "limit": None if lim.limit is None else lim.limit.describe(),
            "therapy_limit": None if lim.limit is None else pounds_text(lim.limit.therapy),
            "specialist_assessment_limit": (
                None
                if lim.limit is None or lim.limit.specialist_assessment is None
                else pounds_text(lim.limit.specialist_assessment)
            ),
            "combined": None if lim.limit is None else lim.limit.combined,
            "requested": pounds_text(lim.requested),
            "already_funded": pounds_text(lim.already_funded),
            "within": lim.within,
            "above_limit": _money_or_none(lim.above_limit),
            "above_therapy": _money_or_none(lim.above_therapy),
            "above_specialist_assessment": _money_or_none(lim.above_specialist_assessment),
            "citation": lim.citation,
            "unknown": lim.unknown,
        },
    }


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
    return data if isinstance(data, list) else [data]


def _checked(items: list[Any]) -> Iterator[tuple[Any, ApplicationCheck | ApplicationError]]:
    for data in items:
        ident = data.get("id") if isinstance(data, dict) else None
        try:
            yield ident, check_application(parse_application(data))
        except ApplicationError as exc:
            yield ident, exc
        except FundError as exc:
            yield ident, ApplicationError("invalid_application", str(exc), exc.field)


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _table(check: ApplicationCheck, out: TextIO) -> None:
    app, el, dl, lim = check.application, check.eligibility, check.deadline, check.limit
    out.write(f"{app.id or '(no id)'}: {_verdict(check.ok)}\n")
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
    for n, (ident, answer) in enumerate(_checked(items)):
        if isinstance(answer, ApplicationError):
            bad += 1
            error = {"code": answer.code, "message": str(answer), "field": answer.field}
            if args.format == "json":
                out.append({"id": ident, "error": error})
            else:
                print(f"{ident or f'application {n}'}: {answer.code}: {answer}", file=sys.stderr)
            continue
        if args.format == "json":
            out.append(check_json(answer))
        else:
            if n:
                sys.stdout.write("\n")
            _table(answer, sys.stdout)
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
