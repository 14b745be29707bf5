"""`adoption-rules deadline`: the command for people who just need a date."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adoption_rules.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_issue_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "deadline", "2025-04-15", "5 working days") == (0, "2025-04-24\n", "")


@pytest.mark.parametrize(
    ("period", "expected"),
    [("4 weeks", "2025-05-13"), ("2 months", "2025-06-15"), ("1 year", "2026-04-15")],
)
def test_calendar_periods(capsys: pytest.CaptureFixture[str], period: str, expected: str) -> None:
    assert run(capsys, "deadline", "2025-04-15", period)[:2] == (0, expected + "\n")


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "2028-12-22", "1 working day", "--json")
    assert code == 0
    assert json.loads(out) == {
        "start": "2028-12-22",
        "period": "1 working day",
        "due": "2028-12-27",
        "provisional": True,
    }


def test_closures_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text(
        "# office closed between Christmas and New Year\n"
        "2025-12-29\n\n2025-12-30\n2025-12-31  # New Year's Eve\n"
    )
    code, out, _ = run(
        capsys, "deadline", "2025-12-24", "1 working day", "--closures", str(closures)
    )
    assert (code, out) == (0, "2026-01-02\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "2025-02-30", "5 working days"], "real YYYY-MM-DD date"),
        (["deadline", "15/04/2025", "5 working days"], "expected a YYYY-MM-DD date"),
        (["deadline", "2025-04-15", "5 fortnights"], "unknown unit"),
        (["deadline", "2099-12-30", "5 working days"], "2099-12-31"),
    ],
)
def test_bad_input_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_bad_closures_file_names_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2025-12-29\n2025-13-01\n")
    code, _, err = run(
        capsys, "deadline", "2025-12-24", "1 working day", "--closures", str(closures)
    )
    assert code == 2
    assert "line 2" in err


def test_missing_closures_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(
        capsys, "deadline", "2025-12-24", "1 working day", "--closures", str(tmp_path / "nope")
    )
    assert code == 2
    assert "cannot read" in err


def test_core_commands_load_no_other_command_module() -> None:
    """`deadline`, `evaluate`, `explain` and `demo` start without the other commands' code."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from adoption_rules.cli import main\n"
        "status = main(['deadline', '2025-04-15', '5 working days'])\n"
        "loaded = [m for m in ('adoption_rules.cli.audit', 'adoption_rules.cli.schema',\n"
        "          'adoption_rules.cli.fund', 'adoption_rules.cli.questions',\n"
        "          'adoption_rules.cli.regions') if m in sys.modules]\n"
        "print(status, loaded)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert out.splitlines() == ["2025-04-24", "0 []"]


def test_every_command_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    for command in ("deadline", "evaluate", "explain", "demo", "schema", "diff", "fund"):
        assert f"    {command}" in shown
    for command in ("route", "threshold", "transfer", "eligibility", "regions", "rules", "audit"):
        assert f"    {command}" in shown


def test_a_closures_file_that_is_not_utf8_names_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_bytes(b"2025-12-29\n# Christmas \xff\n")
    code, _, err = run(
        capsys, "deadline", "2025-12-24", "1 working day", "--closures", str(closures)
    )
    assert code == 2
    assert "line 2: not valid UTF-8 text" in err
    assert "Traceback" not in err


def test_a_closures_file_may_start_with_a_byte_order_mark(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_bytes("\ufeff2025-12-29\n".encode())
    code, out, _ = run(
        capsys, "deadline", "2025-12-24", "1 working day", "--closures", str(closures)
    )
    assert (code, out.strip()) == (0, "2025-12-30")
