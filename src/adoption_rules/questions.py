"""Questions beyond deadlines: routing, thresholds, responsibilities, eligibility, transfer.

Each question is a plain typed function taking a case (or a region) and the
facts the question needs that are not part of the v1 case (the concerns
recorded, who asks, facts about the child), and returning a frozen answer
that explains itself: ``reason`` in words, ``citation`` naming the seed file
and section (or the statute) and the rules catalogue row, and ``decided_by``
naming the plugin whose hook implementation gave it.

Where a region decides the answer, the question is a hook
(:mod:`adoption_rules.plugins.hookspecs`) answered through the region's
:class:`~adoption_rules.plugins.policy.Policy`; the England baseline
(:mod:`adoption_rules.plugins.england`) answers what a region leaves open.

===============================  =========================================  ================
function                         question                                   catalogue rows
===============================  =========================================  ================
:func:`route_referral`           who receives a referral; what screening    T1, T2, W2, L7
                                 may decide
:func:`statutory_threshold`      is the safeguarding / statutory services   T3, T14, T15, W2
                                 threshold met, and where does it go
:func:`responsibilities`         council or RAA, before and after the       W1, W3, W4, W6,
                                 order, and who pays                        H11, E1, E13
:func:`priority_child`           is the child a priority child              W5
:func:`assessment_eligibility`   may this person ask for an assessment      E2-E5
:func:`transfer_due`             is a transfer of support due               T13, E1
:func:`information_duties`       who must be told what                      T16, H1
:func:`support_offer`            core and specialist offers, graduated      T16, E14
                                 levels of support
===============================  =========================================  ================

The answer types live in :mod:`adoption_rules.core.answers` (re-exported
here), so plugins can build answers with imports going one way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

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
from adoption_rules.core.calendar import england_date, today_in_england
from adoption_rules.core.model import AdoptionRoute, Case
from adoption_rules.plugins.registry import Registry, default_registry

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
    "assessment_eligibility",
    "information_duties",
    "priority_child",
    "responsibilities",
    "route_referral",
    "statutory_threshold",
    "support_offer",
    "transfer_due",
]


# -- the questions ---------------------------------------------------------------------


def _registry(registry: Registry | None) -> Registry:
    return default_registry() if registry is None else registry


def _as_of(as_of: dt.date | None) -> dt.date:
    return today_in_england() if as_of is None else england_date(as_of, field="as_of")


def route_referral(
    case: Case, as_of: dt.date | None = None, *, registry: Registry | None = None
) -> ReferralRoute:
    """Who receives the family's request for support, and what screening may decide.

    T1: Together4Children families self-refer to the Locality Permanency Hub
    (by where they live); W2: Adoption West's councils signpost every support
    referral to the RAA; L7: Leicestershire's team responds to families who
    live in the county or whom it placed in the last three years; elsewhere
    the council responsible under E1.
    """
    return _registry(registry).policy(case.region).referral_route(case, _as_of(as_of))


def statutory_threshold(
    case: Case,
    concerns: Iterable[Concern],
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
) -> ThresholdAnswer:
    """Whether the recorded ``concerns`` meet the safeguarding or statutory services threshold.

    The council concerned is the one the family lives in on ``as_of``.
    """
    return (
        _registry(registry)
        .policy(case.region)
        .statutory_threshold(case, _as_of(as_of), frozenset(concerns))
    )


def responsibilities(
    case: Case, as_of: dt.date | None = None, *, registry: Registry | None = None
) -> tuple[Responsibility, ...]:
    """Who holds each responsibility for the case on ``as_of`` (council or RAA) and who pays."""
    return _registry(registry).policy(case.region).responsibilities(case, _as_of(as_of))


def priority_child(
    case: Case,
    child: ChildFacts,
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
) -> PriorityAnswer:
    """Whether the child is a priority child (W5): age from ``child_date_of_birth``; ``child``."""
    return _registry(registry).policy(case.region).priority_child(case, child, _as_of(as_of))


def assessment_eligibility(
    region: str,
    requester: Requester,
    adoption_route: AdoptionRoute,
    *,
    registry: Registry | None = None,
) -> Eligibility:
    """Whether ``requester`` may ask for an assessment of need, for this adoption route (E2-E5)."""
    return _registry(registry).policy(region).assessment_eligibility(requester, adoption_route)


def transfer_due(
    case: Case, as_of: dt.date | None = None, registry: Registry | None = None
) -> TransferAnswer:
    """Whether a transfer of support to the council where the family lives is due (T13, E1)."""
    return _registry(registry).policy(case.region).transfer(case, _as_of(as_of))


def information_duties(region: str, *, registry: Registry | None = None) -> InformationDuties:
    """Who the region must give information about adoption support to, and about what."""
    return _registry(registry).policy(region).information_duties()


def support_offer(region: str, *, registry: Registry | None = None) -> SupportOffer:
    """The region's core and specialist offers and the graduated levels of support."""
    return _registry(registry).policy(region).support_offer()
