"""Region ``adoption_west``: Adoption West (AW), draft Regional Adoption Service Specification.

Source: seed ``003_9f7fae36d35d9718.txt``; rules catalogue rows W1-W8.  The
specification divides roles between the councils and the Regional Adoption
Agency (RAA); it sets no deadline of its own for a case, so every obligation
follows the England baseline (the module declares no rule).  The W rows are
cited policy data in the seed's own words, one ``REGION.data(...)``
declaration each, in the seed's order, with its section (``at=``) and
catalogue row (``row=``).

The questions of :mod:`adoption_rules.questions` are answered from that data
by the hooks at the end: the referral route and the safeguarding route (W2),
who holds each responsibility and who pays (W1, W3, W4, W6), and the priority
children (W5).

``docs/regions/adoption_west.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from adoption_rules.core.answers import (
    ChildFacts,
    Concern,
    PriorityAnswer,
    ReferralRoute,
    Responsibility,
    ThresholdAnswer,
    ThresholdRoute,
    join_citations,
)
from adoption_rules.core.authority import (
    AuthorityAnswer,
    e1_responsible_authority,
    lives_in,
    responsibility_handover,
)
from adoption_rules.core.model import Case
from adoption_rules.core.params import Param
from adoption_rules.core.periods import Months, Years
from adoption_rules.core.sources import SEED_TITLES
from adoption_rules.plugins import england as england_baseline
from adoption_rules.plugins.declare import Region, Source
from adoption_rules.plugins.hookspecs import hookimpl

#: The seed file of the policy (``shared/seeds/``); its title is the document's own.
SEED: Final = "003_9f7fae36d35d9718.txt"

REGION: Final = Region(
    __name__,
    "adoption_west",
    title="Adoption West",
    councils=(
        "bath-and-north-east-somerset",
        "bristol",
        "gloucestershire",
        "north-somerset",
        "south-gloucestershire",
        "wiltshire",
    ),
    source=Source(SEED, SEED_TITLES[SEED]),
)
NAME: Final = REGION.name


# -- 6. Eligibility criteria ------------------------------------------------------

# R8: the service is for "all adoptive families living in the region eligible for adoption
# support": once the council where a family lives is responsible (rule E1, three years after
# the order), a family living outside the region is that council's, not Adoption West's.
SERVICE_USERS: Final = REGION.data(
    "service_users",
    (
        "Children who require adoption",
        "Adults who wish to adopt",
        "All adoptive families living in the region eligible for adoption support",
        "Adopted adults",
        "Facilitate contact between adoptive and birth family members",
        "Birth parents and former guardians eligible for adoption support",
        "Independent support to birth parents who risk losing their child to adoption",
    ),
    at="6.1",
    row="W2, R8",
)


# -- 10. Contract monitoring -----------------------------------------------------

BOARD_REPORTING_INTERVAL: Final = REGION.data(
    "board_reporting_interval",
    Months(3),
    at="10.1",
    row="W8",
    note="quarterly data submissions and associated reports to the Management Board",
)

# "the Integrated Service will be responsible for conducting an annual review of the quality
# of the service it provides" (a duty of the agency, not of a case).
SERVICE_QUALITY_REVIEW: Final = REGION.data(
    "service_quality_review",
    Months(12),
    at="10.1",
    row="W8",
    note="an annual review of the quality of the service it provides",
)


# -- Table 1, 1.1 The child ----------------------------------------------------------

# The council keeps case responsibility for the child until the adoption order.
CASE_RESPONSIBILITY: Final = REGION.data(
    "case_responsibility",
    "The local authority will retain case management responsibility for the child until the "
    "making of the Adoption Order.",
    at="Table 1, 1.1 Case Responsibility",
    row="W1",
)

# The priority ("hard to place") children the council identifies.
PRIORITY_CHILD_CRITERIA: Final = REGION.data(
    "priority_child_criteria",
    (
        "Aged four or over",
        "From a BME heritage",
        "Part of a sibling group of two or more",
        "Has a disability or medical condition",
    ),
    at="Table 1, 1.1 'Hard to Place'/Priority Children",
    row="W5",
)

# The child's reports and the should-be-placed decision are the council's.
PRE_PLACEMENT_REPORTS: Final = REGION.data(
    "pre_placement_reports",
    "The LA will be responsible for the completion and cost of all reports prior to an "
    "adoption placement being made including Child Placement Reports.",
    at="Table 1, 1.1 Pre-placement Reports",
    row="W1",
)

SHOULD_BE_PLACED_DECISION: Final = REGION.data(
    "should_be_placed_decision",
    "The Agency Decision Maker in each LA will be responsible for the 'Should be placed for "
    "adoption' decision. The LA will undertake a regular review of this decision and "
    "associated plans and keep the family finder in the RAA informed of changes.",
    at="Table 1, 1.1 SHOBPA decision",
    row="W7",
)

LIFE_STORY_BOOK: Final = REGION.data(
    "life_story_book",
    "The LA will be responsible for the preparation of the child's Life story Book.",
    at="Table 1, 1.1 Preparation of the child",
    row="W1",
)

LATER_LIFE_LETTER: Final = REGION.data(
    "later_life_letter",
    "The LA will be responsible for producing the Later Life Letter",
    at="Table 1, 1.1 Preparation of the child",
    row="W1",
)

CHILD_PERMANENCE_REPORT: Final = REGION.data(
    "child_permanence_report",
    "The LA is responsible for: The CPR; Delegation of Parental Responsibility report. It will "
    "be the responsibility of the LA to keep the CPR updated.",
    at="Table 1, 1.1 CPR, DPR, APR, Matching panel",
    row="W1",
)

MATCHING_DECISION: Final = REGION.data(
    "matching_decision",
    "The Agency Decision Maker in each LA will be responsible for the Matching decision.",
    at="Table 1, 1.1 Matching Decisions",
    row="W7",
)


# -- Table 1, 1.2 Adopter recruitment ------------------------------------------------

# Stage One, Stage Two, the PAR and approvals are the RAA's.
APPROVAL_FUNCTIONS: Final = REGION.data(
    "approval_functions",
    {
        "Stage One": "The RAA will undertake all Stage one functions",
        "Stage Two": "The RAA will undertake all Stage Two functions",
        "PAR": "The RAA will complete the Prospective Adopters Report (PAR)",
        "Approvals": (
            "The RAA will service the Adoption Panel. The RAA Agency Decision Maker will be "
            "responsible for all approvals"
        ),
    },
    at="Table 1, 1.2",
    row="W7",
)


# -- Table 1, 1.3 Post adoption support services -------------------------------------

# Who provides, funds and pays for adoption support.
SUPPORT_RESPONSIBILITIES: Final = REGION.data(
    "support_responsibilities",
    {
        "RAA": (
            "The RAA will provide or commission all adoption support services. The RAA will "
            "undertake adoption support fund assessments and applications."
        ),
        "local authority": (
            "The LA will consider funding requests for post adoption support services which "
            "are not included in the core offer."
        ),
        "adoption allowances": (
            "Adoption allowances will be paid for by each LA after undertaking the appropriate "
            "assessment."
        ),
    },
    at="Table 1, 1.3 Adoption support plans, Adoption allowances",
    row="W1",
)

# Support referrals and safeguarding referrals.
REFERRAL_ROUTES: Final = REGION.data(
    "referral_routes",
    {
        "support": "The LA will signpost all referrals for support from adoptive families to "
        "the RAA.",
        "safeguarding": (
            "Where a safeguarding referral is made to the LA the LA will conduct any "
            "appropriate section 47 enquiry and will allocate an LA Social Worker where "
            "thresholds are met, whilst simultaneously notifying the RAA of any referral "
            "involving an adopted child."
        ),
    },
    at="Table 1, 1.3 Referrals and safeguarding",
    row="W2",
)

OUT_OF_HOURS: Final = REGION.data(
    "out_of_hours",
    {
        "local authority": "All adopters will have access to the LA's Emergency Duty Team out "
        "of core hours.",
        "RAA": "The RAA will negotiate out of hours support for specific families where "
        "necessary subject to agreed LA funding.",
    },
    at="Table 1, 1.3 Out-of-hours services",
    row="W3",
)

LETTERBOX: Final = REGION.data(
    "letterbox",
    "The RAA will oversee Letterbox contact between adopted children and birth families.",
    at="Table 1, 1.3 Indirect / Letterbox contact",
    row="W4",
)

# Birth records counselling and therapeutic support to birth parents: the RAA's ("Legal
# requirement").
BIRTH_RECORDS_COUNSELLING: Final = REGION.data(
    "birth_records_counselling",
    "Access to Children's records and files: LA to facilitate; RAA to provide / commission "
    "Birth Records Counselling",
    at="Table 1, 1.3 Access to Children's records and files",
    row="W1",
)

BIRTH_PARENT_THERAPEUTIC_SUPPORT: Final = REGION.data(
    "birth_parent_therapeutic_support",
    "Therapeutic support to birth parent: RAA to provide / commission (Legal requirement)",
    at="Table 1, 1.3 Therapeutic support to birth parent",
    row="W1",
)

# Access to records and intermediary services.
RECORDS_ACCESS: Final = REGION.data(
    "records_access",
    {
        "Access to Adopter's records": "LA for historic cases; RAA for cases which it has managed",
        "Intermediary Service to relatives of adopted person": "LA for historic cases; RAA for "
        "cases which it has managed",
    },
    at="Table 1, 1.3 Access to Adopter's records, Intermediary Service",
    row="W6",
)

# The date is the catalogue's: seed 003 does not give it.  R9: a case began at the
# placement, else at the adoption order; with neither it is not known (never guessed from
# the first event recorded).
RAA_CASES_FROM: Final = REGION.data(
    "raa_cases_from",
    dt.date(2019, 3, 1),
    at="Table 1, 1.3",
    row="W6, R9",
    reading="the RAA's cases are those begun (placed, else adopted) on or after its start, "
    "1 March 2019 (the start date is the catalogue's, not the seed's)",
)


# -- Table 2, 2.2 Child's journey and permanence planning ----------------------------

COUNCIL_REPORTING_INTERVAL: Final = REGION.data(
    "council_reporting_interval",
    Months(6),
    at="Table 2, 2.2",
    row="W8",
    note="reporting mechanisms back from Adoption West into each local authority every 6 months",
)


# -- Hooks ------------------------------------------------------------------------


(
    adoption_rules_regions,
    adoption_rules_obligation_kinds,
    adoption_rules_obligation_rule,
) = REGION.hooks()


# -- Questions beyond deadlines (adoption_rules.questions) ---------------------------


def _handed_over(case: Case, as_of: dt.date) -> AuthorityAnswer | None:
    """R8: the E1 answer when the council where the family lives is responsible and it is
    not one of the region's (then the family is not Adoption West's); else ``None``."""
    order = case.adoption_order_date
    if order is None or as_of < responsibility_handover(order)[0]:
        return None
    authority = e1_responsible_authority(case, as_of)
    if authority.authority is None or authority.authority in REGION.councils:
        return None
    return authority


@hookimpl
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute | None:
    """W2: the councils signpost every support referral to the RAA.  R8 (6.1(c), E1): a family
    living outside the region, once that council is responsible, goes to that council."""
    if region != NAME:
        return None
    routes = REFERRAL_ROUTES.current
    elsewhere = _handed_over(case, as_of)
    if elsewhere is not None:
        users = SERVICE_USERS.current
        return ReferralRoute(
            council=elsewhere.authority,
            receiver="the council responsible for the family's adoption support (or its "
            "regional adoption agency)",
            how=(),
            screening_outcomes=(),
            reason=f"the family lives outside the region and {elsewhere.reason}",
            citation=join_citations((users.citation, elsewhere.citation)),
        )
    return ReferralRoute(
        council=lives_in(case, as_of),
        receiver="the RAA",
        how=(),
        screening_outcomes=(),
        reason=routes.value["support"],
        citation=routes.citation,
    )


#: W2: the concerns the specification covers: a safeguarding referral (s47), thresholds met.
_W2_CONCERNS: Final = (Concern.SIGNIFICANT_HARM, Concern.COUNCIL_THRESHOLDS_MET)


@hookimpl
def adoption_rules_statutory_threshold(
    region: str, case: Case, as_of: dt.date, concerns: frozenset[Concern]
) -> ThresholdAnswer | None:
    """W2: a safeguarding referral goes to the council, which makes any s47 enquiry, allocates
    its own social worker where thresholds are met and notifies the RAA.  Other concerns: no
    opinion (the England baseline answers)."""
    if region != NAME:
        return None
    met_by = tuple(c for c in _W2_CONCERNS if c in concerns)
    if not met_by:
        return None
    routes = REFERRAL_ROUTES.current
    return ThresholdAnswer(
        met=True,
        met_by=met_by,
        route=ThresholdRoute.SAFEGUARDING,
        council=lives_in(case, as_of),
        destination="the LA",
        steps=(routes.value["safeguarding"],),
        reason="a safeguarding referral is made to the council, which notifies the RAA",
        citation=routes.citation,
    )


#: W1, W3, W4, W6, W7: the responsibilities the specification divides, in its order.
RESPONSIBILITY_MATTERS: Final[tuple[str, ...]] = (
    "case_responsibility",
    "pre_placement_reports",
    "should_be_placed_decision",
    "life_story_book",
    "later_life_letter",
    "child_permanence_report",
    "matching_decision",
    "adoption_support",
    "support_fund_applications",
    "funding_outside_core_offer",
    "adoption_allowances",
    "out_of_hours",
    "letterbox",
    "birth_records_counselling",
    "birth_parent_therapeutic_support",
    "records_access",
    "intermediary_service",
    "service_quality_review",
)


@hookimpl
def adoption_rules_responsibility_matters(region: str) -> list[str] | None:
    if region != NAME:
        return None
    return list(RESPONSIBILITY_MATTERS)


def _paying_council(case: Case, as_of: dt.date) -> str | None:
    """The council that pays for support: the baseline's reading of E1 for financial support."""
    return england_baseline.financial_support(case, as_of).council


def _case_began(case: Case) -> dt.date | None:
    """W6 reading (R9): a case began at the placement, else at the adoption order; ``None``
    (not known) with neither: never a guess from the first event recorded."""
    return case.placement_date or case.adoption_order_date


def _records(matter: str, entry: str) -> Callable[[Case, dt.date], Responsibility]:
    def answer(case: Case, as_of: dt.date) -> Responsibility:
        records, start = RECORDS_ACCESS.current, RAA_CASES_FROM.current
        began = _case_began(case)
        citation = join_citations((records.citation, start.citation))
        if began is None:
            return Responsibility(
                matter=matter,
                holder=None,
                council=None,
                pays=None,
                text=f"not known: no placement or adoption order date recorded. "
                f"{records.value[entry]}",
                citation=citation,
            )
        if began >= start.value:
            return Responsibility(
                matter=matter,
                holder="RAA",
                council=None,
                pays=None,
                text="RAA for cases which it has managed",
                citation=citation,
            )
        return Responsibility(
            matter=matter,
            holder="council",
            council=case.placing_authority,
            pays=None,
            text="LA for historic cases",
            citation=citation,
        )

    return answer


def _case_responsibility(case: Case, as_of: dt.date) -> Responsibility | None:
    order = case.adoption_order_date
    if order is not None and as_of >= order:
        return None  # the specification says nothing of the council's role after the order
    value = CASE_RESPONSIBILITY.current
    return Responsibility(
        matter="case_responsibility",
        holder="council",
        council=case.placing_authority,
        pays=None,
        text=value.value,
        citation=value.citation,
    )


def _support(matter: str, who: str) -> Callable[[Case, dt.date], Responsibility]:
    def answer(case: Case, as_of: dt.date) -> Responsibility:
        value = SUPPORT_RESPONSIBILITIES.current
        elsewhere = _handed_over(case, as_of) if who == "RAA" else None
        if elsewhere is not None:
            # R8: the council responsible under E1, where the family lives outside the region.
            users = SERVICE_USERS.current
            return Responsibility(
                matter=matter,
                holder="council",
                council=elsewhere.authority,
                pays="council",
                text=f"the family lives outside the region and {elsewhere.reason}",
                citation=join_citations((users.citation, elsewhere.citation)),
            )
        if who == "RAA":
            return Responsibility(
                matter=matter,
                holder="RAA",
                council=None,
                pays=None,
                text=value.value[who],
                citation=value.citation,
            )
        return Responsibility(
            matter=matter,
            holder="council",
            council=_paying_council(case, as_of),
            pays="council",
            text=value.value[who],
            citation=value.citation,
        )

    return answer


def _out_of_hours(case: Case, as_of: dt.date) -> Responsibility:
    value = OUT_OF_HOURS.current
    text = f"{value.value['local authority']} {value.value['RAA']}"
    return Responsibility(
        matter="out_of_hours",
        holder="council",
        council=lives_in(case, as_of),
        pays="council",
        text=text,
        citation=value.citation,
    )


def _letterbox(case: Case, as_of: dt.date) -> Responsibility:
    value = LETTERBOX.current
    return Responsibility(
        matter="letterbox",
        holder="RAA",
        council=None,
        pays=None,
        text=value.value,
        citation=value.citation,
    )


def _table(
    matter: str, holder: str, param: Param[str]
) -> Callable[[Case, dt.date], Responsibility]:
    """A responsibility Table 1 gives to the council (the child's: the placing council) or to
    the RAA, whatever the case."""

    def answer(case: Case, as_of: dt.date) -> Responsibility:
        value = param.current
        return Responsibility(
            matter=matter,
            holder=holder,
            council=case.placing_authority if holder == "council" else None,
            pays="council" if matter == "pre_placement_reports" else None,
            text=value.value,
            citation=value.citation,
        )

    return answer


_RESPONSIBILITIES: Final[dict[str, Callable[[Case, dt.date], Responsibility | None]]] = {
    "should_be_placed_decision": _table(
        "should_be_placed_decision", "council", SHOULD_BE_PLACED_DECISION
    ),
    "matching_decision": _table("matching_decision", "council", MATCHING_DECISION),
    "pre_placement_reports": _table("pre_placement_reports", "council", PRE_PLACEMENT_REPORTS),
    "child_permanence_report": _table(
        "child_permanence_report", "council", CHILD_PERMANENCE_REPORT
    ),
    "life_story_book": _table("life_story_book", "council", LIFE_STORY_BOOK),
    "later_life_letter": _table("later_life_letter", "council", LATER_LIFE_LETTER),
    "birth_records_counselling": _table(
        "birth_records_counselling", "RAA", BIRTH_RECORDS_COUNSELLING
    ),
    "birth_parent_therapeutic_support": _table(
        "birth_parent_therapeutic_support", "RAA", BIRTH_PARENT_THERAPEUTIC_SUPPORT
    ),
    "case_responsibility": _case_responsibility,
    "adoption_support": _support("adoption_support", "RAA"),
    "support_fund_applications": _support("support_fund_applications", "RAA"),
    "funding_outside_core_offer": _support("funding_outside_core_offer", "local authority"),
    "adoption_allowances": _support("adoption_allowances", "adoption allowances"),
    "out_of_hours": _out_of_hours,
    "letterbox": _letterbox,
    "service_quality_review": lambda case, as_of: Responsibility(
        matter="service_quality_review",
        holder="RAA",
        council=None,
        pays=None,
        text="the Integrated Service will be responsible for conducting an annual review of the "
        "quality of the service it provides",
        citation=SERVICE_QUALITY_REVIEW.current.citation,
    ),
    "records_access": _records("records_access", "Access to Adopter's records"),
    "intermediary_service": _records(
        "intermediary_service", "Intermediary Service to relatives of adopted person"
    ),
}


@hookimpl
def adoption_rules_responsibility(
    region: str, matter: str, case: Case, as_of: dt.date
) -> Responsibility | None:
    """W1, W3, W4, W6: who holds each responsibility, before and after the order."""
    if region != NAME or matter not in _RESPONSIBILITIES:
        return None
    return _RESPONSIBILITIES[matter](case, as_of)


def _aged_four_or_over(case: Case, child: ChildFacts, as_of: dt.date) -> bool | None:
    born = case.child_date_of_birth
    return None if born is None else Years(4).apply(born) <= as_of


#: W5: how each criterion, in the seed's words, is told from the case and the child's facts.
PRIORITY_TESTS: Final[dict[str, Callable[[Case, ChildFacts, dt.date], bool | None]]] = {
    "Aged four or over": _aged_four_or_over,
    "From a BME heritage": lambda case, child, as_of: child.bme_heritage,
    "Part of a sibling group of two or more": lambda case, child, as_of: (
        None if child.sibling_group_size is None else child.sibling_group_size >= 2
    ),
    "Has a disability or medical condition": lambda case, child, as_of: (
        child.disability_or_medical_condition
    ),
}
if set(PRIORITY_TESTS) != set(PRIORITY_CHILD_CRITERIA.current.value):  # pragma: no cover
    raise ValueError("every W5 criterion needs its test in PRIORITY_TESTS")


@hookimpl
def adoption_rules_priority_child(
    region: str, case: Case, child: ChildFacts, as_of: dt.date
) -> PriorityAnswer | None:
    """W5: a priority child meets any of the four criteria."""
    if region != NAME:
        return None
    criteria = PRIORITY_CHILD_CRITERIA.current
    results = {c: PRIORITY_TESTS[c](case, child, as_of) for c in criteria.value}
    met = tuple(c for c, ok in results.items() if ok is True)
    unknown = tuple(c for c, ok in results.items() if ok is None)
    priority = True if met else None if unknown else False
    if met:
        reason = f"a priority child: {'; '.join(met)}"
    elif unknown:
        reason = f"not known: no criterion met, {len(unknown)} not recorded"
    else:
        reason = "no priority criterion is met"
    return PriorityAnswer(
        priority=priority,
        met=met,
        unknown=unknown,
        criteria=criteria.value,
        reason=reason,
        citation=criteria.citation,
    )
