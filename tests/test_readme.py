"""The README works as typed: its Python snippets run as written, its commands exit 0."""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from pathlib import Path

import pytest

from adoption_rules import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYTHON = re.findall(r"```python\n(.*?)\n```", README, re.S)
CONSOLE = re.search(r"```console\n(.*?)\n```", README, re.S)
COMMANDS = [
    line[2:].split("  #")[0].strip()
    for line in (CONSOLE.group(1) if CONSOLE else "").splitlines()
    if line.startswith("$ adoption-rules ")
]


@pytest.mark.parametrize("snippet", PYTHON, ids=[f"python-{i}" for i in range(len(PYTHON))])
def test_each_python_snippet_runs_on_its_own(snippet: str) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(snippet, "README.md", "exec"), {"__name__": "readme"})


def test_the_quickstart_says_how_to_reach_the_command() -> None:
    assert CONSOLE is not None
    assert CONSOLE.group(1).splitlines()[0] == "$ . .venv/bin/activate"
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("command", COMMANDS)
def test_each_quickstart_command_runs(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    assert cli.main(shlex.split(command)[1:]) == 0
    out = capsys.readouterr().out
    assert out
    if command.startswith("adoption-rules deadline 2025-04-15"):
        assert out == "2025-04-24\n"
