"""The trace ``adoption-rules.trace.v1``, the time left and the days skipped, case by case.

Every bundled example case is traced and validated against the shipped JSON
Schema, and every obligation's trace is checked against the case itself: the
events named by index are the ones the result names, the parameter entry
chosen is the one in force on the date it was read for and gives the period
the result reports, the days skipped and the time left agree with a count
done here day by day.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from adoption_rules import __version__
from adoption_rules.api import evaluate, evaluate_traced
from adoption_rules.core.calendar import england_calendar
from adoption_rules.core.explain import time_left
from adoption_rules.core.model import Case, Result, Status
from adoption_rules.core.params import DatedValue, Param
from adoption_rules.core.periods import Period, WorkingDays
from adoption_rules.core.rules import DateOfEvent, DoneBy, ObligationRule, Trigger
from adoption_rules.io.converter import structure_case
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.markers import hookimpl
from adoption_rules.plugins.registry import Registry, default_registry, load_registry
from adoption_rules.trace import TRACE_FORMAT, explain_text, trace_case

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA_PATH = ROOT / "src" / "adoption_rules" / "schemas" / "trace.schema.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)
AS_OF = dt.date(2026, 11, 23)
D = dt.date


def example_cases() -> list[Any]:
    """Every case in examples/*.json and examples/*.jsonl, as decoded JSON."""
    cases: list[Any] = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        cases.extend(data if isinstance(data, list) else [data])
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        cases.extend(
            json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line
        )
    return cases


EXAMPLE_CASES = example_cases()


def _errors(instance: object) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(instance)]


def test_the_schema_is_valid_draft_2020_12_and_shipped_in_docs() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    docs_copy = ROOT / "docs" / "schema" / "trace.schema.json"
    assert docs_copy.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")


def test_there_are_example_cases() -> None:
    assert len(EXAMPLE_CASES) >= 50


@pytest.mark.parametrize("as_of", [AS_OF, D(2026, 6, 1), D(2029, 3, 1)])
@pytest.mark.parametrize("data", EXAMPLE_CASES, ids=[c.get("case_id", "?") for c in EXAMPLE_CASES])
def test_every_example_case_traces_to_a_valid_trace(data: Any, as_of: dt.date) -> None:
    case = structure_case(data)
    result, trace = trace_case(case, as_of)
    assert _errors(trace) == []
    assert result == evaluate(case, as_of)  # tracing changes nothing
    check_against_the_case(case, result, trace)


def check_against_the_case(case: Case, result: Result, trace: dict[str, Any]) -> None:
    assert trace["trace"] == TRACE_FORMAT
    assert trace["library"] == {"name": "adoption-rules", "version": __version__}
    names = [p["name"] for p in trace["plugins"]]
    assert "england" in names
    assert trace["case_id"] == case.case_id and trace["as_of"] == result.as_of.isoformat()
    policy = default_registry().policy(case.region)
    calendar = policy.calendar
    rules = {r.rule.rule_id: r.rule for r in policy.rules}
    assert len(trace["obligations"]) == len(result.obligations)
    for ob, item in zip(result.obligations, trace["obligations"], strict=True):
        assert (item["kind"], item["due"], item["status"]) == (
            ob.kind,
            None if ob.due is None else ob.due.isoformat(),
            str(ob.status),
        )
        # The trigger is the event (or case fact) the clock runs from.
        trigger = item["trigger"]
        assert (trigger["event"], trigger["date"]) == (
            ob.starts_from.event,
            ob.starts_from.date.isoformat(),
        )
        if trigger["index"] is None:
            assert getattr(case, trigger["event"]) == ob.starts_from.date
        else:
            event = case.events[trigger["index"]]
            assert (event.type, event.date) == (ob.starts_from.event, ob.starts_from.date)
        # The done event is the one the result says did it.
        done = item["done"]
        if ob.done_on is None:
            assert done is None
        else:
            event = case.events[done["index"]]
            assert event.date == ob.done_on and done["event"] == event.type
        if item["ended"] is not None:
            assert ob.status in (Status.CANCELLED, Status.OVERDUE, Status.CLOSED, Status.OPEN)
            assert case.events[item["ended"]["index"]].date.isoformat() == item["ended"]["date"]
        # Each parameter read: the entry in force on the date read for.
        rule = rules[item["rule"]["id"]]
        params = {p.name: p for p in rule.params()}
        for read in item["parameters"]:
            if read["name"].startswith(f"{rule.rule_id}.sooner:"):
                # A sooner review (R5): the months the starting event asked for.
                assert read["value_date"] == "event" and read["value"].endswith("months")
                assert read["read_for"] == ob.starts_from.date.isoformat()
                continue
            entry = params[read["name"]].in_force(D.fromisoformat(read["read_for"]))
            assert isinstance(entry, DatedValue)
            assert entry.citation == read["entry"]["citation"]
            assert (read["value"] or None) == (None if entry.value is None else str(entry.value))
        last = item["parameters"][-1]
        assert last["entry"]["citation"] == ob.citation
        if ob.occurrence and ob.occurrence > 1 and rule.recurrence.__class__.__name__ == "Anchored":
            # R14: the k-th occurrence of an anchored schedule is k periods from the anchor.
            assert ob.period is not None and ob.period.endswith(f"every {last['value']})")
        else:
            assert last["value"] == ob.period
        assert item["hooks"][0] == {
            "hook": "adoption_rules_obligation_rule",
            "plugin": ob.decided_by,
        }
        # Days skipped: a working-day deadline, counted again here day by day.
        skipped = item["days_skipped"]
        if ob.due is None or not (ob.period or "").endswith(("working days", "working day")):
            assert skipped is None
        else:
            naive_holidays, weekend = [], 0
            day = ob.starts_from.date + dt.timedelta(days=1)
            while day < ob.due:
                if day.weekday() >= 5:
                    weekend += 1
                elif calendar.bank_holiday_name(day):
                    naive_holidays.append(day.isoformat())
                day += dt.timedelta(days=1)
            assert [h["date"] for h in skipped["bank_holidays"]] == naive_holidays
            assert skipped["weekend_days"] == weekend
        # Time left: as the status says.
        left = item["time_left"]
        if ob.status is Status.OVERDUE:
            assert ob.due is not None
            assert left["days_late"] == (result.as_of - ob.due).days > 0
        elif ob.status in (Status.PENDING, Status.OPEN) and ob.due is not None:
            assert left["calendar_days_left"] == (ob.due - result.as_of).days
            assert left["working_days_left"] == calendar.working_days_between(result.as_of, ob.due)
        else:
            assert left == {
                "working_days_left": None,
                "calendar_days_left": None,
                "days_late": None,
            }


# -- particular paths through the engine -------------------------------------------------------


def _case(region: str, events: list[dict[str, Any]], **facts: Any) -> Case:
    return structure_case({"case_id": "C-1", "region": region, "events": events, **facts})


def test_a_rolling_occurrence_starts_from_the_event_that_did_the_one_before() -> None:
    case = _case(
        "england",
        [
            {"type": "financial_support_agreed", "date": "2024-01-10"},
            {"type": "financial_support_reviewed", "date": "2024-12-20"},
            {"type": "financial_support_reviewed", "date": "2025-12-01"},
        ],
    )
    _, trace = trace_case(case, D(2026, 6, 1))
    reviews = [o for o in trace["obligations"] if o["kind"] == "financial_support_review"]
    assert [
        (o["occurrence"], o["trigger"]["index"], (o["done"] or {}).get("index")) for o in reviews
    ] == [
        (1, 0, 1),
        (2, 1, 2),
        (3, 2, None),
    ]


def test_an_extension_reads_two_parameters_and_the_second_sets_the_period() -> None:
    case = _case(
        "leicestershire",
        [
            {"type": "registration_of_interest", "date": "2026-01-05"},
            {"type": "stage1_extended", "date": "2026-02-20"},
        ],
    )
    _, trace = trace_case(case, D(2026, 3, 1))
    (stage1,) = [o for o in trace["obligations"] if o["kind"] == "stage1"]
    assert [(r["name"], r["value"]) for r in stage1["parameters"]] == [
        ("leicestershire.stage1", "2 months"),
        ("leicestershire.stage1.extended", "6 months"),
    ]
    assert stage1["period"] == "6 months" and stage1["due"] == "2026-07-05"
    assert stage1["days_skipped"] is None  # calendar months skip nothing


def test_a_case_fact_trigger_has_no_index() -> None:
    case = _case(
        "england", [], placement_date="2026-05-04", placing_authority="x", local_authority="x"
    )
    _, trace = trace_case(case, D(2026, 5, 10))
    (first,) = [o for o in trace["obligations"] if o["kind"] == "placement_review"]
    assert first["trigger"] == {"index": None, "event": "placement_date", "date": "2026-05-04"}


class Transitional:
    """A region whose assessment period changed on 1 April 2026, chosen by the referral's date."""

    PERIOD: ClassVar = Param[Period | None](
        "transitional.assessment",
        (
            DatedValue(WorkingDays(45), "procedure v1, 8.4"),
            DatedValue(WorkingDays(30), "procedure v2, 8.4", D(2026, 4, 1)),
        ),
    )
    RULE: ClassVar = ObligationRule(
        kind="assessment",
        rule_id="transitional.assessment",
        citation="procedure, 8.4",
        triggers=(Trigger("initial_visit", PERIOD),),
        done_by=(DoneBy("assessment_completed"),),
        value_date=DateOfEvent("referral_received"),
    )

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        return [RegionInfo("transitional", "Transitional", ("testshire",), "tests", self)]

    @hookimpl
    def adoption_rules_obligation_kinds(self, region: str) -> list[str] | None:
        return ["assessment"] if region == "transitional" else None

    @hookimpl
    def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
        return self.RULE if region == "transitional" and kind == "assessment" else None

    @hookimpl
    def adoption_rules_closure_days(self, region: str) -> list[dt.date] | None:
        return [D(2026, 4, 15)] if region == "transitional" else None


@pytest.fixture(scope="module")
def transitional() -> Registry:
    return load_registry(installed=False, extra=[("transitional", Transitional())])


def test_the_entry_chosen_is_the_one_in_force_on_the_date_the_rule_reads_for(
    transitional: Registry,
) -> None:
    case = _case(
        "transitional",
        [
            {"type": "referral_received", "date": "2026-03-20"},
            {"type": "initial_visit", "date": "2026-04-14"},
        ],
    )
    result, trace = trace_case(case, D(2026, 5, 1), registry=transitional)
    (item,) = trace["obligations"]
    assert item["parameters"] == [
        {
            "name": "transitional.assessment",
            "value": "45 working days",
            "read_for": "2026-03-20",
            "value_date": "date_of:referral_received",
            "entry": {"effective_from": None, "citation": "procedure v1, 8.4"},
        }
    ]
    assert item["hooks"] == [
        {"hook": "adoption_rules_obligation_rule", "plugin": "transitional"},
        {"hook": "adoption_rules_closure_days", "plugin": "transitional"},
    ]
    assert item["days_skipped"]["closures"] == ["2026-04-15"]
    # The plugin is an object defined here: its module, and no distribution.
    (plugin,) = [p for p in trace["plugins"] if p["name"] == "transitional"]
    assert plugin == {
        "name": "transitional",
        "module": __name__,
        "distribution": None,
        "version": None,
    }
    assert _errors(trace) == []
    text = explain_text(result, result.obligations[0], item)
    assert "read for 2026-03-20: 45 working days (in force from the start; procedure v1" in text
    assert "1 closure day (2026-04-15)" in text


def test_explain_text_names_the_days_skipped_and_the_time_left() -> None:
    case = _case("england", [{"type": "plan_proposed", "date": "2025-04-15"}])
    result, trace = trace_case(case, D(2025, 4, 17))
    texts = [
        explain_text(result, ob, item)
        for ob, item in zip(result.obligations, trace["obligations"], strict=True)
    ]
    (window,) = [t for t in texts if t.startswith("representations_window")]
    assert "Days skipped:" not in window or "Good Friday 2025-04-18" in window
    assert "Time left:" in window


# -- time left ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.dates(min_value=D(1991, 3, 1), max_value=D(2098, 6, 1)),
    st.integers(-400, 400),
    st.sampled_from(list(Status)),
)
def test_time_left_counts_as_a_deadline_counts(as_of: dt.date, shift: int, status: Status) -> None:
    due = as_of + dt.timedelta(days=shift)
    cal = england_calendar()
    left = time_left(due, status, as_of, cal)
    if status in (Status.PENDING, Status.OPEN):
        naive = sum(
            1 for k in range(1, shift + 1) if cal.is_working_day(as_of + dt.timedelta(days=k))
        ) - sum(1 for k in range(shift + 1, 1) if cal.is_working_day(as_of + dt.timedelta(days=k)))
        assert left.working_days_left == naive
        assert left.calendar_days_left == shift
        assert left.days_late is None
        # And from as_of, that many working days on reaches the due date's last working day.
        if shift > 0 and naive > 0:
            assert cal.add_working_days(as_of, naive) <= due
    elif status is Status.OVERDUE:
        assert left.days_late == -shift and left.working_days_left is None
    else:
        assert left.as_dict() == {
            "working_days_left": None,
            "calendar_days_left": None,
            "days_late": None,
        }
    # An as_of outside the calendar's range: calendar days still count, working days cannot.
    far = time_left(D(2099, 12, 31), Status.PENDING, D(2100, 1, 2) - dt.timedelta(days=800), cal)
    assert far.working_days_left is not None
    beyond = time_left(D(2099, 12, 31), Status.PENDING, D(1989, 12, 1), cal)
    assert (beyond.working_days_left, beyond.calendar_days_left) == (None, 40207)
    assert time_left(None, status, as_of, cal).as_dict() == dict.fromkeys(
        ("working_days_left", "calendar_days_left", "days_late")
    )


def test_evaluate_traced_is_evaluate_and_in_the_result_order() -> None:
    for data in EXAMPLE_CASES[:20]:
        case = structure_case(data)
        result, traced = evaluate_traced(case, AS_OF)
        assert result == evaluate(case, AS_OF)
        assert [t.obligation for t in traced] == list(result.obligations)
        for t in traced:
            assert str(t.entry.value) == t.obligation.period or t.entry.value is None
            assert isinstance(t.entry.value, (Period, type(None)))


def test_a_sooner_review_reads_the_months_the_event_asked_for() -> None:
    """R5: a review asking for the next one within 3 months replaces the 12-month period."""
    case = _case(
        "together4children",
        [
            {"type": "assessment_completed", "date": "2026-01-05"},
            {"type": "plan_approved", "date": "2026-01-20"},
            {"type": "review_held", "date": "2026-03-02", "next_review_within_months": 3},
        ],
        placing_authority="stoke-on-trent",
        local_authority="staffordshire",
    )
    result, trace = trace_case(case, D(2026, 4, 1))
    assert _errors(trace) == []
    (second,) = [
        o for o in trace["obligations"] if o["kind"] == "plan_review" and o["occurrence"] == 2
    ]
    assert (second["due"], second["period"]) == ("2026-06-02", "3 months")
    assert second["trigger"] == {"index": 2, "event": "review_held", "date": "2026-03-02"}
    assert [(r["name"], r["value"], r["value_date"]) for r in second["parameters"]] == [
        ("together4children.plan_review", "12 months", "trigger"),
        ("together4children.plan_review.sooner:next_review_within_months", "3 months", "event"),
    ]
    check_against_the_case(case, result, trace)
