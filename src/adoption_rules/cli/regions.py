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
import json
import sys
from collections.abc import Callable
from typing import Final

from adoption_rules.cli.common import UsageError, date_or_today, text_table
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.documents.regions import (
    ABSENT,
    done_text,
    ends_text,
    period_text,
    recurrence_text,
    regions_json,
    rule_rows,
    rules_json,
    source_doc,
    starts_text,
    where_text,
)
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
    items = regions_json(registry)
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
    doc = rules_json(registry, args.region, on)
    if args.format == "json":
        json.dump(doc, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return 0
    rows = doc["rules"]
    version = doc["policy_version"]
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
            f"policy document: {version['title']}, in force from "
            f"{version['effective_from']} ({version['citation']})\n"
        )
    sys.stdout.write("\n")
    sys.stdout.write(text_table(RULE_COLUMNS, cells))
    quoted = [row for row in rows if row.get("quote")]
    if quoted:
        sys.stdout.write("\nIn the policy's words:\n")
        for row in quoted:
            sys.stdout.write(f"  {row['kind']} ({row['citation']}): “{row['quote']}”\n")
    data = doc["policy_data"]
    if data:
        sys.stdout.write("\nWhat else the policy states (cited data, no deadline):\n")
        for datum in data:
            extra = "; ".join(
                part
                for part in (datum["note"], datum["reading"] and f"reading: {datum['reading']}")
                if part
            )
            sys.stdout.write(
                f"  {datum['name']} ({datum['citation']})" + (f": {extra}" if extra else "") + "\n"
            )
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
