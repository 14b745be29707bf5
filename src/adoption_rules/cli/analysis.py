"""The analyst's commands: ``import``, ``summary`` and ``report``.

``import`` turns a case system's long-format export (CSV or Excel) into
contract-v1 cases as JSON Lines; ``summary`` and ``report`` read cases as
``evaluate`` does (JSON, JSON Lines, or an export with the same options) and
write a caseload's timeliness as a table, CSV or JSON, or as one HTML file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import IO, TextIO

from adoption_rules.analysis.importer import (
    ExportError,
    ImportStats,
    RowIssue,
    default_map,
    load_map,
    read_export,
)
from adoption_rules.analysis.report import ReportBuilder
from adoption_rules.analysis.summary import (
    GROUPINGS,
    FactsOf,
    Summariser,
    write_summary_csv,
    write_summary_json,
    write_summary_table,
)
from adoption_rules.cli.common import (
    Subparsers,
    UsageError,
    add_as_of_option,
    add_jobs_option,
    add_policy_option,
    as_of,
)
from adoption_rules.cli.evaluate import add_export_options, rendered_results
from adoption_rules.io.records import FileFormatError

__all__ = ["register"]


def _usage(message: str) -> UsageError:
    return UsageError(message)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _cmd_import(args: argparse.Namespace) -> int:
    stats = ImportStats()
    try:
        imap = load_map(args.map) if args.map else default_map()
        items = read_export(
            args.file,
            cases=args.cases,
            import_map=imap,
            date_format=args.date_format,
            stats=stats,
        )
    except ExportError as exc:
        raise _usage(str(exc)) from None
    out: TextIO
    if args.output and args.output != "-":
        try:
            out = open(args.output, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise _usage(f"{args.output}: cannot write ({exc.strerror})") from None
    else:
        out = sys.stdout
    try:
        for item in items:
            if isinstance(item, RowIssue):
                print(f"{item}", file=sys.stderr)
            elif item.data is None:
                for issue in item.issues:
                    print(f"case {item.case_id}: {issue}", file=sys.stderr)
            else:
                out.write(json.dumps(item.data, ensure_ascii=False))
                out.write("\n")
    finally:
        if out is not sys.stdout:
            out.close()
    written = stats.cases - stats.failed_cases
    ignored = (
        f"; {_n(stats.ignored_rows, 'row')} of types the map ignores" if stats.ignored_rows else ""
    )
    print(
        f"adoption-rules import: {_n(written, 'case')} written from {_n(stats.rows, 'row')}"
        f"{ignored}; {_n(stats.failed_cases, 'case')} not written, "
        f"{_n(stats.issues, 'problem')} reported",
        file=sys.stderr,
    )
    return 1 if stats.issues else 0


def _close(stream: IO[str] | None) -> None:
    if stream is not None and stream is not sys.stdin:
        stream.close()


def _groups(text: str) -> list[str]:
    """``--by``: one grouping or a comma list of them."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    for name in names:
        if name not in GROUPINGS:
            raise argparse.ArgumentTypeError(
                f"cannot group by {name!r}; expected {', '.join(GROUPINGS)}"
            )
    return names


def _cmd_summary(args: argparse.Namespace) -> int:
    by = tuple(name for group in args.by or () for name in group)
    # With --jobs, each worker sends back only the facts the figures count (FactsOf).
    stream, items, as_of, _ = rendered_results(args, FactsOf(by))
    try:
        summariser = Summariser(as_of, by)
    except ValueError as exc:
        _close(stream)
        raise _usage(f"--by: {exc}") from None
    try:
        for facts in items:
            summariser.add_facts(facts)
    except FileFormatError as exc:
        raise _usage(f"{args.file}: {exc}") from None
    finally:
        _close(stream)
    summary = summariser.summary()
    if args.format == "json":
        write_summary_json(summary, sys.stdout)
    elif args.format == "csv":
        write_summary_csv(summary, sys.stdout)
    else:
        write_summary_table(summary, sys.stdout)
    return 1 if summary.errors else 0


def _cmd_report(args: argparse.Namespace) -> int:
    day = as_of(args)
    builder = ReportBuilder(day, source=Path(args.file).name)
    # What the report takes of each case, made where it is evaluated: with --jobs, the
    # workers pickle the rows and results it may keep, and only those kept are unpickled.
    facts = builder.facts(pickled=args.jobs != 1, worklist_csv=True)
    stream, items, _, _ = rendered_results(args, facts, day=day)
    worklist = args.worklist_csv or str(Path(args.output).with_suffix(".worklist.csv"))
    try:
        with open(worklist, "w", encoding="utf-8", newline="") as csv_out:
            builder.start_worklist_csv(csv_out)
            for case in items:
                builder.add_case(case)
    except FileFormatError as exc:
        raise _usage(f"{args.file}: {exc}") from None
    except OSError as exc:
        raise _usage(f"{worklist}: cannot write ({exc.strerror})") from None
    finally:
        _close(stream)
    try:
        Path(args.output).write_text(
            builder.render(worklist_name=Path(worklist).name), encoding="utf-8"
        )
    except OSError as exc:
        raise _usage(f"{args.output}: cannot write ({exc.strerror})") from None
    print(
        f"adoption-rules report: {args.output} ({builder.cases} cases, {builder.errors} errors); "
        f"full worklists in {worklist}",
        file=sys.stderr,
    )
    return 1 if builder.errors else 0


def register(sub: Subparsers) -> None:
    """Add the ``import``, ``summary`` and ``report`` commands."""
    p = sub.add_parser(
        "import",
        help="read a case system's CSV or Excel export as contract cases (JSON Lines)",
        description=(
            "Read a long-format export (one row per event; CSV or .xlsx) and write one "
            "contract-v1 case per line. Only the columns the map names are read. Every bad "
            "row is reported on standard error by file, row and column; a case with a bad "
            "row is not written. Exit 0 when every row was read, 1 when some were not, 2 on "
            "misuse. See docs/importing.md."
        ),
    )
    p.add_argument("file", help="the events: a .csv or .xlsx file, one row per event")
    p.add_argument("-o", "--output", metavar="FILE", help="write the cases here (default stdout)")
    add_export_options(p)
    p.set_defaults(handler=_cmd_import)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("file", help="the cases: .json, .jsonl, or a .csv/.xlsx export")
        add_as_of_option(p)
        add_export_options(p)
        add_jobs_option(p)
        add_policy_option(p)

    p = sub.add_parser(
        "summary",
        help="a caseload's timeliness: obligations by status, on-time rate, lateness",
        description=(
            "Evaluate the cases and count their obligations by status, per group: on-time "
            "rate, median and 90th-percentile days late, overdue ageing. See "
            "docs/notebooks.md."
        ),
    )
    common(p)
    p.add_argument(
        "--by",
        action="append",
        type=_groups,
        metavar="GROUP",
        help="group by region, responsible_authority, kind or quarter (repeat, or a comma list)",
    )
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.set_defaults(handler=_cmd_summary)

    p = sub.add_parser(
        "report",
        help="a caseload report as one self-contained, printable HTML file",
        description=(
            "Evaluate the cases and write one HTML file (no network, printable): headline "
            "figures, on-time rate by kind and by quarter, overdue ageing, the worklists "
            "(capped; the full lists go to a CSV file beside it)."
        ),
    )
    common(p)
    p.add_argument("-o", "--output", metavar="FILE", required=True, help="the HTML file to write")
    p.add_argument(
        "--worklist-csv",
        metavar="FILE",
        help="the full worklists as CSV (default: the report's name with .worklist.csv)",
    )
    p.set_defaults(handler=_cmd_report)
