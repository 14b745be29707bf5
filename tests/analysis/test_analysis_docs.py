"""docs/importing.md and docs/notebooks.md cannot rot: files match, commands print as shown."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from adoption_rules.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

QUOTED_FILE = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.S)
RUN = re.compile(r"<!-- run: adoption-rules (.*?) -->\n```text\n(.*?)```", re.S)


def _blocks(doc: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    return pattern.findall((DOCS / doc).read_text(encoding="utf-8"))


IMPORTING_FILES = _blocks("importing.md", QUOTED_FILE)
IMPORTING_RUNS = _blocks("importing.md", RUN)
NOTEBOOK_RUNS = _blocks("notebooks.md", RUN)


def test_the_docs_have_examples() -> None:
    assert len(IMPORTING_FILES) == 3
    assert len(IMPORTING_RUNS) == 3
    assert len(NOTEBOOK_RUNS) == 1


@pytest.mark.parametrize(("path", "text"), IMPORTING_FILES, ids=[p for p, _ in IMPORTING_FILES])
def test_quoted_files_are_the_example_files(path: str, text: str) -> None:
    assert (ROOT / path).read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("command", "expected"),
    IMPORTING_RUNS + NOTEBOOK_RUNS,
    ids=[c.split(" ")[0] + "-" + str(i) for i, (c, _) in enumerate(IMPORTING_RUNS + NOTEBOOK_RUNS)],
)
def test_commands_print_what_the_docs_show(
    command: str,
    expected: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    main(shlex.split(command))
    captured = capsys.readouterr()
    assert captured.out + captured.err == expected


def test_worked_example_never_copies_the_unnamed_columns(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    main(shlex.split(IMPORTING_RUNS[0][0]))
    out = capsys.readouterr().out
    for private in ("Worker", "tears", "grandparents", "Example", "Sample", "Specimen"):
        assert private not in out


PYTHON = re.compile(r"```python\n(.*?)```", re.S)


def test_the_notebook_guide_runs_from_an_export_to_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pandas")
    # Run where the guide's relative paths work, writing the report into tmp_path.
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    blocks = PYTHON.findall((DOCS / "notebooks.md").read_text(encoding="utf-8"))
    assert len(blocks) >= 8
    namespace: dict[str, object] = {}
    for block in blocks:
        exec(compile(block, "docs/notebooks.md", "exec"), namespace)
    # What the guide promises, checked against what it computed.
    from adoption_rules.analysis.summary import Summary

    results = namespace["results"]
    by_council = namespace["by_council"]
    assert isinstance(by_council, Summary)
    assert by_council.cases == len(results)  # type: ignore[arg-type]
    from_export = namespace["from_export"]
    assert [r.case_id for r in from_export] == ["P-0107", "P-0112", "P-0125"]  # type: ignore[attr-defined]
    page = (tmp_path / "caseload-report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Caseload report as of 2026-11-23" in page
    for image in re.findall(r"\]\((images/[^)]+)\)", (DOCS / "notebooks.md").read_text("utf-8")):
        assert (DOCS / image).is_file()
