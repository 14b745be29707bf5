"""The ``audit`` command: template, check and report for the exemplar service audit.

Commands::

    adoption-rules audit template [--format csv] [--region NAME] [--agency TEXT]
    adoption-rules audit check FILE
    adoption-rules audit report FILE [FILE ...] [--format html|md|json] [-o OUT]

Convention shared with the main command line (:mod:`adoption_rules.cli`):
:func:`register` adds the ``audit`` parser to the caller's sub-parsers, and
every leaf parser sets ``handler`` with ``set_defaults(handler=...)``.  The
caller parses the arguments and calls ``args.handler(args)``, which returns
the exit status:

* 0: done;
* 1: the input had errors (each printed to standard error as
  ``FILE: row R, column C (name): message``);
* 2: the command was misused or a file could not be read or written.

Handlers print errors to standard error, one line each, and never let a
traceback escape for an error they expect.  ``audit`` with no sub-command
prints its usage and returns 2.  Nothing is logged, and no message quotes the
"Completed by" name: it appears only in a report's header.

To try it without the main command line::

    parser = argparse.ArgumentParser(prog="adoption-rules")
    register(parser.add_subparsers())
    args = parser.parse_args(["audit", "check", "audit.csv"])
    status = args.handler(args)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from adoption_rules.audit.csvio import (
    AuditFileError,
    AuditFileUnreadableError,
    audit_to_csv,
    read_audit,
)
from adoption_rules.audit.model import Audit, new_template
from adoption_rules.audit.prefill import REGION_FACTS, UnknownRegionError, facts_for, prefill
from adoption_rules.audit.report import FORMATS, render_report
from adoption_rules.core.errors import AdoptionRulesError

__all__ = ["register"]

_PROG = "adoption-rules audit"


def _error(message: str, stream: TextIO | None = None) -> None:
    print(f"{_PROG}: {message}", file=stream or sys.stderr)


def _write_stdout(text: str, *, bom: bool = False) -> None:
    """Write UTF-8 to standard output whatever its encoding (a BOM helps Excel)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a replaced stdout without bytes: write text
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8-sig" if bom else "utf-8"))
    buffer.flush()


def _cmd_template(args: argparse.Namespace) -> int:
    agency: str | None = args.agency.strip() if args.agency and args.agency.strip() else None
    template = new_template(agency=agency)
    if args.region:
        try:
            facts = facts_for(args.region)
        except UnknownRegionError as exc:
            _error(str(exc))
            return 2
        template = prefill(template, facts)
    _write_stdout(audit_to_csv(template), bom=True)
    return 0


def _read_all(paths: list[str]) -> tuple[list[Audit], int]:
    """Read every file, printing every problem; the worst exit status so far."""
    audits: list[Audit] = []
    status = 0
    for path in paths:
        try:
            audits.append(read_audit(path))
        except AuditFileUnreadableError as exc:
            _error(str(exc))
            status = 2
        except AuditFileError as exc:
            for issue in exc.issues:
                print(str(issue), file=sys.stderr)
            status = max(status, 1)
    return audits, status


def _cmd_check(args: argparse.Namespace) -> int:
    audits, status = _read_all([args.file])
    if status:
        return status
    audit = audits[0]
    pending = audit.not_yet_assessed()
    rated = len(audit.entries) - len(pending)
    lines = [f"{args.file}: valid audit, {len(audit.entries)} sub-elements, {rated} rated"]
    if pending:
        lines.append(f"not yet assessed (blank rating): {', '.join(pending)}")
    _write_stdout("\n".join(lines) + "\n")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    audits, status = _read_all(list(args.files))
    if status:
        return status
    try:
        text = render_report(audits, args.format)
    except AdoptionRulesError as exc:
        _error(str(exc))
        return 1
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _error(f"{args.output}: cannot write the report ({exc.strerror or exc})")
            return 2
    else:
        _write_stdout(text)
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``audit`` command and its sub-commands to ``subparsers``."""
    audit = subparsers.add_parser(
        "audit",
        help="the exemplar adoption support service audit (ASGLB audit tool)",
        description=(
            "Rate an agency against the 17 elements of the ASGLB survey of exemplar adoption "
            "support services: print a CSV template, check a filled-in one, report on one or "
            "more."
        ),
    )

    def usage(args: argparse.Namespace) -> int:
        audit.print_help(sys.stderr)
        return 2

    audit.set_defaults(handler=usage)
    sub = audit.add_subparsers(title="audit commands", metavar="SUBCOMMAND")

    p = sub.add_parser(
        "template",
        help="print a blank audit CSV to fill in",
        description=(
            "Print the audit as CSV (UTF-8 with a byte-order mark, for spreadsheets): one row "
            "per sub-element, with blank rating, actions and priority. With --region, rows the "
            "region's rules speak to are pre-filled, and say so."
        ),
    )
    p.add_argument("--format", choices=("csv",), default="csv", help="output format (csv)")
    p.add_argument(
        "--region",
        metavar="NAME",
        help="pre-fill from the region's rules: " + ", ".join(sorted(REGION_FACTS)),
    )
    p.add_argument("--agency", metavar="TEXT", help="the agency's name, written into the template")
    p.set_defaults(handler=_cmd_template)

    p = sub.add_parser(
        "check",
        help="check a filled-in audit CSV",
        description=(
            "Check an audit CSV; print every problem as FILE: row, column: message. Exits 1 "
            "when there are problems, 2 when the file cannot be read."
        ),
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=_cmd_check)

    p = sub.add_parser(
        "report",
        help="report on one or more audits",
        description=(
            "Report on audit CSVs: ratings by element, the action plan by priority, and, "
            "given several files, what changed for one agency or how agencies compare."
        ),
    )
    p.add_argument("files", metavar="FILE", nargs="+")
    p.add_argument("--format", choices=FORMATS, default="html", help="html (default), md or json")
    p.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of standard output")
    p.set_defaults(handler=_cmd_report)
