"""The audit as a CSV file a service manager fills in with a spreadsheet.

Layout (one file per audit; it opens as a plain sheet in Excel or LibreOffice):

.. code-block:: text

    Exemplar service audit,ASGLB Key Elements of an Adoption Support Service: ...
    Agency,Together4Children
    Region,together4children                 (only when the template names one)
    Completed by,
    Completed on (YYYY-MM-DD),
    Ratings,Not present; Partially present; Matches exemplar services; ...
    Priority,1 (low) to 4 (high); blank = not yet allocated

    id,service element,rating,next step actions,priority (1 low - 4 high),pre-filled from,...
    1,An outcomes-based vision for adoption support services ... which include:,,,,,1. ...
    1a,The well-being of adoptive families,,,,,1. ...
    ...

* Rows above the table are ``label,value`` pairs; the reader knows them by
  their label (case, spaces and anything in brackets ignored), and ignores
  labels it does not know.
* The table starts at the first row with an ``id`` and a ``rating`` heading.
  Columns are found by their heading, so they may be moved; ``id``,
  ``rating``, ``next step actions`` and ``priority`` are required.
* Rows whose id is an element number (``1``, ``2``, ... but not ``8``, which
  has no lettered sub-elements and is itself rated) are headings, as in the
  seed's table: their rating, actions and priority must stay blank.
* ``rating`` accepts the labels ("Partially present"), the values
  (``partially_present``) and the seed's headings ("Matches Exempla services"),
  in any case; blank means not yet assessed.  ``priority`` is a whole number
  1-4, blank for not yet allocated.  ``Completed on`` is ``YYYY-MM-DD`` or,
  as a UK spreadsheet may rewrite it, ``DD/MM/YYYY``.
* Row numbers in errors are the rows a spreadsheet shows (a cell with line
  breaks is still one row); columns are given as the spreadsheet's letter and
  the heading.
* Files are written as UTF-8 with a byte-order mark (so Excel shows the
  seed's curly apostrophes correctly) and read as UTF-8 with or without one,
  falling back to Windows-1252 for a file Excel saved as plain "CSV".

Every problem in a file is collected before anything is raised: one
:class:`AuditFileError` carries them all as :class:`AuditIssue` objects.  No
message quotes the "Completed by" name or the text of an action.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Final

import attrs

from adoption_rules.audit.elements import (
    AUDIT_TOOL_CITATION,
    ELEMENTS,
    SUB_ELEMENT_IDS,
    element_of,
    sub_element,
)
from adoption_rules.audit.model import (
    PRIORITY_MAX,
    PRIORITY_MIN,
    Audit,
    AuditEntry,
    AuditError,
    AuditTemplate,
    Rating,
    entries_from,
)

__all__ = [
    "AuditFileError",
    "AuditFileUnreadableError",
    "AuditIssue",
    "audit_to_csv",
    "parse_audit_csv",
    "read_audit",
    "write_audit_csv",
]

TITLE: Final = "Exemplar service audit"
TITLE_VALUE: Final = (
    "ASGLB Key Elements of an Adoption Support Service: summary and audit tool "
    f"({AUDIT_TOOL_CITATION})"
)
RATINGS_HELP: Final = "; ".join(r.label for r in Rating) + "; leave blank if not yet assessed"
PRIORITY_HELP: Final = (
    f"{PRIORITY_MIN} (low) to {PRIORITY_MAX} (high); leave blank if not yet allocated"
)

#: (heading written, field) for the table, in the order written.
COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("id", "id"),
    ("service element", "wording"),
    ("rating", "rating"),
    ("next step actions", "actions"),
    ("priority (1 low - 4 high)", "priority"),
    ("pre-filled from", "prefilled_from"),
    ("survey section", "section"),
    ("owner", "owner"),
    ("target date (YYYY-MM-DD)", "target_date"),
    ("progress", "progress"),
)
_REQUIRED: Final = ("id", "rating", "actions", "priority")
_COLUMN_ALIASES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "id": "id",
        "subelement": "id",
        "serviceelement": "wording",
        "serviceelements": "wording",
        "wording": "wording",
        "rating": "rating",
        "nextstepactions": "actions",
        "actions": "actions",
        "priority": "priority",
        "allocatedpriority": "priority",
        "prefilledfrom": "prefilled_from",
        "prefilled": "prefilled_from",
        "surveysection": "section",
        "section": "section",
        "owner": "owner",
        "actionowner": "owner",
        "targetdate": "target_date",
        "target": "target_date",
        "progress": "progress",
    }
)
_COLUMN_NAMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "actions": "next step actions",
        "prefilled_from": "pre-filled from",
        "wording": "service element",
        "target_date": "target date",
    }
)

#: Labels of the rows above the table, by normalised label.
_META: Final[Mapping[str, str]] = MappingProxyType(
    {
        "agency": "agency",
        "region": "region",
        "completedby": "completed_by",
        "completedon": "completed_on",
    }
)
_META_LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "agency": "Agency",
        "region": "Region",
        "completed_by": "Completed by",
        "completed_on": "Completed on (YYYY-MM-DD)",
    }
)

#: What a heading row must leave blank, and what to do instead.
_HEADING_FIELDS: Final = (
    ("rating", "rate"),
    ("actions", "give actions for"),
    ("priority", "give priorities to"),
)

#: Ids of heading rows: every element number except those rated as a whole (8).
_HEADING_IDS: Final[frozenset[str]] = frozenset(
    str(e.number) for e in ELEMENTS if e.ids != (str(e.number),)
)


class AuditFileUnreadableError(AuditError):
    """The file could not be read at all (missing, a directory, no permission)."""


@attrs.frozen
class AuditIssue:
    """One problem in an audit file, located as a spreadsheet shows it.

    ``row`` is 1-based (``None`` when the problem is the absence of a row);
    ``column`` is the heading or metadata field concerned and
    ``column_letter`` the spreadsheet column (``None`` when not one cell).
    ``code`` is stable, for programs: ``bad_rating``, ``bad_priority``,
    ``bad_date``, ``missing_field``, ``blank_field``, ``missing_column``,
    ``no_table``, ``missing_id``, ``unknown_sub_element``,
    ``duplicate_sub_element``, ``missing_sub_element``, ``heading_rated``,
    ``duplicate_field``, ``bad_csv``.
    """

    file: str
    row: int | None
    column: str | None
    column_letter: str | None
    code: str
    message: str

    def __str__(self) -> str:
        parts: list[str] = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            if self.column_letter is not None:
                parts.append(f"column {self.column_letter} ({self.column})")
            else:
                parts.append(f"column {self.column}")
        where = ", ".join(parts)
        return f"{self.file}: {where}: {self.message}" if where else f"{self.file}: {self.message}"


class AuditFileError(AuditError, ValueError):
    """An audit file with problems; ``issues`` lists every one found."""

    def __init__(self, issues: Sequence[AuditIssue]) -> None:
        self.issues: tuple[AuditIssue, ...] = tuple(issues)
        files = sorted({i.file for i in self.issues})
        n = len(self.issues)
        head = f"{n} problem{'s' if n != 1 else ''} in {', '.join(files)}"
        super().__init__(head + ":\n" + "\n".join(f"  {i}" for i in self.issues))


# --------------------------------------------------------------------------
# Writing


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index (0 -> A, 26 -> AA)."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def _rows(obj: Audit | AuditTemplate) -> list[list[str]]:
    rows: list[list[str]] = [[TITLE, TITLE_VALUE], [_META_LABELS["agency"], obj.agency or ""]]
    if obj.region:
        rows.append([_META_LABELS["region"], obj.region])
    if isinstance(obj, Audit):
        rows.append([_META_LABELS["completed_by"], obj.completed_by])
        rows.append([_META_LABELS["completed_on"], obj.completed_on.isoformat()])
    else:
        rows.append([_META_LABELS["completed_by"], ""])
        rows.append([_META_LABELS["completed_on"], ""])
    rows.append(["Ratings", RATINGS_HELP])
    rows.append(["Priority", PRIORITY_HELP])
    rows.append([])
    rows.append([heading for heading, _ in COLUMNS])
    by_id = {e.sub_element: e for e in obj.entries}
    for element in ELEMENTS:
        if str(element.number) in _HEADING_IDS:
            rows.append(
                [str(element.number), element.wording, "", "", "", "", element.section, "", "", ""]
            )
        for sub in element.sub_elements:
            entry = by_id[sub.id]
            rows.append(
                [
                    sub.id,
                    sub.wording,
                    entry.rating.label if entry.rating else "",
                    entry.actions,
                    str(entry.priority) if entry.priority is not None else "",
                    entry.prefilled_from or "",
                    sub.section,
                    entry.owner or "",
                    entry.target_date.isoformat() if entry.target_date else "",
                    entry.progress or "",
                ]
            )
    return rows


def audit_to_csv(obj: Audit | AuditTemplate) -> str:
    """The CSV text of an audit or a template (without a byte-order mark)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(_rows(obj))
    return buffer.getvalue()


def write_audit_csv(obj: Audit | AuditTemplate, path: str | Path) -> None:
    """Write :func:`audit_to_csv` to ``path`` as UTF-8 with a byte-order mark."""
    Path(path).write_bytes(audit_to_csv(obj).encode("utf-8-sig"))


# --------------------------------------------------------------------------
# Reading


def _norm(label: str) -> str:
    """A label without case, brackets, spaces or punctuation: "Completed on (YYYY-MM-DD)"."""
    label = re.sub(r"\(.*?\)", "", label.casefold())
    return re.sub(r"[^0-9a-z]+", "", label)


def _norm_id(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold().rstrip(".")


_ISO_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_UK_DATE: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_INTEGER: Final = re.compile(r"[+]?(\d+)(?:\.0+)?")


def _parse_date(text: str) -> _dt.date | None:
    m = _ISO_DATE.fullmatch(text)
    try:
        if m:
            return _dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _UK_DATE.fullmatch(text)
        if m:
            return _dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


class _Reader:
    def __init__(self, filename: str) -> None:
        self.file = filename
        self.issues: list[AuditIssue] = []
        self.columns: dict[str, int] = {}

    def issue(
        self,
        code: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        letter: str | None = None,
    ) -> None:
        self.issues.append(AuditIssue(self.file, row, column, letter, code, message))

    def read(self, text: str) -> Audit:
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as exc:
            self.issue("bad_csv", f"not a readable CSV file ({exc})")
            raise AuditFileError(self.issues) from None
        meta: dict[str, tuple[str, int]] = {}
        header_at: int | None = None
        for number, row in enumerate(rows, start=1):
            cells = [c.strip() for c in row]
            if not any(cells):
                continue
            keys = {_norm(c) for c in cells}
            if "id" in keys and "rating" in keys:
                header_at = number
                break
            key = _norm(cells[0])
            field = _META.get(key)
            if field is None:
                continue  # a title, the help rows, or a note of the manager's
            if field in meta:
                self.issue(
                    "duplicate_field",
                    f"a second {_META_LABELS[field]!r} row (the first is row {meta[field][1]})",
                    row=number,
                    column=field,
                    letter="A",
                )
                continue
            meta[field] = (cells[1] if len(cells) > 1 else "", number)
        if header_at is None:
            self.issue(
                "no_table",
                "no table found: the table needs a heading row with 'id' and 'rating' columns",
            )
            raise AuditFileError(self.issues)
        agency = self._required_text(meta, "agency")
        completed_by = self._required_text(meta, "completed_by")
        completed_on = self._date(meta)
        region = meta["region"][0] if "region" in meta and meta["region"][0] else None
        entries = self._table(rows, header_at)
        if self.issues:
            raise AuditFileError(self.issues)
        assert agency is not None and completed_by is not None and completed_on is not None
        return Audit(
            agency=agency,
            completed_by=completed_by,
            completed_on=completed_on,
            entries=entries_from(entries),
            region=region,
        )

    def _required_text(self, meta: dict[str, tuple[str, int]], field: str) -> str | None:
        label = _META_LABELS[field]
        if field not in meta:
            self.issue(
                "missing_field",
                f"no {label!r} row above the table: add one with the value in column B",
                column=field,
            )
            return None
        value, number = meta[field]
        if not value:
            # The value itself is never quoted: "Completed by" holds a person's name.
            self.issue("blank_field", f"{label} is blank", row=number, column=field, letter="B")
            return None
        return value

    def _date(self, meta: dict[str, tuple[str, int]]) -> _dt.date | None:
        text = self._required_text(meta, "completed_on")
        if text is None:
            return None
        day = _parse_date(text)
        if day is None:
            self.issue(
                "bad_date",
                f"{text!r} is not a date: write it as YYYY-MM-DD (or DD/MM/YYYY)",
                row=meta["completed_on"][1],
                column="completed_on",
                letter="B",
            )
        return day

    def _table(self, rows: list[list[str]], header_at: int) -> list[AuditEntry]:
        header = [_norm(c) for c in rows[header_at - 1]]
        for index, key in enumerate(header):
            field = _COLUMN_ALIASES.get(key)
            if field is not None and field not in self.columns:
                self.columns[field] = index
        missing = [f for f in _REQUIRED if f not in self.columns]
        for field in missing:
            name = _COLUMN_NAMES.get(field, field)
            self.issue(
                "missing_column", f"the table has no {name!r} column", row=header_at, column=name
            )
        if missing:
            return []
        seen: dict[str, int] = {}
        entries: list[AuditEntry] = []
        for number, row in enumerate(rows[header_at:], start=header_at + 1):
            if not any(c.strip() for c in row):
                continue
            raw_id = self.cell(row, "id")
            ident = _norm_id(raw_id)
            if not ident:
                self.cell_issue(
                    "missing_id", "this row has no sub-element id (1a ... 17b)", number, "id"
                )
            elif ident in _HEADING_IDS:
                self._heading_row(row, number, ident)
            elif ident not in SUB_ELEMENT_IDS:
                self.cell_issue(
                    "unknown_sub_element",
                    f"{raw_id!r} is not a sub-element of the audit tool ({_hint(ident)})",
                    number,
                    "id",
                )
            elif ident in seen:
                self.cell_issue(
                    "duplicate_sub_element",
                    f"sub-element {ident} appears twice (first at row {seen[ident]})",
                    number,
                    "id",
                )
            else:
                seen[ident] = number
                entry = self._entry(ident, row, number)
                if entry is not None:
                    entries.append(entry)
        for ident in SUB_ELEMENT_IDS:
            if ident not in seen:
                self.issue(
                    "missing_sub_element",
                    f"sub-element {ident} is missing: add a row with id {ident} "
                    f"({sub_element(ident).wording})",
                    column="id",
                )
        return entries

    def cell(self, row: list[str], field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(row):
            return ""
        return row[index].strip()

    def cell_issue(self, code: str, message: str, row: int, field: str) -> None:
        self.issue(
            code,
            message,
            row=row,
            column=_COLUMN_NAMES.get(field, field),
            letter=_letter(self.columns[field]),
        )

    def _heading_row(self, row: list[str], number: int, ident: str) -> None:
        ids = element_of(int(ident)).ids
        for field, what in _HEADING_FIELDS:
            if self.cell(row, field):
                self.cell_issue(
                    "heading_rated",
                    f"{ident} is the heading of element {ident}: {what} its sub-elements "
                    f"({ids[0]}-{ids[-1]}) instead",
                    number,
                    field,
                )

    def _entry(self, ident: str, row: list[str], number: int) -> AuditEntry | None:
        ok = True
        rating_text = self.cell(row, "rating")
        rating: Rating | None = None
        try:
            rating = Rating.parse(rating_text)
        except ValueError:
            ok = False
            self.cell_issue(
                "bad_rating",
                f"{rating_text!r} is not a rating: use "
                + ", ".join(repr(r.label) for r in Rating)
                + ", or leave it blank if not yet assessed",
                number,
                "rating",
            )
        priority_text = self.cell(row, "priority")
        priority: int | None = None
        if priority_text:
            m = _INTEGER.fullmatch(priority_text)
            if m is None:
                ok = False
                self.cell_issue(
                    "bad_priority",
                    f"{priority_text!r} is not a number: use a whole number from "
                    f"{PRIORITY_MIN} (low) to {PRIORITY_MAX} (high), or leave it blank",
                    number,
                    "priority",
                )
            elif not PRIORITY_MIN <= int(m[1]) <= PRIORITY_MAX:
                ok = False
                self.cell_issue(
                    "bad_priority",
                    f"priority {int(m[1])} is out of range: use {PRIORITY_MIN} (low) to "
                    f"{PRIORITY_MAX} (high)",
                    number,
                    "priority",
                )
            else:
                priority = int(m[1])
        target_text = self.cell(row, "target_date")
        target: _dt.date | None = None
        if target_text:
            try:
                target = _dt.date.fromisoformat(target_text)
                if len(target_text) != 10:
                    raise ValueError
            except ValueError:
                ok = False
                self.cell_issue(
                    "bad_date",
                    "the target date is not a date: use YYYY-MM-DD, or leave it blank",
                    number,
                    "target_date",
                )
        if not ok:
            return None
        return AuditEntry(
            sub_element=ident,
            rating=rating,
            actions=self.cell(row, "actions"),
            priority=priority,
            prefilled_from=self.cell(row, "prefilled_from") or None,
            owner=self.cell(row, "owner") or None,
            target_date=target,
            progress=self.cell(row, "progress") or None,
        )


def _hint(ident: str) -> str:
    m = re.match(r"\d+", ident)
    if m:
        try:
            ids = element_of(int(m[0])).ids
        except KeyError:
            pass
        else:
            if len(ids) == 1:
                return f"element {m[0]} is rated as {ids[0]}"
            return f"element {m[0]} has {ids[0]}-{ids[-1]}"
    return "ids run from 1a to 17b"


def parse_audit_csv(text: str, filename: str = "<string>") -> Audit:
    """Read an audit from CSV text; :class:`AuditFileError` lists every problem found."""
    return _Reader(filename).read(text.removeprefix("\ufeff"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_audit(path: str | Path) -> Audit:
    """Read an audit CSV file.

    Raises :class:`AuditFileUnreadableError` when the file cannot be read, and
    :class:`AuditFileError` (every problem, with file, row and column) when it
    can be read but is not a valid audit.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise AuditFileUnreadableError(f"{p}: cannot read the file ({reason})") from None
    return parse_audit_csv(_decode(data), str(p))
