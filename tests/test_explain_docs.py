"""docs/explain.md runs: its Python examples as doctests, its console examples through main().

A console block holds ``$ adoption-rules ...`` lines, each followed by the
output expected (``...`` matches anything, as in a doctest); the command runs
from the repository's root.  The quoted file is the one in ``examples/``.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest

from adoption_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "explain.md"
TEXT = DOC.read_text(encoding="utf-8")
CONSOLE = re.compile(r"```console\n(.*?)```", re.S)
QUOTED_FILE = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.S)
CHECKER = doctest.OutputChecker()


def _commands() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for block in CONSOLE.findall(TEXT):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            out.append((command, expected))
    return out


COMMANDS = _commands()


def test_the_page_has_an_example_of_each_part() -> None:
    assert len(COMMANDS) >= 7
    for what in ("--latest-start", "--time-left", "explain ", "--added-holidays"):
        assert any(what in command for command, _ in COMMANDS), what
    assert "trace_case" in TEXT and "skipped_days" in TEXT and "time_left" in TEXT


@pytest.mark.parametrize(("command", "expected"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_console_example(
    command: str, expected: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    assert argv[0] == "adoption-rules"
    code = main(argv[1:])
    out = capsys.readouterr().out
    assert code == 0
    assert CHECKER.check_output(expected, out, doctest.ELLIPSIS), (
        f"docs/explain.md shows:\n{expected}\nthe command prints:\n{out}"
    )


def test_python_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    failed, tried = doctest.testfile(
        str(DOC), module_relative=False, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert tried >= 15 and failed == 0


def test_the_quoted_file_is_the_example_file() -> None:
    quoted = QUOTED_FILE.findall(TEXT)
    assert quoted
    for name, body in quoted:
        assert (ROOT / name).read_text(encoding="utf-8") == body
