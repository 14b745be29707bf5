"""The JSON Lines protocol (``adoption-rules stream``), and ``evaluate -`` on a pipe.

The child processes run without ``PYTHONUNBUFFERED`` (which would hide a missing
flush): each answer must arrive while the pipe stays open.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from adoption_rules import cli
from adoption_rules.plugins.registry import Registry
from adoption_rules.service import stream
from adoption_rules.service.stream import serve_stream

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
CLI = [sys.executable, "-c", "import sys; from adoption_rules.cli import main; sys.exit(main())"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _case(case_id: str = "S-1") -> dict[str, Any]:
    return {
        "case_id": case_id,
        "region": "together4children",
        "events": [
            {"type": "referral_received", "date": "2026-01-05"},
            {"type": "detailed_referral_completed", "date": "2026-01-12"},
        ],
    }


class Child:
    """A command reading a pipe that the test keeps open."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [*CLI, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        )

    def ask(self, line: str, timeout: float = 30) -> str:
        """Send one line and read one line back, while the pipe stays open."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        assert ready, f"no answer within {timeout}s while the pipe is open"
        return self.process.stdout.readline().decode()

    def close(self) -> int:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            return self.process.wait(30)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def _cli_items(path: Path, as_of: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The item texts of ``evaluate --format json``: one a line between ``[`` and ``]``."""
    cli.main(["evaluate", str(path), "--as-of", as_of, "--format", "json"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    return [line.removesuffix(",") for line in lines[1:-1]]


@pytest.mark.skipif(not hasattr(select, "select"), reason="needs select() on pipes")
def test_each_request_is_answered_at_once_with_the_command_lines_items(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cases = [json.loads(line) for line in CASELOAD.read_text().splitlines()[:5]]
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases))
    child = Child("stream")
    try:
        for n, as_of in enumerate(["2026-01-10", "2026-02-02", "2026-06-30"]):
            expected = _cli_items(path, as_of, capsys)
            request = {"id": f"r{n}", "as_of": as_of, "cases": cases}
            answer = child.ask(json.dumps(request))
            assert answer == f'{{"id":"r{n}","results":[{",".join(expected)}]}}\n'
        one = child.ask(json.dumps({"id": 7, "as_of": "2026-02-02", "case": cases[0]}))
        assert json.loads(one)["results"][0]["case_id"] == cases[0]["case_id"]
        bad = child.ask('{"id": 8, "as_of": "2026-13-01", "cases": []}')
        assert json.loads(bad) == {
            "id": 8,
            "error": {
                "code": "invalid_date",
                "message": "as_of must be a real date written YYYY-MM-DD",
                "field": "as_of",
            },
        }
        after = child.ask(json.dumps({"id": 9, "cases": []}))
        assert json.loads(after) == {"id": 9, "results": []}
    finally:
        status = child.close()
    assert status == 0


@pytest.mark.skipif(not hasattr(select, "select"), reason="needs select() on pipes")
def test_evaluate_dash_answers_each_case_while_the_pipe_stays_open() -> None:
    child = Child("evaluate", "-", "--format", "jsonl", "--as-of", "2026-01-20")
    try:
        for i in range(3):
            item = json.loads(child.ask(json.dumps(_case(f"P{i}"))))
            assert item["case_id"] == f"P{i}"
            statuses = {o["kind"]: o["status"] for o in item["obligations"]}
            assert statuses["referral_sign_off"] == "overdue"
    finally:
        status = child.close()
    assert status == 0


def _run(text: str, registry: Registry) -> list[dict[str, Any]]:
    out = io.StringIO()
    serve_stream(io.StringIO(text), out, registry, lambda: dt.date(2026, 2, 2))
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize(
    ("line", "code", "field", "echo"),
    [
        ("{not json", "invalid_json", None, None),
        ("[1, 2]", "wrong_type", None, None),
        ('{"id": "a", "cases": [], "asof": "2026-01-01"}', "unknown_field", "asof", "a"),
        ('{"id": "b"}', "missing_field", "cases", "b"),
        ('{"id": "c", "cases": [], "case": {}}', "missing_field", "cases", "c"),
        ('{"id": "d", "cases": {"case_id": "x"}}', "wrong_type", "cases", "d"),
        ('{"id": {"nested": 1}, "cases": []}', "wrong_type", "id", None),
        ('{"id": 5, "as_of": 20260101, "cases": []}', "invalid_date", "as_of", 5),
    ],
)
def test_a_bad_request_gets_one_error_line_and_the_next_is_answered(
    registry: Registry, line: str, code: str, field: str | None, echo: object
) -> None:
    bad, good = _run(line + "\n" + json.dumps({"id": "next", "case": _case()}) + "\n", registry)
    assert bad["id"] == echo
    assert bad["error"]["code"] == code
    assert bad["error"]["field"] == field
    assert good["id"] == "next" and good["results"][0]["as_of"] == "2026-02-02"


def test_blank_lines_are_skipped_and_a_case_error_stays_inside_its_request(
    registry: Registry,
) -> None:
    lines = [
        "\ufeff" + json.dumps({"id": 1, "cases": [_case("A"), {"case_id": "B"}, _case("A")]}),
        "",
        "   ",
        json.dumps({"id": 2, "cases": [_case("A")]}),
    ]
    first, second = _run("\n".join(lines) + "\n", registry)
    codes = [r.get("error", {}).get("code") for r in first["results"]]
    assert codes == [None, "missing_field", "duplicate_case_id"]
    assert second["results"][0]["case_id"] == "A"  # a new request, a new batch


def test_a_line_over_the_limit_is_one_error_and_the_stream_goes_on(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stream, "MAX_LINE", 100)
    long = json.dumps({"id": 1, "case": {**_case(), "padding": "x" * 500}})
    bad, good = _run(long + "\n" + json.dumps({"id": 2, "cases": []}) + "\n", registry)
    assert bad == {
        "id": None,
        "error": {
            "code": "too_large",
            "message": "line 1: longer than 100 characters",
            "field": None,
        },
    }
    assert good == {"id": 2, "results": []}
