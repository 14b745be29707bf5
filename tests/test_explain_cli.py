"""The command line of issue 16: evaluate --time-left/--explain, explain --format json, diff
--added-holidays, schema trace; and the default evaluate output, unchanged byte for byte."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from adoption_rules.api import evaluate
from adoption_rules.cli import main
from adoption_rules.core.calendar import england_calendar
from adoption_rules.core.explain import time_left
from adoption_rules.core.model import Status
from adoption_rules.io.added_holidays import (
    AddedHolidaysError,
    add_bank_holidays,
    read_added_holidays,
)
from adoption_rules.io.converter import structure_case, unstructure
from adoption_rules.io.output import CSV_COLUMNS, TIME_LEFT_COLUMNS
from adoption_rules.io.schema import output_schema
from adoption_rules.plugins.registry import default_registry
from adoption_rules.trace import trace_case

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
TRACE_SCHEMA = json.loads(
    (ROOT / "src" / "adoption_rules" / "schemas" / "trace.schema.json").read_text("utf-8")
)
TRACE = Draft202012Validator(TRACE_SCHEMA)
OUTPUT = Draft202012Validator(output_schema())
AS_OF = "2026-11-23"
CASES = [
    structure_case(json.loads(line)) for line in CASELOAD.read_text("utf-8").splitlines() if line
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _schema_errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


# -- the default output does not change ----------------------------------------------------


def test_default_evaluate_json_is_the_contract_byte_for_byte(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Written independently of the writers: json.dumps of each unstructured result."""
    code, out, _ = run(capsys, "evaluate", str(CASELOAD), "--as-of", AS_OF, "--format", "json")
    day = dt.date.fromisoformat(AS_OF)
    items = [
        json.dumps(unstructure(evaluate(case, day)), separators=(",", ":"), ensure_ascii=False)
        for case in CASES
    ]
    assert code == 0
    assert out == "[\n" + ",\n".join(items) + "\n]\n"
    assert "working_days_left" not in out and "explanation" not in out


def test_default_table_and_csv_have_no_time_left(capsys: pytest.CaptureFixture[str]) -> None:
    _, table, _ = run(capsys, "evaluate", str(CASELOAD), "--as-of", AS_OF)
    assert "working days left" not in table
    _, text, _ = run(capsys, "evaluate", str(CASELOAD), "--as-of", AS_OF, "--format", "csv")
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)


# -- --time-left ---------------------------------------------------------------------------


def test_time_left_adds_three_fields_and_nothing_else(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["evaluate", str(CASELOAD), "--as-of", AS_OF, "--format", "json"]
    _, plain, _ = run(capsys, *argv)
    code, out, _ = run(capsys, *argv, "--time-left")
    assert code == 0
    plain_items, items = json.loads(plain), json.loads(out)
    day = dt.date.fromisoformat(AS_OF)
    seen = {"pending": 0, "overdue": 0}
    for before, after, case in zip(plain_items, items, CASES, strict=True):
        assert _schema_errors(OUTPUT, after) == []
        calendar = default_registry().policy(case.region).calendar
        for ob_before, ob_after in zip(before["obligations"], after["obligations"], strict=True):
            added = {k: ob_after.pop(k) for k in TIME_LEFT_COLUMNS}
            assert ob_after == ob_before
            due = None if ob_before["due"] is None else dt.date.fromisoformat(ob_before["due"])
            if ob_before["status"] in ("pending", "open") and due is not None:
                seen["pending"] += 1
                assert added["calendar_days_left"] == (due - day).days >= 0
                assert added["working_days_left"] == calendar.working_days_between(day, due)
            elif ob_before["status"] == "overdue":
                seen["overdue"] += 1
                assert due is not None and added["days_late"] == (day - due).days > 0
            else:
                assert added == dict.fromkeys(TIME_LEFT_COLUMNS)
    assert seen["pending"] and seen["overdue"]


def test_time_left_csv_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "cases.jsonl"
    bad.write_text(
        CASELOAD.read_text("utf-8") + '{"case_id": "BAD", "region": "atlantis", "events": []}\n'
    )
    code, out, _ = run(
        capsys, "evaluate", str(bad), "--as-of", AS_OF, "--format", "csv", "--time-left"
    )
    assert code == 1
    rows = list(csv.reader(io.StringIO(out)))
    assert tuple(rows[0]) == CSV_COLUMNS + TIME_LEFT_COLUMNS
    assert {len(row) for row in rows} == {len(rows[0])}
    overdue = [r for r in rows[1:] if r[5] == "overdue"]
    assert overdue and all(r[-1].isdigit() and r[-3] == r[-2] == "" for r in overdue)


def test_time_left_table_column(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate", str(CASELOAD), "--as-of", AS_OF, "--time-left")
    assert code == 0
    soon = out.split("DUE IN THE NEXT 30 DAYS")[1]
    assert "working days left" in soon
    # LEI-001040's review is due Wednesday 2026-12-02: 7 working days after Monday 23 November.
    (row,) = [line for line in soon.splitlines() if "LEI-001040" in line]
    assert row.split()[4:7] == ["2026-12-02", "9", "7"]


# -- --explain -----------------------------------------------------------------------------


def test_evaluate_explain_adds_each_obligations_trace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "evaluate", str(CASELOAD), "--as-of", AS_OF, "--format", "jsonl", "--explain"
    )
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(CASES)
    day = dt.date.fromisoformat(AS_OF)
    obligation_schema = {**TRACE_SCHEMA, "$ref": "#/$defs/ObligationTrace"}
    obligation_schema.pop("oneOf")
    one = Draft202012Validator(obligation_schema)
    for line, case in zip(lines, CASES, strict=True):
        item = json.loads(line)
        assert _schema_errors(OUTPUT, item) == []
        _, trace = trace_case(case, day)
        assert [ob.pop("explanation") for ob in item["obligations"]] == trace["obligations"]
        assert item == unstructure(evaluate(case, day))
        for ob in trace["obligations"]:
            assert _schema_errors(one, ob) == []


def test_explain_needs_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evaluate", str(CASELOAD), "--as-of", AS_OF, "--explain")
    assert (code, out) == (2, "")
    assert "--explain needs --format json or jsonl" in err


# -- explain --format json -----------------------------------------------------------------


def test_explain_json_is_an_array_of_valid_traces(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(
        CASELOAD.read_text("utf-8") + '{"case_id": "BAD", "region": "atlantis", "events": []}\n'
    )
    code, out, _ = run(capsys, "explain", str(path), "--as-of", AS_OF, "--format", "json")
    assert code == 1
    items = json.loads(out)
    assert len(items) == len(CASES) + 1
    for item in items:
        assert _schema_errors(TRACE, item) == []
    assert items[-1]["error"]["code"] == "unknown_region"
    assert [i["case_id"] for i in items[:-1]] == [c.case_id for c in CASES]


def test_explain_json_kind_filter(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["explain", str(CASELOAD), "--as-of", AS_OF, "--format", "json", "--kind"]
    code, out, _ = run(capsys, *argv, "assessment")
    items = json.loads(out)
    kinds = {ob["kind"] for item in items for ob in item["obligations"]}
    assert code == 0 and kinds == {"assessment"}
    code, out, err = run(capsys, *argv, "no_such_kind")
    assert json.loads(out) and "no obligation of kind 'no_such_kind'" in err


def test_explain_text_has_the_days_skipped(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", str(CASELOAD), "--as-of", AS_OF, "--kind", "assessment")
    assert code == 0
    assert (
        "Days skipped: 2 bank holidays (May Day 2026-05-04, Spring Bank Holiday 2026-05-25)" in out
    )
    assert "Clock started by events[" in out and "Time left:" in out


def test_schema_trace_prints_the_shipped_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema", "trace")
    assert code == 0 and json.loads(out) == TRACE_SCHEMA


# -- added bank holidays -------------------------------------------------------------------


def test_diff_lists_the_deadlines_an_added_bank_holiday_moves(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    days = tmp_path / "days.txt"
    days.write_text("# announced after the release\n2026-12-04 A national day\n")
    code, out, _ = run(
        capsys, "diff", str(CASELOAD), "--added-holidays", str(days), "--as-of", AS_OF,
        "--format", "json",
    )  # fmt: skip
    assert code == 0
    changed = {i["case_id"]: i["changes"] for i in json.loads(out) if i["changes"]}
    # Independently: every working-day deadline whose count crosses 4 December moves a day.
    expected: dict[str, list[dt.date]] = {}
    day = dt.date.fromisoformat(AS_OF)
    for case in CASES:
        for ob in evaluate(case, day).obligations:
            if (
                ob.period
                and "working day" in ob.period
                and ob.due is not None
                and ob.starts_from.date < dt.date(2026, 12, 4) <= ob.due
            ):
                expected.setdefault(case.case_id, []).append(ob.due)
    assert expected, "the example has no deadline across 4 December"
    assert {cid: [c["old"]["due"] for c in cs] for cid, cs in changed.items()} == {
        cid: [d.isoformat() for d in dues] for cid, dues in expected.items()
    }
    for changes in changed.values():
        for c in changes:
            old = dt.date.fromisoformat(c["old"]["due"])
            assert c["new"]["due"] == england_calendar().add_working_days(old, 1).isoformat()


def test_diff_table_with_added_holidays(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    days = tmp_path / "days.txt"
    days.write_text("2026-12-04\n")
    code, out, _ = run(
        capsys, "diff", str(CASELOAD), "--added-holidays", str(days), "--as-of", AS_OF
    )
    assert code == 0
    assert out.startswith("Policy changes: 1 added bank holiday (")
    assert "due: 2027-01-26 -> 2027-01-27" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-13-01\n", "line 1: expected a YYYY-MM-DD date"),
        ("# fine\n26-12-04 x\n", "line 2: expected a YYYY-MM-DD date"),
        ("2100-01-04\n", "line 1: the date is outside the supported range"),
        ("2026-12-04\n2026-12-04 again\n", "line 2: the date is given twice"),
    ],
)
def test_a_bad_added_holidays_file_names_the_line_not_the_value(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str, message: str
) -> None:
    days = tmp_path / "days.txt"
    days.write_text(text)
    with pytest.raises(AddedHolidaysError, match=message):
        read_added_holidays(days)
    code, out, err = run(capsys, "evaluate", str(CASELOAD), "--added-holidays", str(days))
    assert (code, out) == (2, "") and message in err
    assert "2026-13-01" not in err and "26-12-04" not in err


def test_added_holidays_reach_evaluate_and_the_trace(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    days = tmp_path / "days.txt"
    days.write_text("2026-12-04   A   national day  \n")
    assert read_added_holidays(days) == {dt.date(2026, 12, 4): "A national day"}
    argv = ["explain", str(CASELOAD), "--as-of", AS_OF, "--format", "json", "--kind"]
    _, out, _ = run(capsys, *argv, "assessment", "--added-holidays", str(days))
    items = json.loads(out)
    for item in items:
        assert item["bank_holidays"]["added"] == [{"date": "2026-12-04", "name": "A national day"}]
    moved = [
        ob
        for item in items
        for ob in item["obligations"]
        if ob["days_skipped"]
        and {"date": "2026-12-04", "name": "A national day"} in ob["days_skipped"]["bank_holidays"]
    ]
    assert [(ob["due"], ob["trigger"]["date"]) for ob in moved] == [("2027-01-27", "2026-11-19")]


def test_add_bank_holidays_keeps_closure_days_and_rules() -> None:
    base = default_registry()
    added = add_bank_holidays(base, {dt.date(2026, 12, 4): "A national day"})
    assert add_bank_holidays(base, {}) is base
    for name in base.names:
        old, new = base.policy(name), added.policy(name)
        assert new.rules == old.rules and new.kinds == old.kinds
        assert new.calendar.closures == old.calendar.closures
        assert new.calendar.bank_holiday_name(dt.date(2026, 12, 4)) == "A national day"
        assert not new.calendar.is_working_day(dt.date(2026, 12, 4))
        assert old.calendar.is_working_day(dt.date(2026, 12, 4))
    # Tuesday 1 December to Monday 7 December: 2, 3 and 7 December, not the 4th.
    pending = Status.PENDING
    day, due = dt.date(2026, 12, 1), dt.date(2026, 12, 7)
    assert time_left(due, pending, day, added.policy("england").calendar).working_days_left == 3
    assert time_left(due, pending, day, base.policy("england").calendar).working_days_left == 4
