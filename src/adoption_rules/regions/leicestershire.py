"""Region ``leicestershire``: Leicestershire County Council's Adoption and Permanence Service.

Source: seed ``004_9a30a8a3aa6820d9.txt`` (Adoption and Permanence Statement of
Purpose 2019-2020); rules catalogue rows L1-L12.  Read this module beside the
seed: it follows the seed section by section, one declaration per fact
(:mod:`adoption_rules.plugins.declare`), each with its section (``at=``) and
catalogue row (``row=``), and for a deadline the seed's own words (``quote=``).

* Deadlines: adopter approval (L1 Stage 1 with its extension, L2 Stage 2, L4
  the ADM's decision, L5 the Independent Review Mechanism), the six-monthly
  review of support for three years after the order (L6, anchored on the
  order date), the annual financial support review (L8) and the annual review
  of an unmatched approval (L9).
* Everything else is cited policy data in the seed's own words, ``REGION.data(...)``.
* The question of who receives a request for support (L7) is answered from
  that data by the hook at the end.

The service is the county council's own: its one council is Leicestershire
(Leicester, Lincolnshire and Rutland are partners, section 6, not covered).

``docs/regions/leicestershire.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from adoption_rules.core.answers import ReferralRoute, Responsibility, join_citations
from adoption_rules.core.authority import lives_in
from adoption_rules.core.model import Case
from adoption_rules.core.periods import Days, Months, WorkingDays, Years
from adoption_rules.core.rules import Anchored, Ender, Rolling
from adoption_rules.core.sources import SEED_TITLES
from adoption_rules.plugins.declare import Extend, Region, Source
from adoption_rules.plugins.hookspecs import hookimpl

#: The seed file of the policy (``shared/seeds/``); its title is the document's own.
SEED: Final = "004_9a30a8a3aa6820d9.txt"

REGION: Final = Region(
    __name__,
    "leicestershire",
    title="Leicestershire",
    councils=("leicestershire",),
    source=Source(SEED, SEED_TITLES[SEED]),
)
NAME: Final = REGION.name

#: Support obligations are made moot by closing the case (contract convention 8).
CLOSURE: Final = "closure_decided"


# -- 7.2 Assessment -----------------------------------------------------------------

# Reading: registration + 2 months, or registration + 6 months once ``stage1_extended``.
STAGE1: Final = REGION.rule(
    "stage1",
    at="7.2",
    row="L1",
    quote="Prospective adopters complete a Registration of Interest form, which marks the "
    "beginning of Stage 1. This stage should last two months. ... Stage 1 can be extended "
    "for up to six months for legitimate reasons, without having to restart the process.",
    starts="registration_of_interest",
    period=Months(2),
    note="two months",
    done_by="stage1_completed",
    extended=Extend("stage1_extended", Months(6), note="extended for up to six months"),
    track="approval",
    description="Stage 1 lasts two months from the registration of interest; extended for "
    "legitimate reasons, up to six months from it, without restarting.",
)

# 7.2: "At the end of Stage 1, a review meeting is held with the adopters to review the
# outcome of Stage 1 with a view to progress to Stage 2."  No time limit is given, and the
# contract has no event for the meeting: cited data.
STAGE1_REVIEW_MEETING: Final = REGION.data(
    "stage1_review_meeting",
    "At the end of Stage 1, a review meeting is held with the adopters to review the outcome "
    "of Stage 1 with a view to progress to Stage 2.",
    at="7.2",
    row="L1",
    note="no time limit given",
)

STAGE2: Final = REGION.rule(
    "stage2",
    at="7.2",
    row="L2",
    quote="Stage 2 should be completed within 4 months, including being presented to Panel "
    "and the recommendation being ratified by the Agency Decision Maker.",
    starts="stage2_started",
    period=Months(4),
    done_by="adm_decision",
    track="approval",
    description="Stage 2 is completed within 4 months of its start, with the ADM's decision.",
)


# -- 7.3 Approval -------------------------------------------------------------------

# The Adoption Panel "meets once a fortnight" (7.3), "sits fortnightly" (8).
PANEL_FREQUENCY: Final = REGION.data(
    "panel_frequency",
    Days(14),
    at="7.3, 8",
    row="L3",
    note="the panel meets once a fortnight",
)

ADM_DECISION: Final = REGION.rule(
    "adm_decision",
    at="7.3",
    row="L4",
    quote="The ADM makes a decision on all panel recommendations as soon as receiving the "
    "final set of minutes and recommendations but not later than 7 working days.",
    starts="panel_minutes_received",
    period=WorkingDays(7),
    done_by="adm_decision",
    track="approval",
    description="The ADM decides as soon as the final minutes and recommendation arrive, and "
    "not later than 7 working days after.",
)

IRM_APPLICATION_WINDOW: Final = REGION.window(
    "irm_application_window",
    at="7.3",
    row="L5",
    quote="Applicants have 40 working days from the decision to decide to contact the IRM",
    starts="adm_decision",
    where={"outcome": "not_approved"},
    period=WorkingDays(40),
    track="approval",
    description="An applicant not approved has 40 working days to apply to the IRM.",
)

# Reading: within 10 working days of the application.
IRM_DOCUMENTS: Final = REGION.rule(
    "irm_documents",
    at="7.3",
    row="L5",
    quote="Leicestershire will be required to produce relevant documentation within 10 "
    "working days",
    starts="irm_application",
    period=WorkingDays(10),
    done_by="irm_documents_sent",
    track="approval",
    description="Leicestershire sends its papers to the IRM within 10 working days.",
)

IRM_PANEL: Final = REGION.rule(
    "irm_panel",
    at="7.3",
    row="L5",
    quote="The IRM will set up a panel within 3 months of the application.",
    starts="irm_application",
    period=Months(3),
    done_by="irm_panel_held",
    track="approval",
    description="The IRM panel sits within 3 months of the application.",
)


# -- 7.5 Placement ------------------------------------------------------------------

# Anchored on the order date: due order + 6, 12, ..., 36 months (each computed from the
# order, never chained).
PLAN_REVIEW: Final = REGION.rule(
    "plan_review",
    at="7.5",
    row="L6",
    quote="Once the adoption order is granted, such services continue to be reviewed 6 "
    "monthly for the first three years.",
    starts="adoption_order_date",
    period=Months(6),
    done_by="review_held",
    ends_on=CLOSURE,
    recurrence=Anchored(limit=6),
    description="After the adoption order, support services are reviewed every 6 months for "
    "the first three years: order + 6, 12, 18, 24, 30 and 36 months.",
)

# R6: "Adopters who live in Leicestershire and adopt a Leicestershire child will also receive
# a visit from a post adoption support worker ... will continue to maintain contact every 6
# months for the first three years post granting of an Adoption Order."  The visiting duty,
# not the support case: closure does not end it; a move to another council does.
POST_ADOPTION_CONTACT: Final = REGION.rule(
    "post_adoption_contact",
    own_kind=True,
    at="7.5",
    row="R6",
    quote="Adopters who live in Leicestershire and adopt a Leicestershire child will also "
    "receive a visit from a post adoption support worker. ... The worker will offer more visits "
    "if needed but will continue to maintain contact every 6 months for the first three years "
    "post granting of an Adoption Order.",
    starts="adoption_order_date",
    period=Months(6),
    done_by="contact_made",
    ends_on=(Ender("family_moved", unless=(("local_authority", "leicestershire"),)),),
    recurrence=Anchored(limit=6),
    case_where={"placing_authority": "leicestershire", "local_authority": "leicestershire"},
    description="For adopters living in Leicestershire who adopted a Leicestershire child: "
    "contact every 6 months for three years from the order (order + 6, 12, ... 36 months), "
    "until the family moves to another council.",
)


# -- 7.6 Support --------------------------------------------------------------------

# Rolling: 12 months after it was agreed, then after each review.
FINANCIAL_SUPPORT_REVIEW: Final = REGION.rule(
    "financial_support_review",
    at="7.6, 10",
    row="L8, R1",
    quote="subject to a means test and reviewed at least annually [7.6] ... A review of the "
    "financial support offered to families is carried out annually [10]",
    starts="financial_support_agreed",
    period=Months(12),
    done_by="financial_support_reviewed",
    # R1: payments outlive the support case; only the end of the support ends its review.
    ends_on="financial_support_ended",
    recurrence=Rolling(),
    description="Means-tested financial support is reviewed at least annually: 12 months "
    "after it was agreed, then 12 months after each review, until it ends.",
)

# Support for families Leicestershire placed, for three years from the order.
PLACED_FAMILIES_SUPPORT_PERIOD: Final = REGION.data(
    "placed_families_support_period",
    Years(3),
    at="7.6",
    row="L7",
    note="Leicestershire is responsible for supporting families with whom they have placed "
    "children for a period of three years, following the granting of an Adoption Order",
)

# And any adopters living in the county.
RESIDENT_ADOPTERS_SUPPORT: Final = REGION.data(
    "resident_adopters_support",
    "Leicestershire offers adoption support services to any adopters and children/young "
    "people who reside in the authority.",
    at="7.6",
    row="L7",
)

# Who to ask, and who responds to new requests.
SUPPORT_REQUESTS: Final = REGION.data(
    "support_requests",
    (
        "Adoptive families have the right to request an assessment for adoption support "
        "services. Where they consider they need to have support services, they can contact "
        "the adoption support services advisor based in the Adoption and Permanence team for "
        "information and advice on the types of services available.",
        "The Adoption Support team will respond to any new requests for adoption support from "
        "adoptive families who live in the authority.",
    ),
    at="7.6",
    row="L7",
)


# -- 7.7, 7.8 Overseas and non-agency adoptions ---------------------------------------

INTERCOUNTRY_REFERRAL: Final = REGION.data(
    "intercountry_referral",
    "Applicants wishing to adopt from another country are referred to Yorkshire Adoption "
    "Agency, a contracted agency who undertakes this work on behalf of Leicestershire.",
    at="7.7",
    row="L12",
)

NON_AGENCY_ADOPTION: Final = REGION.data(
    "non_agency_adoption",
    "People who are resident in Leicestershire wishing to adopt a child they are caring for "
    "must notify the department of their intention to adopt. These notifications are managed "
    "by the Assessment Team who are responsible for the preparation of the Annex A report "
    "required by the Court in all adoption applications.",
    at="7.8",
    row="L12",
)


# -- 9. Services for Special Guardians -------------------------------------------------

SPECIAL_GUARDIANSHIP_SUPPORT: Final = REGION.data(
    "special_guardianship_support",
    (
        "Advice through the Adoption and Permanence Duty line",
        "Access to social work support following completion of an assessment",
        "Letterbox",
        "Review of support needs",
        "SGO allowance which is means tested and reviewed annually",
        "Quarterly newsletter",
        "Activity days twice per year",
        "Access to training",
    ),
    at="9",
    row="L10",
)


# -- 10. Organisational structure -------------------------------------------------------

# The team manager is the county's Adoption Support Services Adviser; the team makes the
# assessments and the fund applications, and reviews the support plans.
ADOPTION_SUPPORT_SERVICES_ADVISER: Final = REGION.data(
    "adoption_support_services_adviser",
    "The Adoption and Permanence Team offers adoption support services, and the team manager "
    "acts as Leicestershire's Adoption Support Services Adviser (ASSA). This team is "
    "responsible for Adoption Support Assessments and applications to the ASF.",
    at="10",
    row="L7",
)


# -- 12. Quality assurance ------------------------------------------------------------

# "Where an adoptive placement breaks down, a disruption meeting is held, chaired by a senior
# manager or independent person, and the findings are fed back to the Adoption Panel."  No
# time limit is given, and the contract has no event for a breakdown: cited data, and the
# answer to who holds the meeting (``disruption_meeting``).
DISRUPTION_MEETING: Final = REGION.data(
    "disruption_meeting",
    "Where an adoptive placement breaks down, a disruption meeting is held, chaired by a senior "
    "manager or independent person, and the findings are fed back to the Adoption Panel.",
    at="12",
    row="L9",
    note="no time limit given",
)

# Also 8: the panel "review[s] prospective adopters' approval on an annual basis".
# Rolling, ended by ``matched``.
APPROVAL_REVIEW: Final = REGION.rule(
    "approval_review",
    at="12, 8",
    row="L9",
    quote="All adopters approved for over a year and who have not been matched with a child "
    "are reviewed annually by the Adoption and Permanence team manager and the "
    "recommendation is presented to the Adoption Panel",
    starts="adm_decision",
    where={"outcome": "approved"},
    period=Months(12),
    done_by="approval_review_held",
    ends_on="matched",
    recurrence=Rolling(),
    track="approval",
    description="Adopters approved and not matched are reviewed 12 months after approval, "
    "then 12 months after each review, the recommendation going to the panel; matching ends "
    "it.",
)


# -- 13. Complaints -------------------------------------------------------------------

COMPLAINT_STAGES: Final = REGION.data(
    "complaint_stages",
    {
        "stage one": "local resolution",
        "stage two": "formally investigated; service users have a right to go straight to "
        "this stage",
        "stage three": "a Review Panel, chaired by an independent person",
    },
    at="13",
    row="L11",
)

# A child complaining is entitled to an advocate.
CHILD_ADVOCATE: Final = REGION.data(
    "child_advocate",
    "A child or young person involved in the complaint will be entitled to an advocate to "
    "support and represent them in the process.",
    at="13",
    row="L11",
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
    """L7: the Adoption Support team responds to families living in the county and to those
    Leicestershire placed, for three years from the order.  Others: no opinion (rule E1)."""
    if region != NAME:
        return None
    lives = lives_in(case, as_of)
    period = PLACED_FAMILIES_SUPPORT_PERIOD.current
    order = case.adoption_order_date
    placed_here = case.placing_authority == NAME and (
        order is None or as_of < period.value.apply(order)
    )
    if lives != NAME and not placed_here:
        return None
    requests = SUPPORT_REQUESTS.current
    reason = (
        "the family lives in the county"
        if lives == NAME
        else f"Leicestershire placed the child; it supports the family for {period.value} "
        "from the order"
    )
    return ReferralRoute(
        council=NAME,
        receiver="the Adoption Support team (the adoption support services advisor, "
        "Adoption and Permanence team)",
        how=requests.value,
        screening_outcomes=(),
        reason=reason,
        citation=join_citations((requests.citation, period.citation)),
    )


#: Responsibilities the Statement of Purpose names (10, 12), in its order.
RESPONSIBILITY_MATTERS: Final[tuple[str, ...]] = (
    "adoption_support_services_adviser",
    "disruption_meeting",
)


@hookimpl
def adoption_rules_responsibility_matters(region: str) -> list[str] | None:
    if region != NAME:
        return None
    return list(RESPONSIBILITY_MATTERS)


@hookimpl
def adoption_rules_responsibility(
    region: str, matter: str, case: Case, as_of: dt.date
) -> Responsibility | None:
    """10: the team manager is the Adoption Support Services Adviser; 12: a disruption meeting
    when an adoptive placement breaks down, its findings fed back to the panel."""
    if region != NAME or matter not in RESPONSIBILITY_MATTERS:
        return None
    value = (
        ADOPTION_SUPPORT_SERVICES_ADVISER
        if matter == "adoption_support_services_adviser"
        else DISRUPTION_MEETING
    ).current
    return Responsibility(
        matter=matter,
        holder="agency",
        council=NAME,
        pays=None,
        text=value.value,
        citation=value.citation,
    )
