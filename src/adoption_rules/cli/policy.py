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
from typing import Any, Literal, TextIO

import attrs

from adoption_rules.api import evaluate_records
from adoption_rules.cli import common
from adoption_rules.cli.common import UsageError, registry_for
from adoption_rules.core.model import CaseError, Obligation, Result, StartsFrom
from adoption_rules.io.records import FileFormatError, Record, open_input, read_records
from adoption_rules.plugins.registry import Registry, default_registry

__all__ = ["ObligationChange", "diff_json", "diff_results", "register"]

ChangeKind = Literal["changed", "added", "removed"]


# -- comparing two results -----------------------------------------------------------------


@attrs.frozen
class ObligationChange:
    """One obligation that differs between the current and the changed policy.

    ``added``: only the changed policy creates it; ``removed``: only the
    current one does (a rule that ended, say); ``changed``: both, with a
    different due date, period, status or citation.
    """

    change: ChangeKind
    kind: str
    rule: str
    starts_from: StartsFrom
    occurrence: int | None
    old: Obligation | None
    new: Obligation | None


def _key(ob: Obligation) -> tuple[str, str, str, dt.date, int | None]:
    return (ob.kind, ob.rule, ob.starts_from.event, ob.starts_from.date, ob.occurrence)


def _keyed(obligations: Iterable[Obligation]) -> dict[tuple[Any, ...], Obligation]:
    out: dict[tuple[Any, ...], Obligation] = {}
    for ob in obligations:
        key: tuple[Any, ...] = _key(ob)
        n = 0
        while (*key, n) in out:
            n += 1
        out[(*key, n)] = ob
    return out


def _same(a: Obligation, b: Obligation) -> bool:
    return (a.due, a.period, a.status, a.citation, a.done_on) == (
        b.due,
        b.period,
        b.status,
        b.citation,
        b.done_on,
    )


def diff_results(old: Result, new: Result) -> tuple[ObligationChange, ...]:
    """The obligations of one case that differ between two results (same case, same as_of)."""
    before, after = _keyed(old.obligations), _keyed(new.obligations)
    changes: list[ObligationChange] = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a is not None and b is not None and _same(a, b):
            continue
        some = b if a is None else a
        assert some is not None
        kind: ChangeKind = "added" if a is None else "removed" if b is None else "changed"
        changes.append(
            ObligationChange(kind, some.kind, some.rule, some.starts_from, some.occurrence, a, b)
        )
    return tuple(changes)


@attrs.frozen
class _CaseDiff:
    case_id: str | None
    old: Result | CaseError
    new: Result | CaseError

    @property
    def changes(self) -> tuple[ObligationChange, ...]:
        if isinstance(self.old, Result) and isinstance(self.new, Result):
            return diff_results(self.old, self.new)
        return ()


def _case_diffs(args: argparse.Namespace, base: Registry, changed: Registry) -> list[_CaseDiff]:
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
    olds = evaluate_records(records, as_of, registry=base)
    news = evaluate_records(records, as_of, registry=changed)
    return [_CaseDiff(old.case_id, old, new) for old, new in zip(olds, news, strict=True)]


# -- output ------------------------------------------------------------------------------


def _ob_json(ob: Obligation | None) -> dict[str, Any] | None:
    if ob is None:
        return None
    return {
        "due": None if ob.due is None else ob.due.isoformat(),
        "period": ob.period,
        "status": str(ob.status),
        "done_on": None if ob.done_on is None else ob.done_on.isoformat(),
        "citation": ob.citation,
    }


def _error_json(item: CaseError) -> dict[str, Any]:
    return {"code": item.error.code, "message": item.error.message, "field": item.error.field}


def diff_json(diff: _CaseDiff) -> dict[str, Any]:
    """One case's item of ``diff --format json``."""
    old, new = diff.old, diff.new
    if isinstance(old, CaseError) or isinstance(new, CaseError):
        err = old if isinstance(old, CaseError) else new
        assert isinstance(err, CaseError)
        both = isinstance(old, CaseError) and isinstance(new, CaseError)
        return {
            "case_id": diff.case_id,
            "error": _error_json(err),
            "policy": "both" if both else ("current" if isinstance(old, CaseError) else "changed"),
        }
    return {
        "case_id": old.case_id,
        "region": old.region,
        "as_of": old.as_of.isoformat(),
        "changes": [
            {
                "change": c.change,
                "kind": c.kind,
                "rule": c.rule,
                "starts_from": {
                    "event": c.starts_from.event,
                    "date": c.starts_from.date.isoformat(),
                },
                "occurrence": c.occurrence,
                "old": _ob_json(c.old),
                "new": _ob_json(c.new),
            }
            for c in diff.changes
        ],
    }


def _text(ob: Obligation | None, what: str) -> str:
    if ob is None:
        return "(none)"
    value = getattr(ob, what)
    if value is None:
        return "no due date" if what == "due" else "none"
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _write_table(diffs: Iterable[_CaseDiff], out: TextIO, title: str) -> tuple[int, int, int, int]:
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
    base = default_registry()
    changed = registry_for(args, base)
    diffs = _case_diffs(args, base, changed)
    title = getattr(changed, "title", "") or args.policy
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
            "--policy FILE, and print every obligation that differs: old and new due date, "
            "period, status and citation. Exit 0 when every case evaluated, 1 when some "
            "case had an error, 2 on misuse or an unreadable file."
        ),
    )
    p.add_argument("file", help="the cases, as for evaluate (.json, .jsonl, or - for stdin)")
    p.add_argument(
        "--policy",
        metavar="FILE",
        required=True,
        help="the dated rule changes (.toml or .json; see docs/dated-policy.md)",
    )
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="evaluate as of this date (default today)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table or json")
    p.set_defaults(handler=_cmd_diff)
