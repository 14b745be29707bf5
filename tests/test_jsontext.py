"""The standard-library text writer writes exactly what the converter and json.dumps write."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules.api import evaluate_many
from adoption_rules.core.model import (
    CaseError,
    CaseWarning,
    ErrorDetail,
    Obligation,
    Result,
    StartsFrom,
    Status,
    TransferAnswer,
)
from adoption_rules.io import converter as _converter_module
from adoption_rules.io import jsontext as _jsontext
from adoption_rules.io.converter import unstructure
from adoption_rules.io.jsonio import _std_dumps


def _converter_text(item: object) -> str:
    text: str = _std_dumps(unstructure(item))
    return text


@pytest.mark.parametrize("as_of", ["2025-06-30", "2026-03-31", "2026-11-23", "2029-12-31"])
def test_every_example_result_is_written_as_the_converter_writes_it(as_of: str) -> None:
    lines = Path("examples/caseload.jsonl").read_text(encoding="utf-8").splitlines()
    outcomes = evaluate_many([json.loads(line) for line in lines], dt.date.fromisoformat(as_of))
    results = [o for o in outcomes if isinstance(o, Result)]
    assert len(results) >= 40
    assert any(r.obligations for r in results)
    if as_of == "2026-11-23":
        assert any(r.warnings for r in results) and any(r.transfer for r in results)
    for result in results:
        assert _jsontext.result_json(result) == _converter_text(result)


_TEXT = st.text(max_size=12)
_DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31))
_OPTIONAL_DAYS = st.none() | _DAYS
_OBLIGATIONS = st.builds(
    Obligation,
    kind=_TEXT,
    due=_OPTIONAL_DAYS,
    status=st.sampled_from(Status),
    starts_from=st.builds(StartsFrom, event=_TEXT, date=_DAYS),
    period=st.none() | _TEXT,
    rule=_TEXT,
    citation=_TEXT,
    decided_by=_TEXT,
    done_on=_OPTIONAL_DAYS,
    provisional=st.booleans(),
    occurrence=st.none() | st.integers(min_value=-(2**70), max_value=2**70),
)
_TRANSFERS = st.none() | st.builds(
    TransferAnswer,
    due=st.none() | st.booleans(),
    due_from=_OPTIONAL_DAYS,
    lives_in=st.none() | _TEXT,
    to=st.none() | _TEXT,
    recent_review_required=st.booleans(),
    recent_review=_OPTIONAL_DAYS,
    recent_review_ok=st.none() | st.booleans(),
    reason=_TEXT,
    citation=_TEXT,
    decided_by=_TEXT,
)
_RESULTS = st.builds(
    Result,
    case_id=_TEXT,
    region=_TEXT,
    as_of=_DAYS,
    obligations=st.lists(_OBLIGATIONS, max_size=4).map(tuple),
    warnings=st.lists(st.builds(CaseWarning, code=_TEXT, message=_TEXT), max_size=3).map(tuple),
    responsible_authority=st.none() | _TEXT,
    contract_version=st.integers(min_value=0, max_value=3),
    stage=st.none() | _TEXT,
    approval_stage=st.none() | _TEXT,
    transfer=_TRANSFERS,
)


@settings(max_examples=300)
@given(_RESULTS)
def test_generated_results_are_written_as_the_converter_writes_them(result: Result) -> None:
    """Any text (quotes, backslashes, control characters, any Unicode), dates, numbers."""
    text = _jsontext.result_json(result)
    assert text == _converter_text(result)
    assert json.loads(text) == unstructure(result)


_GENERATED = _converter_module._make_converter(written_out=False)


@settings(max_examples=200)
@given(_RESULTS)
def test_the_text_writer_follows_the_attrs_fields(result: Result) -> None:
    """Checked against cattrs' generated hooks (the attrs fields alone, key order too):
    a field added to Result, Obligation or TransferAnswer and not to the writer fails."""
    written = json.loads(_jsontext.result_json(result))
    generated = _GENERATED.unstructure(result)
    assert written == generated
    assert list(written) == list(generated) == [f.name for f in attrs.fields(Result)]
    for ob in written["obligations"]:
        assert list(ob) == [f.name for f in attrs.fields(Obligation)]
    if written["transfer"] is not None:
        assert list(written["transfer"]) == [f.name for f in attrs.fields(TransferAnswer)]


def _odd_result(**changes: Any) -> Result:
    ob = Obligation(
        "assessment",
        dt.date(2026, 3, 2),
        Status.PENDING,
        StartsFrom("initial_visit", dt.date(2026, 1, 5)),
        "40 working days",
        "england.assessment",
        "cited",
        "england",
    )
    fields: dict[str, Any] = {
        "case_id": "C-1",
        "region": "england",
        "as_of": dt.date(2026, 2, 1),
        "obligations": (ob,),
        "warnings": (),
        "responsible_authority": None,
    }
    fields.update(changes)
    return Result(**fields)


@pytest.mark.parametrize(
    "result",
    [
        # A plugin's warning message that is not a string.
        _odd_result(warnings=(CaseWarning("odd", 5),)),  # type: ignore[arg-type]
        # A flag that is a number, an occurrence that is a boolean.
        _odd_result(
            obligations=(
                Obligation(
                    "assessment",
                    None,
                    Status.PENDING,
                    StartsFrom("initial_visit", dt.date(2026, 1, 5)),
                    None,
                    "r",
                    "c",
                    "p",
                    provisional=1,  # type: ignore[arg-type]
                    occurrence=True,
                ),
            )
        ),
        # A council given as a number.
        _odd_result(responsible_authority=7),
    ],
)
def test_values_the_contract_does_not_allow_go_through_the_converter(result: Result) -> None:
    with pytest.raises(TypeError):
        _jsontext.result_json(result)
    assert _jsontext._to_json_text(result) == _converter_text(result)


def test_errors_are_written_through_the_converter() -> None:
    error = CaseError("C-1", ErrorDetail("invalid_date", "events[0].date: bad", "events[0].date"))
    assert _jsontext._to_json_text(error) == _converter_text(error)


def test_the_escaped_strings_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_jsontext, "_ESCAPED_BOUND", 50)
    _jsontext._ESCAPED.clear()
    for i in range(500):
        assert _jsontext._known(f'kind "{i}"') == json.dumps(f'kind "{i}"', ensure_ascii=False)
        assert len(_jsontext._ESCAPED) <= 50
