"""Region ``adoption_at_heart``: Adoption@Heart (A@H), adoption support procedure.

Source: seed ``001_5a198d102c392edc.txt``; rules catalogue rows H1-H11.  Read
this module beside the seed: it follows the seed section by section, one
declaration per fact (:mod:`adoption_rules.plugins.declare`), each with its
section (``at=``) and catalogue row (``row=``), and for a deadline the seed's
own words (``quote=``).

* Deadlines: the representations window of 10 working days on a proposed plan
  (H5) and on a proposal to vary or end support (H9), and the review of the
  plan after a change of circumstances (H7 before the adoption order, H8
  after it, with no due date).
* No ``plan_review`` cadence (H7: before the order the plan is reviewed at the
  placement reviews, which the England baseline schedules under rule E9; H8:
  after it, only on a change): ``REGION.no_rule(...)``.
* Everything else is cited policy data in the seed's own words, ``REGION.data(...)``.
* The warning ``decided_during_representations`` (H5) comes from the England
  baseline's warnings.
* The questions of :mod:`adoption_rules.questions`: the information duties
  (H1) and who handles financial support (H11) are answered from that data
  by the hooks at the end.

``docs/regions/adoption_at_heart.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from adoption_rules.core.answers import InformationDuties, Responsibility, join_citations
from adoption_rules.core.calendar import iso_date
from adoption_rules.core.model import Case, CaseWarning, Obligation, PlanApproved, PlanItem
from adoption_rules.core.params import Param
from adoption_rules.core.periods import Weeks, WorkingDays
from adoption_rules.core.sources import SEED_TITLES
from adoption_rules.plugins import england as england_baseline
from adoption_rules.plugins.declare import Region, Source, Start
from adoption_rules.plugins.hookspecs import hookimpl

#: The seed file of the policy (``shared/seeds/``); its title is the document's own.
SEED: Final = "001_5a198d102c392edc.txt"

REGION: Final = Region(
    __name__,
    "adoption_at_heart",
    title="Adoption@Heart",
    # Wolverhampton hosts the agency.
    councils=("wolverhampton", "dudley", "sandwell", "walsall"),
    source=Source(SEED, SEED_TITLES[SEED]),
)
NAME: Final = REGION.name

#: Support obligations are made moot by closing the case (contract convention 8).
CLOSURE: Final = "closure_decided"

REVIEWS: Final = "6, Reviews of Adoption Support Plan"


# -- 2. Duty to provide information ------------------------------------------------

INFORMATION_RECIPIENTS: Final = REGION.data(
    "information_recipients",
    (
        "Anyone contacting the service to request information about adopting a child",
        "Anyone informing the service that (s)he wishes to adopt a child",
        "Any parent of an adopted child within the area who requests the information",
        "Any parent of an adopted child within the area of whom the service is/becomes aware",
    ),
    at="2",
    row="H1",
)

INFORMATION_TOPICS: Final = REGION.data(
    "information_topics",
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
    at="2",
    row="H1",
)

# The extra items for potential and prospective adopters.
PROSPECTIVE_ADOPTER_INFORMATION: Final = REGION.data(
    "prospective_adopter_information",
    (
        "Details of where to find information about adoption pay and leave",
        "Information about the right to receive a copy of the child's permanence report, "
        "including a summary of the medical adviser's report on the health of the child, "
        "before the child is placed with them for adoption",
        "The entitlement to a life story book and later life letter",
    ),
    at="2",
    row="H1",
)


# -- 3. Examples of adoption support ---------------------------------------------

# Signpost to the responsible council (see also section 7).
FINANCIAL_SUPPORT: Final = REGION.data(
    "financial_support",
    "Financial support to adopters, signposting to the relevant local authority for a "
    "request for financial support",
    at="3, 7",
    row="H11",
)


# -- 4. When to assess the need for adoption support -----------------------------

ASSESSMENT_STAGES: Final = REGION.data(
    "assessment_stages",
    (
        "When preparing the Prospective Adopter's Report for presentation to the Adoption Panel",
        "When considering and preparing the Adoption Placement Report for presentation to the "
        "Adoption Panel",
        "At a child's Adoption Reviews following the adoptive placement",
    ),
    at="4",
    row="H2",
)


# -- 5. Process of assessment --------------------------------------------------------

# Who assesses: before panel, the family finder and the prospective adopters' social worker
# (at the proposed placement, also approved by the Team Manager before panel); after the
# placement, a social worker of the Adoption Support team.
ASSESSORS: Final = REGION.data(
    "assessors",
    {
        "before panel": "Assessments of need for adoption support carried out prior to Adoption "
        "Panel should be carried out by the family finder and the prospective adopters' social "
        "worker as appropriate.",
        "at the proposed placement": "Assessments carried out at the time of the child's "
        "proposed placement with prospective adopters should be considered at the Matching "
        "Meeting and also have the approval of the Adoption support Team Manager prior to being "
        "presented to the Adoption Panel with the Adoption Placement Report.",
        "after placement": "Requests for assessment for adoption support, following placement "
        "will be allocated to a social worker in the Adoption Support team to carry out an "
        "assessment, with advice from the Adoption Support Family Support Worker as necessary.",
    },
    at="5",
    row="H2",
)

# The written report, agreed by the Team Manager, and the notice of the outcome: to the person
# assessed or, for a child, to the adoptive parent or the most appropriate adult.  No time
# limit is given.
ASSESSMENT_OUTCOME_NOTICE: Final = REGION.data(
    "assessment_outcome_notice",
    {
        "report": "Where an assessment is carried out, a written report of the assessment should "
        "be produced and agreed by the Team Manager (Adoption Support).",
        "notice": "A copy of the assessment report, once approved, should be sent to the person "
        "assessed with notice of the outcome of the assessment, which should state: the "
        "person's assessed needs for support; whether Adoption@Heart proposes to provide "
        "adoption support services and if so, what the proposed services are.",
        "a child": "Where the person assessed is a child, and it is not appropriate to send the "
        "notice to the child, notices should be sent to the adoptive parent or the most "
        "appropriate adult.",
    },
    at="5",
    row="H3",
    note="no time limit given",
)

ONE_OFF_SERVICE: Final = REGION.data(
    "one_off_service",
    "Where the service proposed is one-off, the notice of the outcome of the assessment will "
    "be sufficient to outline what is proposed and a full plan will not be required.",
    at="5",
    row="H3",
)


# -- 6. The Adoption Support Plan --------------------------------------------------

# R4 reading: a plan approved with ``covers`` missing any of the five raises
# ``plan_incomplete``, naming the missing items; without ``covers``, nothing is said.
PLAN_CONTENTS: Final = REGION.data(
    "plan_contents",
    (
        "The objectives of the plan and the key services to be provided",
        "The timescales for achieving the plan",
        "Those responsible for implementing the plan and the respective roles of others; what "
        "should be provided, when and by whom",
        "The criteria that will be used to evaluate the success of the plan",
        "The procedures that will be put in place to review the services to be provided and "
        "the plan",
    ),
    at="6, Contents of Adoption Support Plan",
    row="H4, R4",
)

#: R4: each plan item of the contract (``covers``), by the words of the item in 6.
PLAN_ITEM_WORDS: Final[dict[PlanItem, str]] = dict(
    zip(PlanItem, PLAN_CONTENTS.current.value, strict=True)
)

# One kind, two starting events: a proposed plan (H5), a proposal to vary or end support (H9).
REPRESENTATIONS_WINDOW: Final = REGION.window(
    "representations_window",
    at="6",
    row="H5, H9",
    quote="The recipients of the proposed support should be given 10 working days to consider "
    "the proposals and make representations [H5] ... must then be given 10 working days to "
    "make representations on the proposals [H9]",
    starts=(
        Start(
            "plan",
            "plan_proposed",
            WorkingDays(10),
            at="6, Consultation with proposed recipients of adoption support",
            row="H5",
        ),
        Start("variation", "variation_proposed", WorkingDays(10), at=REVIEWS, row="H9"),
    ),
    description="The recipients of a proposed plan, or of a proposal to vary or end support "
    "with the draft revised plan, have 10 working days to make representations.",
)

# Representations on a proposed plan: considered by the Team Manager, who amends the draft and
# informs the recipients.  No time limit is given.
REPRESENTATIONS_CONSIDERED: Final = REGION.data(
    "representations_considered",
    "Any representations made should be considered by the Team Manager (Adoption Support), "
    "who will amend the draft plan as appropriate and inform the recipients of the outcome of "
    "his or her consideration.",
    at="6, Consultation with proposed recipients of adoption support",
    row="H5",
    note="no time limit given",
)

# Who approves the plan.
PLAN_APPROVAL: Final = REGION.data(
    "plan_approval",
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
    at="6, Approval of Adoption Support Plan",
    row="H6",
)

# Who gets a copy of the final plan.
PLAN_DISTRIBUTION: Final = REGION.data(
    "plan_distribution",
    (
        "all those involved in implementing it",
        "the recipients of services (or appropriate adult)",
        "the child's Independent Reviewing Officer, where the child has one",
    ),
    at="6, Distribution of Adoption Support Plan",
    row="H6",
)

# Before the order, the plan is also reviewed at the reviews of the adoptive placement
# (kind ``placement_review``: the England baseline's E9 schedule, left to it).  After the
# order there is no fixed period, so ``due`` is null.
CHANGE_REVIEW: Final = REGION.rule(
    "change_review",
    at=REVIEWS,
    row="H7, H8",
    quote="at any time if there is a significant change of circumstances, within four weeks "
    "of the notification of the change [H7, before the order] ... reviewed if a change in "
    "circumstances is brought to the notice of Adoption@Heart [H8, after it]",
    starts=(
        Start(
            "before_order",
            "change_of_circumstances",
            Weeks(4),
            row="H7",
            where={"significant": True},
            before_order=True,
        ),
        Start(
            "after_order",
            "change_of_circumstances",
            None,
            row="H8",
            note="no time limit",
            before_order=False,
        ),
    ),
    done_by="review_held",
    ends_on=CLOSURE,
    description="Before the adoption order, the plan is reviewed within four weeks of notice "
    "of a significant change of circumstances; after it, on any change brought to notice, "
    "with no time limit.",
)

# No plan_review cadence: before the order the plan is reviewed at the placement reviews
# (E9), after it only when a change is brought to notice.
PLAN_REVIEW: Final = REGION.no_rule(
    "plan_review",
    at=REVIEWS,
    row="H7, H8",
    why="no plan_review cadence; reviewed at placement reviews before the order and on a "
    "change of circumstances after it",
)

# A substantial change may call for a new assessment of needs.
SUBSTANTIAL_CHANGE: Final = REGION.data(
    "substantial_change",
    "Where the change of circumstances is substantial, such as a serious change in the "
    "behaviour of the child, it may be appropriate to conduct a new assessment of needs "
    "involving other parties.",
    at=REVIEWS,
    row="H8",
)

# A proposal to vary or end support: approved by the Team Manager, who may refer it to the
# panel for advice and then to the ADM; representations go to the Team Manager; notice of the
# decision with reasons.  No time limit is given for the approval or the notice.
VARIATION_APPROVAL: Final = REGION.data(
    "variation_approval",
    {
        "approval": "If as a result of a review, whether before or after an Adoption Order has "
        "been made, it is proposed to vary or terminate the support, the proposed change must "
        "be referred to the Team Manager (Adoption Support) for approval, who may decide to "
        "refer the case back to the Adoption Panel for information and advice and then to the "
        "Agency Decision Maker for a decision to be made.",
        "representations": "Any such representations should be submitted to the Team Manager "
        "(Adoption Support) whose decision as to the final contents of the revised Adoption "
        "Support Plan should take into account any representations made.",
        "notice": "Notice of the decision must then be sent to the person concerned with "
        "reasons and, where appropriate, a copy of the revised plan.",
    },
    at=REVIEWS,
    row="H9",
    note="no time limit given",
)

URGENT_SUPPORT: Final = REGION.data(
    "urgent_support",
    "Where there is an urgent need for support, the support can be provided before a Plan is "
    "drawn up, but the above procedure should then be followed as soon as possible.",
    at="6, Urgent Cases",
    row="H10",
)


# -- Hooks ------------------------------------------------------------------------


(
    adoption_rules_regions,
    adoption_rules_obligation_kinds,
    adoption_rules_obligation_rule,
) = REGION.hooks()


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
def adoption_rules_case_warnings(
    region: str, case: Case, obligations: list[Obligation], as_of: dt.date
) -> list[CaseWarning] | None:
    if region != NAME:
        return None
    return plan_incomplete(case, as_of)


def plan_incomplete(case: Case, as_of: dt.date) -> list[CaseWarning]:
    """R4 (6): a plan approved with ``covers`` missing any of the five items, naming them."""
    out = []
    for event in case.events:
        if type(event) is not PlanApproved or event.covers is None or event.date > as_of:
            continue
        missing = [item for item in PlanItem if item not in event.covers]
        if missing:
            out.append(
                CaseWarning(
                    PLAN_INCOMPLETE,
                    f"the plan approved on {iso_date(event.date)} does not set out: "
                    f"{', '.join(missing)} ({PLAN_CONTENTS.current.citation})",
                )
            )
    return out


#: R4: the warning for a plan approved without all five contents of 6.
PLAN_INCOMPLETE: Final = "plan_incomplete"

#: The responsibilities the procedure names (3, 5, 6), in its order.
RESPONSIBILITY_MATTERS: Final[tuple[str, ...]] = (
    "financial_support",
    "assessment_before_panel",
    "assessment_after_placement",
    "assessment_outcome_notice",
    "representations_consideration",
    "plan_approval",
    "variation_approval",
)

#: The Team Manager's and the assessors' duties: (holder, datum, the key of its words).
_AGENCY_MATTERS: Final[dict[str, tuple[Param[Any], str | None]]] = {
    "assessment_before_panel": (ASSESSORS, "before panel"),
    "assessment_after_placement": (ASSESSORS, "after placement"),
    "assessment_outcome_notice": (ASSESSMENT_OUTCOME_NOTICE, None),
    "representations_consideration": (REPRESENTATIONS_CONSIDERED, None),
    "plan_approval": (PLAN_APPROVAL, None),
    "variation_approval": (VARIATION_APPROVAL, "approval"),
}


def _words(value: object) -> str:
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    return str(value)


@hookimpl
def adoption_rules_responsibility_matters(region: str) -> list[str] | None:
    if region != NAME:
        return None
    return list(RESPONSIBILITY_MATTERS)


@hookimpl
def adoption_rules_responsibility(
    region: str, matter: str, case: Case, as_of: dt.date
) -> Responsibility | None:
    """H11: Adoption@Heart signposts a request for financial support to the relevant council
    (the council rule E1 makes responsible, as the England baseline reads it).  5, 6: who
    assesses, who sends the notice of the outcome, who considers representations, and who
    approves a plan or a change to it (the agency: its Team Manager, panel or ADM)."""
    if region != NAME or matter not in RESPONSIBILITY_MATTERS:
        return None
    if matter in _AGENCY_MATTERS:
        param, key = _AGENCY_MATTERS[matter]
        value = param.current
        return Responsibility(
            matter=matter,
            holder="agency",
            council=None,
            pays=None,
            text=value.value[key] if key is not None else _words(value.value),
            citation=value.citation,
        )
    national = england_baseline.financial_support(case, as_of)
    value = FINANCIAL_SUPPORT.current
    return Responsibility(
        matter=matter,
        holder="council",
        council=national.council,
        pays="council",
        text=value.value,
        citation=join_citations((value.citation, national.citation)),
    )
