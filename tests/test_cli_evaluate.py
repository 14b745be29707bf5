"""`adoption-rules evaluate` and `explain`: the contract's command line, bad input case by case."""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import adoption_rules
from adoption_rules import cli
from adoption_rules.cli import main
from adoption_rules.core.model import Case
from adoption_rules.io.converter import LIMITS, converter, structure_case, unstructure

GOOD_DATE = dt.date(2026, 2, 1)
GOOD: dict[str, Any] = {
    "contract_version": 1,
    "case_id": "EN-1",
    "region": "england",
    "local_authority": "staffordshire",
    "placing_authority": "stoke-on-trent",
    "adoption_route": "agency",
    "placement_date": "2019-02-04",
    "adoption_order_date": "2019-11-18",
    "child_date_of_birth": "2015-05-01",
    "tracking_from": "2025-01-01",
    "events": [
        {"type": "financial_support_agreed", "date": "2025-02-03"},
        {"type": "plan_proposed", "date": "2026-01-05"},
    ],
}


def good(case_id: str, **changes: Any) -> dict[str, Any]:
    return {**GOOD, "case_id": case_id, **changes}


def run(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, *extra: str
) -> tuple[int, str, str]:
    path = tmp_path / "cases.jsonl"
    path.write_text(content)
    code = main(["evaluate", str(path), "--as-of", "2026-02-01", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(*cases: object) -> str:
    return "".join(json.dumps(c) + "\n" for c in cases)


BAD_CASES: list[tuple[str, object, str, str | None]] = [
    ("non-object", [1, 2], "not_an_object", None),
    ("no case_id", {"region": "england", "events": []}, "missing_field", "case_id"),
    ("no region", {"case_id": "X", "events": []}, "missing_field", "region"),
    ("no events", {"case_id": "X", "region": "england"}, "missing_field", "events"),
    ("unknown region", good("X", region="atlantis"), "unknown_region", "region"),
    (
        "unknown event type",
        good("X", events=[GOOD["events"][0], {"type": "party", "date": "2026-01-01"}]),
        "unknown_event_type",
        "events[1].type",
    ),
    (
        "impossible date",
        good("X", events=[{"type": "initial_visit", "date": "2025-02-30"}]),
        "invalid_date",
        "events[0].date",
    ),
    (
        "date of the wrong type",
        good("X", events=[{"type": "initial_visit", "date": 20250201}]),
        "invalid_date",
        "events[0].date",
    ),
    ("bad case date", good("X", placement_date="04/02/2019"), "invalid_date", "placement_date"),
    (
        "event missing a required field",
        good("X", events=[{"type": "closure_decided", "date": "2026-01-05"}]),
        "missing_field",
        "events[0].reason",
    ),
    (
        "unknown outcome",
        good("X", events=[{"type": "adm_decision", "date": "2026-01-05", "outcome": "maybe"}]),
        "invalid_value",
        "events[0].outcome",
    ),
    (
        "unsupported contract version",
        good("X", contract_version=2),
        "unsupported_contract_version",
        "contract_version",
    ),
    ("unknown route", good("X", adoption_route="stork"), "invalid_value", "adoption_route"),
    (
        "boolean as string",
        good(
            "X",
            events=[
                {"type": "change_of_circumstances", "date": "2026-01-05", "significant": "yes"}
            ],
        ),
        "wrong_type",
        "events[0].significant",
    ),
    (
        "date out of range",
        good("X", events=[{"type": "initial_visit", "date": "1901-01-01"}]),
        "invalid_date",
        "events[0].date",
    ),
    (
        "absurdly large",
        good("X", events=[{"type": "review_held", "date": "2026-01-05"}] * (LIMITS["events"] + 1)),
        "too_large",
        "events",
    ),
]


@pytest.mark.parametrize(
    ("case", "code", "field"), [c[1:] for c in BAD_CASES], ids=[c[0] for c in BAD_CASES]
)
def test_bad_case_gets_an_error_and_the_others_still_evaluate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: object, code: str, field: str | None
) -> None:
    status, out, err = run(capsys, tmp_path, jsonl(good("A"), case, good("B")), "--format", "json")
    assert status == 1
    assert "Traceback" not in out + err
    before, error, after = json.loads(out)
    assert before["case_id"] == "A" and "obligations" in before
    assert after["case_id"] == "B" and "obligations" in after
    assert error["error"]["code"] == code
    assert error["error"]["field"] == field
    if isinstance(case, dict) and isinstance(case.get("case_id"), str):
        assert error["case_id"] == case["case_id"]


def test_malformed_json_line_names_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    content = jsonl(good("A")) + '{"case_id": "B", oops}\n' + jsonl(good("C"))
    status, out, _ = run(capsys, tmp_path, content, "--format", "json")
    results = json.loads(out)
    assert status == 1
    assert [r["case_id"] for r in results] == ["A", None, "C"]
    assert results[1]["error"]["code"] == "invalid_json"
    assert results[1]["error"]["message"].startswith("line 2:")


def test_duplicate_case_ids(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, tmp_path, jsonl(good("A"), good("A")), "--format", "json")
    first, second = json.loads(out)
    assert status == 1
    assert "obligations" in first
    assert second["error"] == {
        "code": "duplicate_case_id",
        "message": "this case_id appeared earlier in the same batch",
        "field": "case_id",
    }


def test_one_case_an_array_and_json_lines_give_the_same_results(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    one = run(capsys, tmp_path, json.dumps(good("A"), indent=2), "--format", "json")
    array = run(capsys, tmp_path, json.dumps([good("A"), good("B")]), "--format", "json")
    lines = run(capsys, tmp_path, jsonl(good("A"), good("B")), "--format", "json")
    assert one[0] == array[0] == lines[0] == 0
    assert json.loads(array[1]) == json.loads(lines[1])
    assert json.loads(one[1]) == json.loads(array[1])[:1]


def test_misuse_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["evaluate", str(tmp_path / "missing.json")]) == 2
    assert "cannot read" in capsys.readouterr().err
    status, _, err = run(capsys, tmp_path, '[{"case_id": "A",', "--format", "json")
    assert status == 2
    assert "not valid JSON" in err and "line 1" in err
    status, _, err = run(capsys, tmp_path, jsonl(good("A")), "--as-of", "2026-02-30")
    assert status == 2 and "real YYYY-MM-DD date" in err


def test_csv_has_one_row_per_obligation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = run(capsys, tmp_path, jsonl(good("A")), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert [(r["kind"], r["due"], r["status"]) for r in rows] == [
        ("representations_window", "2026-02-02", "open"),
        ("financial_support_review", "2026-02-03", "pending"),
    ]
    assert rows[0]["decided_by"] == "england"


def test_table_puts_overdue_first(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    late = good("LATE", events=[{"type": "financial_support_agreed", "date": "2024-06-03"}])
    status, out, _ = run(capsys, tmp_path, jsonl(late, good("SOON")))
    assert status == 0
    overdue, soon = out.split("DUE IN THE NEXT 30 DAYS")
    assert "LATE" in overdue and "financial_support_review" in overdue
    assert "SOON" in soon and "2026-02-03" in soon


def test_explain_tells_the_story(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(good("A")))
    code = main(
        ["explain", str(path), "--kind", "financial_support_review", "--as-of", "2026-02-01"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "Due 2026-02-03: 12 months after financial_support_agreed on 2025-02-03." in out
    assert "decided by plugin 'england'" in out
    assert "Source: Adoption Support Services Regulations 2005, reg 20." in out


def test_explain_quotes_the_policys_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "case.json"
    events = [{"type": "detailed_referral_completed", "date": "2026-01-05"}]
    path.write_text(json.dumps(good("T", region="together4children", events=events)))
    assert main(["explain", str(path), "--as-of", "2026-01-06"]) == 0
    out = capsys.readouterr().out
    sign_off = out.split("\n\n")[
        [b.split()[0] for b in out.split("\n\n")].index("referral_sign_off")
    ]
    assert "  Source: Together4Children Adoption Support Policy and Procedure, 7.10.\n" in sign_off
    assert (
        "  In the policy's words: “Permanency Support Team Manager signs off the referral and "
        "agrees the proposed actions within 5 working days”\n"
    ) in sign_off


def test_explain_shows_no_words_for_a_rule_without_a_quote(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(good("A")))
    assert main(["explain", str(path), "--as-of", "2026-02-01"]) == 0
    out = capsys.readouterr().out
    assert "Source: " in out
    assert "In the policy's words" not in out


def test_round_trip_structure_then_unstructure() -> None:
    case = structure_case(GOOD)
    assert unstructure(case) == GOOD
    assert converter.structure(unstructure(case), Case) == case


def test_reprs_and_errors_hold_no_free_text(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    secret = "Jane Smith said"
    case = good(
        "A", events=[{"type": "assessment_completed", "date": "2026-01-05", "late_reason": secret}]
    )
    assert secret not in repr(structure_case(case))
    bad = good("B", events=[{"type": "adm_decision", "date": "2026-01-05", "outcome": secret}])
    _, out, err = run(capsys, tmp_path, jsonl(bad), "--format", "json")
    assert secret not in out + err


def test_obligation_unstructure_hook_agrees_with_cattrs_generated_one() -> None:
    import cattrs

    from adoption_rules.api import evaluate
    from adoption_rules.core.model import Obligation, Result, Status
    from adoption_rules.io.converter import _make_converter

    generic = _make_converter()
    plain = cattrs.Converter()
    plain.register_unstructure_hook(type(GOOD_DATE), lambda d: d.isoformat())
    plain.register_unstructure_hook(Status, lambda s: s.value)
    result = evaluate(structure_case(GOOD), GOOD_DATE)
    assert result.obligations
    for ob in result.obligations:
        expected = plain.unstructure(ob, Obligation)
        assert generic.unstructure(ob) == expected
        assert list(generic.unstructure(ob)) == list(expected)
    # The written-out Result and TransferAnswer hooks agree with cattrs' too, on
    # results with warnings, transfers and every kind of obligation.
    cases = [json.loads(line) for line in Path("examples/caseload.jsonl").read_text().splitlines()]
    from adoption_rules.api import evaluate_many

    results = [r for r in evaluate_many(cases, dt.date(2026, 11, 23)) if isinstance(r, Result)]
    assert any(r.warnings for r in results) and any(r.transfer for r in results)
    for result in results:
        expected_result = plain.unstructure(result, Result)
        assert generic.unstructure(result) == expected_result
        assert list(generic.unstructure(result)) == list(expected_result)


def test_both_json_backends_write_the_same_bytes() -> None:
    from adoption_rules.api import evaluate_many
    from adoption_rules.io import jsonio as _jsonio

    orjson = pytest.importorskip("orjson")
    cases = [json.loads(line) for line in Path("examples/caseload.jsonl").read_text().splitlines()]
    results = evaluate_many(cases, GOOD_DATE)
    for item in results:
        data = unstructure(item)
        assert _jsonio._std_dumps(data) == orjson.dumps(data).decode("utf-8")
    assert _jsonio._std_loads('{"a": "é"}') == orjson.loads('{"a": "é"}')


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_VALUES)
def test_standard_library_writer_is_json_dumps(value: object) -> None:
    """The encoder built once writes what json.dumps with the same options writes."""
    from adoption_rules.io import jsonio as _jsonio

    expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    assert _jsonio._std_dumps(value) == expected


def test_standard_library_writer_refuses_what_json_cannot_write() -> None:
    from adoption_rules.io import jsonio as _jsonio

    with pytest.raises(TypeError, match="Object of type date is not JSON serializable"):
        _jsonio._std_dumps({"due": dt.date(2026, 1, 1)})


def test_standard_library_backend_reports_bad_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adoption_rules.io import records as batch

    monkeypatch.setattr(batch, "fast_loads", json.loads)
    content = jsonl(good("A")) + "{oops\n"
    status, out, _ = run(capsys, tmp_path, content, "--format", "json")
    results = json.loads(out)
    assert status == 1
    assert results[1]["error"]["code"] == "invalid_json"
    assert results[1]["error"]["message"].startswith("line 2:")


def test_no_duplicate_check_evaluates_repeated_ids(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, _ = run(
        capsys, tmp_path, jsonl(good("A"), good("A")), "--format", "json", "--no-duplicate-check"
    )
    assert status == 0
    assert [("obligations" in r, r["case_id"]) for r in json.loads(out)] == [
        (True, "A"),
        (True, "A"),
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "json"])
def test_the_command_writes_the_same_bytes_with_either_backend(fmt: str) -> None:
    """End to end, in fresh processes: the backend is chosen at import."""
    import os
    import subprocess
    import sys

    pytest.importorskip("orjson")
    outputs = {}
    for backend in ("orjson", "json"):
        env = {**os.environ, "ADOPTION_RULES_JSON": backend}
        command = [sys.executable, "-m", "adoption_rules.cli", "evaluate"]
        command += ["examples/caseload.jsonl", "--as-of", "2026-11-23", "--format", fmt]
        probe = "from adoption_rules.io import jsonio as _jsonio, jsontext as _jsontext; "
        probe += "print(_jsonio.BACKEND, _jsontext.to_json.__name__)"
        chosen = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
        ).stdout.split()
        assert chosen == (
            ["orjson", "_to_json_converter"] if backend == "orjson" else ["json", "_to_json_text"]
        )
        done = subprocess.run(command, env=env, capture_output=True, check=False)
        assert done.returncode == 0, done.stderr
        outputs[backend] = done.stdout
    assert outputs["orjson"] == outputs["json"]
    assert outputs["json"].count(b'"case_id"') >= 40


# -- text that is not UTF-8 -----------------------------------------------------


def _run_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> tuple[int, list[dict[str, Any]]]:
    path = tmp_path / "cases.jsonl"
    path.write_bytes(content)
    code = main(["evaluate", str(path), "--as-of", "2026-02-01", "--format", "jsonl"])
    out, _ = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()]


def test_bytes_that_are_not_utf8_fail_only_their_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = [json.dumps(good("A")).encode(), json.dumps(good("B")).encode()]
    lines.insert(1, b'{"case_id": "X\xff\xfe", "region": "england", "events": []}')
    lines.insert(2, b'{"case_id": "Y", "region": \xff}')  # outside a string: not JSON
    code, items = _run_bytes(capsys, tmp_path, b"\n".join(lines) + b"\n")
    assert code == 1
    assert [i["case_id"] for i in items] == ["A", None, None, "B"]
    assert items[1]["error"]["code"] == "invalid_value"
    assert items[1]["error"]["field"] == "case_id"
    assert "not valid UTF-8" in items[1]["error"]["message"]
    assert items[2]["error"]["code"] == "invalid_json"
    assert items[2]["error"]["message"].startswith("line 3:")


@pytest.mark.parametrize("first", [True, False])
def test_a_lone_surrogate_escape_fails_only_its_case(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, first: bool
) -> None:
    """orjson refuses "\\ud800" and the standard library reads it: either way, the
    case gets an error naming the field (it was once the whole file, or a traceback)."""
    odd = b'{"case_id": "B", "region": "england", "events": [], "local_authority": "x\\ud800"}'
    lines = [json.dumps(good("A")).encode(), json.dumps(good("C")).encode()]
    lines.insert(0 if first else 1, odd)
    code, items = _run_bytes(capsys, tmp_path, b"\n".join(lines) + b"\n")
    assert code == 1
    errors = [i for i in items if "error" in i]
    assert [i["case_id"] for i in items if "error" not in i] == ["A", "C"]
    assert len(errors) == 1
    assert errors[0]["case_id"] == "B"
    assert errors[0]["error"]["field"] == "local_authority"


def test_standard_input_that_is_not_utf8_fails_only_its_case() -> None:
    import subprocess
    import sys

    content = json.dumps(good("A")).encode() + b"\n"
    content += b'{"case_id": "X\xff", "region": "england", "events": []}\n'
    command = [sys.executable, "-m", "adoption_rules.cli", "evaluate", "-"]
    done = subprocess.run(
        [*command, "--format", "jsonl", "--as-of", "2026-02-01"],
        input=content,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr
    items = [json.loads(line) for line in done.stdout.splitlines()]
    assert [i.get("case_id") for i in items] == ["A", None]
    assert items[1]["error"]["field"] == "case_id"


@pytest.mark.parametrize(
    "line", ['{"a": }', '{"a": 1,}', "[1, 2", '{"a": "b"} x', "{bad", '"\\x"', "NaN NaN"]
)
def test_a_line_that_is_not_json_gets_the_same_message_with_either_backend(line: str) -> None:
    from adoption_rules.io import jsonio as _jsonio

    with pytest.raises(json.JSONDecodeError) as std:
        json.loads(line)
    with pytest.raises(json.JSONDecodeError) as chosen:
        _jsonio.loads(line)
    assert (chosen.value.msg, chosen.value.colno) == (std.value.msg, std.value.colno)


@pytest.mark.parametrize(
    ("text", "lone"),
    [("plain", False), ("Zoë", False), ("smile \U0001f600", False), ("x\ud800", True)],
)
def test_has_lone_surrogate(text: str, lone: bool) -> None:
    from adoption_rules.io.converter import has_lone_surrogate

    assert has_lone_surrogate(text) is lone


def test_the_program_collects_garbage_less_often_and_main_leaves_the_collector_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``adoption-rules`` (``console``) tunes the cyclic collector for a batch in its own
    process; ``main``, which other programs (and these tests) call, does not."""
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        example = Path(__file__).resolve().parents[1] / "examples" / "caseload.jsonl"
        assert cli.main(["evaluate", str(example), "--as-of", "2026-11-23"]) in (0, 1)
        assert gc.get_threshold() == (700, 10, 10)
        monkeypatch.setattr(cli, "main", lambda: 0)
        with pytest.raises(SystemExit) as exited:
            cli.console()
        assert exited.value.code == 0
        assert gc.get_threshold() == cli.COLLECT_EVERY
    finally:
        gc.set_threshold(*before)


def test_the_installed_program_runs_through_console() -> None:
    """The ``adoption-rules`` script and ``python -m adoption_rules`` both start at
    ``console`` (the script's entry point in the package's metadata)."""
    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "adoption-rules"]
    assert script.value == "adoption_rules.cli:console"
    main_module = Path(adoption_rules.__file__).parent / "__main__.py"
    assert "console()" in main_module.read_text(encoding="utf-8")
