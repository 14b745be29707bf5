"""``--jobs 2`` writes the same bytes as ``--jobs 1`` in every command and option that evaluates.

``evaluate`` with ``--time-left``, ``--explain``, ``--added-holidays``,
``--warnings-csv`` and a CSV export; ``summary`` and ``report`` on JSON Lines
and on an export.  The JSON Lines input holds an unreadable line, a case that
is not an object, an unknown region and a case id repeated in other chunks
(``mixed_caseload``: about 260 cases, two chunks of 200); the export has a row
naming no case and cases with bad rows.  Each ``--jobs 2`` run starts two
workers (forked on Linux; spawned, about half a second each, elsewhere and in
the tests that ask for it, where every render must pickle), so runs are few and
combine options.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from adoption_rules import parallel
from adoption_rules.cli import main
from test_parallel import AS_OF, ROOT, as_jsonl, mixed_caseload

EXPORT = ROOT / "examples" / "export"
#: An export with a row that names no case and cases with bad rows (their errors name them).
EXPORT_ARGS = (
    str(EXPORT / "pathway-events-bad.csv"),
    "--cases",
    str(EXPORT / "pathway-cases.csv"),
    "--map",
    str(EXPORT / "pathway-map.toml"),
)
#: Weekdays around the as-of date counted as bank holidays: --time-left and deadlines move.
ADDED_HOLIDAYS = ("2026-11-24", "2026-11-25", "2026-12-01", "2026-12-02", "2027-01-05")


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """JSON Lines: the caseload five times, bad cases and a repeated id spread through."""
    path = tmp_path_factory.mktemp("cases") / "cases.jsonl"
    path.write_text(as_jsonl(mixed_caseload(5)) + "{not json\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def holidays(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("holidays") / "added.txt"
    path.write_text("".join(f"{day} Test day\n" for day in ADDED_HOLIDAYS), encoding="utf-8")
    return path


def run(
    capsys: pytest.CaptureFixture[str], folder: Path, argv: list[str], files: tuple[str, ...]
) -> tuple[int, str, str, dict[str, bytes]]:
    """Run a command in ``folder``: its status, stdout, stderr and the ``files`` it wrote."""
    for name in files:
        (folder / name).unlink(missing_ok=True)
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err, {name: (folder / name).read_bytes() for name in files}


def one_and_two(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    files: tuple[str, ...] = (),
    *,
    spawn: bool = False,
) -> tuple[int, str, str, dict[str, bytes]]:
    """The command's output with ``--jobs 1``, checked equal to its output with ``--jobs 2``."""
    monkeypatch.chdir(tmp_path)
    if spawn:  # as on macOS and Windows, or beside threads: what is sent to workers pickles
        monkeypatch.setattr(parallel, "start_method", lambda: "spawn")
    one = run(capsys, tmp_path, [*argv, "--jobs", "1"], files)
    two = run(capsys, tmp_path, [*argv, "--jobs", "2"], files)
    assert two == one
    assert not multiprocessing.active_children()
    return one


# -- evaluate --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "json", "--time-left", "--explain"],
        ["--format", "jsonl", "--time-left", "--warnings-csv", "w.csv", "HOLIDAYS"],
        ["--format", "csv", "--time-left", "--warnings-csv", "w.csv", "HOLIDAYS"],
        ["--format", "table", "--time-left", "HOLIDAYS"],
    ],
    ids=["json-time-left-explain", "jsonl-warnings-holidays", "csv-warnings-holidays", "table"],
)
def test_evaluate_options_with_jobs_2_write_the_same_bytes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cases: Path,
    holidays: Path,
    options: list[str],
) -> None:
    argv = ["evaluate", str(cases), "--as-of", AS_OF.isoformat()]
    for option in options:
        argv += ["--added-holidays", str(holidays)] if option == "HOLIDAYS" else [option]
    files = ("w.csv",) if "--warnings-csv" in options else ()
    code, out, _, written = one_and_two(capsys, tmp_path, monkeypatch, argv, files)
    assert code == 1  # some cases had errors
    assert "duplicate_case_id" in out and "invalid_json" in out
    if options[1] != "table":
        assert "working_days_left" in out
    if "--explain" in options:
        assert '"explanation"' in out
    if files:
        assert written["w.csv"].count(b"\n") > 1  # the header and some warnings
    if "HOLIDAYS" in options:  # the added days changed something
        plain = [a for a in argv if a not in ("--added-holidays", str(holidays))]
        assert run(capsys, tmp_path, plain, files)[1] != out


def test_evaluate_an_export_with_jobs_2_writes_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["evaluate", *EXPORT_ARGS, "--as-of", AS_OF.isoformat(), "--format", "jsonl"]
    code, out, _, written = one_and_two(
        capsys, tmp_path, monkeypatch, [*argv, "--warnings-csv", "w.csv"], ("w.csv",)
    )
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    errors = [line for line in lines if "error" in line]
    # The row that named no case, and cases with bad rows, each named by its id.
    assert errors[0]["case_id"] is None
    assert len(errors) >= 2 and all(e["case_id"] for e in errors[1:])
    assert len(lines) > len(errors)
    assert written["w.csv"].startswith(b"case_id,region,as_of,code,message")


# -- summary and report ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_summary_with_jobs_2_writes_the_same_bytes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cases: Path,
    fmt: str,
) -> None:
    argv = ["summary", str(cases), "--as-of", AS_OF.isoformat(), "--by", "region,kind"]
    code, out, _, _ = one_and_two(capsys, tmp_path, monkeypatch, [*argv, "--format", fmt])
    assert code == 1
    if fmt == "json":
        summary = json.loads(out)
        # Two repeated ids, an unknown region, a list, a bad events field, a bad line.
        assert summary["errors"] == 6
        assert summary["cases"] == len(mixed_caseload(5)) - 5
        assert summary["groups"] and summary["total"]["obligations"] > 0


def test_summary_of_an_export_with_jobs_2_writes_the_same_bytes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["summary", *EXPORT_ARGS, "--as-of", AS_OF.isoformat(), "--format", "json"]
    code, out, _, _ = one_and_two(capsys, tmp_path, monkeypatch, [*argv, "--by", "quarter"])
    assert code == 1
    summary = json.loads(out)
    assert summary["errors"] >= 2 and summary["cases"] > 0


@pytest.mark.parametrize("source", ["jsonl", "export"])
def test_report_with_jobs_2_writes_the_same_html_and_worklist(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cases: Path,
    source: str,
) -> None:
    given = [str(cases)] if source == "jsonl" else list(EXPORT_ARGS)
    argv = ["report", *given, "--as-of", AS_OF.isoformat(), "-o", "r.html"]
    files = ("r.html", "r.worklist.csv")
    code, _, err, written = one_and_two(capsys, tmp_path, monkeypatch, argv, files)
    assert code == 1
    assert "errors); full worklists in r.worklist.csv" in err
    assert b'<h2 id="overdue">' in written["r.html"]
    if source == "jsonl":  # the export's few cases have nothing overdue or due soon
        assert written["r.worklist.csv"].count(b"\n") > 1


# -- spawned workers: every render, registry factory and record pickles ----------------------


@pytest.mark.parametrize(
    "command",
    [
        ["evaluate", "--format", "jsonl", "--time-left", "--warnings-csv", "w.csv", "HOLIDAYS"],
        ["evaluate", "--format", "json", "--explain", "--policy", "POLICY"],
        ["summary", "--by", "region,kind", "--format", "json"],
        ["report", "-o", "r.html"],
    ],
    ids=["evaluate-warnings-holidays", "evaluate-explain-policy", "summary", "report"],
)
def test_spawned_workers_write_the_same_bytes(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cases: Path,
    holidays: Path,
    command: list[str],
) -> None:
    named = {"HOLIDAYS": ["--added-holidays", str(holidays)]}
    named["POLICY"] = [str(ROOT / "examples" / "policy-change.toml")]
    argv = [command[0], str(cases), "--as-of", AS_OF.isoformat()]
    for option in command[1:]:
        argv += named.get(option, [option])
    files = {"evaluate": ("w.csv",) if "w.csv" in command else (), "summary": ()}.get(
        command[0], ("r.html", "r.worklist.csv")
    )
    code, out, _, _ = one_and_two(capsys, tmp_path, monkeypatch, argv, files, spawn=True)
    assert code == 1
    assert out or command[0] == "report"
