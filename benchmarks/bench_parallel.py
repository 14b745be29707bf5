"""Benchmark: every core (``evaluate --jobs``), a Dask cluster, and one process against JSON alone.

Prints measured figures (no pass/fail asserts in the test suite), the load
average before every run (the machine is shared), medians and ranges of
interleaved runs:

1. ``evaluate --format jsonl --jobs 2`` against ``--jobs 1`` on the same
   100,000 cases, runs interleaved (1, 2, 1, 2, ...), each in a fresh process
   writing to a file; the outputs are checked to be byte-identical.
2. Peak memory of each process (the parent, and each worker) at 100,000 cases
   and, with ``--full``, at 1,000,000: sampled from ``/proc/PID/status``
   (``VmHWM``, the peak resident set) while the run goes.
3. Dask: ``adoption_rules.dask.evaluate_lines`` on a ``distributed.LocalCluster``
   of 2 single-threaded worker processes (127.0.0.1), reading the JSON Lines
   file and writing JSON Lines files, against one process (``--jobs 1``); its
   output is checked to be the same lines.  The cluster's start is timed apart.
4. One process (``--jobs 1``) against the standard library alone reading
   each line with ``json.loads`` and writing it back with ``json.dumps``: the
   same file, fresh processes, interleaved.

Run: ``python benchmarks/bench_parallel.py [--cases N] [--repeat N] [--full]
[--no-dask] [--only jobs|split|memory|dask|stdlib]``.  ``split`` (1b) runs
``--jobs 2`` beside a split by hand: two ``--jobs 1`` processes at once, one on
each half of the input, which is what the machine itself gives two cores.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_engine import AS_OF, REGIONS, write_caseload

STDLIB_ROUND_TRIP = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in src:
        out.write(json.dumps(json.loads(line)) + "\\n")
"""


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in pathlib.Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _peak_kib(pid: int) -> int | None:
    try:
        for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run(command: list[str], out_path: pathlib.Path, sample: bool = False) -> dict[str, Any]:
    """Wall and CPU seconds of ``command`` (stdout to ``out_path``), peak RSS per process.

    CPU seconds (user + system) include every worker the command started and
    waited for: the work done, whatever else the machine was doing.
    """
    peaks: dict[int, int] = {}
    start = time.perf_counter()
    with out_path.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink)
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if sample:
                for each in {proc.pid} | _descendants(proc.pid):
                    peak = _peak_kib(each)
                    if peak is not None:
                        peaks[each] = max(peaks.get(each, 0), peak)
            time.sleep(0.2 if sample else 0.01)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    parent = peaks.pop(proc.pid, 0)
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "exit": proc.returncode,
        "parent_mib": parent / 1024,
        "worker_mib": sorted(p / 1024 for p in peaks.values()),
    }


def evaluate_command(path: pathlib.Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "adoption_rules.cli",
        "evaluate",
        str(path),
        "--as-of",
        AS_OF,
        "--format",
        "jsonl",
        "--jobs",
        str(jobs),
    ]


def digest(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def summary(seconds: list[float]) -> str:
    s = sorted(seconds)
    return f"median {statistics.median(s):6.2f} s (range {s[0]:.2f}-{s[-1]:.2f}, {len(s)} runs)"


def interleaved(
    name_a: str, cmd_a: list[str], name_b: str, cmd_b: list[str], tmp: pathlib.Path, repeat: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], bool]:
    """Runs of a and b in turn; wall and CPU seconds of each; whether each gave one output."""
    times: dict[str, dict[str, list[float]]] = {
        name_a: {"wall": [], "cpu": []},
        name_b: {"wall": [], "cpu": []},
    }
    digests: dict[str, set[str]] = {name_a: set(), name_b: set()}
    for i in range(repeat):
        for name, cmd in ((name_a, cmd_a), (name_b, cmd_b)):
            out = tmp / f"{name.replace(' ', '')}.out"
            before = load()
            result = run(cmd, out)
            digests[name].add(digest(out))
            out.unlink()
            times[name]["wall"].append(result["seconds"])
            times[name]["cpu"].append(result["cpu"])
            print(
                f"    run {i + 1} {name:>10}: {result['seconds']:6.2f} s wall, "
                f"{result['cpu']:6.2f} s CPU  exit {result['exit']}  ({before})",
                flush=True,
            )
    same = len(digests[name_a]) == 1 and digests[name_a] == digests[name_b]
    return times[name_a], times[name_b], same


def bench_jobs(path: pathlib.Path, tmp: pathlib.Path, cases: int, repeat: int) -> None:
    print(f"\n1. evaluate --jobs 2 against --jobs 1, {cases:,} cases, interleaved", flush=True)
    one, two, same = interleaved(
        "--jobs 1", evaluate_command(path, 1), "--jobs 2", evaluate_command(path, 2), tmp, repeat
    )
    speedup = statistics.median(one["wall"]) / statistics.median(two["wall"])
    pairs = sorted(a / b for a, b in zip(one["wall"], two["wall"], strict=True))
    print(f"  --jobs 1: wall {summary(one['wall'])}; CPU {summary(one['cpu'])}")
    print(f"  --jobs 2: wall {summary(two['wall'])}; CPU {summary(two['cpu'])}")
    print(
        f"  speed-up (median wall/median wall): {speedup:.2f}x; per interleaved pair "
        f"{pairs[0]:.2f}-{pairs[-1]:.2f}x (target >= 1.7x on a quiet machine)"
    )
    extra = statistics.median(two["cpu"]) - statistics.median(one["cpu"])
    print(
        f"  CPU the workers add: {extra:.2f} s ({extra / cases * 1e6:.1f} us a case, "
        f"starts included); on two idle cores --jobs 2 could be at most "
        f"{2 * statistics.median(one['cpu']) / statistics.median(two['cpu']):.2f}x"
    )
    print(f"  output identical bytes in every run: {same}")


def run_halves(halves: list[pathlib.Path], tmp: pathlib.Path) -> dict[str, Any]:
    """Two ``--jobs 1`` processes at once, one on each half of the input (the split by
    hand the issue measured): what two cores give this workload with nothing shared."""
    start = time.perf_counter()
    procs = []
    for i, half in enumerate(halves):
        with (tmp / f"half{i}.out").open("wb") as sink:
            procs.append(subprocess.Popen(evaluate_command(half, 1), stdout=sink))
    cpu = 0.0
    for proc in procs:
        _, status, usage = os.wait4(proc.pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
        proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "cpu": cpu, "exit": max(p.returncode for p in procs)}


def bench_split(path: pathlib.Path, tmp: pathlib.Path, cases: int, repeat: int) -> None:
    """``--jobs 2`` against two ``--jobs 1`` processes on the two halves, interleaved with
    one process: the machine's own ceiling for two cores, beside what --jobs gets."""
    print(f"\n1b. --jobs 2 against a split by hand (two processes, one a half), {cases:,} cases")
    lines = path.read_bytes().splitlines(keepends=True)
    halves = [tmp / "half-a.jsonl", tmp / "half-b.jsonl"]
    halves[0].write_bytes(b"".join(lines[: len(lines) // 2]))
    halves[1].write_bytes(b"".join(lines[len(lines) // 2 :]))
    times: dict[str, list[float]] = {"one": [], "two": [], "split": []}
    cpu: dict[str, list[float]] = {"one": [], "two": [], "split": []}
    for i in range(repeat):
        for name in ("one", "two", "split"):
            before = load()
            if name == "split":
                result = run_halves(halves, tmp)
            else:
                jobs = 1 if name == "one" else 2
                result = run(evaluate_command(path, jobs), tmp / "split.out")
            times[name].append(result["seconds"])
            cpu[name].append(result["cpu"])
            print(
                f"    run {i + 1} {name:>6}: {result['seconds']:6.2f} s wall, "
                f"{result['cpu']:6.2f} s CPU  exit {result['exit']}  ({before})",
                flush=True,
            )
    one = statistics.median(times["one"])
    for name, label in (("two", "--jobs 2"), ("split", "split by hand")):
        pairs = sorted(a / b for a, b in zip(times["one"], times[name], strict=True))
        print(
            f"  {label:>14}: wall {summary(times[name])}, CPU {summary(cpu[name])}; "
            f"speed-up {one / statistics.median(times[name]):.2f}x "
            f"(pairs {pairs[0]:.2f}-{pairs[-1]:.2f}x)"
        )
    print(f"  --jobs 1:       wall {summary(times['one'])}, CPU {summary(cpu['one'])}")


def bench_memory(paths: list[tuple[int, pathlib.Path]], tmp: pathlib.Path) -> None:
    print("\n2. peak resident memory per process, --jobs 2 (sampled VmHWM)", flush=True)
    for cases, path in paths:
        for flag in ((), ("--no-duplicate-check",)):
            before = load()
            result = run([*evaluate_command(path, 2), *flag], tmp / "mem.out", sample=True)
            (tmp / "mem.out").unlink()
            # The smallest is multiprocessing's resource tracker, not a worker.
            workers = ", ".join(f"{m:.1f}" for m in result["worker_mib"])
            print(
                f"  {cases:>9,} cases {' '.join(flag):<22} {result['seconds']:7.2f} s  "
                f"parent {result['parent_mib']:6.1f} MiB  workers [{workers}] MiB  ({before})",
                flush=True,
            )


def bench_dask(path: pathlib.Path, tmp: pathlib.Path, cases: int, repeat: int) -> None:
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError:
        print("\n3. Dask: not installed (pip install 'adoption-rules[dask]'); skipped")
        return
    import datetime as dt

    from adoption_rules.dask import evaluate_lines

    print(f"\n3. Dask LocalCluster (2 workers x 1 thread) against one process, {cases:,} cases")
    start = time.perf_counter()
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        print(f"  cluster start: {time.perf_counter() - start:.2f} s")
        as_of = dt.date.fromisoformat(AS_OF)
        size = path.stat().st_size
        dask_times: list[float] = []
        one_times: list[float] = []
        dask_cpu: list[float] = []
        one_cpu: list[float] = []
        same = True
        for i in range(repeat):
            before = load()
            out = tmp / "one.out"
            one = run(evaluate_command(path, 1), out)
            one_times.append(one["seconds"])
            one_cpu.append(one["cpu"])
            target = tmp / f"dask-{i}"
            cpu_before = client.run(time.process_time)
            start = time.perf_counter()
            bag = db.read_text(str(path), blocksize=size // 8 + 1)
            evaluate_lines(bag, as_of).to_textfiles(str(target / "*.jsonl"), last_endline=True)
            dask_times.append(time.perf_counter() - start)
            cpu_after = client.run(time.process_time)
            dask_cpu.append(sum(cpu_after[w] - cpu_before[w] for w in cpu_after))
            parts = sorted(target.glob("*.jsonl"), key=lambda p: int(p.stem))
            joined = b"".join(p.read_bytes() for p in parts)
            same = same and joined == out.read_bytes()
            for p in parts:
                p.unlink()
            out.unlink()
            print(
                f"    run {i + 1}: one process {one_times[-1]:6.2f} s ({one_cpu[-1]:.2f} s CPU), "
                f"dask {dask_times[-1]:6.2f} s ({dask_cpu[-1]:.2f} s CPU in the workers) "
                f"({before})",
                flush=True,
            )
    one, two = statistics.median(one_times), statistics.median(dask_times)
    cpu_one, cpu_dask = statistics.median(one_cpu), statistics.median(dask_cpu)
    print(f"  one process: wall {summary(one_times)}; CPU {summary(one_cpu)}")
    print(f"  dask:        wall {summary(dask_times)}; worker CPU {summary(dask_cpu)}")
    print(f"  speed-up {one / two:.2f}x (target >= 1.5x); output the same lines: {same}")
    print(
        f"  overhead: {(cpu_dask - cpu_one) / cases * 1e6:.1f} worker-CPU microseconds a case "
        f"beyond one process's {cpu_one / cases * 1e6:.1f} (the scheduler's and the client's "
        f"own work not counted); on two idle cores at most {2 * cpu_one / cpu_dask:.2f}x"
    )


def bench_stdlib(path: pathlib.Path, tmp: pathlib.Path, cases: int, repeat: int) -> None:
    print(f"\n4. one process against the standard library's parse+write, {cases:,} cases")
    stdlib_cmd = [sys.executable, "-c", STDLIB_ROUND_TRIP, str(path), str(tmp / "stdlib.out")]
    one, std, _ = interleaved(
        "--jobs 1", evaluate_command(path, 1), "stdlib", stdlib_cmd, tmp, repeat
    )
    print(f"  evaluate:          wall {summary(one['wall'])}; CPU {summary(one['cpu'])}")
    print(f"  json parse+write:  wall {summary(std['wall'])}; CPU {summary(std['cpu'])}")
    for kind in ("wall", "cpu"):
        ratio = statistics.median(one[kind]) / statistics.median(std[kind])
        # Pair by pair too: each evaluate run against the stdlib run right after it,
        # which the machine's drift in speed between pairs does not move.
        pairs = sorted(a / b for a, b in zip(one[kind], std[kind], strict=True))
        print(
            f"  evaluate / parse+write, {kind}: {ratio:.2f}x median to median; pair by pair "
            f"median {statistics.median(pairs):.2f}x ({pairs[0]:.2f}-{pairs[-1]:.2f}x) "
            "(target <= 5x)"
        )


def compile_bytecode() -> None:
    """Compile the library's modules (and those of its environment) to bytecode first.

    An installed wheel has them compiled; a checkout where Python may not write
    them (``PYTHONDONTWRITEBYTECODE``, a read-only tree) would otherwise compile
    every module in every process, and every worker's start would count that.
    """
    import compileall
    import sysconfig

    import adoption_rules

    for folder in {pathlib.Path(adoption_rules.__file__).parent, sysconfig.get_paths()["purelib"]}:
        compileall.compile_dir(str(folder), quiet=2, workers=0)
    flag = os.environ.get("PYTHONDONTWRITEBYTECODE")
    print(f"  bytecode compiled first (PYTHONDONTWRITEBYTECODE {'set' if flag else 'not set'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (median)")
    parser.add_argument("--full", action="store_true", help="memory at 1,000,000 cases too")
    parser.add_argument("--no-dask", action="store_true")
    parser.add_argument(
        "--only",
        choices=("jobs", "split", "memory", "dask", "stdlib"),
        action="append",
        default=None,
    )
    args = parser.parse_args()
    parts = set(args.only or ("jobs", "split", "memory", "dask", "stdlib"))
    if args.no_dask:
        parts.discard("dask")
    import platform

    print(
        f"bench_parallel: Python {platform.python_version()}, {os.cpu_count()} CPUs "
        f"({len(os.sched_getaffinity(0))} usable), {load()}"
    )
    compile_bytecode()
    with tempfile.TemporaryDirectory() as name:
        tmp = pathlib.Path(name)
        path = tmp / "cases.jsonl"
        write_caseload(path, args.cases, REGIONS)
        if "jobs" in parts:
            bench_jobs(path, tmp, args.cases, args.repeat)
        if "split" in parts:
            bench_split(path, tmp, args.cases, args.repeat)
        if "memory" in parts:
            paths = [(args.cases, path)]
            if args.full:
                big = tmp / "1m.jsonl"
                write_caseload(big, 1_000_000, REGIONS)
                paths.append((1_000_000, big))
            bench_memory(paths, tmp)
        if "dask" in parts:
            bench_dask(path, tmp, args.cases, args.repeat)
        if "stdlib" in parts:
            bench_stdlib(path, tmp, args.cases, args.repeat)
    print(f"\nend: {load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
