"""Benchmark the working-day calendar against numpy, holidays and workalendar.

Run: ``python benchmarks/bench_calendar.py`` (``make bench`` installs the
``bench`` extra first).  Options: ``--quick`` for a smaller, faster run;
``--json`` to print the figures as JSON instead of a table.

What is measured (all on the machine it runs on, nothing is cached between runs):

1. one scalar ``add_working_days`` call, in process, with ``timeit``;
2. ``add_working_days_batch`` on random (start, n) pairs against
   ``numpy.busday_offset(..., roll="backward")`` with a prebuilt
   ``numpy.busdaycalendar``; the results must be identical;
3. the same pairs through ``holidays``' ``get_nth_working_day`` and
   ``workalendar``'s ``UnitedKingdom().add_working_days``, counting where
   they disagree with ``adoption_rules``;
4. ``import adoption_rules`` and the first ``england_calendar()`` build, each
   in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import numpy as np
import numpy.typing as npt

from adoption_rules import MAX_DATE, MIN_DATE, england_calendar

SCALAR_TARGET_NS = 300.0
IMPORT_TARGET_MS = 150.0
BUILD_TARGET_MS = 20.0
SEED = 20240501
FIRST_START = dt.date(2015, 1, 1)
LAST_START = dt.date(2030, 12, 31)
MAX_N = 60


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def _status(measured: float, target: float) -> str:
    return "PASS" if measured <= target else "MISS"


# -- 1. one scalar call ------------------------------------------------------------


def bench_scalar(quick: bool) -> dict[str, Any]:
    cal = england_calendar()
    add = cal.add_working_days
    start = dt.date(2024, 3, 28)  # Maundy Thursday: Easter inside the 10 working days
    number = 50_000 if quick else 200_000
    repeats = 5 if quick else 9
    add(start, 10)
    times = timeit.repeat(lambda: add(start, 10), number=number, repeat=repeats)
    per_call = [t / number * 1e9 for t in times]
    best = min(per_call)
    return {
        "call": "england_calendar().add_working_days(date(2024, 3, 28), 10)",
        "number": number,
        "repeats": repeats,
        "best_ns": best,
        "median_ns": statistics.median(per_call),
        "target_ns": SCALAR_TARGET_NS,
        "status": _status(best, SCALAR_TARGET_NS),
    }


# -- 2-3. random pairs: batch, numpy, holidays, workalendar ---------------------------


def random_pairs(size: int) -> tuple[npt.NDArray[np.datetime64], npt.NDArray[np.int64]]:
    rng = np.random.default_rng(SEED)
    lo = FIRST_START.toordinal()
    hi = LAST_START.toordinal()
    ordinals = rng.integers(lo, hi + 1, size=size)
    epoch = dt.date(1970, 1, 1).toordinal()
    starts = (ordinals - epoch).astype("datetime64[D]")
    ns = rng.integers(0, MAX_N + 1, size=size).astype(np.int64)
    return starts, ns


def _best_of(func: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best and median wall time of ``func()`` in seconds, after one warm-up call."""
    func()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def bench_batch(
    starts: npt.NDArray[np.datetime64], ns: npt.NDArray[np.int64], quick: bool
) -> dict[str, Any]:
    import holidays

    cal = england_calendar()
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(1990, 2100))
    busdaycal = np.busdaycalendar(
        weekmask="1111100", holidays=np.array(sorted(table), dtype="datetime64[D]")
    )
    repeats = 5 if quick else 15

    def ours() -> npt.NDArray[np.datetime64]:
        return cal.add_working_days_batch(starts, ns)

    def theirs() -> npt.NDArray[np.datetime64]:
        return np.busday_offset(starts, ns, roll="backward", busdaycal=busdaycal)

    ours_best, ours_median = _best_of(ours, repeats)
    numpy_best, numpy_median = _best_of(theirs, repeats)
    got, expected = ours(), theirs()
    # Convention 3: n == 0 returns the start itself; roll="backward" returns the
    # previous working day when the start is not one.  For n >= 1 they must agree.
    positive = ns > 0
    raw_differences = int(np.count_nonzero(got != expected))
    expected_conv = np.where(positive, expected, starts)
    mismatches = int(np.count_nonzero(got != expected_conv))
    return {
        "pairs": int(starts.size),
        "repeats": repeats,
        "ours_best_ms": ours_best * 1e3,
        "ours_median_ms": ours_median * 1e3,
        "numpy_best_ms": numpy_best * 1e3,
        "numpy_median_ms": numpy_median * 1e3,
        "ours_ns_per_pair": ours_best / starts.size * 1e9,
        "numpy_ns_per_pair": numpy_best / starts.size * 1e9,
        "numpy_over_ours": numpy_best / ours_best,
        "status": _status(ours_best, numpy_best),
        "identical": mismatches == 0,
        "mismatches": mismatches,
        "n0_nonworking_start_differences": raw_differences - mismatches,
    }


def _as_dates(arr: npt.NDArray[np.datetime64]) -> list[dt.date]:
    return [d for d in arr.astype(object)]


def _time_per_call(
    func: Callable[[dt.date, int], dt.date], pairs: Sequence[tuple[dt.date, int]]
) -> tuple[float, list[dt.date]]:
    t0 = time.perf_counter()
    results = [func(s, n) for s, n in pairs]
    return (time.perf_counter() - t0) / len(pairs), results


def bench_other_libraries(
    starts: npt.NDArray[np.datetime64], ns: npt.NDArray[np.int64], subset: int
) -> dict[str, Any]:
    import holidays

    cal = england_calendar()
    pairs = list(zip(_as_dates(starts[:subset]), [int(n) for n in ns[:subset]], strict=True))
    ours_call, ours = _time_per_call(cal.add_working_days, pairs)
    out: dict[str, Any] = {"pairs": len(pairs), "ours_us_per_call": ours_call * 1e6}

    # holidays: get_nth_working_day(d, n) steps n working days forward (n >= 1 is
    # convention 3); for n == 0 it returns the next working day when d is not one.
    table = holidays.country_holidays("GB", subdiv="ENG", years=range(2014, 2035))
    table.get_nth_working_day(FIRST_START, 1)
    hol_call, hol = _time_per_call(table.get_nth_working_day, pairs)
    hol_diff = [(p, a, b) for p, a, b in zip(pairs, ours, hol, strict=True) if a != b]
    out["holidays"] = {
        "version": _package_version("holidays"),
        "call": 'country_holidays("GB", subdiv="ENG").get_nth_working_day(d, n)',
        "us_per_call": hol_call * 1e6,
        "slower_than_ours": hol_call / ours_call,
        "disagreements": len(hol_diff),
        "disagreements_n_ge_1": sum(1 for (_, n), _, _ in hol_diff if n >= 1),
        "examples": [
            {"start": s.isoformat(), "n": n, "ours": a.isoformat(), "theirs": b.isoformat()}
            for (s, n), a, b in hol_diff[:3]
        ],
    }

    try:
        from workalendar.europe import UnitedKingdom
    except ImportError:
        out["workalendar"] = {"version": "not installed (pip install -e '.[bench]')"}
        return out
    uk = UnitedKingdom()
    uk.add_working_days(FIRST_START, 1)
    wk_call, wk = _time_per_call(uk.add_working_days, pairs)
    wk_diff = [(p, a, b) for p, a, b in zip(pairs, ours, wk, strict=True) if a != b]
    # Which days the two calendars classify differently, over the whole supported range.
    day = MIN_DATE
    last = MAX_DATE
    wrong_days: list[dict[str, str]] = []
    while day <= last:
        if cal.is_working_day(day) != uk.is_working_day(day):
            wrong_days.append(
                {
                    "date": day.isoformat(),
                    "ours": cal.bank_holiday_name(day) or "working day",
                    "workalendar": "working day" if uk.is_working_day(day) else "holiday",
                }
            )
        day += dt.timedelta(days=1)
    out["workalendar"] = {
        "version": _package_version("workalendar"),
        "call": "workalendar.europe.UnitedKingdom().add_working_days(d, n)",
        "us_per_call": wk_call * 1e6,
        "slower_than_ours": wk_call / ours_call,
        "disagreements": len(wk_diff),
        "examples": [
            {"start": s.isoformat(), "n": n, "ours": a.isoformat(), "theirs": b.isoformat()}
            for (s, n), a, b in wk_diff[:5]
        ],
        "days_classified_differently": wrong_days,
    }
    return out


# -- 4. fresh processes ------------------------------------------------------------------

_BUILD_SNIPPET = """
import time
t0 = time.perf_counter()
import adoption_rules
t1 = time.perf_counter()
adoption_rules.england_calendar()
t2 = time.perf_counter()
print((t1 - t0) * 1e3, (t2 - t1) * 1e3)
"""


def _wall_ms(args: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return (time.perf_counter() - t0) * 1e3


def bench_fresh_processes(runs: int) -> dict[str, Any]:
    python = sys.executable
    _wall_ms([python, "-c", "import adoption_rules"])  # warm the OS file cache
    bare = [_wall_ms([python, "-c", "pass"]) for _ in range(runs)]
    imports = [_wall_ms([python, "-c", "import adoption_rules"]) for _ in range(runs)]
    inside_import: list[float] = []
    builds: list[float] = []
    for _ in range(runs):
        done = subprocess.run(
            [python, "-c", _BUILD_SNIPPET], check=True, capture_output=True, text=True
        )
        imp, build = (float(x) for x in done.stdout.split())
        inside_import.append(imp)
        builds.append(build)
    return {
        "runs": runs,
        "bare_python_best_ms": min(bare),
        "bare_python_median_ms": statistics.median(bare),
        "import_process_best_ms": min(imports),
        "import_process_median_ms": statistics.median(imports),
        "import_inside_best_ms": min(inside_import),
        "import_inside_median_ms": statistics.median(inside_import),
        "import_target_ms": IMPORT_TARGET_MS,
        "import_status": _status(statistics.median(imports), IMPORT_TARGET_MS),
        "build_best_ms": min(builds),
        "build_median_ms": statistics.median(builds),
        "build_target_ms": BUILD_TARGET_MS,
        "build_status": _status(statistics.median(builds), BUILD_TARGET_MS),
    }


# -- output ------------------------------------------------------------------------------------


def _table(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("measure", "measured", "target", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(header, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def print_report(figures: dict[str, Any]) -> None:
    env = figures["environment"]
    print(
        f"adoption-rules calendar benchmark ({'quick' if figures['quick'] else 'full'} run)\n"
        f"Python {env['python']} on {env['machine']}, {env['cpus']} CPUs; "
        f"numpy {env['numpy']}, holidays {env['holidays']}, workalendar {env['workalendar']}\n"
    )
    s, b, o, p = figures["scalar"], figures["batch"], figures["others"], figures["processes"]
    rows = [
        (
            "scalar add_working_days, best",
            f"{s['best_ns']:.0f} ns/call (median {s['median_ns']:.0f})",
            f"<= {s['target_ns']:.0f} ns",
            s["status"],
        ),
        (
            f"batch of {b['pairs']:,}: add_working_days_batch, best",
            f"{b['ours_best_ms']:.2f} ms (median {b['ours_median_ms']:.2f})",
            "<= numpy",
            b["status"],
        ),
        (
            f"batch of {b['pairs']:,}: numpy.busday_offset, best",
            f"{b['numpy_best_ms']:.2f} ms (median {b['numpy_median_ms']:.2f})",
            "",
            f"numpy/ours = {b['numpy_over_ours']:.2f}x",
        ),
        (
            f"scalar loop over {o['pairs']:,} pairs: ours",
            f"{o['ours_us_per_call']:.2f} us/call",
            "",
            "",
        ),
        (
            f"  holidays get_nth_working_day ({o['pairs']:,} pairs)",
            f"{o['holidays']['us_per_call']:.1f} us/call",
            "",
            f"{o['holidays']['slower_than_ours']:.0f}x slower",
        ),
    ]
    wk = o["workalendar"]
    if "us_per_call" in wk:
        rows.append(
            (
                f"  workalendar UnitedKingdom ({o['pairs']:,} pairs)",
                f"{wk['us_per_call']:.1f} us/call",
                "",
                f"{wk['slower_than_ours']:.0f}x slower",
            )
        )
    rows += [
        (
            f"python -c 'import adoption_rules', median of {p['runs']}",
            f"{p['import_process_median_ms']:.1f} ms (best {p['import_process_best_ms']:.1f})",
            f"<= {p['import_target_ms']:.0f} ms",
            p["import_status"],
        ),
        (
            "  of which bare interpreter (python -c pass)",
            f"{p['bare_python_median_ms']:.1f} ms (best {p['bare_python_best_ms']:.1f})",
            "",
            "",
        ),
        (
            "  import timed inside the process",
            f"{p['import_inside_median_ms']:.1f} ms (best {p['import_inside_best_ms']:.1f})",
            "",
            "",
        ),
        (
            f"first england_calendar() build, median of {p['runs']}",
            f"{p['build_median_ms']:.1f} ms (best {p['build_best_ms']:.1f})",
            f"<= {p['build_target_ms']:.0f} ms",
            p["build_status"],
        ),
    ]
    print(_table(rows))
    print()
    if b["identical"]:
        print(
            f"batch results identical to numpy on all {b['pairs']:,} pairs "
            f"(n = 0 maps to the start; raw roll='backward' differs on "
            f"{b['n0_nonworking_start_differences']:,} pairs with n = 0 and a non-working start)"
        )
    else:
        print(f"BATCH MISMATCH: {b['mismatches']:,} pairs differ from numpy")
    h = o["holidays"]
    print(
        f"holidays disagrees on {h['disagreements']:,} of {o['pairs']:,} pairs, "
        f"{h['disagreements_n_ge_1']} of them with n >= 1 "
        "(its n = 0 moves a non-working start on to the next working day)"
    )
    if "us_per_call" in wk:
        print(f"workalendar disagrees on {wk['disagreements']:,} of {o['pairs']:,} pairs, e.g.")
        for e in wk["examples"]:
            print(f"  {e['start']} + {e['n']}: ours {e['ours']}, workalendar {e['theirs']}")
        print(f"days the two calendars classify differently, {MIN_DATE} to {MAX_DATE}:")
        for d in wk["days_classified_differently"]:
            print(f"  {d['date']}: ours {d['ours']}; workalendar {d['workalendar']}")
    else:
        print(f"workalendar: {wk['version']}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="smaller, faster run")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    quick: bool = args.quick

    size = 20_000 if quick else 100_000
    subset = 2_000 if quick else size
    starts, ns = random_pairs(size)
    figures: dict[str, Any] = {
        "quick": quick,
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "numpy": np.__version__,
            "holidays": _package_version("holidays"),
            "workalendar": _package_version("workalendar"),
            "adoption_rules": _package_version("adoption-rules"),
        },
        "pairs": {
            "seed": SEED,
            "starts": f"{FIRST_START} to {LAST_START}",
            "n": f"0 to {MAX_N}",
            "size": size,
        },
        "scalar": bench_scalar(quick),
        "batch": bench_batch(starts, ns, quick),
        "others": bench_other_libraries(starts, ns, subset),
        "processes": bench_fresh_processes(5 if quick else 10),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_report(figures)
    return 0 if figures["batch"]["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
