"""Region ``adoption_at_heart``: Adoption@Heart (A@H), adoption support procedure.

Source: seed ``001_5a198d102c392edc.txt``; rules catalogue rows H1-H11.  Read
this module beside the seed: it follows the seed section by section, with a
comment naming the catalogue row above each entry.

* Deadlines: the representations window of 10 working days on a proposed plan
  (H5) and on a proposal to vary or end support (H9), and the review of the
  plan after a change of circumstances (H7 before the adoption order, H8
  after it, with no due date).  Gathered in :data:`RULES`.
* No ``plan_review`` cadence (H7: before the order the plan is reviewed at the
  placement reviews, which the England baseline schedules under rule E9; H8:
  after it, only on a change): :data:`NO_RULES`.
* Everything else is cited policy data in the seed's own words, in :data:`DATA`.
* The warning ``decided_during_representations`` (H5) comes from the England
  baseline's warnings.
* The questions of :mod:`adoption_rules.questions`: the information duties
  (H1) and who handles financial support (H11) are answered from :data:`DATA`
  by the hooks at the end.

``docs/regions/adoption_at_heart.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from adoption_rules.core.answers import InformationDuties, Responsibility, join_citations
from adoption_rules.core.model import Case
from adoption_rules.core.periods import Weeks, WorkingDays
from adoption_rules.core.rules import (
    DoneBy,
    Ender,
    NoRule,
    ObligationRule,
    Param,
    Trigger,
    fixed_period,
)
from adoption_rules.plugins import england as england_baseline
from adoption_rules.plugins.declare import region_hooks
from adoption_rules.plugins.hookspecs import hookimpl

NAME: Final = "adoption_at_heart"
TITLE: Final = "Adoption@Heart"
#: Wolverhampton hosts the agency.
COUNCILS: Final[tuple[str, ...]] = ("wolverhampton", "dudley", "sandwell", "walsall")
SEED: Final = "001_5a198d102c392edc.txt"
SOURCE: Final = f"{SEED}: Adoption@Heart adoption support procedure"


def _cite(section: str, row: str) -> str:
    return f"{SEED} {section} (catalogue {row})"


#: Support obligations are made moot by closing the case (contract convention 8).
_CLOSURE: Final = (Ender("closure_decided"),)


# -- 2. Duty to provide information ------------------------------------------------

# H1: who must be given information about adoption support.
INFORMATION_RECIPIENTS: Final = Param.fixed(
    f"{NAME}.information_recipients",
    (
        "Anyone contacting the service to request information about adopting a child",
        "Anyone informing the service that (s)he wishes to adopt a child",
        "Any parent of an adopted child within the area who requests the information",
        "Any parent of an adopted child within the area of whom the service is/becomes aware",
    ),
    _cite("2", "H1"),
)

# H1: what the information must cover.
INFORMATION_TOPICS: Final = Param.fixed(
    f"{NAME}.information_topics",
    (
        "The full range of adoption support services available through Adoption@Heart",
        "The right to request an assessment for adoption services (at any time)",
        "The address and telephone number of the service's adoption support Services Adviser",
        "Contact details for first4adoption and the local web-based information service",
        "Priority school admissions (where relevant)",
        "The entitlement to early education from the age of two",
        "How to make a complaint, under the Adoption@Heart complaints procedure",
        "Any other relevant services provided by Adoption@Heart",
        "Any other information that Adoption@Heart considers relevant",
        "Adoption passport",
    ),
    _cite("2", "H1"),
)

# H1: the extra items for potential and prospective adopters.
PROSPECTIVE_ADOPTER_INFORMATION: Final = Param.fixed(
    f"{NAME}.prospective_adopter_information",
    (
        "Details of where to find information about adoption pay and leave",
        "Information about the right to receive a copy of the child's permanence report, "
        "including a summary of the medical adviser's report on the health of the child, "
        "before the child is placed with them for adoption",
        "The entitlement to a life story book and later life letter",
    ),
    _cite("2", "H1"),
)


# -- 3. Examples of adoption support ---------------------------------------------

# H11: financial support: signpost to the responsible council (see also section 7).
FINANCIAL_SUPPORT: Final = Param.fixed(
    f"{NAME}.financial_support",
    "Financial support to adopters, signposting to the relevant local authority for a "
    "request for financial support",
    _cite("3, 7", "H11"),
)


# -- 4. When to assess the need for adoption support -----------------------------

# H2: the stages at which the need for support is assessed.
ASSESSMENT_STAGES: Final = Param.fixed(
    f"{NAME}.assessment_stages",
    (
        "When preparing the Prospective Adopter's Report for presentation to the Adoption Panel",
        "When considering and preparing the Adoption Placement Report for presentation to the "
        "Adoption Panel",
        "At a child's Adoption Reviews following the adoptive placement",
    ),
    _cite("4", "H2"),
)


# -- 5. Process of assessment --------------------------------------------------------

# H3: a one-off service needs only the notice of the outcome.
ONE_OFF_SERVICE: Final = Param.fixed(
    f"{NAME}.one_off_service",
    "Where the service proposed is one-off, the notice of the outcome of the assessment will "
    "be sufficient to outline what is proposed and a full plan will not be required.",
    _cite("5", "H3"),
)


# -- 6. The Adoption Support Plan --------------------------------------------------

# H4: what a plan must set out.  Reading: a plan missing any of the five is reported.
PLAN_CONTENTS: Final = Param.fixed(
    f"{NAME}.plan_contents",
    (
        "The objectives of the plan and the key services to be provided",
        "The timescales for achieving the plan",
        "Those responsible for implementing the plan and the respective roles of others; what "
        "should be provided, when and by whom",
        "The criteria that will be used to evaluate the success of the plan",
        "The procedures that will be put in place to review the services to be provided and "
        "the plan",
    ),
    _cite("6", "H4"),
)

# H5: "The recipients of the proposed support should be given 10 working days to consider
# the proposals and make representations".
# H9: on a proposal to vary or terminate support, the person "must then be given 10 working
# days to make representations on the proposals".  One kind, two starting events.
REPRESENTATIONS_WINDOW: Final = ObligationRule(
    kind="representations_window",
    rule_id=f"{NAME}.representations_window",
    citation=_cite("6", "H5, H9"),
    description=(
        "The recipients of a proposed plan, or of a proposal to vary or end support with the "
        "draft revised plan, have 10 working days to make representations."
    ),
    triggers=(
        Trigger(
            "plan_proposed",
            fixed_period(
                f"{NAME}.representations_window.plan",
                WorkingDays(10),
                _cite("6, Consultation with proposed recipients of adoption support", "H5"),
            ),
        ),
        Trigger(
            "variation_proposed",
            fixed_period(
                f"{NAME}.representations_window.variation",
                WorkingDays(10),
                _cite("6, Reviews of Adoption Support Plan", "H9"),
            ),
        ),
    ),
    window=True,
)

# H6: who approves the plan.
PLAN_APPROVAL: Final = Param.fixed(
    f"{NAME}.plan_approval",
    {
        "proposed agency adoptive placement": (
            "the proposed Adoption Support Plan will be submitted to the Adoption Panel when the "
            "proposed placement of a child with particular prospective adopters is recommended; "
            "the final plan is approved taking into account any advice given by the Adoption "
            "Panel"
        ),
        "other situations": (
            "the Adoption Support Plan will be approved by the Team Manager (Adoption Support)"
        ),
    },
    _cite("6, Approval of Adoption Support Plan", "H6"),
)

# H6: who gets a copy of the final plan.
PLAN_DISTRIBUTION: Final = Param.fixed(
    f"{NAME}.plan_distribution",
    (
        "all those involved in implementing it",
        "the recipients of services (or appropriate adult)",
        "the child's Independent Reviewing Officer, where the child has one",
    ),
    _cite("6, Distribution of Adoption Support Plan", "H6"),
)

# H7: before the order, the plan is reviewed "at the reviews of the adoptive placement"
# (kind ``placement_review``: the England baseline's E9 schedule, left to it) "or at any
# time if there is a significant change of circumstances, within four weeks of the
# notification of the change".
# H8: after the order, "reviewed if a change in circumstances is brought to the notice of
# Adoption@Heart": no fixed period, so ``due`` is null.
CHANGE_REVIEW: Final = ObligationRule(
    kind="change_review",
    rule_id=f"{NAME}.change_review",
    citation=_cite("6, Reviews of Adoption Support Plan", "H7, H8"),
    description=(
        "Before the adoption order, the plan is reviewed within four weeks of notice of a "
        "significant change of circumstances; after it, on any change brought to notice, "
        "with no time limit."
    ),
    triggers=(
        Trigger(
            "change_of_circumstances",
            fixed_period(
                f"{NAME}.change_review.before_order",
                Weeks(4),
                _cite("6, Reviews of Adoption Support Plan", "H7"),
            ),
            where=(("significant", True),),
            before_order=True,
        ),
        Trigger(
            "change_of_circumstances",
            fixed_period(
                f"{NAME}.change_review.after_order",
                None,
                _cite("6, Reviews of Adoption Support Plan", "H8") + ": no time limit",
            ),
            before_order=False,
        ),
    ),
    done_by=(DoneBy("review_held"),),
    ends_on=_CLOSURE,
)

# H10: urgent need: support before a plan.
URGENT_SUPPORT: Final = Param.fixed(
    f"{NAME}.urgent_support",
    "Where there is an urgent need for support, the support can be provided before a Plan is "
    "drawn up, but the above procedure should then be followed as soon as possible.",
    _cite("6, Urgent Cases", "H10"),
)


# -- Tables -----------------------------------------------------------------------

#: The region's obligation rules, by kind, in the seed's order.
RULES: Final[dict[str, ObligationRule]] = {
    rule.kind: rule for rule in (REPRESENTATIONS_WINDOW, CHANGE_REVIEW)
}

#: Kinds the region's process explicitly does not have.
NO_RULES: Final[dict[str, NoRule]] = {
    # H7, H8: no plan_review cadence: before the order the plan is reviewed at the
    # placement reviews (E9), after it only when a change is brought to notice.
    "plan_review": NoRule(
        _cite("6, Reviews of Adoption Support Plan", "H7, H8")
        + ": no plan_review cadence; reviewed at placement reviews before the order and on "
        "a change of circumstances after it"
    ),
}

#: Cited policy data that is not a deadline, by name, in the seed's order.
DATA: Final[dict[str, Param[Any]]] = {
    param.name: param
    for param in (
        INFORMATION_RECIPIENTS,
        INFORMATION_TOPICS,
        PROSPECTIVE_ADOPTER_INFORMATION,
        FINANCIAL_SUPPORT,
        ASSESSMENT_STAGES,
        ONE_OFF_SERVICE,
        PLAN_CONTENTS,
        PLAN_APPROVAL,
        PLAN_DISTRIBUTION,
        URGENT_SUPPORT,
    )
}


# -- Hooks ------------------------------------------------------------------------


(
    adoption_rules_regions,
    adoption_rules_obligation_kinds,
    adoption_rules_obligation_rule,
) = region_hooks(
    name=NAME,
    title=TITLE,
    councils=COUNCILS,
    source=SOURCE,
    module=__name__,
    rules=RULES,
    no_rules=NO_RULES,
)


# -- Questions beyond deadlines (adoption_rules.questions) ---------------------------


@hookimpl
def adoption_rules_information_duties(region: str) -> InformationDuties | None:
    """H1: who must be given information, about what, and the extra items for adopters."""
    if region != NAME:
        return None
    recipients, topics = INFORMATION_RECIPIENTS.current, INFORMATION_TOPICS.current
    extra = PROSPECTIVE_ADOPTER_INFORMATION.current
    return InformationDuties(
        recipients=recipients.value,
        topics=topics.value,
        prospective_adopter_topics=extra.value,
        reason="Adoption@Heart's duty to provide information on adoption support services",
        citation=join_citations((recipients.citation, topics.citation, extra.citation)),
    )


@hookimpl
def adoption_rules_responsibility_matters(region: str) -> list[str] | None:
    if region != NAME:
        return None
    return ["financial_support"]


@hookimpl
def adoption_rules_responsibility(
    region: str, matter: str, case: Case, as_of: dt.date
) -> Responsibility | None:
    """H11: Adoption@Heart signposts a request for financial support to the relevant council
    (the council rule E1 makes responsible, as the England baseline reads it)."""
    if region != NAME or matter != "financial_support":
        return None
    national = england_baseline.financial_support(case, as_of)
    value = FINANCIAL_SUPPORT.current
    return Responsibility(
        matter,
        "council",
        national.council,
        "council",
        value.value,
        join_citations((value.citation, national.citation)),
    )
