"""``adoption-rules explain``: why each obligation is due when it is.

* ``--format text`` (the default): each obligation's story in words: the rule
  and its plugin, the parameter read and its dated source, the days a
  working-day deadline skipped, the events that started, did or ended it, the
  time left; and the policy's own words.
* ``--format json``: a JSON array of ``adoption-rules.trace.v1`` traces, one per
  case (or the case's error), each valid against ``schemas/trace.schema.json``
  (``adoption-rules schema trace``).
* ``--format html``: one page with each case's timeline and obligations.

A case system's CSV or Excel export is read as ``evaluate`` reads it; its text
and HTML say what the result says (a trace reads JSON cases).
"""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import TYPE_CHECKING, Any

from adoption_rules.cli.common import (
    Subparsers,
    UsageError,
    add_as_of_option,
    add_policy_option,
    close_input,
)
from adoption_rules.cli.evaluate import EXPORT_SUFFIXES, add_export_options, results
from adoption_rules.core.model import CaseError, Obligation, Result
from adoption_rules.io.jsonio import dumps
from adoption_rules.io.jsontext import to_json
from adoption_rules.io.output import explain_obligation
from adoption_rules.io.records import FileFormatError

if TYPE_CHECKING:
    from adoption_rules.plugins.registry import Registry

__all__ = ["cmd_explain", "register"]


def _quote(registry: Registry, result: Result, ob: Obligation) -> str:
    """The policy's own words for the rule that made ``ob`` (``""`` when it has none)."""
    if result.region not in registry:
        return ""
    resolved = registry.policy(result.region).rule(ob.kind)
    return resolved.rule.quote if resolved is not None and resolved.rule.rule_id == ob.rule else ""


def cmd_explain(args: argparse.Namespace) -> int:
    """``explain``: each obligation's story in words, the cases' traces, or an HTML page."""
    form = getattr(args, "format", "text")
    # A trace reads JSON cases; an export's text and HTML come from its results.
    traced = form != "html" and not args.file.lower().endswith(EXPORT_SUFFIXES)
    if form == "json" and not traced:
        raise UsageError(
            "a trace reads JSON cases: convert the export first (adoption-rules import)"
        )
    stream, items, day, registry = results(args, traced=traced)
    bad = shown = 0
    out = sys.stdout
    first = True

    def emit(text: str) -> None:  # one item of the JSON array
        nonlocal first
        out.write(("\n" if first else ",\n") + text)
        first = False

    if form == "html":
        # Imported here: start-up speed (the text form needs none of it).
        from adoption_rules.analysis.report import explain_case, explain_foot, explain_head

        out.write(explain_head(f"Obligations explained, as of {day.isoformat()}"))
    elif form == "json":
        out.write("[")
    if traced:
        # Imported here for start-up speed, as in results().
        from adoption_rules.trace import explain_text
    try:
        for item in items:
            if isinstance(item, CaseError):
                bad += 1
                if form == "json":
                    emit(to_json(item))
                else:
                    print(
                        f"{item.case_id or '(no case_id)'}: {item.error.code}: "
                        f"{item.error.message}",
                        file=sys.stderr,
                    )
                continue
            if form == "html":
                section, n = explain_case(item, args.kind, partial(_quote, registry, item))
                out.write(section)
                shown += n
                continue
            result: Result = item.result if traced else item
            entries: list[Any] = (
                item.trace["obligations"] if traced else [None] * len(result.obligations)
            )
            chosen = [
                (ob, entry)
                for ob, entry in zip(result.obligations, entries, strict=True)
                if args.kind in (None, ob.kind)
            ]
            if form == "json":
                emit(dumps({**item.trace, "obligations": [entry for _, entry in chosen]}))
                shown += len(chosen)
                continue
            for ob, entry in chosen:
                if shown:
                    out.write("\n")
                quote = _quote(registry, result, ob)
                text = (
                    explain_text(result, ob, entry, quote)
                    if traced
                    else explain_obligation(result, ob, quote)
                )
                out.write(text + "\n")
                shown += 1
        if form == "json":
            out.write("]\n" if first else "\n]\n")
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        if stream is not None:
            close_input(stream)
    if form == "html":
        out.write(explain_foot())
    if not shown:
        what = f"of kind {args.kind!r} " if args.kind else ""
        print(f"no obligation {what}in {args.file}", file=sys.stderr)
    return 1 if bad else 0


def register(subparsers: Subparsers) -> None:
    """Add the ``explain`` command."""
    p = subparsers.add_parser(
        "explain",
        help="why each obligation is due when it is: rule, period, event, plugin, source",
        description=(
            "Tell each obligation's story: the rule and plugin, the events that started and "
            "did it, the parameter read and its dated source, the days a working-day "
            "deadline skipped, the time left. --format json writes one "
            "adoption-rules.trace.v1 trace per case (adoption-rules schema trace); "
            "--format html one page with each case's timeline."
        ),
    )
    p.add_argument("file", help="the cases, as for evaluate")
    p.add_argument("--kind", help="only obligations of this kind (for example assessment)")
    add_as_of_option(p)
    p.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help=(
            "text (sentences), json (the adoption-rules.trace.v1 trace, one per case), or "
            "html: one page with each case's timeline and obligations"
        ),
    )
    add_export_options(p)
    add_policy_option(p)
    p.set_defaults(handler=cmd_explain)
