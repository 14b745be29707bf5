"""Which obligations change under a policy change: per case, and as JSON.

The command line (``adoption-rules diff FILE --policy CHANGES``) and the
service (``POST /v1/diff``) both compare with :func:`case_diffs` and write
:func:`diff_json`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, Literal

import attrs

from adoption_rules.api import evaluate_records
from adoption_rules.core.model import CaseError, Obligation, Result, StartsFrom
from adoption_rules.io.records import Record
from adoption_rules.plugins.registry import Registry

__all__ = ["CaseDiff", "ChangeKind", "ObligationChange", "case_diffs", "diff_json", "diff_results"]

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
class CaseDiff:
    """One case under the current policy (``old``) and the changed one (``new``)."""

    case_id: str | None
    old: Result | CaseError
    new: Result | CaseError

    @property
    def changes(self) -> tuple[ObligationChange, ...]:
        if isinstance(self.old, Result) and isinstance(self.new, Result):
            return diff_results(self.old, self.new)
        return ()


def case_diffs(
    records: Iterable[Record], as_of: dt.date, base: Registry, changed: Registry
) -> Iterator[CaseDiff]:
    """Each case evaluated under ``base`` and under ``changed``, in input order."""
    records = list(records)
    olds = evaluate_records(records, as_of, registry=base)
    news = evaluate_records(records, as_of, registry=changed)
    for old, new in zip(olds, news, strict=True):
        yield CaseDiff(old.case_id, old, new)


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


def diff_json(diff: CaseDiff) -> dict[str, Any]:
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
