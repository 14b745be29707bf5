"""Region ``together4children``: Together4Children (T4C), Adoption Support Policy and Procedure.

Source: seed ``000_1775740ee4c9f50c.txt``; rules catalogue rows T1-T16.  Read
this module beside the seed: it follows the seed section by section, with a
comment naming the catalogue row above each entry.

* Deadlines (T4, T6, T8, T9, T11, T12) are :class:`~adoption_rules.core.rules.ObligationRule`
  values, gathered in :data:`RULES`.
* Everything else (routing, screening outcomes, thresholds, offers) is cited
  policy data, each a :class:`~adoption_rules.core.rules.Param` in the seed's own
  words, gathered in :data:`DATA`.
* T5 (consent before the assessment) is the warning ``assessment_without_consent``.
* The questions of :mod:`adoption_rules.questions` are answered from
  :data:`DATA` by the hooks at the end: the referral route (T1, T2), the
  safeguarding and statutory services threshold (T3, T14, T15), the transfer
  test (T13), information duties and the offers (T16).
* Kinds not listed here (representations, placement reviews, financial
  support reviews, adopter approval) follow the England baseline.

``docs/regions/together4children.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from adoption_rules.core.answers import (
    Concern,
    InformationDuties,
    ReferralRoute,
    SupportOffer,
    ThresholdAnswer,
    ThresholdRoute,
    TransferAnswer,
    join_citations,
)
from adoption_rules.core.authority import lives_in
from adoption_rules.core.model import (
    AdoptionRoute,
    AssessmentCompleted,
    Case,
    CaseWarning,
    ClosureReason,
    ConsentSigned,
    InitialVisit,
    Obligation,
    ReviewHeld,
    ScreeningOutcome,
)
from adoption_rules.core.periods import Months, Period, WorkingDays, Years
from adoption_rules.core.rules import (
    DoneBy,
    Ender,
    NoRule,
    ObligationRule,
    Ongoing,
    Param,
    Rolling,
    Trigger,
    fixed_period,
)
from adoption_rules.plugins.declare import region_hooks
from adoption_rules.plugins.england import GRADUATED_LEVELS
from adoption_rules.plugins.hookspecs import hookimpl

NAME: Final = "together4children"
TITLE: Final = "Together4Children"
COUNCILS: Final[tuple[str, ...]] = (
    "shropshire",
    "staffordshire",
    "stoke-on-trent",
    "telford-and-wrekin",
)
SEED: Final = "000_1775740ee4c9f50c.txt"
SOURCE: Final = f"{SEED}: Together4Children Adoption Support Policy and Procedure"


def _cite(section: str, row: str) -> str:
    return f"{SEED} {section} (catalogue {row})"


#: Support obligations are made moot by closing the case (contract convention 8).
_CLOSURE: Final = (Ender("closure_decided"),)

#: No duty to assess a step-parent adoption (national rule E3, ASSR 2005 reg 3(2)).
_ASSESSED_ROUTES: Final = frozenset(AdoptionRoute) - {AdoptionRoute.STEP_PARENT}


# -- 4.0-6.0 Information, core offer, specialist offer --------------------------

# T16: who must be given information about adoption support.
INFORMATION_RECIPIENTS: Final = Param.fixed(
    f"{NAME}.information_recipients",
    (
        "Anyone contacting the authority to request information about adopting a child",
        "Anyone informing the authority that (s)he wishes to adopt a child",
        "Any parent of an adopted child within the authority's area who requests the information",
        "Any parent of an adopted child within the authority's area of whom the authority "
        "is/becomes aware",
    ),
    _cite("4.1", "T16"),
)

# T16: what the information must cover.
INFORMATION_TOPICS: Final = Param.fixed(
    f"{NAME}.information_topics",
    (
        "The full range of adoption support services available in the local authority area",
        "The right to request an assessment for adoption support services (at any time)",
        "The address and telephone number of the Agency's Adoption Support Services Adviser",
        "The availability of assessments for adoption support services for persons outside "
        "the local authority area",
        "Contact details for First4Adoption and the local web-based information service",
        "Priority school admissions (where relevant)",
        "Priority council housing and Discretionary Housing Payments",
        "The entitlement to early education from the age of two",
        "How to make a complaint, both under the local authority complaints procedure and to "
        "the Local Government Ombudsman",
        "Any other relevant services provided by the local authority",
        "Any other information that the local authority considers relevant",
    ),
    _cite("4.2", "T16"),
)

# T16: the core offer (no assessment needed).
CORE_OFFER: Final = Param.fixed(
    f"{NAME}.core_offer",
    (
        "Signposting service (linked to Local Early Help Offer)",
        "Targeted information, advice and guidance regarding behavioural, attachment and "
        "other difficulties",
        "Advice and guidance via the Virtual School",
        "Support with contact between an adopted child and his or her birth family "
        "(post-box/direct contact)",
        "Meetings, events and activities to enable groups of adopters and adoptive children "
        "to get together and support each other",
        "Training to help adopters to meet the needs of their adoptive child",
    ),
    _cite("5.1", "T16"),
)

# T16: the specialist offer, subject to an assessment of need.
SPECIALIST_OFFER: Final = Param.fixed(
    f"{NAME}.specialist_offer",
    (
        "Financial support (subject to regular review)",
        "Therapeutic services for adopted children via access to the Adoption Support Fund",
        "Assistance to adoptive parents and children to support the adoptive placement and "
        "enable it to continue, this may include short breaks, if available",
        "Assistance to adoptive parents and children where a placement disrupts or is at risk "
        "of disruption",
    ),
    _cite("6.1", "T16"),
)


# -- 7.0 Referral process ------------------------------------------------------

# T1: adopters self-refer to the Locality Permanency Hub nearest to where they live.
# Reading: route by ``local_authority`` to that council's hub.  The seed names no hub.
HUBS: Final = Param.fixed(
    f"{NAME}.hubs",
    {council: "Locality Permanency Hub" for council in COUNCILS},
    _cite("7.1", "T1"),
)

# T1: how adopters self-refer.
SELF_REFERRAL_CHANNELS: Final = Param.fixed(
    f"{NAME}.self_referral_channels",
    ("telephone", "email", "the Together4Children Website"),
    _cite("7.1", "T1"),
)

# T2: the three outcomes of the duty worker's screening, by the contract's outcome codes.
SCREENING_OUTCOMES: Final = Param.fixed(
    f"{NAME}.screening_outcomes",
    {
        ScreeningOutcome.ADVICE_AND_CLOSE: (
            "to provide advice/information or to signpost adopter to local universal and "
            "targeted services/groups; the referral will be closed"
        ),
        ScreeningOutcome.ASSESSMENT: (
            "to complete a detailed referral for a request for an assessment of adoption "
            "support needs to be undertaken"
        ),
        ScreeningOutcome.SAFEGUARDING: (
            "to refer to appropriate Local Authority's Multi-Agency Safeguarding Hub if there "
            "are safeguarding concerns"
        ),
    },
    _cite("7.2, 7.4, 7.5", "T2"),
)

# T3: when screening goes to the safeguarding route.
SAFEGUARDING_CRITERIA: Final = Param.fixed(
    f"{NAME}.safeguarding_criteria",
    (
        "a risk of significant harm to the child(ren)",
        "imminent risk of placement breakdown and child(ren) being accommodated by the Local "
        "Authority",
    ),
    _cite("7.5", "T3"),
)

# T3: the referral goes to the Multi Agency Safeguarding Hub of the council concerned,
# which decides what action to take (7.6).
SAFEGUARDING_ROUTES: Final = Param.fixed(
    f"{NAME}.safeguarding_routes",
    {council: "Multi Agency Safeguarding Hub" for council in COUNCILS},
    _cite("7.5, 7.6", "T3"),
)

# T4: "Permanency Support Team Manager signs off the referral and agrees the proposed
# actions within 5 working days".  Reading: from ``detailed_referral_completed``.
REFERRAL_SIGN_OFF: Final = ObligationRule(
    kind="referral_sign_off",
    rule_id=f"{NAME}.referral_sign_off",
    citation=_cite("7.10", "T4"),
    description=(
        "The Permanency Support Team Manager signs off the referral and agrees the proposed "
        "actions within 5 working days of the detailed referral."
    ),
    triggers=(
        Trigger(
            "detailed_referral_completed",
            fixed_period(f"{NAME}.referral_sign_off", WorkingDays(5), _cite("7.10", "T4")),
        ),
    ),
    done_by=(DoneBy("referral_signed_off"),),
    ends_on=_CLOSURE,
)


# -- 8.0 Assessment --------------------------------------------------------------

# T5: "the family to agree and sign the document before the assessment commences".
# Reading: warning ``assessment_without_consent`` when an ``initial_visit`` comes before
# any ``consent_signed`` (signing at the first visit itself, the same day, is fine).
ASSESSMENT_WITHOUT_CONSENT: Final = "assessment_without_consent"
CONSENT_BEFORE_ASSESSMENT: Final = Param.fixed(
    f"{NAME}.consent_before_assessment",
    "During the first visit to the family, the Permanency Support Social Worker will need to "
    "discuss the Agreement & Consent Form in further detail and for the family to agree and "
    "sign the document before the assessment commences.",
    _cite("8.2", "T5"),
)

# T6: "completed ... signed off ... and shared with the family within a maximum of 45
# working days from start of initial visit".  ``late_without_reason`` (8.4: the manager
# records why) comes from the England baseline's warnings.
ASSESSMENT: Final = ObligationRule(
    kind="assessment",
    rule_id=f"{NAME}.assessment",
    citation=_cite("8.4", "T6"),
    description=(
        "The assessment of need and support plan is signed off and shared with the family "
        "within 45 working days from the start of the initial visit; if late, the manager "
        "records why. No duty to assess a step-parent adoption (national rule E3)."
    ),
    triggers=(
        Trigger(
            "initial_visit",
            fixed_period(f"{NAME}.assessment", WorkingDays(45), _cite("8.4", "T6")),
        ),
    ),
    done_by=(DoneBy("assessment_completed"),),
    ends_on=_CLOSURE,
    routes=_ASSESSED_ROUTES,
)

# T7: the sequential model: the core offer before specialist therapy.
SEQUENTIAL_MODEL: Final = Param.fixed(
    f"{NAME}.sequential_model",
    "Consideration will be given to ensuring non-specialist elements of the core offer are "
    "in place before considering specialist therapeutic interventions.",
    _cite("8.6, 9", "T7"),
)

# T7: external therapy is funded through the fund.
EXTERNAL_THERAPY_FUNDING: Final = Param.fixed(
    f"{NAME}.external_therapy_funding",
    "If an external therapeutic provider is needed, funding for this will need to be applied "
    "via the Adoption Support Fund (ASGSF).",
    _cite("8.7", "T7"),
)


# -- 10.0 Support plan review ----------------------------------------------------

# T8: "at least annually from the adoption support assessment of need being completed
# unless already closed before this date".  Rolling: 12 months after the assessment,
# then 12 months after each review.
PLAN_REVIEW: Final = ObligationRule(
    kind="plan_review",
    rule_id=f"{NAME}.plan_review",
    citation=_cite("10.1", "T8"),
    description=(
        "The support plan is reviewed at least annually: 12 months after the assessment of "
        "need is completed, then 12 months after each review, unless closed before."
    ),
    triggers=(
        Trigger(
            "assessment_completed",
            fixed_period(f"{NAME}.plan_review", Months(12), _cite("10.1", "T8")),
        ),
    ),
    done_by=(DoneBy("review_held"),),
    ends_on=_CLOSURE,
    recurrence=Rolling(),
)

# T9: "Permanency Support Social Worker will share with adopter(s) within 7 working days".
# Reading: from each ``review_held``.
REVIEW_RECORD_SHARED: Final = ObligationRule(
    kind="review_record_shared",
    rule_id=f"{NAME}.review_record_shared",
    citation=_cite("10.4", "T9"),
    description="The signed-off review record is shared with the adopters within 7 working days.",
    triggers=(
        Trigger(
            "review_held",
            fixed_period(f"{NAME}.review_record_shared", WorkingDays(7), _cite("10.4", "T9")),
        ),
    ),
    done_by=(DoneBy("review_shared"),),
    ends_on=_CLOSURE,
)


# -- 11.0 Closure ----------------------------------------------------------------

# T10: when support may be closed, by the contract's closure reason codes.
CLOSURE_REASONS: Final = Param.fixed(
    f"{NAME}.closure_reasons",
    {
        ClosureReason.ASSESSMENT_COMPLETE: (
            "Following completion of adoption support assessment of need"
        ),
        ClosureReason.REVIEW: "Updated assessment and/or review of support plan",
        ClosureReason.NO_FURTHER_NEED: (
            "Once identified that the family no longer require ongoing support from the "
            "Permanency Support Team"
        ),
        ClosureReason.FAILURE_TO_ENGAGE: "Failure of the family to engage.",
    },
    _cite("11.1", "T10"),
)

# T11: "A closure letter is sent out to adopter(s) along with a service feedback form if
# applicable within 5 working days".  Reading: from ``closure_decided``; not cancelled by it.
CLOSURE_LETTER: Final = ObligationRule(
    kind="closure_letter",
    rule_id=f"{NAME}.closure_letter",
    citation=_cite("11.3", "T11"),
    description="The closure letter (and feedback form) is sent within 5 working days.",
    triggers=(
        Trigger(
            "closure_decided",
            fixed_period(f"{NAME}.closure_letter", WorkingDays(5), _cite("11.3", "T11")),
        ),
    ),
    done_by=(DoneBy("closure_letter_sent"),),
)

# T12: a family closed while receiving an external therapeutic service "must remain
# subject to review at a minimum of 12 monthly intervals".  Reading: from
# ``closure_decided`` while an ``external_therapy_started`` has no later
# ``external_therapy_ended``; the therapy ending ends it.
CLOSED_CASE_REVIEW: Final = ObligationRule(
    kind="closed_case_review",
    rule_id=f"{NAME}.closed_case_review",
    citation=_cite("11.4", "T12"),
    description=(
        "A family closed to the team but still in external therapy is reviewed at least "
        "every 12 months until the therapy ends."
    ),
    triggers=(
        Trigger(
            "closure_decided",
            fixed_period(f"{NAME}.closed_case_review", Months(12), _cite("11.4", "T12")),
        ),
    ),
    done_by=(DoneBy("review_held"),),
    recurrence=Rolling(),
    only_while=Ongoing("external_therapy_started", "external_therapy_ended"),
)


# -- Transfer of adoption support services (unnumbered section) ------------------

_TRANSFER: Final = "Process of Transfer of Adoption Support Services"

# T13: a family living outside the partnership area, the child adopted for over three
# years: plan the transfer to the council or RAA where they live.
TRANSFER_AFTER: Final = Param[Period].fixed(
    f"{NAME}.transfer_after",
    Years(3),
    _cite(_TRANSFER, "T13") + ": adopted for over three years",
)

# T13: an assessment of need or review completed within the last 3 months.
TRANSFER_RECENT_ASSESSMENT: Final = Param[Period].fixed(
    f"{NAME}.transfer_recent_assessment",
    Months(3),
    _cite(_TRANSFER, "T13") + ": Assessment of Need or Review completed within the last 3 months",
)


# -- 12.0 Request for statutory services -----------------------------------------

# T14: when a referral for statutory services is made.
STATUTORY_REFERRAL_THRESHOLDS: Final = Param.fixed(
    f"{NAME}.statutory_referral_thresholds",
    (
        "Likelihood of significant harm (S47 Children Act 1989)",
        "Potential for imminent family breakdown and risk of child returning to Local "
        "Authority Care",
        "Meets the criteria set out in the appropriate Local Authorities Thresholds Framework "
        "(Children & Families)",
        "Meets the threshold criteria for Children's Disability Service",
        "Statutory Support Services (Additional to Adoption Support)",
    ),
    _cite("12.2", "T14"),
)

# T14: the manager agrees and records the decision.
STATUTORY_REFERRAL_DECISION: Final = Param.fixed(
    f"{NAME}.statutory_referral_decision",
    "In situations, where the Permanency Support Social Worker is of the view the above "
    "threshold is met this should be discussed with Permanency Support Team Manager and "
    "agreed. The Team Manager's decision should be clearly recorded on the child's record.",
    _cite("12.3", "T14"),
)

# T15: requests go through each hub's own forms and processes (for a council 12.5 does not name).
STATUTORY_REFERRAL_FORMS: Final = Param.fixed(
    f"{NAME}.statutory_referral_forms",
    "Requests for an alternative service should be made using the current forms and referral "
    "processes for each Locality Permanency Hub accompanied by a copy of the adoption support "
    "assessment of need if applicable, along with chronology or any other supporting documents.",
    _cite("12.4", "T15"),
)

# T15: how each council takes such a referral, in the seed's words.  The seed gives no
# process for Shropshire or Telford and Wrekin by name, and does not say whom "JAS" serves.
STATUTORY_REFERRAL_ROUTES: Final = Param.fixed(
    f"{NAME}.statutory_referral_routes",
    {
        "stoke-on-trent": "contact the CHaD service by phone to make a referral",
        "staffordshire": "contact SCASS by phone to make a referral",
        "JAS": "contact Compass to make a referral",
    },
    _cite("12.5", "T15"),
)


# -- Tables -----------------------------------------------------------------------

#: The region's obligation rules, by kind, in the seed's order.
RULES: Final[dict[str, ObligationRule]] = {
    rule.kind: rule
    for rule in (
        REFERRAL_SIGN_OFF,
        ASSESSMENT,
        PLAN_REVIEW,
        REVIEW_RECORD_SHARED,
        CLOSURE_LETTER,
        CLOSED_CASE_REVIEW,
    )
}

#: Kinds the region's process explicitly does not have (the baseline would create them).
NO_RULES: Final[dict[str, NoRule]] = {}

#: Cited policy data that is not a deadline, by name, in the seed's order.
DATA: Final[dict[str, Param[Any]]] = {
    param.name: param
    for param in (
        INFORMATION_RECIPIENTS,
        INFORMATION_TOPICS,
        CORE_OFFER,
        SPECIALIST_OFFER,
        HUBS,
        SELF_REFERRAL_CHANNELS,
        SCREENING_OUTCOMES,
        SAFEGUARDING_CRITERIA,
        SAFEGUARDING_ROUTES,
        CONSENT_BEFORE_ASSESSMENT,
        SEQUENTIAL_MODEL,
        EXTERNAL_THERAPY_FUNDING,
        CLOSURE_REASONS,
        TRANSFER_AFTER,
        TRANSFER_RECENT_ASSESSMENT,
        STATUTORY_REFERRAL_THRESHOLDS,
        STATUTORY_REFERRAL_DECISION,
        STATUTORY_REFERRAL_FORMS,
        STATUTORY_REFERRAL_ROUTES,
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


@hookimpl
def adoption_rules_case_warnings(
    region: str, case: Case, obligations: list[Obligation], as_of: dt.date
) -> list[CaseWarning] | None:
    if region != NAME:
        return None
    return _assessment_without_consent(case, as_of)


def _assessment_without_consent(case: Case, as_of: dt.date) -> list[CaseWarning]:
    """T5: an initial visit with no consent form signed on or before its date."""
    events = [e for e in case.events if e.date <= as_of]
    consents = [e.date for e in events if isinstance(e, ConsentSigned)]
    return [
        CaseWarning(
            ASSESSMENT_WITHOUT_CONSENT,
            f"the initial visit on {visit.date} came before any agreement and consent form "
            f"was signed ({SEED} 8.2)",
        )
        for visit in events
        if isinstance(visit, InitialVisit) and not any(d <= visit.date for d in consents)
    ]


# -- Questions beyond deadlines (adoption_rules.questions) ---------------------------


@hookimpl
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute | None:
    """T1: the Locality Permanency Hub where the family lives; T2: the screening outcomes."""
    if region != NAME:
        return None
    council = lives_in(case, as_of)
    hubs, channels, outcomes = (
        HUBS.current,
        SELF_REFERRAL_CHANNELS.current,
        SCREENING_OUTCOMES.current,
    )
    if council in hubs.value:
        receiver = hubs.value[council]
        reason = f"adopters self-refer to the {receiver} of the council they live in"
    else:
        receiver = "Locality Permanency Hub nearest to their geographical location"
        reason = "the family lives outside the partnership's councils: the nearest hub"
    return ReferralRoute(
        council=council,
        receiver=receiver,
        how=channels.value,
        screening_outcomes=tuple(outcomes.value.items()),
        reason=reason,
        citation=join_citations((hubs.citation, outcomes.citation)),
    )


#: T3 and T14: each concern in the words of 12.2 (the first four of its list, in order).
THRESHOLD_WORDS: Final[dict[Concern, str]] = dict(
    zip(Concern, STATUTORY_REFERRAL_THRESHOLDS.current.value[:4], strict=True)
)

#: T3 (7.5): the concerns that take the safeguarding route to the MASH.
_SAFEGUARDING_CONCERNS: Final = frozenset({Concern.SIGNIFICANT_HARM, Concern.IMMINENT_BREAKDOWN})


@hookimpl
def adoption_rules_statutory_threshold(
    region: str, case: Case, as_of: dt.date, concerns: frozenset[Concern]
) -> ThresholdAnswer | None:
    """T14 (12.2): any of the four meets the threshold.  T3 (7.5): significant harm or imminent
    breakdown go to the council's Multi Agency Safeguarding Hub; T15 (12.4, 12.5): the others
    to the council's own process."""
    if region != NAME:
        return None
    council = lives_in(case, as_of)
    thresholds, decision = (
        STATUTORY_REFERRAL_THRESHOLDS.current,
        STATUTORY_REFERRAL_DECISION.current,
    )
    met_by = tuple(c for c in Concern if c in concerns)
    if not met_by:
        return ThresholdAnswer(
            met=False,
            met_by=(),
            route=None,
            council=council,
            destination=None,
            steps=(),
            reason="no concern recorded meets the threshold for referral",
            citation=thresholds.citation,
        )
    met = "; ".join(THRESHOLD_WORDS[c] for c in met_by)
    if concerns & _SAFEGUARDING_CONCERNS:
        routes = SAFEGUARDING_ROUTES.current
        return ThresholdAnswer(
            met=True,
            met_by=met_by,
            route=ThresholdRoute.SAFEGUARDING,
            council=council,
            destination=routes.value.get(
                council or "", "the appropriate Local Authority's Multi Agency Safeguarding Hub"
            ),
            steps=(decision.value,),
            reason=f"threshold met ({met}): a referral to the Multi Agency Safeguarding Hub",
            citation=join_citations(
                (
                    thresholds.citation,
                    SAFEGUARDING_CRITERIA.current.citation,
                    routes.citation,
                    decision.citation,
                )
            ),
        )
    routes, forms = STATUTORY_REFERRAL_ROUTES.current, STATUTORY_REFERRAL_FORMS.current
    named = council in routes.value
    return ThresholdAnswer(
        met=True,
        met_by=met_by,
        route=ThresholdRoute.STATUTORY_SERVICES,
        council=council,
        destination=routes.value.get(council or "", forms.value),
        steps=(decision.value,),
        reason=f"threshold met ({met}): a request for statutory services",
        citation=join_citations(
            (thresholds.citation, routes.citation if named else forms.citation, decision.citation)
        ),
    )


@hookimpl
def adoption_rules_transfer(region: str, case: Case, as_of: dt.date) -> TransferAnswer | None:
    """T13: outside the partnership's councils and adopted for over three years; an assessment
    of need or review completed within the last 3 months."""
    if region != NAME:
        return None
    after, recent = TRANSFER_AFTER.current, TRANSFER_RECENT_ASSESSMENT.current
    citation = join_citations((after.citation, recent.citation))
    lives = lives_in(case, as_of)
    reviews = [
        e.date
        for e in case.events
        if isinstance(e, (AssessmentCompleted, ReviewHeld))
        and e.date <= as_of
        and recent.value.apply(e.date) >= as_of
    ]
    latest = max(reviews, default=None)
    order = case.adoption_order_date
    if order is None:
        return TransferAnswer(
            None, None, lives, None, True, latest, latest is not None,
            "no adoption order date recorded", citation, NAME,
        )  # fmt: skip
    due_from = after.value.apply(order)
    if as_of < due_from:
        due: bool | None = False
        reason = f"adopted for under {after.value} until {due_from.isoformat()}"
    elif lives is None:
        due = None
        reason = "where the family lives is not recorded"
    else:
        due = lives not in COUNCILS
        reason = (
            f"adopted for over {after.value} and living outside the partnership: plan the "
            "transfer to the council or RAA where the family lives"
            if due
            else "the family lives in the partnership's area: no transfer"
        )
    return TransferAnswer(
        due=due,
        due_from=due_from,
        lives_in=lives,
        to=lives if due else None,
        recent_review_required=True,
        recent_review=latest,
        recent_review_ok=latest is not None,
        reason=reason,
        citation=citation,
        decided_by=NAME,
    )


@hookimpl
def adoption_rules_information_duties(region: str) -> InformationDuties | None:
    """T16 (4.1, 4.2)."""
    if region != NAME:
        return None
    recipients, topics = INFORMATION_RECIPIENTS.current, INFORMATION_TOPICS.current
    return InformationDuties(
        recipients=recipients.value,
        topics=topics.value,
        prospective_adopter_topics=(),
        reason="the local authority's duty to provide information on adoption support",
        citation=join_citations((recipients.citation, topics.citation)),
    )


@hookimpl
def adoption_rules_support_offer(region: str) -> SupportOffer | None:
    """T16 (5.1, 6.1), with the graduated levels of E14."""
    if region != NAME:
        return None
    core, specialist, levels = (
        CORE_OFFER.current,
        SPECIALIST_OFFER.current,
        GRADUATED_LEVELS.current,
    )
    return SupportOffer(
        core=core.value,
        specialist=specialist.value,
        levels=levels.value,
        reason="the core offer needs no assessment; the specialist offer is subject to an "
        "adoption support assessment of need",
        citation=join_citations((core.citation, specialist.citation, levels.citation)),
    )
