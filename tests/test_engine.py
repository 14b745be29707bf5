"""The engine's semantics, on the England baseline and on a test region's rules."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules.api import evaluate
from adoption_rules.core.model import Case, Obligation, Result, Status
from adoption_rules.core.periods import Months, Period, WorkingDays
from adoption_rules.core.rules import (
    Anchored,
    DatedValue,
    DoneBy,
    Ender,
    Extension,
    NoRule,
    ObligationRule,
    Ongoing,
    Param,
    Rolling,
    Trigger,
    fixed_period,
)
from adoption_rules.io.converter import structure_case, unstructure
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry

D = dt.date


def case(events: list[dict[str, Any]], region: str = "england", **facts: Any) -> dict[str, Any]:
    return {"case_id": "C-1", "region": region, "events": events, **facts}


def ev(kind: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "date": day, **fields}


def run(data: dict[str, Any], as_of: dt.date, registry: Registry) -> Result:
    return evaluate(structure_case(data), as_of, registry=registry)


def of_kind(result: Result, kind: str) -> list[Obligation]:
    return [ob for ob in result.obligations if ob.kind == kind]


# -- a test region exercising every rule feature ------------------------------------


class TestLand:
    """Rules written for the tests: anchored, extension, only_while, closure, cancel."""

    RULES: ClassVar[dict[str, ObligationRule]] = {
        "referral_sign_off": ObligationRule(
            kind="referral_sign_off",
            rule_id="testland.referral_sign_off",
            citation="test 1",
            triggers=(
                Trigger(
                    "detailed_referral_completed",
                    fixed_period("t.rso", WorkingDays(5), "test 1"),
                ),
            ),
            done_by=(DoneBy("referral_signed_off"),),
            ends_on=(Ender("closure_decided"),),
        ),
        "plan_review": ObligationRule(
            kind="plan_review",
            rule_id="testland.plan_review",
            citation="test 2",
            triggers=(Trigger("adoption_order_date", fixed_period("t.pr", Months(6), "test 2")),),
            done_by=(DoneBy("review_held"),),
            ends_on=(Ender("closure_decided"),),
            recurrence=Anchored(limit=6),
        ),
        "stage1": ObligationRule(
            kind="stage1",
            rule_id="testland.stage1",
            citation="test 3",
            triggers=(
                Trigger("registration_of_interest", fixed_period("t.s1", Months(2), "test 3")),
            ),
            done_by=(DoneBy("stage1_completed"),),
            extension=Extension(
                "stage1_extended",
                Param[Any].fixed("t.s1x", Months(6), "test 3 extended"),
            ),
            track="approval",
        ),
        "closed_case_review": ObligationRule(
            kind="closed_case_review",
            rule_id="testland.closed_case_review",
            citation="test 4",
            triggers=(Trigger("closure_decided", fixed_period("t.ccr", Months(12), "test 4")),),
            done_by=(DoneBy("review_held"),),
            only_while=Ongoing("external_therapy_started", "external_therapy_ended"),
            recurrence=Rolling(),
        ),
        "assessment": ObligationRule(
            kind="assessment",
            rule_id="testland.assessment",
            citation="test 5",
            triggers=(
                Trigger(
                    "initial_visit",
                    Param[Period | None](
                        "t.assessment",
                        (
                            # A policy change: 45 working days until 2026-03-31, then 30.
                            DatedValue(WorkingDays(45), "policy v1"),
                            DatedValue(WorkingDays(30), "policy v2", D(2026, 4, 1)),
                        ),
                    ),
                ),
            ),
            done_by=(DoneBy("assessment_completed"),),
            ends_on=(Ender("closure_decided"),),
        ),
        "closure_letter": ObligationRule(
            kind="closure_letter",
            rule_id="testland.closure_letter",
            citation="test 6",
            triggers=(Trigger("closure_decided", fixed_period("t.cl", WorkingDays(5), "test 6")),),
            done_by=(DoneBy("closure_letter_sent"),),
        ),
    }

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        return [RegionInfo("testland", "Test Land", ("testshire",), "tests", self)]

    @hookimpl
    def adoption_rules_obligation_kinds(self, region: str) -> list[str]:
        return list(self.RULES)

    @hookimpl
    def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
        return self.RULES.get(kind)

    @hookimpl
    def adoption_rules_closure_days(self, region: str) -> list[dt.date] | None:
        return [D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)]


@pytest.fixture(scope="module")
def testland() -> Registry:
    return load_registry(installed=False, extra=[("testland", TestLand())])


# -- statuses (contract convention 8) ---------------------------------------------


@pytest.mark.parametrize(
    ("events", "as_of", "status", "done_on"),
    [
        ([ev("referral_signed_off", "2026-01-19")], D(2026, 2, 2), Status.MET, D(2026, 1, 19)),
        ([ev("referral_signed_off", "2026-01-20")], D(2026, 2, 2), Status.MET_LATE, D(2026, 1, 20)),
        ([], D(2026, 1, 19), Status.PENDING, None),  # due today is still pending
        ([], D(2026, 1, 20), Status.OVERDUE, None),
        (
            [ev("closure_decided", "2026-01-19", reason="no_further_need")],
            D(2026, 2, 2),
            Status.CANCELLED,
            None,
        ),
        # A missed deadline is not forgiven by closing the case.
        (
            [ev("closure_decided", "2026-01-20", reason="no_further_need")],
            D(2026, 2, 2),
            Status.OVERDUE,
            None,
        ),
        # Events after as_of are ignored.
        ([ev("referral_signed_off", "2026-01-16")], D(2026, 1, 15), Status.PENDING, None),
    ],
)
def test_status(
    testland: Registry,
    events: list[dict[str, Any]],
    as_of: dt.date,
    status: Status,
    done_on: dt.date | None,
) -> None:
    data = case([ev("detailed_referral_completed", "2026-01-12"), *events], region="testland")
    (ob,) = of_kind(run(data, as_of, testland), "referral_sign_off")
    assert ob.due == D(2026, 1, 19)  # 5 working days after Mon 2026-01-12
    assert (ob.status, ob.done_on) == (status, done_on)
    assert ob.decided_by == "testland"
    assert ob.period == "5 working days"
    assert ob.starts_from.event == "detailed_referral_completed"


def test_closure_days_of_the_region_are_not_working_days(testland: Registry) -> None:
    data = case([ev("detailed_referral_completed", "2025-12-23")], region="testland")
    (ob,) = of_kind(run(data, D(2026, 1, 1), testland), "referral_sign_off")
    # 24th; then 25/26 bank holidays, 29-31 closed, 1 Jan bank holiday: 2, 5, 6, 7.
    assert ob.due == D(2026, 1, 7)


def test_anchored_schedule_never_chains_and_stops_at_its_limit(testland: Registry) -> None:
    data = case(
        [ev("review_held", "2024-02-20"), ev("review_held", "2024-09-10")],
        region="testland",
        adoption_order_date="2023-08-31",
    )
    obs = of_kind(run(data, D(2030, 1, 1), testland), "plan_review")
    assert [o.due for o in obs] == [
        D(2024, 2, 29),
        D(2024, 8, 31),
        D(2025, 2, 28),
        D(2025, 8, 31),
        D(2026, 2, 28),
        D(2026, 8, 31),
    ]
    assert [o.status for o in obs[:3]] == [Status.MET, Status.MET_LATE, Status.OVERDUE]
    assert [o.occurrence for o in obs] == [1, 2, 3, 4, 5, 6]


def test_anchored_schedule_lists_up_to_the_next_occurrence(testland: Registry) -> None:
    data = case([], region="testland", adoption_order_date="2023-08-31")
    obs = of_kind(run(data, D(2024, 9, 1), testland), "plan_review")
    assert [o.due for o in obs] == [D(2024, 2, 29), D(2024, 8, 31), D(2025, 2, 28)]
    assert obs[-1].status is Status.PENDING


def test_closure_cancels_the_rest_of_an_anchored_schedule(testland: Registry) -> None:
    data = case(
        [ev("closure_decided", "2024-05-01", reason="no_further_need")],
        region="testland",
        adoption_order_date="2023-08-31",
    )
    obs = of_kind(run(data, D(2026, 1, 1), testland), "plan_review")
    assert [(o.due, o.status) for o in obs] == [
        (D(2024, 2, 29), Status.OVERDUE),
        (D(2024, 8, 31), Status.CANCELLED),
    ]


def test_extension_replaces_the_period_from_the_same_start(testland: Registry) -> None:
    base = [ev("registration_of_interest", "2025-01-31")]
    (ob,) = of_kind(run(case(base, region="testland"), D(2025, 3, 1), testland), "stage1")
    assert ob.due == D(2025, 3, 31)
    extended = [*base, ev("stage1_extended", "2025-03-20")]
    (ob,) = of_kind(run(case(extended, region="testland"), D(2025, 4, 1), testland), "stage1")
    assert (ob.due, ob.period, ob.citation) == (D(2025, 7, 31), "6 months", "test 3 extended")
    assert ob.status is Status.PENDING


def test_only_while_therapy_continues(testland: Registry) -> None:
    closing = ev("closure_decided", "2025-06-02", reason="no_further_need")
    no_therapy = run(case([closing], region="testland"), D(2026, 1, 1), testland)
    assert of_kind(no_therapy, "closed_case_review") == []
    therapy = [ev("external_therapy_started", "2025-01-06"), closing]
    (ob,) = of_kind(
        run(case(therapy, region="testland"), D(2026, 1, 1), testland), "closed_case_review"
    )
    assert (ob.due, ob.status) == (D(2026, 6, 2), Status.PENDING)
    ended = [*therapy, ev("external_therapy_ended", "2025-09-01")]
    (ob,) = of_kind(
        run(case(ended, region="testland"), D(2026, 7, 1), testland), "closed_case_review"
    )
    assert ob.status is Status.CANCELLED
    # The closure letter is not cancelled by the closure that starts it.
    (letter,) = of_kind(
        run(case(ended, region="testland"), D(2026, 7, 1), testland), "closure_letter"
    )
    assert letter.status is Status.OVERDUE


def test_the_value_in_force_on_the_starting_event_is_used(testland: Registry) -> None:
    old = run(case([ev("initial_visit", "2026-03-31")], region="testland"), D(2026, 4, 1), testland)
    new = run(case([ev("initial_visit", "2026-04-01")], region="testland"), D(2026, 4, 2), testland)
    (a,) = of_kind(old, "assessment")
    (b,) = of_kind(new, "assessment")
    assert (a.period, a.citation) == ("45 working days", "policy v1")
    assert (b.period, b.citation) == ("30 working days", "policy v2")


def test_done_events_complete_the_earliest_open_occurrence(testland: Registry) -> None:
    data = case(
        [
            ev("detailed_referral_completed", "2026-01-05"),
            ev("detailed_referral_completed", "2026-01-12"),
            ev("referral_signed_off", "2026-01-12"),
        ],
        region="testland",
    )
    obs = of_kind(run(data, D(2026, 2, 2), testland), "referral_sign_off")
    assert [(o.starts_from.date, o.status) for o in obs] == [
        (D(2026, 1, 5), Status.MET),
        (D(2026, 1, 12), Status.OVERDUE),
    ]


def test_a_done_event_before_the_start_does_not_count(testland: Registry) -> None:
    data = case(
        [ev("referral_signed_off", "2026-01-02"), ev("detailed_referral_completed", "2026-01-05")],
        region="testland",
    )
    (ob,) = of_kind(run(data, D(2026, 1, 6), testland), "referral_sign_off")
    assert ob.status is Status.PENDING


# -- the England baseline -----------------------------------------------------------


def test_placement_reviews_follow_e9(registry: Registry) -> None:
    data = case(
        [ev("review_held", "2024-03-01"), ev("review_held", "2024-05-31")],
        placement_date="2024-02-01",
        adoption_order_date="2024-09-30",
    )
    obs = of_kind(run(data, D(2025, 1, 1), registry), "placement_review")
    assert [(o.due, o.period, o.status) for o in obs] == [
        (D(2024, 2, 29), "4 weeks", Status.MET_LATE),  # 2024-02-01 + 28 days
        (D(2024, 6, 1), "3 months", Status.MET),  # 3 months after the first review
        (D(2024, 11, 30), "6 months", Status.CANCELLED),  # the order came first
    ]
    assert all(o.decided_by == "england" for o in obs)


def test_approval_review_is_cancelled_by_a_match(registry: Registry) -> None:
    data = case([ev("adm_decision", "2024-02-29", outcome="approved"), ev("matched", "2024-10-01")])
    (ob,) = of_kind(run(data, D(2026, 1, 1), registry), "approval_review")
    assert (ob.due, ob.status) == (D(2025, 2, 28), Status.CANCELLED)


def test_irm_after_a_decision_not_to_approve(registry: Registry) -> None:
    data = case(
        [
            ev("adm_decision", "2026-11-30", outcome="not_approved"),
            ev("irm_application", "2026-12-14"),
        ]
    )
    result = run(data, D(2026, 12, 15), registry)
    (window,) = of_kind(result, "irm_application_window")
    (papers,) = of_kind(result, "irm_documents")
    assert (window.due, window.status) == (D(2027, 1, 28), Status.OPEN)
    # 10 working days from Mon 2026-12-14: 15-18, 21-24, (25, 28 off), 29, 30.
    assert (papers.due, papers.status) == (D(2026, 12, 30), Status.PENDING)
    assert of_kind(result, "approval_review") == []


def test_window_closes_after_its_due_date(registry: Registry) -> None:
    data = case([ev("plan_proposed", "2026-01-05")])
    (ob,) = of_kind(run(data, D(2026, 2, 2), registry), "representations_window")
    assert (ob.due, ob.status) == (D(2026, 2, 2), Status.OPEN)
    (ob,) = of_kind(run(data, D(2026, 2, 3), registry), "representations_window")
    assert ob.status is Status.CLOSED


def test_step_parent_adoption_has_no_assessment_duty(registry: Registry) -> None:
    events = [ev("screening_completed", "2026-01-07", outcome="assessment")]
    agency = run(case(events), D(2026, 2, 1), registry)
    step = run(case(events, adoption_route="step_parent"), D(2026, 2, 1), registry)
    (ob,) = of_kind(agency, "assessment")
    assert (ob.due, ob.status) == (None, Status.PENDING)
    assert of_kind(step, "assessment") == []


def test_tracking_from_hides_what_fell_due_before_records_began(registry: Registry) -> None:
    facts = {"placement_date": "2019-02-04", "adoption_order_date": "2019-11-18"}
    untracked = run(case([], **facts), D(2026, 1, 1), registry)
    assert [o.due for o in of_kind(untracked, "placement_review")] == [D(2019, 3, 4)]
    tracked = run(case([], tracking_from="2025-01-01", **facts), D(2026, 1, 1), registry)
    assert of_kind(tracked, "placement_review") == []


def test_obligations_are_sorted_by_due_nulls_last_then_kind(registry: Registry) -> None:
    data = case(
        [
            ev("screening_completed", "2026-01-07", outcome="assessment"),
            ev("plan_proposed", "2026-01-05"),
            ev("financial_support_agreed", "2025-02-02"),
            ev("registration_of_interest", "2025-12-02"),
        ]
    )
    obs = run(data, D(2026, 1, 10), registry).obligations
    assert [(o.kind, o.due) for o in obs] == [
        ("financial_support_review", D(2026, 2, 2)),
        ("representations_window", D(2026, 2, 2)),
        ("stage1", D(2026, 2, 2)),
        ("assessment", None),
    ]


# -- responsible authority (E1) -----------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "facts", "events", "expected"),
    [
        (D(2019, 6, 1), {"adoption_order_date": "2019-11-18"}, [], "stoke-on-trent"),
        (D(2022, 11, 17), {"adoption_order_date": "2019-11-18"}, [], "stoke-on-trent"),
        (D(2022, 11, 18), {"adoption_order_date": "2019-11-18"}, [], "staffordshire"),
        (D(2023, 2, 27), {"adoption_order_date": "2020-02-29"}, [], "stoke-on-trent"),
        (D(2023, 2, 28), {"adoption_order_date": "2020-02-29"}, [], "staffordshire"),
        (
            D(2026, 1, 1),
            {"adoption_order_date": "2019-11-18"},
            [ev("family_moved", "2025-06-01", local_authority="shropshire")],
            "shropshire",
        ),
        (
            D(2025, 1, 1),
            {"adoption_order_date": "2019-11-18"},
            [ev("family_moved", "2025-06-01", local_authority="shropshire")],
            "staffordshire",
        ),
        (D(2026, 1, 1), {}, [], "stoke-on-trent"),
    ],
)
def test_responsible_authority_e1(
    registry: Registry,
    as_of: dt.date,
    facts: dict[str, str],
    events: list[dict[str, Any]],
    expected: str,
) -> None:
    data = case(
        events, local_authority="staffordshire", placing_authority="stoke-on-trent", **facts
    )
    assert run(data, as_of, registry).responsible_authority == expected


def test_responsible_authority_is_null_when_facts_are_missing(registry: Registry) -> None:
    assert run(case([]), D(2026, 1, 1), registry).responsible_authority is None


# -- warnings and stages ------------------------------------------------------------


def test_late_assessment_without_reason_warns(testland: Registry) -> None:
    events = [ev("initial_visit", "2025-01-06"), ev("assessment_completed", "2025-06-02")]
    result = run(case(events, region="testland"), D(2025, 7, 1), testland)
    assert [w.code for w in result.warnings] == ["late_without_reason"]
    with_reason = [events[0], ev("assessment_completed", "2025-06-02", late_reason="illness")]
    result = run(case(with_reason, region="testland"), D(2025, 7, 1), testland)
    assert result.warnings == ()
    assert "illness" not in repr(structure_case(case(with_reason, region="testland")).events)


def test_plan_approved_during_representations_warns(registry: Registry) -> None:
    events = [ev("plan_proposed", "2026-01-05"), ev("plan_approved", "2026-01-09")]
    result = run(case(events), D(2026, 3, 1), registry)
    assert [w.code for w in result.warnings] == ["decided_during_representations"]
    answered = [*events[:1], ev("representations_received", "2026-01-08"), events[1]]
    assert run(case(answered), D(2026, 3, 1), registry).warnings == ()


@pytest.mark.parametrize(
    ("events", "code"),
    [
        ([ev("assessment_completed", "2026-01-05")], "assessment_without_initial_visit"),
        (
            [ev("closure_decided", "2026-01-05", reason="review"), ev("review_held", "2026-02-01")],
            "event_after_closure",
        ),
    ],
)
def test_out_of_order_steps_warn_not_crash(
    registry: Registry, events: list[dict[str, Any]], code: str
) -> None:
    result = run(case(events), D(2026, 3, 1), registry)
    assert code in [w.code for w in result.warnings]


@pytest.mark.parametrize(
    ("events", "stage", "approval"),
    [
        ([], None, None),
        ([ev("referral_received", "2026-01-05")], "referral", None),
        ([ev("screening_completed", "2026-01-05", outcome="advice_and_close")], "closed", None),
        ([ev("initial_visit", "2026-01-05")], "assessment", None),
        ([ev("plan_approved", "2026-01-05")], "review", None),
        ([ev("closure_decided", "2026-01-05", reason="review")], "closure", None),
        ([ev("stage2_started", "2026-01-05")], None, "stage2"),
        ([ev("adm_decision", "2026-01-05", outcome="not_approved")], None, "not_approved"),
    ],
)
def test_stage(
    registry: Registry, events: list[dict[str, Any]], stage: str | None, approval: str | None
) -> None:
    result = run(case(events), D(2026, 3, 1), registry)
    assert (result.stage, result.approval_stage) == (stage, approval)


# -- properties ---------------------------------------------------------------------

EVENT_POOL = [
    ev("detailed_referral_completed", "2026-01-05"),
    ev("referral_signed_off", "2026-01-09"),
    ev("initial_visit", "2026-01-12"),
    ev("assessment_completed", "2026-03-02"),
    ev("plan_proposed", "2026-03-03"),
    ev("plan_approved", "2026-03-20"),
    ev("review_held", "2026-06-01"),
    ev("closure_decided", "2026-07-01", reason="review"),
    ev("closure_letter_sent", "2026-07-06"),
    ev("external_therapy_started", "2026-02-01"),
    ev("registration_of_interest", "2026-01-20"),
    ev("stage1_completed", "2026-03-10"),
]


@settings(max_examples=60, deadline=None)
@given(st.permutations(EVENT_POOL), st.dates(D(2026, 1, 1), D(2027, 12, 31)))
def test_event_order_does_not_matter(
    testland: Registry, events: list[dict[str, Any]], as_of: dt.date
) -> None:
    expected = run(
        case(EVENT_POOL, region="testland", adoption_order_date="2025-12-01"), as_of, testland
    )
    shuffled = run(
        case(events, region="testland", adoption_order_date="2025-12-01"), as_of, testland
    )
    assert unstructure(shuffled) == unstructure(expected)


@settings(max_examples=60, deadline=None)
@given(st.dates(D(2026, 1, 1), D(2027, 12, 31)))
def test_events_after_as_of_are_ignored(testland: Registry, as_of: dt.date) -> None:
    seen = [e for e in EVENT_POOL if D.fromisoformat(e["date"]) <= as_of]
    full = run(case(EVENT_POOL, region="testland"), as_of, testland)
    cut = run(case(seen, region="testland"), as_of, testland)
    assert unstructure(full) == unstructure(cut)


def test_evaluate_is_deterministic(testland: Registry) -> None:
    rng = random.Random(7)
    events = rng.sample(EVENT_POOL, len(EVENT_POOL))
    a = run(case(events, region="testland"), D(2026, 8, 1), testland)
    b = run(case(events, region="testland"), D(2026, 8, 1), testland)
    assert a == b


def test_no_rule_is_an_explicit_answer(testland: Registry) -> None:
    # testland has no representations_window rule of its own: the baseline's applies.
    policy = testland.policy("testland")
    resolved = policy.rule("representations_window")
    assert resolved is not None and resolved.decided_by == "england"
    # The baseline answers NO_RULE for kinds without a national rule.
    assert policy.rule("review_record_shared") is None
    assert isinstance(NoRule(), NoRule)


def test_an_extension_after_stage1_was_done_changes_nothing(testland: Registry) -> None:
    events = [
        ev("registration_of_interest", "2025-01-31"),
        ev("stage1_completed", "2025-04-07"),
        ev("stage1_extended", "2025-04-10"),
    ]
    (ob,) = of_kind(run(case(events, region="testland"), D(2025, 5, 1), testland), "stage1")
    assert (ob.due, ob.period, ob.status) == (D(2025, 3, 31), "2 months", Status.MET_LATE)


def test_a_due_transfer_is_part_of_the_result(registry: Registry) -> None:
    # T13: adopted over three years, family living outside the partnership area.
    data = case(
        [ev("review_held", "2026-10-01")],
        region="together4children",
        adoption_order_date="2022-05-03",
        placing_authority="stoke-on-trent",
        local_authority="lincolnshire",
    )
    result = run(data, D(2026, 11, 23), registry)
    assert result.transfer is not None
    assert result.transfer.due is True
    assert result.transfer.to == "lincolnshire"
    assert result.transfer.decided_by == "together4children"
    assert unstructure(result)["transfer"]["due"] is True
    inside = run({**data, "local_authority": "shropshire"}, D(2026, 11, 23), registry)
    assert inside.transfer is not None and inside.transfer.due is False


@pytest.mark.parametrize(
    ("ended", "status"),
    [("2025-01-10", Status.CANCELLED), ("2025-02-04", Status.OVERDUE)],
)
def test_financial_support_ended_moots_the_financial_support_review(
    registry: Registry, ended: str, status: Status
) -> None:
    # Contract convention 8 (revised, catalogue R1): the end of the financial
    # support ends its review, closing the support case does not; a review
    # already overdue stays overdue.
    data = case(
        [
            ev("financial_support_agreed", "2024-02-03"),
            ev("closure_decided", "2024-06-01", reason="no_further_need"),
            ev("financial_support_ended", ended),
        ]
    )
    (ob,) = of_kind(run(data, D(2025, 6, 1), registry), "financial_support_review")
    assert (ob.due, ob.status) == (D(2025, 2, 3), status)


def test_the_engine_is_reachable_from_the_package_and_loads_lazily() -> None:
    import subprocess
    import sys

    import adoption_rules

    assert adoption_rules.evaluate is evaluate
    assert adoption_rules.structure_case is structure_case
    code = "import adoption_rules, sys; print('adoption_rules.api' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = adoption_rules.nope


def test_every_period_value_a_rule_can_use_has_its_text(registry: Registry) -> None:
    """The engine writes an obligation's period as the dated value's text, worked out once."""
    checked = 0
    for name in registry.names:
        for resolved in registry.policy(name).rules:
            for param in resolved.rule.params():
                for entry in param.history:
                    if isinstance(entry, DatedValue):
                        expected = None if entry.value is None else str(entry.value)
                        assert entry.text == expected
                        checked += 1
    assert checked > 50


class _Witness:
    """An add-on that records the events every per-case hook is shown."""

    def __init__(self) -> None:
        self.seen: dict[str, tuple[str, ...]] = {}

    def _saw(self, hook: str, case: Case) -> None:
        self.seen[hook] = tuple(f"{e.type}@{e.date}" for e in case.events)

    @hookimpl
    def adoption_rules_case_warnings(
        self, region: str, case: Case, obligations: list[Obligation], as_of: dt.date
    ) -> None:
        self._saw("warnings", case)

    @hookimpl
    def adoption_rules_responsible_authority(self, case: Case, as_of: dt.date) -> None:
        self._saw("authority", case)

    @hookimpl
    def adoption_rules_transfer(self, case: Case, as_of: dt.date) -> None:
        self._saw("transfer", case)


@pytest.mark.parametrize("later", [False, True])
def test_plugins_see_the_case_as_it_stood_on_as_of(later: bool) -> None:
    """Contract convention 9: events after as_of are not shown to plugins either."""
    witness = _Witness()
    registry = load_registry(installed=False, extra=[("witness", witness)])
    events = [ev("referral_received", "2026-01-05"), ev("initial_visit", "2026-01-12")]
    if later:
        events.append(ev("assessment_completed", "2026-03-02"))
    run(case(events), D(2026, 2, 1), registry)
    shown = ("referral_received@2026-01-05", "initial_visit@2026-01-12")
    assert witness.seen == {"warnings": shown, "authority": shown, "transfer": shown}


class _TwoConditions:
    """A region whose only rule starts on an event matching two field conditions."""

    RULE = ObligationRule(
        kind="closure_letter",
        rule_id="twoland.closure_letter",
        citation="test 7",
        triggers=(
            Trigger(
                "closure_decided",
                fixed_period("t2.cl", WorkingDays(5), "test 7"),
                where=(("reason", "no_further_need"), ("date", D(2026, 1, 19))),
            ),
        ),
        done_by=(DoneBy("closure_letter_sent"),),
    )

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        return [RegionInfo("twoland", "Two Land", ("twoshire",), "tests", self)]

    @hookimpl
    def adoption_rules_obligation_kinds(self, region: str) -> list[str]:
        return ["closure_letter"] if region == "twoland" else []

    @hookimpl
    def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
        return self.RULE if region == "twoland" and kind == "closure_letter" else None


@pytest.mark.parametrize(
    ("reason", "day", "starts"),
    [
        ("no_further_need", "2026-01-19", True),
        ("no_further_need", "2026-01-20", False),
        ("failure_to_engage", "2026-01-19", False),
    ],
)
def test_a_trigger_with_two_conditions_needs_both(reason: str, day: str, starts: bool) -> None:
    registry = load_registry(installed=False, extra=[("twoland", _TwoConditions())])
    result = run(
        case([ev("closure_decided", day, reason=reason)], region="twoland"), D(2026, 2, 2), registry
    )
    letters = [
        ob for ob in of_kind(result, "closure_letter") if ob.rule == "twoland.closure_letter"
    ]
    assert len(letters) == (1 if starts else 0)
