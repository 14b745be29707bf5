"""Benchmark: evaluating a synthetic caseload from JSON Lines to JSON Lines.

Prints measured figures (no pass/fail asserts in the test suite):

* throughput, cases a second, end to end (`adoption-rules evaluate --format jsonl`
  in a fresh process, one core, output written to a file), for 100,000 cases of
  about 12 events each: the median of ``--repeat`` runs (default 3), with the
  fastest and slowest;
* peak memory (max RSS of that process) for 100,000 and 1,000,000 cases, to show
  it stays flat as the input grows (use ``--full`` for the 1,000,000 run);
* where the time goes: a cProfile of 10,000 cases in-process, by phase.

``--wire`` instead measures, in-process and interleaved (median of ``--repeat``
rounds, fastest and slowest, with the load average), what each written-out part of
the wire format saves over cattrs' own generated hooks: the
:class:`Result`/:class:`Obligation` unstructure hooks, the
standard-library text writer of :mod:`adoption_rules.io.jsontext`, and keyword
against positional construction of an ``Obligation``.

Run: ``python benchmarks/bench_engine.py [--cases N] [--repeat N] [--full] [--json]
[--json-backend orjson|json|both] [--wire]``.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pathlib
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

AS_OF = "2026-11-23"
TARGET_CASES_PER_SECOND = 10_000

_TEMPLATE: list[tuple[str, int, dict[str, Any]]] = [
    ("referral_received", 0, {}),
    ("screening_completed", 2, {"outcome": "assessment"}),
    ("detailed_referral_completed", 3, {}),
    ("referral_signed_off", 4, {}),
    ("consent_signed", 2, {}),
    ("initial_visit", 5, {}),
    ("assessment_completed", 55, {}),
    ("plan_proposed", 2, {}),
    ("plan_approved", 15, {}),
    ("financial_support_agreed", 3, {}),
    ("review_held", 180, {}),
    ("review_shared", 6, {}),
]
REGIONS = ["england", "together4children", "adoption_at_heart", "adoption_west", "leicestershire"]


def write_caseload(path: pathlib.Path, n: int, regions: list[str]) -> None:
    rng = random.Random(n)
    base = dt.date(2024, 1, 1)
    with path.open("w") as out:
        for i in range(n):
            day = base + dt.timedelta(days=rng.randint(0, 700))
            events = []
            for kind, gap, extra in _TEMPLATE:
                day += dt.timedelta(days=gap + rng.randint(0, 4))
                events.append({"type": kind, "date": day.isoformat(), **extra})
            case = {
                "case_id": f"B-{i:08d}",
                "region": regions[i % len(regions)],
                "placing_authority": "bristol",
                "local_authority": "wiltshire",
                "adoption_order_date": "2021-03-01",
                "placement_date": "2020-06-01",
                "tracking_from": "2023-01-01",
                "events": events,
            }
            out.write(json.dumps(case) + "\n")


def run_cli(path: pathlib.Path, *extra: str, backend: str = "orjson") -> tuple[float, float, int]:
    """Seconds, peak RSS (MiB) and exit code of one `evaluate` run in a fresh process.

    The results go to a file next to the input, as a case system would write them.
    """
    cmd = [
        sys.executable,
        "-m",
        "adoption_rules.cli",
        "evaluate",
        str(path),
        "--as-of",
        AS_OF,
        "--format",
        "jsonl",
        *extra,
    ]
    out_path = path.with_suffix(".out.jsonl")
    start = time.perf_counter()
    with out_path.open("w") as sink:
        proc = subprocess.Popen(
            cmd, stdout=sink, env={**os.environ, "ADOPTION_RULES_JSON": backend}
        )
        _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    out_path.unlink()
    return elapsed, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def timed(path: pathlib.Path, cases: int, runs: int, *extra: str, backend: str) -> dict[str, Any]:
    """The median, fastest and slowest of ``runs`` runs, and the largest peak RSS."""
    results = [run_cli(path, *extra, backend=backend) for _ in range(runs)]
    seconds = sorted(r[0] for r in results)
    median = statistics.median(seconds)
    return {
        "runs": runs,
        "seconds": round(median, 2),
        "seconds_range": [round(seconds[0], 2), round(seconds[-1], 2)],
        "cases_per_second": round(cases / median),
        "cases_per_second_range": [round(cases / seconds[-1]), round(cases / seconds[0])],
        "peak_rss_mib": round(max(r[1] for r in results), 1),
        "exit_codes": sorted({r[2] for r in results}),
    }


def profile(path: pathlib.Path) -> str:
    from adoption_rules.api import evaluate_records
    from adoption_rules.io.output import write_jsonl
    from adoption_rules.io.records import read_records

    sink = io.StringIO()
    prof = cProfile.Profile()
    with path.open() as stream:
        prof.enable()
        write_jsonl(evaluate_records(read_records(stream), dt.date.fromisoformat(AS_OF)), sink)
        prof.disable()
    text = io.StringIO()
    pstats.Stats(prof, stream=text).sort_stats("cumulative").print_stats(18)
    return text.getvalue()


def _spread(name: str, seconds: list[float], per: int, unit: str) -> str:
    ordered = sorted(seconds)
    scale = 1e6 / per
    return (
        f"  {name:>52}: {statistics.median(ordered) * scale:7.2f} {unit} "
        f"({ordered[0] * scale:.2f}-{ordered[-1] * scale:.2f}, {len(ordered)} rounds)"
    )


def wire(path: pathlib.Path, rounds: int) -> None:
    """Written-out wire-format hooks against cattrs' own, interleaved in one process."""
    import timeit

    from adoption_rules.api import evaluate_many
    from adoption_rules.core.model import Obligation, StartsFrom, Status
    from adoption_rules.io import converter as conv_module
    from adoption_rules.io import jsontext
    from adoption_rules.io.jsonio import _std_dumps

    data = [json.loads(line) for line in path.read_text().splitlines()]
    written = conv_module._make_converter(written_out=True)
    generated = conv_module._make_converter(written_out=False)
    results = evaluate_many(data, dt.date.fromisoformat(AS_OF))
    n = len(data)
    start = StartsFrom("initial_visit", dt.date(2026, 1, 5))
    due = dt.date(2026, 3, 2)

    def positional() -> Obligation:
        return Obligation(
            "k", due, Status.PENDING, start, "40 working days", "r", "c", "p", None, False, 1
        )

    def keyword() -> Obligation:
        return Obligation(
            kind="k",
            due=due,
            status=Status.PENDING,
            starts_from=start,
            period="40 working days",
            rule="r",
            citation="c",
            decided_by="p",
            done_on=None,
            provisional=False,
            occurrence=1,
        )

    def clock(fn: Any) -> float:
        began = time.perf_counter()
        fn()
        return time.perf_counter() - began

    trials: dict[str, tuple[Any, int, str]] = {
        "Result out, written-out hooks": (
            lambda: [written.unstructure(r) for r in results],
            n,
            "us/case",
        ),
        "Result out, cattrs' generated hooks": (
            lambda: [generated.unstructure(r) for r in results],
            n,
            "us/case",
        ),
        "Result text, jsontext writer (stdlib backend)": (
            lambda: [jsontext.result_json(r) for r in results],
            n,
            "us/case",
        ),
        "Result text, json.dumps(unstructure) (stdlib)": (
            lambda: [_std_dumps(written.unstructure(r)) for r in results],
            n,
            "us/case",
        ),
        "Obligation(...) positional x100k": (
            lambda: timeit.timeit(positional, number=100_000),
            100_000,
            "us/call",
        ),
        "Obligation(...) keyword x100k": (
            lambda: timeit.timeit(keyword, number=100_000),
            100_000,
            "us/call",
        ),
    }
    seconds: dict[str, list[float]] = {name: [] for name in trials}
    names = list(trials)
    for i in range(rounds):
        # Interleaved, and the order reversed every other round.
        for name in names if i % 2 == 0 else reversed(names):
            seconds[name].append(clock(trials[name][0]))
    print(f"Wire format, {n:,} cases, as of {AS_OF}; load average {os.getloadavg()}")
    print("(median of the rounds, fastest-slowest in brackets)\n")
    for name, (_, per, unit) in trials.items():
        print(_spread(name, seconds[name], per, unit))
    print("\nPaired, round by round (written-out or positional time / the other's):\n")
    for first, second in zip(names[::2], names[1::2], strict=True):
        ratios = sorted(a / b for a, b in zip(seconds[first], seconds[second], strict=True))
        print(
            f"  {first.split(',')[0]:>52}: median {statistics.median(ratios):.3f} "
            f"({ratios[0]:.3f}-{ratios[-1]:.3f})"
        )


def _backends(choice: str) -> list[str]:
    if choice != "both":
        return [choice]
    try:
        import orjson  # noqa: F401
    except ImportError:
        print("orjson is not installed (pip install 'adoption-rules[fast]'): json only\n")
        return ["json"]
    return ["orjson", "json"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (median)")
    parser.add_argument("--full", action="store_true", help="also 1,000,000 cases (memory)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--regions", default=",".join(REGIONS))
    parser.add_argument("--wire", action="store_true", help="the wire-format hooks only")
    parser.add_argument(
        "--json-backend",
        choices=("orjson", "json", "both"),
        default="both",
        help="orjson (the 'fast' extra, used when installed), the standard library, or both",
    )
    args = parser.parse_args()
    regions = args.regions.split(",")
    if args.wire:
        with tempfile.TemporaryDirectory() as tmp:
            small = pathlib.Path(tmp) / "10k.jsonl"
            write_caseload(small, min(args.cases, 10_000), regions)
            wire(small, args.repeat)
        return 0
    backends = _backends(args.json_backend)
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        small = pathlib.Path(tmp) / "10k.jsonl"
        write_caseload(small, 10_000, regions)
        main_file = pathlib.Path(tmp) / "main.jsonl"
        write_caseload(main_file, args.cases, regions)
        for backend in backends:
            figures[f"{args.cases:,} cases, {backend}"] = timed(
                main_file, args.cases, args.repeat, backend=backend
            )
        if args.full:
            big = pathlib.Path(tmp) / "1m.jsonl"
            write_caseload(big, 1_000_000, regions)
            for flag in ((), ("--no-duplicate-check",)):
                figures[" ".join(("1,000,000 cases", backends[0], *flag))] = timed(
                    big, 1_000_000, 1, *flag, backend=backends[0]
                )
            figures[f"{args.cases:,} cases, {backends[0]} --no-duplicate-check"] = timed(
                main_file, args.cases, 1, "--no-duplicate-check", backend=backends[0]
            )
        prof = profile(small)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"adoption-rules evaluate, JSON Lines in, JSON Lines to a file, as of {AS_OF}")
    print(
        f"(one process; target {TARGET_CASES_PER_SECOND:,} cases/s; ~12 events a case; "
        f"regions {regions}; median of the runs shown, fastest and slowest in brackets)\n"
    )
    for name, fig in figures.items():
        verdict = "PASS" if fig["cases_per_second"] >= TARGET_CASES_PER_SECOND else "MISS"
        low, high = fig["cases_per_second_range"]
        print(
            f"  {name:>46}: {fig['seconds']:7.2f} s  {fig['cases_per_second']:>7,} cases/s "
            f"({low:,}-{high:,}, {fig['runs']} runs)  peak RSS {fig['peak_rss_mib']:6.1f} MiB  "
            f"exit {fig['exit_codes']}  {verdict}"
        )
    print("\nWhere the time goes (10,000 cases, cProfile, cumulative):\n")
    print(prof)
    return 0


if __name__ == "__main__":
    sys.exit(main())
