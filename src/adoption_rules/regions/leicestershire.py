"""Region ``leicestershire``: Leicestershire County Council's Adoption and Permanence Service.

Source: seed ``004_9a30a8a3aa6820d9.txt`` (Adoption and Permanence Statement of
Purpose 2019-2020); rules catalogue rows L1-L12.  Read this module beside the
seed: it follows the seed section by section, with a comment naming the
catalogue row above each entry.

* Deadlines: adopter approval (L1 Stage 1 with its extension, L2 Stage 2, L4
  the ADM's decision, L5 the Independent Review Mechanism), the six-monthly
  review of support for three years after the order (L6, anchored on the
  order date), the annual financial support review (L8) and the annual review
  of an unmatched approval (L9).  Gathered in :data:`RULES`.
* Everything else is cited policy data in the seed's own words, in :data:`DATA`.
* The question of who receives a request for support (L7) is answered from
  :data:`DATA` by the hook at the end.

The service is the county council's own: its one council is Leicestershire
(Leicester, Lincolnshire and Rutland are partners, section 6, not covered).

``docs/regions/leicestershire.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from adoption_rules.core.answers import ReferralRoute, join_citations
from adoption_rules.core.authority import lives_in
from adoption_rules.core.model import Case
from adoption_rules.core.periods import Days, Months, Period, WorkingDays, Years
from adoption_rules.core.rules import (
    Anchored,
    DoneBy,
    Ender,
    Extension,
    NoRule,
    ObligationRule,
    Param,
    Rolling,
    Trigger,
    fixed_period,
)
from adoption_rules.plugins.declare import region_hooks
from adoption_rules.plugins.hookspecs import hookimpl

NAME: Final = "leicestershire"
TITLE: Final = "Leicestershire"
COUNCILS: Final[tuple[str, ...]] = ("leicestershire",)
SEED: Final = "004_9a30a8a3aa6820d9.txt"
SOURCE: Final = f"{SEED}: Leicestershire Adoption and Permanence Statement of Purpose 2019-2020"


def _cite(section: str, row: str) -> str:
    return f"{SEED} {section} (catalogue {row})"


#: Support obligations are made moot by closing the case (contract convention 8).
_CLOSURE: Final = (Ender("closure_decided"),)


# -- 7.2 Assessment -----------------------------------------------------------------

# L1: "Prospective adopters complete a Registration of Interest form, which marks the
# beginning of Stage 1. This stage should last two months." ... "Stage 1 can be extended
# for up to six months for legitimate reasons, without having to restart the process."
# Reading: registration + 2 months, or registration + 6 months once ``stage1_extended``.
STAGE1: Final = ObligationRule(
    kind="stage1",
    rule_id=f"{NAME}.stage1",
    citation=_cite("7.2", "L1"),
    description=(
        "Stage 1 lasts two months from the registration of interest; extended for legitimate "
        "reasons, up to six months from it, without restarting."
    ),
    triggers=(
        Trigger(
            "registration_of_interest",
            fixed_period(f"{NAME}.stage1", Months(2), _cite("7.2", "L1") + ": two months"),
        ),
    ),
    done_by=(DoneBy("stage1_completed"),),
    extension=Extension(
        "stage1_extended",
        fixed_period(
            f"{NAME}.stage1.extended",
            Months(6),
            _cite("7.2", "L1") + ": extended for up to six months",
        ),
    ),
    track="approval",
)

# L2: "Stage 2 should be completed within 4 months, including being presented to Panel and
# the recommendation being ratified by the Agency Decision Maker."
STAGE2: Final = ObligationRule(
    kind="stage2",
    rule_id=f"{NAME}.stage2",
    citation=_cite("7.2", "L2"),
    description="Stage 2 is completed within 4 months of its start, with the ADM's decision.",
    triggers=(
        Trigger(
            "stage2_started",
            fixed_period(f"{NAME}.stage2", Months(4), _cite("7.2", "L2")),
        ),
    ),
    done_by=(DoneBy("adm_decision"),),
    track="approval",
)


# -- 7.3 Approval -------------------------------------------------------------------

# L3: the Adoption Panel "meets once a fortnight" (7.3), "sits fortnightly" (8).
PANEL_FREQUENCY: Final = Param[Period].fixed(
    f"{NAME}.panel_frequency",
    Days(14),
    _cite("7.3, 8", "L3") + ": the panel meets once a fortnight",
)

# L4: "The ADM makes a decision on all panel recommendations as soon as receiving the final
# set of minutes and recommendations but not later than 7 working days."
ADM_DECISION: Final = ObligationRule(
    kind="adm_decision",
    rule_id=f"{NAME}.adm_decision",
    citation=_cite("7.3", "L4"),
    description=(
        "The ADM decides as soon as the final minutes and recommendation arrive, and not "
        "later than 7 working days after."
    ),
    triggers=(
        Trigger(
            "panel_minutes_received",
            fixed_period(f"{NAME}.adm_decision", WorkingDays(7), _cite("7.3", "L4")),
        ),
    ),
    done_by=(DoneBy("adm_decision"),),
    track="approval",
)

# L5: "Applicants have 40 working days from the decision to decide to contact the IRM".
IRM_APPLICATION_WINDOW: Final = ObligationRule(
    kind="irm_application_window",
    rule_id=f"{NAME}.irm_application_window",
    citation=_cite("7.3", "L5"),
    description="An applicant not approved has 40 working days to apply to the IRM.",
    triggers=(
        Trigger(
            "adm_decision",
            fixed_period(f"{NAME}.irm_application_window", WorkingDays(40), _cite("7.3", "L5")),
            where=(("outcome", "not_approved"),),
        ),
    ),
    window=True,
    track="approval",
)

# L5: "Leicestershire will be required to produce relevant documentation within 10 working
# days" (of the application).
IRM_DOCUMENTS: Final = ObligationRule(
    kind="irm_documents",
    rule_id=f"{NAME}.irm_documents",
    citation=_cite("7.3", "L5"),
    description="Leicestershire sends its papers to the IRM within 10 working days.",
    triggers=(
        Trigger(
            "irm_application",
            fixed_period(f"{NAME}.irm_documents", WorkingDays(10), _cite("7.3", "L5")),
        ),
    ),
    done_by=(DoneBy("irm_documents_sent"),),
    track="approval",
)

# L5: "The IRM will set up a panel within 3 months of the application."
IRM_PANEL: Final = ObligationRule(
    kind="irm_panel",
    rule_id=f"{NAME}.irm_panel",
    citation=_cite("7.3", "L5"),
    description="The IRM panel sits within 3 months of the application.",
    triggers=(
        Trigger(
            "irm_application",
            fixed_period(f"{NAME}.irm_panel", Months(3), _cite("7.3", "L5")),
        ),
    ),
    done_by=(DoneBy("irm_panel_held"),),
    track="approval",
)


# -- 7.5 Placement ------------------------------------------------------------------

# L6: "Once the adoption order is granted, such services continue to be reviewed 6 monthly
# for the first three years."  Anchored on the order date: due order + 6, 12, ..., 36
# months (each computed from the order, never chained).
PLAN_REVIEW: Final = ObligationRule(
    kind="plan_review",
    rule_id=f"{NAME}.plan_review",
    citation=_cite("7.5", "L6"),
    description=(
        "After the adoption order, support services are reviewed every 6 months for the "
        "first three years: order + 6, 12, 18, 24, 30 and 36 months."
    ),
    triggers=(
        Trigger(
            "adoption_order_date",
            fixed_period(f"{NAME}.plan_review", Months(6), _cite("7.5", "L6")),
        ),
    ),
    done_by=(DoneBy("review_held"),),
    ends_on=_CLOSURE,
    recurrence=Anchored(limit=6),
)


# -- 7.6 Support --------------------------------------------------------------------

# L8: financial support is "subject to a means test and reviewed at least annually"
# (also 10: "A review of the financial support offered to families is carried out
# annually").  Rolling: 12 months after it was agreed, then after each review.
FINANCIAL_SUPPORT_REVIEW: Final = ObligationRule(
    kind="financial_support_review",
    rule_id=f"{NAME}.financial_support_review",
    citation=_cite("7.6, 10", "L8"),
    description=(
        "Means-tested financial support is reviewed at least annually: 12 months after it "
        "was agreed, then 12 months after each review."
    ),
    triggers=(
        Trigger(
            "financial_support_agreed",
            fixed_period(f"{NAME}.financial_support_review", Months(12), _cite("7.6, 10", "L8")),
        ),
    ),
    done_by=(DoneBy("financial_support_reviewed"),),
    ends_on=_CLOSURE,
    recurrence=Rolling(),
)

# L7: support for families Leicestershire placed, for three years from the order.
PLACED_FAMILIES_SUPPORT_PERIOD: Final = Param[Period].fixed(
    f"{NAME}.placed_families_support_period",
    Years(3),
    _cite("7.6", "L7") + ": Leicestershire is responsible for supporting families with whom "
    "they have placed children for a period of three years, following the granting of an "
    "Adoption Order",
)

# L7: and any adopters living in the county.
RESIDENT_ADOPTERS_SUPPORT: Final = Param.fixed(
    f"{NAME}.resident_adopters_support",
    "Leicestershire offers adoption support services to any adopters and children/young "
    "people who reside in the authority.",
    _cite("7.6", "L7"),
)


# L7: who to ask, and who responds to new requests.
SUPPORT_REQUESTS: Final = Param.fixed(
    f"{NAME}.support_requests",
    (
        "Adoptive families have the right to request an assessment for adoption support "
        "services. Where they consider they need to have support services, they can contact "
        "the adoption support services advisor based in the Adoption and Permanence team for "
        "information and advice on the types of services available.",
        "The Adoption Support team will respond to any new requests for adoption support from "
        "adoptive families who live in the authority.",
    ),
    _cite("7.6", "L7"),
)


# -- 7.7, 7.8 Overseas and non-agency adoptions ---------------------------------------

# L12: intercountry applicants.
INTERCOUNTRY_REFERRAL: Final = Param.fixed(
    f"{NAME}.intercountry_referral",
    "Applicants wishing to adopt from another country are referred to Yorkshire Adoption "
    "Agency, a contracted agency who undertakes this work on behalf of Leicestershire.",
    _cite("7.7", "L12"),
)

# L12: non-agency adoptions.
NON_AGENCY_ADOPTION: Final = Param.fixed(
    f"{NAME}.non_agency_adoption",
    "People who are resident in Leicestershire wishing to adopt a child they are caring for "
    "must notify the department of their intention to adopt. These notifications are managed "
    "by the Assessment Team who are responsible for the preparation of the Annex A report "
    "required by the Court in all adoption applications.",
    _cite("7.8", "L12"),
)


# -- 9. Services for Special Guardians -------------------------------------------------

# L10: special guardianship support.
SPECIAL_GUARDIANSHIP_SUPPORT: Final = Param.fixed(
    f"{NAME}.special_guardianship_support",
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
    _cite("9", "L10"),
)


# -- 12. Quality assurance ------------------------------------------------------------

# L9: "All adopters approved for over a year and who have not been matched with a child
# are reviewed annually by the Adoption and Permanence team manager and the
# recommendation is presented to the Adoption Panel" (the panel "review[s] prospective
# adopters' approval on an annual basis", 8).  Rolling, ended by ``matched``.
APPROVAL_REVIEW: Final = ObligationRule(
    kind="approval_review",
    rule_id=f"{NAME}.approval_review",
    citation=_cite("12, 8", "L9"),
    description=(
        "Adopters approved and not matched are reviewed 12 months after approval, then 12 "
        "months after each review, the recommendation going to the panel; matching ends it."
    ),
    triggers=(
        Trigger(
            "adm_decision",
            fixed_period(f"{NAME}.approval_review", Months(12), _cite("12, 8", "L9")),
            where=(("outcome", "approved"),),
        ),
    ),
    done_by=(DoneBy("approval_review_held"),),
    ends_on=(Ender("matched"),),
    recurrence=Rolling(),
    track="approval",
)


# -- 13. Complaints -------------------------------------------------------------------

# L11: the three stages.
COMPLAINT_STAGES: Final = Param.fixed(
    f"{NAME}.complaint_stages",
    {
        "stage one": "local resolution",
        "stage two": "formally investigated; service users have a right to go straight to "
        "this stage",
        "stage three": "a Review Panel, chaired by an independent person",
    },
    _cite("13", "L11"),
)

# L11: a child complaining is entitled to an advocate.
CHILD_ADVOCATE: Final = Param.fixed(
    f"{NAME}.child_advocate",
    "A child or young person involved in the complaint will be entitled to an advocate to "
    "support and represent them in the process.",
    _cite("13", "L11"),
)


# -- Tables -----------------------------------------------------------------------

#: The region's obligation rules, by kind, in the seed's order.
RULES: Final[dict[str, ObligationRule]] = {
    rule.kind: rule
    for rule in (
        STAGE1,
        STAGE2,
        ADM_DECISION,
        IRM_APPLICATION_WINDOW,
        IRM_DOCUMENTS,
        IRM_PANEL,
        PLAN_REVIEW,
        FINANCIAL_SUPPORT_REVIEW,
        APPROVAL_REVIEW,
    )
}

#: Kinds the region's process explicitly does not have: none.
NO_RULES: Final[dict[str, NoRule]] = {}

#: Cited policy data that is not a deadline, by name, in the seed's order.
DATA: Final[dict[str, Param[Any]]] = {
    param.name: param
    for param in (
        PANEL_FREQUENCY,
        PLACED_FAMILIES_SUPPORT_PERIOD,
        RESIDENT_ADOPTERS_SUPPORT,
        SUPPORT_REQUESTS,
        INTERCOUNTRY_REFERRAL,
        NON_AGENCY_ADOPTION,
        SPECIAL_GUARDIANSHIP_SUPPORT,
        COMPLAINT_STAGES,
        CHILD_ADVOCATE,
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
