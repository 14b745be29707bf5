"""The revised readings of the rules catalogue (2026-11-30, R1-R14), as tables from the seeds.

Each row names its reading and the seed section it rests on; each would fail
with the reading taken out (the row's ``why`` says what the old reading gave).
The question-answer readings have their rows with the other answers in
``tests/test_questions.py``: R7 (``test_transfer_due``, ``test_r7_...``), R9
(``test_w6_records_access``), R12 (``test_statutory_threshold``).
Seeds: 000 Together4Children, 001 Adoption@Heart, 003 Adoption West, 004
Leicestershire (``shared/seeds/``).  Dates worked by hand from the England
bank holidays (spring bank holiday 2026-05-25, summer 2026-08-31).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from region_contract import REGISTRY, Events, codes, ev, of_kind, rows, run
from region_contract import case as make_case

from adoption_rules.core.answers import Requester
from adoption_rules.core.authority import RESPONSIBILITY_PERIOD
from adoption_rules.core.citations import citation_text
from adoption_rules.core.model import AdoptionRoute, Case, Result
from adoption_rules.core.periods import parse_period
from adoption_rules.plugins import england
from adoption_rules.questions import assessment_eligibility, responsibilities, route_referral
from adoption_rules.regions import adoption_at_heart as aah
from adoption_rules.regions import leicestershire as lei

T4C, AAH, AW, LEI = "together4children", "adoption_at_heart", "adoption_west", "leicestershire"

D = dt.date.fromisoformat


def reading(
    reading_id: str,
    seed_section: str,
    region: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[tuple[str | None, str, str | None]],
    why: str,
    **facts: object,
) -> pytest.ParameterSet:
    """One row: the reading, its seed section, the case, the (due, status, done_on) of ``kind``."""
    return pytest.param(
        region, kind, events, as_of, expected, facts, id=f"{reading_id} {seed_section}: {why}"
    )


# -- R1 what closure ends ------------------------------------------------------------------

R1 = [
    reading(
        "R1",
        "T4C 10.4",
        T4C,
        "review_record_shared",
        [
            ev("review_held", "2026-06-01"),
            ev("closure_decided", "2026-06-05", reason="review"),
        ],
        "2026-06-08",
        [("2026-06-10", "pending", None)],
        "the record of a review held before closure must still be shared (was cancelled)",
    ),
    reading(
        "R1",
        "T4C 10.4",
        T4C,
        "review_record_shared",
        [
            ev("review_held", "2026-06-01"),
            ev("closure_decided", "2026-06-05", reason="review"),
            ev("review_shared", "2026-06-09"),
        ],
        "2026-06-15",
        [("2026-06-10", "met", "2026-06-09")],
        "and sharing it after the closure meets it",
    ),
    reading(
        "R1",
        "T4C 10.4, 11.1",
        T4C,
        "financial_support_review",
        [
            ev("financial_support_agreed", "2025-02-03"),
            ev("closure_decided", "2025-06-05", reason="no_further_need"),
        ],
        "2026-01-05",
        [("2026-02-03", "pending", None)],
        "payments outlive the support case: closure no longer cancels the review",
    ),
    reading(
        "R1",
        "ASSR reg 20",
        "england",
        "financial_support_review",
        [
            ev("financial_support_agreed", "2025-02-03"),
            ev("financial_support_ended", "2025-09-30"),
        ],
        "2026-03-01",
        [("2026-02-03", "cancelled", None)],
        "financial_support_ended ends it before it falls due",
    ),
    reading(
        "R1",
        "ASSR reg 20",
        "england",
        "financial_support_review",
        [
            ev("financial_support_agreed", "2024-02-03"),
            ev("financial_support_reviewed", "2025-01-20"),
            ev("financial_support_ended", "2025-09-30"),
        ],
        "2026-03-01",
        [("2025-02-03", "met", "2025-01-20"), ("2026-01-20", "cancelled", None)],
        "the review done stays done; the next is ended",
    ),
    reading(
        "R1",
        "T4C 10.1",
        T4C,
        "plan_review",
        [
            ev("assessment_completed", "2025-06-01"),
            ev("closure_decided", "2025-09-01", reason="no_further_need"),
        ],
        "2026-07-01",
        [("2026-06-01", "cancelled", None)],
        "closure still ends the plan review (unchanged)",
    ),
    reading(
        "R1",
        "LEI 7.5, 10",
        LEI,
        "plan_review",
        [ev("closure_decided", "2024-01-10", reason="no_further_need")],
        "2024-03-01",
        [("2024-02-29", "cancelled", None)],
        "Leicestershire's plan review too: with no services there is nothing to review",
        placing_authority=LEI,
        local_authority=LEI,
        adoption_order_date="2023-08-31",
    ),
    reading(
        "R1",
        "T4C 11.3",
        T4C,
        "closure_letter",
        [ev("closure_decided", "2026-06-05", reason="review")],
        "2026-06-15",
        [("2026-06-12", "overdue", None)],
        "closure does not end its own letter (unchanged)",
    ),
]


@pytest.mark.parametrize(("region", "kind", "events", "as_of", "expected", "facts"), R1)
def test_r1_what_closure_ends(
    region: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[tuple[str | None, str, str | None]],
    facts: dict[str, object],
) -> None:
    assert rows(run(region, events, as_of, **facts), kind) == expected


# -- R2 the concluding closed-case review (T4C 11.4) ------------------------------------------


def _closed_in_therapy(*later: dict[str, object]) -> Events:
    return [
        ev("external_therapy_started", "2025-01-10"),
        ev("closure_decided", "2025-03-20", reason="no_further_need"),
        ev("closure_letter_sent", "2025-03-21"),
        ev("review_held", "2026-03-20"),
        *later,
    ]


def test_r2_a_review_after_closure_in_therapy_is_expected_not_out_of_order() -> None:
    """T4C 11.4: the family 'must remain subject to review': no event_after_closure for it."""
    result = run(T4C, _closed_in_therapy(), "2026-04-01")
    assert rows(result, "closed_case_review") == [
        ("2026-03-20", "met", "2026-03-20"),
        ("2027-03-20", "pending", None),
    ]
    assert "event_after_closure" not in codes(result)


R2 = [
    pytest.param(
        [ev("external_therapy_ended", "2026-09-01")],
        "2027-01-05",
        [("2026-03-20", "met", "2026-03-20"), ("2027-03-20", "pending", None)],
        id="R2 T4C 11.4: therapy ended: the review then open is still due (was cancelled)",
    ),
    pytest.param(
        [ev("external_therapy_ended", "2026-09-01"), ev("review_held", "2027-02-01")],
        "2028-06-01",
        [("2026-03-20", "met", "2026-03-20"), ("2027-03-20", "met", "2027-02-01")],
        id="R2 T4C 11.4: the concluding review is held: none follows it",
    ),
    pytest.param(
        [ev("external_therapy_ended", "2026-09-01")],
        "2027-03-21",
        [("2026-03-20", "met", "2026-03-20"), ("2027-03-20", "overdue", None)],
        id="R2 T4C 11.4: the concluding review not held: overdue",
    ),
]


@pytest.mark.parametrize(("later", "as_of", "expected"), R2)
def test_r2_the_concluding_closed_case_review(
    later: Events, as_of: str, expected: list[tuple[str | None, str, str | None]]
) -> None:
    result = run(T4C, _closed_in_therapy(*later), as_of)
    assert rows(result, "closed_case_review") == expected
    assert "event_after_closure" not in codes(result)


def test_r2_other_steps_after_closure_still_warn() -> None:
    result = run(T4C, _closed_in_therapy(ev("plan_proposed", "2026-04-01")), "2026-04-02")
    assert codes(result).count("event_after_closure") == 1


def test_r2_a_review_after_closure_with_no_therapy_still_warns() -> None:
    events = [
        ev("closure_decided", "2025-03-20", reason="no_further_need"),
        ev("review_held", "2026-03-20"),
    ]
    assert "event_after_closure" in codes(run(T4C, events, "2026-04-01"))


# -- R3 deciding during a variation window (A@H 6) ----------------------------------------------


def _variation(decided: str) -> Events:
    return [ev("variation_proposed", "2026-03-02", kind="vary"), ev("variation_decided", decided)]


R3 = [
    pytest.param(
        AAH,
        _variation("2026-03-05"),
        True,
        id="R3 A@H 6: decided on day 3 of 10 working days, nothing received: warns",
    ),
    pytest.param(
        AAH,
        [
            ev("variation_proposed", "2026-03-02", kind="terminate"),
            ev("representations_received", "2026-03-04"),
            ev("variation_decided", "2026-03-05"),
        ],
        False,
        id="R3 A@H 6: representations received first: no warning",
    ),
    pytest.param(
        AAH,
        _variation("2026-03-17"),
        False,
        id="R3 A@H 6: decided after the window closed (2026-03-16): no warning",
    ),
    pytest.param(
        "england",
        _variation("2026-03-20"),
        True,
        id="R3 E6: inside the national 28 days: warns",
    ),
    pytest.param(
        AAH,
        [ev("variation_proposed", "2026-03-02", kind="vary"), ev("plan_approved", "2026-03-05")],
        False,
        id="R3 A@H 6: a plan approval does not decide a variation",
    ),
]


@pytest.mark.parametrize(("region", "events", "warns"), R3)
def test_r3_a_variation_decided_inside_its_window(region: str, events: Events, warns: bool) -> None:
    result = run(region, events, "2026-04-01")
    assert ("decided_during_representations" in codes(result)) is warns
    if warns:
        (warning,) = [w for w in result.warnings if w.code == "decided_during_representations"]
        assert warning.message.startswith("the variation was decided on")


def test_r3_plan_approved_inside_its_window_still_warns() -> None:
    events = [ev("plan_proposed", "2026-03-02"), ev("plan_approved", "2026-03-05")]
    (warning,) = run(AAH, events, "2026-04-01").warnings
    assert warning.code == "decided_during_representations"
    assert warning.message.startswith("the plan was approved on 2026-03-05")


# -- R4 plan contents (A@H 6) -------------------------------------------------------------------

ALL_FIVE = ["objectives", "timescales", "responsibilities", "success_criteria",
            "review_arrangements"]  # fmt: skip

R4 = [
    pytest.param(AAH, ALL_FIVE, [], id="R4 A@H 6: all five set out: nothing said"),
    pytest.param(
        AAH, ["objectives", "timescales", "responsibilities"],
        ["success_criteria", "review_arrangements"],
        id="R4 A@H 6: two missing: plan_incomplete names them",
    ),
    pytest.param(AAH, [], ALL_FIVE, id="R4 A@H 6: nothing set out: all five named"),
    pytest.param(AAH, None, [], id="R4 A@H 6: covers not recorded: nothing said"),
    pytest.param(T4C, ["objectives"], [], id="R4 is Adoption@Heart's: T4C says nothing"),
]  # fmt: skip


@pytest.mark.parametrize(("region", "covers", "missing"), R4)
def test_r4_a_plan_missing_contents_is_reported(
    region: str, covers: list[str] | None, missing: list[str]
) -> None:
    approved = ev("plan_approved", "2026-03-20")
    if covers is not None:
        approved["covers"] = covers
    result = run(region, [ev("plan_proposed", "2026-03-02"), approved], "2026-04-01")
    found = [w for w in result.warnings if w.code == "plan_incomplete"]
    if not missing:
        assert found == []
        return
    (warning,) = found
    assert warning.message.startswith(
        f"the plan approved on 2026-03-20 does not set out: {', '.join(missing)}"
    )
    assert "Adoption@Heart Adoption Support Procedure, 6" in warning.message


# -- R5 a review interval set by the plan (T4C 10.1) -----------------------------------------

R5 = [
    reading(
        "R5",
        "T4C 10.1",
        T4C,
        "plan_review",
        [ev("assessment_completed", "2026-01-15", next_review_within_months=3)],
        "2026-02-01",
        [("2026-04-15", "pending", None)],
        "the plan asks for a review within 3 months: due then, not at 12 months",
    ),
    reading(
        "R5",
        "T4C 10.1",
        T4C,
        "plan_review",
        [
            ev("assessment_completed", "2026-01-15"),
            ev("review_held", "2026-03-31", next_review_within_months=6),
        ],
        "2026-04-01",
        [("2026-09-30", "pending", None), ("2027-01-15", "met", "2026-03-31")],
        "a review sets 6 months: the next is 6 months after it",
    ),
    reading(
        "R5",
        "T4C 10.1",
        T4C,
        "plan_review",
        [
            ev("assessment_completed", "2026-01-15", next_review_within_months=3),
            ev("review_held", "2026-04-10"),
        ],
        "2026-05-01",
        [("2026-04-15", "met", "2026-04-10"), ("2027-04-10", "pending", None)],
        "a review that sets nothing: back to 12 months",
    ),
    reading(
        "R5",
        "T4C 10.1",
        T4C,
        "plan_review",
        [ev("assessment_completed", "2025-11-30", next_review_within_months=12)],
        "2026-01-01",
        [("2026-11-30", "pending", None)],
        "12 months asked: the same as the region's (never longer)",
    ),
]


@pytest.mark.parametrize(("region", "kind", "events", "as_of", "expected", "facts"), R5)
def test_r5_a_sooner_review_set_by_the_plan(
    region: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[tuple[str | None, str, str | None]],
    facts: dict[str, object],
) -> None:
    result = run(region, events, as_of, **facts)
    assert rows(result, kind) == expected
    for ob in of_kind(result, kind):
        assert ob.period is not None
        assert parse_period(ob.period).apply(ob.starts_from.date) == ob.due


def test_r5_explains_the_sooner_period() -> None:
    result = run(T4C, [ev("assessment_completed", "2026-01-15", next_review_within_months=3)],
                 "2026-02-01")  # fmt: skip
    (ob,) = of_kind(result, "plan_review")
    assert (ob.period, ob.starts_from.event) == ("3 months", "assessment_completed")
    assert ob.citation == "Together4Children Adoption Support Policy and Procedure, 10.1"


# -- R6 Leicestershire's post-adoption contact (LEI 7.5) ------------------------------------

CONTACT = "leicestershire.post_adoption_contact"
LEI_FAMILY = {"placing_authority": LEI, "local_authority": LEI, "adoption_order_date": "2023-08-31"}

R6 = [
    reading(
        "R6", "LEI 7.5", LEI, CONTACT, [], "2024-03-01",
        [("2024-02-29", "overdue", None), ("2024-08-31", "pending", None)],
        "every 6 months from the order, anchored (31 Aug: 29 Feb, 31 Aug)", **LEI_FAMILY,
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT,
        [ev("contact_made", "2024-02-20"), ev("contact_made", "2024-08-30")], "2024-09-01",
        [("2024-02-29", "met", "2024-02-20"), ("2024-08-31", "met", "2024-08-30"),
         ("2025-02-28", "pending", None)],
        "contact_made does it", **LEI_FAMILY,
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT,
        [ev("closure_decided", "2024-01-10", reason="no_further_need")], "2024-03-01",
        [("2024-02-29", "overdue", None), ("2024-08-31", "pending", None)],
        "the visiting duty, not the support case: closure does not end it", **LEI_FAMILY,
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT,
        [ev("family_moved", "2024-05-01", local_authority="rutland")], "2024-09-01",
        [("2024-02-29", "overdue", None), ("2024-08-31", "cancelled", None)],
        "a move to another council ends it (no longer living in Leicestershire)", **LEI_FAMILY,
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT,
        [ev("family_moved", "2024-05-01", local_authority=LEI)], "2024-09-01",
        [("2024-02-29", "overdue", None), ("2024-08-31", "overdue", None),
         ("2025-02-28", "pending", None)],
        "a move within Leicestershire does not", **LEI_FAMILY,
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT, [], "2027-01-01",
        [("2024-02-29", "overdue", None), ("2024-08-31", "overdue", None),
         ("2025-02-28", "overdue", None), ("2025-08-31", "overdue", None),
         ("2026-02-28", "overdue", None), ("2026-08-31", "overdue", None)],
        "for the first three years: six in all", **LEI_FAMILY,
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT, [], "2024-03-01", [],
        "a child another council placed: none",
        placing_authority="leicester", local_authority=LEI, adoption_order_date="2023-08-31",
    ),
    reading(
        "R6", "LEI 7.5", LEI, CONTACT, [], "2024-03-01", [],
        "a family living elsewhere: none",
        placing_authority=LEI, local_authority="rutland", adoption_order_date="2023-08-31",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("region", "kind", "events", "as_of", "expected", "facts"), R6)
def test_r6_leicestershire_post_adoption_contact(
    region: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[tuple[str | None, str, str | None]],
    facts: dict[str, object],
) -> None:
    result = run(region, events, as_of, **facts)
    assert rows(result, kind) == expected
    for ob in of_kind(result, kind):
        assert (ob.rule, ob.decided_by) == (CONTACT, LEI)
        assert ob.citation == (
            "Leicestershire Adoption and Permanence Statement of Purpose 2019-2020, 7.5"
        )


# -- R8 who routes a family living outside Adoption West (AW 6.1(c), E1) ------------------------

R8 = [
    pytest.param(
        {"placing_authority": "bristol", "local_authority": "devon",
         "adoption_order_date": "2015-06-01"},
        "devon", "devon", "devon",
        id="R8 AW 6.1(c): living in Devon, order 2015: Devon, as evaluate says (was the RAA)",
    ),
    pytest.param(
        {"placing_authority": "bristol", "local_authority": "devon",
         "adoption_order_date": "2024-06-01"},
        "bristol", "devon", None,
        id="R8 AW 6.1(c): within 3 years of the order: the placing council, through the RAA",
    ),
    pytest.param(
        {"placing_authority": "devon", "local_authority": "wiltshire",
         "adoption_order_date": "2015-06-01"},
        "wiltshire", "wiltshire", None,
        id="R8 AW 6.1(c): living in Wiltshire, in the region: the RAA",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("facts", "responsible", "council", "holder_council"), R8)
def test_r8_route_agrees_with_the_responsible_authority(
    facts: dict[str, object], responsible: str, council: str, holder_council: str | None
) -> None:
    result = run(AW, [], "2026-01-05", **facts)
    assert result.responsible_authority == responsible
    case = make_case(AW, [], **facts)
    route = route_referral(case, D("2026-01-05"), registry=REGISTRY)
    assert route.council == council
    support = {r.matter: r for r in responsibilities(case, D("2026-01-05"), registry=REGISTRY)}[
        "adoption_support"
    ]
    if holder_council is None:
        assert (route.receiver, support.holder) == ("the RAA", "RAA")
    else:
        assert route.receiver.startswith("the council responsible")
        assert (support.holder, support.council) == ("council", holder_council)
        assert "All adoptive families living in the region" not in route.reason
        assert "Adoption West Regional Adoption Service Specification (draft), 6.1" in (
            route.citation
        )


# -- R10, R11 who may ask for an assessment (A@H 4) -------------------------------------------

ELIGIBILITY = [
    pytest.param(
        Requester.ADOPTED_CHILD,
        AdoptionRoute.INTERCOUNTRY,
        True,
        id="R10 A@H 4: the child adopted from abroad has the entitlement",
    ),
    pytest.param(
        Requester.ADOPTIVE_PARENT,
        AdoptionRoute.INTERCOUNTRY,
        True,
        id="R10 A@H 4: so do the adoptive parents",
    ),
    pytest.param(
        Requester.BIRTH_PARENT,
        AdoptionRoute.INTERCOUNTRY,
        False,
        id="R10 A@H 4: a birth parent does not (E4 read before gave it to everyone)",
    ),
    pytest.param(
        Requester.NATURAL_SIBLING,
        AdoptionRoute.INTERCOUNTRY,
        False,
        id="R10 A@H 4: nor a natural sibling",
    ),
]


@pytest.mark.parametrize(("requester", "route", "entitled"), ELIGIBILITY)
@pytest.mark.parametrize("region", ["england", T4C, AAH, AW, LEI])
def test_r10_intercountry_entitlement_is_the_child_and_adoptive_parents(
    region: str, requester: Requester, route: AdoptionRoute, entitled: bool
) -> None:
    answer = assessment_eligibility(region, requester, route, registry=REGISTRY)
    assert answer.may_request is True
    assert ("therapeutic services" in answer.services) is entitled
    if not entitled:
        assert answer.services == ("the services asked for",)


def test_r11_a_child_placed_with_prospective_adopters_may_ask() -> None:
    """A@H 4 ii: 'Children who are placed with prospective adoptive parents'."""
    answer = assessment_eligibility(
        "england", Requester.PLACED_CHILD, AdoptionRoute.AGENCY, registry=REGISTRY
    )
    assert (answer.may_request, answer.duty_to_assess) == (True, True)
    assert "placed with prospective adoptive parents" in answer.reason


# -- R14 explaining an anchored occurrence (contract convention 6) --------------------------------


def _lei_order(as_of: str) -> Result:
    return run(
        LEI, [], as_of, adoption_order_date="2023-12-09",
        placing_authority=LEI, local_authority=LEI,
    )  # fmt: skip


def test_r14_the_kth_anchored_occurrence_states_its_distance_from_the_anchor() -> None:
    """LEI 7.5 'reviewed 6 monthly': the 3rd review is 18 months after the order."""
    third = of_kind(_lei_order("2025-07-01"), "plan_review")[2]
    assert third.occurrence == 3
    assert third.due == D("2025-06-09")
    assert third.starts_from.event == "adoption_order_date"
    assert third.starts_from.date == D("2023-12-09")
    assert third.period == "18 months (the 3rd of every 6 months)"


def _distance(period: str) -> str:
    """The period's distance from its start: the words before ' (the ...)'."""
    return period.partition(" (the ")[0]


def test_r14_starts_from_plus_period_gives_due_for_every_occurrence() -> None:
    policy = REGISTRY.policy(LEI)
    obligations = of_kind(_lei_order("2027-01-01"), "plan_review")
    assert [ob.occurrence for ob in obligations] == [1, 2, 3, 4, 5, 6]
    for ob in obligations:
        assert ob.due is not None and ob.period is not None
        assert parse_period(_distance(ob.period)).apply(ob.starts_from.date, policy.calendar) == (
            ob.due
        ), ob.occurrence


def test_r14_explain_says_the_real_distance() -> None:
    from adoption_rules.io.output import explain_obligation

    result = _lei_order("2025-07-01")
    text = explain_obligation(result, of_kind(result, "plan_review")[2])
    assert (
        "Due 2025-06-09: 18 months after adoption_order_date on 2023-12-09 "
        "(the 3rd of every 6 months)."
    ) in text


# -- R13 citations a person can read: national rules cite national law --------------------------

#: The agencies' documents: a national citation names none of them (R13).
AGENCY_WORDS = re.compile(
    r"\.txt\b|Together4Children|Adoption@Heart|Adoption West|Leicestershire|catalogue"
)
#: What a national citation names: an Act, Regulations, guidance, or the national benchmark.
NATIONAL = re.compile(
    r"\b(Act \d{4}|Regulations \d{4}|[Gg]uidance|Key Elements of an Adoption Support Service|"
    r"Ministerial Statement|questions and answers)\b"
)


def _national_citations() -> list[tuple[str, str]]:
    out = []
    for rule in england.RULES.values():
        out.append((rule.rule_id, rule.citation))
        for param in rule.params():
            out.extend((param.name, dated.citation) for dated in param.history)
    for param in (*england.DATA.values(), RESPONSIBILITY_PERIOD):
        out.extend((param.name, dated.citation) for dated in param.history)
    return out


@pytest.mark.parametrize(("name", "citation"), _national_citations())
def test_r13_a_national_rule_cites_national_law_by_name(name: str, citation: str) -> None:
    """E8 cites the Adoption Support Services Regulations 2005, reg 20, not LEI 7.6."""
    assert NATIONAL.search(citation), (name, citation)
    assert not AGENCY_WORDS.search(citation), (name, citation)


def test_r13_e8_reads_as_the_contract_example() -> None:
    result = run(T4C, [ev("financial_support_agreed", "2025-02-03")], "2025-03-01")
    (ob,) = of_kind(result, "financial_support_review")
    assert ob.citation == "Adoption Support Services Regulations 2005, reg 20"


def test_r13_every_national_rule_and_value_keeps_its_catalogue_rows_as_data() -> None:
    named = {name for name, _ in _national_citations()}
    assert named <= set(england.CATALOGUE_ROWS)
    for rows_ in england.CATALOGUE_ROWS.values():
        assert rows_ and all(re.fullmatch(r"[A-Z]\d+", row) for row in rows_)
    assert england.CATALOGUE_ROWS["england.financial_support_review"] == ("E8", "R1")


def test_r13_every_national_rule_carries_its_citation_as_data() -> None:
    for rule in england.RULES.values():
        assert rule.source is not None, rule.rule_id
        assert rule.source.source.file == ""  # national law: no seed file
        assert citation_text(rule.source) == rule.citation
        assert rule.source.rows == england.CATALOGUE_ROWS[rule.rule_id]


@pytest.mark.parametrize(
    ("region", "events", "kind", "citation"),
    [
        pytest.param(
            T4C, [ev("detailed_referral_completed", "2026-01-12")], "referral_sign_off",
            "Together4Children Adoption Support Policy and Procedure, 7.10",
            id="R13 contract example: T4C 7.10",
        ),
        pytest.param(
            AAH, [ev("plan_proposed", "2026-01-12")], "representations_window",
            "Adoption@Heart Adoption Support Procedure, 6, Consultation with proposed "
            "recipients of adoption support",
            id="R13 A@H 6 by its title",
        ),
        pytest.param(
            LEI, [ev("registration_of_interest", "2026-01-12")], "stage1",
            "Leicestershire Adoption and Permanence Statement of Purpose 2019-2020, 7.2",
            id="R13 LEI 7.2 by its title",
        ),
    ],
)  # fmt: skip
def test_r13_a_region_citation_names_the_document_and_section_in_words(
    region: str, events: Events, kind: str, citation: str
) -> None:
    (ob,) = of_kind(run(region, events, "2026-01-13"), kind)
    assert ob.citation == citation


# -- The policies' duties that nothing encoded: cited data, and who holds them ----------------


@pytest.mark.parametrize(
    ("region", "matter", "holder", "words", "section"),
    [
        pytest.param(LEI, "disruption_meeting", "agency",
                     "findings are fed back to the Adoption Panel", "12",
                     id="LEI 12 disruption meeting, fed back to the panel"),
        pytest.param(LEI, "adoption_support_services_adviser", "agency",
                     "the team manager acts as Leicestershire's Adoption Support Services "
                     "Adviser", "10", id="LEI 10 the team manager is the ASSA"),
        pytest.param(AW, "should_be_placed_decision", "council",
                     "'Should be placed for adoption' decision", "Table 1, 1.1 SHOBPA decision",
                     id="AW Table 1.1 the should-be-placed decision is the council ADM's"),
        pytest.param(AW, "matching_decision", "council", "the Matching decision",
                     "Table 1, 1.1 Matching Decisions",
                     id="AW Table 1.1 the match is the council ADM's"),
        pytest.param(AW, "pre_placement_reports", "council", "Child Placement Reports",
                     "Table 1, 1.1 Pre-placement Reports",
                     id="AW Table 1.1 the council prepares the pre-placement reports"),
        pytest.param(AW, "child_permanence_report", "council", "The CPR",
                     "Table 1, 1.1 CPR, DPR, APR, Matching panel",
                     id="AW Table 1.1 the council's CPR"),
        pytest.param(AW, "life_story_book", "council", "Life story Book",
                     "Table 1, 1.1 Preparation of the child",
                     id="AW Table 1.1 the council's life story book"),
        pytest.param(AW, "later_life_letter", "council", "Later Life Letter",
                     "Table 1, 1.1 Preparation of the child",
                     id="AW Table 1.1 the council's later life letter"),
        pytest.param(AW, "birth_records_counselling", "RAA", "Birth Records Counselling",
                     "Table 1, 1.3 Access to Children's records and files",
                     id="AW Table 1.3 birth records counselling is the RAA's"),
        pytest.param(AW, "birth_parent_therapeutic_support", "RAA", "Legal requirement",
                     "Table 1, 1.3 Therapeutic support to birth parent",
                     id="AW Table 1.3 therapeutic support to birth parents: the RAA's, by law"),
        pytest.param(AW, "service_quality_review", "RAA", "annual review of the quality",
                     "10.1", id="AW 10.1 the annual review of the service's quality"),
        pytest.param(AAH, "assessment_outcome_notice", "agency",
                     "sent to the adoptive parent or the most appropriate adult", "5",
                     id="A@H 5 notice of the outcome; for a child, the adoptive parent"),
        pytest.param(AAH, "assessment_before_panel", "agency",
                     "the family finder and the prospective adopters' social worker", "5",
                     id="A@H 5 who assesses before panel"),
        pytest.param(AAH, "assessment_after_placement", "agency",
                     "a social worker in the Adoption Support team", "5",
                     id="A@H 5 who assesses after placement"),
        pytest.param(AAH, "representations_consideration", "agency",
                     "inform the recipients of the outcome", "6, Consultation with proposed "
                     "recipients of adoption support",
                     id="A@H 6 representations: the Team Manager considers, informs"),
        pytest.param(AAH, "variation_approval", "agency",
                     "refer the case back to the Adoption Panel for information and advice and "
                     "then to the Agency Decision Maker", "6, Reviews of Adoption Support Plan",
                     id="A@H 6 a variation: the Team Manager approves, may refer to panel, ADM"),
    ],
)  # fmt: skip
def test_duties_answered_as_responsibilities(
    region: str, matter: str, holder: str, words: str, section: str
) -> None:
    answers = {
        r.matter: r for r in responsibilities(_case(region), D("2026-01-05"), registry=REGISTRY)
    }
    answer = answers[matter]
    assert (answer.holder, answer.decided_by) == (holder, region)
    assert words in answer.text
    assert answer.citation.endswith(f", {section}")


def _case(region: str, **facts: object) -> Case:
    return make_case(region, [], placing_authority="bristol", **facts)


def test_aah_6_a_substantial_change_may_need_a_new_assessment() -> None:
    value = aah.SUBSTANTIAL_CHANGE.current
    assert "new assessment of needs" in value.value
    assert (
        value.citation == "Adoption@Heart Adoption Support Procedure, 6, Reviews of Adoption "
        "Support Plan"
    )


def test_lei_7_2_stage1_review_meeting_is_cited_data_with_no_time_limit() -> None:
    source = lei.REGION.data_sources[lei.STAGE1_REVIEW_MEETING.name]
    assert (source.section, source.note) == ("7.2", "no time limit given")
    assert "review meeting is held" in lei.STAGE1_REVIEW_MEETING.current.value
