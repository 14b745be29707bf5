"""The audit CSV: writing, reading, and an error naming file, row and column for each problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules.audit import (
    SUB_ELEMENT_IDS,
    Audit,
    AuditEntry,
    AuditFileError,
    AuditFileUnreadableError,
    AuditIssue,
    Rating,
    audit_to_csv,
    new_template,
    parse_audit_csv,
    read_audit,
    write_audit_csv,
)
from adoption_rules.core.errors import AdoptionRulesError

Rows = list[list[str]]
NAME = "audit.csv"
AUTHOR = "Service Manager"
_CYCLE = tuple(Rating)


def _valid_audit() -> Audit:
    return Audit(
        agency="Example RAA",
        completed_by=AUTHOR,
        completed_on=dt.date(2026, 4, 1),
        entries=tuple(
            AuditEntry(
                ident,
                rating=_CYCLE[n % 4],
                actions=f"Action for {ident}" if n % 5 == 0 else "",
                priority=(n % 4) + 1 if n % 5 == 0 else None,
            )
            for n, ident in enumerate(SUB_ELEMENT_IDS)
        ),
    )


def _rows(obj: object = None) -> Rows:
    text = audit_to_csv(_valid_audit() if obj is None else obj)  # type: ignore[arg-type]
    return list(csv.reader(io.StringIO(text, newline="")))


def _text(rows: Rows) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _row_of(rows: Rows, first_cell: str, column: int = 0) -> int:
    """1-based row number of the first row whose cell ``column`` is ``first_cell``."""
    for n, row in enumerate(rows, start=1):
        if len(row) > column and row[column] == first_cell:
            return n
    raise AssertionError(first_cell)


def _header(rows: Rows) -> int:
    return next(n for n, row in enumerate(rows, start=1) if "id" in row and "rating" in row)


def _col(rows: Rows, heading_prefix: str) -> int:
    header = rows[_header(rows) - 1]
    return next(i for i, h in enumerate(header) if h.startswith(heading_prefix))


def _issues(rows: Rows) -> list[AuditIssue]:
    with pytest.raises(AuditFileError) as info:
        parse_audit_csv(_text(rows), NAME)
    return list(info.value.issues)


# --------------------------------------------------------------------------
# Every kind of error, with the file, row and column it names.


def _set(ident: str, heading: str, value: str) -> Callable[[Rows], int]:
    def edit(rows: Rows) -> int:
        n = _row_of(rows, ident)
        rows[n - 1][_col(rows, heading)] = value
        return n

    return edit


def _set_meta(label: str, value: str) -> Callable[[Rows], int]:
    def edit(rows: Rows) -> int:
        n = _row_of(rows, label)
        rows[n - 1][1] = value
        return n

    return edit


def _rename_id(old: str, new: str) -> Callable[[Rows], int]:
    def edit(rows: Rows) -> int:
        n = _row_of(rows, old)
        rows[n - 1][0] = new
        return n

    return edit


@pytest.mark.parametrize(
    ("edit", "code", "column", "letter", "message"),
    [
        (_set("2b", "rating", "Partly"), "bad_rating", "rating", "C", "'Partly' is not a rating"),
        (_set("9d", "rating", "yes"), "bad_rating", "rating", "C", "'yes' is not a rating"),
        (_set("3a", "priority", "high"), "bad_priority", "priority", "E", "is not a number"),
        (_set("3a", "priority", "2.5"), "bad_priority", "priority", "E", "is not a number"),
        (_set("3a", "priority", "5"), "bad_priority", "priority", "E", "5 is out of range"),
        (_set("3a", "priority", "0"), "bad_priority", "priority", "E", "0 is out of range"),
        (
            _rename_id("14b", "14c"),
            "unknown_sub_element",
            "id",
            "A",
            "'14c' is not a sub-element of the audit tool (element 14 has 14a-14b)",
        ),
        (
            _rename_id("8", "8a"),
            "unknown_sub_element",
            "id",
            "A",
            "element 8 is rated as 8",
        ),
        (
            _rename_id("3c", "3b"),
            "duplicate_sub_element",
            "id",
            "A",
            "sub-element 3b appears twice (first at row",
        ),
        (
            _set_meta("Completed on (YYYY-MM-DD)", "2026-02-30"),
            "bad_date",
            "completed_on",
            "B",
            "'2026-02-30' is not a date",
        ),
        (
            _set_meta("Completed on (YYYY-MM-DD)", "next week"),
            "bad_date",
            "completed_on",
            "B",
            "'next week' is not a date",
        ),
        (
            _set_meta("Completed on (YYYY-MM-DD)", "04/01/26"),
            "bad_date",
            "completed_on",
            "B",
            "write it as YYYY-MM-DD",
        ),
        (_set_meta("Agency", ""), "blank_field", "agency", "B", "Agency is blank"),
        (_set_meta("Completed by", ""), "blank_field", "completed_by", "B", "is blank"),
        (
            _set("1", "rating", "Not present"),
            "heading_rated",
            "rating",
            "C",
            "1 is the heading of element 1: rate its sub-elements (1a-1e) instead",
        ),
        (
            _set("12", "priority", "3"),
            "heading_rated",
            "priority",
            "E",
            "give priorities to its sub-elements (12a-12d)",
        ),
        (
            _set("9", "next step actions", "Review all levels"),
            "heading_rated",
            "next step actions",
            "D",
            "9 is the heading of element 9: give actions for its sub-elements (9a-9d) instead",
        ),
    ],
)
def test_each_error_names_file_row_and_column(
    edit: Callable[[Rows], int], code: str, column: str, letter: str, message: str
) -> None:
    rows = _rows()
    row = edit(rows)
    issues = _issues(rows)
    first = issues[0]
    assert (first.file, first.row, first.column, first.column_letter, first.code) == (
        NAME,
        row,
        column,
        letter,
        code,
    )
    assert message in first.message
    assert str(first).startswith(f"{NAME}: row {row}, column {letter} ({column}): ")


def test_missing_sub_element_names_the_file_and_the_id_column() -> None:
    rows = _rows()
    del rows[_row_of(rows, "14b") - 1]
    (issue,) = _issues(rows)
    assert (issue.file, issue.row, issue.column, issue.code) == (
        NAME,
        None,
        "id",
        "missing_sub_element",
    )
    assert "sub-element 14b is missing" in issue.message
    assert str(issue).startswith(f"{NAME}: column id: ")


def test_renamed_row_is_reported_both_as_unknown_and_missing() -> None:
    rows = _rows()
    _rename_id("3c", "3d")(rows)
    issues = _issues(rows)
    assert [i.code for i in issues] == ["unknown_sub_element", "missing_sub_element"]
    assert issues[0].message.startswith("'3d' is not a sub-element")
    assert issues[1].message.startswith("sub-element 3c is missing")


def test_missing_metadata_row() -> None:
    rows = _rows()
    del rows[_row_of(rows, "Completed on (YYYY-MM-DD)") - 1]
    (issue,) = _issues(rows)
    assert (issue.row, issue.column, issue.code) == (None, "completed_on", "missing_field")


def test_missing_required_column() -> None:
    rows = _rows()
    header = _header(rows)
    rows[header - 1][_col(rows, "priority")] = "importance"
    (issue,) = _issues(rows)
    assert (issue.row, issue.column, issue.code) == (header, "priority", "missing_column")


def test_no_table_at_all() -> None:
    (issue,) = _issues([["just", "some"], ["text"]])
    assert issue.code == "no_table"
    assert str(issue) == (
        f"{NAME}: no table found: the table needs a heading row with 'id' and 'rating' columns"
    )


def test_all_errors_are_collected_not_just_the_first() -> None:
    rows = _rows()
    _set_meta("Completed on (YYYY-MM-DD)", "2026-13-01")(rows)
    _set("2b", "rating", "Partly")(rows)
    _set("3a", "priority", "9")(rows)
    _rename_id("3c", "3b")(rows)
    del rows[_row_of(rows, "17b") - 1]
    with pytest.raises(AuditFileError) as info:
        parse_audit_csv(_text(rows), NAME)
    codes = [i.code for i in info.value.issues]
    assert codes == [
        "bad_date",
        "bad_rating",
        "bad_priority",
        "duplicate_sub_element",
        "missing_sub_element",  # 3c
        "missing_sub_element",  # 17b
    ]
    message = str(info.value)
    assert message.startswith(f"6 problems in {NAME}:")
    assert isinstance(info.value, AdoptionRulesError)


def test_messages_never_quote_the_completed_by_name_or_actions() -> None:
    rows = _rows()
    _set_meta("Completed on (YYYY-MM-DD)", "bad")(rows)
    _set("2b", "rating", "Partly")(rows)
    _set("2b", "next step actions", "Call Jo Bloggs about the family at 1 High St")(rows)
    with pytest.raises(AuditFileError) as info:
        parse_audit_csv(_text(rows), NAME)
    assert AUTHOR not in str(info.value)
    assert "Jo Bloggs" not in str(info.value)


# --------------------------------------------------------------------------
# What the reader accepts.


def test_blank_rating_is_not_yet_assessed() -> None:
    rows = _rows()
    _set("5c", "rating", "")(rows)
    _set("11b", "rating", "  ")(rows)
    audit = parse_audit_csv(_text(rows), NAME)
    assert audit.entry("5c").rating is None
    assert audit.not_yet_assessed() == ("5c", "11b")


def test_human_labels_values_and_seed_headings_in_any_case() -> None:
    rows = _rows()
    _set("1a", "rating", "partially PRESENT")(rows)
    _set("1b", "rating", "matches_exemplar")(rows)
    _set("1c", "rating", "Exceeds Exempla Services")(rows)
    _set("1d", "rating", "NOT PRESENT")(rows)
    audit = parse_audit_csv(_text(rows), NAME)
    assert [audit.entry(i).rating for i in ("1a", "1b", "1c", "1d")] == [
        Rating.PARTIALLY_PRESENT,
        Rating.MATCHES_EXEMPLAR,
        Rating.EXCEEDS_EXEMPLAR,
        Rating.NOT_PRESENT,
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-04-01", dt.date(2026, 4, 1)),
        ("01/04/2026", dt.date(2026, 4, 1)),
        ("1/4/2026", dt.date(2026, 4, 1)),
    ],
)
def test_dates_iso_or_uk_order(text: str, day: dt.date) -> None:
    rows = _rows()
    _set_meta("Completed on (YYYY-MM-DD)", text)(rows)
    assert parse_audit_csv(_text(rows), NAME).completed_on == day


@pytest.mark.parametrize(("text", "priority"), [("4", 4), (" 1 ", 1), ("3.0", 3), ("", None)])
def test_priority_forms(text: str, priority: int | None) -> None:
    rows = _rows()
    _set("6a", "priority", text)(rows)
    assert parse_audit_csv(_text(rows), NAME).entry("6a").priority == priority


def test_spreadsheet_edits_are_tolerated() -> None:
    """Moved columns, a note row, blank rows, ids in capitals or with the seed's dots."""
    rows = _rows()
    header = _header(rows)
    for row in rows[header - 1 :]:
        if row:
            row.insert(0, row.pop(2))  # move the rating column to the front
    rows.insert(2, ["Note", "reviewed with the head of service"])
    rows.insert(header + 5, [])
    first_cell = _col(rows, "id")
    rows[_row_of(rows, "1b", first_cell) - 1][first_cell] = "1B"
    for row in rows:
        if len(row) > first_cell and row[first_cell] == "10b":
            row[first_cell] = "10b.."
    audit = parse_audit_csv(_text(rows), NAME)
    assert audit == _valid_audit()


def test_region_row_is_read() -> None:
    template = new_template(agency="Example RAA", region="together4children")
    rows = _rows(template)
    _set_meta("Completed by", AUTHOR)(rows)
    _set_meta("Completed on (YYYY-MM-DD)", "2026-05-05")(rows)
    audit = parse_audit_csv(_text(rows), NAME)
    assert audit.region == "together4children"


def test_duplicate_metadata_row() -> None:
    rows = _rows()
    rows.insert(2, ["Agency", "Another"])
    (issue,) = _issues(rows)
    assert (issue.row, issue.column, issue.code) == (3, "agency", "duplicate_field")


# --------------------------------------------------------------------------
# Round trips and files.


def test_round_trip_audit_to_csv_and_back() -> None:
    audit = _valid_audit()
    assert parse_audit_csv(audit_to_csv(audit), NAME) == audit


def test_round_trip_template_fill_read(tmp_path: Path) -> None:
    """A manager's afternoon: template, fill in with a spreadsheet, read back."""
    path = tmp_path / "template.csv"
    write_audit_csv(new_template(agency="Example RAA"), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    _set_meta("Completed by", AUTHOR)(rows)
    _set_meta("Completed on (YYYY-MM-DD)", "2026-06-30")(rows)
    _set("1a", "rating", "Partially present")(rows)
    _set("1a", "next step actions", 'Agree outcomes, "measurable", with\npartners')(rows)
    _set("1a", "priority", "4")(rows)
    _set("8", "rating", "Matches exemplar services")(rows)
    path.write_bytes(_text(rows).encode("utf-8-sig"))
    audit = read_audit(path)
    assert audit.agency == "Example RAA"
    assert audit.completed_on == dt.date(2026, 6, 30)
    assert audit.entry("1a") == AuditEntry(
        "1a",
        rating=Rating.PARTIALLY_PRESENT,
        actions='Agree outcomes, "measurable", with\npartners',
        priority=4,
    )
    assert audit.entry("8").rating is Rating.MATCHES_EXEMPLAR
    assert len(audit.not_yet_assessed()) == 47


def test_template_rows_mirror_the_seed_table() -> None:
    rows = _rows(new_template())
    header = _header(rows)
    ids = [r[0] for r in rows[header:] if r]
    # element headings (but not 8, which is itself rated) precede their sub-elements
    assert ids[:7] == ["1", "1a", "1b", "1c", "1d", "1e", "2"]
    assert "8" in ids and ids.count("8") == 1
    assert [i for i in ids if i[-1].isalpha() or i == "8"] == list(SUB_ELEMENT_IDS)
    assert rows[header - 1] == [
        "id",
        "service element",
        "rating",
        "next step actions",
        "priority (1 low - 4 high)",
        "pre-filled from",
        "survey section",
        "owner",
        "target date (YYYY-MM-DD)",
        "progress",
    ]
    row_9a = rows[_row_of(rows, "9a") - 1]
    assert row_9a[1].startswith("Universal Services which enable adopters")
    assert row_9a[6].startswith("9a. Universal Services")


def test_windows_1252_file_is_read(tmp_path: Path) -> None:
    audit = attrs.evolve(_valid_audit(), agency="Adoption Café")
    path = tmp_path / "excel.csv"
    path.write_bytes(audit_to_csv(audit).encode("cp1252"))
    assert read_audit(path) == audit


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(AuditFileUnreadableError, match="cannot read the file"):
        read_audit(tmp_path / "nowhere.csv")
    with pytest.raises(AuditFileUnreadableError):
        read_audit(tmp_path)


@pytest.mark.parametrize(
    "name", ["audit-together4children.csv", "audit-together4children-2027.csv"]
)
def test_examples_are_valid(name: str) -> None:
    path = Path(__file__).resolve().parents[2] / "examples" / name
    audit = read_audit(path)
    assert audit.agency == "Together4Children"
    assert audit.completed_by == "Service Manager, Adoption Support"  # a role, not a person
    assert audit.entry("8").prefilled_from is not None


_text_strategy = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(["\n", ",", '"', "’"]),
    max_size=40,
).map(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    ratings=st.lists(st.sampled_from([None, *Rating]), min_size=49, max_size=49),
    actions=st.lists(_text_strategy, min_size=49, max_size=49),
    priorities=st.lists(st.sampled_from([None, 1, 2, 3, 4]), min_size=49, max_size=49),
    agency=_text_strategy.filter(bool),
    day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
)
def test_round_trip_property(
    ratings: list[Rating | None],
    actions: list[str],
    priorities: list[int | None],
    agency: str,
    day: dt.date,
) -> None:
    audit = Audit(
        agency=agency,
        completed_by=AUTHOR,
        completed_on=day,
        entries=tuple(
            AuditEntry(i, rating=r, actions=a, priority=p)
            for i, r, a, p in zip(SUB_ELEMENT_IDS, ratings, actions, priorities, strict=True)
        ),
    )
    assert parse_audit_csv(audit_to_csv(audit), NAME) == audit
