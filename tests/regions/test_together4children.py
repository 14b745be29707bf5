"""Together4Children (seed 000_1775740ee4c9f50c.txt): every T row, as tables of scenarios.

Each row gives the catalogue row and seed section, the case's events, the
evaluation date, and the expected (due, status, done_on) of each obligation
of the kind, worked by hand from the England bank holidays (2022-09-19 state
funeral, 2023-05-08 coronation, Easter 2024 29 March and 1 April, Easter 2025
18 and 21 April, 2025-05-05 and 26 May, Christmas 2025, 2026-12-28 substitute
Boxing Day, 2027-01-01).
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
    codes,
    ev,
    holds,
    run,
    scenario,
)

from adoption_rules.core.model import ClosureReason, ScreeningOutcome
from adoption_rules.core.rules import Param
from adoption_rules.regions import together4children as t4c

NAME = "together4children"
SEED = "000_1775740ee4c9f50c.txt"


class TestTogether4Children(RegionContract):
    module: ClassVar[ModuleType] = t4c
    name = NAME
    councils = ("shropshire", "staffordshire", "stoke-on-trent", "telford-and-wrekin")
    seed = SEED
    own_kinds = frozenset(
        {
            "referral_sign_off",
            "assessment",
            "plan_review",
            "review_record_shared",
            "closure_letter",
            "closed_case_review",
        }
    )
    baseline_kinds = frozenset(
        {
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
    absent_kinds = frozenset({"change_review", "adm_decision", "irm_panel"})
    hooks: ClassVar[frozenset[str]] = RegionContract.hooks | {
        "adoption_rules_case_warnings",
        "adoption_rules_referral_route",
        "adoption_rules_statutory_threshold",
        "adoption_rules_transfer",
        "adoption_rules_information_duties",
        "adoption_rules_support_offer",
    }
    catalogue_rows = frozenset(f"T{i}" for i in range(1, 17))


DEADLINES = [
    # -- T4 referral_sign_off: 5 working days from detailed_referral_completed (7.10) --
    scenario(
        "T4", "7.10", "referral_sign_off",
        [ev("detailed_referral_completed", "2026-01-12"), ev("referral_signed_off", "2026-01-16")],
        "2026-02-02", [("2026-01-19", "met", "2026-01-16")],
        "Mon+5WD=next Mon, signed Fri",
    ),
    scenario(
        "T4", "7.10", "referral_sign_off",
        [ev("detailed_referral_completed", "2025-04-16"), ev("referral_signed_off", "2025-04-28")],
        "2025-05-01", [("2025-04-25", "met_late", "2025-04-28")],
        "Easter 2025 skips Fri 18 and Mon 21",
    ),
    scenario(
        "T4", "7.10", "referral_sign_off",
        [ev("detailed_referral_completed", "2023-05-06")],
        "2023-05-15", [("2023-05-15", "pending", None)],
        "Saturday start, coronation Mon 8 skipped, due today still pending",
    ),
    scenario(
        "T4", "7.10", "referral_sign_off",
        [ev("detailed_referral_completed", "2023-05-06")],
        "2023-05-16", [("2023-05-15", "overdue", None)],
        "overdue the day after",
    ),
    scenario(
        "T4", "7.10", "referral_sign_off",
        [
            ev("detailed_referral_completed", "2025-12-22"),
            ev("closure_decided", "2025-12-24", reason="no_further_need"),
        ],
        "2026-01-10", [("2025-12-31", "cancelled", None)],
        "Christmas 2025 skipped, closed before due: cancelled",
    ),
    scenario(
        "T4", "7.10", "referral_sign_off",
        [
            ev("detailed_referral_completed", "2022-09-14"),
            ev("closure_decided", "2022-09-30", reason="failure_to_engage"),
        ],
        "2022-10-05", [("2022-09-22", "overdue", None)],
        "state funeral 2022-09-19 skipped, closed after due: stays overdue",
    ),
    scenario(
        "T4", "7.10", "referral_sign_off",
        [ev("detailed_referral_completed", "2026-01-12"), ev("referral_signed_off", "2026-01-16")],
        "2026-01-14", [("2026-01-19", "pending", None)],
        "sign-off after as_of is not seen",
    ),
    # -- T6 assessment: 45 working days from initial_visit (8.4) --
    scenario(
        "T6", "8.4", "assessment",
        [ev("initial_visit", "2025-04-01"), ev("assessment_completed", "2025-06-09")],
        "2025-07-01", [("2025-06-09", "met", "2025-06-09")],
        "Easter and May 2025 bank holidays skipped, met on the day",
    ),
    scenario(
        "T6", "8.4", "assessment",
        [ev("initial_visit", "2025-04-01"), ev("assessment_completed", "2025-06-10")],
        "2025-07-01", [("2025-06-09", "met_late", "2025-06-10")],
        "a day late",
    ),
    scenario(
        "T6", "8.4", "assessment",
        [ev("initial_visit", "2024-02-29")],
        "2024-05-07", [("2024-05-07", "pending", None)],
        "from 29 Feb 2024, Easter 2024 and 6 May skipped",
    ),
    scenario(
        "T6", "8.4", "assessment",
        [ev("initial_visit", "2026-11-02")],
        "2027-01-08", [("2027-01-07", "overdue", None)],
        "Christmas 2026 with substitute Mon 28 Dec and 1 Jan 2027 skipped",
    ),
    scenario(
        "T6", "8.4", "assessment",
        [
            ev("initial_visit", "2025-04-01"),
            ev("closure_decided", "2025-05-01", reason="failure_to_engage"),
        ],
        "2025-07-01", [("2025-06-09", "cancelled", None)],
        "closed before due: cancelled",
    ),
    scenario(
        "T6", "8.4", "assessment",
        [ev("initial_visit", "2025-04-01")],
        "2025-07-01", [],
        "step-parent adoption: no duty to assess (E3)",
        adoption_route="step_parent",
    ),
    scenario(
        "T6", "8.4", "assessment",
        [ev("screening_completed", "2025-04-01", outcome="assessment")],
        "2025-07-01", [],
        "the clock starts at the initial visit, not at screening",
    ),
    # -- T8 plan_review: 12 months after the assessment, then after each review (10.1) --
    scenario(
        "T8", "10.1", "plan_review",
        [ev("assessment_completed", "2024-02-29"), ev("review_held", "2025-02-20")],
        "2025-06-01", [("2025-02-28", "met", "2025-02-20"), ("2026-02-20", "pending", None)],
        "29 Feb + 12 months = 28 Feb, next rolls from the review",
    ),
    scenario(
        "T8", "10.1", "plan_review",
        [ev("assessment_completed", "2023-01-31"), ev("review_held", "2024-03-01")],
        "2024-06-01", [("2024-01-31", "met_late", "2024-03-01"), ("2025-03-01", "pending", None)],
        "late review, next 12 months after it",
    ),
    scenario(
        "T8", "10.1", "plan_review",
        [ev("assessment_completed", "2024-08-30")],
        "2025-09-01", [("2025-08-30", "overdue", None)],
        "due on a Saturday is reported as it falls",
    ),
    scenario(
        "T8", "10.1", "plan_review",
        [
            ev("assessment_completed", "2025-01-15"),
            ev("closure_decided", "2025-06-01", reason="no_further_need"),
        ],
        "2026-03-01", [("2026-01-15", "cancelled", None)],
        "unless already closed before this date",
    ),
    scenario(
        "T8", "10.1", "plan_review",
        [ev("review_held", "2024-01-10"), ev("assessment_completed", "2024-02-01")],
        "2024-06-01", [("2025-02-01", "pending", None)],
        "a review before the assessment does not count",
    ),
    # -- T9 review_record_shared: 7 working days from each review_held (10.4) --
    scenario(
        "T9", "10.4", "review_record_shared",
        [ev("review_held", "2025-04-14"), ev("review_shared", "2025-04-24")],
        "2025-05-01", [("2025-04-25", "met", "2025-04-24")],
        "Easter 2025 skipped",
    ),
    scenario(
        "T9", "10.4", "review_record_shared",
        [
            ev("review_held", "2025-04-14"),
            ev("review_shared", "2025-04-24"),
            ev("review_held", "2026-12-21"),
        ],
        "2027-01-05", [("2025-04-25", "met", "2025-04-24"), ("2027-01-04", "overdue", None)],
        "each review: the second over Christmas 2026 and 1 Jan 2027",
    ),
    scenario(
        "T9", "10.4", "review_record_shared",
        [ev("review_held", "2022-09-12"), ev("review_shared", "2022-09-23")],
        "2022-10-01", [("2022-09-22", "met_late", "2022-09-23")],
        "state funeral skipped, shared a day late",
    ),
    scenario(
        "T9", "10.4", "review_record_shared",
        [
            ev("review_held", "2025-04-14"),
            ev("closure_decided", "2025-04-16", reason="review"),
        ],
        "2025-05-01", [("2025-04-25", "overdue", None)],
        "R1: closure does not end the record of a review held",
    ),
    # -- T11 closure_letter: 5 working days from closure_decided (11.3) --
    scenario(
        "T11", "11.3", "closure_letter",
        [
            ev("closure_decided", "2025-04-17", reason="assessment_complete"),
            ev("closure_letter_sent", "2025-04-28"),
        ],
        "2025-05-01", [("2025-04-28", "met", "2025-04-28")],
        "Maundy Thursday + Easter 2025",
    ),
    scenario(
        "T11", "11.3", "closure_letter",
        [
            ev("closure_decided", "2023-05-05", reason="no_further_need"),
            ev("closure_letter_sent", "2023-05-16"),
        ],
        "2023-06-01", [("2023-05-15", "met_late", "2023-05-16")],
        "Friday before the coronation",
    ),
    scenario(
        "T11", "11.3", "closure_letter",
        [ev("closure_decided", "2025-12-24", reason="failure_to_engage")],
        "2026-01-06", [("2026-01-05", "overdue", None)],
        "Christmas 2025 and 1 Jan 2026; not cancelled by the closure itself",
    ),
    # -- T12 closed_case_review: every 12 months while external therapy continues (11.4) --
    scenario(
        "T12", "11.4", "closed_case_review",
        [
            ev("external_therapy_started", "2024-01-10"),
            ev("closure_decided", "2024-02-29", reason="no_further_need"),
            ev("review_held", "2025-02-27"),
        ],
        "2025-06-01", [("2025-02-28", "met", "2025-02-27"), ("2026-02-27", "pending", None)],
        "closed on 29 Feb in therapy, reviewed, next from the review",
    ),
    scenario(
        "T12", "11.4", "closed_case_review",
        [
            ev("external_therapy_started", "2024-01-10"),
            ev("closure_decided", "2024-02-29", reason="no_further_need"),
            ev("review_held", "2025-02-27"),
            ev("external_therapy_ended", "2025-06-30"),
        ],
        "2025-07-01", [("2025-02-28", "met", "2025-02-27"), ("2026-02-27", "pending", None)],
        "R2: therapy ends: the review then open still concludes it",
    ),
    scenario(
        "T12", "11.4", "closed_case_review",
        [
            ev("external_therapy_started", "2024-01-10"),
            ev("closure_decided", "2024-03-15", reason="no_further_need"),
            ev("review_held", "2025-04-01"),
        ],
        "2025-05-01", [("2025-03-15", "met_late", "2025-04-01"), ("2026-04-01", "pending", None)],
        "due on a Saturday, reviewed late",
    ),
    scenario(
        "T12", "11.4", "closed_case_review",
        [
            ev("external_therapy_started", "2024-01-10"),
            ev("closure_decided", "2024-03-15", reason="no_further_need"),
            ev("external_therapy_ended", "2025-05-01"),
        ],
        "2025-06-01", [("2025-03-15", "overdue", None)],
        "therapy ends after a missed review: stays overdue",
    ),
    scenario(
        "T12", "11.4", "closed_case_review",
        [ev("closure_decided", "2024-03-15", reason="no_further_need")],
        "2025-06-01", [],
        "no external therapy: none",
    ),
    scenario(
        "T12", "11.4", "closed_case_review",
        [
            ev("external_therapy_started", "2024-01-10"),
            ev("external_therapy_ended", "2024-03-01"),
            ev("closure_decided", "2024-03-15", reason="no_further_need"),
        ],
        "2025-06-01", [],
        "therapy ended before closure: none",
    ),
    scenario(
        "T12", "11.4", "closed_case_review",
        [
            ev("closure_decided", "2024-03-15", reason="no_further_need"),
            ev("external_therapy_started", "2024-04-01"),
        ],
        "2025-06-01", [],
        "therapy started after closure: none",
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


def test_a_whole_support_case() -> None:
    """7.10, 8.4, 10.1, 11.3, 11.4: referral to closure while in external therapy.

    Initial visit Tue 2026-01-27 + 45 WD = Tue 2026-03-31; closure Fri 2026-05-01 +
    5 WD = Mon 2026-05-11 (May Day 2026-05-04 skipped); closure cancels the plan review
    but not the closure letter or the closed-case review.
    """
    result = run(
        NAME,
        [
            ev("referral_received", "2026-01-05"),
            ev("screening_completed", "2026-01-07", outcome="assessment"),
            ev("detailed_referral_completed", "2026-01-12"),
            ev("referral_signed_off", "2026-01-16"),
            ev("consent_signed", "2026-01-26"),
            ev("initial_visit", "2026-01-27"),
            ev("assessment_completed", "2026-03-20"),
            ev("external_therapy_started", "2026-04-01"),
            ev("closure_decided", "2026-05-01", reason="no_further_need"),
            ev("closure_letter_sent", "2026-05-06"),
        ],
        "2026-06-01",
        local_authority="staffordshire",
        placing_authority="stoke-on-trent",
    )
    got = [
        (ob.kind, str(ob.due), ob.status.value, ob.done_on and str(ob.done_on))
        for ob in result.obligations
    ]
    assert got == [
        ("referral_sign_off", "2026-01-19", "met", "2026-01-16"),
        ("assessment", "2026-03-31", "met", "2026-03-20"),
        ("closure_letter", "2026-05-11", "met", "2026-05-06"),
        ("plan_review", "2027-03-20", "cancelled", None),
        ("closed_case_review", "2027-05-01", "pending", None),
    ]
    assert {ob.decided_by for ob in result.obligations} == {NAME}
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("start", "due", "provisional"),
    [
        pytest.param("2026-01-12", "2026-01-19", False, id="T4 7.10 inside the announced years"),
        pytest.param(
            "2028-12-22",
            "2029-01-03",
            True,
            id="T4 7.10 Fri 22 Dec 2028, past the last announced bank holiday (26 Dec 2028)",
        ),
    ],
)
def test_a_deadline_past_the_announced_bank_holidays_is_provisional(
    start: str, due: str, provisional: bool
) -> None:
    """Contract convention 10; 2028-12-25/26 and 2029-01-01 skipped."""
    result = run(NAME, [ev("detailed_referral_completed", start)], start)
    (ob,) = result.obligations
    assert (str(ob.due), ob.provisional) == (due, provisional)


# -- Warnings: T5 assessment_without_consent (8.2), T6 late_without_reason (8.4) ------

WARNINGS = [
    pytest.param(
        [ev("initial_visit", "2026-02-02")], "2026-02-03",
        ["assessment_without_consent"], id="T5 8.2 no consent at all",
    ),
    pytest.param(
        [ev("consent_signed", "2026-01-30"), ev("initial_visit", "2026-02-02")], "2026-02-03",
        [], id="T5 8.2 consent signed before the visit",
    ),
    pytest.param(
        [ev("initial_visit", "2026-02-02"), ev("consent_signed", "2026-02-02")], "2026-02-03",
        [], id="T5 8.2 consent signed at the first visit, same day",
    ),
    pytest.param(
        [ev("initial_visit", "2026-02-02"), ev("consent_signed", "2026-02-03")], "2026-02-04",
        ["assessment_without_consent"], id="T5 8.2 consent signed the day after the visit",
    ),
    pytest.param(
        [
            ev("initial_visit", "2025-03-03"),
            ev("consent_signed", "2025-03-10"),
            ev("initial_visit", "2026-02-02"),
        ],
        "2026-02-03",
        ["assessment_without_consent"], id="T5 8.2 two visits, only the first before consent",
    ),
    pytest.param(
        [ev("consent_signed", "2026-01-30")], "2026-02-03",
        [], id="T5 8.2 consent without a visit yet",
    ),
    pytest.param(
        [
            ev("consent_signed", "2025-03-31"),
            ev("initial_visit", "2025-04-01"),
            ev("assessment_completed", "2025-06-10"),
        ],
        "2025-07-01",
        ["late_without_reason"], id="T6 8.4 late with no reason recorded",
    ),
    pytest.param(
        [
            ev("consent_signed", "2025-03-31"),
            ev("initial_visit", "2025-04-01"),
            ev("assessment_completed", "2025-06-10", late_reason="complex needs"),
        ],
        "2025-07-01",
        [], id="T6 8.4 late with the manager's reason",
    ),
    pytest.param(
        [
            ev("consent_signed", "2025-03-31"),
            ev("initial_visit", "2025-04-01"),
            ev("assessment_completed", "2025-06-09"),
        ],
        "2025-07-01",
        [], id="T6 8.4 on time",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("events", "as_of", "expected"), WARNINGS)
def test_warnings(events: Events, as_of: str, expected: list[str]) -> None:
    assert codes(run(NAME, events, as_of)) == expected


def test_consent_warning_names_the_visit_and_the_seed() -> None:
    (warning,) = run(NAME, [ev("initial_visit", "2026-02-02")], "2026-02-03").warnings
    assert "2026-02-02" in warning.message
    assert cited(SEED, "8.2") in warning.message


def test_consent_warning_is_together4childrens_only() -> None:
    result = run("england", [ev("initial_visit", "2026-02-02")], "2026-02-03")
    assert "assessment_without_consent" not in codes(result)


# -- Policy data, not deadlines: each in the seed's words with its citation ----------

DATA_ROWS = [
    pytest.param("T1", t4c.HUBS, "7.1", "Locality Permanency Hub", id="T1 7.1 hubs"),
    pytest.param("T1", t4c.SELF_REFERRAL_CHANNELS, "7.1", "the Together4Children Website",
                 id="T1 7.1 self-referral channels"),
    pytest.param("T2", t4c.SCREENING_OUTCOMES, "7.2, 7.4, 7.5", "the referral will be closed",
                 id="T2 7.2 screening outcomes"),
    pytest.param("T3", t4c.SAFEGUARDING_CRITERIA, "7.5", "imminent risk of placement breakdown",
                 id="T3 7.5 safeguarding criteria"),
    pytest.param("T3", t4c.SAFEGUARDING_ROUTES, "7.5, 7.6", "Multi Agency Safeguarding Hub",
                 id="T3 7.5 safeguarding routes"),
    pytest.param("T5", t4c.CONSENT_BEFORE_ASSESSMENT, "8.2", "before the assessment commences",
                 id="T5 8.2 consent before assessment"),
    pytest.param("T7", t4c.SEQUENTIAL_MODEL, "8.6, 9", "core offer are in place before",
                 id="T7 8.6 sequential model"),
    pytest.param("T7", t4c.EXTERNAL_THERAPY_FUNDING, "8.7", "Adoption Support Fund",
                 id="T7 8.7 external therapy funding"),
    pytest.param("T10", t4c.CLOSURE_REASONS, "11.1", "Failure of the family to engage.",
                 id="T10 11.1 closure reasons"),
    pytest.param("T13", t4c.TRANSFER_AFTER, "Process of Transfer", "3 years",
                 id="T13 transfer after three years"),
    pytest.param("T13", t4c.TRANSFER_RECENT_ASSESSMENT, "Process of Transfer", "3 months",
                 id="T13 assessment or review within 3 months"),
    pytest.param("T14", t4c.STATUTORY_REFERRAL_THRESHOLDS, "12.2", "S47 Children Act 1989",
                 id="T14 12.2 thresholds"),
    pytest.param("T14", t4c.STATUTORY_REFERRAL_DECISION, "12.3", "clearly recorded",
                 id="T14 12.3 manager's decision recorded"),
    pytest.param("T15", t4c.STATUTORY_REFERRAL_ROUTES, "12.5", "contact SCASS by phone",
                 id="T15 12.5 statutory referral routes"),
    pytest.param("T16", t4c.INFORMATION_RECIPIENTS, "4.1", "wishes to adopt a child",
                 id="T16 4.1 information recipients"),
    pytest.param("T16", t4c.INFORMATION_TOPICS, "4.2", "Priority school admissions",
                 id="T16 4.2 information topics"),
    pytest.param("T16", t4c.CORE_OFFER, "5.1", "Virtual School", id="T16 5.1 core offer"),
    pytest.param("T16", t4c.SPECIALIST_OFFER, "6.1", "Financial support (subject to regular",
                 id="T16 6.1 specialist offer"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "param", "section", "expected"), DATA_ROWS)
def test_policy_data(row: str, param: Param[Any], section: str, expected: str) -> None:
    assert t4c.REGION.policy_data[param.name] is param
    citation = param.current.citation
    assert cited(SEED, section) in citation
    assert row in t4c.REGION.data_sources[param.name].rows
    assert holds(param.current.value, expected)


def test_screening_outcomes_cover_every_contract_outcome() -> None:
    assert set(t4c.SCREENING_OUTCOMES.current.value) == set(ScreeningOutcome)


def test_closure_reasons_cover_every_contract_reason() -> None:
    assert set(t4c.CLOSURE_REASONS.current.value) == set(ClosureReason)


def test_hubs_and_safeguarding_routes_cover_every_council() -> None:
    assert tuple(t4c.HUBS.current.value) == t4c.COUNCILS
    assert tuple(t4c.SAFEGUARDING_ROUTES.current.value) == t4c.COUNCILS


def test_statutory_referral_routes_are_only_those_the_seed_gives() -> None:
    # 12.5 names Stoke-on-Trent, Staffordshire and "JAS" (read as Shropshire, R12, and said
    # so); nothing for Telford and Wrekin.
    routes = t4c.STATUTORY_REFERRAL_ROUTES.current.value
    assert routes == {
        "stoke-on-trent": "contact the CHaD service by phone to make a referral",
        "staffordshire": "contact SCASS by phone to make a referral",
        "shropshire": "contact Compass to make a referral",
    }
    source = t4c.REGION.data_sources[t4c.STATUTORY_REFERRAL_ROUTES.name]
    assert "JAS" in source.reading and "not the seed" in source.reading


def test_statutory_referral_thresholds_are_the_five_of_12_2() -> None:
    assert len(t4c.STATUTORY_REFERRAL_THRESHOLDS.current.value) == 5
