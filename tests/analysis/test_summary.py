"""The timeliness summary agrees with counts computed independently from `evaluate` output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from long_export import CASELOAD

from adoption_rules.analysis.summary import (
    Summariser,
    _median,
    _percentile,
    quarter_of,
    safe_cell,
    summarise,
    summary_dataframe,
    write_summary_csv,
)
from adoption_rules.api import evaluate_many
from adoption_rules.cli import main
from adoption_rules.plugins.registry import Registry

AS_OF = "2026-11-23"


@pytest.fixture(scope="module")
def evaluated() -> list[dict[str, Any]]:
    """The bundled caseload through the `evaluate` command, as the contract's JSON."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "adoption_rules.cli",
            "evaluate",
            str(CASELOAD),
            "--as-of",
            AS_OF,
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    data: list[dict[str, Any]] = json.loads(out.stdout)
    return data


def _summary_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    code = main(["summary", str(CASELOAD), "--as-of", AS_OF, "--format", "json", *args])
    assert code == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def _independent(results: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Per group: status counts, on-time rate, days late, ageing, from the JSON alone."""
    as_of = dt.date.fromisoformat(AS_OF)
    groups: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"status": Counter(), "late": [], "ageing": Counter(), "on_time": 0, "due": 0}
    )
    for r in results:
        for ob in r["obligations"]:
            if key == "region":
                name = r["region"]
            elif key == "responsible_authority":
                name = r["responsible_authority"] or "(none)"
            elif key == "kind":
                name = ob["kind"]
            else:
                due = ob["due"]
                name = "no due date" if due is None else f"{due[:4]}-Q{(int(due[5:7]) + 2) // 3}"
            g = groups[name]
            g["status"][ob["status"]] += 1
            if ob["due"] is None:
                continue
            due_day = dt.date.fromisoformat(ob["due"])
            if ob["status"] in ("met", "met_late", "overdue"):
                g["due"] += 1
            if ob["status"] == "met":
                g["on_time"] += 1
            if ob["status"] == "met_late":
                g["late"].append((dt.date.fromisoformat(ob["done_on"]) - due_day).days)
            if ob["status"] == "overdue":
                days = (as_of - due_day).days
                g["late"].append(days)
                band = (
                    "1-7"
                    if days <= 7
                    else "8-30"
                    if days <= 30
                    else "31-90"
                    if days <= 90
                    else "over_90"
                )
                g["ageing"][band] += 1
    return groups


@pytest.mark.parametrize("key", ["region", "responsible_authority", "kind", "quarter"])
def test_summary_figures_agree_with_evaluate_output(
    evaluated: list[dict[str, Any]], key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _independent(evaluated, key)
    summary = _summary_json(capsys, "--by", key)
    assert summary["by"] == [key]
    assert {g[key] for g in summary["groups"]} == set(expected)
    for group in summary["groups"]:
        e = expected[group[key]]
        assert group["status"] == {
            s: e["status"].get(s, 0)
            for s in ("met", "met_late", "pending", "overdue", "cancelled", "open", "closed")
        }
        assert group["obligations"] == sum(e["status"].values())
        assert group["fallen_due"] == e["due"]
        if e["due"]:
            assert group["on_time_rate"] == pytest.approx(e["on_time"] / e["due"], abs=1e-4)
        else:
            assert group["on_time_rate"] is None
        late = sorted(e["late"])
        if late:
            assert group["median_days_late"] == statistics.median(late)
            assert group["p90_days_late"] == late[math.ceil(0.9 * len(late)) - 1]
        else:
            assert group["median_days_late"] is None and group["p90_days_late"] is None
        assert group["overdue_ageing"] == {
            b: e["ageing"].get(b, 0) for b in ("1-7", "8-30", "31-90", "over_90")
        }


def test_total_and_case_counts(
    evaluated: list[dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    summary = _summary_json(capsys)
    assert summary["groups"] == []
    assert summary["cases"] == len(evaluated) == 50
    assert summary["errors"] == 0
    assert summary["warnings"] == sum(len(r["warnings"]) for r in evaluated)
    statuses = Counter(ob["status"] for r in evaluated for ob in r["obligations"])
    assert summary["total"]["status"] == {s: statuses.get(s, 0) for s in summary["total"]["status"]}
    assert summary["total"]["status"]["overdue"] > 0  # the example has overdue work to count


def test_two_groupings_partition_the_total(registry: Registry) -> None:
    cases = [json.loads(line) for line in CASELOAD.read_text(encoding="utf-8").splitlines()]
    results = evaluate_many(cases, dt.date.fromisoformat(AS_OF), registry=registry)
    summary = summarise(results, dt.date.fromisoformat(AS_OF), ["region", "kind"])
    assert sum(g.obligations for g in summary.groups) == summary.total.obligations
    assert len({g.key for g in summary.groups}) == len(summary.groups)
    frame = summary_dataframe(summary)
    assert list(frame.columns[:3]) == ["region", "kind", "obligations"]
    assert int(frame["overdue"].sum()) == summary.total.status["overdue"]
    assert frame["on_time_rate"].dtype == "float64"


def test_csv_neutralises_formula_cells() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("@x") == "'@x"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("stoke-on-trent") == "stoke-on-trent"
    summariser = Summariser(dt.date(2026, 11, 23), ["responsible_authority"])
    out = io.StringIO()
    write_summary_csv(summariser.summary(), out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:2] == ["responsible_authority", "obligations"]
    assert rows[-1][0] == "all"


def test_unknown_grouping_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot group by 'colour'"):
        Summariser(dt.date(2026, 1, 1), ["colour"])


def test_summary_command_rejects_a_bad_group_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["summary", str(CASELOAD), "--by", "region,colour"])
    assert info.value.code == 2
    assert "cannot group by 'colour'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("day", "quarter"),
    [
        (dt.date(2026, 1, 1), "2026-Q1"),
        (dt.date(2026, 3, 31), "2026-Q1"),
        (dt.date(2026, 4, 1), "2026-Q2"),
        (dt.date(2026, 9, 30), "2026-Q3"),
        (dt.date(2026, 12, 31), "2026-Q4"),
        (None, "no due date"),
    ],
)
def test_quarter_of(day: dt.date | None, quarter: str) -> None:
    assert quarter_of(day) == quarter


@given(st.lists(st.integers(0, 2000), min_size=1, max_size=200))
def test_histogram_median_and_p90_match_the_sorted_list(values: list[int]) -> None:
    hist = Counter(values)
    ordered = sorted(values)
    assert _median(hist) == statistics.median(ordered)
    assert _percentile(hist, 0.9) == ordered[math.ceil(0.9 * len(ordered)) - 1]


def test_summary_table_lists_every_group(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(CASELOAD), "--as-of", AS_OF, "--by", "region"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("50 cases as of 2026-11-23")
    for region in ("together4children", "adoption_at_heart", "adoption_west", "leicestershire"):
        assert any(line.startswith(region) for line in lines)
    assert lines[-1].startswith("all")
