"""The domain model: cases, events, obligations, results (contract v1).

Frozen, slotted attrs classes whose unstructured form is exactly the JSON of
``shared/guide/contract.md``; :mod:`adoption_rules.io.converter` owns the
conversion.  (Slotted even where a batch builds them for every case: a
``__dict__`` class builds faster alone, but a batch ran no faster with them,
its instances being larger; ``docs/performance.md``.)  Events form a tagged
union on ``type``: one class per event type of the contract, each carrying
its ``type`` as a class variable.

Reprs never show case data beyond identifiers, dates and codes: a case's repr
is its id, region and event count.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import ClassVar, Final, Union

import attrs

__all__ = [
    "CONTRACT_VERSION",
    "EVENT_TYPES",
    "NEXT_REVIEW_MONTHS",
    "AdmOutcome",
    "AdoptionRoute",
    "Case",
    "CaseError",
    "CaseWarning",
    "ClosureReason",
    "ErrorDetail",
    "Event",
    "Obligation",
    "PlanItem",
    "Result",
    "ScreeningOutcome",
    "StartsFrom",
    "Status",
    "TransferAnswer",
    "VariationKind",
]

CONTRACT_VERSION: Final = 1


class AdoptionRoute(enum.StrEnum):
    """How the child came into the family (contract: ``adoption_route``)."""

    AGENCY = "agency"
    INTERCOUNTRY = "intercountry"
    STEP_PARENT = "step_parent"
    NON_AGENCY = "non_agency"


class ScreeningOutcome(enum.StrEnum):
    """The duty worker's screening decision (T4C 7.2, 7.4, 7.5)."""

    ADVICE_AND_CLOSE = "advice_and_close"
    ASSESSMENT = "assessment"
    SAFEGUARDING = "safeguarding"


class ClosureReason(enum.StrEnum):
    """Why a case closes (T4C 11.1)."""

    ASSESSMENT_COMPLETE = "assessment_complete"
    REVIEW = "review"
    NO_FURTHER_NEED = "no_further_need"
    FAILURE_TO_ENGAGE = "failure_to_engage"


class VariationKind(enum.StrEnum):
    """A proposal to vary or to end support (A@H 6)."""

    VARY = "vary"
    TERMINATE = "terminate"


class PlanItem(enum.StrEnum):
    """What a support plan sets out (A@H 6, "Contents of Adoption Support Plan"; catalogue R4)."""

    OBJECTIVES = "objectives"
    TIMESCALES = "timescales"
    RESPONSIBILITIES = "responsibilities"
    SUCCESS_CRITERIA = "success_criteria"
    REVIEW_ARRANGEMENTS = "review_arrangements"


#: The whole numbers of months ``next_review_within_months`` may take (catalogue R5).
NEXT_REVIEW_MONTHS: Final = range(1, 13)


def _next_review_months(
    instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is not None and (type(value) is not int or value not in NEXT_REVIEW_MONTHS):
        raise ValueError("must be a whole number of months from 1 to 12")


class AdmOutcome(enum.StrEnum):
    """The agency decision maker's decision on approval."""

    APPROVED = "approved"
    NOT_APPROVED = "not_approved"


class Status(enum.StrEnum):
    """Status of an obligation as of the evaluation date (contract convention 8)."""

    MET = "met"
    MET_LATE = "met_late"
    PENDING = "pending"
    OVERDUE = "overdue"
    CANCELLED = "cancelled"
    OPEN = "open"
    CLOSED = "closed"


# -- events --------------------------------------------------------------------


@attrs.frozen
class Event:
    """Something that happened on a date.  Use a subclass: one per event type."""

    type: ClassVar[str] = ""
    date: dt.date


@attrs.frozen
class ReferralReceived(Event):
    """A request for support reached the agency."""

    type: ClassVar[str] = "referral_received"


@attrs.frozen
class ScreeningCompleted(Event):
    """The duty worker's screening decision."""

    type: ClassVar[str] = "screening_completed"
    outcome: ScreeningOutcome


@attrs.frozen
class DetailedReferralCompleted(Event):
    """The detailed referral form is complete."""

    type: ClassVar[str] = "detailed_referral_completed"


@attrs.frozen
class ReferralSignedOff(Event):
    """The manager signed off the referral and agreed actions."""

    type: ClassVar[str] = "referral_signed_off"


@attrs.frozen
class ConsentSigned(Event):
    """The agreement and consent form was signed."""

    type: ClassVar[str] = "consent_signed"


@attrs.frozen
class InitialVisit(Event):
    """The first visit of the assessment of need."""

    type: ClassVar[str] = "initial_visit"


@attrs.frozen
class AssessmentCompleted(Event):
    """The assessment of need (and plan) signed off and shared with the family.

    ``late_reason`` is the manager's recorded reason for lateness; it is free
    text and is never echoed in logs, errors or reprs.
    """

    type: ClassVar[str] = "assessment_completed"
    late_reason: str | None = attrs.field(default=None, repr=False)
    #: The plan asks for its first review sooner than the region's period (R5).
    next_review_within_months: int | None = attrs.field(default=None, validator=_next_review_months)


@attrs.frozen
class PlanProposed(Event):
    """A proposed support plan was sent to its recipients."""

    type: ClassVar[str] = "plan_proposed"


@attrs.frozen
class RepresentationsReceived(Event):
    """The recipients made representations."""

    type: ClassVar[str] = "representations_received"


@attrs.frozen
class PlanApproved(Event):
    """The plan was approved or finalised.

    ``covers`` lists what the approved plan sets out (R4); ``None`` when the
    case system does not say (then nothing is said about its contents).
    """

    type: ClassVar[str] = "plan_approved"
    covers: tuple[PlanItem, ...] | None = None


@attrs.frozen
class ReviewHeld(Event):
    """A review of the support plan took place."""

    type: ClassVar[str] = "review_held"
    #: The plan asks for the next review sooner than the region's period (R5).
    next_review_within_months: int | None = attrs.field(default=None, validator=_next_review_months)


@attrs.frozen
class ReviewShared(Event):
    """The review record was shared with the adopters."""

    type: ClassVar[str] = "review_shared"


@attrs.frozen
class ChangeOfCircumstances(Event):
    """The agency was told of a change of circumstances."""

    type: ClassVar[str] = "change_of_circumstances"
    significant: bool = True


@attrs.frozen
class VariationProposed(Event):
    """A proposal to vary or end support, sent with the draft revised plan."""

    type: ClassVar[str] = "variation_proposed"
    kind: VariationKind


@attrs.frozen
class VariationDecided(Event):
    """Notice of the decision was sent, with reasons."""

    type: ClassVar[str] = "variation_decided"


@attrs.frozen
class ClosureDecided(Event):
    """The case is to close."""

    type: ClassVar[str] = "closure_decided"
    reason: ClosureReason


@attrs.frozen
class ClosureLetterSent(Event):
    """The closure letter was sent."""

    type: ClassVar[str] = "closure_letter_sent"


@attrs.frozen
class ExternalTherapyStarted(Event):
    """An external provider's therapy started."""

    type: ClassVar[str] = "external_therapy_started"


@attrs.frozen
class ExternalTherapyEnded(Event):
    """An external provider's therapy ended."""

    type: ClassVar[str] = "external_therapy_ended"


@attrs.frozen
class SafeguardingReferralMade(Event):
    """A referral to a safeguarding hub."""

    type: ClassVar[str] = "safeguarding_referral_made"
    # Free text (who the referral went to): never in a repr.
    to: str | None = attrs.field(default=None, repr=False)


@attrs.frozen
class FamilyMoved(Event):
    """The family now lives in another council's area."""

    type: ClassVar[str] = "family_moved"
    local_authority: str


@attrs.frozen
class FinancialSupportAgreed(Event):
    """Financial support was agreed."""

    type: ClassVar[str] = "financial_support_agreed"


@attrs.frozen
class FinancialSupportReviewed(Event):
    """Financial support was reviewed."""

    type: ClassVar[str] = "financial_support_reviewed"


@attrs.frozen
class FinancialSupportEnded(Event):
    """Financial support (an allowance) ended: no more reviews of it (R1)."""

    type: ClassVar[str] = "financial_support_ended"


@attrs.frozen
class ContactMade(Event):
    """The agency made contact with the family: a visit or a call (R6)."""

    type: ClassVar[str] = "contact_made"


@attrs.frozen
class RegistrationOfInterest(Event):
    """Stage 1 of adopter approval begins."""

    type: ClassVar[str] = "registration_of_interest"


@attrs.frozen
class Stage1Extended(Event):
    """Stage 1 was extended for legitimate reasons."""

    type: ClassVar[str] = "stage1_extended"


@attrs.frozen
class Stage1Completed(Event):
    """Stage 1 ends."""

    type: ClassVar[str] = "stage1_completed"


@attrs.frozen
class Stage2Started(Event):
    """Stage 2 begins."""

    type: ClassVar[str] = "stage2_started"


@attrs.frozen
class PanelHeld(Event):
    """The adoption panel made its recommendation."""

    type: ClassVar[str] = "panel_held"


@attrs.frozen
class PanelMinutesReceived(Event):
    """The final minutes and recommendation reached the agency decision maker."""

    type: ClassVar[str] = "panel_minutes_received"


@attrs.frozen
class AdmDecision(Event):
    """The agency decision maker's decision."""

    type: ClassVar[str] = "adm_decision"
    outcome: AdmOutcome


@attrs.frozen
class IrmApplication(Event):
    """The applicant applied to the Independent Review Mechanism."""

    type: ClassVar[str] = "irm_application"


@attrs.frozen
class IrmDocumentsSent(Event):
    """The agency sent its papers to the IRM."""

    type: ClassVar[str] = "irm_documents_sent"


@attrs.frozen
class IrmPanelHeld(Event):
    """The IRM panel sat."""

    type: ClassVar[str] = "irm_panel_held"


@attrs.frozen
class Matched(Event):
    """Approved adopters were matched with a child."""

    type: ClassVar[str] = "matched"


@attrs.frozen
class ApprovalReviewHeld(Event):
    """A review of an approval."""

    type: ClassVar[str] = "approval_review_held"


AnyEvent = Union[  # noqa: UP007 - a runtime union cattrs can dispatch on
    ReferralReceived,
    ScreeningCompleted,
    DetailedReferralCompleted,
    ReferralSignedOff,
    ConsentSigned,
    InitialVisit,
    AssessmentCompleted,
    PlanProposed,
    RepresentationsReceived,
    PlanApproved,
    ReviewHeld,
    ReviewShared,
    ChangeOfCircumstances,
    VariationProposed,
    VariationDecided,
    ClosureDecided,
    ClosureLetterSent,
    ExternalTherapyStarted,
    ExternalTherapyEnded,
    SafeguardingReferralMade,
    FamilyMoved,
    FinancialSupportAgreed,
    FinancialSupportReviewed,
    FinancialSupportEnded,
    ContactMade,
    RegistrationOfInterest,
    Stage1Extended,
    Stage1Completed,
    Stage2Started,
    PanelHeld,
    PanelMinutesReceived,
    AdmDecision,
    IrmApplication,
    IrmDocumentsSent,
    IrmPanelHeld,
    Matched,
    ApprovalReviewHeld,
]

#: Every event class by its ``type`` tag.
EVENT_TYPES: Final[dict[str, type[Event]]] = {
    cls.type: cls
    for cls in AnyEvent.__args__  # type: ignore[attr-defined]
}


# -- the case ------------------------------------------------------------------


@attrs.frozen(repr=False)
class Case:
    """One adoption case as a case system sends it (contract v1, "Input: a case").

    ``tracking_from`` (an extension of v1, optional) is the date from which the
    case system's records of events are complete: obligations that fell due
    earlier are not reported (a support case opened in 2026 for a child
    placed in 2019 does not report 2019's placement reviews as overdue).
    """

    case_id: str
    region: str
    events: tuple[AnyEvent, ...] = ()
    contract_version: int = CONTRACT_VERSION
    local_authority: str | None = None
    placing_authority: str | None = None
    adoption_route: AdoptionRoute = AdoptionRoute.AGENCY
    placement_date: dt.date | None = None
    adoption_order_date: dt.date | None = None
    child_date_of_birth: dt.date | None = None
    tracking_from: dt.date | None = None

    def __repr__(self) -> str:
        return f"Case(case_id={self.case_id!r}, region={self.region!r}, events={len(self.events)})"


# -- results -------------------------------------------------------------------


@attrs.frozen
class StartsFrom:
    """The event (or case fact) and date an obligation's clock runs from."""

    event: str
    date: dt.date


@attrs.frozen
class Obligation:
    """One thing the procedure requires, when, whether it was done, and why.

    ``occurrence`` (an extension of v1) numbers the occurrences of a
    recurring obligation from 1; ``None`` for a one-off.
    """

    kind: str
    due: dt.date | None
    status: Status
    starts_from: StartsFrom
    period: str | None
    rule: str
    citation: str
    decided_by: str
    done_on: dt.date | None = None
    provisional: bool = False
    occurrence: int | None = None


@attrs.frozen
class CaseWarning:
    """Something odd about the case: a code a program can act on and a message."""

    code: str
    message: str


@attrs.frozen
class TransferAnswer:
    """Whether a transfer of support to the council where the family lives is due (T13, E1).

    ``due`` is ``None`` when a fact needed is missing.  ``due_from`` is the
    first day the length of time since the order allows it.  ``to`` is the
    council the family lives in.  When the region requires a recent
    assessment or review (``recent_review_required``), ``recent_review`` is
    the latest one within the window and ``recent_review_ok`` whether there
    is one.
    """

    due: bool | None
    due_from: dt.date | None
    lives_in: str | None
    to: str | None
    recent_review_required: bool
    recent_review: dt.date | None
    recent_review_ok: bool | None
    reason: str
    citation: str
    decided_by: str = ""


@attrs.frozen(repr=False)
class Result:
    """What the procedure requires of one case as of a date (contract v1, "Output").

    ``stage`` and ``approval_stage`` (extensions of v1) name where the case
    stands on the support and the approval track as of ``as_of``; ``transfer``
    (an extension of v1) says whether a transfer of support to the council
    where the family lives is due (T13, E1), or ``null`` when the region has
    no transfer rule.
    """

    case_id: str
    region: str
    as_of: dt.date
    obligations: tuple[Obligation, ...]
    warnings: tuple[CaseWarning, ...]
    responsible_authority: str | None
    contract_version: int = CONTRACT_VERSION
    stage: str | None = None
    approval_stage: str | None = None
    transfer: TransferAnswer | None = None

    def __repr__(self) -> str:
        return (
            f"Result(case_id={self.case_id!r}, as_of={self.as_of.isoformat()}, "
            f"obligations={len(self.obligations)}, warnings={len(self.warnings)})"
        )

    def _repr_html_(self) -> str:
        # Imported here for start-up speed: only a notebook shows HTML.
        from adoption_rules.core.display import result_html

        return result_html(self)


@attrs.frozen
class ErrorDetail:
    """The ``error`` object of the contract: a code, a message and the field at fault."""

    code: str
    message: str
    field: str | None = None


@attrs.frozen
class CaseError:
    """A case that could not be evaluated, in the contract's error shape."""

    case_id: str | None
    error: ErrorDetail
