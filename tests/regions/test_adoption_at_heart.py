"""Adoption@Heart (seed 001_5a198d102c392edc.txt): every H row, as tables of scenarios.

The seed's sections are numbered 1-7; section 6 (the Adoption Support Plan) holds
every deadline.  Expected dates are worked by hand from the England bank
holidays (2022-09-19 state funeral, 2023-05-08 coronation, Easter 2025 18 and
21 April, Christmas 2026 with the 2026-12-28 substitute day).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any, ClassVar

import pytest
from region_contract import (
    REGISTRY,
    SCENARIO_FIELDS,
    Events,
    RegionContract,
    Row,
    check_scenario,
    cited,
    codes,
    ev,
    holds,
    rows,
    run,
    scenario,
)

from adoption_rules.core.rules import Param
from adoption_rules.regions import adoption_at_heart as aah

NAME = "adoption_at_heart"
SEED = "001_5a198d102c392edc.txt"


class TestAdoptionAtHeart(RegionContract):
    module: ClassVar[ModuleType] = aah
    name = NAME
    councils = ("wolverhampton", "dudley", "sandwell", "walsall")
    seed = SEED
    own_kinds = frozenset({"representations_window", "change_review"})
    baseline_kinds = frozenset(
        {
            "assessment",
            "placement_review",
            "financial_support_review",
            "stage1",
            "stage2",
            "irm_application_window",
            "irm_documents",
            "approval_review",
        }
    )
    absent_kinds = frozenset(
        {
            "referral_sign_off",
            "plan_review",
            "review_record_shared",
            "closure_letter",
            "closed_case_review",
            "adm_decision",
            "irm_panel",
        }
    )
    no_rule_kinds = frozenset({"plan_review"})
    hooks: ClassVar[frozenset[str]] = RegionContract.hooks | {
        "adoption_rules_case_warnings",
        "adoption_rules_information_duties",
        "adoption_rules_responsibility_matters",
        "adoption_rules_responsibility",
    }
    catalogue_rows = frozenset(f"H{i}" for i in range(1, 12))


DEADLINES = [
    # -- H5 representations_window: 10 working days from plan_proposed (6) --
    scenario(
        "H5", "6", "representations_window",
        [ev("plan_proposed", "2025-04-15")],
        "2025-05-01", [("2025-05-01", "open", None)],
        "Easter 2025 skipped, open on its last day",
    ),
    scenario(
        "H5", "6", "representations_window",
        [ev("plan_proposed", "2025-04-15")],
        "2025-05-02", [("2025-05-01", "closed", None)],
        "closed the day after",
    ),
    scenario(
        "H5", "6", "representations_window",
        [ev("plan_proposed", "2026-12-14")],
        "2026-12-30", [("2026-12-30", "open", None)],
        "Christmas 2026 and the substitute Mon 28 Dec skipped",
    ),
    scenario(
        "H5", "6", "representations_window",
        [ev("plan_proposed", "2025-04-15"), ev("closure_decided", "2025-04-17", reason="review")],
        "2025-04-20", [("2025-05-01", "open", None)],
        "a window protects the person: closing the case does not close it",
    ),
    # -- H9 representations_window: 10 working days from variation_proposed (6) --
    scenario(
        "H9", "6", "representations_window",
        [ev("variation_proposed", "2022-09-12", kind="terminate")],
        "2022-09-27", [("2022-09-27", "open", None)],
        "proposal to end support, state funeral skipped",
    ),
    scenario(
        "H9", "6", "representations_window",
        [ev("variation_proposed", "2024-02-29", kind="vary")],
        "2024-03-15", [("2024-03-14", "closed", None)],
        "proposal to vary from 29 Feb 2024",
    ),
    scenario(
        "H9", "6", "representations_window",
        [ev("variation_proposed", "2023-05-06", kind="vary")],
        "2023-05-10", [("2023-05-22", "open", None)],
        "sent on a Saturday, coronation Mon 8 skipped",
    ),
    # -- H7 placement_review: the E9 schedule, left to the England baseline (6) --
    scenario(
        "H7", "6", "placement_review",
        [ev("review_held", "2024-02-28")],
        "2024-03-01", [("2024-02-28", "met", "2024-02-28"), ("2024-05-28", "pending", None)],
        "first within 4 weeks of placement, second 3 months after it",
        by="england", placement_date="2024-01-31",
    ),
    scenario(
        "H7", "6", "placement_review",
        [ev("review_held", "2024-02-28")],
        "2024-06-01", [("2024-02-28", "met", "2024-02-28"), ("2024-05-28", "cancelled", None)],
        "none once the order is made",
        by="england", placement_date="2024-01-31", adoption_order_date="2024-04-30",
    ),
    # -- H7 change_review before the order: 4 weeks from a significant change (6) --
    scenario(
        "H7", "6", "change_review",
        [ev("change_of_circumstances", "2024-02-01"), ev("review_held", "2024-02-29")],
        "2024-03-10", [("2024-02-29", "met", "2024-02-29")],
        "4 weeks lands on 29 Feb, reviewed that day",
        placement_date="2024-01-08",
    ),
    scenario(
        "H7", "6", "change_review",
        [ev("change_of_circumstances", "2024-01-31")],
        "2024-03-01", [("2024-02-28", "overdue", None)],
        "order not yet made, no review",
        placement_date="2024-01-08", adoption_order_date="2024-06-01",
    ),
    scenario(
        "H7", "6", "change_review",
        [ev("change_of_circumstances", "2025-03-03"), ev("review_held", "2025-04-02")],
        "2025-05-01", [("2025-03-31", "met_late", "2025-04-02")],
        "reviewed two days late",
        placement_date="2025-01-06",
    ),
    scenario(
        "H7", "6", "change_review",
        [ev("change_of_circumstances", "2024-02-01", significant=False)],
        "2024-03-10", [],
        "a change that is not significant, before the order: none",
        placement_date="2024-01-08",
    ),
    scenario(
        "H7", "6", "change_review",
        [
            ev("change_of_circumstances", "2024-02-01"),
            ev("closure_decided", "2024-02-10", reason="no_further_need"),
        ],
        "2024-03-10", [("2024-02-29", "cancelled", None)],
        "closed before due: cancelled",
        placement_date="2024-01-08",
    ),
    # -- H8 change_review after the order: no time limit, due null (6) --
    scenario(
        "H8", "6", "change_review",
        [ev("change_of_circumstances", "2024-03-01")],
        "2024-06-01", [(None, "pending", None)],
        "after the order: listed with no due date",
        adoption_order_date="2023-05-08",
    ),
    scenario(
        "H8", "6", "change_review",
        [ev("change_of_circumstances", "2024-03-01"), ev("review_held", "2024-09-01")],
        "2024-10-01", [(None, "met", "2024-09-01")],
        "reviewed whenever: met",
        adoption_order_date="2023-05-08",
    ),
    scenario(
        "H8", "6", "change_review",
        [ev("change_of_circumstances", "2023-05-08")],
        "2023-06-30", [(None, "pending", None)],
        "a change on the order date counts as after the order",
        adoption_order_date="2023-05-08",
    ),
    scenario(
        "H8", "6", "change_review",
        [ev("change_of_circumstances", "2024-03-01", significant=False)],
        "2024-06-01", [(None, "pending", None)],
        "after the order any change brought to notice counts",
        adoption_order_date="2023-05-08",
    ),
    scenario(
        "H8", "6", "change_review",
        [
            ev("change_of_circumstances", "2024-03-01"),
            ev("closure_decided", "2024-04-01", reason="no_further_need"),
        ],
        "2024-06-01", [(None, "cancelled", None)],
        "closed: cancelled",
        adoption_order_date="2023-05-08",
    ),
    scenario(
        "H7, H8", "6", "change_review",
        [ev("change_of_circumstances", "2024-02-01"), ev("change_of_circumstances", "2024-07-01")],
        "2024-08-01", [("2024-02-29", "overdue", None), (None, "pending", None)],
        "one change before the order (4 weeks), one after (no limit)",
        placement_date="2024-01-08", adoption_order_date="2024-06-01",
    ),
    # -- H8 no plan_review cadence (6) --
    scenario(
        "H8", "6", "plan_review",
        [ev("assessment_completed", "2023-06-01"), ev("review_held", "2024-01-10")],
        "2025-06-01", [],
        "no plan_review after the order, however long",
        adoption_order_date="2023-05-08",
    ),
]  # fmt: skip


@pytest.mark.parametrize(SCENARIO_FIELDS, DEADLINES)
def test_deadlines(
    section: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[Row],
    by: str | None,
    facts: dict[str, object],
) -> None:
    check_scenario(NAME, SEED, section, kind, events, as_of, expected, by, facts)


def test_one_review_does_the_placement_review_and_the_change_review() -> None:
    """6: the plan is reviewed at the placement review, which also answers the change."""
    result = run(
        NAME,
        [ev("change_of_circumstances", "2024-02-01"), ev("review_held", "2024-02-28")],
        "2024-03-01",
        placement_date="2024-01-31",
    )
    assert rows(result, "change_review") == [("2024-02-29", "met", "2024-02-28")]
    assert rows(result, "placement_review")[0] == ("2024-02-28", "met", "2024-02-28")


def test_plan_review_is_explicitly_absent() -> None:
    assert REGISTRY.policy(NAME).rule("plan_review") is None
    absent = aah.REGION.no_rules["plan_review"]
    assert aah.adoption_rules_obligation_rule(NAME, "plan_review") is absent


# -- Warning: decided_during_representations (H5), from the England baseline ---------

WARNINGS = [
    pytest.param(
        [ev("plan_proposed", "2025-04-15"), ev("plan_approved", "2025-04-25")],
        ["decided_during_representations"], id="H5 6 approved inside the window, none received",
    ),
    pytest.param(
        [ev("plan_proposed", "2025-04-15"), ev("plan_approved", "2025-05-01")],
        ["decided_during_representations"], id="H5 6 approved on the window's last day",
    ),
    pytest.param(
        [
            ev("plan_proposed", "2025-04-15"),
            ev("representations_received", "2025-04-22"),
            ev("plan_approved", "2025-04-25"),
        ],
        [], id="H5 6 approved after representations were received",
    ),
    pytest.param(
        [ev("plan_proposed", "2025-04-15"), ev("plan_approved", "2025-05-02")],
        [], id="H5 6 approved after the window closed",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("events", "expected"), WARNINGS)
def test_warnings(events: Events, expected: list[str]) -> None:
    assert codes(run(NAME, events, "2025-06-01")) == expected


# -- Policy data, not deadlines ---------------------------------------------------------

DATA_ROWS = [
    pytest.param("H1", aah.INFORMATION_RECIPIENTS, "2", "wishes to adopt a child",
                 id="H1 2 information recipients"),
    pytest.param("H1", aah.INFORMATION_TOPICS, "2", "Adoption passport",
                 id="H1 2 information topics"),
    pytest.param("H1", aah.PROSPECTIVE_ADOPTER_INFORMATION, "2", "life story book and later "
                 "life letter", id="H1 2 extra items for prospective adopters"),
    pytest.param("H2", aah.ASSESSMENT_STAGES, "4", "Prospective Adopter's Report",
                 id="H2 4 when to assess"),
    pytest.param("H3", aah.ONE_OFF_SERVICE, "5", "a full plan will not be required",
                 id="H3 5 one-off service"),
    pytest.param("H4", aah.PLAN_CONTENTS, "6", "The criteria that will be used to evaluate",
                 id="H4 6 plan contents"),
    pytest.param("H6", aah.PLAN_APPROVAL, "6, Approval", "Team Manager (Adoption Support)",
                 id="H6 6 plan approval"),
    pytest.param("H6", aah.PLAN_DISTRIBUTION, "6, Distribution", "Independent Reviewing Officer",
                 id="H6 6 plan distribution"),
    pytest.param("H10", aah.URGENT_SUPPORT, "6, Urgent Cases", "before a Plan is drawn up",
                 id="H10 6 urgent cases"),
    pytest.param("H11", aah.FINANCIAL_SUPPORT, "3, 7", "signposting to the relevant local "
                 "authority", id="H11 3 financial support signposted"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "param", "section", "expected"), DATA_ROWS)
def test_policy_data(row: str, param: Param[Any], section: str, expected: str) -> None:
    assert aah.REGION.policy_data[param.name] is param
    citation = param.current.citation
    assert cited(SEED, section) in citation
    assert row in aah.REGION.data_sources[param.name].rows
    assert holds(param.current.value, expected)


def test_a_plan_sets_out_five_things() -> None:
    assert len(aah.PLAN_CONTENTS.current.value) == 5
