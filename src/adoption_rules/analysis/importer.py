"""Reading a case system's long-format export (CSV or Excel) as contract-v1 cases.

An export has one row per event: a case id, an event type, a date and a few
fields, in the case system's own column and event names, dates often written
``dd/mm/yyyy``.  The case-level facts (region, authorities, placement and order
dates) come in the same file (repeated on each row of a case) or in a second
file (``cases``), one row per case.  An :class:`ImportMap` (a TOML file, see
``docs/importing.md``) renames columns, translates the case system's event
names and values into the contract's, and says which columns are case-level;
with no map, columns named as in the contract are understood.

What is read, and what never is:

* Only the columns the map names are read.  Any other column (names, notes,
  free text) is never copied anywhere: not into the cases, not into an error.
* Every bad row is reported, as a :class:`RowIssue` naming the file, the row
  (as a spreadsheet numbers it: the header is row 1) and the column, never the
  value that was there.  A case with a bad row is not written (its events
  would be incomplete): it is reported with all its issues instead.
* A date is ``dd/mm/yyyy`` (``dmy``, the UK export default) or ``YYYY-MM-DD``
  (``iso``).  ``YYYY-MM-DD`` is unambiguous and read in either mode; a day
  and month written with slashes in ``iso`` mode, a two-digit year, or an
  impossible date is an error, never a guess.

Memory.  The rows of one case may come in any order, so a case can only be
written once the whole file has been read.  Rows are parsed as they are read
into compact tuples (only the named columns, already translated); up to
``memory_rows`` of them are kept in memory, and beyond that they go to a
temporary SQLite file on disk, which sorts them by case.  What stays in
memory whatever the file's size is one entry per case id (its position, about
100 bytes a case, as ``evaluate``'s duplicate check), and one case at a time
while the cases are written.  Cases come out in the order of their first row.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import marshal
import operator
import re
import sqlite3
import tempfile
import tomllib
import typing
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, Final, Literal

import attrs

from adoption_rules.api import READ_AHEAD, RegistryFactory, evaluate_records
from adoption_rules.core.calendar import MAX_DATE, MIN_DATE
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.model import EVENT_TYPES, AdoptionRoute, CaseError, ErrorDetail, Result
from adoption_rules.io.converter import InputError
from adoption_rules.io.records import Record
from adoption_rules.plugins.registry import Registry

__all__ = [
    "CASE_FIELDS",
    "EVENT_FIELDS",
    "TABULAR_SUFFIXES",
    "ExportError",
    "ImportMap",
    "ImportStats",
    "ImportedCase",
    "MapError",
    "RowIssue",
    "default_map",
    "evaluate_export",
    "export_records",
    "is_tabular",
    "issue_error",
    "load_map",
    "parse_map",
    "read_export",
]

DateFormat = Literal["dmy", "iso"]
DATE_FORMATS: Final = ("dmy", "iso")

#: File name endings read as an export rather than as JSON.
TABULAR_SUFFIXES: Final = (".csv", ".xlsx", ".xlsm")

#: Rows kept in memory before the rest go to a temporary file on disk.
MEMORY_ROWS: Final = 100_000


class ExportError(AdoptionRulesError):
    """The export as a whole cannot be read (a missing column, not a CSV, ...): exit 2."""


class MapError(ExportError):
    """The map file is not a valid map: names the key at fault."""


# -- the fields an export can fill -----------------------------------------------


class _Kind(enum.Enum):
    TEXT = "text"
    DATE = "date"
    BOOL = "bool"
    INT = "int"
    LIST = "list"


@attrs.frozen
class _FieldSpec:
    kind: _Kind
    allowed: tuple[str, ...] = ()  # for an enumeration: the contract's values


def _spec_of(tp: Any) -> _FieldSpec:
    args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
    base = args[0]
    if base is dt.date:
        return _FieldSpec(_Kind.DATE)
    if base is bool:
        return _FieldSpec(_Kind.BOOL)
    if base is int:
        return _FieldSpec(_Kind.INT)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return _FieldSpec(_Kind.TEXT, tuple(str(m.value) for m in base))
    return _FieldSpec(_Kind.TEXT)


def _event_fields() -> dict[str, dict[str, tuple[_FieldSpec, bool]]]:
    """Each event type's fields: (how to read it, whether it is required)."""
    out: dict[str, dict[str, tuple[_FieldSpec, bool]]] = {}
    for tag, cls in EVENT_TYPES.items():
        hints = typing.get_type_hints(cls)
        out[tag] = {
            f.name: (_spec_of(hints[f.name]), f.default is attrs.NOTHING)
            for f in attrs.fields(cls)
            if f.name != "date"
        }
    # In the contract, read by later versions of the engine: carried through as given.
    for tag in ("assessment_completed", "review_held"):
        out[tag]["next_review_within_months"] = (_FieldSpec(_Kind.INT), False)
    out["plan_approved"]["covers"] = (_FieldSpec(_Kind.LIST), False)
    return out


_TYPE_FIELDS: Final = _event_fields()
_REQUIRED: Final = {
    tag: tuple(name for name, (_, required) in fields.items() if required)
    for tag, fields in _TYPE_FIELDS.items()
}
_EVENT_NAMES: Final = frozenset(name for fields in _TYPE_FIELDS.values() for name in fields)

#: The event fields an export can fill, by their contract names.
EVENT_FIELDS: Final = tuple(sorted(_EVENT_NAMES))

_CASE_SPECS: Final[dict[str, _FieldSpec]] = {
    "region": _FieldSpec(_Kind.TEXT),
    "local_authority": _FieldSpec(_Kind.TEXT),
    "placing_authority": _FieldSpec(_Kind.TEXT),
    "adoption_route": _FieldSpec(_Kind.TEXT, tuple(m.value for m in AdoptionRoute)),
    "placement_date": _FieldSpec(_Kind.DATE),
    "adoption_order_date": _FieldSpec(_Kind.DATE),
    "child_date_of_birth": _FieldSpec(_Kind.DATE),
    "tracking_from": _FieldSpec(_Kind.DATE),
}

#: The case facts an export can fill, in the order a case is written.
CASE_FIELDS: Final = tuple(_CASE_SPECS)

#: With no map: the column of each event field, where it differs from the field's
#: name (``local_authority`` is a case fact too; the event's is the council moved to).
_DEFAULT_EVENT_COLUMNS: Final = {"local_authority": "moved_to_local_authority"}


# -- the map -----------------------------------------------------------------------


@attrs.frozen
class ImportMap:
    """How to read one case system's export: columns, event names, values.

    ``event_columns`` and ``case_columns`` map a contract field name to the
    export's column; ``event_types`` maps the case system's event name to the
    contract's type; ``ignore_types`` lists the case system's event names that
    are not events of the procedure (rows of those types are counted, not
    read); ``values`` maps a contract field name to a table translating the
    case system's values into the contract's.  ``region`` is the region of
    every case whose row gives none.  ``only_present`` (the default map): a
    field whose column the file lacks is simply not read.
    """

    case_id: str = "case_id"
    type: str = "type"
    date: str = "date"
    sequence: str | None = "sequence"
    event_columns: Mapping[str, str] = attrs.field(factory=dict)
    case_columns: Mapping[str, str] = attrs.field(factory=dict)
    cases_case_id: str | None = None
    event_types: Mapping[str, str] = attrs.field(factory=dict)
    ignore_types: frozenset[str] = frozenset()
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)
    region: str | None = None
    date_format: DateFormat = "dmy"
    events_sheet: str | None = None
    cases_sheet: str | None = None
    encoding: str = "utf-8-sig"
    only_present: bool = False

    def __repr__(self) -> str:
        return (
            f"ImportMap(events={len(self.event_columns)}, cases={len(self.case_columns)}, "
            f"types={len(self.event_types)})"
        )


def default_map() -> ImportMap:
    """The map used with no map file: columns named as in the contract.

    ``case_id``, ``type``, ``date`` (and ``sequence`` if present); every event
    field by its name, except the council a family moved to
    (``family_moved``'s ``local_authority``), read from
    ``moved_to_local_authority``; every case fact by its name.
    """
    return ImportMap(
        event_columns={name: _DEFAULT_EVENT_COLUMNS.get(name, name) for name in EVENT_FIELDS},
        case_columns={name: name for name in CASE_FIELDS},
        only_present=True,
    )


_MAP_KEYS: Final = {
    "date_format",
    "region",
    "encoding",
    "events",
    "cases",
    "event_types",
    "ignore_types",
    "values",
}
_EVENTS_KEYS: Final = {"sheet", "case_id", "type", "date", "sequence", "fields"}


def _str_table(data: object, where: str) -> dict[str, str]:
    if not isinstance(data, dict):
        raise MapError(f"{where} must be a table of names")
    out: dict[str, str] = {}
    for key, value in data.items():
        if not isinstance(value, str) or not value:
            raise MapError(f"{where}.{key} must be a non-empty string")
        out[str(key)] = value
    return out


def parse_map(data: Mapping[str, Any], *, source: str = "the map") -> ImportMap:
    """An :class:`ImportMap` from the decoded TOML of a map file (see ``docs/importing.md``)."""
    unknown = sorted(set(data) - _MAP_KEYS)
    if unknown:
        raise MapError(f"{source}: unknown key {unknown[0]!r}; expected {sorted(_MAP_KEYS)}")
    events = data.get("events", {})
    if not isinstance(events, dict):
        raise MapError(f"{source}: [events] must be a table")
    bad = sorted(set(events) - _EVENTS_KEYS)
    if bad:
        raise MapError(f"{source}: unknown key events.{bad[0]}; expected {sorted(_EVENTS_KEYS)}")
    fields = _str_table(events.get("fields", {}), f"{source}: events.fields")
    for name in fields:
        if name not in _EVENT_NAMES:
            raise MapError(
                f"{source}: events.fields.{name} is not an event field of the contract; "
                f"expected one of {', '.join(EVENT_FIELDS)}"
            )
    cases = data.get("cases", {})
    if not isinstance(cases, dict):
        raise MapError(f"{source}: [cases] must be a table")
    case_columns = _str_table(
        {k: v for k, v in cases.items() if k not in ("sheet", "case_id")},
        f"{source}: cases",
    )
    for name in case_columns:
        if name not in _CASE_SPECS:
            raise MapError(
                f"{source}: cases.{name} is not a case fact of the contract; "
                f"expected one of {', '.join(CASE_FIELDS)}"
            )
    types = _str_table(data.get("event_types", {}), f"{source}: event_types")
    for theirs, ours in types.items():
        if ours not in EVENT_TYPES:
            raise MapError(
                f"{source}: event_types.{theirs!r} names {ours!r}, not an event type of "
                "the contract"
            )
    ignore = data.get("ignore_types", [])
    if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
        raise MapError(f"{source}: ignore_types must be a list of event names")
    values_data = data.get("values", {})
    if not isinstance(values_data, dict):
        raise MapError(f"{source}: [values] must be a table of tables")
    values: dict[str, dict[str, str]] = {}
    for name, table in values_data.items():
        if name not in _EVENT_NAMES and name not in _CASE_SPECS:
            raise MapError(f"{source}: values.{name} is not a field of the contract")
        values[name] = _str_table(table, f"{source}: values.{name}")
    date_format = data.get("date_format", "dmy")
    if date_format not in DATE_FORMATS:
        raise MapError(f"{source}: date_format must be 'dmy' or 'iso'")
    region = data.get("region")
    if region is not None and (not isinstance(region, str) or not region):
        raise MapError(f"{source}: region must be a region's name")
    encoding = data.get("encoding", "utf-8-sig")
    if not isinstance(encoding, str):
        raise MapError(f"{source}: encoding must be a string such as 'utf-8' or 'cp1252'")

    def column(table: Mapping[str, Any], key: str, default: str | None) -> str | None:
        value = table.get(key, default)
        if value is not None and (not isinstance(value, str) or not value):
            raise MapError(f"{source}: {key} must name a column")
        return value

    sheet_e = column(events, "sheet", None)
    sheet_c = column(cases, "sheet", None)
    return ImportMap(
        case_id=column(events, "case_id", "case_id") or "case_id",
        type=column(events, "type", "type") or "type",
        date=column(events, "date", "date") or "date",
        sequence=column(events, "sequence", None),
        event_columns=fields,
        case_columns=case_columns,
        cases_case_id=column(cases, "case_id", None),
        event_types=types,
        ignore_types=frozenset(ignore),
        values=values,
        region=region,
        date_format=date_format,
        events_sheet=sheet_e,
        cases_sheet=sheet_c,
        encoding=encoding,
    )


def load_map(path: str | Path) -> ImportMap:
    """Read a map file (TOML); :class:`MapError` names the file and the key at fault."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise MapError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MapError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise MapError(f"{path}: not valid TOML ({exc})") from None
    return parse_map(data, source=str(path))


def is_tabular(name: str) -> bool:
    """Whether the file ``name`` is read as an export (CSV or Excel) rather than as JSON."""
    return name.lower().endswith(TABULAR_SUFFIXES)


# -- issues and results ------------------------------------------------------------


@attrs.frozen
class RowIssue:
    """A problem with one row (or cell) of an export: where, and what was expected.

    Never holds the value that was there.
    """

    file: str
    row: int | None
    column: str | None
    code: str
    message: str
    case_id: str | None = None

    def where(self) -> str:
        """``file, row N, column 'X'`` (the parts known)."""
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


@attrs.frozen(repr=False)
class ImportedCase:
    """One case read from an export: its contract-v1 JSON data, or why it could not be.

    ``data`` is ``None`` exactly when ``issues`` is not empty.
    """

    index: int
    case_id: str
    data: dict[str, Any] | None
    issues: tuple[RowIssue, ...] = ()

    def __repr__(self) -> str:
        return f"ImportedCase(case_id={self.case_id!r}, issues={len(self.issues)})"


@attrs.define
class ImportStats:
    """Counts from one import, filled in as it runs."""

    rows: int = 0
    case_rows: int = 0
    ignored_rows: int = 0
    cases: int = 0
    failed_cases: int = 0
    issues: int = 0
    spilled: bool = False


# -- reading cells ---------------------------------------------------------------

Cell = str | int | float | bool | dt.date | dt.datetime | None

_DMY: Final = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]00:00(?::00)?)?")
_ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")
_TRUE: Final = frozenset({"true", "yes", "1", "y"})
_FALSE: Final = frozenset({"false", "no", "0", "n"})


class _CellError(Exception):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def _text(cell: Cell) -> str:
    """A cell as text ("" for empty); whole numbers from a spreadsheet without ``.0``."""
    if cell is None:
        return ""
    if type(cell) is str:
        return cell.strip()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime | dt.date):
        return cell.isoformat()
    return str(cell).strip()


_DATE_EXPECTED: Final = {
    "dmy": "a date as dd/mm/yyyy (or YYYY-MM-DD)",
    "iso": "a date as YYYY-MM-DD",
}


def _date_cell(cell: Cell, fmt: str, seen: dict[str, str]) -> str:
    """A date cell as ``YYYY-MM-DD``; :class:`_CellError` if it is not one, never a guess."""
    if isinstance(cell, dt.datetime):  # a spreadsheet's date cell
        if cell.time() != dt.time(0, 0) or cell.tzinfo is not None:
            raise _CellError("invalid_date", "expected a date without a time of day")
        cell = cell.date()
    if isinstance(cell, dt.date):
        day = cell
    else:
        text = cell if type(cell) is str else _text(cell)
        known = seen.get(text)
        if known is not None:
            return known
        text = text.strip()
        day = _parse_date_text(text, fmt)
        iso = day.isoformat()
        if len(seen) < 100_000:
            seen[text] = iso
    if not MIN_DATE <= day <= MAX_DATE:
        raise _CellError(
            "invalid_date",
            f"a date from {MIN_DATE.isoformat()} to {MAX_DATE.isoformat()} expected",
        )
    return day.isoformat()


def _parse_date_text(text: str, fmt: str) -> dt.date:
    m = _ISO.fullmatch(text)
    if m is not None:
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    else:
        m = _DMY.fullmatch(text) if fmt == "dmy" else None
        if m is None:
            if fmt == "iso" and _DMY.fullmatch(text):
                raise _CellError(
                    "ambiguous_date",
                    "expected a date as YYYY-MM-DD; a date with slashes could be day-first "
                    "or month-first (use --date-format dmy for dd/mm/yyyy)",
                )
            raise _CellError("invalid_date", f"expected {_DATE_EXPECTED[fmt]}")
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    try:
        return dt.date(y, mo, d)
    except ValueError:
        raise _CellError("invalid_date", "no such date (day or month out of range)") from None


def _bool_cell(text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise _CellError("invalid_value", "expected true/false, yes/no or 1/0")


def _int_cell(text: str) -> int:
    if not text.isdigit():
        raise _CellError("invalid_value", "expected a whole number")
    return int(text)


# -- reading files -----------------------------------------------------------------


def _csv_rows(path: Path, encoding: str) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    try:
        stream = open(path, encoding=encoding, newline="")  # noqa: SIM115 - closed by the iterator
    except OSError as exc:
        raise ExportError(f"{path}: cannot read ({exc.strerror})") from None
    except LookupError:
        raise ExportError(f"{path}: unknown text encoding {encoding!r}") from None
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except (UnicodeDecodeError, csv.Error) as exc:
        stream.close()
        raise ExportError(f"{path}, row 1: {_file_problem(exc, encoding)}") from None
    if header is None:
        stream.close()
        raise ExportError(f"{path}: empty file; expected a header row")

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        number = 1
        try:
            for row in reader:
                number += 1
                yield number, row  # type: ignore[misc]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise ExportError(f"{path}, row {number + 1}: {_file_problem(exc, encoding)}") from None
        finally:
            stream.close()

    return [h.strip() for h in header], rows()


def _file_problem(exc: Exception, encoding: str) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return f"not {encoding} text (set encoding in the map file, for example 'cp1252')"
    return "not a well-formed CSV row"


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    try:
        import openpyxl  # an optional extra, imported only for a workbook
    except ImportError:
        raise ExportError(
            f"{path}: reading Excel files needs openpyxl: pip install 'adoption-rules[excel]'"
        ) from None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise ExportError(f"{path}: cannot read ({exc.strerror})") from None
    except Exception:
        raise ExportError(f"{path}: not an Excel workbook (.xlsx)") from None
    if sheet is not None and sheet not in book.sheetnames:
        book.close()
        raise ExportError(f"{path}: no sheet named {sheet!r}")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header_row = next(it, None)
    if header_row is None:
        book.close()
        raise ExportError(f"{path}: empty sheet; expected a header row")
    header = [_text(h) for h in header_row]

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, row in enumerate(it, start=2):
                yield number, list(row)
        finally:
            book.close()

    return header, rows()


def _open_rows(
    path: Path, sheet: str | None, encoding: str
) -> tuple[list[str], Iterator[tuple[int, list[Cell]]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path, sheet)
    return _csv_rows(path, encoding)


# -- the import ----------------------------------------------------------------------


def _columns(
    header: list[str], wanted: Mapping[str, str], *, file: str, optional: bool
) -> dict[str, int]:
    """Each field's column index; a missing column is an error unless ``optional``."""
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name, i)
    found: dict[str, int] = {}
    for field, column in wanted.items():
        if column in index:
            found[field] = index[column]
        elif not optional:
            raise ExportError(f"{file}: no column {column!r} (the map reads it as {field})")
    return found


@attrs.frozen
class _Reader:
    """Turns one row's cells into a compact tuple; holds the map's tables."""

    file: str
    fmt: str
    values: Mapping[str, Mapping[str, str]]
    names: Mapping[str, str]  # field -> column name, for issues
    seen_dates: dict[str, str] = attrs.field(factory=dict)

    def value(self, field: str, spec: _FieldSpec, cell: Cell, row: int) -> Any:
        """The contract value of ``cell`` for ``field`` (None if empty)."""
        if spec.kind is _Kind.DATE:
            if cell is None or cell == "":
                return None
            return _date_cell(cell, self.fmt, self.seen_dates)
        text = _text(cell)
        if not text:
            return None
        table = self.values.get(field)
        if table is not None:
            text = table.get(text, text)
        if spec.kind is _Kind.BOOL:
            return _bool_cell(text)
        if spec.kind is _Kind.INT:
            return _int_cell(text)
        if spec.kind is _Kind.LIST:
            return [part.strip() for part in re.split(r"[;,]", text) if part.strip()]
        if spec.allowed and text not in spec.allowed:
            raise _CellError(
                "invalid_value",
                f"expected one of {', '.join(spec.allowed)}"
                + (f", or a name translated in [values.{field}] of the map" if table else ""),
            )
        if len(text) > 200:
            raise _CellError("invalid_value", "longer than 200 characters")
        return text


def read_export(
    events: str | Path,
    *,
    cases: str | Path | None = None,
    import_map: ImportMap | None = None,
    date_format: DateFormat | None = None,
    memory_rows: int = MEMORY_ROWS,
    stats: ImportStats | None = None,
) -> Iterator[ImportedCase | RowIssue]:
    """Read an export; each case (or why it failed) in the order of its first row.

    The files are read by this call; the cases are assembled as the returned
    iterator is consumed.  Rows that name no case come first, as
    :class:`RowIssue`.  Raises :class:`ExportError` when a file cannot be read
    as a whole (missing, a column the map names is absent, not CSV or Excel).
    ``date_format`` overrides the map's.  ``stats`` (optional) is filled in.
    """
    imap = import_map or default_map()
    fmt = date_format or imap.date_format
    if fmt not in DATE_FORMATS:
        raise ExportError(f"date format must be 'dmy' or 'iso', not {fmt!r}")
    stats = stats if stats is not None else ImportStats()
    store = _Store(memory_rows, stats)
    orphans: list[RowIssue] = []
    # The files are read here, before the first case is asked for, so a file that
    # cannot be read fails the call itself (the command line's exit 2).
    try:
        facts = _read_events(Path(events), cases is None, imap, fmt, store, orphans, stats)
        if cases is not None:
            _read_cases(Path(cases), imap, fmt, store, orphans, stats)
    except BaseException:
        store.close()
        raise
    return _emit(store, orphans, imap, None if cases is None else str(cases), stats, facts)


def _emit(
    store: _Store,
    orphans: list[RowIssue],
    imap: ImportMap,
    cases_file: str | None,
    stats: ImportStats,
    facts: _FactParser,
) -> Iterator[ImportedCase | RowIssue]:
    try:
        yield from orphans
        stats.issues += len(orphans)
        for ordinal, case_id, rows in store.cases():
            item = _assemble(ordinal, case_id, rows, imap, cases_file, facts)
            stats.cases += 1
            if item.issues:
                stats.failed_cases += 1
                stats.issues += len(item.issues)
            yield item
    finally:
        store.close()


# Row tuples kept per case (marshal-able), each ending with its file's name:
#   ("e", row, date, seq, type, fields_dict, raw_facts)  an event row; raw_facts: the
#       case-fact cells as read (None when the facts are in a cases file), parsed once
#       per case when it is assembled (they repeat on every row of a case)
#   ("c", row, facts_dict)                                a case row (cases file)
#   ("x", row, column, code, message)                     a bad row of this case


@attrs.frozen
class _FactParser:
    """Reads the case-fact cells of an events row (kept raw until the case is assembled)."""

    reader: _Reader | None = None
    items: tuple[tuple[str, str, _FieldSpec], ...] = ()  # field, column name, spec

    def parse(self, raw: tuple[Cell, ...], number: int) -> tuple[dict[str, Any], list[RowIssue]]:
        """The facts of one row, and an issue for each bad cell (with this row's number)."""
        facts: dict[str, Any] = {}
        issues: list[RowIssue] = []
        reader = self.reader
        assert reader is not None
        for (field, column, spec), cell in zip(self.items, raw, strict=True):
            if cell is None or cell == "":
                continue
            try:
                value = reader.value(field, spec, cell, number)
            except _CellError as exc:
                issues.append(RowIssue(reader.file, number, column, exc.code, str(exc)))
                continue
            if value is not None:
                facts[field] = value
        return facts, issues


def _read_events(
    path: Path,
    facts_here: bool,
    imap: ImportMap,
    fmt: str,
    store: _Store,
    orphans: list[RowIssue],
    stats: ImportStats,
) -> _FactParser:
    file = str(path)
    header, rows = _open_rows(path, imap.events_sheet, imap.encoding)
    key = _columns(
        header,
        {"case_id": imap.case_id, "type": imap.type, "date": imap.date},
        file=file,
        optional=False,
    )
    seq_col = None
    if imap.sequence is not None:
        seq_col = _columns(header, {"sequence": imap.sequence}, file=file, optional=True).get(
            "sequence"
        )
    event_cols = _columns(header, imap.event_columns, file=file, optional=imap.only_present)
    fact_cols = (
        _columns(header, imap.case_columns, file=file, optional=imap.only_present)
        if facts_here
        else {}
    )
    clash = {header[i] for i in event_cols.values()} & {header[i] for i in fact_cols.values()}
    if clash:
        raise ExportError(
            f"{file}: column {sorted(clash)[0]!r} is read both as an event field and as a "
            "case fact; the map must name it once"
        )
    names = {f: header[i] for f, i in event_cols.items()}
    store.set_file(file)
    reader = _Reader(file, fmt, imap.values, names)
    i_case, i_type, i_date = key["case_id"], key["type"], key["date"]
    type_names = {**{t: t for t in EVENT_TYPES}, **imap.event_types}
    ignore = imap.ignore_types
    event_items = list(event_cols.items())
    fact_index = list(fact_cols.values())
    parser = _FactParser(
        reader, tuple((f, header[i], _CASE_SPECS[f]) for f, i in fact_cols.items())
    )
    raw_facts: Any = (
        None
        if not fact_index
        else operator.itemgetter(*fact_index)
        if len(fact_index) > 1
        else (lambda cells: (cells[fact_index[0]],))
    )
    width = max([i_case, i_type, i_date, seq_col or 0, *event_cols.values(), *fact_cols.values()])
    col_case, col_type, col_date = header[i_case], header[i_type], header[i_date]
    add = store.add

    for number, cells in rows:
        stats.rows += 1
        if len(cells) <= width:
            if not any(_text(c) for c in cells):
                stats.rows -= 1  # a blank line: not a row of the export
                continue
            cells = [*cells, *[None] * (width + 1 - len(cells))]
        case_id = _text(cells[i_case])
        if not case_id:
            orphans.append(
                RowIssue(
                    file, number, col_case, "missing_field", "expected a case id; the cell is empty"
                )
            )
            continue
        if len(case_id) > 200:
            orphans.append(
                RowIssue(
                    file, number, col_case, "invalid_value", "a case id longer than 200 characters"
                )
            )
            continue
        theirs = _text(cells[i_type])
        if theirs in ignore:
            stats.ignored_rows += 1
            continue
        tag = type_names.get(theirs)
        if tag is None:
            add(
                case_id,
                (
                    "x",
                    number,
                    col_type,
                    "unknown_event_type" if theirs else "missing_field",
                    "an event type of the contract expected, or a name translated in "
                    "[event_types] of the map (or listed in ignore_types)"
                    if theirs
                    else "expected an event type; the cell is empty",
                ),
            )
            continue
        try:
            cell = cells[i_date]
            if cell is None or cell == "":
                raise _CellError("missing_field", "expected the event's date; the cell is empty")
            date = _date_cell(cell, fmt, reader.seen_dates)
        except _CellError as exc:
            add(case_id, ("x", number, col_date, exc.code, str(exc)))
            continue
        fields: dict[str, Any] = {}
        bad = False
        specs = _TYPE_FIELDS[tag]
        for field, i in event_items:
            cell = cells[i]
            if cell is None or cell == "":
                continue
            # Only the fields the event type has (a column for another type's field is
            # left alone on this row).
            entry = specs.get(field)
            if entry is None:
                continue
            spec = entry[0]
            try:
                value = reader.value(field, spec, cell, number)
            except _CellError as exc:
                add(case_id, ("x", number, header[i], exc.code, str(exc)))
                bad = True
                fields[field] = None  # reported: not missing as well
                continue
            if value is not None:
                fields[field] = value
        for field in _REQUIRED[tag]:
            if field not in fields:
                column = names.get(field)
                add(
                    case_id,
                    (
                        "x",
                        number,
                        column or "(none)",
                        "missing_field",
                        f"a {tag} event needs its {field}"
                        + ("; the cell is empty" if column else "; the map names no column for it"),
                    ),
                )
                bad = True
        if bad:
            continue
        seq: str = ""
        if seq_col is not None:
            seq_text = _text(cells[seq_col])
            seq = seq_text.zfill(20) if seq_text.isdigit() else seq_text
        facts = None if raw_facts is None else tuple(raw_facts(cells))
        add(case_id, ("e", number, date, seq, tag, fields, facts))
    return parser


def _read_cases(
    path: Path,
    imap: ImportMap,
    fmt: str,
    store: _Store,
    orphans: list[RowIssue],
    stats: ImportStats,
) -> None:
    file = str(path)
    header, rows = _open_rows(path, imap.cases_sheet, imap.encoding)
    id_column = imap.cases_case_id or imap.case_id
    i_case = _columns(header, {"case_id": id_column}, file=file, optional=False)["case_id"]
    fact_cols = _columns(header, imap.case_columns, file=file, optional=imap.only_present)
    reader = _Reader(file, fmt, imap.values, {f: header[i] for f, i in fact_cols.items()})
    store.set_file(file)
    items = [(f, i, _CASE_SPECS[f]) for f, i in fact_cols.items()]
    width = max([i_case, *fact_cols.values()])
    for number, cells in rows:
        if len(cells) <= width:
            if not any(_text(c) for c in cells):
                continue
            cells = [*cells, *[None] * (width + 1 - len(cells))]
        stats.case_rows += 1
        case_id = _text(cells[i_case])
        if not case_id:
            orphans.append(
                RowIssue(
                    file,
                    number,
                    id_column,
                    "missing_field",
                    "expected a case id; the cell is empty",
                )
            )
            continue
        facts: dict[str, Any] = {}
        bad = False
        for field, i, spec in items:
            try:
                value = reader.value(field, spec, cells[i], number)
            except _CellError as exc:
                store.add(case_id, ("x", number, header[i], exc.code, str(exc)))
                bad = True
                continue
            if value is not None:
                facts[field] = value
        if not bad:
            store.add(case_id, ("c", number, facts))


def _assemble(
    ordinal: int,
    case_id: str,
    rows: list[tuple[Any, ...]],
    imap: ImportMap,
    cases_file: str | None,
    parser: _FactParser,
) -> ImportedCase:
    """One case from its rows: events in date order, case facts checked for conflicts."""
    issues: list[RowIssue] = []
    parsed: dict[tuple[Cell, ...], tuple[dict[str, Any], list[RowIssue]]] = {}
    facts: dict[str, Any] = {}
    fact_row: dict[str, int] = {}
    events: list[tuple[str, str, int, dict[str, Any]]] = []
    case_rows = 0
    for item in rows:
        tag, file = item[0], item[-1]
        if tag == "x":
            _, number, column, code, message, file = item
            issues.append(RowIssue(file, number, column, code, message, case_id))
            continue
        if tag == "e":
            _, number, date, seq, etype, fields, raw, file = item
            events.append((date, seq, number, {"type": etype, "date": date, **fields}))
            if raw is None:
                continue
            raw = tuple(raw)
            known_raw = parsed.get(raw)
            if known_raw is None:
                known_raw = parsed[raw] = parser.parse(raw, number)
                row_issues = known_raw[1]
            else:  # the same cells as an earlier row: its issues, on this row too
                row_issues = [attrs.evolve(i, row=number) for i in known_raw[1]]
            issues.extend(attrs.evolve(i, case_id=case_id) for i in row_issues)
            row_facts = known_raw[0]
        else:
            _, number, row_facts, file = item
            case_rows += 1
            if case_rows == 2:
                issues.append(
                    RowIssue(
                        file,
                        number,
                        imap.cases_case_id or imap.case_id,
                        "duplicate_case_id",
                        "this case id is on an earlier row of the cases file too",
                        case_id,
                    )
                )
                continue
        for field, value in row_facts.items():
            known = facts.get(field)
            if known is None:
                facts[field] = value
                fact_row[field] = number
            elif known != value:
                issues.append(
                    RowIssue(
                        file,
                        number,
                        imap.case_columns.get(field, field),
                        "conflicting_value",
                        f"the case's {field} differs from row {fact_row[field]}'s; a case "
                        "fact must be the same on every row of a case",
                        case_id,
                    )
                )
    if cases_file is not None and not case_rows and not issues:
        issues.append(
            RowIssue(
                cases_file,
                None,
                imap.cases_case_id or imap.case_id,
                "missing_case",
                "the events name a case that has no row in the cases file",
                case_id,
            )
        )
    if "region" not in facts and imap.region is None and not issues:
        column = imap.case_columns.get("region")
        issues.append(
            RowIssue(
                cases_file or rows[0][-1],
                None,
                column,
                "missing_field",
                "the case has no region"
                + ("" if column else "; name its column in [cases] of the map or set region"),
                case_id,
            )
        )
    if issues:
        issues.sort(key=lambda i: (i.file, i.row or 0))
        return ImportedCase(ordinal, case_id, None, tuple(issues))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    data: dict[str, Any] = {"contract_version": 1, "case_id": case_id}
    data["region"] = facts.pop("region", None) or imap.region
    for field in CASE_FIELDS:
        if field in facts:
            data[field] = facts[field]
    data["events"] = [e[3] for e in events]
    return ImportedCase(ordinal, case_id, data, ())


class _Store:
    """Rows grouped by case, in memory up to a bound and on disk (SQLite) beyond it."""

    def __init__(self, memory_rows: int, stats: ImportStats) -> None:
        self._ids: dict[str, int] = {}
        self._memory: list[list[tuple[Any, ...]]] = []
        self._in_memory = 0
        self._limit = memory_rows
        self._db: sqlite3.Connection | None = None
        self._dir: tempfile.TemporaryDirectory[str] | None = None
        self._pending: list[tuple[int, bytes]] = []
        self._stats = stats
        self._file = ""

    def add(self, case_id: str, row: tuple[Any, ...]) -> None:
        ordinal = self._ids.get(case_id)
        if ordinal is None:
            ordinal = self._ids[case_id] = len(self._ids)
            if self._db is None:
                self._memory.append([])
        row = (*row, self._file)
        if self._db is None:
            self._memory[ordinal].append(row)
            self._in_memory += 1
            if self._in_memory > self._limit:
                self._spill()
        else:
            self._pending.append((ordinal, marshal.dumps(row)))
            if len(self._pending) >= 20_000:
                self._flush()

    def set_file(self, file: str) -> None:
        self._file = file

    def _spill(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="adoption-rules-import-")
        self._db = sqlite3.connect(Path(self._dir.name) / "rows.sqlite")
        self._db.execute("PRAGMA journal_mode = OFF")
        self._db.execute("PRAGMA synchronous = OFF")
        self._db.execute("CREATE TABLE rows (ordinal INTEGER, row BLOB)")
        self._stats.spilled = True
        for ordinal, rows in enumerate(self._memory):
            self._pending.extend((ordinal, marshal.dumps(r)) for r in rows)
            if len(self._pending) >= 20_000:
                self._flush()
        self._memory = []
        self._flush()

    def _flush(self) -> None:
        assert self._db is not None
        self._db.executemany("INSERT INTO rows VALUES (?, ?)", self._pending)
        self._pending = []

    def cases(self) -> Iterator[tuple[int, str, list[tuple[Any, ...]]]]:
        """Each case's rows, in the order of each case's first row."""
        ids = list(self._ids)
        if self._db is None:
            for ordinal, rows in enumerate(self._memory):
                yield ordinal, ids[ordinal], rows
            return
        self._flush()
        current: list[tuple[Any, ...]] = []
        at = -1
        # rowid keeps each case's rows in the order they were added.
        cursor = self._db.execute("SELECT ordinal, row FROM rows ORDER BY ordinal, rowid")
        for ordinal, blob in cursor:
            if ordinal != at:
                if at >= 0:
                    yield at, ids[at], current
                # A case with no rows at all cannot exist: every id came with a row.
                current, at = [], ordinal
            current.append(marshal.loads(blob))
        if at >= 0:
            yield at, ids[at], current

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


# -- evaluating an export ------------------------------------------------------------

#: Issues of one case shown in its error message; the rest are counted.
_SHOWN_ISSUES: Final = 3


def issue_error(case_id: str | None, issues: Iterable[RowIssue]) -> CaseError:
    """The contract's error object for a case (or row) that could not be imported.

    The code is the first issue's; the message names each issue's file, row and
    column (a few, then how many more); ``field`` is the first issue's column.
    """
    issues = list(issues)
    first = issues[0]
    message = "; ".join(str(i) for i in issues[:_SHOWN_ISSUES])
    if len(issues) > _SHOWN_ISSUES:
        message += f"; and {len(issues) - _SHOWN_ISSUES} more"
    return CaseError(case_id, ErrorDetail(first.code, message, first.column))


def export_records(items: Iterable[ImportedCase | RowIssue]) -> Iterator[Record]:
    """Imported cases as records, in order, for :func:`~adoption_rules.api.evaluate_records`.

    A case read whole is a decoded record.  A row that named no case, or a case
    with bad rows, is a record with its error (:func:`issue_error`, naming the
    case), which the evaluators give back as it is, so it never goes to a worker.
    """
    for index, item in enumerate(items):
        if isinstance(item, RowIssue):
            yield _failed_record(index, None, [item])
        elif item.data is None:
            yield _failed_record(index, item.case_id, item.issues)
        else:
            yield Record(index, None, item.data)


def _failed_record(index: int, case_id: str | None, issues: Iterable[RowIssue]) -> Record:
    detail = issue_error(case_id, issues).error
    error = InputError(detail.code, detail.message, detail.field)
    return Record(index, None, None, error, case_id=case_id)


def evaluate_export(
    items: Iterable[ImportedCase | RowIssue],
    as_of: dt.date,
    *,
    registry: Registry | None = None,
    jobs: int = 1,
    registry_factory: RegistryFactory | None = None,
) -> Iterator[Result | CaseError]:
    """Evaluate imported cases in order: each case's result, or its error.

    A row that named no case becomes an error with no ``case_id``; a case with
    bad rows becomes one error listing them.  Case ids are unique by
    construction (rows are grouped by them), so no duplicate check is needed.
    ``jobs`` and ``registry_factory`` as for
    :func:`~adoption_rules.api.evaluate_records`: the same results in the same
    order, the cases evaluated in worker processes.
    """
    return evaluate_records(
        export_records(items),
        as_of,
        registry=registry,
        check_duplicates=False,
        jobs=jobs,
        registry_factory=registry_factory,
        read_ahead=READ_AHEAD,  # an export is read whole: nothing waits for each case
    )
