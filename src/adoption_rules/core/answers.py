"""The answer types of the questions beyond deadlines (:mod:`adoption_rules.questions`).

Each answer is frozen and explains itself: ``reason`` in words, ``citation``
naming the document and section (or the statute), and ``decided_by`` naming
the plugin whose hook implementation gave it.  They live in the core so that
plugins (:mod:`adoption_rules.plugins`) can build answers, and the question
functions (a higher layer) can ask for them, with imports going one way.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from adoption_rules.core.model import AdoptionRoute, ScreeningOutcome, TransferAnswer

__all__ = [
    "ChildFacts",
    "Concern",
    "Eligibility",
    "InformationDuties",
    "PriorityAnswer",
    "ReferralRoute",
    "Requester",
    "Responsibility",
    "SupportLevel",
    "SupportOffer",
    "ThresholdAnswer",
    "ThresholdRoute",
    "TransferAnswer",
    "join_citations",
]


# -- inputs that are not part of the v1 case ------------------------------------------


class Concern(enum.StrEnum):
    """A concern recorded about a family (T3 7.5, T14 12.2, W2)."""

    #: Likelihood of significant harm (s47 Children Act 1989).
    SIGNIFICANT_HARM = "significant_harm"
    #: Potential imminent breakdown, the child at risk of being accommodated.
    IMMINENT_BREAKDOWN = "imminent_breakdown"
    #: The criteria of the council's thresholds framework are met.
    COUNCIL_THRESHOLDS_MET = "council_thresholds_met"
    #: The threshold criteria of the children's disability service are met.
    DISABILITY_CRITERIA_MET = "disability_criteria_met"


class Requester(enum.StrEnum):
    """Who asks for an assessment of need (rule E2)."""

    ADOPTED_CHILD = "adopted_child"
    ADOPTIVE_PARENT = "adoptive_parent"
    CHILD_OF_ADOPTIVE_PARENT = "child_of_adoptive_parent"
    BIRTH_PARENT = "birth_parent"
    FORMER_GUARDIAN = "former_guardian"
    NATURAL_SIBLING = "natural_sibling"
    RELATED_PERSON = "related_person"
    ADOPTED_ADULT = "adopted_adult"
    #: A child placed with prospective adoptive parents, before the order (catalogue R11).
    PLACED_CHILD = "placed_child"
    #: Anyone else: not among the persons E2 names.
    OTHER = "other"


def _optional_count(
    instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise ValueError(f"{attribute.name} must be a whole number of children, 1 or more")


@attrs.frozen
class ChildFacts:
    """Facts about the child the v1 case does not carry (W5); ``None`` means not recorded.

    The child's age comes from the case's ``child_date_of_birth``.
    """

    bme_heritage: bool | None = None
    sibling_group_size: int | None = attrs.field(default=None, validator=_optional_count)
    disability_or_medical_condition: bool | None = None


# -- answers ------------------------------------------------------------------------


@attrs.frozen
class ReferralRoute:
    """Who receives a request for support, and what screening may decide (T1, T2, W2).

    ``council`` is the council the answer is about (where the family lives,
    or the responsible council); ``receiver`` the hub, team or agency that
    receives the request, in the source's words; ``how`` the ways to make
    it; ``screening_outcomes`` pairs each contract outcome code with what
    the source says it means (empty when the source gives none).
    """

    council: str | None
    receiver: str
    how: tuple[str, ...]
    screening_outcomes: tuple[tuple[ScreeningOutcome, str], ...]
    reason: str
    citation: str
    decided_by: str = ""


class ThresholdRoute(enum.StrEnum):
    """Where a family's concerns lead (T3, T14)."""

    #: Safeguarding: to the council's safeguarding hub or children's services.
    SAFEGUARDING = "safeguarding"
    #: A request for statutory services of the council.
    STATUTORY_SERVICES = "statutory_services"


@attrs.frozen
class ThresholdAnswer:
    """Whether the recorded concerns meet the threshold, and where the referral goes.

    ``met_by`` lists the concerns that meet it; ``route`` is ``None`` when
    the threshold is not met; ``destination`` names the hub or service of
    ``council`` in the source's words; ``steps`` are what the source says
    must happen (the manager agrees and records it, the RAA is told...).
    """

    met: bool
    met_by: tuple[Concern, ...]
    route: ThresholdRoute | None
    council: str | None
    destination: str | None
    steps: tuple[str, ...]
    reason: str
    citation: str
    decided_by: str = ""


@attrs.frozen
class Responsibility:
    """Who holds one responsibility (``matter``) for a case, and who pays for it.

    ``holder`` is ``"council"``, ``"RAA"`` or ``"agency"`` (the agency
    itself, when it is a council's own service); ``council`` names the
    council meant when the holder (or the payer) is a council; ``pays`` says
    who pays, when the source says; ``text`` is the source's own words.
    """

    matter: str
    holder: str | None
    council: str | None
    pays: str | None
    text: str
    citation: str
    decided_by: str = ""


@attrs.frozen
class PriorityAnswer:
    """Whether the child is a priority ("hard to place") child (W5).

    ``priority`` is ``True`` when a criterion is met, ``False`` when every
    criterion is known not to be met, ``None`` when it cannot be told (a
    fact not recorded) or the region has no criteria.  Criteria are in the
    source's words.
    """

    priority: bool | None
    met: tuple[str, ...]
    unknown: tuple[str, ...]
    criteria: tuple[str, ...]
    reason: str
    citation: str
    decided_by: str = ""


@attrs.frozen
class Eligibility:
    """Whether a person may ask for an assessment of need, and what it covers (E2-E5).

    ``may_request``: the person is one E2 names.  ``duty_to_assess``: the
    agency must assess (not for a step-parent adoption, E3).  ``services``:
    what an assessment covers, or what may be offered without one.
    ``no_assessment_needed``: what needs no assessment at all (E5).
    """

    requester: Requester
    adoption_route: AdoptionRoute
    may_request: bool
    duty_to_assess: bool
    services: tuple[str, ...]
    no_assessment_needed: tuple[str, ...]
    reason: str
    citation: str
    decided_by: str = ""


@attrs.frozen
class InformationDuties:
    """Who must be given information about adoption support, and about what (T16, H1).

    Empty tuples when the region's source is not encoded for this question.
    """

    recipients: tuple[str, ...]
    topics: tuple[str, ...]
    prospective_adopter_topics: tuple[str, ...]
    reason: str
    citation: str
    decided_by: str = ""


@attrs.frozen
class SupportLevel:
    """One level of the graduated approach to support (E14)."""

    name: str
    needs_assessment: bool | None
    text: str


@attrs.frozen
class SupportOffer:
    """The region's core offer (no assessment), specialist offer (after one), and levels.

    ``levels`` are the graduated levels of support (E14).
    """

    core: tuple[str, ...]
    specialist: tuple[str, ...]
    levels: tuple[SupportLevel, ...]
    reason: str
    citation: str
    decided_by: str = ""


def join_citations(citations: Iterable[str]) -> str:
    """Several citations as one, each once, in order."""
    return "; ".join(dict.fromkeys(c for c in citations if c))
