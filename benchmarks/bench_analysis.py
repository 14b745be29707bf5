"""Benchmark: importing an export, the timeliness summary and the caseload report, at scale.

Prints measured figures (no pass/fail asserts in the test suite).  For a
synthetic caseload of ``--cases`` cases (default 100,000; about 12 events a
case, so about 1.2 million rows), written both as JSON Lines and as a long CSV
export (one row per event, dates dd/mm/yyyy, rows shuffled, case facts
repeated on every row, plus a free-text column the importer must skip), it
times, each in a fresh process, interleaved round by round:

* ``evaluate`` JSON Lines to JSON Lines (the yardstick);
* ``import`` of the CSV to JSON Lines (target: at least half the speed of
  ``evaluate``, i.e. at most twice its time), with its peak memory;
* ``summary --by region,kind`` and ``report`` of the JSON Lines (target: each
  under twice the time of ``evaluate`` alone), and the report's size
  (target: under 5 MB).

The load average is printed before and after each round, because the machine
may be shared.  Run: ``python benchmarks/bench_analysis.py [--cases N]
[--repeat N] [--json]``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import pathlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_engine import REGIONS, write_caseload

AS_OF = "2026-11-23"
FACTS = (
    "region",
    "local_authority",
    "placing_authority",
    "placement_date",
    "adoption_order_date",
    "tracking_from",
)


def _dmy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def write_long_csv(jsonl: pathlib.Path, out: pathlib.Path, seed: int = 7) -> int:
    """The caseload as one row per event, shuffled; returns the number of rows."""
    rows: list[list[str]] = []
    with jsonl.open(encoding="utf-8") as f:
        for line in f:
            case = json.loads(line)
            facts = [_dmy(case[k]) if k.endswith(("_date", "_from")) else case[k] for k in FACTS]
            for n, e in enumerate(case["events"]):
                rows.append(
                    [
                        case["case_id"],
                        str(n),
                        e["type"],
                        _dmy(e["date"]),
                        e.get("outcome", ""),
                        *facts,
                        "free text the map does not name",
                    ]
                )
    random.Random(seed).shuffle(rows)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["case_id", "sequence", "type", "date", "outcome", *FACTS, "notes"])
        writer.writerows(rows)
    return len(rows)


def run(args: list[str], out: pathlib.Path) -> tuple[float, float, int]:
    """Seconds, peak RSS (MiB) and exit code of one command in a fresh process."""
    cmd = [sys.executable, "-m", "adoption_rules.cli", *args]
    start = time.perf_counter()
    with out.open("w") as sink:
        proc = subprocess.Popen(cmd, stdout=sink, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
    return (
        time.perf_counter() - start,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
    )


def _load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds (median)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--write-files", nargs=3, metavar=("N", "JSONL", "CSV"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.write_files:  # in a child process: see below
        n, jsonl_name, csv_name = args.write_files
        write_caseload(pathlib.Path(jsonl_name), int(n), REGIONS)
        print(write_long_csv(pathlib.Path(jsonl_name), pathlib.Path(csv_name)))
        return 0
    figures: dict[str, Any] = {"cases": args.cases, "load": []}
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        jsonl, export = work / "cases.jsonl", work / "events.csv"
        # The files are written by a child process: on Linux a child's peak RSS counts
        # its parent's memory at fork, so the parent must stay small for the figures.
        written = subprocess.run(
            [sys.executable, __file__, "--write-files", str(args.cases), str(jsonl), str(export)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures["rows"] = int(written.stdout)
        figures["csv_mib"] = round(export.stat().st_size / 2**20, 1)
        report = work / "report.html"
        commands = {
            "evaluate": ["evaluate", str(jsonl), "--as-of", AS_OF, "--format", "jsonl"],
            "import": ["import", str(export)],
            "summary": ["summary", str(jsonl), "--as-of", AS_OF, "--by", "region,kind"],
            "report": ["report", str(jsonl), "--as-of", AS_OF, "-o", str(report)],
        }
        timings: dict[str, list[tuple[float, float, int]]] = {k: [] for k in commands}
        for round_ in range(args.repeat):
            before = _load()
            for name, command in commands.items():
                timings[name].append(run(command, work / f"{name}.out"))
            figures["load"].append(f"round {round_ + 1}: before {before}; after {_load()}")
        figures["report_bytes"] = report.stat().st_size
        figures["worklist_csv_bytes"] = report.with_suffix(".worklist.csv").stat().st_size
        imported = (work / "import.out").read_text(encoding="utf-8").count("\n")
        figures["imported_cases"] = imported
    for name, runs in timings.items():
        seconds = sorted(r[0] for r in runs)
        figures[name] = {
            "seconds": round(statistics.median(seconds), 2),
            "range": [round(seconds[0], 2), round(seconds[-1], 2)],
            "peak_rss_mib": round(max(r[1] for r in runs), 1),
            "exit_codes": sorted({r[2] for r in runs}),
        }
    base = figures["evaluate"]["seconds"]
    for name in ("import", "summary", "report"):
        figures[name]["times_evaluate"] = round(figures[name]["seconds"] / base, 2)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(
        f"{args.cases:,} cases, {figures['rows']:,} CSV rows ({figures['csv_mib']} MiB, "
        f"dd/mm/yyyy, shuffled); as of {AS_OF}; median of {args.repeat} interleaved rounds "
        "(fastest-slowest), each command a fresh process"
    )
    for line in figures["load"]:
        print(f"  {line}")
    targets = {"import": 2.0, "summary": 2.0, "report": 2.0}
    for name in ("evaluate", "import", "summary", "report"):
        f = figures[name]
        ratio = ""
        if name in targets:
            verdict = "PASS" if f["times_evaluate"] <= targets[name] else "MISS"
            ratio = (
                f"  {f['times_evaluate']:.2f}x evaluate (target <= {targets[name]:.0f}x) {verdict}"
            )
        print(
            f"  {name:>8}: {f['seconds']:7.2f} s ({f['range'][0]:.2f}-{f['range'][1]:.2f})  "
            f"peak RSS {f['peak_rss_mib']:7.1f} MiB  exit {f['exit_codes']}{ratio}"
        )
    size = figures["report_bytes"]
    print(
        f"  report file {size / 1e6:.2f} MB (target < 5 MB) "
        f"{'PASS' if size < 5_000_000 else 'MISS'}; full worklists CSV "
        f"{figures['worklist_csv_bytes'] / 1e6:.1f} MB; "
        f"imported {figures['imported_cases']:,} cases"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
