"""Adoption West (seed 003_9f7fae36d35d9718.txt): W1-W8 as data; deadlines from the baseline.

The specification divides roles between the councils and the RAA and sets no
deadline for a case: every obligation follows the England baseline.  The
scenario table checks a few of them through the region, with dates worked by
hand (29 February clamping, Easter and May 2025 bank holidays).
"""

from __future__ import annotations

import datetime as dt
from types import ModuleType
from typing import Any, ClassVar

import pytest
from region_contract import (
    SCENARIO_FIELDS,
    Events,
    RegionContract,
    Row,
    check_scenario,
    cited,
    ev,
    holds,
    scenario,
)

from adoption_rules.core.rules import Param
from adoption_rules.regions import adoption_west as aw

NAME = "adoption_west"
SEED = "003_9f7fae36d35d9718.txt"


class TestAdoptionWest(RegionContract):
    module: ClassVar[ModuleType] = aw
    name = NAME
    councils = (
        "bath-and-north-east-somerset",
        "bristol",
        "gloucestershire",
        "north-somerset",
        "south-gloucestershire",
        "wiltshire",
    )
    seed = SEED
    own_kinds = frozenset()
    baseline_kinds = frozenset(
        {
            "assessment",
            "representations_window",
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
            "change_review",
            "closure_letter",
            "closed_case_review",
            "adm_decision",
            "irm_panel",
        }
    )
    hooks: ClassVar[frozenset[str]] = RegionContract.hooks | {
        "adoption_rules_referral_route",
        "adoption_rules_statutory_threshold",
        "adoption_rules_responsibility_matters",
        "adoption_rules_responsibility",
        "adoption_rules_priority_child",
    }
    catalogue_rows = frozenset(f"W{i}" for i in range(1, 9))


BASELINE = [
    scenario(
        "W7", "Table 1, 1.2", "stage1",
        [ev("registration_of_interest", "2024-12-31")],
        "2025-03-01", [("2025-02-28", "overdue", None)],
        "Stage One is the RAA's; E10 2 months, 31 Dec clamps to 28 Feb",
        by="england",
    ),
    scenario(
        "W1", "Table 1, 1.1", "placement_review",
        [],
        "2024-02-28", [("2024-02-28", "pending", None)],
        "before the order; E9 first review 4 weeks after placement",
        by="england", placement_date="2024-01-31",
    ),
    scenario(
        "W1", "Table 1, 1.3", "representations_window",
        [ev("plan_proposed", "2025-04-15")],
        "2025-05-13", [("2025-05-13", "open", None)],
        "E6 national default of 28 days",
        by="england",
    ),
    scenario(
        "W1", "Table 1, 1.3", "financial_support_review",
        [ev("financial_support_agreed", "2024-02-29")],
        "2025-03-01", [("2025-02-28", "overdue", None)],
        "allowances paid by the council; E8 yearly from 29 Feb",
        by="england",
    ),
    scenario(
        "W7", "Table 1, 1.2", "irm_application_window",
        [ev("adm_decision", "2025-03-20", outcome="not_approved")],
        "2025-05-21", [("2025-05-20", "closed", None)],
        "E11 40 working days over Easter and May Day 2025",
        by="england",
    ),
    scenario(
        "W1", "Table 1, 1.3", "assessment",
        [ev("screening_completed", "2025-04-01", outcome="assessment")],
        "2026-04-01", [(None, "pending", None)],
        "E2 no national time limit",
        by="england",
    ),
]  # fmt: skip


@pytest.mark.parametrize(SCENARIO_FIELDS, BASELINE)
def test_deadlines_follow_the_baseline(
    section: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[Row],
    by: str | None,
    facts: dict[str, object],
) -> None:
    check_scenario(NAME, SEED, section, kind, events, as_of, expected, by, facts)


DATA_ROWS = [
    pytest.param("W1", aw.CASE_RESPONSIBILITY, "Table 1, 1.1", "until the making of the Adoption "
                 "Order", id="W1 1.1 council keeps case responsibility until the order"),
    pytest.param("W1", aw.SUPPORT_RESPONSIBILITIES, "Table 1, 1.3", "provide or commission all "
                 "adoption support services", id="W1 1.3 RAA provides support"),
    pytest.param("W1", aw.SUPPORT_RESPONSIBILITIES, "Table 1, 1.3", "not included in the core "
                 "offer", id="W1 1.3 council decides funding outside the core offer"),
    pytest.param("W1", aw.SUPPORT_RESPONSIBILITIES, "Table 1, 1.3", "Adoption allowances will be "
                 "paid for by each LA", id="W1 1.3 council pays allowances"),
    pytest.param("W2", aw.REFERRAL_ROUTES, "Table 1, 1.3", "signpost all referrals for support",
                 id="W2 1.3 support referrals signposted to the RAA"),
    pytest.param("W2", aw.REFERRAL_ROUTES, "Table 1, 1.3", "section 47 enquiry",
                 id="W2 1.3 safeguarding referral to the council"),
    pytest.param("W3", aw.OUT_OF_HOURS, "Table 1, 1.3", "Emergency Duty Team",
                 id="W3 1.3 out of hours"),
    pytest.param("W4", aw.LETTERBOX, "Table 1, 1.3", "oversee Letterbox contact",
                 id="W4 1.3 letterbox"),
    pytest.param("W5", aw.PRIORITY_CHILD_CRITERIA, "Table 1, 1.1", "Aged four or over",
                 id="W5 1.1 priority children"),
    pytest.param("W6", aw.RECORDS_ACCESS, "Table 1, 1.3", "LA for historic cases",
                 id="W6 1.3 records access"),
    pytest.param("W6", aw.RAA_CASES_FROM, "Table 1, 1.3", "2019-03-01",
                 id="W6 reading RAA cases from 1 March 2019"),
    pytest.param("W7", aw.APPROVAL_FUNCTIONS, "Table 1, 1.2", "responsible for all approvals",
                 id="W7 1.2 approvals are the RAA's"),
    pytest.param("W7", aw.MATCHING_DECISION, "Table 1, 1.1", "Matching decision",
                 id="W7 1.1 matching is the council's ADM"),
    pytest.param("W8", aw.BOARD_REPORTING_INTERVAL, "10.1", "3 months",
                 id="W8 10.1 quarterly to the Management Board"),
    pytest.param("W8", aw.COUNCIL_REPORTING_INTERVAL, "Table 2, 2.2", "6 months",
                 id="W8 2.2 every 6 months to each council"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "param", "section", "expected"), DATA_ROWS)
def test_policy_data(row: str, param: Param[Any], section: str, expected: str) -> None:
    assert aw.REGION.policy_data[param.name] is param
    citation = param.current.citation
    assert cited(SEED, section) in citation
    assert row in aw.REGION.data_sources[param.name].rows
    assert holds(param.current.value, expected)


def test_priority_children_are_the_four_criteria_of_the_seed() -> None:
    assert aw.PRIORITY_CHILD_CRITERIA.current.value == (
        "Aged four or over",
        "From a BME heritage",
        "Part of a sibling group of two or more",
        "Has a disability or medical condition",
    )


def test_raa_start_date_says_it_is_the_catalogues_reading() -> None:
    value = aw.RAA_CASES_FROM.current
    assert value.value == dt.date(2019, 3, 1)
    assert "not the seed's" in aw.REGION.data_sources[aw.RAA_CASES_FROM.name].reading


def test_region_has_no_rules_of_its_own() -> None:
    assert aw.REGION.rules == {}
    assert aw.adoption_rules_obligation_kinds(NAME) == []
