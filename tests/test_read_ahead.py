"""Read ahead (``read_ahead``, ``evaluate_block``): a block of cases structured, then
evaluated, with the same answers, ids and duplicate checks as one case at a time."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoption_rules import api
from adoption_rules.api import READ_AHEAD, evaluate_block, evaluate_data, evaluate_records
from adoption_rules.core.model import (
    Case,
    CaseError,
    CaseWarning,
    Obligation,
    Result,
    TransferAnswer,
)
from adoption_rules.io.records import InputEndedError, Record
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 23)


def caseload() -> list[dict[str, Any]]:
    lines = (ROOT / "examples" / "caseload.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


class Raiser:
    """An add-on whose hooks fail for marked cases: the warnings hook (asked before the
    authority and the transfer), or the transfer hook (asked last)."""

    @hookimpl
    def adoption_rules_case_warnings(
        self, region: str, case: Case, obligations: list[Obligation], as_of: dt.date
    ) -> list[CaseWarning]:
        if case.case_id.startswith("RAISE-WARN"):
            raise ValueError("the warnings hook failed")
        return []

    @hookimpl
    def adoption_rules_transfer(
        self, region: str, case: Case, as_of: dt.date
    ) -> TransferAnswer | None:
        if case.case_id.startswith("RAISE-TRANSFER"):
            raise ValueError("the transfer hook failed")
        return None


@pytest.fixture(scope="module")
def raising() -> Registry:
    return load_registry(installed=False, extra=[("raiser", Raiser())])


def pool() -> list[object]:
    """Good cases, and each way a case can fail, several sharing an id (``SAME``)."""
    base = caseload()
    return [
        {**base[6], "case_id": "RAISE-WARN"},
        {**base[7], "case_id": "RAISE-TRANSFER"},
        {**base[8], "case_id": "SAME", "region": "adoption_west"},
        {**base[9], "case_id": "RAISE-TRANSFER"},  # after a copy that failed
        *base[:6],
        {**base[0], "case_id": "SAME"},
        {**base[1], "case_id": "SAME"},
        {**base[2], "case_id": "SAME", "region": "atlantis"},  # unknown region
        {**base[3], "case_id": "SAME", "events": "x"},  # wrong type: never structured
        {"case_id": "SAME", "region": "england"},  # no events
        [1, 2],  # not an object
        {**base[4], "case_id": "OTHER"},
        {**base[5], "case_id": "OTHER", "contract_version": 9},
    ]


def one_at_a_time(cases: list[object], **options: Any) -> list[Result | CaseError]:
    records = (Record(i, None, data) for i, data in enumerate(cases))
    return list(evaluate_records(records, AS_OF, read_ahead=1, **options))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.integers(min_value=0, max_value=len(pool()) - 1), max_size=40),
    read_ahead=st.integers(min_value=2, max_value=50),
    check=st.booleans(),
)
def test_reading_ahead_gives_what_one_case_at_a_time_gives(
    raising: Registry, picks: list[int], read_ahead: int, check: bool
) -> None:
    """The oracle is the per-case path.  Repeated ids land in one block and across
    blocks, after a copy that failed (which takes no id) and after one that did not;
    a plugin's hook fails for some cases, at different steps of the policy's answers."""
    registry = raising
    cases = [pool()[i] for i in picks]
    records = (Record(i, None, data) for i, data in enumerate(cases))
    got = list(
        evaluate_records(
            records,
            AS_OF,
            registry=registry,
            read_ahead=read_ahead,
            check_duplicates=check,
        )
    )
    assert got == one_at_a_time(cases, registry=registry, check_duplicates=check)


def test_a_block_gives_each_case_what_evaluate_data_gives_it(raising: Registry) -> None:
    registry = raising
    cases = pool()
    seen: set[str] = set()
    one_seen: set[str] = set()
    block = evaluate_block(cases, AS_OF, registry, seen)
    each = [evaluate_data(case, AS_OF, registry, one_seen) for case in cases]
    assert block == each
    assert seen == one_seen == {c["case_id"] for c in caseload()[:6]} | {"SAME", "OTHER"}
    codes = [item.error.code for _, item in block if isinstance(item, CaseError)]
    assert codes == [
        "plugin_failed",  # the warnings hook: nothing more asked of it
        "plugin_failed",  # the transfer hook, the last step
        "plugin_failed",  # its second copy: evaluated, since the first took no id
        "duplicate_case_id",  # the second SAME: the first was evaluated
        "duplicate_case_id",
        "duplicate_case_id",  # an unknown region, but a duplicate first
        "wrong_type",  # never structured, so never a duplicate
        "missing_field",
        "not_an_object",
        "unsupported_contract_version",
    ]


def test_unread_records_keep_their_place_in_a_block(registry: Registry) -> None:
    good = caseload()[:3]
    lines = [json.dumps(good[0]), "{not json", json.dumps(good[1]), "", json.dumps(good[2])]
    records = [Record(i, i + 1, line, raw=True) for i, line in enumerate(lines) if line.strip()]
    ahead = list(evaluate_records(records, AS_OF, registry=registry, read_ahead=READ_AHEAD))
    assert ahead == list(evaluate_records(records, AS_OF, registry=registry))
    assert [type(item).__name__ for item in ahead] == ["Result", "CaseError", "Result", "Result"]


def test_one_at_a_time_answers_before_reading_the_next(registry: Registry) -> None:
    """The default (a live stream): the first answer needs only the first record."""
    pulled = 0

    def live() -> Iterator[Record]:
        nonlocal pulled
        for i, case in enumerate(caseload()):
            pulled += 1
            yield Record(i, None, case)

    items = evaluate_records(live(), AS_OF, registry=registry)
    next(items)
    assert pulled == 1
    ahead = evaluate_records(live(), AS_OF, registry=registry, read_ahead=4)
    pulled = 0
    next(ahead)
    assert pulled == 4


def test_read_ahead_must_be_at_least_one(registry: Registry) -> None:
    with pytest.raises(ValueError, match="read_ahead"):
        evaluate_records([], AS_OF, registry=registry, read_ahead=0)


def test_cases_read_before_the_input_ends_badly_are_answered(registry: Registry) -> None:
    """Nothing lost: a reader that stops with an error part-way through a block (a
    line with no end in sight) still has the cases before it answered, then the error."""

    def ends_badly() -> Iterator[Record]:
        for i, case in enumerate(caseload()[:3]):
            yield Record(i, None, case)
        raise InputEndedError("the cases after it, if any, were not read")

    got: list[object] = []
    with pytest.raises(InputEndedError):
        for item in evaluate_records(ends_badly(), AS_OF, registry=registry, read_ahead=32):
            got.append(item)
    assert [getattr(item, "case_id", None) for item in got] == [
        c["case_id"] for c in caseload()[:3]
    ]


def test_a_failure_outside_any_one_case_falls_back_to_each_case_alone(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a region's staged answers fail as a whole (not one case's hook, which
    comes back in its place), its cases are evaluated one at a time instead: the
    same results, and never the block lost."""

    def broken(*args: object) -> object:
        raise RuntimeError("the staged path failed")

    expected = [item for _, item in evaluate_block(pool(), AS_OF, registry, set())]
    monkeypatch.setattr(api, "result_of", broken)
    got = [item for _, item in evaluate_block(pool(), AS_OF, registry, set())]
    assert got == expected
    assert sum(isinstance(item, Result) for item in got) >= 6
