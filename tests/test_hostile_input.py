"""Issue 12's reproducers: one bad record never costs the batch, hostile input never
reaches a spreadsheet, a terminal or an error message, plugins cannot corrupt results."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from adoption_rules.api import evaluate, evaluate_many, evaluate_records
from adoption_rules.cli import main
from adoption_rules.cli import questions as questions_cli
from adoption_rules.core.authority import AuthorityAnswer
from adoption_rules.core.calendar import england_calendar
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.model import Case, CaseError, CaseWarning, Obligation, Result
from adoption_rules.core.periods import Months, parse_period
from adoption_rules.core.schedules import AnchoredSchedule
from adoption_rules.io import records as records_module
from adoption_rules.io.converter import InputError, structure_case
from adoption_rules.io.records import InputEndedError, read_records
from adoption_rules.io.safe import csv_cell, csv_cell_read, csv_writer, printable, shown_id
from adoption_rules.plugins.dispatch import PluginError
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry

AS_OF = "2026-01-01"
PII = "Jane Smith lives at 1 High St"


def good(case_id: str, region: str = "england", **extra: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "region": region,
        "events": [{"type": "initial_visit", "date": "2025-11-03"}],
        **extra,
    }


def line(data: object) -> str:
    return json.dumps(data) + "\n"


def run(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def alone(
    case: dict[str, Any], fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> str:
    """What ``evaluate`` writes for one good case on its own."""
    path = tmp_path / "alone.jsonl"
    path.write_text(line(case), encoding="utf-8")
    status, out, _ = run(["evaluate", str(path), "--as-of", AS_OF, "--format", fmt], capsys)
    assert status == 0
    return out


# -- 1. one record never kills the batch -------------------------------------------------

HUGE_INT = '{"case_id":"BAD","region":"england","events":[],"x":' + "1" * 4301 + "}"
DEEP = '{"case_id":"DEEP","region":"england","events":[],"x":' + "[" * 5000 + "]" * 5000 + "}"


@pytest.mark.parametrize("bad", [HUGE_INT, DEEP], ids=["huge integer", "deep nesting"])
@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_a_record_past_a_decoder_limit_is_its_own_too_large(
    bad: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    g0, g1 = good("G0"), good("G1")
    path = tmp_path / "k.jsonl"
    path.write_text(line(g0) + bad + "\n" + line(g1), encoding="utf-8")
    status, out, err = run(["evaluate", str(path), "--as-of", AS_OF, "--format", fmt], capsys)
    assert status == 1 and err == ""
    items = json.loads(out) if fmt == "json" else [json.loads(x) for x in out.splitlines()]
    assert [i["case_id"] for i in items] == ["G0", None, "G1"]
    assert items[1]["error"]["code"] == "too_large"
    expected = json.loads(alone(g1, "jsonl", tmp_path, capsys))
    assert items[2] == expected


@pytest.mark.parametrize("piped", [False, True])
def test_an_array_element_past_a_decoder_limit_is_its_own_too_large(
    piped: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "[" + ",".join([json.dumps(good("G0")), "[" * 5000 + "]" * 5000, HUGE_INT])
    text += "," + json.dumps(good("G1")) + "]"
    stream: Any = io.StringIO(text)
    if piped:
        monkeypatch.setattr(stream, "seekable", lambda: False)
    records = list(read_records(stream))
    assert [r.error.code if r.error else r.data["case_id"] for r in records] == [
        "G0",
        "too_large",
        "too_large",
        "G1",
    ]


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_human_formats_keep_every_good_case(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "k.jsonl"
    path.write_text(line(good("G0")) + HUGE_INT + "\n" + line(good("G1")), encoding="utf-8")
    status, out, _ = run(["evaluate", str(path), "--as-of", AS_OF, "--format", fmt], capsys)
    assert status == 1
    if fmt == "table":
        assert out.startswith("2 cases evaluated") and "too_large" in out
    else:
        rows = list(csv.reader(io.StringIO(out)))
        assert {r[0] for r in rows[1:]} == {"G0", "G1", ""}


def test_a_stream_with_no_newline_ends_with_too_large(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """/dev/zero, made small: a line past MAX_LINE with no end within MAX_SKIP."""
    monkeypatch.setattr(records_module, "MAX_LINE", 1000)
    monkeypatch.setattr(records_module, "MAX_SKIP", 5000)
    text = line(good("G0")) + "\0" * 20_000
    got = []
    with pytest.raises(InputEndedError):
        for record in read_records(io.StringIO(text)):
            got.append(record)
    assert [r.error.code if r.error else "ok" for r in got] == ["ok", "too_large"]
    path = tmp_path / "zero.jsonl"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(["evaluate", str(path), "--as-of", AS_OF, "--format", "json"], capsys)
    assert status == 2 and err.count("\n") == 1 and "not read" in err
    assert [i["case_id"] for i in json.loads(out)] == ["G0", None]  # closed, parseable


def test_a_long_line_with_an_end_is_skipped_and_reading_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(records_module, "MAX_LINE", 1000)
    text = line(good("G0")) + "x" * 3000 + "\n" + line(good("G1"))
    got = [r.error.code if r.error else r.data["case_id"] for r in read_records(io.StringIO(text))]
    assert got == ["G0", "too_large", "G1"]


# -- 2. the question commands isolate each case ---------------------------------------------


@pytest.mark.parametrize("command", ["route", "transfer", "threshold", "eligibility"])
@pytest.mark.parametrize("bad_type", [[], {}])
def test_question_commands_isolate_a_bad_case(
    command: str,
    bad_type: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    bad = {
        "case_id": "X",
        "region": "england",
        "events": [{"type": bad_type, "date": "2026-01-05"}],
    }
    extra: dict[str, dict[str, Any]] = {
        "threshold": {"concerns": []},
        "eligibility": {"requester": "adopted_child"},
    }
    questions = [{"case": c, **extra[command]} if command in extra else c for c in (bad, good("G"))]
    path = tmp_path / "q.jsonl"
    path.write_text("".join(line(q) for q in questions), encoding="utf-8")
    argv = [command, str(path), "--format", "json"]
    if command != "eligibility":
        argv += ["--as-of", AS_OF]
    status, out, err = run(argv, capsys)
    assert status == 1 and "Traceback" not in err
    first, second = json.loads(out)
    assert first["error"] == {
        "code": "invalid_value",
        "message": "expected one of the contract's event type names (a string)",
        "field": ("case." if command in extra else "") + "events[0].type",
    }
    assert second["case_id"] == "G" and "answer" in second


# -- 3. a bad first copy never blocks the good second one --------------------------------


def test_an_id_is_taken_only_by_an_evaluated_copy() -> None:
    out = evaluate_many(
        [good("C1", region="Wales"), good("C1"), good("C1")], dt.date.fromisoformat(AS_OF)
    )
    assert isinstance(out[0], CaseError) and out[0].error.code == "unknown_region"
    assert isinstance(out[1], Result)
    assert isinstance(out[2], CaseError) and out[2].error.code == "duplicate_case_id"


# -- 4. lines end at \n only ---------------------------------------------------------------


def test_a_lone_cr_inside_a_line_is_white_space(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = '{"case_id":"C1",\r"region":"england","events":[]}\n' + line(good("C2"))
    text += "{broken\n"
    path = tmp_path / "cr.jsonl"
    path.write_bytes(text.encode())
    status, out, _ = run(["evaluate", str(path), "--as-of", AS_OF, "--format", "jsonl"], capsys)
    items = [json.loads(x) for x in out.splitlines()]
    assert [i["case_id"] for i in items] == ["C1", "C2", None]
    assert items[2]["error"]["message"].startswith("line 3:")  # numbers did not shift
    assert status == 1


def test_crlf_line_ends_still_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "crlf.jsonl"
    path.write_bytes((json.dumps(good("C1")) + "\r\n" + json.dumps(good("C2")) + "\r\n").encode())
    status, out, _ = run(["evaluate", str(path), "--as-of", AS_OF, "--format", "jsonl"], capsys)
    assert status == 0 and [json.loads(x)["case_id"] for x in out.splitlines()] == ["C1", "C2"]


# -- 5. a date past the calendar's range: that one answer unknown --------------------------


def test_an_order_past_2096_makes_the_transfer_unknown_not_the_case() -> None:
    case = good("T", region="together4children", adoption_order_date="2097-06-01")
    (result,) = evaluate_many([case], dt.date(2098, 1, 1))
    assert isinstance(result, Result)
    assert result.transfer is None
    assert "date_out_of_range" in {w.code for w in result.warnings}


def test_a_deadline_past_2099_leaves_that_obligation_out_with_a_warning() -> None:
    case = {
        "case_id": "S",
        "region": "adoption_west",
        "events": [{"type": "registration_of_interest", "date": "2099-12-20"}],
    }
    (result,) = evaluate_many([case], dt.date(2099, 12, 31))
    assert isinstance(result, Result) and result.approval_stage == "stage1"
    assert [w.code for w in result.warnings] == ["date_out_of_range"]
    assert "stage1" in result.warnings[0].message


# -- 6. CSV formula injection ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil.example","x")', "+1+1", "-1+cmd", "@SUM(1+1)", "\tx", "\rx", "-"],
)
def test_csv_cells_that_start_a_formula_are_neutralised(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell
    assert csv_cell_read(csv_cell(cell)) == cell
    assert csv_cell("40 working days") == "40 working days"


@pytest.mark.parametrize("number", ["-3", "+1.5", "12"])
def test_a_plain_number_stays_a_number(number: str) -> None:
    assert csv_cell(number) == number


def test_evaluate_csv_neutralises_and_quotes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = ['=HYPERLINK("http://evil.example","x")', "A\rB", "@x"]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(line(good(i)) for i in ids), encoding="utf-8")
    status, out, _ = run(["evaluate", str(path), "--as-of", AS_OF, "--format", "csv"], capsys)
    assert status == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert [r[0] for r in rows[1:]] == ["'" + ids[0], "A\rB", "'@x"]
    assert '"A\rB"' in out  # the CR is inside quotes, so the row is not split
    for row in rows:
        assert all(csv_cell(c) == c for c in row)  # every cell already safe


def test_every_csv_writer_quotes_a_lone_cr() -> None:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(["a\rb", "c"])
    assert buffer.getvalue() == '"a\rb","c"\n'


def test_audit_template_neutralises_the_agency(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["audit", "template", "--agency", "@SUM(1+1)"], capsys)
    assert status == 0
    assert "Agency,'@SUM(1+1)" in out


# -- 7. no personal data in errors ----------------------------------------------------------

_PII_PLACES: list[dict[str, Any]] = [
    good("P", placement_date=PII),
    good("P", adoption_order_date=PII),
    good("P", child_date_of_birth=PII),
    good("P", tracking_from=PII),
    {"case_id": "P", "region": "england", "events": [{"type": "review_held", "date": PII}]},
    {"case_id": "P", "region": "england", "events": [{"type": PII, "date": "2025-01-01"}]},
    good("P", contract_version=PII),
    good("P", region=PII),
    good("P", adoption_route=PII),
    good("P", local_authority=PII * 10),
]


@pytest.mark.parametrize("case", _PII_PLACES)
def test_errors_never_quote_the_value(case: dict[str, Any]) -> None:
    (out,) = evaluate_many([case], dt.date.fromisoformat(AS_OF))
    assert isinstance(out, CaseError)
    assert "Jane" not in json.dumps([out.error.message, out.error.field])


def test_an_unknown_question_key_is_not_echoed(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"case": good("Q"), PII: 1}), encoding="utf-8")
    status, out, err = run(["route", str(path), "--as-of", AS_OF], capsys)
    assert status == 1 and "Jane" not in out + err and "unknown_field" in err


def test_repr_of_a_case_shows_no_free_text() -> None:
    case = structure_case(
        {
            "case_id": "R",
            "region": "england",
            "events": [{"type": "safeguarding_referral_made", "date": "2025-01-01", "to": PII}],
        }
    )
    assert "Jane" not in repr(case) and "Jane" not in repr(case.events)


def test_a_long_case_id_is_capped_where_it_is_echoed() -> None:
    assert len(shown_id("x" * 5000)) == 100
    (out,) = evaluate_many([good("x" * 5000)], dt.date.fromisoformat(AS_OF))
    assert isinstance(out, CaseError) and out.case_id is None


# -- 8. control characters escaped in human-facing output ----------------------------------


@pytest.mark.parametrize("command", ["table", "explain"])
def test_a_case_id_cannot_forge_a_row(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "C1\n  X-9  england  review  2020-01-01  999  OVERDUE\x1b[2J"
    case = {  # overdue on AS_OF, so it has a row in the table
        "case_id": forged,
        "region": "adoption_west",
        "tracking_from": "2025-01-01",
        "events": [{"type": "registration_of_interest", "date": "2025-10-29"}],
    }
    path = tmp_path / "f.jsonl"
    path.write_text(line(case), encoding="utf-8")
    argv = (
        ["evaluate", str(path), "--format", "table"]
        if command == "table"
        else ["explain", str(path)]
    )
    status, out, err = run([*argv, "--as-of", AS_OF], capsys)
    assert status == 0
    assert "\x1b" not in out + err
    assert not any(row.lstrip().startswith("X-9") for row in out.splitlines())
    assert printable(forged) in out


# -- 9. plugins cannot corrupt results -----------------------------------------------------


class _Hostile:
    def __init__(self, hook: str, answer: Any = None, exc: BaseException | None = None) -> None:
        self.hook, self.answer, self.exc = hook, answer, exc

    def _reply(self) -> Any:
        if self.exc is not None:
            raise self.exc
        return self.answer


def _addon(hook: str, answer: Any = None, exc: BaseException | None = None) -> object:
    """An add-on answering ``hook`` for Together4Children with ``answer`` (or raising)."""
    base = _Hostile(hook, answer, exc)

    class Warnings:
        @hookimpl
        def adoption_rules_case_warnings(
            self, region: str, case: Case, obligations: Any, as_of: dt.date
        ) -> Any:
            if region != "together4children":
                return None
            if base.answer == "clear":
                obligations.clear()  # must not reach the engine's list
                return []
            return base._reply()

    class Authority:
        @hookimpl
        def adoption_rules_responsible_authority(
            self, region: str, case: Case, as_of: dt.date
        ) -> Any:
            return base._reply() if region == "together4children" else None

    return {"warnings": Warnings, "authority": Authority}[hook]()


def _t4c_outcome(addon: object) -> tuple[Result | CaseError, Result | CaseError]:
    registry = load_registry(installed=False, extra=[("hostile", addon)])
    cases = [good("T", region="together4children"), good("E")]
    first, second = evaluate_many(cases, dt.date.fromisoformat(AS_OF), registry=registry)
    return first, second


@pytest.mark.parametrize(
    ("hook", "answer", "exc"),
    [
        ("warnings", "clear", None),
        ("warnings", "a string", None),
        ("warnings", [CaseWarning("x", 5)], None),  # type: ignore[arg-type]
        ("authority", 5, None),
        ("authority", "bristol", None),
        ("authority", AuthorityAnswer(5, "r", "c"), None),  # type: ignore[arg-type]
        ("authority", None, SystemExit(3)),
        ("warnings", None, GeneratorExit()),
    ],
)
def test_a_wrong_hook_answer_is_that_cases_plugin_failed(
    hook: str, answer: Any, exc: BaseException | None
) -> None:
    first, second = _t4c_outcome(_addon(hook, answer, exc))
    assert isinstance(second, Result)  # another region's case is untouched
    assert isinstance(first, CaseError) and first.error.code == "plugin_failed"
    assert "'hostile'" in first.error.message and "adoption_rules_" in first.error.message


def test_a_plugin_cannot_empty_the_engines_obligations() -> None:
    registry = load_registry(installed=False)
    case = good("T", region="together4children")
    (clean,) = evaluate_many([case], dt.date.fromisoformat(AS_OF), registry=registry)
    assert isinstance(clean, Result) and clean.obligations


def test_keyboard_interrupt_in_a_hook_still_stops() -> None:
    with pytest.raises(KeyboardInterrupt):
        _t4c_outcome(_addon("authority", None, KeyboardInterrupt()))


class _BadKinds:
    def __init__(self, answer: Any) -> None:
        self.answer = answer

    @hookimpl
    def adoption_rules_obligation_kinds(self, region: str) -> Any:
        return self.answer


@pytest.mark.parametrize("answer", ["referral", 5, [1]])
def test_a_declaration_hook_of_the_wrong_type_is_refused_at_load(answer: Any) -> None:
    with pytest.raises(PluginError, match="'bad_kinds', hook adoption_rules_obligation_kinds"):
        load_registry(installed=False, extra=[("bad_kinds", _BadKinds(answer))])


class _BadClosures:
    @hookimpl
    def adoption_rules_closure_days(self, region: str) -> Any:
        return ["2025-12-24"] if region == "leicestershire" else None


def test_closure_days_of_the_wrong_type_name_the_plugin() -> None:
    with pytest.raises(PluginError, match="'bad_closures', hook adoption_rules_closure_days"):
        load_registry(installed=False, extra=[("bad_closures", _BadClosures())])


def test_a_plugin_failing_to_load_is_exit_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from adoption_rules.plugins import registry as registry_module

    def broken() -> Registry:
        raise PluginError("broken_pkg", None, "failed to import 'broken_pkg' (ImportError)")

    monkeypatch.setattr(registry_module, "default_registry", broken)
    path = tmp_path / "c.jsonl"
    path.write_text(line(good("G")), encoding="utf-8")
    status, out, err = run(["evaluate", str(path), "--as-of", AS_OF], capsys)
    assert status == 2 and out == "" and err.count("\n") == 1 and "broken_pkg" in err


# -- 10. the Python API checks its arguments ------------------------------------------------


@pytest.mark.parametrize(
    "as_of",
    [
        dt.datetime(2026, 1, 1, 12, 0),
        "2026-01-01",
        None,
        dt.date(1, 1, 1),
        dt.date(9999, 12, 31),
    ],
)
def test_evaluate_many_checks_as_of(as_of: Any) -> None:
    with pytest.raises(AdoptionRulesError, match="as_of: "):
        evaluate_many([good("A")], as_of)


def test_an_aware_datetime_is_its_date_in_england() -> None:
    aware = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 July in London
    (result,) = evaluate_many([good("A")], aware)
    assert isinstance(result, Result) and result.as_of == dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: evaluate({"case_id": "A"}),  # type: ignore[arg-type]
        lambda: england_calendar().is_provisional("2025-04-15"),  # type: ignore[arg-type]
        lambda: AnchoredSchedule(dt.date(2025, 1, 1), None),  # type: ignore[arg-type]
        lambda: parse_period("9" * 5000 + " days"),
        lambda: england_calendar([[dt.date(2025, 1, 1)]]),  # type: ignore[list-item]
        lambda: Months(1).times(None),  # type: ignore[arg-type]
        lambda: list(evaluate_records([], None)),  # type: ignore[call-overload]
    ],
)
def test_public_functions_raise_the_librarys_own_errors(call: Any) -> None:
    with pytest.raises(AdoptionRulesError):
        call()


def test_as_of_outside_the_calendar_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(line(good("G")), encoding="utf-8")
    status, out, err = run(["evaluate", str(path), "--as-of", "9999-12-31"], capsys)
    assert status == 2 and out == "" and "calendar's range" in err


def test_deadline_with_a_5000_digit_count_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = run(["deadline", "2025-01-01", "9" * 5000 + " days"], capsys)
    assert status == 2 and err.count("\n") == 1 and "9999" not in err


# -- 11. an event type that is an array or object -------------------------------------------


@pytest.mark.parametrize("tag", [[], {}, ["review_held"], 5])
def test_an_event_type_that_is_not_a_string_is_invalid_value(tag: object) -> None:
    with pytest.raises(InputError) as caught:
        structure_case({"case_id": "E", "region": "england", "events": [{"type": tag}]})
    assert (caught.value.code, caught.value.field) == ("invalid_value", "events[0].type")


def test_obligations_are_handed_to_plugins_as_a_tuple() -> None:
    seen: list[Any] = []

    class Watcher:
        @hookimpl
        def adoption_rules_case_warnings(
            self, region: str, case: Case, obligations: Any, as_of: dt.date
        ) -> None:
            seen.append(obligations)

    registry = load_registry(installed=False, extra=[("watcher", Watcher())])
    evaluate_many([good("W")], dt.date.fromisoformat(AS_OF), registry=registry)
    assert seen and all(type(o) is tuple for o in seen)
    assert all(isinstance(ob, Obligation) for o in seen for ob in o)


# -- the shared mechanisms' documentation runs ------------------------------------------------


def test_the_handling_case_data_example_runs_as_documented(
    capsys: pytest.CaptureFixture[str],
) -> None:
    doc = Path("docs/handling-case-data.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", doc, re.S)
    exec(compile(code, "docs/handling-case-data.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "0 events"
    assert lines[1].startswith("B: internal_error: the library failed on this case (TypeError)")
    assert lines[2].startswith("(no case_id): invalid_json: line 3: ")


def test_the_safe_module_examples_hold() -> None:
    from adoption_rules.io import safe

    assert doctest.testmod(safe).failed == 0


# -- done when: a mixed batch through every command and format ------------------------------

_GOOD_MIX = [good("G-1"), good("G-2", region="together4children"), good("G-3")]
_REPRODUCERS = [
    HUGE_INT,
    DEEP,
    json.dumps(
        {"case_id": "X-1", "region": "england", "events": [{"type": [], "date": "2026-01-05"}]}
    ),
    json.dumps(
        {"case_id": "X-2", "region": "england", "events": [{"type": {}, "date": "2026-01-05"}]}
    ),
    json.dumps(good("X-3", placement_date=PII)),
    json.dumps(
        {"case_id": "X-4", "region": "england", "events": [{"type": "review_held", "date": PII}]}
    ),
    json.dumps(good("X-5", contract_version=PII)),
    json.dumps(good("X-6", region=PII)),
    json.dumps(good("X-7", region="Wales")),
    json.dumps(good("X-7")).replace(", ", ",\r", 1),
    json.dumps(good("X-8", region="together4children", adoption_order_date="2097-06-01")),
    json.dumps(good('=HYPERLINK("http://evil.example","x")')),
    json.dumps(good("X-9\n  FORGED  england  OVERDUE\x1b[2J")),
]


def _mixed(tmp_path: Path, wrap: bool = False) -> Path:
    lines = [json.dumps(_GOOD_MIX[0]), *_REPRODUCERS[:6], json.dumps(_GOOD_MIX[1])]
    lines += [*_REPRODUCERS[6:], json.dumps(_GOOD_MIX[2])]
    if wrap:  # the question commands that need more than the case
        lines = [
            x
            if x.startswith('{"case_id":"BAD"') or x.startswith('{"case_id":"DEEP"')
            else '{"case": ' + x + ', "requester": "adopted_child", "concerns": []}'
            for x in lines
        ]
    path = tmp_path / ("mixed-q.jsonl" if wrap else "mixed.jsonl")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["evaluate", "{f}", "--format", "jsonl"],
        ["evaluate", "{f}", "--format", "json"],
        ["evaluate", "{f}", "--format", "csv"],
        ["evaluate", "{f}", "--format", "table"],
        ["explain", "{f}"],
        ["diff", "{f}", "--policy", "examples/policy-change.toml", "--format", "json"],
        ["diff", "{f}", "--policy", "examples/policy-change.toml"],
        ["route", "{f}", "--format", "json"],
        ["route", "{f}"],
        ["transfer", "{f}", "--format", "json"],
        ["threshold", "{q}", "--format", "json"],
        ["eligibility", "{q}", "--format", "json"],
        ["eligibility", "{q}"],
    ],
    ids=lambda argv: " ".join(a for a in argv if not a.startswith("{")),
)
def test_a_mixed_batch_keeps_every_good_case_and_leaks_nothing(
    argv: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    files = {"{f}": str(_mixed(tmp_path)), "{q}": str(_mixed(tmp_path, wrap=True))}
    full = [files.get(a, a) for a in argv]
    if argv[0] != "eligibility":
        full += ["--as-of", AS_OF]
    status, out, err = run(full, capsys)
    assert status == 1, err
    assert "Traceback" not in out + err and "Jane" not in out + err
    # CSV keeps the case's own text (a machine format, round-tripped); every
    # human-facing output escapes control characters.
    assert "\x1b" not in (err if "csv" in argv else out + err)
    if "csv" in argv:  # a line break inside a quoted field is CSV's own: parse it
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert {r[0] for r in rows} >= {
            "G-1",
            "G-2",
            "G-3",
            "X-9\n  FORGED  england  OVERDUE\x1b[2J",
        }
        assert all(len(r) == len(rows[0]) for r in rows)
    else:
        assert "FORGED" not in "".join(x.split("X-9")[0] for x in (out + err).splitlines())
    if "--format" in argv and argv[argv.index("--format") + 1] in ("json", "jsonl"):
        items = (
            json.loads(out)
            if argv[argv.index("--format") + 1] == "json"
            else [json.loads(x) for x in out.splitlines()]
        )
        # One item per line of input, in order, and each good case as when alone.
        assert len(items) == len(_GOOD_MIX) + len(_REPRODUCERS)
        by_id = {i.get("case_id"): i for i in items if "error" not in i}
        for case in _GOOD_MIX:
            path = tmp_path / "alone.jsonl"
            wrapped = argv[1] == "{q}"
            body = {"case": case, "requester": "adopted_child", "concerns": []} if wrapped else case
            path.write_text(json.dumps(body) + "\n", encoding="utf-8")
            alone_argv = [full[0], str(path), *full[2:]]
            status_alone, out_alone, _ = run(alone_argv, capsys)
            alone_items = (
                json.loads(out_alone)
                if argv[argv.index("--format") + 1] == "json"
                else [json.loads(x) for x in out_alone.splitlines()]
            )
            assert status_alone in (0, 1)
            assert by_id[case["case_id"]] == alone_items[0]
    else:
        for case in _GOOD_MIX:
            assert case["case_id"] in out or argv[0] in ("explain", "diff", "evaluate")


# -- policy files and fund applications past the decoder's limits ---------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n"),
        ("deep.json", '{"x": ' + "[" * 5000 + "]" * 5000 + "}"),
        ("big.json", '{"x": ' + "1" * 5000 + "}"),
        ("big.toml", "x = " + "1" * 5000 + "\n"),
    ],
)
def test_a_policy_file_past_a_decoder_limit_is_a_one_line_usage_error(
    name: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / name
    policy.write_text(text, encoding="utf-8")
    cases = tmp_path / "c.jsonl"
    cases.write_text(line(good("G")), encoding="utf-8")
    argv = ["evaluate", str(cases), "--policy", str(policy), "--as-of", AS_OF]
    status, out, err = run(argv, capsys)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert "too large" in err and "Traceback" not in err


def test_fund_check_isolates_each_application(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = {
        "child": {"date_of_birth": "2012-06-30", "route": "adopted_from_care_england"},
        "assessment_date": "2025-02-14",
        "application_date": "2025-04-01",
        "amounts": {"therapy": "2500.00"},
    }
    apps = [
        {"id": "G1", **base},
        {"id": "B1", **base, "amounts": {"therapy": "1e999999999"}},
        {"id": [1.5], **base},
        {"id": "B3", **base, "amounts": {"therapy": PII}},
        {"id": "G2", **base},
    ]
    path = tmp_path / "apps.json"
    path.write_text(json.dumps(apps), encoding="utf-8")
    status, out, err = run(["fund", "check", str(path), "--format", "json"], capsys)
    assert status == 1 and err == "" and "Jane" not in out
    items = json.loads(out)
    assert [i["id"] for i in items] == ["G1", "B1", None, "B3", "G2"]
    assert [i["error"]["code"] for i in items if "error" in i] == [
        "invalid_amount",
        "invalid_type",
        "invalid_amount",
    ]


@pytest.mark.parametrize(
    "line_text",
    ['{"x": ' + "[" * 5000 + "]" * 5000 + "}", '{"x": ' + "1" * 5000 + "}"],
    ids=["deep nesting", "huge integer"],
)
def test_a_stream_request_past_the_decoders_limits_is_too_large(line_text: str) -> None:
    from adoption_rules.service import stream

    with pytest.raises(stream.StreamError) as caught:
        stream._object(line_text)
    assert caught.value.code == "too_large"


def test_the_transfer_question_past_the_calendar_is_date_out_of_range(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    path = tmp_path / "t.jsonl"
    late = good("T", region="together4children", adoption_order_date="2097-06-01")
    path.write_text(line(late) + line(good("G")), encoding="utf-8")
    argv = ["transfer", str(path), "--as-of", "2098-01-01", "--format", "json"]
    status, out, _ = run(argv, capsys)
    first, second = json.loads(out)
    assert status == 1 and first["error"]["code"] == "date_out_of_range"
    assert second["case_id"] == "G" and "answer" in second


def test_the_summary_and_warnings_csv_neutralise_formulas(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every CSV the library writes goes through io.safe.csv_writer (issue 12)."""
    lines = Path("examples/caseload.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(x) for x in lines]
    for case in cases:
        case["case_id"] = "=" + case["case_id"]
        if case.get("local_authority"):
            case["local_authority"] = "@" + case["local_authority"]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(line(c) for c in cases), encoding="utf-8")
    warnings = tmp_path / "w.csv"
    argv = ["evaluate", str(path), "--as-of", "2026-11-23", "--format", "csv"]
    status, out, _ = run([*argv, "--warnings-csv", str(warnings)], capsys)
    assert status in (0, 1)
    written = list(csv.reader(io.StringIO(out, newline="")))
    written += list(csv.reader(io.StringIO(warnings.read_text(encoding="utf-8"), newline="")))
    by = ["--by", "responsible_authority"]
    status, out, _ = run(
        ["summary", str(path), "--as-of", "2026-11-23", *by, "--format", "csv"], capsys
    )
    assert status in (0, 1)
    summary = list(csv.reader(io.StringIO(out, newline="")))
    assert any(row[0].startswith("'@") for row in summary)  # a council's group, neutralised
    written += summary
    cells = [c for row in written for c in row]
    assert any(c.startswith("'=") for c in cells)
    assert all(csv_cell(c) == c for c in cells)


def test_an_id_is_taken_only_by_an_evaluated_copy_with_jobs_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dup.jsonl"
    cases = [good("C1", region="Wales"), good("C1"), good("C1"), good("C2")]
    path.write_text("".join(line(c) for c in cases), encoding="utf-8")
    argv = ["evaluate", str(path), "--as-of", AS_OF, "--format", "jsonl", "--jobs", "2"]
    status, out, _ = run(argv, capsys)
    items = [json.loads(x) for x in out.splitlines()]
    codes = [i["error"]["code"] if "error" in i else "ok" for i in items]
    assert status == 1 and codes == ["unknown_region", "ok", "duplicate_case_id", "ok"]
