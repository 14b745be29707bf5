"""Results in notebooks: the HTML reprs and the pandas DataFrames."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys
from typing import Any

import pandas as pd
import pytest

from adoption_rules.api import evaluate
from adoption_rules.core.model import (
    CaseError,
    CaseWarning,
    ErrorDetail,
    Obligation,
    Result,
    StartsFrom,
    Status,
)
from adoption_rules.io.converter import InputError, error_for, structure_case
from adoption_rules.notebook import (
    DATAFRAME_COLUMNS,
    ERROR_COLUMNS,
    ResultList,
    caseload_html,
    errors_dataframe,
    result_html,
    to_dataframe,
)
from adoption_rules.plugins.registry import load_registry

AS_OF = dt.date(2026, 8, 1)

#: A case on both tracks, in region england, as of 2026-08-01:
#: financial support reviewed on time then pending; Stage 1 met; Stage 2 overdue;
#: a representations window open.
KNOWN: dict[str, Any] = {
    "case_id": "DF-1",
    "region": "england",
    "events": [
        {"type": "financial_support_agreed", "date": "2025-01-10"},
        {"type": "financial_support_reviewed", "date": "2026-01-05"},
        {"type": "registration_of_interest", "date": "2026-01-05"},
        {"type": "stage1_completed", "date": "2026-02-20"},
        {"type": "stage2_started", "date": "2026-03-02"},
        {"type": "plan_proposed", "date": "2026-07-20"},
    ],
}

#: (kind, due, status, done_on, period, occurrence), in the engine's order.
KNOWN_ROWS = [
    ("financial_support_review", "2026-01-10", "met", "2026-01-05", "12 months", 1),
    ("stage1", "2026-03-05", "met", "2026-02-20", "2 months", None),
    ("stage2", "2026-07-02", "overdue", None, "4 months", None),
    ("representations_window", "2026-08-17", "open", None, "28 days", None),
    ("financial_support_review", "2027-01-05", "pending", None, "12 months", 2),
]

OTHER: dict[str, Any] = {
    "case_id": "DF-2",
    "region": "england",
    "events": [
        {"type": "screening_completed", "date": "2026-01-07", "outcome": "assessment"},
        {"type": "registration_of_interest", "date": "2026-03-02"},
    ],
}


def _evaluate(data: dict[str, Any], as_of: dt.date = AS_OF) -> Result:
    return evaluate(structure_case(data), as_of, registry=load_registry(installed=False))


@pytest.fixture(scope="module")
def known() -> Result:
    return _evaluate(KNOWN)


@pytest.fixture(scope="module")
def other() -> Result:
    return _evaluate(OTHER)


def test_known_case_is_what_the_tables_below_expect(known: Result) -> None:
    assert [
        (
            ob.kind,
            ob.due and ob.due.isoformat(),
            ob.status.value,
            ob.done_on and ob.done_on.isoformat(),
            ob.period,
            ob.occurrence,
        )
        for ob in known.obligations
    ] == KNOWN_ROWS


# -- result_html ------------------------------------------------------------------


def test_result_html_shows_the_case_and_every_obligation(known: Result) -> None:
    page = result_html(known)
    assert "DF-1" in page
    assert "england" in page
    assert "2026-08-01" in page
    for ob in known.obligations:
        assert ob.kind in page
        assert ob.rule in page
        assert html.escape(ob.citation) in page
    for status in ("met", "overdue", "open", "pending"):
        assert f"ar-status-{status}" in page
    assert "5 obligations: 2 met, 1 pending, 1 overdue, 1 open" in page
    assert "No warnings." in page
    assert "<script" not in page


def test_status_colours(known: Result) -> None:
    page = result_html(known)
    badge = re.compile(r'class="ar-status ar-status-(\w+)" style="background: (#\w+)')
    colours = dict(badge.findall(page))
    assert colours["overdue"] == "#fde2e1"  # red
    assert colours["met"] == "#dcfce7"  # green
    assert colours["pending"] == "#fef3c7"  # amber
    assert len(set(colours.values())) == len(colours)


def test_repr_html_is_result_html(known: Result) -> None:
    assert known._repr_html_() == result_html(known)


def test_provisional_deadlines_are_marked() -> None:
    result = _evaluate(
        {
            "case_id": "P-1",
            "region": "england",
            "events": [{"type": "adm_decision", "date": "2028-11-20", "outcome": "not_approved"}],
        },
        dt.date(2028, 12, 20),
    )
    assert [ob.provisional for ob in result.obligations] == [True]
    page = result_html(result)
    assert 'class="ar-provisional"' in page
    assert "irm_application_window" in page
    assert "approval stage not_approved" in page


def _hostile_result() -> Result:
    evil = "<script>alert('x')</script>"
    return Result(
        case_id=evil,
        region="<b>region</b>",
        as_of=AS_OF,
        obligations=(
            Obligation(
                kind="plugin.<img src=x onerror=alert(1)>",
                due=dt.date(2026, 7, 1),
                status=Status.OVERDUE,
                starts_from=StartsFrom("<i>event</i>", dt.date(2026, 6, 1)),
                period="<u>4 weeks</u>",
                rule='rule"><script>',
                citation="A & B <c>",
                decided_by="<plugin>",
            ),
        ),
        warnings=(CaseWarning("<code>", evil),),
        responsible_authority="<council>",
        stage="<stage>",
    )


def test_result_html_escapes_everything() -> None:
    page = result_html(_hostile_result())
    assert "<script" not in page
    assert "<img" not in page
    assert "<b>" not in page and "<i>" not in page and "<u>" not in page
    assert "<plugin>" not in page and "<council>" not in page and "<stage>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "A &amp; B &lt;c&gt;" in page
    assert "rule&quot;&gt;&lt;script&gt;" in page
    caseload = caseload_html([_hostile_result()])
    assert "<script" not in caseload and "<img" not in caseload


def test_result_html_without_obligations() -> None:
    result = _evaluate({"case_id": "EMPTY", "region": "england", "events": []})
    page = result_html(result)
    assert "no obligations" in page
    assert "0 obligations" in page


def test_warnings_are_listed() -> None:
    result = _evaluate(
        {
            "case_id": "W-1",
            "region": "england",
            "events": [
                {"type": "screening_completed", "date": "2026-01-07", "outcome": "assessment"},
                {"type": "assessment_completed", "date": "2026-03-01"},
            ],
        }
    )
    assert result.warnings
    page = result_html(result)
    assert "<strong>Warnings</strong>" in page
    for warning in result.warnings:
        assert warning.code in page


# -- ResultList -------------------------------------------------------------------


def test_result_list_is_a_list_with_a_caseload_repr(known: Result, other: Result) -> None:
    results = ResultList([other, known])
    assert isinstance(results, list)
    assert results[1] is known
    page = results._repr_html_()
    assert page == caseload_html(results)
    assert "2 cases" in page
    rows = re.findall(r'<tr class="ar-row-(\w+)">(.*?)</tr>', page)
    assert len(rows) == len(known.obligations) + len(other.obligations)
    statuses = [status for status, _ in rows]
    overdue = statuses.count("overdue")
    assert overdue >= 2
    assert statuses[:overdue] == ["overdue"] * overdue
    assert "overdue" not in statuses[overdue:]
    dues = [re.search(r"\d{4}-\d{2}-\d{2}", cells) for _, cells in rows]
    overdue_dues = [m.group(0) for m in dues[:overdue] if m]
    assert overdue_dues == sorted(overdue_dues)


def test_caseload_html_stops_at_max_rows(known: Result, other: Result) -> None:
    total = len(known.obligations) + len(other.obligations)
    page = caseload_html([known, other], max_rows=2)
    assert len(re.findall(r'<tr class="ar-row-', page)) == 2
    assert f"{total} obligations" in page
    assert "showing the first 2 rows" in page


# -- to_dataframe -----------------------------------------------------------------


def test_to_dataframe_one_row_per_obligation(known: Result, other: Result) -> None:
    error = CaseError("BAD-1", ErrorDetail("missing_field", "the case has no region", "region"))
    df = to_dataframe([known, error, other])
    assert list(df.columns) == list(DATAFRAME_COLUMNS)
    assert len(df) == len(known.obligations) + len(other.obligations)
    assert set(df["case_id"]) == {"DF-1", "DF-2"}
    for name in (
        "case_id",
        "region",
        "kind",
        "due",
        "status",
        "done_on",
        "period",
        "rule",
        "citation",
        "decided_by",
        "provisional",
        "occurrence",
    ):
        assert name in df.columns


def _iso(value: object) -> str | None:
    """A datetime64 cell as YYYY-MM-DD; NaT as None."""
    if value is pd.NaT:
        return None
    assert isinstance(value, pd.Timestamp)
    return value.date().isoformat()


def test_to_dataframe_dtypes_and_values(known: Result) -> None:
    df = to_dataframe([known])
    for name in ("as_of", "due", "done_on", "starts_from_date"):
        assert df[name].dtype == "datetime64[ns]", name
    assert isinstance(df["status"].dtype, pd.CategoricalDtype)
    assert list(df["status"].cat.categories) == [s.value for s in Status]
    assert df["occurrence"].dtype == "Int64"
    assert df["provisional"].dtype == bool
    rows = list(
        zip(
            df["kind"].tolist(),
            [_iso(v) for v in df["due"].tolist()],
            df["status"].astype(str).tolist(),
            [_iso(v) for v in df["done_on"].tolist()],
            df["period"].tolist(),
            [None if v is pd.NA else int(v) for v in df["occurrence"].tolist()],
            strict=True,
        )
    )
    assert rows == KNOWN_ROWS
    first = df.iloc[0]
    assert first["case_id"] == "DF-1"
    assert first["region"] == "england"
    assert first["as_of"] == pd.Timestamp("2026-08-01")
    assert first["rule"] == "england.financial_support_review"
    assert first["decided_by"] == "england"
    assert first["starts_from_event"] == "financial_support_agreed"
    assert first["starts_from_date"] == pd.Timestamp("2025-01-10")
    assert not df["provisional"].any()
    overdue_by_kind = df[df["status"] == "overdue"].groupby("kind", observed=True).size()
    assert overdue_by_kind.to_dict() == {"stage2": 1}


def test_to_dataframe_null_due() -> None:
    result = _evaluate(OTHER)
    df = to_dataframe([result])
    assessment = df[df["kind"] == "assessment"]
    assert len(assessment) == 1
    assert pd.isna(assessment["due"].iloc[0])
    assert assessment["status"].iloc[0] == "pending"


def test_to_dataframe_empty_keeps_columns_and_dtypes() -> None:
    df = to_dataframe([])
    assert list(df.columns) == list(DATAFRAME_COLUMNS)
    assert len(df) == 0
    assert df["due"].dtype == "datetime64[ns]"
    assert df["occurrence"].dtype == "Int64"


def test_result_list_to_dataframe(known: Result) -> None:
    pd.testing.assert_frame_equal(ResultList([known]).to_dataframe(), to_dataframe([known]))


def test_errors_dataframe(known: Result) -> None:
    try:
        structure_case({"region": "england", "events": []})
    except InputError as exc:
        missing = error_for(None, exc)
    unknown = CaseError("X-9", ErrorDetail("unknown_region", "no region 'mars'", "region"))
    df = errors_dataframe([known, missing, unknown])
    assert list(df.columns) == list(ERROR_COLUMNS)
    assert df["index"].tolist() == [1, 2]
    assert df["code"].tolist() == ["missing_field", "unknown_region"]
    assert df["field"].tolist() == ["case_id", "region"]
    assert pd.isna(df["case_id"].iloc[0])
    assert df["case_id"].iloc[1] == "X-9"
    assert len(errors_dataframe([known])) == 0


# -- pandas is optional -----------------------------------------------------------


def test_to_dataframe_without_pandas(known: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    message = "to_dataframe needs pandas: pip install 'adoption-rules[pandas]'"
    with pytest.raises(ImportError, match=re.escape(message)):
        to_dataframe([known])
    with pytest.raises(ImportError, match=re.escape("pip install 'adoption-rules[pandas]'")):
        errors_dataframe([known])
    # The HTML needs no pandas.
    assert "DF-1" in result_html(known)


def test_importing_the_module_does_not_import_pandas() -> None:
    code = (
        "import sys, adoption_rules.notebook, adoption_rules.core.model; "
        "assert 'pandas' not in sys.modules, 'pandas was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_html_knows_every_status_in_the_contracts_order() -> None:
    from adoption_rules.core import display
    from adoption_rules.core.model import Status

    assert tuple(s.value for s in Status) == display.STATUS_ORDER
    assert set(display.STATUS_COLOURS) == set(display.STATUS_ORDER)
