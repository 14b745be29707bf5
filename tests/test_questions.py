"""Questions beyond deadlines (adoption_rules.questions), as tables a policy officer can check.

Each row names the catalogue row and the seed section it encodes; the answer's
``citation`` must name them too.  Then the question hooks one by one
(``test_hook_<name>``: each region's answer, the baseline's, an add-on's), and
the command line (``route``, ``threshold``, ``transfer``, ``eligibility``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from adoption_rules.cli import questions as questions_cli
from adoption_rules.core.model import AdoptionRoute, Case, ScreeningOutcome
from adoption_rules.core.sources import SEED_TITLES
from adoption_rules.io.converter import structure_case
from adoption_rules.plugins import england as baseline
from adoption_rules.plugins.dispatch import PluginError
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry
from adoption_rules.questions import (
    ChildFacts,
    Concern,
    Eligibility,
    PriorityAnswer,
    ReferralRoute,
    Requester,
    ThresholdAnswer,
    ThresholdRoute,
    assessment_eligibility,
    information_duties,
    priority_child,
    responsibilities,
    route_referral,
    statutory_threshold,
    support_offer,
    transfer_due,
)
from adoption_rules.regions import adoption_at_heart as aah
from adoption_rules.regions import adoption_west as aw
from adoption_rules.regions import together4children as t4c

#: The policies, by title: a citation names the document, not its file (catalogue R13).
T4C = SEED_TITLES["000_1775740ee4c9f50c.txt"]
AAH = SEED_TITLES["001_5a198d102c392edc.txt"]
AW = SEED_TITLES["003_9f7fae36d35d9718.txt"]
LEI = SEED_TITLES["004_9a30a8a3aa6820d9.txt"]
#: National citations name the law or guidance (catalogue R13).
E1 = "Adoption Support Services Regulations 2005, reg 7"
E14 = (
    "Adoption and Special Guardianship Leadership Board, Key Elements of an Adoption Support "
    "Service, 9"
)
DAY = dt.date(2026, 1, 5)


def make_case(region: str, events: list[dict[str, Any]] | None = None, /, **facts: Any) -> Case:
    return structure_case({"case_id": "Q-1", "region": region, "events": events or [], **facts})


def moved(date: str, council: str) -> dict[str, Any]:
    return {"type": "family_moved", "date": date, "local_authority": council}


# -- T1, T2, W2, L7: routing a referral ---------------------------------------------------

ROUTES = [
    pytest.param(
        "together4children", {"local_authority": "staffordshire"}, [],
        "Locality Permanency Hub", "staffordshire", "together4children",
        f"{T4C}, 7.1",
        id="T1 7.1 the hub of the council the family lives in",
    ),
    pytest.param(
        "together4children", {"local_authority": "staffordshire"},
        [moved("2025-06-01", "wiltshire")],
        "Locality Permanency Hub nearest to their geographical location", "wiltshire",
        "together4children", f"{T4C}, 7.1",
        id="T1 7.1 moved out of the partnership: the nearest hub",
    ),
    pytest.param(
        "together4children", {"local_authority": "staffordshire"},
        [moved("2026-02-01", "wiltshire")],
        "Locality Permanency Hub", "staffordshire", "together4children", f"{T4C}, 7.1",
        id="T1 a move after as_of is not seen",
    ),
    pytest.param(
        "adoption_west", {"local_authority": "bristol"}, [],
        "the RAA", "bristol", "adoption_west", f"{AW}, Table 1, 1.3 Referrals and safeguarding",
        id="W2 1.3 the council signposts to the RAA",
    ),
    pytest.param(
        "leicestershire", {"local_authority": "leicestershire", "placing_authority": "rutland"}, [],
        "the Adoption Support team (the adoption support services advisor, Adoption and "
        "Permanence team)", "leicestershire", "leicestershire", f"{LEI}, 7.6",
        id="L7 7.6 families living in the county",
    ),
    pytest.param(
        "leicestershire",
        {"local_authority": "rutland", "placing_authority": "leicestershire",
         "adoption_order_date": "2023-01-06"}, [],
        "the Adoption Support team (the adoption support services advisor, Adoption and "
        "Permanence team)", "leicestershire", "leicestershire", f"{LEI}, 7.6",
        id="L7 7.6 placed by the county, 3 years from the order not yet passed",
    ),
    pytest.param(
        "leicestershire",
        {"local_authority": "rutland", "placing_authority": "leicestershire",
         "adoption_order_date": "2023-01-05"}, [],
        "the council responsible for the family's adoption support", "rutland", "england",
        "Adoption Support Services Regulations 2005, reg 7",
        id="L7 placed by the county 3 years ago to the day: the E1 council",
    ),
    pytest.param(
        "adoption_at_heart", {"local_authority": "walsall", "placing_authority": "dudley"}, [],
        "the council responsible for the family's adoption support", "dudley", "england",
        "Adoption Support Services Regulations 2005, reg 7",
        id="E1 before the order: the placing council",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("region", "facts", "events", "receiver", "council", "decided_by", "cited"), ROUTES
)
def test_route_referral(
    registry: Registry,
    region: str,
    facts: dict[str, Any],
    events: list[dict[str, Any]],
    receiver: str,
    council: str,
    decided_by: str,
    cited: str,
) -> None:
    answer = route_referral(make_case(region, events, **facts), DAY, registry=registry)
    assert (answer.receiver, answer.council, answer.decided_by) == (receiver, council, decided_by)
    assert cited in answer.citation


def test_t2_screening_outcomes_are_the_seeds_three_by_contract_code(registry: Registry) -> None:
    answer = route_referral(make_case("together4children"), DAY, registry=registry)
    outcomes = dict(answer.screening_outcomes)
    assert set(outcomes) == set(ScreeningOutcome)
    assert "the referral will be closed" in outcomes[ScreeningOutcome.ADVICE_AND_CLOSE]
    assert "Multi-Agency Safeguarding Hub" in outcomes[ScreeningOutcome.SAFEGUARDING]
    assert answer.how == ("telephone", "email", "the Together4Children Website")
    assert f"{T4C}, 7.2, 7.4, 7.5" in answer.citation


def test_w2_gives_no_screening_outcomes_of_its_own(registry: Registry) -> None:
    answer = route_referral(make_case("adoption_west"), DAY, registry=registry)
    assert answer.screening_outcomes == ()
    assert answer.reason == aw.REFERRAL_ROUTES.current.value["support"]


# -- T3, T14, T15, W2: the safeguarding and statutory services threshold ------------------

HARM, BREAKDOWN = Concern.SIGNIFICANT_HARM, Concern.IMMINENT_BREAKDOWN
THRESHOLDS, DISABILITY = Concern.COUNCIL_THRESHOLDS_MET, Concern.DISABILITY_CRITERIA_MET
SAFE, STATUTORY = ThresholdRoute.SAFEGUARDING, ThresholdRoute.STATUTORY_SERVICES

THRESHOLD_ROWS = [
    pytest.param("together4children", "staffordshire", set(), False, None, None,
                 "together4children", f"{T4C}, 12.2",
                 id="T14 12.2 no concern: not met"),
    pytest.param("together4children", "staffordshire", {HARM}, True, SAFE,
                 "contact SCASS by phone to make a referral", "together4children",
                 f"{T4C}, 12.5", id="R12 12.5 significant harm, Staffordshire: SCASS"),
    pytest.param("together4children", "shropshire", {BREAKDOWN}, True, SAFE,
                 "contact Compass to make a referral", "together4children", f"{T4C}, 12.5",
                 id="R12 12.5 imminent breakdown, Shropshire: Compass (JAS read as Shropshire)"),
    pytest.param("together4children", "stoke-on-trent", {HARM}, True, SAFE,
                 "contact the CHaD service by phone to make a referral", "together4children",
                 f"{T4C}, 12.5", id="R12 12.5 Stoke-on-Trent's 12.2 concern: the CHaD service"),
    pytest.param("together4children", "telford-and-wrekin", {HARM}, True, SAFE,
                 "Multi Agency Safeguarding Hub", "together4children", f"{T4C}, 7.5, 7.6",
                 id="T3 7.5 Telford and Wrekin, no service named: the council's MASH"),
    pytest.param("together4children", "wiltshire", {BREAKDOWN, DISABILITY}, True, SAFE,
                 "the appropriate Local Authority's Multi Agency Safeguarding Hub",
                 "together4children", f"{T4C}, 7.5", id="T3 7.5 living elsewhere: that council's"),
    pytest.param("together4children", "stoke-on-trent", {THRESHOLDS}, True, STATUTORY,
                 "contact the CHaD service by phone to make a referral", "together4children",
                 f"{T4C}, 12.5", id="T15 12.5 Stoke-on-Trent: CHaD by phone"),
    pytest.param("together4children", "staffordshire", {DISABILITY}, True, STATUTORY,
                 "contact SCASS by phone to make a referral", "together4children",
                 f"{T4C}, 12.5", id="T15 12.5 Staffordshire: SCASS by phone"),
    pytest.param("together4children", "telford-and-wrekin", {THRESHOLDS}, True, STATUTORY,
                 t4c.STATUTORY_REFERRAL_FORMS.current.value, "together4children",
                 f"{T4C}, 12.4", id="T15 12.4 other councils: the hub's forms"),
    pytest.param("adoption_west", "bristol", {HARM, DISABILITY}, True, SAFE, "the LA",
                 "adoption_west", f"{AW}, Table 1, 1.3 Referrals and safeguarding",
                 id="W2 1.3 safeguarding referral to the council"),
    pytest.param("adoption_west", "bristol", {DISABILITY}, True, STATUTORY,
                 "the council's mainstream services (risk-based services)", "england",
                 E14, id="W2 silent on disability: the baseline (E14)"),
    pytest.param("england", "dudley", {HARM}, True, SAFE,
                 "the council's children's services, for a section 47 enquiry", "england",
                 "Children Act 1989, s47", id="E14 s47 significant harm: children's services"),
    pytest.param("england", "dudley", set(), False, None, None, "england", E14,
                 id="E14 no concern: not met"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("region", "lives", "concerns", "met", "route", "destination", "decided_by", "cited"),
    THRESHOLD_ROWS,
)
def test_statutory_threshold(
    registry: Registry,
    region: str,
    lives: str,
    concerns: set[Concern],
    met: bool,
    route: ThresholdRoute | None,
    destination: str | None,
    decided_by: str,
    cited: str,
) -> None:
    case = make_case(region, local_authority=lives)
    answer = statutory_threshold(case, concerns, DAY, registry=registry)
    assert (answer.met, answer.route, answer.destination, answer.decided_by) == (
        met,
        route,
        destination,
        decided_by,
    )
    assert answer.council == lives
    assert cited in answer.citation
    assert set(answer.met_by) <= concerns
    assert bool(answer.met_by) is met


def test_t14_the_manager_agrees_and_records_the_referral(registry: Registry) -> None:
    case = make_case("together4children", local_authority="stoke-on-trent")
    answer = statutory_threshold(case, [THRESHOLDS], DAY, registry=registry)
    assert answer.steps[:2] == (
        t4c.STATUTORY_REFERRAL_DECISION.current.value,
        t4c.STATUTORY_REFERRAL_RECORD.current.value,
    )
    # 12.7: a referral not accepted is recorded, and may go to the manager's line manager.
    assert [step.startswith("If the referral is not accepted: ") for step in answer.steps[2:]] == [
        True,
        True,
    ]
    assert answer.met_by == (THRESHOLDS,)
    assert "Thresholds Framework" in answer.reason


def test_w2_the_council_notifies_the_raa(registry: Registry) -> None:
    case = make_case("adoption_west", local_authority="wiltshire")
    answer = statutory_threshold(case, [THRESHOLDS], DAY, registry=registry)
    assert answer.met_by == (THRESHOLDS,)
    assert "section 47 enquiry" in answer.steps[0]
    assert "notifying the RAA" in answer.steps[0]


# -- W1, W3, W4, W6, H11, E1, E13: responsibilities and who pays ---------------------------


def _by_matter(region: str, registry: Registry, as_of: dt.date, **facts: Any) -> dict[str, Any]:
    events = facts.pop("events", [])
    return {r.matter: r for r in responsibilities(make_case(region, events, **facts), as_of,
                                                  registry=registry)}  # fmt: skip


def test_w1_before_the_order_the_placing_council_keeps_case_responsibility(
    registry: Registry,
) -> None:
    got = _by_matter(
        "adoption_west", registry, DAY, placing_authority="bristol", local_authority="wiltshire",
        placement_date="2025-09-01",
    )  # fmt: skip
    case = got["case_responsibility"]
    assert (case.holder, case.council, case.decided_by) == ("council", "bristol", "adoption_west")
    assert f"{AW}, Table 1, 1.1 Case Responsibility" in case.citation
    assert (got["adoption_support"].holder, got["support_fund_applications"].holder) == (
        "RAA",
        "RAA",
    )
    assert (got["adoption_allowances"].holder, got["adoption_allowances"].pays) == (
        "council",
        "council",
    )
    assert got["funding_outside_core_offer"].council == "bristol"
    assert got["letterbox"].holder == "RAA"
    assert f"{AW}, Table 1, 1.3 Indirect / Letterbox contact" in (got["letterbox"].citation)


def test_w1_after_the_order_no_case_responsibility_is_stated(registry: Registry) -> None:
    got = _by_matter(
        "adoption_west",
        registry,
        DAY,
        placing_authority="bristol",
        adoption_order_date="2025-01-01",
    )
    assert "case_responsibility" not in got
    assert got["adoption_support"].holder == "RAA"


def test_w3_out_of_hours_is_the_councils_emergency_duty_team(registry: Registry) -> None:
    got = _by_matter("adoption_west", registry, DAY, local_authority="wiltshire")
    ooh = got["out_of_hours"]
    assert (ooh.holder, ooh.council, ooh.pays) == ("council", "wiltshire", "council")
    assert "Emergency Duty Team" in ooh.text and "agreed LA funding" in ooh.text
    assert f"{AW}, Table 1, 1.3 Out-of-hours services" in ooh.citation


@pytest.mark.parametrize(
    ("placement", "order", "events", "holder"),
    [
        pytest.param(
            "2019-02-28", None, [], "council", id="W6 placed before 1 March 2019: historic"
        ),
        pytest.param("2019-03-01", None, [], "RAA", id="W6 placed on 1 March 2019: the RAA's"),
        pytest.param(
            None,
            None,
            [{"type": "referral_received", "date": "2020-05-01"}],
            None,
            id="R9 no placement or order date: not known (the first event was read as the start)",
        ),
        pytest.param(None, None, [], None, id="W6 nothing recorded: cannot tell"),
        pytest.param(
            None,
            "2010-06-01",
            [{"type": "referral_received", "date": "2020-05-01"}],
            "council",
            id="R9 AW 1.3 order 2010, no placement date: the council's historic case",
        ),
        pytest.param(
            None, "2020-06-01", [], "RAA", id="R9 AW 1.3 order 2020, no placement date: the RAA's"
        ),
        pytest.param(
            "2018-11-01", "2019-06-01", [], "council",
            id="R9 AW 1.3 placed before the RAA began, adopted after: the placement decides",
        ),
    ],
)  # fmt: skip
def test_w6_records_access(
    registry: Registry,
    placement: str | None,
    order: str | None,
    events: list[dict[str, Any]],
    holder: str | None,
) -> None:
    facts: dict[str, Any] = {"placing_authority": "gloucestershire", "events": events}
    if placement:
        facts["placement_date"] = placement
    if order:
        facts["adoption_order_date"] = order
    got = _by_matter("adoption_west", registry, DAY, **facts)
    for matter in ("records_access", "intermediary_service"):
        assert got[matter].holder == holder
        assert f"{AW}, Table 1, 1.3 Access to Adopter's records" in got[matter].citation
    assert got["records_access"].council == ("gloucestershire" if holder == "council" else None)


@pytest.mark.parametrize(
    ("facts", "council"),
    [
        pytest.param({"placing_authority": "dudley", "local_authority": "walsall",
                      "adoption_order_date": "2024-01-01"}, "dudley",
                     id="H11 E1 within 3 years: the placing council"),
        pytest.param({"placing_authority": "dudley", "local_authority": "walsall",
                      "adoption_order_date": "2022-01-05"}, "walsall",
                     id="H11 E1 after 3 years: where the family lives"),
        pytest.param({"placing_authority": "dudley", "local_authority": "walsall",
                      "adoption_order_date": "2022-01-05",
                      "events": [{"type": "financial_support_agreed", "date": "2021-12-01"}]},
                     "dudley", id="H11 E1 agreed before the order: stays with the placing council"),
    ],
)  # fmt: skip
def test_h11_financial_support_is_signposted_to_the_responsible_council(
    registry: Registry, facts: dict[str, Any], council: str
) -> None:
    got = _by_matter("adoption_at_heart", registry, DAY, **facts)
    answer = got["financial_support"]
    assert (answer.council, answer.pays, answer.decided_by) == (
        council,
        "council",
        "adoption_at_heart",
    )
    assert answer.text == aah.FINANCIAL_SUPPORT.current.value
    assert f"{AAH}, 3, 7" in answer.citation and E1 in answer.citation


def test_e1_e13_the_baseline_answers_three_matters(registry: Registry) -> None:
    got = _by_matter("england", registry, DAY, placing_authority="dudley")
    assert list(got) == list(baseline.RESPONSIBILITY_MATTERS)
    assert all(r.decided_by == "england" for r in got.values())
    assert got["adoption_support"].council == "dudley"
    assert "families cannot" in got["support_fund_applications"].text


# -- W5: priority children -------------------------------------------------------------------

PRIORITY_ROWS = [
    pytest.param("2022-01-05", ChildFacts(False, 1, False), True, ("Aged four or over",),
                 id="W5 four years old today"),
    pytest.param("2022-01-06", ChildFacts(False, 1, False), False, (),
                 id="W5 four tomorrow, nothing else"),
    pytest.param("2022-01-06", ChildFacts(True, None, None), True, ("From a BME heritage",),
                 id="W5 BME heritage, other facts unknown"),
    pytest.param("2023-01-01", ChildFacts(False, 2, False), True,
                 ("Part of a sibling group of two or more",), id="W5 a sibling group of two"),
    pytest.param("2023-01-01", ChildFacts(False, 1, True), True,
                 ("Has a disability or medical condition",), id="W5 a medical condition"),
    pytest.param(None, ChildFacts(False, 1, False), None, (),
                 id="W5 no date of birth: cannot tell"),
    pytest.param("2023-01-01", ChildFacts(), None, (), id="W5 no facts: cannot tell"),
]  # fmt: skip


@pytest.mark.parametrize(("born", "child", "priority", "met"), PRIORITY_ROWS)
def test_w5_priority_children(
    registry: Registry,
    born: str | None,
    child: ChildFacts,
    priority: bool | None,
    met: tuple[str, ...],
) -> None:
    facts = {"child_date_of_birth": born} if born else {}
    answer = priority_child(make_case("adoption_west", **facts), child, DAY, registry=registry)
    assert (answer.priority, answer.met, answer.decided_by) == (priority, met, "adoption_west")
    assert answer.criteria == aw.PRIORITY_CHILD_CRITERIA.current.value
    assert f"{AW}, Table 1, 1.1 'Hard to Place'/Priority Children" in answer.citation


def test_priority_elsewhere_has_no_criteria(registry: Registry) -> None:
    answer = priority_child(make_case("together4children"), ChildFacts(True, 3, True), DAY,
                            registry=registry)  # fmt: skip
    assert (answer.priority, answer.criteria, answer.decided_by) == (None, (), "england")


def test_child_facts_refuse_a_sibling_group_of_none_or_fewer() -> None:
    with pytest.raises(ValueError, match="sibling_group_size"):
        ChildFacts(sibling_group_size=0)


# -- E2-E5: eligibility to be assessed ------------------------------------------------------

AGENCY, ABROAD = AdoptionRoute.AGENCY, AdoptionRoute.INTERCOUNTRY
E2 = "Adoption and Children Act 2002, s4; Adoption Support Services Regulations 2005, reg 13"
STEP, NON_AGENCY = AdoptionRoute.STEP_PARENT, AdoptionRoute.NON_AGENCY

ELIGIBILITY_ROWS = [
    pytest.param(Requester.ADOPTIVE_PARENT, AGENCY, True, True, ("the services asked for",),
                 E2, id="E2 adoptive parent, agency adoption"),
    pytest.param(Requester.BIRTH_PARENT, NON_AGENCY, True, True, ("the services asked for",),
                 E2, id="E2 birth parent, non-agency adoption"),
    pytest.param(Requester.ADOPTED_ADULT, AGENCY, True, True, ("the services asked for",),
                 E2, id="E2 adopted adult"),
    pytest.param(Requester.OTHER, AGENCY, False, False, (), E2,
                 id="E2 anyone else may not ask"),
    pytest.param(Requester.ADOPTIVE_PARENT, STEP, True, False,
                 ("counselling", "advice", "information"),
                 "Adoption Support Services Regulations 2005, reg 3(2)",
                 id="E3 step-parent: no duty to assess"),
    pytest.param(Requester.ADOPTED_CHILD, ABROAD, True, True,
                 ("therapeutic services",
                  "help where the placement disrupts or is at risk of disruption"),
                 "Adoption Support Services Regulations 2005, regulation number unconfirmed",
                 id="E4 intercountry: therapy and disruption support"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("requester", "route", "may", "duty", "services", "cited"), ELIGIBILITY_ROWS
)
@pytest.mark.parametrize("region", ["england", "together4children", "leicestershire"])
def test_eligibility(
    registry: Registry,
    region: str,
    requester: Requester,
    route: AdoptionRoute,
    may: bool,
    duty: bool,
    services: tuple[str, ...],
    cited: str,
) -> None:
    answer = assessment_eligibility(region, requester, route, registry=registry)
    assert (answer.may_request, answer.duty_to_assess, answer.services) == (may, duty, services)
    assert (answer.requester, answer.adoption_route, answer.decided_by) == (
        requester,
        route,
        "england",
    )
    assert cited in answer.citation
    # E5: advice and information need no assessment, whoever asks.
    assert answer.no_assessment_needed == ("advice", "information")
    assert "Adoption Support Services Regulations 2005" in answer.citation
    # R13: a national answer never cites one agency's document.
    assert ".txt" not in answer.citation


# -- T13, E1: the transfer test --------------------------------------------------------------

T4C_ORDER = {"adoption_order_date": "2019-11-18", "placing_authority": "stoke-on-trent"}

TRANSFER_ROWS = [
    pytest.param("together4children", {**T4C_ORDER, "local_authority": "wiltshire"}, [],
                 "2022-08-17", False, None, False,
                 id="R7 T13 adopted 3 years less 3 months and a day: not yet"),
    pytest.param("together4children", {**T4C_ORDER, "local_authority": "wiltshire"},
                 [{"type": "review_held", "date": "2022-08-01"}],
                 "2022-08-18", True, "wiltshire", True,
                 id="R7 T13 'will soon have been adopted': 3 months before the anniversary"),
    pytest.param("together4children", {**T4C_ORDER, "local_authority": "wiltshire"},
                 [{"type": "review_held", "date": "2022-08-18"}],
                 "2022-11-18", True, "wiltshire", True,
                 id="T13 outside, 3 years, review 3 months ago to the day"),
    pytest.param("together4children", {**T4C_ORDER, "local_authority": "wiltshire"},
                 [{"type": "assessment_completed", "date": "2022-08-17"}],
                 "2022-11-18", True, "wiltshire", False,
                 id="T13 outside, 3 years, assessment 3 months and a day ago"),
    pytest.param("together4children", {**T4C_ORDER, "local_authority": "staffordshire"}, [],
                 "2026-01-05", False, None, False, id="T13 inside the partnership: no transfer"),
    pytest.param("together4children", {**T4C_ORDER, "local_authority": "staffordshire"},
                 [moved("2025-12-01", "bristol"), {"type": "review_held", "date": "2025-12-02"}],
                 "2026-01-05", True, "bristol", True, id="T13 moved out of the partnership"),
    pytest.param("together4children", {"local_authority": "wiltshire"}, [], "2026-01-05",
                 None, None, False, id="T13 no adoption order date: cannot tell"),
    pytest.param("adoption_west", {"adoption_order_date": "2022-01-05",
                                   "placing_authority": "bristol", "local_authority": "dudley"},
                 [], "2025-01-05", True, "dudley", None, id="E1 three years on: where they live"),
    pytest.param("adoption_west", {"adoption_order_date": "2022-01-05",
                                   "placing_authority": "bristol", "local_authority": "bristol"},
                 [], "2025-01-05", False, None, None, id="E1 living in the placing council"),
    pytest.param("adoption_west", {"adoption_order_date": "2022-01-05",
                                   "placing_authority": "bristol"},
                 [], "2025-01-05", None, None, None, id="E1 where they live not recorded"),
]  # fmt: skip


@pytest.mark.parametrize(("region", "facts", "events", "as_of", "due", "to", "recent_ok"),
                         TRANSFER_ROWS)  # fmt: skip
def test_transfer_due(
    registry: Registry,
    region: str,
    facts: dict[str, Any],
    events: list[dict[str, Any]],
    as_of: str,
    due: bool | None,
    to: str | None,
    recent_ok: bool | None,
) -> None:
    answer = transfer_due(make_case(region, events, **facts), dt.date.fromisoformat(as_of),
                          registry)  # fmt: skip
    assert (answer.due, answer.to, answer.recent_review_ok) == (due, to, recent_ok)
    if region == "together4children":
        assert answer.decided_by == "together4children" and answer.recent_review_required
        assert f"{T4C}, Process of Transfer of Adoption Support Services" in (answer.citation)
    else:
        assert answer.decided_by == "england" and not answer.recent_review_required
        assert E1 in answer.citation


def test_transfer_due_from_is_3_months_before_the_third_anniversary(registry: Registry) -> None:
    """R7: order 2019-11-18, third anniversary 2022-11-18, transfer planned from 2022-08-18."""
    case = make_case("together4children", **T4C_ORDER, local_authority="wiltshire")
    assert transfer_due(case, DAY, registry).due_from == dt.date(2022, 8, 18)


@pytest.mark.parametrize(
    ("order", "due_from"),
    [("2024-02-29", "2026-11-28"), ("2023-05-31", "2026-02-28"), ("2023-08-31", "2026-05-31")],
)
def test_r7_soon_is_the_anniversary_less_3_months_clamped(
    registry: Registry, order: str, due_from: str
) -> None:
    """T4C transfer section, R7: order + 3 years, then - 3 months, each clamped to month end."""
    facts = {"adoption_order_date": order, "placing_authority": "stoke-on-trent"}
    case = make_case("together4children", **facts, local_authority="wiltshire")
    assert transfer_due(case, DAY, registry).due_from == dt.date.fromisoformat(due_from)


# -- T16, H1, E14: information duties, offers, graduated levels ------------------------------


def test_t16_information_duties(registry: Registry) -> None:
    answer = information_duties("together4children", registry=registry)
    assert answer.recipients == t4c.INFORMATION_RECIPIENTS.current.value
    assert answer.topics == t4c.INFORMATION_TOPICS.current.value
    assert answer.prospective_adopter_topics == ()
    assert f"{T4C}, 4.1" in answer.citation
    assert f"{T4C}, 4.2" in answer.citation


def test_h1_information_duties_include_prospective_adopters(registry: Registry) -> None:
    answer = information_duties("adoption_at_heart", registry=registry)
    assert answer.prospective_adopter_topics == aah.PROSPECTIVE_ADOPTER_INFORMATION.current.value
    assert "Adoption passport" in answer.topics
    assert (answer.decided_by, f"{AAH}, 2" in answer.citation) == (
        "adoption_at_heart",
        True,
    )


def test_information_duties_not_encoded_say_so(registry: Registry) -> None:
    answer = information_duties("leicestershire", registry=registry)
    assert (answer.recipients, answer.topics, answer.decided_by) == ((), (), "england")
    assert "not encoded" in answer.reason


def test_t16_e14_support_offer(registry: Registry) -> None:
    answer = support_offer("together4children", registry=registry)
    assert answer.core == t4c.CORE_OFFER.current.value
    assert answer.specialist == t4c.SPECIALIST_OFFER.current.value
    assert [level.name for level in answer.levels] == [
        "universal",
        "targeted",
        "specialist",
        "risk_based",
    ]
    assert [level.needs_assessment for level in answer.levels] == [False, True, True, True]
    assert f"{T4C}, 5.1" in answer.citation
    assert E14 in answer.citation


def test_e14_levels_elsewhere_with_no_offer(registry: Registry) -> None:
    answer = support_offer("adoption_west", registry=registry)
    assert (answer.core, answer.specialist, answer.decided_by) == ((), (), "england")
    assert answer.levels == baseline.GRADUATED_LEVELS.current.value
    assert "edge of care" in answer.levels[-1].text


# -- the hooks, one by one (tests/test_docs.py requires a test_hook_<name> for each) ---------


class PriorityAddon:
    """An add-on plugin answering one question for Together4Children only."""

    @hookimpl
    def adoption_rules_priority_child(
        self, region: str, case: Case, child: ChildFacts, as_of: dt.date
    ) -> PriorityAnswer | None:
        if region != "together4children":
            return None
        return PriorityAnswer(True, ("made up",), (), ("made up",), "an add-on", "a test")


def test_hook_adoption_rules_referral_route(registry: Registry) -> None:
    policy = registry.policy("adoption_west")
    answer = policy.referral_route(make_case("adoption_west", local_authority="bristol"), DAY)
    assert isinstance(answer, ReferralRoute)
    assert (answer.receiver, answer.decided_by) == ("the RAA", "adoption_west")
    assert aw.adoption_rules_referral_route("together4children", make_case("x"), DAY) is None


def test_hook_adoption_rules_statutory_threshold(registry: Registry) -> None:
    policy = registry.policy("together4children")
    answer = policy.statutory_threshold(make_case("together4children"), DAY, frozenset({HARM}))
    assert isinstance(answer, ThresholdAnswer)
    assert (answer.met, answer.route, answer.decided_by) == (True, SAFE, "together4children")
    # Adoption West has no opinion on concerns its specification does not cover.
    assert (
        aw.adoption_rules_statutory_threshold(
            "adoption_west", make_case("adoption_west"), DAY, frozenset({DISABILITY})
        )
        is None
    )


def test_hook_adoption_rules_responsibility_matters(registry: Registry) -> None:
    matters = registry.policy("adoption_west").responsibility_matters
    assert matters[: len(aw.RESPONSIBILITY_MATTERS)] == aw.RESPONSIBILITY_MATTERS
    assert set(baseline.RESPONSIBILITY_MATTERS) <= set(matters)
    assert registry.policy("england").responsibility_matters == baseline.RESPONSIBILITY_MATTERS


def test_hook_adoption_rules_responsibility(registry: Registry) -> None:
    policy = registry.policy("adoption_west")
    got = {r.matter: r.decided_by for r in policy.responsibilities(make_case("adoption_west"), DAY)}
    assert got["letterbox"] == "adoption_west"
    assert got["financial_support"] == "england"  # the region leaves it to E1
    assert aw.adoption_rules_responsibility("adoption_west", "nothing", make_case("x"), DAY) is None


def test_hook_adoption_rules_priority_child() -> None:
    registry = load_registry(installed=False, extra=[("priority_addon", PriorityAddon())])
    answer = registry.policy("together4children").priority_child(
        make_case("together4children"), ChildFacts(), DAY
    )
    assert (answer.priority, answer.decided_by) == (True, "priority_addon")
    # The add-on answers only for its region; Adoption West's own criteria still apply there.
    west = registry.policy("adoption_west").priority_child(
        make_case("adoption_west"), ChildFacts(), DAY
    )
    assert west.decided_by == "adoption_west"


def test_hook_adoption_rules_assessment_eligibility(registry: Registry) -> None:
    answer = registry.policy("adoption_at_heart").assessment_eligibility(
        Requester.NATURAL_SIBLING, AdoptionRoute.AGENCY
    )
    assert isinstance(answer, Eligibility)
    assert (answer.may_request, answer.decided_by) == (True, "england")


def test_hook_adoption_rules_transfer(registry: Registry) -> None:
    case = make_case("together4children", **T4C_ORDER, local_authority="bristol")
    answer = registry.policy("together4children").transfer(case, DAY)
    assert (answer.due, answer.decided_by) == (True, "together4children")
    assert registry.policy("leicestershire").transfer(case, DAY).decided_by == "england"


def test_hook_adoption_rules_information_duties(registry: Registry) -> None:
    assert registry.policy("together4children").information_duties().decided_by == (
        "together4children"
    )
    assert t4c.adoption_rules_information_duties("adoption_at_heart") is None


def test_hook_adoption_rules_support_offer(registry: Registry) -> None:
    assert registry.policy("together4children").support_offer().decided_by == "together4children"
    assert registry.policy("leicestershire").support_offer().decided_by == "england"


class WrongAnswer:
    @hookimpl
    def adoption_rules_referral_route(self, region: str, case: Case, as_of: dt.date) -> object:
        return "the hub" if region == "leicestershire" else None


def test_a_question_hook_returning_the_wrong_type_is_a_plugin_error() -> None:
    registry = load_registry(installed=False, extra=[("wrong_answer", WrongAnswer())])
    with pytest.raises(PluginError, match="'wrong_answer', hook adoption_rules_referral_route"):
        registry.policy("leicestershire").referral_route(make_case("leicestershire"), DAY)


# -- the command line ---------------------------------------------------------------------


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    questions_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


@pytest.fixture
def questions_file(tmp_path: Path, registry: Registry, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    path = tmp_path / "questions.jsonl"
    lines = [
        {
            "case": {
                "case_id": "T4C-1",
                "region": "together4children",
                "local_authority": "stoke-on-trent",
                "placing_authority": "stoke-on-trent",
                "adoption_order_date": "2019-11-18",
                "events": [moved("2024-01-01", "wiltshire")],
            },
            "concerns": ["council_thresholds_met"],
            "requester": "adoptive_parent",
        },
        {"case_id": "AW-1", "region": "adoption_west", "local_authority": "bristol", "events": []},
    ]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_cli_route_prints_each_answer_with_its_source(
    questions_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["route", str(questions_file), "--as-of", "2026-01-05"]) == 0
    out = capsys.readouterr().out
    assert "T4C-1 (together4children, as of 2026-01-05): route" in out
    assert "receives it: Locality Permanency Hub nearest to their geographical location" in out
    assert "AW-1 (adoption_west, as of 2026-01-05): route" in out
    assert f"source: {AW}, Table 1, 1.3 Referrals and safeguarding" in out
    assert "decided by: adoption_west" in out


def test_cli_threshold_json_has_one_item_per_question_in_order(
    questions_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = run_cli(
        ["threshold", str(questions_file), "--as-of", "2026-01-05", "--format", "json"]
    )
    items = json.loads(capsys.readouterr().out)
    assert status == 1  # the bare case has no concerns
    assert items[0]["answer"]["route"] == "statutory_services"
    assert items[0]["answer"]["council"] == "wiltshire"
    assert items[0]["answer"]["met_by"] == ["council_thresholds_met"]
    assert items[1] == {
        "case_id": "AW-1",
        "error": {
            "code": "missing_field",
            "message": "the question needs concerns (any of: significant_harm, imminent_breakdown, "
            "council_thresholds_met, disability_criteria_met)",
            "field": "concerns",
        },
    }


def test_cli_transfer_as_of(questions_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run_cli(["transfer", str(questions_file), "--as-of", "2026-01-05", "--format", "json"]) == 0
    )
    items = json.loads(capsys.readouterr().out)
    t4c_answer = items[0]["answer"]
    assert (t4c_answer["due"], t4c_answer["to"], t4c_answer["due_from"]) == (
        True,
        "wiltshire",
        "2022-08-18",
    )
    assert items[1]["answer"]["due"] is None  # no order date
    assert [i["as_of"] for i in items] == ["2026-01-05", "2026-01-05"]


def test_cli_eligibility_needs_a_requester(
    questions_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["eligibility", str(questions_file)]) == 1
    captured = capsys.readouterr()
    assert "T4C-1 (together4children): eligibility" in captured.out
    assert "may ask for an assessment: yes" in captured.out
    assert "AW-1: missing_field: the question needs requester" in captured.err


@pytest.mark.parametrize(
    ("question", "code", "field"),
    [
        pytest.param({"case": {"case_id": "E-1", "region": "england", "events": [{"type": "x",
                      "date": "2026-01-01"}]}, "requester": "other"}, "unknown_event_type",
                     "case.events[0].type", id="a bad case names the field under case"),
        pytest.param({"case": {"case_id": "E-1", "region": "england", "events": []},
                      "requester": "aunt"}, "invalid_value", "requester",
                     id="an unknown requester"),
        pytest.param({"case": {"case_id": "E-1", "region": "england", "events": []},
                      "requester": "other", "notes": "x"}, "unknown_field", "notes",
                     id="an unknown field"),
        pytest.param({"case": {"case_id": "E-1", "region": "nowhere", "events": []},
                      "requester": "other"}, "unknown_region", "case.region",
                     id="an unknown region"),
    ],
)  # fmt: skip
def test_cli_bad_questions_get_an_error_naming_the_field(
    tmp_path: Path,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    question: dict[str, Any],
    code: str,
    field: str,
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    path = tmp_path / "q.json"
    path.write_text(json.dumps(question), encoding="utf-8")
    assert run_cli(["eligibility", str(path), "--format", "json"]) == 1
    (item,) = json.loads(capsys.readouterr().out)
    assert (item["case_id"], item["error"]["code"], item["error"]["field"]) == ("E-1", code, field)
    assert "x" not in item["error"]["message"].split() and "aunt" not in item["error"]["message"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["route", "{missing}"], "cannot read", id="a missing file"),
        pytest.param(["route", "{bad}"], "not valid JSON", id="a file that is not JSON"),
        pytest.param(["route", "{good}", "--as-of", "2026-13-01"], "--as-of", id="a bad date"),
    ],
)
def test_cli_misuse_exits_2_with_one_line(
    tmp_path: Path,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    (tmp_path / "bad.json").write_text("[{", encoding="utf-8")
    (tmp_path / "good.json").write_text('{"case_id": "A", "region": "england", "events": []}')
    paths = {k: str(tmp_path / f"{k}.json") for k in ("missing", "bad", "good")}
    assert run_cli([a.format(**paths) for a in argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err
