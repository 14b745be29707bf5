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
from adoption_rules.core.authority import lives_in
from adoption_rules.core.documents import SEED_TITLES
from adoption_rules.core.model import Case
from adoption_rules.core.periods import Months, Years
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


# -- 10. Contract monitoring -----------------------------------------------------

BOARD_REPORTING_INTERVAL: Final = REGION.data(
    "board_reporting_interval",
    Months(3),
    at="10.1",
    row="W8",
    note="quarterly data submissions and associated reports to the Management Board",
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

# The date is the catalogue's: seed 003 does not give it.
RAA_CASES_FROM: Final = REGION.data(
    "raa_cases_from",
    dt.date(2019, 3, 1),
    at="Table 1, 1.3",
    row="W6",
    reading="the RAA's cases are those begun on or after its start, 1 March 2019 "
    "(the start date is the catalogue's, not the seed's)",
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


@hookimpl
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute | None:
    """W2: the councils signpost every support referral to the RAA."""
    if region != NAME:
        return None
    routes = REFERRAL_ROUTES.current
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


#: W1, W3, W4, W6: the responsibilities the specification divides, in its order.
RESPONSIBILITY_MATTERS: Final[tuple[str, ...]] = (
    "case_responsibility",
    "adoption_support",
    "support_fund_applications",
    "funding_outside_core_offer",
    "adoption_allowances",
    "out_of_hours",
    "letterbox",
    "records_access",
    "intermediary_service",
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
    """W6 reading: a case begins at the placement, or else at its first recorded event."""
    if case.placement_date is not None:
        return case.placement_date
    return min((e.date for e in case.events), default=None)


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
                text=records.value[entry],
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


_RESPONSIBILITIES: Final[dict[str, Callable[[Case, dt.date], Responsibility | None]]] = {
    "case_responsibility": _case_responsibility,
    "adoption_support": _support("adoption_support", "RAA"),
    "support_fund_applications": _support("support_fund_applications", "RAA"),
    "funding_outside_core_offer": _support("funding_outside_core_offer", "local authority"),
    "adoption_allowances": _support("adoption_allowances", "adoption allowances"),
    "out_of_hours": _out_of_hours,
    "letterbox": _letterbox,
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
