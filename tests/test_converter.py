"""Cases in: the converter builds every well-formed case and maps every other
value to a contract error; results out: the written-out hooks agree with cattrs'
generated ones (field for field, key order too), so a field added to a class and
not to a hook fails here."""

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
from adoption_rules.core.model import Case, Obligation, Result, TransferAnswer
from adoption_rules.io import converter as conv_module

CATTRS_ONLY = conv_module._make_converter(written_out=False)
WRITTEN_OUT = conv_module.converter
CODES = {
    "not_an_object",
    "missing_field",
    "unsupported_contract_version",
    "unknown_event_type",
    "invalid_date",
    "invalid_value",
    "wrong_type",
    "too_large",
}


def _outcome(conv: Any, data: object) -> tuple[str, object]:
    """The case built, or the contract error code and field the failure maps to."""
    try:
        return "case", conv.structure(data, Case)
    except Exception as exc:
        path, inner = conv_module._path_of(exc)
        error = conv_module._classify(inner, path)
        return "error", (error.code, error.field)


def test_examples_are_built_and_written_back() -> None:
    lines = Path("examples/caseload.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40
    for line in lines:
        data = json.loads(line)
        kind, case = _outcome(WRITTEN_OUT, data)
        assert kind == "case"
        assert WRITTEN_OUT.unstructure(case) == CATTRS_ONLY.unstructure(case)
        assert WRITTEN_OUT.structure(WRITTEN_OUT.unstructure(case), Case) == case


def _keys_follow_the_fields(data: Any, cls: type) -> None:
    assert list(data) == [f.name for f in attrs.fields(cls)]


@pytest.mark.parametrize("as_of", ["2025-06-30", "2026-11-23", "2029-12-31"])
def test_written_out_result_hooks_agree_with_cattrs(as_of: str) -> None:
    lines = Path("examples/caseload.jsonl").read_text(encoding="utf-8").splitlines()
    outcomes = evaluate_many([json.loads(line) for line in lines], dt.date.fromisoformat(as_of))
    results = [o for o in outcomes if isinstance(o, Result)]
    assert any(r.obligations for r in results)
    for result in results:
        written, generated = WRITTEN_OUT.unstructure(result), CATTRS_ONLY.unstructure(result)
        assert written == generated
        # The same key order as well (it decides the bytes written).
        _keys_follow_the_fields(written, Result)
        for ob in written["obligations"]:
            _keys_follow_the_fields(ob, Obligation)
        if written["transfer"] is not None:
            _keys_follow_the_fields(written["transfer"], TransferAnswer)


_DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["2025-02-30", "2024-02-29", "1899-12-31", "2101-01-01", "24-01-01", ""]),
    st.integers(),
    st.none(),
)
_STRINGS = st.one_of(
    st.text(max_size=5), st.text(min_size=201, max_size=202), st.integers(), st.none()
)
_EVENTS = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"type": st.sampled_from(["initial_visit", "review_held"]), "date": _DATES}
        ),
        st.fixed_dictionaries(
            {"type": st.just("screening_completed"), "date": _DATES},
            optional={"outcome": st.sampled_from(["assessment", "advice_and_close", "bogus"])},
        ),
        st.fixed_dictionaries({"type": st.just("no_such_event"), "date": _DATES}),
        st.integers(),
    ),
    max_size=3,
)
_CASES = st.fixed_dictionaries(
    {},
    optional={
        "case_id": _STRINGS,
        "region": _STRINGS,
        "events": st.one_of(_EVENTS, st.integers(), st.none()),
        "contract_version": st.one_of(st.just(1), st.just(2), st.booleans(), st.text(max_size=2)),
        "local_authority": _STRINGS,
        "placing_authority": _STRINGS,
        "adoption_route": st.one_of(
            st.sampled_from(["agency", "step_parent", "intercountry", "non_agency", "bogus"]),
            st.none(),
            st.integers(),
        ),
        "placement_date": _DATES,
        "adoption_order_date": _DATES,
        "child_date_of_birth": _DATES,
        "tracking_from": _DATES,
        "notes": st.text(max_size=3),
    },
)


_GOOD_DATES = st.one_of(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)).map(
        lambda d: d.isoformat()
    ),
    st.none(),
)
_GOOD_CASES = st.fixed_dictionaries(
    {
        "case_id": st.text(min_size=1, max_size=10),
        "region": st.sampled_from(["england", "together4children"]),
        "events": st.lists(
            st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["initial_visit", "review_held", "referral_received"]),
                    "date": _GOOD_DATES.filter(lambda d: d is not None),
                }
            ),
            max_size=4,
        ),
    },
    optional={
        "contract_version": st.just(1),
        "local_authority": st.one_of(st.text(max_size=5), st.none()),
        "placing_authority": st.one_of(st.text(max_size=5), st.none()),
        "adoption_route": st.sampled_from(["agency", "step_parent", "intercountry", "non_agency"]),
        "placement_date": _GOOD_DATES,
        "adoption_order_date": _GOOD_DATES,
        "child_date_of_birth": _GOOD_DATES,
        "tracking_from": _GOOD_DATES,
        "notes": st.text(max_size=3),
    },
)


@settings(max_examples=300)
@given(_GOOD_CASES)
def test_well_formed_cases_are_built_and_round_trip(data: dict[str, Any]) -> None:
    case = conv_module.structure_case(data)
    assert case.case_id == data["case_id"]
    assert len(case.events) == len(data["events"])
    assert conv_module.structure_case(conv_module.unstructure(case)) == case


@settings(max_examples=400)
@given(_CASES)
def test_any_object_is_a_case_or_a_contract_error(data: dict[str, Any]) -> None:
    try:
        conv_module.structure_case(data)
    except conv_module.InputError as exc:
        assert exc.code in CODES
