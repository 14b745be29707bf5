"""The caseload report, the timeline, and the commands that write them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import pickle
import re
from pathlib import Path
from typing import Any

import attrs
import pytest
from long_export import CASELOAD, SECRET, load_cases, write_long_csv

from adoption_rules.analysis.report import WORKLIST_COLUMNS, ReportBuilder, render_report
from adoption_rules.api import evaluate_many
from adoption_rules.cli import main
from adoption_rules.core.model import CaseWarning, Result, Status
from adoption_rules.core.timeline import timeline_svg
from adoption_rules.notebook import (
    DATAFRAME_COLUMNS,
    WARNING_COLUMNS,
    caseload_html,
    result_html,
    to_dataframe,
    warnings_dataframe,
)

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def results() -> list[Result]:
    from adoption_rules.plugins.registry import load_registry

    out = evaluate_many(load_cases(), AS_OF, registry=load_registry(installed=False))
    return [r for r in out if isinstance(r, Result)]


def _overdue(results: list[Result]) -> list[tuple[str, str]]:
    return [
        (r.case_id, ob.kind) for r in results for ob in r.obligations if ob.status is Status.OVERDUE
    ]


# -- the report ------------------------------------------------------------------


def test_report_is_self_contained_and_has_every_section(results: list[Result]) -> None:
    page = render_report(results, AS_OF, source="caseload.jsonl")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    # No network: nothing is loaded from anywhere (the only URL is SVG's namespace).
    assert set(re.findall(r"https?://[^\s\"']+", page)) == {"http://www.w3.org/2000/svg"}
    for section in ("status", "by-kind", "by-quarter", "ageing", "by-authority", "overdue"):
        assert f'<h2 id="{section}">' in page
    assert page.count('<svg class="chart"') == 3
    assert '<svg class="timeline"' in page
    overdue = _overdue(results)
    assert f"Worklist: overdue ({len(overdue)})" in page
    # Every overdue obligation is a row, with its rule and citation a click away.
    rows = re.findall(r'<table class="worklist">.*?</table>', page, re.S)[0]
    assert rows.count("<tr>") == len(overdue) + 1
    assert rows.count("<details>") == len(overdue)
    assert "Together4Children" in rows or "together4children" in rows


def test_report_headline_matches_the_results(results: list[Result]) -> None:
    page = render_report(results, AS_OF)
    headline = dict(
        (label, value) for value, label in re.findall(r"<li><b>([^<]+)</b>([^<]+)</li>", page)
    )
    assert headline["cases"] == str(len(results))
    assert headline["obligations"] == str(sum(len(r.obligations) for r in results))
    assert headline["overdue"] == str(len(_overdue(results)))
    assert headline["cases with warnings"] == str(sum(1 for r in results if r.warnings))


def test_worklists_are_capped_and_the_csv_has_every_row(results: list[Result]) -> None:
    builder = ReportBuilder(AS_OF, worklist_cap=5)
    out = io.StringIO()
    builder.start_worklist_csv(out)
    for r in results:
        builder.add(r)
    page = builder.render(worklist_name="work.csv")
    overdue = _overdue(results)
    assert len(overdue) > 5
    assert f"Showing the 5 most urgent of {len(overdue)}; every row is in work.csv." in page
    kept = builder.worklist("overdue")
    days = [row.days for row in kept]
    all_days = sorted(
        (
            (AS_OF - ob.due).days
            for r in results
            for ob in r.obligations
            if ob.status is Status.OVERDUE and ob.due is not None
        ),
        reverse=True,
    )
    assert days == all_days[:5]
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(WORKLIST_COLUMNS)
    assert sorted((r["case_id"], r["kind"]) for r in rows if r["list"] == "overdue") == sorted(
        overdue
    )


def test_report_size_stays_bounded_as_the_caseload_grows(results: list[Result]) -> None:
    import attrs

    small = render_report(results, AS_OF)
    many = [attrs.evolve(r, case_id=f"{r.case_id}-{n}") for n in range(40) for r in results]
    large = render_report(many, AS_OF)
    assert f"<b>{len(many):,}</b>cases" in large
    # 40 times the cases; the page grows by the capped worklists only.
    assert len(large) < 4 * len(small)
    assert len(large.encode()) < 1_000_000


def test_report_command_writes_html_and_worklist_csv(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code = main(["report", str(CASELOAD), "--as-of", AS_OF.isoformat(), "-o", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "Caseload report as of 2026-11-23" in page
    worklist = tmp_path / "report.worklist.csv"
    assert worklist.read_text(encoding="utf-8").startswith(",".join(WORKLIST_COLUMNS))


# -- the timeline ----------------------------------------------------------------------


def test_timeline_draws_each_obligation_with_its_status_in_words(results: list[Result]) -> None:
    result = max(results, key=lambda r: len(r.obligations))
    svg = timeline_svg(result, chart_id="t")
    assert svg.startswith('<svg class="timeline" id="t"')
    groups = re.findall(r'<g class="obligation" data-status="(\w+)">', svg)
    assert groups == [ob.status.value for ob in result.obligations]
    assert svg.count('class="done"') == sum(1 for ob in result.obligations if ob.done_on)
    assert svg.count('class="due"') == sum(1 for ob in result.obligations if ob.due)
    assert f"as of {AS_OF.isoformat()}" in svg
    for ob in result.obligations:
        if ob.status is Status.OVERDUE:
            assert ob.due is not None
            assert f"overdue, {(AS_OF - ob.due).days} days" in svg


def test_timeline_escapes_text() -> None:
    from adoption_rules.api import evaluate
    from adoption_rules.io.converter import structure_case

    case = structure_case(
        {
            "case_id": "<b>X</b>",
            "region": "england",
            "events": [{"type": "referral_received", "date": "2026-01-05"}],
        }
    )
    svg = timeline_svg(evaluate(case, AS_OF))
    assert "<b>" not in svg and "&lt;b&gt;X&lt;/b&gt;" in svg


# -- the notebook ------------------------------------------------------------------


def test_result_html_shows_the_timeline(results: list[Result]) -> None:
    result = next(r for r in results if r.obligations)
    assert '<svg class="timeline"' in result_html(result)
    assert '<svg class="timeline"' not in result_html(result, timeline=False)


def test_caseload_html_lists_the_warnings(results: list[Result]) -> None:
    page = caseload_html(results)
    warned = [(r.case_id, w.code) for r in results for w in r.warnings]
    assert warned
    assert f"Warnings ({len(warned)})" in page
    for case_id, code in warned:
        assert f"<li>{case_id}: <code>{code}</code>" in page


def test_dataframe_has_authority_stage_and_citation(results: list[Result]) -> None:
    pd = pytest.importorskip("pandas")
    df = to_dataframe(results)
    for column in ("responsible_authority", "stage", "approval_stage", "citation"):
        assert column in DATAFRAME_COLUMNS and column in df.columns
    by_case = {r.case_id: r for r in results}
    for _, row in df.head(40).iterrows():
        r = by_case[row["case_id"]]
        for column in ("responsible_authority", "stage", "approval_stage"):
            value = row[column]
            assert (None if pd.isna(value) else value) == getattr(r, column)


def test_warnings_dataframe(results: list[Result]) -> None:
    wf = warnings_dataframe(results)
    assert list(wf.columns) == list(WARNING_COLUMNS)
    assert len(wf) == sum(len(r.warnings) for r in results)
    empty = warnings_dataframe([])
    assert list(empty.columns) == list(WARNING_COLUMNS) and len(empty) == 0
    assert str(wf["as_of"].dtype) == "datetime64[ns]"


# -- the commands ---------------------------------------------------------------------


def test_table_output_lists_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(CASELOAD), "--as-of", AS_OF.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "WARNINGS (2)" in out
    assert "  AW-001023: decided_during_representations: " in out


def test_warnings_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "w.csv"
    args = ["evaluate", str(CASELOAD), "--as-of", AS_OF.isoformat(), "--format", "json"]
    assert main([*args, "--warnings-csv", str(path)]) == 0
    results = json.loads(capsys.readouterr().out)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [(r["case_id"], r["code"]) for r in rows] == [
        (r["case_id"], w["code"]) for r in results for w in r["warnings"]
    ]


def test_import_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "events.csv"
    write_long_csv(load_cases(), export)
    out = tmp_path / "cases.jsonl"
    assert main(["import", str(export), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "50 cases written from 246 rows" in err
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50 and SECRET not in "".join(lines)
    cases: list[dict[str, Any]] = [json.loads(line) for line in lines]
    assert {c["case_id"] for c in cases} == {c["case_id"] for c in load_cases()}


def test_import_command_reports_bad_rows_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "events.csv"
    export.write_text(
        "case_id,type,date,region\nC-1,referral_received,01/03/2026,england\n"
        "C-2,referral_received,30/02/2026,england\n",
        encoding="utf-8",
    )
    assert main(["import", str(export)]) == 1
    captured = capsys.readouterr()
    assert json.loads(captured.out)["case_id"] == "C-1"
    assert f"case C-2: {export}, row 3, column 'date': no such date" in captured.err
    assert "30/02/2026" not in captured.err


def test_import_command_missing_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_evaluate_and_explain_read_an_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "events.csv"
    write_long_csv(load_cases(), export)
    assert main(["evaluate", str(export), "--as-of", "2026-11-23", "--format", "json"]) == 0
    from_csv = {r["case_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert main(["evaluate", str(CASELOAD), "--as-of", "2026-11-23", "--format", "json"]) == 0
    from_jsonl = {r["case_id"]: r for r in json.loads(capsys.readouterr().out)}
    assert from_csv == from_jsonl
    assert main(["explain", str(export), "--as-of", "2026-11-23", "--kind", "assessment"]) == 0
    assert "assessment for case" in capsys.readouterr().out


def test_explain_html(capsys: pytest.CaptureFixture[str], results: list[Result]) -> None:
    args = ["explain", str(CASELOAD), "--as-of", "2026-11-23", "--format", "html"]
    assert main(args) == 0
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    with_obligations = [r for r in results if r.obligations]
    assert page.count('<section class="case">') == len(with_obligations)
    assert page.count('<svg class="timeline"') == len(with_obligations)
    assert page.count("<pre>") == sum(len(r.obligations) for r in results)


def test_result_with_a_warning_keeps_it_in_the_timeline_page() -> None:
    from adoption_rules.api import evaluate
    from adoption_rules.io.converter import structure_case

    case = structure_case(
        {
            "case_id": "W-1",
            "region": "england",
            "events": [{"type": "referral_received", "date": "2026-01-05"}],
        }
    )
    import attrs

    result = attrs.evolve(evaluate(case, AS_OF), warnings=(CaseWarning("x_code", "a message"),))
    assert "<code>x_code</code>: a message" in result_html(result)


# -- what workers send back (report --jobs) ----------------------------------------------


def _report(builder: ReportBuilder, cases: list[Any]) -> tuple[str, str]:
    """The report's HTML and worklist CSV, from results (``add``) or what workers sent."""
    out = io.StringIO()
    builder.start_worklist_csv(out)
    for case in cases:
        if isinstance(case, Result):
            builder.add(case)
        else:
            builder.add_case(case)
    return builder.render(worklist_name="w.csv"), out.getvalue()


@pytest.mark.parametrize("order", ["in order", "each worker backwards"])
@pytest.mark.parametrize("tied", [False, True], ids=["caseload", "copies"])
def test_workers_send_only_rows_and_results_the_report_may_keep(
    results: list[Result], order: str, tied: bool
) -> None:
    """Two "workers" (ReportFacts, pickled) share the cases chunk by chunk, in any order;
    the report built from what they send is the one built from the results, though
    many rows and results were never sent.  ``copies``: every row ties with others
    (a tie goes to the row earlier in the input, which a worker may see later)."""
    if tied:
        results = [
            attrs.evolve(r, case_id=f"{r.case_id}-{n}") for n in range(8) for r in results[:6]
        ]
    options: dict[str, Any] = {"worklist_cap": 4, "timeline_cases": 2}
    expected = _report(ReportBuilder(AS_OF, **options), list(results))
    builder = ReportBuilder(AS_OF, **options)
    # Each worker is pickled and unpickled as a real one is: its state starts empty.
    facts = builder.facts(pickled=True, worklist_csv=True)
    workers = [pickle.loads(pickle.dumps(facts)) for _ in range(2)]
    chunks = [list(enumerate(results))[i : i + 7] for i in range(0, len(results), 7)]
    sent: dict[int, Any] = {}
    for number, worker in enumerate(workers):
        mine = chunks[number::2]
        for chunk in mine if order == "in order" else reversed(mine):
            for index, result in chunk:
                sent[index] = worker(result)
    cases = [sent[i] for i in range(len(results))]
    assert _report(builder, cases) == expected
    rows = [row for case in cases for row in case.rows]
    assert any(row[3] is None for row in rows) and any(row[3] is not None for row in rows)
    assert sum(case.result is not None for case in cases) < sum(case.worst > 0 for case in cases)
