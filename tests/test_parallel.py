"""Evaluating in worker processes (``--jobs``, ``jobs=``): the same results, in order, and robust.

Each test that starts workers starts two (forked on Linux: at once; spawned
elsewhere or beside a thread: about half a second each), so the file keeps
their number small.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import io
import json
import multiprocessing
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from adoption_rules import evaluate_many
from adoption_rules.api import evaluate_records
from adoption_rules.cli import main
from adoption_rules.core.model import CaseError, Result
from adoption_rules.io.records import Record, read_records
from adoption_rules.parallel import (
    _PIPE_SIZE,
    CHUNKS_PER_WORKER,
    WorkerStartError,
    _enlarge,
    resolve_jobs,
    start_method,
)
from adoption_rules.plugins import registry as registry_module
from adoption_rules.plugins.registry import PLUGINS_ENV, Registry
from parallel_plugins import (
    CRASH,
    CRASH_ONCE,
    ONCE_DIR,
    builtin_registry,
    crashing_registry,
    failing_registry,
)
from test_plugins import example_site, tutorial_folder, with_example

__all__ = ["example_site", "tutorial_folder", "with_example"]  # fixtures, from test_plugins

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
AS_OF = dt.date(2026, 11, 23)


def caseload() -> list[dict[str, Any]]:
    lines = CASELOAD.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def mixed_caseload(copies: int) -> list[object]:
    """The example caseload ``copies`` times, ids made unique, with bad cases spread through.

    Repeated ids lie far apart (in different chunks); so do the other errors.
    """
    cases: list[object] = []
    base = caseload()
    for n in range(copies):
        for case in base:
            cases.append({**case, "case_id": f"{case['case_id']}-{n}"})
    cases.insert(3, {**base[0], "case_id": "DUP-1"})
    cases.insert(7, {**base[1], "region": "atlantis"})
    cases.insert(11, [1, 2])
    cases.insert(len(cases) // 2, {**base[2], "case_id": "DUP-1"})
    cases.insert(len(cases) - 4, {**base[3], "case_id": "DUP-1"})
    cases.append({"case_id": "no-events-field", "region": "england", "events": "x"})
    return cases


def evaluate_cases(
    cases: list[Any], as_of: dt.date, **options: Any
) -> Iterator[Result | CaseError]:
    """``evaluate_records`` of decoded cases (``evaluate_many`` with a chunk size)."""
    records = (Record(i, None, data) for i, data in enumerate(cases))
    return evaluate_records(records, as_of, **options)


def as_jsonl(cases: list[object]) -> str:
    return "".join(json.dumps(case) + "\n" for case in cases)


def evaluate_cli(
    capsys: pytest.CaptureFixture[str], path: Path, *extra: str
) -> tuple[int, str, str]:
    code = main(["evaluate", str(path), "--as-of", AS_OF.isoformat(), *extra])
    out, err = capsys.readouterr()
    return code, out, err


# -- the same bytes --------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table"])
def test_jobs_2_writes_the_same_bytes_as_one_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str
) -> None:
    cases = mixed_caseload(12)  # about 600 cases: three chunks and more
    path = tmp_path / "cases.jsonl"
    path.write_text(as_jsonl(cases) + "{not json\n", encoding="utf-8")
    one = evaluate_cli(capsys, path, "--format", fmt)
    two = evaluate_cli(capsys, path, "--format", fmt, "--jobs", "2")
    assert one == two
    assert one[0] == 1  # some cases had errors
    if fmt == "jsonl":
        lines = [json.loads(line) for line in one[1].splitlines()]
        assert len(lines) == len(cases) + 1
        codes = [line["error"]["code"] for line in lines if "error" in line]
        assert codes.count("duplicate_case_id") == 2
        assert {"unknown_region", "not_an_object", "invalid_json"} <= set(codes)


def test_jobs_2_without_the_duplicate_check_and_with_a_policy_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.jsonl"
    path.write_text(as_jsonl(mixed_caseload(2)), encoding="utf-8")
    policy = str(ROOT / "examples" / "policy-change.toml")
    extra = ("--format", "jsonl", "--no-duplicate-check", "--policy", policy)
    one = evaluate_cli(capsys, path, *extra)
    two = evaluate_cli(capsys, path, *extra, "--jobs", "2")
    assert one == two
    assert '"duplicate_case_id"' not in one[1]
    # The policy file changed something: the output differs from the default policy's.
    default = evaluate_cli(capsys, path, "--format", "jsonl", "--no-duplicate-check")
    assert default[1] != one[1]


def test_a_json_array_input_and_an_empty_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(caseload()[:5]), encoding="utf-8")
    assert evaluate_cli(capsys, path, "--format", "json", "--jobs", "2") == evaluate_cli(
        capsys, path, "--format", "json"
    )
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert evaluate_cli(capsys, empty, "--format", "json", "--jobs", "2") == (0, "[]\n", "")


def test_jobs_must_be_a_whole_number_not_below_zero(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for bad in ("-1", "two"):
        with pytest.raises(SystemExit) as stopped:
            main(["evaluate", str(CASELOAD), "--jobs", bad])
        assert stopped.value.code == 2
        assert "--jobs" in capsys.readouterr().err


def test_jobs_0_is_one_per_core_this_process_may_use() -> None:
    assert resolve_jobs(0) == len(os.sched_getaffinity(0))
    assert resolve_jobs(3) == 3
    with pytest.raises(ValueError, match="jobs"):
        resolve_jobs(-1)


# -- the Python API --------------------------------------------------------------------------


def test_evaluate_many_with_jobs_equals_one_process(registry: Registry) -> None:
    cases = mixed_caseload(3)
    one = evaluate_many(cases, AS_OF, registry=registry)
    two = evaluate_many(cases, AS_OF, jobs=2, registry_factory=builtin_registry)
    assert two == one
    assert sum(isinstance(item, CaseError) for item in one) == 5
    assert sum(isinstance(item, Result) for item in one) == len(cases) - 5


def test_a_registry_cannot_be_sent_to_workers(registry: Registry) -> None:
    with pytest.raises(ValueError, match="registry_factory"):
        evaluate_many(caseload(), AS_OF, jobs=2, registry=registry)


def test_a_worker_that_cannot_build_its_registry_stops_the_batch() -> None:
    with pytest.raises(WorkerStartError, match="RuntimeError: no registry here"):
        list(evaluate_cases(caseload(), AS_OF, jobs=2, registry_factory=failing_registry))
    assert not multiprocessing.active_children()


def test_input_is_read_as_results_are_taken_never_whole() -> None:
    """However long the input, only a bounded number of chunks is read ahead."""
    base = caseload()
    pulled = 0

    def endless() -> Iterator[Record]:
        nonlocal pulled
        while True:
            yield Record(pulled, None, {**base[pulled % len(base)], "case_id": f"E-{pulled}"})
            pulled += 1

    chunk_size = 10
    items = evaluate_records(
        endless(), AS_OF, jobs=2, registry_factory=builtin_registry, chunk_size=chunk_size
    )
    assert isinstance(items, Generator)
    taken = [next(items) for _ in range(100)]
    items.close()  # stops the workers
    assert all(isinstance(item, Result) for item in taken)
    assert [item.case_id for item in taken] == [f"E-{i}" for i in range(100)]
    assert pulled <= 100 + (CHUNKS_PER_WORKER * 2 + 1) * chunk_size
    assert not multiprocessing.active_children()


# -- a dead worker costs only its own chunk ---------------------------------------------------


@pytest.mark.parametrize("decode", [True, False], ids=["decoded", "raw lines"])
def test_a_dead_workers_chunk_is_retried_once_then_its_cases_get_an_error(
    registry: Registry, decode: bool
) -> None:
    cases: list[object] = [dict(c) for c in caseload()[:20]]
    crash = {**caseload()[4], "case_id": f"{CRASH}1"}
    cases[9] = crash  # in the chunk of cases 8 and 9 (chunk_size 2)
    stream = io.StringIO(as_jsonl(cases))
    items = list(
        evaluate_records(
            read_records(stream, decode=decode),
            AS_OF,
            jobs=2,
            registry_factory=crashing_registry,
            chunk_size=2,
        )
    )
    expected = evaluate_many(cases, AS_OF, registry=registry)  # the same, without the crasher
    assert len(items) == len(cases)
    for i, (got, want) in enumerate(zip(items, expected, strict=True)):
        if i in (8, 9):
            assert isinstance(got, CaseError)
            assert got.error.code == "worker_failed"
            assert got.case_id == cases[i]["case_id"]  # type: ignore[index]
            assert got.error.field is None
        else:
            assert got == want
    assert not multiprocessing.active_children()


def test_chunks_queued_behind_a_dying_worker_are_not_counted_as_tries(registry: Registry) -> None:
    """A worker holds the chunk it evaluates and the next one, queued.  When it dies,
    only the chunk it was evaluating has had a try: the queued one is sent again as
    it is, so it is never given ``worker_failed`` for a death it did not cause."""
    cases: list[object] = [
        {**c, "case_id": f"{c['case_id']}-{n}"} for n in (1, 2) for c in caseload()
    ]
    crashers = {2, 9}  # chunk_size 1: the chunk after each is likely queued behind it, twice
    for i in crashers:
        cases[i] = {**caseload()[i], "case_id": f"{CRASH}{i}"}
    items = list(
        evaluate_cases(cases, AS_OF, jobs=2, registry_factory=crashing_registry, chunk_size=1)
    )
    expected = evaluate_many(cases, AS_OF, registry=registry)
    failed = {i for i, item in enumerate(items) if isinstance(item, CaseError)}
    assert failed == crashers
    for i, (got, want) in enumerate(zip(items, expected, strict=True)):
        if i in crashers:
            assert isinstance(got, CaseError)
            assert got.error.code == "worker_failed"
        else:
            assert got == want
    assert not multiprocessing.active_children()


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux's")
def test_pipes_to_a_worker_take_a_chunks_results_in_one_write() -> None:
    """A chunk's results (about 2.4 KB a case, 200 cases) go to the parent in one
    write: the pipes are enlarged to what the system allows a process (1 MiB by
    default), not left at 64 KiB, where a worker waited for the parent to read
    its results a piece at a time."""
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text(encoding="ascii"))
    reader, writer = multiprocessing.Pipe(duplex=False)
    try:
        _enlarge(writer)
        size = fcntl.fcntl(writer.fileno(), fcntl.F_GETPIPE_SZ)
    finally:
        reader.close()
        writer.close()
    assert size >= min(limit, _PIPE_SIZE)
    assert size > 64 * 1024 or limit <= 64 * 1024


def test_a_chunk_whose_worker_dies_once_is_evaluated_by_the_next(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ONCE_DIR, str(tmp_path))  # spawned workers inherit the environment
    cases: list[object] = [dict(c) for c in caseload()[:12]]
    cases[5] = {**caseload()[5], "case_id": f"{CRASH_ONCE}5"}
    items = list(
        evaluate_cases(cases, AS_OF, jobs=2, registry_factory=crashing_registry, chunk_size=3)
    )
    assert (tmp_path / f"{CRASH_ONCE}5").exists()  # a worker did die on it
    assert items == evaluate_many(cases, AS_OF, registry=registry)


# -- plugins in the workers -------------------------------------------------------------------


@pytest.mark.parametrize(("env", "loads"), [("example_rab", True), ("none", False)])
def test_workers_honour_adoption_rules_plugins(
    with_example: Path, monkeypatch: pytest.MonkeyPatch, env: str, loads: bool
) -> None:
    """The workers' default registry loads installed plugins as ADOPTION_RULES_PLUGINS says,
    as one process does.

    The example region is installed in a folder on the parent's ``sys.path``,
    which workers inherit, as they inherit the environment.  The parent's
    default registry is dropped first, so that it loads under the same setting.
    """
    monkeypatch.setenv(PLUGINS_ENV, env)
    monkeypatch.setattr(registry_module, "_DEFAULT", None)
    case = {
        "case_id": "X-1",
        "region": "example_rab",
        "local_authority": "exampleshire",
        "events": [{"type": "detailed_referral_completed", "date": "2026-12-17"}],
    }
    cases = [case, {**caseload()[0], "case_id": "X-2"}]
    first, second = evaluate_cases(cases, dt.date(2026, 12, 18), jobs=2)
    assert isinstance(second, Result)
    if loads:
        assert isinstance(first, Result)
        assert [(ob.kind, ob.due, ob.decided_by) for ob in first.obligations] == [
            ("referral_sign_off", dt.date(2027, 1, 11), "example_rab")
        ]
    else:
        assert isinstance(first, CaseError)
        assert first.error.code == "unknown_region"
    assert [first, second] == list(evaluate_cases(cases, dt.date(2026, 12, 18)))


def test_workers_are_forked_from_one_thread_on_linux_and_spawned_beside_threads(
    registry: Registry,
) -> None:
    """Forked when safe (Linux, one thread), spawned beside a thread: the same results.

    (The forked path is the one every other test here takes on Linux when no
    earlier test left a thread running, and the command-line tests always.)
    """
    if sys.platform != "linux":
        assert start_method() == "spawn"
    elif threading.active_count() == 1:
        assert start_method() == "fork"
    cases = caseload()[:12]
    expected = evaluate_many(cases, AS_OF, registry=registry)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert start_method() == "spawn"
        spawned = list(evaluate_cases(cases, AS_OF, jobs=2, registry_factory=builtin_registry))
    finally:
        stop.set()
        thread.join()
    assert spawned == expected
    assert not multiprocessing.active_children()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_workers_stop_by_themselves_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A forked worker holds no copy of its parent's end of another worker's pipe: when the
    parent is killed (no chance to stop them), every worker sees its pipe close and ends."""
    process = _evaluate_20_000_with_jobs_2(tmp_path, "K-", stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith('{"case_id":"K-0"')  # the workers run
        workers = _children(process.pid)
        assert len(workers) >= 2
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        if process.poll() is None:  # pragma: no cover - only if the test fails
            process.kill()
            process.wait()
        for pid in workers:  # pragma: no cover - only if the test fails
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


def _evaluate_20_000_with_jobs_2(tmp_path: Path, prefix: str, stderr: int) -> subprocess.Popen[str]:
    """``evaluate --jobs 2`` of 20,000 cases (ids ``prefix`` and a number), started in a
    child process writing JSON Lines to a pipe: long enough to act on while it runs."""
    base = caseload()
    path = tmp_path / "cases.jsonl"
    path.write_text(
        as_jsonl([{**base[i % len(base)], "case_id": f"{prefix}{i}"} for i in range(20_000)])
    )
    command = [sys.executable, "-m", "adoption_rules.cli", "evaluate", str(path)]
    command += ["--as-of", AS_OF.isoformat(), "--format", "jsonl", "--jobs", "2"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True, cwd=tmp_path)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, exited and waiting for its parent, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- Ctrl-C ----------------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the workers")
def test_ctrl_c_stops_the_workers_and_exits_130_without_a_traceback(tmp_path: Path) -> None:
    process = _evaluate_20_000_with_jobs_2(tmp_path, "C-", stderr=subprocess.PIPE)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # the workers are running
        assert first.startswith('{"case_id":"C-0"')
        workers = _children(process.pid)
        assert len(workers) >= 2
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:  # pragma: no cover - only if the test fails
            process.kill()
            process.wait()
    assert process.returncode == 130
    assert err == "adoption-rules: interrupted\n"
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)  # pragma: no cover - reaped already, as a rule
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


# -- docs/scale.md ---------------------------------------------------------------------------

RUN = re.compile(r"<!-- run -->\n```python\n(.*?)\n```", re.S)


def test_the_examples_in_scale_md_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each ``<!-- run -->`` example runs from the project's root and prints what it says."""
    examples = RUN.findall((ROOT / "docs" / "scale.md").read_text(encoding="utf-8"))
    assert len(examples) == 2
    monkeypatch.chdir(ROOT)
    exec(compile(examples[0], "scale.md: parallel", "exec"), {"__name__": "__main__"})
    overdue, errors = capsys.readouterr().out.split()
    items = evaluate_many(caseload(), AS_OF)
    assert int(errors) == sum(isinstance(i, CaseError) for i in items)
    assert int(overdue) == sum(
        ob.status.value == "overdue" for i in items if isinstance(i, Result) for ob in i.obligations
    )
    dask = pytest.importorskip("dask", reason="the dask extra is not installed")
    with dask.config.set(scheduler="synchronous"):
        exec(compile(examples[1], "scale.md: dask", "exec"), {})
    first = items[0]
    assert isinstance(first, Result)
    assert capsys.readouterr().out == f"{first.case_id} {len(first.obligations)}\n"


def test_jobs_0_on_one_available_core_evaluates_in_this_process(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No worker for one core: a registry (which cannot be sent to one) is accepted."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    cases = caseload()[:5]
    assert evaluate_many(cases, AS_OF, jobs=0, registry=registry) == evaluate_many(
        cases, AS_OF, registry=registry
    )
    assert not multiprocessing.active_children()
    with pytest.raises(ValueError, match="jobs must be 0"):
        evaluate_many(cases, AS_OF, jobs=-1)


def test_a_broken_json_array_is_refused_as_with_one_process(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(caseload()[:3])[:-20], encoding="utf-8")
    one = evaluate_cli(capsys, path, "--format", "json")
    assert one[0] == 2
    assert "not valid JSON" in one[2]
    assert evaluate_cli(capsys, path, "--format", "json", "--jobs", "2") == one
    assert not multiprocessing.active_children()
