"""Leicestershire (seed 004_9a30a8a3aa6820d9.txt): every L row, as tables of scenarios.

Expected dates are worked by hand: calendar months clamp to the month's end
(2023-12-31 + 2 months = 2024-02-29), the anchored six-monthly reviews are
computed from the order date each time (2023-08-31: 2024-02-29, 2024-08-31,
2025-02-28, ...), and working days skip the England bank holidays (2022-09-19
state funeral, 2023-05-08 coronation, Easter and May 2025, Christmas 2026 with
the 2026-12-28 substitute day).
"""

from __future__ import annotations

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
    of_kind,
    rows,
    run,
    scenario,
)

from adoption_rules.core.periods import Months
from adoption_rules.core.rules import Param
from adoption_rules.regions import leicestershire as lei

NAME = "leicestershire"
SEED = "004_9a30a8a3aa6820d9.txt"


class TestLeicestershire(RegionContract):
    module: ClassVar[ModuleType] = lei
    name = NAME
    councils = ("leicestershire",)
    seed = SEED
    own_kinds = frozenset(
        {
            "stage1",
            "stage2",
            "adm_decision",
            "irm_application_window",
            "irm_documents",
            "irm_panel",
            "plan_review",
            "financial_support_review",
            "approval_review",
        }
    )
    baseline_kinds = frozenset({"assessment", "representations_window", "placement_review"})
    absent_kinds = frozenset(
        {
            "referral_sign_off",
            "review_record_shared",
            "change_review",
            "closure_letter",
            "closed_case_review",
        }
    )
    hooks: ClassVar[frozenset[str]] = RegionContract.hooks | {
        "adoption_rules_referral_route",
        "adoption_rules_responsibility_matters",
        "adoption_rules_responsibility",
    }
    catalogue_rows = frozenset(f"L{i}" for i in range(1, 13))


REVIEWS_2023_08_31 = [
    ev("review_held", "2024-02-20"),
    ev("review_held", "2024-08-30"),
    ev("review_held", "2025-02-28"),
    ev("review_held", "2025-09-15"),
    ev("review_held", "2026-02-27"),
]

DEADLINES = [
    # -- L1 stage1: 2 months from registration, 6 months once extended (7.2) --
    scenario(
        "L1", "7.2", "stage1",
        [ev("registration_of_interest", "2023-12-31"), ev("stage1_completed", "2024-02-29")],
        "2024-03-01", [("2024-02-29", "met", "2024-02-29")],
        "31 Dec + 2 months = 29 Feb 2024",
    ),
    scenario(
        "L1", "7.2", "stage1",
        [ev("registration_of_interest", "2025-12-31")],
        "2026-03-01", [("2026-02-28", "overdue", None)],
        "31 Dec + 2 months = 28 Feb 2026",
    ),
    scenario(
        "L1", "7.2", "stage1",
        [
            ev("registration_of_interest", "2024-08-31"),
            ev("stage1_extended", "2024-10-01"),
            ev("stage1_completed", "2025-01-15"),
        ],
        "2025-02-01", [("2025-02-28", "met", "2025-01-15")],
        "extended: 31 Aug + 6 months = 28 Feb, without restarting",
    ),
    scenario(
        "L1", "7.2", "stage1",
        [ev("registration_of_interest", "2024-08-31"), ev("stage1_extended", "2024-10-01")],
        "2024-09-30", [("2024-10-31", "pending", None)],
        "extension after as_of not yet seen: 2 months",
    ),
    scenario(
        "L1", "7.2", "stage1",
        [ev("registration_of_interest", "2024-08-31")],
        "2024-11-01", [("2024-10-31", "overdue", None)],
        "not extended, not completed",
    ),
    scenario(
        "L1", "7.2", "stage1",
        [ev("registration_of_interest", "2024-08-31"), ev("stage1_extended", "2024-11-15")],
        "2024-12-01", [("2025-02-28", "pending", None)],
        "reading: 6 months once the extension is recorded, even after the 2 months",
    ),
    # -- L2 stage2: 4 months from its start, done by the ADM's decision (7.2) --
    scenario(
        "L2", "7.2", "stage2",
        [ev("stage2_started", "2024-10-31"), ev("adm_decision", "2025-02-27", outcome="approved")],
        "2025-03-01", [("2025-02-28", "met", "2025-02-27")],
        "31 Oct + 4 months = 28 Feb",
    ),
    scenario(
        "L2", "7.2", "stage2",
        [ev("stage2_started", "2023-10-31")],
        "2024-02-29", [("2024-02-29", "pending", None)],
        "due 29 Feb 2024, pending on the day",
    ),
    scenario(
        "L2", "7.2", "stage2",
        [
            ev("stage2_started", "2024-10-31"),
            ev("adm_decision", "2025-03-03", outcome="not_approved"),
        ],
        "2025-04-01", [("2025-02-28", "met_late", "2025-03-03")],
        "a decision either way ends Stage 2; late",
    ),
    # -- L4 adm_decision: 7 working days from the final minutes (7.3) --
    scenario(
        "L4", "7.3", "adm_decision",
        [
            ev("panel_minutes_received", "2025-04-15"),
            ev("adm_decision", "2025-04-28", outcome="approved"),
        ],
        "2025-05-01", [("2025-04-28", "met", "2025-04-28")],
        "Easter 2025 skipped, decided on the last day",
    ),
    scenario(
        "L4", "7.3", "adm_decision",
        [
            ev("panel_minutes_received", "2023-05-03"),
            ev("adm_decision", "2023-05-16", outcome="approved"),
        ],
        "2023-06-01", [("2023-05-15", "met_late", "2023-05-16")],
        "coronation skipped, a day late",
    ),
    scenario(
        "L4", "7.3", "adm_decision",
        [ev("panel_minutes_received", "2026-12-18")],
        "2026-12-31", [("2026-12-31", "pending", None)],
        "Christmas 2026 and the substitute Mon 28 Dec skipped",
    ),
    # -- L5 IRM: 40 WD to apply, 10 WD for the papers, panel within 3 months (7.3) --
    scenario(
        "L5", "7.3", "irm_application_window",
        [ev("adm_decision", "2025-03-20", outcome="not_approved")],
        "2025-05-20", [("2025-05-20", "open", None)],
        "40 WD over Easter and May Day 2025, open on its last day",
    ),
    scenario(
        "L5", "7.3", "irm_application_window",
        [ev("adm_decision", "2025-03-20", outcome="not_approved")],
        "2025-05-21", [("2025-05-20", "closed", None)],
        "closed the day after",
    ),
    scenario(
        "L5", "7.3", "irm_application_window",
        [ev("adm_decision", "2025-03-20", outcome="approved")],
        "2025-05-21", [],
        "approved: no window",
    ),
    scenario(
        "L5", "7.3", "irm_documents",
        [ev("irm_application", "2022-09-12"), ev("irm_documents_sent", "2022-09-23")],
        "2022-10-01", [("2022-09-27", "met", "2022-09-23")],
        "state funeral skipped",
    ),
    scenario(
        "L5", "7.3", "irm_documents",
        [ev("irm_application", "2025-04-17"), ev("irm_documents_sent", "2025-05-07")],
        "2025-06-01", [("2025-05-06", "met_late", "2025-05-07")],
        "Easter and May Day 2025 skipped, a day late",
    ),
    scenario(
        "L5", "7.3", "irm_panel",
        [ev("irm_application", "2023-11-30"), ev("irm_panel_held", "2024-03-01")],
        "2024-04-01", [("2024-02-29", "met_late", "2024-03-01")],
        "30 Nov + 3 months = 29 Feb 2024",
    ),
    scenario(
        "L5", "7.3", "irm_panel",
        [ev("irm_application", "2025-05-31")],
        "2025-09-01", [("2025-08-31", "overdue", None)],
        "due on a Sunday is reported as it falls",
    ),
    # -- L6 plan_review: order + 6, 12, ..., 36 months, anchored (7.5) --
    scenario(
        "L6", "7.5", "plan_review",
        REVIEWS_2023_08_31,
        "2027-01-01",
        [
            ("2024-02-29", "met", "2024-02-20"),
            ("2024-08-31", "met", "2024-08-30"),
            ("2025-02-28", "met", "2025-02-28"),
            ("2025-08-31", "met_late", "2025-09-15"),
            ("2026-02-28", "met", "2026-02-27"),
            ("2026-08-31", "overdue", None),
        ],
        "six reviews from 31 Aug 2023, anchored, no seventh",
        adoption_order_date="2023-08-31",
    ),
    scenario(
        "L6", "7.5", "plan_review",
        [],
        "2024-06-01", [("2024-02-29", "overdue", None), ("2024-08-31", "pending", None)],
        "listed up to the next one due",
        adoption_order_date="2023-08-31",
    ),
    scenario(
        "L6", "7.5", "plan_review",
        [ev("review_held", "2024-09-15")],
        "2024-10-01", [("2024-07-31", "met_late", "2024-09-15"), ("2025-01-31", "pending", None)],
        "a late review does not move the next: anchored, not rolling",
        adoption_order_date="2024-01-31",
    ),
    scenario(
        "L6", "7.5", "plan_review",
        [ev("review_held", "2023-08-01")],
        "2024-03-01", [("2024-02-29", "overdue", None), ("2024-08-31", "pending", None)],
        "a review before the order does not count",
        placement_date="2023-03-01", adoption_order_date="2023-08-31",
    ),
    scenario(
        "L6", "7.5", "plan_review",
        [ev("closure_decided", "2024-05-01", reason="no_further_need")],
        "2025-01-01", [("2024-02-29", "overdue", None), ("2024-08-31", "cancelled", None)],
        "closure ends the schedule; the missed one stays overdue",
        adoption_order_date="2023-08-31",
    ),
    scenario(
        "L6", "7.5", "plan_review",
        [],
        "2025-01-05", [],
        "order after as_of: none yet",
        adoption_order_date="2025-01-10",
    ),
    # -- L8 financial_support_review: yearly, rolling (7.6, 10) --
    scenario(
        "L8", "7.6, 10", "financial_support_review",
        [
            ev("financial_support_agreed", "2024-02-29"),
            ev("financial_support_reviewed", "2025-03-03"),
        ],
        "2025-06-01", [("2025-02-28", "met_late", "2025-03-03"), ("2026-03-03", "pending", None)],
        "29 Feb + 12 months = 28 Feb, next from the review",
    ),
    scenario(
        "L8", "7.6, 10", "financial_support_review",
        [
            ev("financial_support_agreed", "2023-01-31"),
            ev("financial_support_reviewed", "2024-01-15"),
            ev("financial_support_reviewed", "2025-01-10"),
        ],
        "2025-02-01",
        [
            ("2024-01-31", "met", "2024-01-15"),
            ("2025-01-15", "met", "2025-01-10"),
            ("2026-01-10", "pending", None),
        ],
        "at least annually: each review restarts the year",
    ),
    scenario(
        "L8", "7.6, 10", "financial_support_review",
        [
            ev("financial_support_agreed", "2024-02-29"),
            ev("closure_decided", "2024-06-01", reason="no_further_need"),
        ],
        "2025-06-01", [("2025-02-28", "overdue", None)],
        "R1: closure does not end it (payments outlive the support case)",
    ),
    scenario(
        "L8", "7.6, 10", "financial_support_review",
        [
            ev("financial_support_agreed", "2024-02-29"),
            ev("financial_support_ended", "2024-06-01"),
        ],
        "2025-06-01", [("2025-02-28", "cancelled", None)],
        "R1: the end of the financial support makes it moot (contract convention 8)",
    ),
    # -- L9 approval_review: yearly while approved and not matched (12, 8) --
    scenario(
        "L9", "12, 8", "approval_review",
        [
            ev("adm_decision", "2024-02-29", outcome="approved"),
            ev("approval_review_held", "2025-02-28"),
            ev("matched", "2025-06-01"),
        ],
        "2025-07-01", [("2025-02-28", "met", "2025-02-28"), ("2026-02-28", "cancelled", None)],
        "reviewed at a year, then matched",
    ),
    scenario(
        "L9", "12, 8", "approval_review",
        [ev("adm_decision", "2024-05-31", outcome="approved")],
        "2025-06-01", [("2025-05-31", "overdue", None)],
        "due on a Saturday, not reviewed",
    ),
    scenario(
        "L9", "12, 8", "approval_review",
        [ev("adm_decision", "2024-05-31", outcome="approved"), ev("matched", "2024-11-01")],
        "2025-06-01", [("2025-05-31", "cancelled", None)],
        "matched within the year: cancelled",
    ),
    scenario(
        "L9", "12, 8", "approval_review",
        [ev("adm_decision", "2024-05-31", outcome="not_approved")],
        "2025-06-01", [],
        "not approved: none",
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


def test_an_extended_stage1_says_so() -> None:
    """7.2: the extended period and its citation are the ones reported."""
    result = run(
        NAME,
        [ev("registration_of_interest", "2024-08-31"), ev("stage1_extended", "2024-10-01")],
        "2024-12-01",
    )
    (stage1,) = of_kind(result, "stage1")
    assert stage1.period == "6 months"
    assert stage1.citation == cited(SEED, "7.2")
    (rule,) = [r for r in lei.REGION.rules.values() if r.kind == "stage1"]
    assert rule.extension is not None
    assert rule.extension.period.current.value == Months(6)


def test_plan_review_occurrences_are_numbered_one_to_six() -> None:
    result = run(NAME, REVIEWS_2023_08_31, "2030-01-01", adoption_order_date="2023-08-31")
    assert [ob.occurrence for ob in of_kind(result, "plan_review")] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        pytest.param(
            [
                ev("registration_of_interest", "2024-01-10"),
                ev("stage1_completed", "2024-03-01"),
                ev("registration_of_interest", "2025-01-10"),
                ev("stage1_extended", "2025-02-01"),
            ],
            [("2024-03-10", "met", "2024-03-01"), ("2025-07-10", "pending", None)],
            id="L1 7.2 extending a second Stage 1 does not extend the first",
        ),
        pytest.param(
            [
                ev("registration_of_interest", "2024-01-10"),
                ev("stage1_completed", "2024-04-01"),
                ev("stage1_extended", "2024-05-01"),
            ],
            [("2024-03-10", "met_late", "2024-04-01")],
            id="L1 7.2 an extension after Stage 1 ended does not excuse lateness",
        ),
    ],
)
def test_extension_only_extends_the_open_stage1(events: Events, expected: list[Row]) -> None:
    assert rows(run(NAME, events, "2025-03-01"), "stage1") == expected


# -- Policy data, not deadlines ---------------------------------------------------------

DATA_ROWS = [
    pytest.param("L3", lei.PANEL_FREQUENCY, "7.3, 8", "14 days", id="L3 7.3 panel fortnightly"),
    pytest.param("L7", lei.PLACED_FAMILIES_SUPPORT_PERIOD, "7.6", "3 years",
                 id="L7 7.6 families it placed, three years from the order"),
    pytest.param("L7", lei.RESIDENT_ADOPTERS_SUPPORT, "7.6", "reside in the authority",
                 id="L7 7.6 any adopters living in the county"),
    pytest.param("L10", lei.SPECIAL_GUARDIANSHIP_SUPPORT, "9", "SGO allowance which is means "
                 "tested and reviewed annually", id="L10 9 special guardianship support"),
    pytest.param("L11", lei.COMPLAINT_STAGES, "13", "local resolution",
                 id="L11 13 complaints in three stages"),
    pytest.param("L11", lei.CHILD_ADVOCATE, "13", "entitled to an advocate",
                 id="L11 13 a child is entitled to an advocate"),
    pytest.param("L12", lei.INTERCOUNTRY_REFERRAL, "7.7", "Yorkshire Adoption Agency",
                 id="L12 7.7 intercountry applicants referred"),
    pytest.param("L12", lei.NON_AGENCY_ADOPTION, "7.8", "Annex A report",
                 id="L12 7.8 non-agency adoptions"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "param", "section", "expected"), DATA_ROWS)
def test_policy_data(row: str, param: Param[Any], section: str, expected: str) -> None:
    assert lei.REGION.policy_data[param.name] is param
    citation = param.current.citation
    assert cited(SEED, section) in citation
    assert row in lei.REGION.data_sources[param.name].rows
    assert holds(param.current.value, expected)


def test_complaints_have_three_stages() -> None:
    assert list(lei.COMPLAINT_STAGES.current.value) == ["stage one", "stage two", "stage three"]
