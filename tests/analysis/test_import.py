"""Importing long-format exports: the bundled caseload round-trips, every bad row is named."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from long_export import SECRET, dmy, load_cases, write_long_csv

from adoption_rules.analysis.importer import (
    ExportError,
    ImportedCase,
    ImportStats,
    MapError,
    RowIssue,
    _CellError,
    _parse_date_text,
    evaluate_export,
    load_map,
    parse_map,
    read_export,
)
from adoption_rules.api import evaluate_many
from adoption_rules.io.jsontext import to_json
from adoption_rules.plugins.registry import Registry

AS_OF = dt.date(2026, 11, 23)


def _results_by_id(items: Any) -> dict[str, str]:
    return {item.case_id: to_json(item) for item in items}


def _jsonl_results(registry: Registry) -> dict[str, str]:
    return _results_by_id(evaluate_many(load_cases(), AS_OF, registry=registry))


def _imported(items: Any) -> list[ImportedCase]:
    out = list(items)
    assert all(isinstance(i, ImportedCase) for i in out), [str(i) for i in out]
    return out


# -- the bundled caseload, written out as an export --------------------------------


def test_long_csv_dmy_shuffled_evaluates_as_the_jsonl_original(
    tmp_path: Path, registry: Registry
) -> None:
    export = tmp_path / "events.csv"
    write_long_csv(load_cases(), export)
    imported = _imported(read_export(export))
    assert len(imported) == 50
    assert all(i.data is not None for i in imported)
    results = _results_by_id(evaluate_export(imported, AS_OF, registry=registry))
    assert results == _jsonl_results(registry)


def test_the_rows_really_are_shuffled_and_dmy(tmp_path: Path) -> None:
    export = tmp_path / "events.csv"
    write_long_csv(load_cases(), export)
    with export.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [r["case_id"] for r in rows]
    assert ids != sorted(ids)
    # Not grouped: some case's rows are split by another case's.
    assert sum(1 for a, b in itertools.pairwise(ids) if a != b) > 60
    assert all(r["date"][2] == "/" and r["date"][5] == "/" for r in rows)


def test_separate_cases_file_and_renamed_columns_types_values(
    tmp_path: Path, registry: Registry
) -> None:
    columns = {
        "case_id": "Case Ref",
        "type": "Activity",
        "date": "Activity Date",
        "sequence": "Step",
        "outcome": "Decision",
        "reason": "Closure Reason",
        "moved_to_local_authority": "New Council",
        "region": "Agency",
        "local_authority": "Home Council",
        "placing_authority": "Placing Council",
        "adoption_route": "Route",
        "placement_date": "Placed On",
        "adoption_order_date": "Order Made",
        "child_date_of_birth": "DOB",
        "tracking_from": "Records From",
    }
    types = {"referral_received": "Referral In", "screening_completed": "Screened"}
    values = {"outcome": {"assessment": "Assess"}, "region": {"together4children": "T4C"}}
    events, cases = tmp_path / "events.csv", tmp_path / "cases.csv"
    write_long_csv(
        load_cases(), events, cases_path=cases, columns=columns, types=types, values=values
    )
    imap = parse_map(
        {
            "events": {
                "case_id": "Case Ref",
                "type": "Activity",
                "date": "Activity Date",
                "sequence": "Step",
                "fields": {
                    "outcome": "Decision",
                    "reason": "Closure Reason",
                    "local_authority": "New Council",
                },
            },
            "cases": {
                "region": "Agency",
                "local_authority": "Home Council",
                "placing_authority": "Placing Council",
                "adoption_route": "Route",
                "placement_date": "Placed On",
                "adoption_order_date": "Order Made",
                "child_date_of_birth": "DOB",
                "tracking_from": "Records From",
            },
            "event_types": {"Referral In": "referral_received", "Screened": "screening_completed"},
            "values": {"outcome": {"Assess": "assessment"}, "region": {"T4C": "together4children"}},
        }
    )
    imported = _imported(read_export(events, cases=cases, import_map=imap))
    results = _results_by_id(evaluate_export(imported, AS_OF, registry=registry))
    assert results == _jsonl_results(registry)


def test_spilling_to_disk_gives_the_same_cases_in_the_same_order(tmp_path: Path) -> None:
    export = tmp_path / "events.csv"
    write_long_csv(load_cases(), export)
    stats = ImportStats()
    on_disk = _imported(read_export(export, memory_rows=10, stats=stats))
    assert stats.spilled
    in_memory = _imported(read_export(export))
    assert [(i.case_id, i.data) for i in on_disk] == [(i.case_id, i.data) for i in in_memory]
    # The order of each case's first row in the file.
    with export.open(encoding="utf-8") as f:
        first_seen = list(dict.fromkeys(r["case_id"] for r in csv.DictReader(f)))
    assert [i.case_id for i in in_memory] == first_seen


def test_columns_the_map_does_not_name_are_never_copied(tmp_path: Path) -> None:
    export = tmp_path / "events.csv"
    write_long_csv(load_cases(), export)
    text = "".join(json.dumps(i.data) for i in _imported(read_export(export)))
    assert SECRET not in text
    assert "notes" not in text


def test_iso_dates_and_unshuffled_rows_give_the_same_cases(tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_long_csv(load_cases(), a, seed=None, dates="iso")
    write_long_csv(load_cases(), b)
    by_id_a = {i.case_id: i.data for i in _imported(read_export(a, date_format="iso"))}
    by_id_b = {i.case_id: i.data for i in _imported(read_export(b))}
    assert by_id_a == by_id_b


def test_excel_workbook_with_two_sheets(tmp_path: Path, registry: Registry) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    events_csv, cases_csv = tmp_path / "events.csv", tmp_path / "cases.csv"
    write_long_csv(load_cases(), events_csv, cases_path=cases_csv)
    book = openpyxl.Workbook()
    for title, path in (("Events", events_csv), ("Cases", cases_csv)):
        sheet = book.create_sheet(title)
        with path.open(encoding="utf-8") as f:
            for n, row in enumerate(csv.reader(f)):
                cells: list[object] = list(row)
                # Real date cells for the event dates, as Excel stores them.
                if title == "Events" and n and row[3]:
                    d, m, y = (int(p) for p in row[3].split("/"))
                    cells[3] = dt.datetime(y, m, d)
                sheet.append(cells)
    del book["Sheet"]
    workbook = tmp_path / "export.xlsx"
    book.save(workbook)
    imap = parse_map({"events": {"sheet": "Events"}, "cases": {"sheet": "Cases"}})
    # parse_map names no columns: use the default names with the sheets chosen.
    from adoption_rules.analysis.importer import default_map

    default = default_map()
    imap = type(default)(
        event_columns=default.event_columns,
        case_columns=default.case_columns,
        only_present=True,
        events_sheet=imap.events_sheet,
        cases_sheet=imap.cases_sheet,
    )
    imported = _imported(read_export(workbook, cases=workbook, import_map=imap))
    results = _results_by_id(evaluate_export(imported, AS_OF, registry=registry))
    assert results == _jsonl_results(registry)


# -- bad rows ------------------------------------------------------------------------


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


HEADER = ["case_id", "type", "date", "outcome", "region", "notes"]


def _issues(items: list[ImportedCase | RowIssue]) -> list[RowIssue]:
    out: list[RowIssue] = []
    for item in items:
        if isinstance(item, RowIssue):
            out.append(item)
        else:
            out.extend(item.issues)
    return out


@pytest.mark.parametrize(
    ("cell", "fmt", "code"),
    [
        ("31/02/2026", "dmy", "invalid_date"),  # no such day
        ("05/13/2026", "dmy", "invalid_date"),  # month 13: a US date, never guessed
        ("05/03/26", "dmy", "invalid_date"),  # two-digit year: which century?
        ("05/03/2026", "iso", "ambiguous_date"),  # day-first or month-first?
        ("2026-02-30", "iso", "invalid_date"),
        ("5th March 2026", "dmy", "invalid_date"),
        ("05/03/1900", "dmy", "invalid_date"),  # outside the supported range
        ("05/03/2026 14:30", "dmy", "invalid_date"),  # a time of day: a datetime
    ],
)
def test_bad_date_names_file_row_column_never_the_value(
    tmp_path: Path, cell: str, fmt: str, code: str
) -> None:
    path = _write(
        tmp_path / "e.csv",
        [
            HEADER,
            ["C-1", "referral_received", "2026-03-01", "", "england", SECRET],
            ["C-1", "initial_visit", cell, "", "england", SECRET],
        ],
    )
    items = list(read_export(path, date_format=fmt))  # type: ignore[arg-type]
    [case] = items
    assert isinstance(case, ImportedCase) and case.data is None
    [issue] = case.issues
    assert (issue.file, issue.row, issue.column, issue.code) == (str(path), 3, "date", code)
    assert cell not in str(issue) and SECRET not in str(issue)
    assert str(issue).startswith(f"{path}, row 3, column 'date': ")


def test_every_bad_row_is_reported_and_the_good_cases_still_import(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "e.csv",
        [
            HEADER,
            ["C-1", "referral_received", "01/03/2026", "", "england", SECRET],
            ["", "referral_received", "01/03/2026", "", "england", SECRET],  # no case id
            ["C-2", "phone_call", "01/03/2026", "", "england", SECRET],  # unknown type
            ["C-2", "screening_completed", "02/03/2026", "maybe", "england", SECRET],
            ["C-3", "screening_completed", "02/03/2026", "", "england", SECRET],  # no outcome
            ["C-4", "referral_received", "01/03/2026", "", "england", SECRET],
            ["C-4", "initial_visit", "03/03/2026", "", "adoption_west", SECRET],  # conflict
            ["C-5", "referral_received", "01/03/2026", "", "", SECRET],  # no region
        ],
    )
    stats = ImportStats()
    items = list(read_export(path, stats=stats))
    found = {(i.case_id, i.row, i.column, i.code) for i in _issues(items)}
    assert found == {
        (None, 3, "case_id", "missing_field"),
        ("C-2", 4, "type", "unknown_event_type"),
        ("C-2", 5, "outcome", "invalid_value"),
        ("C-3", 6, "outcome", "missing_field"),
        ("C-4", 8, "region", "conflicting_value"),
        ("C-5", None, "region", "missing_field"),
    }
    good = [i for i in items if isinstance(i, ImportedCase) and i.data is not None]
    assert [i.case_id for i in good] == ["C-1"]
    assert (stats.rows, stats.cases, stats.failed_cases, stats.issues) == (8, 5, 4, 6)
    for issue in _issues(items):
        for secret in (SECRET, "phone_call", "maybe", "adoption_west"):
            assert secret not in str(issue)


def test_evaluate_export_gives_each_failed_case_one_error_in_order(
    tmp_path: Path, registry: Registry
) -> None:
    path = _write(
        tmp_path / "e.csv",
        [
            HEADER,
            ["C-1", "referral_received", "01/03/2026", "", "england", ""],
            ["C-2", "referral_received", "31/02/2026", "", "england", ""],
            ["", "referral_received", "01/03/2026", "", "england", ""],
        ],
    )
    out = list(evaluate_export(read_export(path), AS_OF, registry=registry))
    assert [type(o).__name__ for o in out] == ["CaseError", "Result", "CaseError"]
    orphan, _, bad = out
    assert orphan.case_id is None and "row 4, column 'case_id'" in orphan.error.message
    assert bad.case_id == "C-2" and bad.error.code == "invalid_date"  # type: ignore[union-attr]
    assert bad.error.field == "date"  # type: ignore[union-attr]
    assert "31/02/2026" not in bad.error.message  # type: ignore[union-attr]


def test_a_missing_column_fails_the_whole_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", [["case_id", "date"], ["C-1", "01/03/2026"]])
    with pytest.raises(ExportError, match=r"no column 'type'"):
        read_export(path)


def test_the_default_map_reads_family_moved_from_its_own_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "e.csv",
        [
            ["case_id", "type", "date", "local_authority", "moved_to_local_authority", "region"],
            ["C-1", "referral_received", "01/03/2026", "dudley", "", "england"],
            ["C-1", "family_moved", "05/03/2026", "dudley", "sandwell", "england"],
        ],
    )
    [case] = _imported(read_export(path))
    assert case.data == {
        "contract_version": 1,
        "case_id": "C-1",
        "region": "england",
        "local_authority": "dudley",
        "events": [
            {"type": "referral_received", "date": "2026-03-01"},
            {"type": "family_moved", "date": "2026-03-05", "local_authority": "sandwell"},
        ],
    }


def test_booleans_ignored_types_and_sequence(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "e.csv",
        [
            ["Ref", "What", "When", "Significant", "Seq"],
            ["C-1", "Change", "01/03/2026", "No", "2"],
            ["C-1", "Change", "01/03/2026", "yes", "1"],
            ["C-1", "Note", "01/03/2026", "", "3"],
            ["C-1", "Change", "02/03/2026", "1", "10"],
        ],
    )
    imap = parse_map(
        {
            "region": "england",
            "events": {
                "case_id": "Ref",
                "type": "What",
                "date": "When",
                "sequence": "Seq",
                "fields": {"significant": "Significant"},
            },
            "event_types": {"Change": "change_of_circumstances"},
            "ignore_types": ["Note"],
        }
    )
    stats = ImportStats()
    [case] = _imported(read_export(path, import_map=imap, stats=stats))
    assert case.data is not None
    assert [(e["date"], e["significant"]) for e in case.data["events"]] == [
        ("2026-03-01", True),
        ("2026-03-01", False),
        ("2026-03-02", True),
    ]
    assert stats.ignored_rows == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"events": {"fields": {"favourite": "X"}}}, "events.fields.favourite is not an event"),
        ({"event_types": {"Ref": "made_up"}}, "not an event type"),
        ({"cases": {"surname": "Name"}}, "cases.surname is not a case fact"),
        ({"date_format": "mdy"}, "date_format must be"),
        ({"values": {"favourite": {}}}, "values.favourite is not a field"),
    ],
)
def test_map_errors_name_the_key(data: dict[str, Any], message: str) -> None:
    with pytest.raises(MapError, match=message):
        parse_map(data)


def test_load_map_reads_toml_and_names_the_file(tmp_path: Path) -> None:
    good = tmp_path / "map.toml"
    good.write_text('date_format = "iso"\n[events]\ncase_id = "Ref"\n', encoding="utf-8")
    imap = load_map(good)
    assert (imap.date_format, imap.case_id) == ("iso", "Ref")
    bad = tmp_path / "bad.toml"
    bad.write_text("date_format = \n", encoding="utf-8")
    with pytest.raises(MapError, match=r"bad\.toml: not valid TOML"):
        load_map(bad)


# -- dates: properties against the standard library's parser as the oracle ---------

_DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))


@given(_DAYS, st.booleans())
def test_dmy_text_reads_as_strptime_does(day: dt.date, pad: bool) -> None:
    text = dmy(day.isoformat(), pad=pad)
    assert _parse_date_text(text, "dmy") == dt.datetime.strptime(text, "%d/%m/%Y").date()


@given(_DAYS)
def test_iso_text_reads_in_either_mode(day: dt.date) -> None:
    assert _parse_date_text(day.isoformat(), "iso") == day
    assert _parse_date_text(day.isoformat(), "dmy") == day


@given(_DAYS)
def test_slashed_dates_are_refused_in_iso_mode(day: dt.date) -> None:
    with pytest.raises(_CellError) as info:
        _parse_date_text(dmy(day.isoformat()), "iso")
    assert info.value.code == "ambiguous_date"


@given(st.integers(1, 31), st.integers(1, 12), st.integers(1990, 2099))
def test_impossible_dmy_dates_are_errors_not_guesses(d: int, m: int, y: int) -> None:
    text = f"{d:02d}/{m:02d}/{y}"
    try:
        expected = dt.date(y, m, d)
    except ValueError:
        with pytest.raises(_CellError):
            _parse_date_text(text, "dmy")
    else:
        assert _parse_date_text(text, "dmy") == expected
