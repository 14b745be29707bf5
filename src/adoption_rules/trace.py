"""A trace a person and a machine can audit: ``adoption-rules.trace.v1``.

:func:`trace_case` evaluates a case with :func:`~adoption_rules.api.evaluate_traced`
and writes down how each obligation was reached: the rule and the plugin that
set it, the trigger and done events (by index into the case's ``events``), every
parameter read (the value, the date it was read for, the dated entry chosen:
its start and citation), the plugin that answered each hook, the days a
working-day deadline skipped, and the time left as of ``as_of``.  At the top:
the library's version, the plugins that answered for the case's region (with
their versions), and the bank-holiday data (its source, the day it was read,
the last bank holiday it knows).

:func:`~adoption_rules.api.evaluate_traced` runs the core engine's
:func:`~adoption_rules.core.tracing.run_traced`.  The JSON Schema is
``adoption_rules/schemas/trace.schema.json`` (draft 2020-12);
``docs/explain.md`` shows a worked example.  The format is versioned: a field
may be added to v1, none is removed or changes meaning.

A trace holds no free text from the case (no names, no reasons): event types,
dates, indices, and the library's and the plugins' own words.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import metadata
from typing import Any, Final

import attrs

from adoption_rules import __version__
from adoption_rules.api import evaluate_traced
from adoption_rules.core.calendar import (
    ANNOUNCED_HORIZON,
    SkippedDays,
    WorkingCalendar,
    _default_bank_holidays,
)
from adoption_rules.core.explain import time_left
from adoption_rules.core.model import Case, Obligation, Result
from adoption_rules.core.rules import DateOfEvent
from adoption_rules.core.tracing import TracedObligation, run_traced
from adoption_rules.io.output import explain_obligation
from adoption_rules.plugins.policy import Policy
from adoption_rules.plugins.registry import Registry, default_registry

__all__ = [
    "TRACE_FORMAT",
    "Explained",
    "explain_text",
    "explain_with",
    "obligation_trace",
    "plugin_versions",
    "trace_case",
    "trace_header",
    "trace_of",
]

#: The name and version of the trace format, written as the trace's ``trace`` field.
TRACE_FORMAT: Final = "adoption-rules.trace.v1"

RULE_HOOK: Final = "adoption_rules_obligation_rule"
CLOSURE_HOOK: Final = "adoption_rules_closure_days"


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


# -- the top: versions and data sources ------------------------------------------------------


@lru_cache(maxsize=1)
def _distributions() -> Mapping[str, list[str]]:
    return metadata.packages_distributions()


def _module_of(plugin: object) -> str:
    if isinstance(plugin, types.ModuleType):
        return plugin.__name__
    return getattr(plugin, "__module__", None) or type(plugin).__module__


def _version_of(module: str) -> tuple[str | None, str | None]:
    """The distribution that installed ``module`` and its version (``None`` when unknown)."""
    top = module.split(".", 1)[0]
    if top == "adoption_rules":
        return "adoption-rules", __version__
    for dist in _distributions().get(top, ()):
        try:
            return dist, metadata.version(dist)
        except metadata.PackageNotFoundError:  # pragma: no cover - a broken install
            continue
    return None, None


def plugin_versions(policy: Policy) -> list[dict[str, Any]]:
    """Every plugin in the region's policy: its name, module, distribution and version."""
    out = []
    for name, plugin in policy.pm.list_name_plugin():
        if plugin is None:  # pragma: no cover - a blocked plugin
            continue
        module = _module_of(plugin)
        dist, version = _version_of(module)
        out.append({"name": name, "module": module, "distribution": dist, "version": version})
    return out


def _added_holidays(calendar: WorkingCalendar) -> list[dict[str, str]]:
    snapshot = _default_bank_holidays()
    return [
        {"date": day.isoformat(), "name": name}
        for day, name in sorted(calendar.bank_holidays.items())
        if day not in snapshot
    ]


def trace_header(policy: Policy) -> dict[str, Any]:
    """The top of a trace: library, plugins and bank-holiday data for ``policy``'s region."""
    return {
        "trace": TRACE_FORMAT,
        "library": {"name": "adoption-rules", "version": __version__},
        "plugins": plugin_versions(policy),
        "bank_holidays": {
            "source": ANNOUNCED_HORIZON.source,
            "read_on": ANNOUNCED_HORIZON.read_on.isoformat(),
            "last_announced": ANNOUNCED_HORIZON.last_announced.isoformat(),
            "added": _added_holidays(policy.calendar),
        },
    }


# -- one obligation --------------------------------------------------------------------------


def _event_ref(case: Case, position: int | None, fact: str | None = None) -> dict[str, Any] | None:
    if position is None:
        return None
    if position < 0:  # a case fact (placement_date, adoption_order_date)
        day = getattr(case, fact or "", None)
        return {"index": None, "event": fact, "date": _iso(day)}
    event = case.events[position]
    return {"index": position, "event": event.type, "date": event.date.isoformat()}


def _value_date(choice: object) -> str:
    if isinstance(choice, DateOfEvent):
        return f"date_of:{choice.event}"
    return str(choice)


def skipped_json(skipped: SkippedDays | None) -> dict[str, Any] | None:
    """The ``days_skipped`` object of a trace."""
    if skipped is None:
        return None
    return {
        "bank_holidays": [
            {"date": d.isoformat(), "name": name} for d, name in skipped.bank_holidays
        ],
        "closures": [d.isoformat() for d in skipped.closures],
        "weekend_days": skipped.weekend_days,
    }


def days_skipped(t: TracedObligation, calendar: WorkingCalendar) -> SkippedDays | None:
    """The days a working-day deadline skipped; ``None`` for any other period, or no due date."""
    ob = t.obligation
    period = t.entry.value
    if ob.due is None or period is None or not period.uses_calendar:
        return None
    return calendar.skipped_days(ob.starts_from.date, ob.due)


def obligation_trace(
    t: TracedObligation, case: Case, as_of: dt.date, policy: Policy
) -> dict[str, Any]:
    """How one obligation was reached, as the trace's ``obligations`` item."""
    ob = t.obligation
    rule = t.rule.rule
    calendar = policy.calendar
    reads = [
        {
            "name": read.name,
            "value": None if read.entry.value is None else str(read.entry.value),
            "read_for": read.read_for.isoformat(),
            "value_date": _value_date(rule.value_date) if read.param is not None else "event",
            "entry": {
                "effective_from": _iso(read.entry.effective_from),
                "citation": read.entry.citation,
            },
        }
        for read in t.reads
    ]
    skipped = days_skipped(t, calendar)
    hooks: list[dict[str, str | None]] = [{"hook": RULE_HOOK, "plugin": t.rule.decided_by}]
    if skipped is not None:
        hooks.append({"hook": CLOSURE_HOOK, "plugin": policy.closure_days_decided_by})
    return {
        "kind": ob.kind,
        "occurrence": ob.occurrence,
        "due": _iso(ob.due),
        "status": str(ob.status),
        "period": ob.period,
        "provisional": ob.provisional,
        "rule": {"id": rule.rule_id, "citation": ob.citation, "decided_by": t.rule.decided_by},
        "trigger": _event_ref(case, t.trigger, t.trigger_event),
        "done": _event_ref(case, t.done),
        "ended": _event_ref(case, t.ended),
        "parameters": reads,
        "hooks": hooks,
        "days_skipped": skipped_json(skipped),
        "time_left": time_left(ob.due, ob.status, as_of, calendar).as_dict(),
    }


# -- one case --------------------------------------------------------------------------------


def trace_case(
    case: Case,
    as_of: dt.date,
    *,
    registry: Registry | None = None,
) -> tuple[Result, dict[str, Any]]:
    """The result of ``case`` and its ``adoption-rules.trace.v1`` trace (a JSON-ready dict)."""
    registry = registry or default_registry()
    result, traced = evaluate_traced(case, as_of, registry=registry)
    return result, trace_of(result, traced, case, registry.policy(case.region))


def trace_of(
    result: Result, traced: Sequence[TracedObligation], case: Case, policy: Policy
) -> dict[str, Any]:
    """The trace of an evaluated case (``traced`` as :func:`evaluate_traced` returned it)."""
    return {
        **trace_header(policy),
        "contract_version": result.contract_version,
        "case_id": result.case_id,
        "region": result.region,
        "as_of": result.as_of.isoformat(),
        "obligations": [obligation_trace(t, case, result.as_of, policy) for t in traced],
    }


@attrs.frozen
class Explained:
    """A case's result and its trace (what ``explain`` and ``evaluate --explain`` write)."""

    result: Result
    trace: dict[str, Any] = attrs.field(eq=False, repr=False)


def explain_with(policy: Policy, case: Case, as_of: dt.date) -> Explained:
    """Evaluate and trace ``case`` with its region's ``policy`` (a batch's evaluator)."""
    result, traced = run_traced(policy, case, as_of)
    return Explained(result, trace_of(result, traced, case, policy))


# -- in words --------------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _event_words(ref: Mapping[str, Any] | None) -> str:
    if ref is None:
        return ""
    where = "the case's" if ref["index"] is None else f"events[{ref['index']}],"
    return f"{where} {ref['event']} on {ref['date']}"


def explain_text(result: Result, ob: Obligation, item: Mapping[str, Any], quote: str = "") -> str:
    """The story of one obligation in words: ``explain``'s paragraph and what the trace adds.

    ``quote`` is the policy's own words for the rule (as for
    :func:`~adoption_rules.io.output.explain_obligation`).
    """
    lines = explain_obligation(result, ob, quote).split("\n")
    extra = []
    for read in item["parameters"]:
        entry = read["entry"]
        since = (
            f"in force from {entry['effective_from']}"
            if entry["effective_from"]
            else "in force from the start"
        )
        extra.append(
            f"  Parameter {read['name']} read for {read['read_for']}: "
            f"{read['value'] or 'no time limit'} ({since}; {entry['citation']})."
        )
    skipped = item["days_skipped"]
    if skipped is not None:
        parts = []
        if skipped["bank_holidays"]:
            named = ", ".join(f"{h['name']} {h['date']}" for h in skipped["bank_holidays"])
            parts.append(f"{_plural(len(skipped['bank_holidays']), 'bank holiday')} ({named})")
        if skipped["closures"]:
            days = ", ".join(skipped["closures"])
            parts.append(f"{_plural(len(skipped['closures']), 'closure day')} ({days})")
        parts.append(_plural(skipped["weekend_days"], "weekend day"))
        extra.append("  Days skipped: " + "; ".join(parts) + ".")
    extra.append(f"  Clock started by {_event_words(item['trigger'])}.")
    if item["done"] is not None:
        extra.append(f"  Done by {_event_words(item['done'])}.")
    if item["ended"] is not None:
        extra.append(f"  Ended by {_event_words(item['ended'])}.")
    left = item["time_left"]
    if left["days_late"] is not None:
        extra.append(f"  Time left: none; {_plural(left['days_late'], 'day')} late.")
    elif left["working_days_left"] is not None:
        extra.append(
            f"  Time left: {_plural(left['working_days_left'], 'working day')} "
            f"({_plural(left['calendar_days_left'], 'calendar day')})."
        )
    # After the due-date lines, before "Rule ... decided by".
    at = next(i for i, line in enumerate(lines) if line.startswith("  Rule "))
    return "\n".join(lines[:at] + extra + lines[at:])
