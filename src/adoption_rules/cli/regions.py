"""``adoption-rules regions`` and ``adoption-rules rules --region NAME``: what is installed.

``regions`` lists every region that loaded (built in or installed through the
``adoption_rules.regions`` entry point group, as ``ADOPTION_RULES_PLUGINS``
allows) with its councils, its source document and the plugin that declared
it.  ``rules`` lists every obligation kind of one region: its period in words
(the value in force on ``--on``, default today in England), what starts it,
what does it, what ends it, how it recurs, its citation (in words and, for a
rule declared with one, as data: source file, section, catalogue rows), the
policy's own words and the plugin whose hook decided it; kinds the region's
process does not have are listed as absent, with the reason given.

The helpers :func:`where_text`, :func:`starts_text`, :func:`done_text`,
:func:`ends_text` also write ``docs/regions/*.md`` (``scripts/gen_region_docs.py``).
Exit status: 0 done, 1 a plugin failed to load, 2 misuse (an unknown region,
a bad date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any, Final

from adoption_rules.cli.common import UsageError, date_or_today, text_table
from adoption_rules.core.citations import Citation
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.periods import Period
from adoption_rules.core.rules import Anchored, ObligationRule, Param, Rolling, Trigger, Where
from adoption_rules.io.overrides import policy_version_on
from adoption_rules.plugins.policy import Policy, ResolvedNoRule, ResolvedRule
from adoption_rules.plugins.registry import Registry, UnknownRegionError, default_registry

__all__ = [
    "done_text",
    "ends_text",
    "period_text",
    "recurrence_text",
    "register",
    "rule_rows",
    "source_doc",
    "starts_text",
    "where_text",
]

FORMATS: Final = ("table", "json")

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
        f"`{e.event}`" + (f" ({where_text(e.where)})" if e.where else "") for e in rule.ends_on
    ]
    if rule.only_while is not None:
        enders.append(f"`{rule.only_while.ended_by}`")
    return ", ".join(enders) or "-"


def recurrence_text(rule: ObligationRule, on: dt.date | None = None) -> str:
    """How the obligation recurs, in words (``once`` when it does not)."""
    recurrence = rule.recurrence
    if isinstance(recurrence, Rolling):
        if not recurrence.then:
            return "rolling: again the same period after each is done"
        then = ", then ".join(period_text(p, on) for p in recurrence.then)
        return f"rolling: then {then} after each is done"
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


#: The columns of ``rules --format table``, in order.
RULE_COLUMNS: Final = (
    "kind",
    "period",
    "starts from",
    "done by",
    "ends",
    "recurrence",
    "citation",
    "decided by",
)


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


# -- output --------------------------------------------------------------------------


def _fail(message: str, status: int) -> int:
    print(f"adoption-rules: {message}", file=sys.stderr)
    return status


def _guarded(
    fn: Callable[[argparse.Namespace, Registry], int],
) -> Callable[[argparse.Namespace], int]:
    """Load the registry and run ``fn``, turning a plugin or usage error into one line."""

    def handler(args: argparse.Namespace) -> int:
        try:
            registry = default_registry()
        except AdoptionRulesError as exc:
            return _fail(str(exc), 1)
        try:
            return fn(args, registry)
        except UnknownRegionError as exc:
            return _fail(str(exc), 2)
        except UsageError as exc:
            return _fail(str(exc), 2)
        except AdoptionRulesError as exc:
            return _fail(str(exc), 1)

    handler.__name__ = fn.__name__
    return handler


def _cmd_regions(args: argparse.Namespace, registry: Registry) -> int:
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
    if args.format == "json":
        json.dump(items, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    rows = [
        [
            str(i["name"]),
            str(i["title"]),
            ", ".join(i["councils"]) or "-",
            str(i["source"]),
            str(i["plugin"]),
        ]
        for i in items
    ]
    sys.stdout.write(text_table(("region", "title", "councils", "source", "plugin"), rows))
    return 0


def _cmd_rules(args: argparse.Namespace, registry: Registry) -> int:
    on = date_or_today(args.on, "--on")
    policy = registry.policy(args.region)
    rows = rule_rows(policy, on)
    version = policy_version_on(policy.region, on)
    version_doc = (
        None
        if version is None
        else {
            "effective_from": version.effective_from.isoformat(),
            "title": version.title,
            "citation": version.citation,
        }
    )
    if args.format == "json":
        doc = {
            "region": args.region,
            "on": on.isoformat(),
            "policy_version": version_doc,
            "rules": rows,
        }
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    cells: list[list[str]] = []
    for row in rows:
        if row["status"] == ABSENT:
            cells.append(
                [row["kind"], ABSENT, "-", "-", "-", "-", row["reason"], row["decided_by"]]
            )
            continue
        for i, trigger in enumerate(row["triggers"]):
            first = i == 0
            cells.append(
                [
                    row["kind"] if first else "",
                    trigger["period"],
                    trigger["starts_from"],
                    row["done_by"] if first else "",
                    row["ends"] if first else "",
                    row["recurrence"] if first else "",
                    row["citation"] if first else "",
                    row["decided_by"] if first else "",
                ]
            )
    sys.stdout.write(f"{args.region}: rules in force on {on.isoformat()}\n")
    if version is not None:
        sys.stdout.write(
            f"policy document: {version.title}, in force from "
            f"{version.effective_from.isoformat()} ({version.citation})\n"
        )
    sys.stdout.write("\n")
    sys.stdout.write(text_table(RULE_COLUMNS, cells))
    quoted = [row for row in rows if row.get("quote")]
    if quoted:
        sys.stdout.write("\nIn the policy's words:\n")
        for row in quoted:
            sys.stdout.write(f"  {row['kind']} ({row['citation']}): “{row['quote']}”\n")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``regions`` and ``rules`` commands to the command line's sub-parsers."""
    p = subparsers.add_parser(
        "regions",
        help="the regions installed, with their councils, source and plugin",
        description=(
            "List every region that loaded: the library's own and those installed through "
            "the adoption_rules.regions entry point group (ADOPTION_RULES_PLUGINS restricts "
            "which), with their councils, source document and plugin."
        ),
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="table or json")
    p.set_defaults(handler=_guarded(_cmd_regions))

    p = subparsers.add_parser(
        "rules",
        help="every rule of a region: period, what starts, does and ends it, citation, plugin",
        description=(
            "List every obligation kind of a region: its period in words (the value in force "
            "on --on, default today in England), what starts it, what does it, what ends it, "
            "how it recurs, its citation and the plugin that decided it, then each rule in "
            "the policy's own words. Kinds the region's process does not have are listed "
            "as absent."
        ),
    )
    p.add_argument(
        "--region", required=True, help="the region's name (see: adoption-rules regions)"
    )
    p.add_argument(
        "--on", metavar="YYYY-MM-DD", help="the values in force that day (default today)"
    )
    p.add_argument("--format", choices=FORMATS, default="table", help="table or json")
    p.set_defaults(handler=_guarded(_cmd_rules))
