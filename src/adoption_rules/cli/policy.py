"""Policy changes on the command line: ``--policy FILE`` and ``adoption-rules diff``.

* ``--policy FILE`` on a command (an override file, see
  :mod:`adoption_rules.io.overrides`) is added and read by
  :func:`~adoption_rules.cli.common.add_policy_option` and
  :func:`~adoption_rules.cli.common.registry_for`.
* ``adoption-rules diff FILE --policy changes.toml`` evaluates each case under
  the current policy and under the changed one and prints which obligations
  change and how: old and new due date, period, status and citation
  (``--format table`` or ``json``).

Exit status as for ``evaluate``: 0 when every case evaluated under both
policies, 1 when some case had an error, 2 when the command was misused or a
file (the cases, the override file) could not be read or checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from adoption_rules.cli import common
from adoption_rules.cli.common import UsageError, registry_for
from adoption_rules.core.model import CaseError, Obligation
from adoption_rules.documents.diff import (
    CaseDiff,
    ObligationChange,
    case_diffs,
    diff_json,
    diff_results,
)
from adoption_rules.io.records import FileFormatError, Record, open_input, read_records
from adoption_rules.plugins.registry import Registry, default_registry

__all__ = ["ObligationChange", "diff_json", "diff_results", "register"]


def _case_diffs(args: argparse.Namespace, base: Registry, changed: Registry) -> list[CaseDiff]:
    as_of = common.as_of(args)
    records: list[Record]
    try:
        stream = open_input(args.file)
        try:
            records = list(read_records(stream))
        finally:
            if stream is not sys.stdin:
                stream.close()
    except OSError as exc:
        raise UsageError(f"{args.file}: cannot read ({exc.strerror})") from None
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    return list(case_diffs(records, as_of, base, changed))


def _text(ob: Obligation | None, what: str) -> str:
    if ob is None:
        return "(none)"
    value = getattr(ob, what)
    if value is None:
        return "no due date" if what == "due" else "none"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _write_table(diffs: Iterable[CaseDiff], out: TextIO, title: str) -> tuple[int, int, int, int]:
    cases = changed_cases = obligations = bad = 0
    out.write(f"Policy changes: {title}\n")
    for diff in diffs:
        cases += 1
        if isinstance(diff.old, CaseError) or isinstance(diff.new, CaseError):
            bad += 1
            item = diff_json(diff)
            print(
                f"{diff.case_id or '(no case_id)'}: {item['error']['code']} "
                f"({item['policy']} policy): {item['error']['message']}",
                file=sys.stderr,
            )
            continue
        changes = diff.changes
        if not changes:
            continue
        changed_cases += 1
        obligations += len(changes)
        out.write(f"\n{diff.case_id}\n")
        for c in changes:
            number = f" #{c.occurrence}" if c.occurrence is not None else ""
            out.write(
                f"  {c.kind}{number} ({c.change}), from {c.starts_from.event} "
                f"{c.starts_from.date.isoformat()}\n"
            )
            for what, label in (("due", "due"), ("period", "period"), ("status", "status")):
                a, b = _text(c.old, what), _text(c.new, what)
                out.write(f"    {label}: {a}" + ("" if a == b else f" -> {b}") + "\n")
            a, b = _text(c.old, "citation"), _text(c.new, "citation")
            if a == b:
                out.write(f"    source: {a}\n")
            else:
                out.write(f"    source was: {a}\n    source now: {b}\n")
    out.write(
        f"\n{changed_cases} of {cases} cases change ({obligations} obligations)"
        + (f"; {bad} with errors" if bad else "")
        + ".\n"
    )
    return cases, changed_cases, obligations, bad


def _cmd_diff(args: argparse.Namespace) -> int:
    if not args.policy and not args.added_holidays:
        raise UsageError("diff needs --policy FILE, --added-holidays FILE, or both")
    base = default_registry()
    changed = registry_for(args, base)
    diffs = _case_diffs(args, base, changed)
    titles = []
    if args.policy:
        titles.append(getattr(changed, "title", "") or args.policy)
    if args.added_holidays:
        added = getattr(changed, "added", {})
        plural = "" if len(added) == 1 else "s"
        titles.append(f"{len(added)} added bank holiday{plural} ({args.added_holidays})")
    title = "; ".join(titles)
    if args.format == "json":
        items = [diff_json(diff) for diff in diffs]
        json.dump(items, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        bad = sum("error" in item for item in items)
    else:
        bad = _write_table(diffs, sys.stdout, title)[3]
    return 1 if bad else 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``diff`` command to the command line's sub-parsers."""
    p = subparsers.add_parser(
        "diff",
        help="which obligations change under a policy change, and how",
        description=(
            "Evaluate each case under the current policy and under the dated changes in "
            "--policy FILE (or with the bank holidays in --added-holidays FILE, or both), "
            "and print every obligation that differs: old and new due date, period, status "
            "and citation. Exit 0 when every case evaluated, 1 when some case had an error, "
            "2 on misuse or an unreadable file."
        ),
    )
    p.add_argument("file", help="the cases, as for evaluate (.json, .jsonl, or - for stdin)")
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="the dated rule changes (.toml or .json; see docs/dated-policy.md)",
    )
    p.add_argument("--added-holidays", metavar="FILE", help=common.ADDED_HOLIDAYS_HELP)
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate as of this date (default today)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table or json")
    p.set_defaults(handler=_cmd_diff)
