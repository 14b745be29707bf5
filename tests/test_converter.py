"""The written-out structure hook for a case agrees with cattrs' generated one."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules.core.model import Case
from adoption_rules.io import converter as conv_module

CATTRS_ONLY = conv_module._make_converter(written_out_case=False)
WRITTEN_OUT = conv_module.converter


def _outcome(conv: Any, data: object) -> tuple[str, object]:
    """The case built, or the contract error code and field the failure maps to."""
    try:
        return "case", conv.structure(data, Case)
    except Exception as exc:
        path, inner = conv_module._path_of(exc)
        error = conv_module._classify(inner, path)
        return "error", (error.code, error.field)


def test_the_written_out_hook_builds_every_field_of_case() -> None:
    assert tuple(f.name for f in attrs.fields(Case)) == conv_module._CASE_FIELDS


def test_examples_agree() -> None:
    lines = Path("examples/caseload.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40
    for line in lines:
        data = json.loads(line)
        assert _outcome(WRITTEN_OUT, data) == _outcome(CATTRS_ONLY, data)
        assert _outcome(WRITTEN_OUT, data)[0] == "case"


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
def test_well_formed_cases_are_built_the_same(data: dict[str, Any]) -> None:
    outcome = _outcome(WRITTEN_OUT, data)
    assert outcome[0] == "case"
    assert outcome == _outcome(CATTRS_ONLY, data)


@settings(max_examples=400)
@given(_CASES)
def test_written_out_and_generated_hooks_agree(data: dict[str, Any]) -> None:
    assert _outcome(WRITTEN_OUT, data) == _outcome(CATTRS_ONLY, data)
