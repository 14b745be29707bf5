"""Writing results: JSON (the contract), JSON Lines, CSV, and a manager's table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, Protocol, TextIO

from adoption_rules.core.model import CaseError, Obligation, Result, Status
from adoption_rules.io.jsontext import to_json
from adoption_rules.io.safe import csv_writer, printable, shown_id

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.core.explain import TimeLeft

#: The time left to an obligation of a result (``--time-left``), or ``None``: not asked for.
TimeLeftOf = Callable[[Result, Obligation], "TimeLeft"]

__all__ = [
    "CSV_COLUMNS",
    "WARNING_CSV_COLUMNS",
    "explain_obligation",
    "json_entry",
    "write_csv",
    "write_json",
    "write_json_entries",
    "write_jsonl",
    "write_jsonl_entries",
    "write_table",
    "write_warnings_csv",
]

Item = Result | CaseError


def json_entry(item: Item) -> tuple[str, bool]:
    """An item's JSON text, and whether it is an error: what the JSON writers write."""
    return to_json(item), isinstance(item, CaseError)


def write_json(
    items: Iterable[Item], out: TextIO, text: Callable[[Item], str] = to_json
) -> tuple[int, int]:
    """A JSON array, one element per case, streamed; returns (results, errors).

    ``text`` writes one item (default: the contract's JSON; ``evaluate
    --time-left`` and ``--explain`` pass one that adds their fields).
    """
    return write_json_entries(((text(item), isinstance(item, CaseError)) for item in items), out)


def write_json_entries(entries: Iterable[tuple[str, bool]], out: TextIO) -> tuple[int, int]:
    """:func:`write_json` of items already turned into :func:`json_entry` (by workers, say)."""
    ok = bad = 0
    out.write("[")
    first = True
    try:
        for text, error in entries:
            out.write("\n" if first else ",\n")
            first = False
            out.write(text)
            if error:
                bad += 1
            else:
                ok += 1
    finally:
        # Closed even when reading stops half way (the exit status says cases were
        # lost), so what was written still parses.
        out.write("\n]\n" if not first else "]\n")
    return ok, bad


def write_jsonl(
    items: Iterable[Item], out: TextIO, text: Callable[[Item], str] = to_json
) -> tuple[int, int]:
    """One JSON object a line; returns (results, errors).  ``text`` as for :func:`write_json`."""
    return write_jsonl_entries(((text(item), isinstance(item, CaseError)) for item in items), out)


def write_jsonl_entries(entries: Iterable[tuple[str, bool]], out: TextIO) -> tuple[int, int]:
    """:func:`write_jsonl` of items already turned into :func:`json_entry`."""
    ok = bad = 0
    for text, error in entries:
        out.write(text)
        out.write("\n")
        if error:
            bad += 1
        else:
            ok += 1
    return ok, bad


CSV_COLUMNS: Final = (
    "case_id",
    "region",
    "as_of",
    "kind",
    "due",
    "status",
    "done_on",
    "period",
    "starts_from_event",
    "starts_from_date",
    "occurrence",
    "rule",
    "citation",
    "decided_by",
    "provisional",
    "responsible_authority",
    "error_code",
    "error_field",
    "error_message",
)


def _iso(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


#: The columns ``--time-left`` adds at the end of every CSV row.
TIME_LEFT_COLUMNS: Final = ("working_days_left", "calendar_days_left", "days_late")


def _count(n: int | None) -> str:
    return "" if n is None else str(n)


def write_csv(
    items: Iterable[Item], out: TextIO, time_left: TimeLeftOf | None = None
) -> tuple[int, int]:
    """One row per obligation (a case with none gets one row); errors get a row each.

    With ``time_left``, every row ends with :data:`TIME_LEFT_COLUMNS`.  Cells go
    through :func:`adoption_rules.io.safe.csv_writer`: formulas neutralised, line
    breaks quoted.
    """
    writer: _RowWriter = csv_writer(out)
    if time_left is not None:
        writer = _Padded(writer, len(TIME_LEFT_COLUMNS))
        writer.writerow(CSV_COLUMNS + TIME_LEFT_COLUMNS)
    else:
        writer.writerow(CSV_COLUMNS)
    ok = bad = 0
    for item in items:
        if isinstance(item, CaseError):
            bad += 1
            writer.writerow(
                [item.case_id or ""]
                + [""] * 15
                + [item.error.code, item.error.field or "", item.error.message]
            )
            continue
        ok += 1
        head = [item.case_id, item.region, item.as_of.isoformat()]
        if not item.obligations:
            writer.writerow([*head, *[""] * 12, item.responsible_authority or "", "", "", ""])
        for ob in item.obligations:
            left = [] if time_left is None else _time_left_cells(time_left(item, ob))
            writer.writerow(
                [
                    *head,
                    ob.kind,
                    _iso(ob.due),
                    ob.status.value,
                    _iso(ob.done_on),
                    ob.period or "",
                    ob.starts_from.event,
                    ob.starts_from.date.isoformat(),
                    "" if ob.occurrence is None else str(ob.occurrence),
                    ob.rule,
                    ob.citation,
                    ob.decided_by,
                    "true" if ob.provisional else "false",
                    item.responsible_authority or "",
                    "",
                    "",
                    "",
                    *left,
                ]
            )
    return ok, bad


#: The columns of the warnings file (``evaluate --warnings-csv``).
WARNING_CSV_COLUMNS: Final = ("case_id", "region", "as_of", "code", "message")


def write_warnings_csv(items: Iterable[Item], out: TextIO) -> Iterable[Item]:
    """Pass ``items`` through, writing each result's warnings to ``out`` as CSV rows."""
    writer = csv_writer(out)  # formulas neutralised, line breaks quoted (io.safe)
    writer.writerow(WARNING_CSV_COLUMNS)
    for item in items:
        if isinstance(item, Result):
            for w in item.warnings:
                writer.writerow(
                    [
                        _safe(item.case_id),
                        _safe(item.region),
                        item.as_of.isoformat(),
                        w.code,
                        _safe(w.message),
                    ]
                )
        yield item


def _safe(text: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _time_left_cells(left: TimeLeft) -> list[str]:
    return [
        _count(left.working_days_left),
        _count(left.calendar_days_left),
        _count(left.days_late),
    ]


class _RowWriter(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class _Padded:
    """A CSV writer that pads short rows (errors, cases with no obligation) to the full width."""

    def __init__(self, writer: _RowWriter, extra: int) -> None:
        self.writer = writer
        self.width = len(CSV_COLUMNS) + extra

    def writerow(self, row: Iterable[Any], /) -> Any:
        cells = list(row)
        return self.writer.writerow([*cells, *[""] * (self.width - len(cells))])


def write_table(
    items: Iterable[Item],
    out: TextIO,
    as_of: dt.date,
    horizon_days: int = 30,
    time_left: TimeLeftOf | None = None,
) -> tuple[int, int]:
    """The team manager's view: overdue first, then due in the next ``horizon_days`` days.

    With ``time_left``, the obligations due soon show the working days left too.
    """
    overdue: list[tuple[Result, Obligation]] = []
    upcoming: list[tuple[Result, Obligation]] = []
    errors: list[CaseError] = []
    warned: list[tuple[str, str, str]] = []
    warnings = 0
    ok = 0
    limit = as_of + dt.timedelta(days=horizon_days)
    for item in items:
        if isinstance(item, CaseError):
            errors.append(item)
            continue
        ok += 1
        warnings += len(item.warnings)
        warned.extend((item.case_id, w.code, w.message) for w in item.warnings)
        for ob in item.obligations:
            if ob.status is Status.OVERDUE:
                overdue.append((item, ob))
            elif ob.status is Status.PENDING and ob.due is not None and ob.due <= limit:
                upcoming.append((item, ob))
    overdue.sort(key=lambda p: (p[1].due or as_of, p[0].case_id))
    upcoming.sort(key=lambda p: (p[1].due or as_of, p[0].case_id))
    out.write(
        f"{ok} cases evaluated as of {as_of.isoformat()}; {len(errors)} with errors; "
        f"{warnings} warnings\n"
    )
    _section(out, f"OVERDUE ({len(overdue)})", overdue, as_of, late=True)
    _section(
        out,
        f"DUE IN THE NEXT {horizon_days} DAYS ({len(upcoming)})",
        upcoming,
        as_of,
        time_left=time_left,
    )
    if warned:
        out.write(f"\nWARNINGS ({len(warned)})\n")
        for case_id, code, message in warned:
            out.write(f"  {case_id}: {code}: {message}\n")
    if errors:
        out.write(f"\nERRORS ({len(errors)})\n")
        for err in errors:
            field = f" [{err.error.field}]" if err.error.field else ""
            out.write(
                f"  {shown_id(err.case_id)}: {err.error.code}{printable(field)}: "
                f"{printable(err.error.message)}\n"
            )
    return ok, len(errors)


def _section(
    out: TextIO,
    title: str,
    rows: list[tuple[Result, Obligation]],
    as_of: dt.date,
    *,
    late: bool = False,
    time_left: TimeLeftOf | None = None,
) -> None:
    out.write(f"\n{title}\n")
    if not rows:
        out.write("  (none)\n")
        return
    header: tuple[str, ...] = (
        "case",
        "region",
        "obligation",
        "due",
        "days late" if late else "days left",
        "rule",
    )
    if time_left is not None:
        header = (*header[:5], "working days left", header[5])
    table: list[tuple[str, ...]] = [header]
    for result, ob in rows:
        assert ob.due is not None
        days = (as_of - ob.due).days if late else (ob.due - as_of).days
        kind = ob.kind + (f" #{ob.occurrence}" if ob.occurrence else "")
        due = ob.due.isoformat() + ("*" if ob.provisional else "")
        row: tuple[str, ...] = (result.case_id, result.region, kind, due, str(days), ob.rule)
        if time_left is not None:
            row = (*row[:5], _count(time_left(result, ob).working_days_left), row[5])
        table.append((shown_id(row[0]), *(printable(c) for c in row[1:])))
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for n, row in enumerate(table):
        out.write(
            "  " + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() + "\n"
        )
        if n == 0:
            out.write("  " + "  ".join("-" * w for w in widths) + "\n")


def explain_obligation(result: Result, ob: Obligation, quote: str = "") -> str:
    """The story of one obligation, in sentences a person can check against the policy
    (control characters escaped: :func:`adoption_rules.io.safe.printable`).

    ``quote`` is the policy's own words for the rule, shown under its source.
    """
    # Line by line: the lines are the library's; what is escaped is what they quote.
    return "\n".join(printable(line) for line in _explain(result, ob, quote).split("\n"))


def _explain(result: Result, ob: Obligation, quote: str) -> str:
    lines = [
        f"{ob.kind} for case {shown_id(result.case_id)} ({result.region}), as of {result.as_of}:"
    ]
    start = f"{ob.starts_from.event} on {ob.starts_from.date}"
    if ob.occurrence:
        lines[0] = lines[0][:-1] + f", occurrence {ob.occurrence}:"
    if ob.due is None:
        lines.append(f"  The clock runs from {start}; the rule sets no time limit, so no due date.")
    else:
        # An anchored occurrence's period reads "18 months (the 3rd of every 6 months)":
        # the distance from the anchor, then which occurrence it is (R14).
        period, _, which = (ob.period or "").partition(" (the ")
        which = f" (the {which}" if which else ""
        lines.append(f"  Due {ob.due}: {period} after {start}{which}.")
    if ob.provisional:
        lines.append(
            "  Provisional: the deadline lies after the last bank holiday announced, "
            "so it may move."
        )
    lines.append(f"  Rule {ob.rule}, decided by plugin {ob.decided_by!r}.")
    lines.append(f"  Source: {ob.citation}.")
    if quote:
        lines.append(f"  In the policy's words: “{quote}”")
    status = {
        Status.MET: f"Met: done on {ob.done_on}.",
        Status.MET_LATE: f"Met late: done on {ob.done_on}, after the due date.",
        Status.PENDING: "Pending: not done yet, and not yet due.",
        Status.OVERDUE: f"Overdue: not done, and the due date {ob.due} has passed.",
        Status.CANCELLED: (
            "Cancelled: made moot (the case closed or the stage ended) before it fell due."
        ),
        Status.OPEN: "Open: the window is still open.",
        Status.CLOSED: "Closed: the window has ended.",
    }[ob.status]
    lines.append(f"  Status: {status}")
    return "\n".join(lines)
