"""Benchmark: what ``summary --jobs`` and ``report --jobs`` workers send back.

With ``--jobs``, a worker pickles what the render gives for each case and the
parent unpickles it; on two cores the parent is the bottleneck.  ``summary``
needs only a few facts per obligation, so its workers send back
:func:`adoption_rules.analysis.summary.case_facts` (a tuple of small tuples)
rather than the whole :class:`~adoption_rules.core.model.Result`, and the
report's send back only what it takes of each case.  This script measures
both ways for each command, against one process:

* ``summary-1``: ``--jobs 1`` (no worker);
* ``summary-facts``: ``--jobs 2``, workers send back the facts (what the command does);
* ``summary-results``: ``--jobs 2``, workers send back pickled results;
* ``report-1``: what ``report`` does with ``--jobs 1``: the HTML and the worklist CSV;
* ``report-facts``: ``--jobs 2``, workers send back what the report takes of each case
  (:class:`adoption_rules.analysis.report.CaseReport`: counts, worklist lines as CSV
  text, and pickled only the rows and results the report may keep), as the command does;
* ``report-results``: ``--jobs 2``, workers send back pickled results.

Each run is a fresh process, the variants interleaved; each prints its wall
time (after its imports, the same in every variant), its own CPU time (the
parent's) and its children's (the workers', ``getrusage(RUSAGE_CHILDREN)``);
this script adds each run's whole CPU time as its child.  Medians and
ranges, and the load average before every run (the machine is shared).  The
summaries of every variant are checked to be the same, and so are the
reports (HTML and worklist).

Run: ``python benchmarks/bench_jobs_render.py [--cases N] [--repeat N] [--by region,kind]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from bench_engine import AS_OF, REGIONS, write_caseload

VARIANTS = (
    "summary-1",
    "summary-facts",
    "summary-results",
    "report-1",
    "report-facts",
    "report-results",
)


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def child(variant: str, path: str, by: tuple[str, ...], out_dir: str) -> None:
    """One run in this (fresh) process; prints JSON: wall, own CPU, workers' CPU, summary."""
    import datetime as dt

    from adoption_rules.analysis.report import ReportBuilder
    from adoption_rules.analysis.summary import FactsOf, Summariser
    from adoption_rules.api import evaluate_rendered
    from adoption_rules.cli.evaluate import as_is
    from adoption_rules.io.records import open_input, read_records

    as_of = dt.date.fromisoformat(AS_OF)
    jobs = 1 if variant.endswith("-1") else 2
    start = time.perf_counter()
    summary = None
    with open_input(path) as stream:
        records = read_records(stream, decode=jobs == 1)
        if variant.startswith("summary"):
            summariser = Summariser(as_of, by)
            if variant == "summary-results":
                for item in evaluate_rendered(records, as_of, as_is, jobs=jobs):
                    summariser.add(item)
            else:
                for facts in evaluate_rendered(records, as_of, FactsOf(by), jobs=jobs):
                    summariser.add_facts(facts)
            summary = summariser.summary().as_json()
        else:  # what `report` does, writing its HTML and worklist to a folder of its own
            folder = pathlib.Path(out_dir, variant)
            folder.mkdir(exist_ok=True)
            builder = ReportBuilder(as_of, source="cases.jsonl")
            with (folder / "report.worklist.csv").open("w", encoding="utf-8", newline="") as out:
                builder.start_worklist_csv(out)
                if variant == "report-results":
                    for item in evaluate_rendered(records, as_of, as_is, jobs=jobs):
                        builder.add(item)
                else:
                    render = builder.facts(pickled=jobs != 1)
                    for case in evaluate_rendered(records, as_of, render, jobs=jobs):
                        builder.add_case(case)
            html = builder.render(worklist_name="report.worklist.csv")
            (folder / "report.html").write_text(html, encoding="utf-8")
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall": wall,
                "parent_cpu": own.ru_utime + own.ru_stime,
                "workers_cpu": kids.ru_utime + kids.ru_stime,
                "summary": summary,
            }
        )
    )


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--by", default="", help="summary groups, as for summary --by")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    by = tuple(name for name in args.by.split(",") if name)
    if args.child:
        child(args.child[0], args.child[1], by, args.child[2])
        return
    with tempfile.TemporaryDirectory() as folder:
        path = pathlib.Path(folder) / "cases.jsonl"
        write_caseload(path, args.cases, REGIONS)
        print(f"{args.cases:,} cases; summary by {by or '(nothing)'}; {os.cpu_count()} cores")
        runs: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        summaries = set()
        for n in range(args.repeat):
            for variant in VARIANTS:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                print(f"  run {n + 1} {variant:16} {load()}", end="", flush=True)
                done = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--by",
                        args.by,
                        "--child",
                        variant,
                        str(path),
                        folder,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                data = json.loads(done.stdout)
                data["all_cpu"] = (after.ru_utime + after.ru_stime) - (
                    before.ru_utime + before.ru_stime
                )
                print(f"  wall {data['wall']:.2f} s, cpu {data['all_cpu']:.2f} s")
                if data["summary"] is not None:
                    summaries.add(json.dumps(data.pop("summary"), sort_keys=True))
                runs[variant].append(data)
        assert len(summaries) == 1, "the summaries differ"
        for name in ("report.html", "report.worklist.csv"):
            made = {p.read_bytes() for p in pathlib.Path(folder).glob(f"report-*/{name}")}
            assert len(made) == 1, f"the reports' {name} differ"
        print(f"\n{args.repeat} interleaved runs each; median (range), seconds; {load()}")
        print(f"{'variant':16} {'wall':>20} {'parent CPU':>20} {'workers CPU':>20} {'all CPU':>20}")
        for variant, rows in runs.items():
            cells = [
                _spread([r[key] for r in rows])
                for key in ("wall", "parent_cpu", "workers_cpu", "all_cpu")
            ]
            print(f"{variant:16} " + " ".join(f"{c:>20}" for c in cells))


if __name__ == "__main__":
    main()
