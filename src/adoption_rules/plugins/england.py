"""The England baseline: national rules every region inherits (catalogue E1-E14).

Registered like any other plugin, with ``trylast=True`` on every hook, so a
region's answer overrides it and it answers whatever a region leaves open.
Each rule below names the statute or guidance it encodes and, where the
catalogue reads an ambiguous sentence, that reading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any, Final

from adoption_rules.core.answers import (
    ChildFacts,
    Concern,
    Eligibility,
    InformationDuties,
    PriorityAnswer,
    ReferralRoute,
    Requester,
    Responsibility,
    SupportLevel,
    SupportOffer,
    ThresholdAnswer,
    ThresholdRoute,
    TransferAnswer,
)
from adoption_rules.core.authority import (
    RESPONSIBILITY_PERIOD,
    AuthorityAnswer,
    e1_responsible_authority,
    lives_in,
    responsibility_handover,
)
from adoption_rules.core.calendar import iso_date
from adoption_rules.core.citations import Citation, Source
from adoption_rules.core.engine import Item
from adoption_rules.core.model import (
    AdoptionRoute,
    AssessmentCompleted,
    Case,
    CaseWarning,
    FinancialSupportAgreed,
    Obligation,
    RepresentationsReceived,
    ScreeningOutcome,
    Status,
)
from adoption_rules.core.periods import Days, Months, Weeks, WorkingDays
from adoption_rules.core.rules import (
    NO_RULE,
    DoneBy,
    Ender,
    NoRule,
    ObligationRule,
    Param,
    Rolling,
    Trigger,
    fixed_period,
)
from adoption_rules.core.sources import (
    AAR_2005,
    ACA_2002,
    ASF_GUIDANCE,
    ASF_QA,
    ASGLB_KEY_ELEMENTS,
    ASSR_2005,
    CA_1989,
    IRM_GUIDANCE,
    NUMBER_UNCONFIRMED,
    STATUTORY_GUIDANCE,
    in_words,
)
from adoption_rules.plugins.hookspecs import hookimpl

PLUGIN_NAME: Final = "england"

#: Kinds of the contract ("Obligation kinds"), in the contract's order.
CONTRACT_KINDS: Final[tuple[str, ...]] = (
    "referral_sign_off",
    "assessment",
    "representations_window",
    "plan_review",
    "review_record_shared",
    "change_review",
    "placement_review",
    "closure_letter",
    "closed_case_review",
    "financial_support_review",
    "stage1",
    "stage2",
    "adm_decision",
    "irm_application_window",
    "irm_documents",
    "irm_panel",
    "approval_review",
)

_CLOSURE: Final = (Ender("closure_decided"),)

# -- citations: national law and guidance by name and number (catalogue R13) -------------

_E2_CITATION: Final = f"{in_words(ACA_2002, 's4')}; {in_words(ASSR_2005, 'reg 13')}"
_E6_CITATION: Final = in_words(ASSR_2005, f"notice of proposal ({NUMBER_UNCONFIRMED})")
_E8_CITATION: Final = in_words(ASSR_2005, "reg 20")
_E9_CITATION: Final = in_words(AAR_2005, "reg 36")
_E10_CITATION: Final = f"{AAR_2005} (as amended 2013); {STATUTORY_GUIDANCE}"
_E12_CITATION: Final = in_words(AAR_2005, "review of approval")

#: R1: what ends the review of financial support (not the closure of the support case).
FINANCIAL_SUPPORT_ENDS: Final = (Ender("financial_support_ended"),)

#: The rules catalogue rows each national rule and value encodes, by rule id or parameter
#: name: kept as data beside the citation, never inside it (catalogue R13).
CATALOGUE_ROWS: Final[dict[str, tuple[str, ...]]] = {
    "england.assessment": ("E2", "E3", "E5"),
    "england.representations_window": ("E6", "R3"),
    "england.financial_support_review": ("E8", "R1"),
    "england.placement_review": ("E9",),
    "england.placement_review.first": ("E9",),
    "england.placement_review.second": ("E9",),
    "england.placement_review.later": ("E9",),
    "england.stage1": ("E10",),
    "england.stage2": ("E10",),
    "england.irm_application_window": ("E11",),
    "england.irm_documents": ("E11",),
    "england.approval_review": ("E12",),
    "england.responsible_authority_period": ("E1",),
    "england.assessment_requesters": ("E2", "R11"),
    "england.assessment_limited_to_request": ("E2",),
    "england.step_parent_adoption": ("E3",),
    "england.intercountry_adoption": ("E4",),
    "england.intercountry_entitled": ("E4", "R10"),
    "england.no_assessment_needed": ("E5",),
    "england.fund_applicants": ("E13",),
    "england.graduated_levels": ("E14",),
    "england.screening_outcomes": ("E2", "E5", "E14"),
    "england.threshold_routes": ("T14", "E14"),
}


def _national(text: str, name: str) -> Citation:
    """A national citation as data: its words (a document with no file) and its catalogue rows."""
    return Citation(Source("", text), "", CATALOGUE_ROWS[name])


RULES: Final[dict[str, ObligationRule]] = {
    rule.kind: rule
    for rule in (
        ObligationRule(
            kind="assessment",
            rule_id="england.assessment",
            citation=_E2_CITATION,
            source=_national(_E2_CITATION, "england.assessment"),
            description=(
                "An assessment of need once screening decides one is needed; the law sets "
                "no time limit. No duty to assess a step-parent adoption (E3); advice and "
                "information need none (E5)."
            ),
            triggers=(
                Trigger(
                    "screening_completed",
                    fixed_period("england.assessment", None, _E2_CITATION),
                    where=(("outcome", "assessment"),),
                ),
            ),
            done_by=(DoneBy("assessment_completed"),),
            ends_on=_CLOSURE,
            routes=frozenset(AdoptionRoute) - {AdoptionRoute.STEP_PARENT},
        ),
        ObligationRule(
            kind="representations_window",
            rule_id="england.representations_window",
            citation=_E6_CITATION,
            source=_national(_E6_CITATION, "england.representations_window"),
            description=(
                "After a proposed plan or a proposal to vary or end support, the recipient "
                "may make representations; decide only after the period ends or they say "
                "they are content. 28 days where the council sets none."
            ),
            triggers=tuple(
                Trigger(
                    event,
                    fixed_period(
                        "england.representations_window",
                        Days(28),
                        # The national default of 28 days is good practice, not statute.
                        f"{_E6_CITATION}; {ASF_QA}",
                    ),
                )
                for event in ("plan_proposed", "variation_proposed")
            ),
            window=True,
        ),
        ObligationRule(
            kind="financial_support_review",
            rule_id="england.financial_support_review",
            citation=_E8_CITATION,
            source=_national(_E8_CITATION, "england.financial_support_review"),
            description=(
                "Financial support paid regularly is reviewed annually: 12 months after it "
                "was agreed, then 12 months after each review (E8 reading)."
            ),
            triggers=(
                Trigger(
                    "financial_support_agreed",
                    fixed_period(
                        "england.financial_support_review",
                        Months(12),
                        _E8_CITATION,
                    ),
                ),
            ),
            done_by=(DoneBy("financial_support_reviewed"),),
            # R1: payments outlive the support case, so closing the case does not
            # end their review; only the end of the financial support does.
            ends_on=FINANCIAL_SUPPORT_ENDS,
            recurrence=Rolling(),
        ),
        ObligationRule(
            kind="placement_review",
            rule_id="england.placement_review",
            citation=_E9_CITATION,
            source=_national(_E9_CITATION, "england.placement_review"),
            description=(
                "Before the adoption order: first review within 4 weeks of placement, the "
                "second within 3 months of the first, then every 6 months until the order."
            ),
            triggers=(
                Trigger(
                    "placement_date",
                    fixed_period(
                        "england.placement_review.first",
                        Weeks(4),
                        _E9_CITATION,
                    ),
                ),
            ),
            done_by=(DoneBy("review_held"),),
            ends_on=(Ender("adoption_order_date"),),
            recurrence=Rolling(
                then=(
                    fixed_period(
                        "england.placement_review.second",
                        Months(3),
                        _E9_CITATION,
                    ),
                    fixed_period(
                        "england.placement_review.later",
                        Months(6),
                        _E9_CITATION,
                    ),
                )
            ),
        ),
        ObligationRule(
            kind="stage1",
            rule_id="england.stage1",
            citation=_E10_CITATION,
            source=_national(_E10_CITATION, "england.stage1"),
            description="Stage 1 of adopter approval: 2 months from the registration of interest.",
            triggers=(
                Trigger(
                    "registration_of_interest",
                    fixed_period(
                        "england.stage1",
                        Months(2),
                        _E10_CITATION,
                    ),
                ),
            ),
            done_by=(DoneBy("stage1_completed"),),
            track="approval",
        ),
        ObligationRule(
            kind="stage2",
            rule_id="england.stage2",
            citation=_E10_CITATION,
            source=_national(_E10_CITATION, "england.stage2"),
            description="Stage 2: 4 months from its start, ending with the ADM's decision.",
            triggers=(
                Trigger(
                    "stage2_started",
                    fixed_period(
                        "england.stage2",
                        Months(4),
                        _E10_CITATION,
                    ),
                ),
            ),
            done_by=(DoneBy("adm_decision"),),
            track="approval",
        ),
        ObligationRule(
            kind="irm_application_window",
            rule_id="england.irm_application_window",
            citation=IRM_GUIDANCE,
            source=_national(IRM_GUIDANCE, "england.irm_application_window"),
            description="An applicant not approved may apply to the IRM within 40 working days.",
            triggers=(
                Trigger(
                    "adm_decision",
                    fixed_period(
                        "england.irm_application_window",
                        WorkingDays(40),
                        IRM_GUIDANCE,
                    ),
                    where=(("outcome", "not_approved"),),
                ),
            ),
            window=True,
            track="approval",
        ),
        ObligationRule(
            kind="irm_documents",
            rule_id="england.irm_documents",
            citation=IRM_GUIDANCE,
            source=_national(IRM_GUIDANCE, "england.irm_documents"),
            description="The agency sends its papers to the IRM within 10 working days.",
            triggers=(
                Trigger(
                    "irm_application",
                    fixed_period(
                        "england.irm_documents",
                        WorkingDays(10),
                        IRM_GUIDANCE,
                    ),
                ),
            ),
            done_by=(DoneBy("irm_documents_sent"),),
            track="approval",
        ),
        ObligationRule(
            kind="approval_review",
            rule_id="england.approval_review",
            citation=_E12_CITATION,
            source=_national(_E12_CITATION, "england.approval_review"),
            description=(
                "Approved adopters with no child placed: reviewed within 1 year of approval, "
                "then at least yearly, until matched (E12 reading)."
            ),
            triggers=(
                Trigger(
                    "adm_decision",
                    fixed_period(
                        "england.approval_review",
                        Months(12),
                        _E12_CITATION,
                    ),
                    where=(("outcome", "approved"),),
                ),
            ),
            done_by=(DoneBy("approval_review_held"),),
            ends_on=(Ender("matched"),),
            recurrence=Rolling(),
            track="approval",
        ),
    )
}


@hookimpl(trylast=True)
def adoption_rules_obligation_kinds(region: str) -> list[str]:
    return list(CONTRACT_KINDS)


@hookimpl(trylast=True)
def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
    return RULES.get(kind, NO_RULE)


@hookimpl(trylast=True)
def adoption_rules_responsible_authority(
    region: str, case: Case, as_of: dt.date
) -> AuthorityAnswer | None:
    return e1_responsible_authority(case, as_of)


@hookimpl(trylast=True)
def adoption_rules_closure_days(region: str) -> list[dt.date] | None:
    return []


# -- where a case stands, and steps out of order (England's procedure) -----------------

#: Stage on the support track after each event type (the latest wins).
SUPPORT_STAGES: Final[dict[str, str]] = {
    "referral_received": "referral",
    "screening_completed": "screening",
    "detailed_referral_completed": "referral",
    "referral_signed_off": "referral",
    "consent_signed": "assessment",
    "initial_visit": "assessment",
    "assessment_completed": "plan",
    "plan_proposed": "plan",
    "representations_received": "plan",
    "plan_approved": "review",
    "review_held": "review",
    "review_shared": "review",
    "change_of_circumstances": "review",
    "variation_proposed": "review",
    "variation_decided": "review",
    "closure_decided": "closure",
    "closure_letter_sent": "closed",
}

#: Stage on the adopter-approval track after each event type (the latest wins).
APPROVAL_STAGES: Final[dict[str, str]] = {
    "registration_of_interest": "stage1",
    "stage1_extended": "stage1",
    "stage1_completed": "between_stages",
    "stage2_started": "stage2",
    "panel_held": "panel",
    "panel_minutes_received": "adm_decision",
    "irm_application": "irm",
    "irm_documents_sent": "irm",
    "irm_panel_held": "irm",
    "matched": "matched",
    "approval_review_held": "approved",
}


#: Steps of an open support case: after closure, with no new referral, they warn.
_OPENING_STEPS: Final = frozenset(
    {
        "initial_visit",
        "assessment_completed",
        "plan_proposed",
        "plan_approved",
        "review_held",
        "variation_proposed",
    }
)

#: R2 (T4C 11.4): kinds of review a closed case still has; a review doing one is expected.
REVIEWS_AFTER_CLOSURE: Final = frozenset({"closed_case_review"})


def stages(items: Iterable[Item]) -> tuple[str | None, str | None]:
    """Where a case stands on the support and the approval track: ``items`` are its
    events in play, in order (:func:`adoption_rules.core.engine.items_in_play`)."""
    support: str | None = None
    approval: str | None = None
    for _day, _, tag, event in items:
        if tag in SUPPORT_STAGES:
            support = SUPPORT_STAGES[tag]
            if tag == "screening_completed":
                outcome = getattr(event, "outcome", None)
                if outcome == "advice_and_close":
                    support = "closed"
                elif outcome == "safeguarding":
                    support = "safeguarding"
        elif tag == "adm_decision":
            approval = (
                "approved" if getattr(event, "outcome", None) == "approved" else "not_approved"
            )
        elif tag in APPROVAL_STAGES:
            approval = APPROVAL_STAGES[tag]
    return support, approval


def structural_warnings(
    items: Iterable[Item], obligations: Iterable[Obligation] = ()
) -> Iterator[CaseWarning]:
    """Out-of-order steps: real data is messy, so these warn rather than fail.

    ``obligations`` are the case's obligations: a ``review_held`` after closure
    that did a ``closed_case_review`` is expected (R2), not out of order.
    """
    seen_visit = False
    closed_on: dt.date | None = None
    # Worked out only for a review after closure (rare): most cases never need it.
    expected_reviews: set[dt.date] | None = None
    for day, _, tag, _event in items:
        if tag == "initial_visit":
            seen_visit = True
        elif tag == "assessment_completed" and not seen_visit:
            yield CaseWarning(
                "assessment_without_initial_visit",
                f"an assessment was completed on {day} with no initial visit recorded before it",
            )
        if tag == "referral_received":
            closed_on = None
            seen_visit = False
        elif tag == "closure_decided":
            closed_on = day
        elif closed_on is not None and tag in _OPENING_STEPS:
            if tag == "review_held":
                if expected_reviews is None:
                    expected_reviews = {
                        ob.done_on
                        for ob in obligations
                        if ob.kind in REVIEWS_AFTER_CLOSURE and ob.done_on is not None
                    }
                if day in expected_reviews:
                    continue
            yield CaseWarning(
                "event_after_closure",
                f"{tag} on {day} comes after the case was closed on {closed_on} "
                "with no new referral in between",
            )


@hookimpl(trylast=True)
def adoption_rules_case_warnings(
    region: str, case: Case, obligations: list[Obligation], as_of: dt.date
) -> list[CaseWarning]:
    # Asked for every case: one pass over the obligations finds the few that can
    # warn, and the events are read only when there are some.
    late: list[Obligation] = []
    windows: list[Obligation] = []
    for ob in obligations:
        kind = ob.kind
        if kind == "assessment":
            if ob.status is Status.MET_LATE and ob.done_on is not None:
                late.append(ob)
        elif (
            kind == "representations_window"
            and ob.due is not None
            and ob.starts_from.event in DECISIONS_AFTER_PROPOSAL
        ):
            windows.append(ob)
    if not late and not windows:
        return []
    warnings: list[CaseWarning] = []
    if late:
        warnings.extend(_late_without_reason(case, late))
    if windows:
        warnings.extend(_decided_during_representations(case, windows))
    return warnings


def _late_without_reason(case: Case, late: list[Obligation]) -> list[CaseWarning]:
    """An assessment met late with no ``late_reason`` recorded (T4C 8.4; contract example).

    ``late`` holds the assessments met late.
    """
    reasons = {e.date: e.late_reason for e in case.events if isinstance(e, AssessmentCompleted)}
    return [
        CaseWarning(
            "late_without_reason",
            f"the assessment due {ob.due} was completed late on {ob.done_on} "
            "and no late_reason was recorded",
        )
        for ob in late
        if ob.done_on is not None and not reasons.get(ob.done_on)
    ]


#: E6, H5, H9 (R3): the decision each proposal waits for, and how a warning names it.
DECISIONS_AFTER_PROPOSAL: Final[dict[str, tuple[str, str]]] = {
    "plan_proposed": ("plan_approved", "the plan was approved"),
    "variation_proposed": ("variation_decided", "the variation was decided"),
}


#: The decisions of DECISIONS_AFTER_PROPOSAL.
_DECISIONS: Final = frozenset(decision for decision, _ in DECISIONS_AFTER_PROPOSAL.values())


def _decided_during_representations(case: Case, windows: list[Obligation]) -> list[CaseWarning]:
    """A decision taken while the representations window was open, with none received.

    E6 and A@H 6: a plan approved (``plan_approved``) inside the window a
    proposed plan opened, or (R3) a variation decided (``variation_decided``)
    inside the window a proposal to vary or end support opened, with no
    ``representations_received`` since the proposal.  ``windows`` holds the
    representations windows with a due date.
    """
    decisions: dict[str, list[dt.date]] = {}
    received: list[dt.date] = []
    for e in case.events:  # one pass: this runs for most cases with a plan
        if e.type in _DECISIONS:
            decisions.setdefault(e.type, []).append(e.date)
        elif type(e) is RepresentationsReceived:
            received.append(e.date)
    if not decisions:
        return []
    out = []
    for ob in windows:
        start, due = ob.starts_from.date, ob.due
        assert due is not None  # only windows with a due date are passed
        decision, what = DECISIONS_AFTER_PROPOSAL[ob.starts_from.event]
        for decided in decisions.get(decision, ()):
            if start <= decided <= due and not any(start <= r <= decided for r in received):
                out.append(
                    CaseWarning(
                        "decided_during_representations",
                        f"{what} on {iso_date(decided)} while the "
                        f"representations window opened on {iso_date(start)} was still open "
                        f"(until {iso_date(due)}) and no representations were received",
                    )
                )
    return out


# -- Questions beyond deadlines (adoption_rules.questions) ------------------------------
#
# National answers to the questions a region may decide: who may ask for an
# assessment (E2-E5), who is responsible and who pays (E1, E13), the graduated
# levels of support (E14), and a region-neutral reading of routing, thresholds
# and transfer.  Each value is a cited parameter, in the words of the catalogue
# row or of the seed it cites.


# E2: who may ask for an assessment; the assessment may be limited to the service asked for.
ASSESSMENT_REQUESTERS: Final = Param.fixed(
    "england.assessment_requesters",
    {
        Requester.ADOPTED_CHILD: "the adopted child",
        Requester.ADOPTIVE_PARENT: "the adoptive parent",
        Requester.CHILD_OF_ADOPTIVE_PARENT: "a child of the adoptive parent",
        Requester.BIRTH_PARENT: "a birth parent",
        Requester.FORMER_GUARDIAN: "a former guardian",
        Requester.NATURAL_SIBLING: "a natural sibling",
        Requester.RELATED_PERSON: "a related person",
        Requester.ADOPTED_ADULT: "an adopted adult",
        # R11: "Children who are placed with prospective adoptive parents".
        Requester.PLACED_CHILD: "a child placed with prospective adoptive parents (before the "
        "order)",
    },
    _E2_CITATION,
)
ASSESSMENT_LIMITED_TO_REQUEST: Final = Param.fixed(
    "england.assessment_limited_to_request",
    "The requirement to assess the need for support is limited to the entitlement to services "
    "of the person making the request.",
    _E2_CITATION,
)

# E3: step-parent adoption: no duty to assess; counselling, advice and information may be offered.
STEP_PARENT_ADOPTION: Final = Param.fixed(
    "england.step_parent_adoption",
    ("counselling", "advice", "information"),
    in_words(ASSR_2005, "reg 3(2)"),
)

# E4: intercountry adoption: assessed for therapeutic services and disruption support.  The
# sources give the entitlement (A@H 4) but not the regulation that grants it.
_E4_CITATION: Final = in_words(ASSR_2005, NUMBER_UNCONFIRMED)
INTERCOUNTRY_ADOPTION: Final = Param.fixed(
    "england.intercountry_adoption",
    (
        "therapeutic services",
        "help where the placement disrupts or is at risk of disruption",
    ),
    _E4_CITATION,
)

# E4 (R10): the entitlement belongs to the child adopted from abroad and the adoptive parents,
# not to birth relatives.
INTERCOUNTRY_ENTITLED: Final = Param.fixed(
    "england.intercountry_entitled",
    frozenset({Requester.ADOPTED_CHILD, Requester.ADOPTIVE_PARENT}),
    _E4_CITATION,
)

# E5: advice and information need no assessment.
NO_ASSESSMENT_NEEDED: Final = Param.fixed(
    "england.no_assessment_needed",
    ("advice", "information"),
    in_words(ASSR_2005, NUMBER_UNCONFIRMED),
)

# E13: councils and RAAs apply to the fund; families cannot.
FUND_APPLICANTS: Final = Param.fixed(
    "england.fund_applicants",
    "Councils and RAAs apply to the Adoption and Special Guardianship Support Fund; families "
    "cannot apply themselves.",
    ASF_GUIDANCE,
)

_E14: Final = in_words(ASGLB_KEY_ELEMENTS, "9")

# E14: the graduated levels of support, in seed 002's words (section 9).
GRADUATED_LEVELS: Final = Param.fixed(
    "england.graduated_levels",
    (
        SupportLevel(
            "universal",
            False,
            "Universal/open access - generally accessed without an assessment with an emphasis "
            "on social and 'fun' activities and designed to promote low level and peer-to-peer "
            "support.",
        ),
        SupportLevel(
            "targeted",
            True,
            "Targeted - usually available following an assessment, with an emphasis on group "
            "work and parenting development.",
        ),
        SupportLevel(
            "specialist",
            True,
            "Specialist - Usually appropriate to more complex needs, often but not always, "
            "using externally commissioned therapists with funding from the Adoption Support "
            "Fund.",
        ),
        SupportLevel(
            "risk_based",
            True,
            "'risk-based services' where there is an assessed need for safeguarding, 'edge of "
            "care' or looked after services. These are generally provided by mainstream services "
            "outside of the adoption agency itself.",
        ),
    ),
    _E14,
)

# Screening outcomes read nationally: advice and information need no assessment (E5); an
# assessment of need (E2); risk-based services (E14).
SCREENING_OUTCOMES: Final = Param.fixed(
    "england.screening_outcomes",
    {
        ScreeningOutcome.ADVICE_AND_CLOSE: "advice and information, which need no assessment",
        ScreeningOutcome.ASSESSMENT: "an assessment of need",
        ScreeningOutcome.SAFEGUARDING: (
            "risk-based services (safeguarding, edge of care), provided by mainstream council "
            "services"
        ),
    },
    f"{_E2_CITATION}; {_E14}",
)

# T14 and E14 read nationally: significant harm is for the council's section 47 enquiry;
# the other concerns for the council's mainstream (risk-based) services.
THRESHOLD_ROUTES: Final = Param.fixed(
    "england.threshold_routes",
    {
        ThresholdRoute.SAFEGUARDING: "the council's children's services, for a section 47 enquiry",
        ThresholdRoute.STATUTORY_SERVICES: "the council's mainstream services (risk-based "
        "services)",
    },
    f"{in_words(CA_1989, 's47')}; {_E14}",
)

#: Every cited value of the baseline that is not a deadline, by name.
DATA: Final[dict[str, Param[Any]]] = {
    param.name: param
    for param in (
        ASSESSMENT_REQUESTERS,
        ASSESSMENT_LIMITED_TO_REQUEST,
        STEP_PARENT_ADOPTION,
        INTERCOUNTRY_ADOPTION,
        INTERCOUNTRY_ENTITLED,
        NO_ASSESSMENT_NEEDED,
        FUND_APPLICANTS,
        GRADUATED_LEVELS,
        SCREENING_OUTCOMES,
        THRESHOLD_ROUTES,
    )
}

#: Responsibilities the baseline answers for (E1, E13).
RESPONSIBILITY_MATTERS: Final[tuple[str, ...]] = (
    "adoption_support",
    "financial_support",
    "support_fund_applications",
)


@hookimpl(trylast=True)
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute:
    authority = e1_responsible_authority(case, as_of)
    outcomes = SCREENING_OUTCOMES.current
    return ReferralRoute(
        council=authority.authority,
        receiver="the council responsible for the family's adoption support",
        how=(),
        screening_outcomes=tuple(outcomes.value.items()),
        reason=authority.reason,
        citation=f"{authority.citation}; {outcomes.citation}",
    )


@hookimpl(trylast=True)
def adoption_rules_statutory_threshold(
    region: str, case: Case, as_of: dt.date, concerns: frozenset[Concern]
) -> ThresholdAnswer:
    council = lives_in(case, as_of)
    routes = THRESHOLD_ROUTES.current
    met_by = tuple(c for c in Concern if c in concerns)
    if not met_by:
        return ThresholdAnswer(
            met=False,
            met_by=(),
            route=None,
            council=council,
            destination=None,
            steps=(),
            reason="no concern recorded meets the threshold",
            citation=routes.citation,
        )
    route = (
        ThresholdRoute.SAFEGUARDING
        if Concern.SIGNIFICANT_HARM in concerns
        else ThresholdRoute.STATUTORY_SERVICES
    )
    return ThresholdAnswer(
        met=True,
        met_by=met_by,
        route=route,
        council=council,
        destination=routes.value[route],
        steps=(),
        reason=f"{', '.join(met_by)}: a referral to the council where the child lives",
        citation=routes.citation,
    )


@hookimpl(trylast=True)
def adoption_rules_responsibility_matters(region: str) -> list[str]:
    return list(RESPONSIBILITY_MATTERS)


def financial_support(case: Case, as_of: dt.date) -> Responsibility:
    """E1: the council that decides and pays financial support for ``case`` on ``as_of``.

    Financial support agreed before the adoption order stays with the placing
    council; otherwise the council responsible under E1.
    """
    order = case.adoption_order_date
    agreed_before = order is not None and any(
        isinstance(e, FinancialSupportAgreed) and e.date < order and e.date <= as_of
        for e in case.events
    )
    if agreed_before:
        return Responsibility(
            "financial_support",
            "council",
            case.placing_authority,
            "council",
            "financial support agreed before the adoption order stays with the placing council",
            RESPONSIBILITY_PERIOD.current.citation,
        )
    authority = e1_responsible_authority(case, as_of)
    return Responsibility(
        "financial_support",
        "council",
        authority.authority,
        "council",
        f"financial support: {authority.reason}",
        authority.citation,
    )


@hookimpl(trylast=True)
def adoption_rules_responsibility(
    region: str, matter: str, case: Case, as_of: dt.date
) -> Responsibility | None:
    authority = e1_responsible_authority(case, as_of)
    if matter == "adoption_support":
        return Responsibility(
            matter,
            "council",
            authority.authority,
            None,
            f"assessing and providing adoption support: {authority.reason}",
            authority.citation,
        )
    if matter == "financial_support":
        return financial_support(case, as_of)
    if matter == "support_fund_applications":
        fund = FUND_APPLICANTS.current
        return Responsibility(
            matter, "council", authority.authority, None, fund.value, fund.citation
        )
    return None


@hookimpl(trylast=True)
def adoption_rules_priority_child(
    region: str, case: Case, child: ChildFacts, as_of: dt.date
) -> PriorityAnswer:
    return PriorityAnswer(
        priority=None,
        met=(),
        unknown=(),
        criteria=(),
        reason="the region sets no priority criteria and there are none nationally",
        citation="no national rule (rules catalogue W5 is Adoption West's own)",
    )


@hookimpl(trylast=True)
def adoption_rules_assessment_eligibility(
    region: str, requester: Requester, adoption_route: AdoptionRoute
) -> Eligibility:
    none_needed = NO_ASSESSMENT_NEEDED.current
    who = ASSESSMENT_REQUESTERS.current
    if requester not in who.value:
        return Eligibility(
            requester,
            adoption_route,
            may_request=False,
            duty_to_assess=False,
            services=(),
            no_assessment_needed=none_needed.value,
            reason="the person is not one of those who may ask for an assessment",
            citation=f"{who.citation}; {none_needed.citation}",
        )
    if adoption_route is AdoptionRoute.STEP_PARENT:
        step = STEP_PARENT_ADOPTION.current
        return Eligibility(
            requester,
            adoption_route,
            may_request=True,
            duty_to_assess=False,
            services=step.value,
            no_assessment_needed=none_needed.value,
            reason="no duty to assess after a step-parent adoption; counselling, advice and "
            "information may be offered",
            citation=f"{step.citation}; {none_needed.citation}",
        )
    entitled = INTERCOUNTRY_ENTITLED.current
    if adoption_route is AdoptionRoute.INTERCOUNTRY and requester in entitled.value:
        abroad = INTERCOUNTRY_ADOPTION.current
        return Eligibility(
            requester,
            adoption_route,
            may_request=True,
            duty_to_assess=True,
            services=abroad.value,
            no_assessment_needed=none_needed.value,
            reason=f"{who.value[requester]} may ask; after an intercountry adoption the "
            "assessment covers therapeutic services and disruption support",
            citation=f"{abroad.citation}; {who.citation}; {none_needed.citation}",
        )
    limited = ASSESSMENT_LIMITED_TO_REQUEST.current
    if adoption_route is AdoptionRoute.INTERCOUNTRY:
        return Eligibility(
            requester,
            adoption_route,
            may_request=True,
            duty_to_assess=True,
            services=("the services asked for",),
            no_assessment_needed=none_needed.value,
            reason=f"{who.value[requester]} may ask; the assessment may be limited to the "
            "services asked for (the intercountry entitlement to therapeutic services and "
            "disruption support is the child's and the adoptive parents')",
            citation=f"{limited.citation}; {entitled.citation}; {none_needed.citation}",
        )
    return Eligibility(
        requester,
        adoption_route,
        may_request=True,
        duty_to_assess=True,
        services=("the services asked for",),
        no_assessment_needed=none_needed.value,
        reason=f"{who.value[requester]} may ask; the assessment may be limited to the services "
        "asked for",
        citation=f"{limited.citation}; {none_needed.citation}",
    )


@hookimpl(trylast=True)
def adoption_rules_transfer(region: str, case: Case, as_of: dt.date) -> TransferAnswer:
    lives = lives_in(case, as_of)
    order = case.adoption_order_date
    citation = RESPONSIBILITY_PERIOD.current.citation
    if order is None:
        return TransferAnswer(
            None, None, lives, None, False, None, None, "no adoption order date recorded",
            citation, PLUGIN_NAME,
        )  # fmt: skip
    handover, in_force = responsibility_handover(order)
    if as_of < handover:
        due: bool | None = False
        reason = f"the placing council stays responsible until {iso_date(handover)}"
    elif lives is None or case.placing_authority is None:
        due = None
        reason = "where the family lives or the placing council is not recorded"
    else:
        due = lives != case.placing_authority
        reason = f"from {iso_date(handover)} the council where the family lives is responsible" + (
            "" if due else ", and the family lives in the placing council's area"
        )
    return TransferAnswer(
        due=due,
        due_from=handover,
        lives_in=lives,
        to=lives if due else None,
        recent_review_required=False,
        recent_review=None,
        recent_review_ok=None,
        reason=reason,
        citation=in_force,
        # Named here so the policy need not copy the answer to name its plugin
        # (asked for every case).
        decided_by=PLUGIN_NAME,
    )


@hookimpl(trylast=True)
def adoption_rules_information_duties(region: str) -> InformationDuties:
    return InformationDuties(
        recipients=(),
        topics=(),
        prospective_adopter_topics=(),
        reason="the region's information duties are not encoded",
        citation="no national list encoded (rules catalogue T16, H1 are the agencies' own)",
    )


@hookimpl(trylast=True)
def adoption_rules_support_offer(region: str) -> SupportOffer:
    levels = GRADUATED_LEVELS.current
    return SupportOffer(
        core=(),
        specialist=(),
        levels=levels.value,
        reason="the region's own offer is not encoded; the graduated levels are national",
        citation=levels.citation,
    )
