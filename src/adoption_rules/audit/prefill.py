"""Pre-fill an audit from what a region's written rules show.

A region's policy documents can show a few of the audit tool's elements: a
procedure either sets a timescale for the assessment of need or it does not.
They cannot show practice: whether the timescale is met, whether families
know the route, whether feedback is used.  So the pre-fill only *suggests* a
rating for the handful of sub-elements the rules speak to, writes in each such
row that it was pre-filled and from which rule, and never overwrites a rating
the manager has already given.  Everything else is left blank for the manager.

The facts come in a :class:`RegionFacts` object.  The rest of the library will
supply it from a region plugin; until then :data:`REGION_FACTS` holds, as cited
data, the facts for the four regions of the rules catalogue
(``shared/guide/rules-catalogue.md``), keyed by region name.

Which facts feed which sub-element (see :func:`suggest`):

========  ============================================================  =====================
sub-el.   facts                                                          suggestion
========  ============================================================  =====================
8         ``has_single_referral_route`` and ``sets_assessment_deadline``  both: matches; one:
                                                                         partially present
5a        ``regular_contact``                                            partially present
10a       ``safeguarding_route``                                         partially present
16a       ``service_feedback``, ``has_review_cadence``                   partially present
========  ============================================================  =====================

Only element 8 can be suggested as matching the exemplar: the survey found
one exemplar (Coram Kent) that set an assessment timescale at all (seed
``002_2b773c64d6b34cd3.txt``, section 8), so a written single route with a
written timescale is the element as the tool words it.  For the others a
written commitment shows the sub-element is at least partly there; whether it
matches the exemplar is the manager's judgement.  The pre-fill never suggests
"not present" (absence from a document is not absence from the service) and
never "exceeds".
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final, TypeVar

import attrs

from adoption_rules.audit.elements import TITLE
from adoption_rules.audit.model import (
    Audit,
    AuditEntry,
    AuditError,
    AuditTemplate,
    InvalidAuditError,
    Rating,
)
from adoption_rules.core.sources import SEED_TITLES

__all__ = [
    "PREFILL_MARK",
    "REGION_FACTS",
    "RegionFacts",
    "Suggestion",
    "UnknownRegionError",
    "facts_for",
    "prefill",
    "suggest",
]

#: Every pre-filled row's explanation starts with this, so it is plain in a spreadsheet.
PREFILL_MARK: Final = "PRE-FILLED"


class UnknownRegionError(AuditError, LookupError):
    """No built-in facts for the region asked for."""


_T = TypeVar("_T")


def _check_cited(instance: RegionFacts, attribute: attrs.Attribute[_T], value: _T) -> None:
    """A fact that is stated (not ``None``) must say where it is stated."""
    citation_field = _CITATION_OF.get(attribute.name)
    if citation_field is None or value is None:
        return
    if not getattr(instance, citation_field):
        raise InvalidAuditError(
            f"{attribute.name} is given, so {citation_field} must cite its source"
        )


@attrs.frozen
class RegionFacts:
    """What one region's written rules show about the audit tool's elements.

    A region plugin supplies this; every field is optional so a plugin says
    only what its documents say.  The three-valued fields read:

    * ``True``: the rules provide it (and the matching text field says what);
    * ``False``: the rules were read and do not provide it;
    * ``None``: the rules supplied say nothing either way (the pre-fill then
      makes no suggestion from that field).

    The ``str`` fields are short descriptions in the document's own terms,
    ``None`` when the rules say nothing.  Every fact that is not ``None`` must
    carry its citation (the ``*_citation`` field next to it), written as
    ``"<seed file>, <section>; rule <catalogue id>"``; that text is copied
    into the pre-filled row, so a manager can check it.

    Fields:
        region: the region's name as the library knows it (``together4children``).
        agency: the agency's name as it should appear on the audit.
        source: the document the facts come from.
        has_single_referral_route: one route by which every request for
            support reaches one screening/assessment process.
        referral_route: how requests come in.
        sets_assessment_deadline: the rules set a timescale for the assessment
            of need.
        assessment_period: that timescale, e.g. "45 working days from the
            start of the initial visit".
        has_review_cadence: the rules set a fixed cadence for reviewing
            support plans.
        review_cadence: that cadence, or what the rules say instead.
        representations_period: the time recipients have to make
            representations on a proposed plan (not an assessment timescale).
        regular_contact: a commitment to keep in regular contact with adopters.
        safeguarding_route: how safeguarding concerns pass to the councils.
        service_feedback: how the rules gather feedback on services.
    """

    region: str
    agency: str
    source: str
    has_single_referral_route: bool | None = attrs.field(default=None, validator=_check_cited)
    referral_route: str | None = attrs.field(default=None, validator=_check_cited)
    referral_route_citation: str | None = None
    sets_assessment_deadline: bool | None = attrs.field(default=None, validator=_check_cited)
    assessment_period: str | None = attrs.field(default=None, validator=_check_cited)
    assessment_citation: str | None = None
    has_review_cadence: bool | None = attrs.field(default=None, validator=_check_cited)
    review_cadence: str | None = attrs.field(default=None, validator=_check_cited)
    review_citation: str | None = None
    representations_period: str | None = attrs.field(default=None, validator=_check_cited)
    representations_citation: str | None = None
    regular_contact: str | None = attrs.field(default=None, validator=_check_cited)
    regular_contact_citation: str | None = None
    safeguarding_route: str | None = attrs.field(default=None, validator=_check_cited)
    safeguarding_citation: str | None = None
    service_feedback: str | None = attrs.field(default=None, validator=_check_cited)
    service_feedback_citation: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.sets_assessment_deadline and not self.assessment_period:
            raise InvalidAuditError(
                "sets_assessment_deadline is True, so assessment_period is needed"
            )
        if self.has_single_referral_route and not self.referral_route:
            raise InvalidAuditError(
                "has_single_referral_route is True, so referral_route is needed"
            )
        if self.has_review_cadence and not self.review_cadence:
            raise InvalidAuditError("has_review_cadence is True, so review_cadence is needed")


_CITATION_OF: Final[Mapping[str, str]] = MappingProxyType(
    {
        "has_single_referral_route": "referral_route_citation",
        "referral_route": "referral_route_citation",
        "sets_assessment_deadline": "assessment_citation",
        "assessment_period": "assessment_citation",
        "has_review_cadence": "review_citation",
        "review_cadence": "review_citation",
        "representations_period": "representations_citation",
        "regular_contact": "regular_contact_citation",
        "safeguarding_route": "safeguarding_citation",
        "service_feedback": "service_feedback_citation",
    }
)


@attrs.frozen
class Suggestion:
    """A pre-filled sub-element: a suggested rating (or none) and why."""

    sub_element: str
    rating: Rating | None
    explanation: str


# --------------------------------------------------------------------------
# The built-in facts of the four regions in the rules catalogue.
# Each citation names the policy by its title and the section (rules catalogue
# R13); the seed file is named once, in ``source``.

_T4C_FILE: Final = "000_1775740ee4c9f50c.txt"
_AAH_FILE: Final = "001_5a198d102c392edc.txt"
_AW_FILE: Final = "003_9f7fae36d35d9718.txt"
_LEI_FILE: Final = "004_9a30a8a3aa6820d9.txt"
_T4C: Final = SEED_TITLES[_T4C_FILE]
_AAH: Final = SEED_TITLES[_AAH_FILE]
_AW: Final = SEED_TITLES[_AW_FILE]
_LEI: Final = SEED_TITLES[_LEI_FILE]

REGION_FACTS: Final[Mapping[str, RegionFacts]] = MappingProxyType(
    {
        "together4children": RegionFacts(
            region="together4children",
            agency="Together4Children",
            source=f"{_T4C} ({_T4C_FILE})",
            has_single_referral_route=True,
            referral_route=(
                "adopters self-refer to their Locality Permanency Hub and a duty worker of the "
                "Permanency Support Team screens every request"
            ),
            referral_route_citation=f"{_T4C}, 7.1-7.2",
            sets_assessment_deadline=True,
            assessment_period="45 working days from the start of the initial visit",
            assessment_citation=f"{_T4C}, 8.4",
            has_review_cadence=True,
            review_cadence="at least annually from the completion of the assessment of need",
            review_citation=f"{_T4C}, 10.1",
            regular_contact=(
                "regular communication from the adoption agency, part of the minimum offer "
                "after the adoption order"
            ),
            regular_contact_citation=f"{_T4C}, 3.2",
            safeguarding_route=(
                "where screening finds a risk of significant harm or of imminent breakdown, "
                "a referral to the Multi-Agency Safeguarding Hub of the council concerned"
            ),
            safeguarding_citation=f"{_T4C}, 7.5-7.6 and 12.5",
            service_feedback="a service feedback form sent with the closure letter, if applicable",
            service_feedback_citation=f"{_T4C}, 11.3",
        ),
        "adoption_at_heart": RegionFacts(
            region="adoption_at_heart",
            agency="Adoption@Heart",
            source=f"{_AAH} ({_AAH_FILE})",
            has_single_referral_route=True,
            referral_route=(
                "requests for assessment after placement are allocated to a social worker in "
                "the Adoption Support team"
            ),
            referral_route_citation=f"{_AAH}, 5",
            sets_assessment_deadline=False,
            assessment_citation=f"{_AAH}, 5",
            has_review_cadence=False,
            review_cadence=(
                "after the adoption order, a review only when a change of circumstances is "
                "brought to notice"
            ),
            review_citation=f"{_AAH}, 6",
            representations_period="10 working days",
            representations_citation=f"{_AAH}, 6",
        ),
        "adoption_west": RegionFacts(
            region="adoption_west",
            agency="Adoption West",
            source=f"{_AW} ({_AW_FILE})",
            has_single_referral_route=True,
            referral_route=(
                "the councils signpost all referrals for support from adoptive families to the "
                "RAA; the draft adds that a referral pathway will be agreed"
            ),
            referral_route_citation=f"{_AW}, 1.3, Referrals and safeguarding",
            sets_assessment_deadline=False,
            assessment_citation=f"{_AW}, 1.3 and 2.4",
            has_review_cadence=False,
            review_cadence="reviews of adoption support plans are listed with no cadence",
            review_citation=f"{_AW}, 2.4",
            regular_contact=(
                "maintaining contact for adoptive families (if desired) after the adoption "
                "order, a planned improvement in the draft"
            ),
            regular_contact_citation=f"{_AW}, 2.4, Service provision and improvements",
            safeguarding_route=(
                "a safeguarding referral goes to the council, which makes any section 47 "
                "enquiry and allocates its own social worker where thresholds are met, "
                "notifying the RAA of any referral about an adopted child"
            ),
            safeguarding_citation=f"{_AW}, 1.3, Referrals and safeguarding",
            service_feedback=(
                "a range of methods to obtain feedback on the regional service from service "
                "users, councils and other stakeholders, within an annual review of quality"
            ),
            service_feedback_citation=f"{_AW}, 10.1 c",
        ),
        "leicestershire": RegionFacts(
            region="leicestershire",
            agency="Leicestershire County Council",
            source=f"{_LEI} ({_LEI_FILE})",
            has_review_cadence=True,
            review_cadence="every 6 months for the first three years after the adoption order",
            review_citation=f"{_LEI}, 7.5",
            regular_contact=(
                "contact every 6 months for the first three years after the adoption order, "
                "for adopters who live in Leicestershire and adopt a Leicestershire child"
            ),
            regular_contact_citation=f"{_LEI}, 7.5",
        ),
    }
)


def facts_for(region: str) -> RegionFacts:
    """The built-in facts of ``region``; :class:`UnknownRegionError` names the known ones."""
    try:
        return REGION_FACTS[region]
    except KeyError:
        known = ", ".join(sorted(REGION_FACTS))
        raise UnknownRegionError(
            f"no built-in audit facts for region {region!r} (known: {known})"
        ) from None


# --------------------------------------------------------------------------
# From facts to suggestions.


def _head(facts: RegionFacts, rating: Rating | None) -> str:
    what = f"suggested rating {rating.label!r}" if rating else "no rating suggested"
    return f"{PREFILL_MARK} from the {facts.region} rules ({what}; check it before you rely on it)."


def _suggest_8(facts: RegionFacts) -> Suggestion | None:
    route, deadline = facts.has_single_referral_route, facts.sets_assessment_deadline
    if route is None and deadline is None:
        return None
    parts: list[str] = []
    if route:
        parts.append(
            f"One referral route: {facts.referral_route} ({facts.referral_route_citation})."
        )
    elif route is False:
        parts.append(f"The rules show no single referral route ({facts.referral_route_citation}).")
    else:
        parts.append("The rules supplied say nothing about a single referral route.")
    if deadline:
        parts.append(
            f"An assessment timescale: {facts.assessment_period} ({facts.assessment_citation})."
        )
    elif deadline is False:
        parts.append(f"No assessment timescale is stated ({facts.assessment_citation}).")
    else:
        parts.append("The rules supplied say nothing about an assessment timescale.")
    if facts.representations_period and not deadline:
        parts.append(
            f"The period the rules do state, {facts.representations_period} for representations "
            f"on a proposed plan ({facts.representations_citation}), is not an assessment "
            "timescale."
        )
    rating: Rating | None
    if route and deadline:
        rating = Rating.MATCHES_EXEMPLAR
        parts.append(
            "The written procedure has both parts of element 8; in the survey only Coram Kent "
            "set an assessment timescale (an assessment offered within four weeks of the first "
            f"advice call; {TITLE}, section 8). The rules cannot show whether the process gives "
            "access to a range of services or whether the timescale is met in practice."
        )
    elif route or deadline:
        rating = Rating.PARTIALLY_PRESENT
        shown = "the single route" if route else "the timescale"
        parts.append(
            "Element 8 asks for one referral and assessment process and an identified "
            f"timescale ({TITLE}, section 8); the written procedure shows only {shown}."
        )
    else:
        rating = None
        parts.append("Rate this yourself.")
    return Suggestion("8", rating, " ".join([_head(facts, rating), *parts]))


def _suggest_5a(facts: RegionFacts) -> Suggestion | None:
    if facts.regular_contact is None:
        return None
    rating = Rating.PARTIALLY_PRESENT
    return Suggestion(
        "5a",
        rating,
        f"{_head(facts, rating)} The rules commit to {facts.regular_contact} "
        f"({facts.regular_contact_citation}). They cannot show the channels used, how often "
        "contact happens in practice, or whether it reaches every family throughout the "
        f"adoption journey ({TITLE}, section 5).",
    )


def _suggest_10a(facts: RegionFacts) -> Suggestion | None:
    if facts.safeguarding_route is None:
        return None
    rating = Rating.PARTIALLY_PRESENT
    return Suggestion(
        "10a",
        rating,
        f"{_head(facts, rating)} The rules set a route for safeguarding concerns: "
        f"{facts.safeguarding_route} ({facts.safeguarding_citation}). The exemplar is a "
        "safeguarding protocol agreed between the RAA and each council, with operational "
        f"groups ({TITLE}, section 10); the rules cannot show that one has been agreed.",
    )


def _suggest_16a(facts: RegionFacts) -> Suggestion | None:
    found: list[str] = []
    if facts.service_feedback is not None:
        found.append(f"{facts.service_feedback} ({facts.service_feedback_citation})")
    if facts.has_review_cadence:
        found.append(f"support plans reviewed {facts.review_cadence} ({facts.review_citation})")
    if not found:
        return None
    rating = Rating.PARTIALLY_PRESENT
    return Suggestion(
        "16a",
        rating,
        f"{_head(facts, rating)} The rules provide " + "; and ".join(found) + ". In the survey "
        "Family Futures gathers feedback through annual and end-of-treatment evaluations and "
        f"yearly or six-monthly case reviews ({TITLE}, section 16); the rules cannot show "
        "whether feedback on quality and effectiveness is gathered, recorded or used.",
    )


def suggest(facts: RegionFacts) -> tuple[Suggestion, ...]:
    """The suggestions ``facts`` support, in the audit tool's order (5a, 8, 10a, 16a)."""
    found = (_suggest_5a(facts), _suggest_8(facts), _suggest_10a(facts), _suggest_16a(facts))
    return tuple(s for s in found if s is not None)


_A = TypeVar("_A", Audit, AuditTemplate)


def prefill(audit_or_template: _A, facts: RegionFacts, *, overwrite: bool = False) -> _A:
    """Apply :func:`suggest` to an audit or a template; returns a new object.

    A suggestion fills a sub-element only while its rating is blank (not yet
    assessed), unless ``overwrite`` is true: a manager's rating always wins.
    The suggested rating goes in ``rating`` and the explanation, which starts
    with :data:`PREFILL_MARK` and names the rule, in ``prefilled_from``;
    ``actions`` and ``priority`` stay the manager's.  A template without an
    agency name gets the region's.
    """
    by_id = {s.sub_element: s for s in suggest(facts)}
    entries: list[AuditEntry] = []
    for entry in audit_or_template.entries:
        s = by_id.get(entry.sub_element)
        if s is None or (entry.rating is not None and not overwrite):
            entries.append(entry)
            continue
        entries.append(attrs.evolve(entry, rating=s.rating, prefilled_from=s.explanation))
    if isinstance(audit_or_template, AuditTemplate):
        return attrs.evolve(
            audit_or_template,
            entries=tuple(entries),
            agency=audit_or_template.agency or facts.agency,
            region=audit_or_template.region or facts.region,
        )
    return attrs.evolve(
        audit_or_template,
        entries=tuple(entries),
        region=audit_or_template.region or facts.region,
    )
