"""Region ``together4children``: Together4Children (T4C), Adoption Support Policy and Procedure.

Source: seed ``000_1775740ee4c9f50c.txt``; rules catalogue rows T1-T16.  Read
this module beside the seed: it follows the seed section by section, one
declaration per fact (:mod:`adoption_rules.plugins.declare`), each with its
section (``at=``) and catalogue row (``row=``), and for a deadline the seed's
own words (``quote=``).

* Deadlines (T4, T6, T8, T9, T11, T12) are ``REGION.rule(...)`` declarations.
* Everything else (routing, screening outcomes, thresholds, offers) is cited
  policy data in the seed's own words, ``REGION.data(...)``.
* T5 (consent before the assessment) is the warning ``assessment_without_consent``.
* The questions of :mod:`adoption_rules.questions` are answered from that
  data by the hooks at the end: the referral route (T1, T2), the
  safeguarding and statutory services threshold (T3, T14, T15), the transfer
  test (T13), information duties and the offers (T16).
* Kinds not declared here (representations, placement reviews, financial
  support reviews, adopter approval) follow the England baseline.

``docs/regions/together4children.md`` is generated from this module by
``scripts/gen_region_docs.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

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
from adoption_rules.core.periods import Months, WorkingDays, Years, add_months
from adoption_rules.core.rules import Ongoing, Rolling, Sooner
from adoption_rules.core.sources import SEED_TITLES
from adoption_rules.plugins.declare import Region, Source
from adoption_rules.plugins.england import GRADUATED_LEVELS
from adoption_rules.plugins.hookspecs import hookimpl

#: The seed file of the policy (``shared/seeds/``); its title is the document's own.
SEED: Final = "000_1775740ee4c9f50c.txt"

REGION: Final = Region(
    __name__,
    "together4children",
    title="Together4Children",
    councils=("shropshire", "staffordshire", "stoke-on-trent", "telford-and-wrekin"),
    source=Source(SEED, SEED_TITLES[SEED]),
)
NAME: Final = REGION.name
COUNCILS: Final = REGION.councils

#: Support obligations are made moot by closing the case (contract convention 8).
CLOSURE: Final = "closure_decided"

#: No duty to assess a step-parent adoption (national rule E3, ASSR 2005 reg 3(2)).
ASSESSED_ROUTES: Final = frozenset(AdoptionRoute) - {AdoptionRoute.STEP_PARENT}


# -- 3.0 What is adoption support -------------------------------------------------

MINIMUM_POST_ORDER_OFFER: Final = REGION.data(
    "minimum_post_order_offer",
    "Following the making of an Adoption Order, a range of adoption support services are "
    "available to every adoptive family. As a minimum this will consist of the 'Adoption "
    "Passport' plus access to local support groups and training events, plus regular "
    "communication from the adoption agency.",
    at="3.2",
    row="T16",
)


# -- 4.0-6.0 Information, core offer, specialist offer --------------------------

INFORMATION_RECIPIENTS: Final = REGION.data(
    "information_recipients",
    (
        "Anyone contacting the authority to request information about adopting a child",
        "Anyone informing the authority that (s)he wishes to adopt a child",
        "Any parent of an adopted child within the authority's area who requests the information",
        "Any parent of an adopted child within the authority's area of whom the authority "
        "is/becomes aware",
    ),
    at="4.1",
    row="T16",
)

INFORMATION_TOPICS: Final = REGION.data(
    "information_topics",
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
    at="4.2",
    row="T16",
)

CORE_OFFER: Final = REGION.data(
    "core_offer",
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
    at="5.1",
    row="T16",
)

SPECIALIST_OFFER: Final = REGION.data(
    "specialist_offer",
    (
        "Financial support (subject to regular review)",
        "Therapeutic services for adopted children via access to the Adoption Support Fund",
        "Assistance to adoptive parents and children to support the adoptive placement and "
        "enable it to continue, this may include short breaks, if available",
        "Assistance to adoptive parents and children where a placement disrupts or is at risk "
        "of disruption",
    ),
    at="6.1",
    row="T16",
)


# -- 7.0 Referral process ------------------------------------------------------

# Reading: route by ``local_authority`` to that council's hub.  The seed names no hub.
HUBS: Final = REGION.data(
    "hubs",
    {council: "Locality Permanency Hub" for council in COUNCILS},
    at="7.1",
    row="T1",
)

SELF_REFERRAL_CHANNELS: Final = REGION.data(
    "self_referral_channels",
    ("telephone", "email", "the Together4Children Website"),
    at="7.1",
    row="T1",
)

# The three outcomes of the duty worker's screening, by the contract's outcome codes.
SCREENING_OUTCOMES: Final = REGION.data(
    "screening_outcomes",
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
    at="7.2, 7.4, 7.5",
    row="T2",
)

SAFEGUARDING_CRITERIA: Final = REGION.data(
    "safeguarding_criteria",
    (
        "a risk of significant harm to the child(ren)",
        "imminent risk of placement breakdown and child(ren) being accommodated by the Local "
        "Authority",
    ),
    at="7.5",
    row="T3",
)

# The referral goes to the council's Multi Agency Safeguarding Hub, which decides (7.6).
SAFEGUARDING_ROUTES: Final = REGION.data(
    "safeguarding_routes",
    {council: "Multi Agency Safeguarding Hub" for council in COUNCILS},
    at="7.5, 7.6",
    row="T3",
)

REGION.slip(
    at="7.5",
    says="For this process please refer to 14.0 (the policy has no section 14.0)",
    reading="read as 12.0, Request for Statutory Services, the policy's section on referrals "
    "to the council's services",
)

REGION.slip(
    at="7.12",
    says="as set out in the specialist adoption support offer. Refer to 7.0",
    reading="read as 6.0, the Specialist Adoption Support Offer (7.0 is the referral process)",
)

# Reading: from ``detailed_referral_completed``.
REFERRAL_SIGN_OFF: Final = REGION.rule(
    "referral_sign_off",
    at="7.10",
    row="T4",
    quote="Permanency Support Team Manager signs off the referral and agrees the proposed "
    "actions within 5 working days",
    starts="detailed_referral_completed",
    period=WorkingDays(5),
    done_by="referral_signed_off",
    ends_on=CLOSURE,
    description="The Permanency Support Team Manager signs off the referral and agrees the "
    "proposed actions within 5 working days of the detailed referral.",
)


# -- 8.0 Assessment --------------------------------------------------------------

# T5 reading: warning ``assessment_without_consent`` when an ``initial_visit`` comes before
# any ``consent_signed`` (signing at the first visit itself, the same day, is fine).
ASSESSMENT_WITHOUT_CONSENT: Final = "assessment_without_consent"
CONSENT_BEFORE_ASSESSMENT: Final = REGION.data(
    "consent_before_assessment",
    "During the first visit to the family, the Permanency Support Social Worker will need to "
    "discuss the Agreement & Consent Form in further detail and for the family to agree and "
    "sign the document before the assessment commences.",
    at="8.2",
    row="T5",
)

# ``late_without_reason`` (8.4: the manager records why) comes from the England baseline.
ASSESSMENT: Final = REGION.rule(
    "assessment",
    at="8.4",
    row="T6",
    quote="completed ... signed off ... and shared with the family within a maximum of 45 "
    "working days from start of initial visit",
    starts="initial_visit",
    period=WorkingDays(45),
    done_by="assessment_completed",
    ends_on=CLOSURE,
    routes=ASSESSED_ROUTES,
    description="The assessment of need and support plan is signed off and shared with the "
    "family within 45 working days from the start of the initial visit; if late, the manager "
    "records why. No duty to assess a step-parent adoption (national rule E3).",
)

SEQUENTIAL_MODEL: Final = REGION.data(
    "sequential_model",
    "Consideration will be given to ensuring non-specialist elements of the core offer are "
    "in place before considering specialist therapeutic interventions.",
    at="8.6, 9",
    row="T7",
)

EXTERNAL_THERAPY_FUNDING: Final = REGION.data(
    "external_therapy_funding",
    "If an external therapeutic provider is needed, funding for this will need to be applied "
    "via the Adoption Support Fund (ASGSF).",
    at="8.7",
    row="T7",
)


# -- 10.0 Support plan review ----------------------------------------------------

# Rolling: 12 months after the assessment, then 12 months after each review.  R5: "the
# frequency of reviews will increase where the support needs of the family requires this":
# an assessment or review that sets ``next_review_within_months`` brings the next one
# forward ("at least annually" is a maximum interval, never a minimum).
PLAN_REVIEW: Final = REGION.rule(
    "plan_review",
    at="10.1",
    row="T8, R5",
    quote="at least annually from the adoption support assessment of need being completed "
    "unless already closed before this date. In some instances, the frequency of reviews will "
    "increase where the support needs of the family requires this.",
    starts="assessment_completed",
    period=Months(12),
    done_by="review_held",
    ends_on=CLOSURE,
    recurrence=Rolling(sooner=Sooner("next_review_within_months", REGION.cite_text("10.1"))),
    description="The support plan is reviewed at least annually: 12 months after the "
    "assessment of need is completed, then 12 months after each review, unless closed before; "
    "sooner where the plan asks for it (next_review_within_months).",
)

# Reading: from each ``review_held``.  R1: closing the case does not end it: the record of
# a review that took place must still be shared.
REVIEW_RECORD_SHARED: Final = REGION.rule(
    "review_record_shared",
    at="10.4",
    row="T9, R1",
    quote="Permanency Support Social Worker will share with adopter(s) within 7 working days",
    starts="review_held",
    period=WorkingDays(7),
    done_by="review_shared",
    description="The signed-off review record is shared with the adopters within 7 working "
    "days of each review, whether or not the case closes meanwhile.",
)


# -- 11.0 Closure ----------------------------------------------------------------

# When support may be closed, by the contract's closure reason codes.
CLOSURE_REASONS: Final = REGION.data(
    "closure_reasons",
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
    at="11.1",
    row="T10",
)

# Reading: from ``closure_decided``; not cancelled by it.
CLOSURE_LETTER: Final = REGION.rule(
    "closure_letter",
    at="11.3",
    row="T11",
    quote="A closure letter is sent out to adopter(s) along with a service feedback form if "
    "applicable within 5 working days",
    starts="closure_decided",
    period=WorkingDays(5),
    done_by="closure_letter_sent",
    description="The closure letter (and feedback form) is sent within 5 working days.",
)

# Reading: from ``closure_decided`` while an ``external_therapy_started`` has no later
# ``external_therapy_ended``.  R2: when the therapy ends, the review then open is still due
# (it is the review that "concludes that there is no other identified support need"), and
# none follows it.
CLOSED_CASE_REVIEW: Final = REGION.rule(
    "closed_case_review",
    at="11.4",
    row="T12, R2",
    quote="the family can be 'closed' but must remain subject to review at a minimum of 12 "
    "monthly intervals. Once therapeutic work has been completed and the review concludes that "
    "there is no other identified support need, the family will then become closed",
    starts="closure_decided",
    period=Months(12),
    done_by="review_held",
    recurrence=Rolling(),
    only_while=Ongoing("external_therapy_started", "external_therapy_ended", on_end="last"),
    description="A family closed to the team but still in external therapy is reviewed at "
    "least every 12 months; when the therapy ends, the review then due concludes it.",
)


REGION.slip(
    at="11.4",
    says="actions in 12.2 and 12.3 is undertaken by the Permanency Support Social Worker",
    reading="read as 11.2 and 11.3 (the closure form and the closure letter): 12.2 and 12.3 "
    "are the thresholds for statutory services",
)


# -- Transfer of adoption support services (unnumbered section) ------------------

TRANSFER: Final = "Process of Transfer of Adoption Support Services"

# A family outside the partnership area, the child adopted for over three years: plan the
# transfer to the council or RAA where they live.
TRANSFER_AFTER: Final = REGION.data(
    "transfer_after",
    Years(3),
    at=TRANSFER,
    row="T13",
    note="adopted for over three years",
)

# R7: "will soon have been adopted for over three years" reads as within 3 months of the
# third anniversary of the order: the transfer is due from order + 3 years - 3 months.
TRANSFER_SOON: Final = REGION.data(
    "transfer_soon",
    Months(3),
    at=TRANSFER,
    row="T13, R7",
    note="or will soon have been adopted for over three years",
    reading="soon: within 3 months of the third anniversary of the order",
)

TRANSFER_RECENT_ASSESSMENT: Final = REGION.data(
    "transfer_recent_assessment",
    Months(3),
    at=TRANSFER,
    row="T13",
    note="Assessment of Need or Review completed within the last 3 months",
)


# -- 12.0 Request for statutory services -----------------------------------------

STATUTORY_REFERRAL_THRESHOLDS: Final = REGION.data(
    "statutory_referral_thresholds",
    (
        "Likelihood of significant harm (S47 Children Act 1989)",
        "Potential for imminent family breakdown and risk of child returning to Local "
        "Authority Care",
        "Meets the criteria set out in the appropriate Local Authorities Thresholds Framework "
        "(Children & Families)",
        "Meets the threshold criteria for Children's Disability Service",
        "Statutory Support Services (Additional to Adoption Support)",
    ),
    at="12.2",
    row="T14",
)

STATUTORY_REFERRAL_DECISION: Final = REGION.data(
    "statutory_referral_decision",
    "In situations, where the Permanency Support Social Worker is of the view the above "
    "threshold is met this should be discussed with Permanency Support Team Manager and "
    "agreed. The Team Manager's decision should be clearly recorded on the child's record.",
    at="12.3",
    row="T14",
)

# Each hub's own forms and processes (for a council 12.5 does not name).
STATUTORY_REFERRAL_FORMS: Final = REGION.data(
    "statutory_referral_forms",
    "Requests for an alternative service should be made using the current forms and referral "
    "processes for each Locality Permanency Hub accompanied by a copy of the adoption support "
    "assessment of need if applicable, along with chronology or any other supporting documents.",
    at="12.4",
    row="T15",
)

# R12: the named service of each council.  "JAS contact Compass" is read as Shropshire
# (Compass is Shropshire Council's front door for children's social care: a reading from the
# council's public pages, not the seed).  Telford and Wrekin: the seed names none (12.4).
STATUTORY_REFERRAL_ROUTES: Final = REGION.data(
    "statutory_referral_routes",
    {
        "stoke-on-trent": "contact the CHaD service by phone to make a referral",
        "staffordshire": "contact SCASS by phone to make a referral",
        "shropshire": "contact Compass to make a referral",
    },
    at="12.5",
    row="T15, R12",
    reading="'JAS contact Compass' read as Shropshire: Compass is Shropshire Council's front "
    "door for children's social care (the council's public pages, not the seed)",
)

STATUTORY_REFERRAL_RECORD: Final = REGION.data(
    "statutory_referral_record",
    "This request and any advice provided should be clearly recorded on the child's record.",
    at="12.6",
    row="T14",
)

# 12.7: a referral not accepted: recorded, and the manager may take it to their line manager.
# No time limit is given.
REFERRAL_NOT_ACCEPTED: Final = REGION.data(
    "referral_not_accepted",
    (
        "This will be recorded on the child's record.",
        "The Permanency Support Team Manager may discuss the outcome of this decision with "
        "their line manager for their decision/oversight.",
    ),
    at="12.7",
    row="T14",
)

# 12.8, 12.9: the team's part once a referral is accepted.
STATUTORY_WORK: Final = REGION.data(
    "statutory_work",
    (
        "Should a referral be accepted to the identified service it is the expectation that "
        "all services and agencies will work together to meet the needs of the child(ren). The "
        "Permanency Support Team will not hold the lead responsibility for statutory work under "
        "the Children Act 1989.",
        "The Permanency Support Teams do not have a statutory duty to respond to or manage "
        "children's needs that fall under S17 and S47 Children Act 1989.",
    ),
    at="12.8, 12.9",
    row="T14",
)


# -- Hooks ------------------------------------------------------------------------


(
    adoption_rules_regions,
    adoption_rules_obligation_kinds,
    adoption_rules_obligation_rule,
) = REGION.hooks()


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
            f"was signed ({REGION.cite_text('8.2')})",
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
    """T14 (12.2): any of the four meets the threshold.  R12 (12.5): the council's named
    service (Stoke-on-Trent CHaD, Staffordshire SCASS, Shropshire Compass) wherever the seed
    names one; else T3 (7.5): significant harm or imminent breakdown go to the council's Multi
    Agency Safeguarding Hub, T15 (12.4): the others to the hub's own forms.  The steps: the
    manager's recorded decision (12.3, 12.6), and what follows a referral not accepted (12.7)."""
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
    routes, forms = STATUTORY_REFERRAL_ROUTES.current, STATUTORY_REFERRAL_FORMS.current
    record, refused = STATUTORY_REFERRAL_RECORD.current, REFERRAL_NOT_ACCEPTED.current
    steps = (
        decision.value,
        record.value,
        *(f"If the referral is not accepted: {step}" for step in refused.value),
    )
    named = routes.value.get(council or "")
    if concerns & _SAFEGUARDING_CONCERNS:
        # R12: the council's named service (12.5) where the seed names one; else its MASH (7.5).
        mash = SAFEGUARDING_ROUTES.current
        return ThresholdAnswer(
            met=True,
            met_by=met_by,
            route=ThresholdRoute.SAFEGUARDING,
            council=council,
            destination=named
            or mash.value.get(
                council or "", "the appropriate Local Authority's Multi Agency Safeguarding Hub"
            ),
            steps=steps,
            reason=f"threshold met ({met}): a referral to "
            + ("the council's named service" if named else "the Multi Agency Safeguarding Hub"),
            citation=join_citations(
                (
                    thresholds.citation,
                    SAFEGUARDING_CRITERIA.current.citation,
                    routes.citation if named else mash.citation,
                    decision.citation,
                    record.citation,
                    refused.citation,
                )
            ),
        )
    return ThresholdAnswer(
        met=True,
        met_by=met_by,
        route=ThresholdRoute.STATUTORY_SERVICES,
        council=council,
        destination=named or forms.value,
        steps=steps,
        reason=f"threshold met ({met}): a request for statutory services",
        citation=join_citations(
            (
                thresholds.citation,
                routes.citation if named else forms.citation,
                decision.citation,
                record.citation,
                refused.citation,
            )
        ),
    )


@hookimpl
def adoption_rules_transfer(region: str, case: Case, as_of: dt.date) -> TransferAnswer | None:
    """T13: outside the partnership's councils and adopted, or soon to be (R7: within 3 months),
    for over three years; an assessment of need or review completed within the last 3 months."""
    if region != NAME:
        return None
    after, recent = TRANSFER_AFTER.current, TRANSFER_RECENT_ASSESSMENT.current
    soon = TRANSFER_SOON.current
    citation = join_citations((after.citation, soon.citation, recent.citation))
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
            due=None,
            due_from=None,
            lives_in=lives,
            to=None,
            recent_review_required=True,
            recent_review=latest,
            recent_review_ok=latest is not None,
            reason="no adoption order date recorded",
            citation=citation,
            decided_by=NAME,
        )
    anniversary = after.value.apply(order)
    # R7: due from the anniversary less the "soon" period, a month arithmetic clamped to the
    # month's end like every other (contract convention 5).
    due_from = add_months(anniversary, -soon.value.count)
    if as_of < due_from:
        due: bool | None = False
        reason = (
            f"adopted for over {after.value} on {anniversary.isoformat()}; the transfer is "
            f"planned from {soon.value} before, {due_from.isoformat()}"
        )
    elif lives is None:
        due = None
        reason = "where the family lives is not recorded"
    else:
        due = lives not in COUNCILS
        reason = (
            f"adopted (or within {soon.value} of being adopted) for over {after.value} and "
            "living outside the partnership: plan the transfer to the council or RAA where the "
            "family lives"
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
