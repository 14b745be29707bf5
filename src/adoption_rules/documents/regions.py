"""Regions and their rules, in words and as JSON (``regions``, ``rules``, the service).

The command line (``adoption-rules regions|rules --format json``) and the
service (``GET /v1/regions``, ``GET /v1/regions/{region}/rules``) both write
:func:`regions_json` and :func:`rules_json`.  The helpers :func:`where_text`,
:func:`starts_text`, :func:`done_text` and :func:`ends_text` also write
``docs/regions/*.md`` (``scripts/gen_region_docs.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from adoption_rules.core.citations import Citation
from adoption_rules.core.periods import Period
from adoption_rules.core.rules import Anchored, ObligationRule, Param, Rolling, Trigger, Where
from adoption_rules.io.overrides import policy_version_on
from adoption_rules.plugins.declare import Region
from adoption_rules.plugins.policy import Policy, ResolvedNoRule, ResolvedRule
from adoption_rules.plugins.registry import Registry

__all__ = [
    "ABSENT",
    "done_text",
    "ends_text",
    "period_text",
    "recurrence_text",
    "regions_json",
    "rule_rows",
    "rules_json",
    "source_doc",
    "starts_text",
    "where_text",
]

#: What a kind with no rule shows in the period column.
ABSENT: Final = "absent"


# -- a rule in words -----------------------------------------------------------------


def where_text(where: Where) -> str:
    """``(("outcome", "assessment"),)`` as ``outcome = assessment``."""
    return ", ".join(f"{name} = {value}" for name, value in where)


def period_text(param: Param[Period | None], on: dt.date | None = None) -> str:
    """The parameter's period in words: the value in force ``on`` that day (default: latest)."""
    dated = param.current if on is None else param.at(on)
    if dated is None:
        return f"none in force on {on}"
    return "no time limit (due null)" if dated.value is None else str(dated.value)


def starts_text(rule: ObligationRule, trigger: Trigger) -> str:
    """What starts the clock: the event (or case fact) and its conditions."""
    text = f"`{trigger.event}`"
    notes = []
    if trigger.where:
        notes.append(where_text(trigger.where))
    if trigger.before_order is True:
        notes.append("before the adoption order")
    elif trigger.before_order is False:
        notes.append("on or after the adoption order")
    if rule.only_while is not None:
        notes.append(
            f"while `{rule.only_while.started_by}` has no later `{rule.only_while.ended_by}`"
        )
    if rule.case_where:
        notes.append("for a case with " + where_text(rule.case_where))
    return text + (f" ({'; '.join(notes)})" if notes else "")


def done_text(rule: ObligationRule) -> str:
    """The events that do the obligation (a window: nothing does it)."""
    if rule.window:
        return "(a window: nothing does it)"
    return ", ".join(
        f"`{d.event}`" + (f" ({where_text(d.where)})" if d.where else "") for d in rule.done_by
    )


def ends_text(rule: ObligationRule) -> str:
    """The events that make it moot (``-`` for none)."""
    enders = [
        f"`{e.event}`"
        + (f" ({where_text(e.where)})" if e.where else "")
        + (f" (unless {where_text(e.unless)})" if e.unless else "")
        for e in rule.ends_on
    ]
    if rule.only_while is not None:
        if rule.only_while.on_end == "last":
            enders.append(f"`{rule.only_while.ended_by}` (none after the one then open)")
        else:
            enders.append(f"`{rule.only_while.ended_by}`")
    return ", ".join(enders) or "-"


def recurrence_text(rule: ObligationRule, on: dt.date | None = None) -> str:
    """How the obligation recurs, in words (``once`` when it does not)."""
    recurrence = rule.recurrence
    if isinstance(recurrence, Rolling):
        sooner = (
            ""
            if recurrence.sooner is None
            else f"; sooner where the event sets {recurrence.sooner.field}"
        )
        if not recurrence.then:
            return "rolling: again the same period after each is done" + sooner
        then = ", then ".join(period_text(p, on) for p in recurrence.then)
        return f"rolling: then {then} after each is done" + sooner
    if isinstance(recurrence, Anchored):
        times = "" if recurrence.limit is None else f", {recurrence.limit} times"
        return f"anchored: every period from the start{times}"
    return "once"


def _period_cell(rule: ObligationRule, trigger: Trigger, on: dt.date) -> str:
    text = period_text(trigger.period, on)
    if rule.extension is not None:
        text += (
            f"; {period_text(rule.extension.period, on)} once `{rule.extension.event}` is recorded"
        )
    if rule.window:
        text += " (window)"
    return text


def rule_rows(policy: Policy, on: dt.date) -> list[dict[str, Any]]:
    """Every kind of the region's policy: its rule in words on ``on``, or why it is absent."""
    rows: list[dict[str, Any]] = []
    for kind in policy.kinds:
        resolved = policy.rule(kind)
        if resolved is not None:
            rows.append(_rule_row(resolved, on))
            continue
        decision = policy.resolve(kind)
        reason = decision.no_rule.reason if isinstance(decision, ResolvedNoRule) else ""
        rows.append(
            {
                "kind": kind,
                "status": ABSENT,
                "reason": reason or "no rule",
                "decided_by": decision.decided_by,
            }
        )
    return rows


def _rule_row(resolved: ResolvedRule, on: dt.date) -> dict[str, Any]:
    rule = resolved.rule
    return {
        "kind": rule.kind,
        "status": "rule",
        "rule": rule.rule_id,
        "description": rule.description,
        "triggers": [
            {
                "starts_from": starts_text(rule, trigger).replace("`", ""),
                "period": _period_cell(rule, trigger, on),
                "period_citation": (trigger.period.at(on) or trigger.period.current).citation,
            }
            for trigger in rule.triggers
        ],
        "done_by": done_text(rule).replace("`", ""),
        "ends": ends_text(rule).replace("`", ""),
        "recurrence": recurrence_text(rule, on),
        "citation": rule.citation,
        "source": None if rule.source is None else source_doc(rule.source),
        "quote": rule.quote,
        "decided_by": resolved.decided_by,
    }


def source_doc(citation: Citation) -> dict[str, Any]:
    """A rule's citation as data: the source file, its title, the section, the catalogue rows."""
    return {
        "file": citation.source.file,
        "title": citation.source.title,
        "section": citation.section,
        "catalogue_rows": list(citation.rows),
    }


def regions_json(registry: Registry) -> list[dict[str, Any]]:
    """Every region installed: name, title, councils, source document, plugin."""
    items: list[dict[str, Any]] = []
    for name in registry.names:
        info = registry.info(name)
        items.append(
            {
                "name": name,
                "title": info.title,
                "councils": list(info.councils),
                "source": info.source,
                "plugin": registry.provider(name),
            }
        )
    return items


def rules_json(registry: Registry, region: str, on: dt.date) -> dict[str, Any]:
    """Every kind of ``region``'s policy with its rule in force on ``on`` (or why absent).

    Raises :class:`~adoption_rules.plugins.registry.UnknownRegionError` for a region not installed.
    """
    policy = registry.policy(region)
    version = policy_version_on(policy.region, on)
    return {
        "region": region,
        "on": on.isoformat(),
        "policy_version": (
            None
            if version is None
            else {
                "effective_from": version.effective_from.isoformat(),
                "title": version.title,
                "citation": version.citation,
            }
        ),
        "rules": rule_rows(policy, on),
        "policy_data": data_rows(policy),
    }


def data_rows(policy: Policy) -> list[dict[str, Any]]:
    """The region's cited policy data (duties and facts that are not deadlines), in the
    order of its source, each with its citation as data; empty for a region declared
    without :class:`~adoption_rules.plugins.declare.Region`."""
    region = getattr(policy.region.plugin, "REGION", None)
    if not isinstance(region, Region):
        return []
    out = []
    for name, param in region.policy_data.items():
        source = region.data_sources.get(name)
        out.append(
            {
                "name": name,
                "citation": param.current.citation,
                "source": None if source is None else source_doc(source),
                "note": "" if source is None else source.note,
                "reading": "" if source is None else source.reading,
            }
        )
    return out
