"""The 17 service elements of the ASGLB exemplar audit tool, as data.

Source: seed ``002_2b773c64d6b34cd3.txt``, the Adoption and Special
Guardianship Leadership Board's *Key Elements of an Adoption Support Service:
a survey of exemplar adoption support services in England* (Mike Hall).  Its
"SUMMARY AND AUDIT TOOL" table lists 17 service elements, most with lettered
sub-elements (1a-17b); the body of the survey ("KEY ELEMENTS OF AN ADOPTION
SUPPORT SERVICE - EXEMPLAS") then gives one numbered section per element,
each with "Why is this needed?" and the exemplar approaches found.

* ``wording`` is copied exactly from the audit tool table, typography included
  (curly apostrophes, the missing apostrophe in "Parents emotional
  well-being", the "(see also section 1)" in 16b).
* ``section`` names the survey section the (sub-)element belongs to, headed as
  in the body of the survey (trailing colons and dots trimmed).
* ``why_needed`` and ``exemplar`` are short summaries of that section's
  "Why is this needed?" and "Exemplar Approaches" (elements 1 and 2 call it
  "Examples of approaches currently being taken", element 3 "Exemplar
  Approach"), written for this library; they paraphrase the seed and add
  nothing to it.  ``citation`` says where to read the full text.

Irregularities in the seed's numbering, followed here rather than "fixed":

* Element 8 has no lettered sub-elements: the element itself is the rated
  row, so its one sub-element has the id ``"8"``.  That makes 49 rated rows.
* The printed labels are irregular: "7a.", "7b.", "9a.", "9c.", "9d.",
  "10a.", "10b..", "15b." carry stray full stops and "16" lacks the one the
  other element rows have.  ``seed_label`` keeps the label as printed; ``id``
  is the normalised form ("10b") used everywhere else.
* Sub-elements 9a-9d are sections of their own in the body of the survey,
  each with its own "Why is this needed?" and exemplar approaches; the other
  sub-elements are bullet points of their element's section.
* The audit tool's wording sometimes differs from the body's heading for the
  same element: element 4 is a "delivery model" in the tool, a "service
  delivery model" in the body; element 11 is "Commissioning and procurement
  activity" in the tool and "The agency commissions and procures services" in
  the body, whose list also has a fifth point ("Regularly reviewing outcomes
  and adjusting activity accordingly") that is not a row of the tool and is
  therefore not a sub-element here; 2c and 2d read "Children’s mental health
  and emotional well-being" and "Parents emotional well-being" in the tool but
  "Children and Young People’s Mental Health Services" and "Adult emotional
  and mental health services" in the body.  The tool's wording is the one
  rated, so it is the one kept.
* The tool's column headings spell the top two ratings "Matches Exempla
  services" and "Exceeds Exempla Services"; see :mod:`adoption_rules.audit.model`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

import attrs

from adoption_rules.core.sources import SEED_TITLES

__all__ = [
    "AUDIT_TOOL_CITATION",
    "ELEMENTS",
    "SEED",
    "SUB_ELEMENTS",
    "SUB_ELEMENT_IDS",
    "Element",
    "SubElement",
    "element_of",
    "sub_element",
]

#: The seed file every citation in this module refers to.
SEED: Final = "002_2b773c64d6b34cd3.txt"

#: Where the audit tool itself (the wording of every row) is printed.
#: The survey's title: citations name it, not its file (rules catalogue R13).
TITLE: Final = SEED_TITLES[SEED]

AUDIT_TOOL_CITATION: Final = f"{TITLE}, Summary and audit tool"


@attrs.frozen
class SubElement:
    """One rated row of the audit tool, for example 1a or 8.

    ``why_needed``, ``exemplar`` and ``citation`` are set only where the
    survey gives the sub-element a section of its own (9a-9d); otherwise read
    them from the element (:func:`element_of`).
    """

    id: str
    element: int
    wording: str
    seed_label: str
    section: str
    why_needed: str | None = None
    exemplar: str | None = None
    citation: str | None = None


@attrs.frozen
class Element:
    """One of the 17 service elements, with its sub-elements in the seed's order."""

    number: int
    wording: str
    section: str
    why_needed: str
    exemplar: str
    citation: str
    sub_elements: tuple[SubElement, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids of the rated rows of this element (``("8",)`` for element 8)."""
        return tuple(s.id for s in self.sub_elements)


def _subs(number: int, section: str, rows: tuple[tuple[str, str], ...]) -> tuple[SubElement, ...]:
    out = []
    for label, wording in rows:
        ident = label.rstrip(".")
        out.append(
            SubElement(id=ident, element=number, wording=wording, seed_label=label, section=section)
        )
    return tuple(out)


def _section(number: str, heading: str) -> str:
    return f"{number}. {heading}"


_S1 = _section(
    "1", "An outcomes-based vision for adoption support services with measurable aims/goals"
)
_S2 = _section(
    "2", "A methodology for quantifying the potential need for adoption support services across"
)
_S3 = _section(
    "3", "A Multi-Agency Governance body for adoption support services with representation from"
)
_S4 = _section("4", "A multi-agency, multi-professional service delivery model which incorporates")
_S5 = _section("5", "Provision of information which includes")
_S6 = _section("6", "Adopter Engagement including")
_S7 = _section("7", "Communication with children and young people")
_S8 = _section(
    "8",
    "One initial referral and assessment process provides access to a range of services "
    "within an identified timescale",
)
_S9 = _section(
    "9",
    "Adoption Support Services are structured and co-ordinated to meet different levels of need",
)
_S9A = _section(
    "9a",
    "Universal Services – enabling adopters to get advice and be signposted to other sources "
    "of information and support",
)
_S9B = _section("9b", "Peer to Peer Support")
_S9C = _section("9c", "Targeted Services - provide help when universal services are not enough")
_S9D = _section(
    "9d",
    "Specialist services - provide more help via a smooth and speedy application for ASF "
    "funding, when required",
)
_S10 = _section("10", "Appropriate response to situations of possible risk")
_S11 = _section("11", "The agency commissions and procures services")
_S12 = _section("12", "Birth family relationships are promoted")
_S13 = _section("13", "Support to Birth Parents")
_S14 = _section("14", "Adopted Adults")
_S15 = _section("15", "A Workforce Development Plan")
_S16 = _section("16", "Monitoring and Evaluation")
_S17 = _section(
    "17",
    "The agency promotes improvements to the wider looked after and adoption system based on "
    "learning generated by adoption support work",
)


def _c(section: str) -> str:
    """Citation of a numbered section of the survey body."""
    return f"{TITLE}, section {section}"


ELEMENTS: Final[tuple[Element, ...]] = (
    Element(
        number=1,
        wording=(
            "An outcomes-based vision for adoption support services with measurable "
            "aims/goals which include:"
        ),
        section=_S1,
        why_needed=(
            "A vision statement with measurable goals keeps services focused on outcomes "
            "rather than activity, engages services beyond the adoption support team "
            "(education support, schools, health), underpins the measurement and evaluation "
            "of impact, lets improvements happen in a managed way, and is a powerful message "
            "to staff, adoptive families and providers."
        ),
        exemplar=(
            "RAA leaders have started to articulate a collective vision for holistic support "
            "(Owers 2019). Adoption Counts has an outcomes statement (children's emotional "
            "health and education, adopters supported, confident staff, services improved on "
            "evidence and feedback), each point elaborated in measurable objectives; OAWY sets "
            "out high-level outcomes and its Centre of Excellence aims; Coram Kent's stated "
            "purpose echoes them. These were the only outcome-based, measurable vision "
            "statements in the survey; outcome statements for adopted adults and birth "
            "parents are a particular gap."
        ),
        citation=_c("1"),
        sub_elements=_subs(
            1,
            _S1,
            (
                ("1a", "The well-being of adoptive families"),
                ("1b", "Children’s mental health and emotional well-being"),
                ("1c", "Adopters’ and children’s experience of education"),
                ("1d", "The well-being of adopted adults"),
                ("1e", "The needs of birth parents and families"),
            ),
        ),
    ),
    Element(
        number=2,
        wording=(
            "A methodology for quantifying the potential need for adoption support services across:"
        ),
        section=_S2,
        why_needed=(
            "Understanding the number of adopted children and families, and the nature and "
            "level of their need, is fundamental to service development, resource planning "
            "and co-ordination."
        ),
        exemplar=(
            "Two agencies (both Centres of Excellence) had surveyed the needs of their adopter "
            "population, and OAWY drew on the UEA Yorkshire and Humber study; After Adoption "
            "cross-referenced when families ask for services with the level of service needed "
            "to predict demand; Adoption Plus assumes every family needs a core therapeutic "
            "offer; OAWY asked CAMHS to record which children are adopted. No agency had "
            "projected the need for adoption support in its area; the survey suggests "
            "projections from open cases, known adoptive families, children placed in earlier "
            "years and adopted children who are looked after or on the edge of care."
        ),
        citation=_c("2"),
        sub_elements=_subs(
            2,
            _S2,
            (
                ("2a", "Social care"),
                ("2b", "Education"),
                ("2c", "Children’s mental health and emotional well-being"),
                ("2d", "Parents emotional well-being"),
            ),
        ),
    ),
    Element(
        number=3,
        wording=(
            "A multi-agency governance body for adoption support services with representation from:"
        ),
        section=_S3,
        why_needed=(
            "An adoption support 'partnership' is more likely to engage agencies at a "
            "strategic level to co-ordinate and develop services, develop staff, join up "
            "systems and processes, and jointly commission from third sector providers."
        ),
        exemplar=(
            "Adoption Counts set up an Adoption Support Partnership and an Adoption Support "
            "Sub Board with adopter, health, education, virtual school and social care "
            "representatives: it works at practitioner level and has held meetings on "
            "education and children's mental health, but has not gained ownership at "
            "governance level in the key agencies. OAWY is trying similar arrangements and has "
            "engaged health commissioners from the region's Clinical Commissioning Groups."
        ),
        citation=_c("3"),
        sub_elements=_subs(
            3,
            _S3,
            (("3a", "Health services"), ("3b", "Education services"), ("3c", "Adopters")),
        ),
    ),
    Element(
        number=4,
        wording="A multi-agency, multi-professional delivery model which incorporates:",
        section=_S4,
        why_needed=(
            "Adoptive families often need help from professionals employed and managed by "
            "different agencies: council safeguarding, edge-of-care and looked after services; "
            "CAMHS and health trusts; education support services and virtual schools; schools; "
            "therapeutic providers; voluntary agencies and the third sector."
        ),
        exemplar=(
            "Adoption Counts commissioned an Adoption Psychology Service (educational and "
            "clinical psychologists and a child psychiatrist working with the social work team "
            "through one front door and a common assessment); Families for Children offers "
            "multi-disciplinary assessments; Birmingham CT employs clinical psychologists "
            "directly; Oxfordshire's ATTACH team, Kent County Council with Coram, and East "
            "Sussex's AdCAMHS run integrated services; OAWY has an agreement with its virtual "
            "school heads and an occupational therapist training staff and schools in the BUSS "
            "model; AdoptionUK and Hertfordshire pilot an education advice service."
        ),
        citation=_c("4"),
        sub_elements=_subs(
            4,
            _S4,
            (
                ("4a", "Child and Adolescent Mental Health Services"),
                ("4b", "Education support services"),
            ),
        ),
    ),
    Element(
        number=5,
        wording="Provision of information which includes:",
        section=_S5,
        why_needed=(
            "Keeping in contact with adopters after the adoption order is key to preventing "
            "later family stress and makes it more likely that families will feel able to seek "
            "help sooner."
        ),
        exemplar=(
            "Agencies use mostly digital channels (e-mailed newsletters, e-mails about events, "
            "Twitter). All have websites, with widely differing adoption support content; the "
            "more developed include the Centre for Adoption Support (Adoption Matters), "
            "Adoption Counts and PACT; others use an adoption 'passport' or guide (PACT, "
            "Birmingham CT), and PAC-UK and Adoption UK publish guides for working with "
            "schools. Information for adopted adults and birth families is much harder to find "
            "and less detailed."
        ),
        citation=_c("5"),
        sub_elements=_subs(
            5,
            _S5,
            (
                ("5a", "Regular communication with adopters throughout their adoption journey"),
                ("5b", "Information about adoption support services for adopters"),
                ("5c", "Information about adoption support services for birth parents"),
                ("5d", "Information about adoption support services for adopted adults"),
            ),
        ),
    ),
    Element(
        number=6,
        wording="Adopter Engagement including:",
        section=_S6,
        why_needed=(
            "Understanding adopters' lived experience is crucial to developing and delivering "
            "the most appropriate services, evaluating their quality and planning improvements."
        ),
        exemplar=(
            "Engagement at several levels: feedback after training, adopters helping to run "
            "information events and preparation groups, consultation events, regular service "
            "user groups, adopters on recruitment panels for staff, regular adopter surveys, "
            "adopters on governance boards and working groups. OAWY and Adoption Counts "
            "engaged AdoptionUK to run an Adopter Voice service across their regions "
            "(champions, forums, an Adopter Advisory Board reporting to the RAA)."
        ),
        citation=_c("6"),
        sub_elements=_subs(
            6,
            _S6,
            (
                ("6a", "The opportunity to influence service development"),
                (
                    "6b",
                    "The opportunity to regularly provide feedback on existing services and "
                    "family needs",
                ),
            ),
        ),
    ),
    Element(
        number=7,
        wording="Communication with Children and young people",
        section=_S7,
        why_needed=(
            "Children need to understand what services are available to them and be able to "
            "influence how they develop."
        ),
        exemplar=(
            "PACT has guides to adoption support for younger and older children and After "
            "Adoption one for young people seeking information about their adoption; OAWY "
            "consults young people through Adopteens and its Youth Council; TAG (Together for "
            "Adoption), Body and Soul, Family Futures' Young People's Forum (two young people "
            "sit on its adoption panel) and Coram's Adoptables bring adopted young people "
            "together. Most services do not produce the children's guide NMS 18.6 requires."
        ),
        citation=_c("7"),
        sub_elements=_subs(
            7,
            _S7,
            (
                (
                    "7a.",
                    "Information is available for children and young people describing the "
                    "services available in appropriate language",
                ),
                (
                    "7b.",
                    "The views of children and young people influence the development of services",
                ),
            ),
        ),
    ),
    Element(
        number=8,
        wording=(
            "One initial referral and assessment process provides access to a range of "
            "services within an identified timescale"
        ),
        section=_S8,
        why_needed=(
            "A clear referral and assessment process is the foundation of a prompt response "
            "and of access to a range of services (including those the ASF funds); a clear "
            "pathway shows adopters how access is agreed; clear timescales for assessments "
            "and services are key performance measures and important information for service "
            "users; sharing information means adopters repeat their story fewer times."
        ),
        exemplar=(
            "Coram Kent aims to offer a Support & Advice line call within 48-72 hours of the "
            "first request and an assessment within four weeks of that call, and was the only "
            "service to refer to timescales or performance measures for assessments. Adoption "
            "Counts set up a dedicated duty team to triage referrals (PACT triages without a "
            "dedicated team) and 'surgery appointments'; OAWY links its assessment and "
            "planning to a common set of practice approaches."
        ),
        citation=_c("8"),
        # Element 8 has no lettered rows in the audit tool: the element is the rated row.
        sub_elements=_subs(
            8,
            _S8,
            (
                (
                    "8.",
                    "One initial referral and assessment process provides access to a range "
                    "of services within an identified timescale",
                ),
            ),
        ),
    ),
    Element(
        number=9,
        wording=(
            "Adoption Support Services are structured and co-ordinated to meet different "
            "levels of need, including:"
        ),
        section=_S9,
        why_needed=(
            "A graduated approach ensures a range of services for different needs, defined by "
            "eligibility criteria rather than one size fits all; it allows some adopter choice "
            "and uses resources efficiently, keeping the most expensive provision for the "
            "highest needs."
        ),
        exemplar=(
            "Agencies structure services in remarkably similar ways, in at least three "
            "levels: universal or open access (no assessment), targeted (usually after an "
            "assessment) and specialist (often external therapists funded by the ASF); a "
            "fourth, risk-based services, is generally provided by mainstream services (see "
            "section 10). Some align services around one therapeutic model (Coram Kent, "
            "AdCAMHS); Adoption Counts aligns its levels with the CAMHS i-Thrive model."
        ),
        citation=_c("9"),
        sub_elements=(
            SubElement(
                id="9a",
                element=9,
                wording=(
                    "Universal Services which enable adopters to get advice and be signposted "
                    "to other sources of information and support"
                ),
                seed_label="9a.",
                section=_S9A,
                why_needed=(
                    "Some support should be available from placement so that adopters are not "
                    "left alone until a crisis; easy-to-access universal services build trust "
                    "and communication, which encourages an earlier request for help."
                ),
                exemplar=(
                    "Commonly available to all adopters: a duty line, letterbox, support and "
                    "stay-and-play groups, adopter-led clubs, children's and teenagers' groups, "
                    "activity days, workshops, Pupil Premium Plus consultation; some services "
                    "run drop-in consultations with a social worker at short notice and no "
                    "prior assessment; online forums and hubs (AdoptionUK, PACT's Adopter Hub)."
                ),
                citation=_c("9a"),
            ),
            SubElement(
                id="9b",
                element=9,
                wording="Peer to peer support",
                seed_label="9b",
                section=_S9B,
                why_needed=(
                    "Peer support gives adopters non-judgemental help informed by personal "
                    "experience and can prevent the need for more intensive services later."
                ),
                exemplar=(
                    "Few well-developed examples, especially in the statutory sector: OAWY's "
                    "Cornerstone mentoring delivered by adopters for adopters, Coram Kent's "
                    "seven adopter-led support groups, ATV's Mockingbird Adopter Hub Group, the "
                    "AdoptionUK and PAC-UK Parent Consultant Service, and buddying schemes at "
                    "the Centre for Adoption Support and PACT."
                ),
                citation=_c("9b"),
            ),
            SubElement(
                id="9c",
                element=9,
                wording="Targeted Services - provide help when universal services are not enough",
                seed_label="9c.",
                section=_S9C,
                why_needed=(
                    "Some families will need more than universal services to prevent a crisis "
                    "or a breakdown."
                ),
                exemplar=(
                    "Available after an assessment or when universal services are not enough, "
                    "delivered in-house or block-purchased from the third sector with ASF "
                    "funding: therapeutic parenting programmes (for example Nurturing "
                    "Attachments, Foundations for Attachment, AdOpt, NVR, group Theraplay), "
                    "life story work, inter-agency liaison, direct therapeutic work by trained "
                    "social workers, social communication groups, short breaks (PALS) and "
                    "therapeutic social work for adopted teenagers (Adoption Plus)."
                ),
                citation=_c("9c"),
            ),
            SubElement(
                id="9d",
                element=9,
                wording=(
                    "Specialist services - provide more help via a smooth and speedy "
                    "application for ASF funding, when required"
                ),
                seed_label="9d.",
                section=_S9D,
                why_needed=(
                    "The early, often traumatic, life events adopted children have lived "
                    "through may call for specialist therapeutic services tailored to each "
                    "child and family."
                ),
                exemplar=(
                    "Mostly procured from specialist third-sector providers and funded by the "
                    "ASF: clinical psychology assessment and therapy, sensory integration, "
                    "Theraplay, creative therapies, DDP, filial therapy, psychotherapy, DBT, "
                    "EMDR, NVR, therapeutic life story work, music and drama therapy, CBT and "
                    "Family Futures' Neuro-Physiological Psychotherapy."
                ),
                citation=_c("9d"),
            ),
        ),
    ),
    Element(
        number=10,
        wording="Appropriate response to situations of possible risk.",
        section=_S10,
        why_needed=(
            "Where there are safeguarding or edge-of-care issues the response must be "
            "co-ordinated and sensitive to the family's wider needs; risk-based services should "
            "work closely with adoption services; RAAs working across several councils need "
            "clear protocols; and it must not be assumed that adopted children are safe."
        ),
        exemplar=(
            "Adoption Counts, OAWY and most RAAs have Operational Groups with service-manager "
            "representatives of each council and the RAA, a strong line to looked after, "
            "fostering, edge-of-care and safeguarding services; agreements in line with local "
            "safeguarding procedures set who is accountable when one agency's professionals "
            "advise another's staff. Adoption Counts and OAWY are agreeing a safeguarding "
            "protocol with each council; no agency could yet produce a final version."
        ),
        citation=_c("10"),
        sub_elements=_subs(
            10,
            _S10,
            (
                (
                    "10a.",
                    "The agency works collaboratively with local authorities and other agencies "
                    "to agreed protocols",
                ),
                (
                    "10b..",
                    "Children are protected whilst others affected by the situation, or any "
                    "allegations, receive support",
                ),
            ),
        ),
    ),
    Element(
        number=11,
        wording="Commissioning and procurement activity:",
        section=_S11,
        why_needed=(
            "The ASF has brought unprecedented commissioning and procurement activity, and "
            "adoption services often have little commissioning experience, so ASF-funded "
            "services have been commissioned ad hoc, without due process or evaluation of "
            "delivery and outcomes."
        ),
        exemplar=(
            "Yorkshire and Humber, Birmingham CT and Adoption Counts commission through a "
            "structured, formal procurement process: a formalised assessment, a framework with "
            "standard application and vetting, mini competitions, therapy tailored to the "
            "family, and the ASF application; the three Yorkshire and Humber RAAs share one "
            "framework. Birmingham CT's psychologist quality-assures external services; "
            "Adoption Counts has a monthly Multi-Agency Resource Panel and a commissioning and "
            "procurement group that reviews the framework for gaps."
        ),
        citation=_c("11"),
        sub_elements=_subs(
            11,
            _S11,
            (
                ("11a", "Uses the commissioning cycle to drive the commissioning process"),
                (
                    "11b",
                    "Develops a market which is large enough to provide a wide range of "
                    "specialist services",
                ),
                ("11c", "Is based on the identified needs of adoptive families"),
                (
                    "11d",
                    "Is undertaken with key partners and stakeholders who are aware of the ASF "
                    "and how it can be accessed",
                ),
            ),
        ),
    ),
    Element(
        number=12,
        wording="Birth Family Relationships are promoted",
        section=_S12,
        why_needed=(
            "Indirect contact with birth parents features in many support plans and is often "
            "valued by adopted children in adolescence, but how well it works depends on how "
            "it is set up and supported; many adopted children lose contact with significant "
            "birth family members."
        ),
        exemplar=(
            "All councils and RAAs run a letterbox service; Adoption Counts sets out what it "
            "rests on (preparing adopters, recording contact needs in the PAR and CPR, "
            "information sheets, building trust with birth parents and helping them write and "
            "read letters) and is moving to expect a one-off meeting between adopters and "
            "birth families unless there is good reason not to. AdoptionPlus offers "
            "therapeutic support to birth relatives and North Lincolnshire the Holding On "
            "programme."
        ),
        citation=_c("12"),
        sub_elements=_subs(
            12,
            _S12,
            (
                (
                    "12a",
                    "Adopters are expected and encouraged to have at least a one-off meeting "
                    "with birth parents, if at all possible",
                ),
                (
                    "12b",
                    "Birth parents have the opportunity to meet adopters and maintain indirect "
                    "contact with them, in the interests of children",
                ),
                (
                    "12c",
                    "Siblings are able to maintain contact with each other if it is in their "
                    "interest",
                ),
                (
                    "12d",
                    "The agency actively supports and reviews contact arrangements with "
                    "adopters and birth families",
                ),
            ),
        ),
    ),
    Element(
        number=13,
        wording="Support to Birth Parents",
        section=_S13,
        why_needed=(
            "Birth parents' views and experience are the most neglected part of the adoption "
            "triangle; engaging birth families can help future contact, reduce repeat "
            "removals of later children, benefit the parents and reduce their need for "
            "services, and supports placement stability in an era of social media."
        ),
        exemplar=(
            "Surveyed agencies had at best basic website information for birth parents; "
            "standard services are the duty helpline and independent birth parent support "
            "commissioned from the third sector. ATV and Adoption Counts run birth parent "
            "groups and link to services that work to prevent the removal of later children "
            "(for example PACT's Alana House); Pause is used by a number of councils; Adoption "
            "Plus runs a Birth Fathers' Counselling Service."
        ),
        citation=_c("13"),
        sub_elements=_subs(
            13,
            _S13,
            (
                ("13a", "Birth parents are encouraged to access an independent support service"),
                (
                    "13b",
                    "Birth parents are given the opportunity to access services which will "
                    "support them to care for any future children they may have",
                ),
                (
                    "13c",
                    "Birth parents are consulted about the quality of the services they receive",
                ),
            ),
        ),
    ),
    Element(
        number=14,
        wording="Adopted Adults",
        section=_S14,
        why_needed=(
            "Research shows how important it is for adopted adults' well-being to have access "
            "to information and answers about their identity and history (Howe and Feast 2000)."
        ),
        exemplar=(
            "Oxfordshire (now part of ATV) credits its service to an experienced specialist "
            "worker; all surveyed agencies support adopted people seeking access to birth "
            "records (about a third of Adoption Counts' referrals). The voluntary sector gives "
            "more and better information (PAC-UK, support groups at the Centre for Adoption "
            "Support, After Adoption's leaflets) and offers intermediary services, which none "
            "of the statutory agencies surveyed offered."
        ),
        citation=_c("14"),
        sub_elements=_subs(
            14,
            _S14,
            (
                ("14a", "Can access records about their adoption"),
                (
                    "14b",
                    "Are supported to make contact with birth relatives if both wish this to "
                    "happen",
                ),
            ),
        ),
    ),
    Element(
        number=15,
        wording="A Workforce Development Plan:",
        section=_S15,
        why_needed=(
            "Adoption support, and the amount of information now available to adopters, need "
            "a well-trained workforce in touch with developing practice in child development, "
            "evidence-based therapeutic interventions and education."
        ),
        exemplar=(
            "Two agencies had a workforce development plan and others a skills audit, but only "
            "one had a delivery programme. Agencies use adoption-informed psychologists for "
            "consultation and training and train staff to deliver programmes such as "
            "Theraplay, Nurturing Attachments and AdOpt; Adoption Counts gives therapeutic "
            "social workers clinical supervision; AdoptionPlus runs a seven-day course over 8 "
            "months for council social workers without therapy qualifications."
        ),
        citation=_c("15"),
        sub_elements=_subs(
            15,
            _S15,
            (
                ("15a", "Identifies skills gaps in the agency workforce"),
                ("15b.", "Identifies skills gaps in the third sector"),
                ("15c", "Identifies actions to close these gaps"),
            ),
        ),
    ),
    Element(
        number=16,
        wording="Monitoring and Evaluation",
        section=_S16,
        why_needed=(
            "Every service benefits from monitoring and evaluation against its outcomes, which "
            "show where change is needed; and the learning should be used to improve the wider "
            "adoption and looked after system (section 17)."
        ),
        exemplar=(
            "Family Futures runs annual and end-of-treatment evaluations, reviews cases yearly "
            "or six-monthly and repeats psychometric measures; OAWY's Practice Improvement "
            "Framework combines service users' views, performance data, practice wisdom and "
            "audits around 'How much did we do? How well did we do it? Is anyone any better "
            "off?'; Adoption Counts has a Quality Improvement Framework and an outcomes "
            "monitoring framework; the Centres of Excellence use goal-based outcomes, with two "
            "common goals on the stability of the family and of the school placement."
        ),
        citation=_c("16"),
        # Printed as "16" in the audit tool, without the full stop the other elements have.
        sub_elements=_subs(
            16,
            _S16,
            (
                (
                    "16a",
                    "The agency gathers feedback on the quality and effectiveness of services",
                ),
                (
                    "16b",
                    "The agency monitors outcomes for adopted children and families which "
                    "result from receiving social, health and education services (see also "
                    "section 1)",
                ),
            ),
        ),
    ),
    Element(
        number=17,
        wording=(
            "The agency promotes improvements to the wider looked after and adoption system "
            "based on learning from adoption support work."
        ),
        section=_S17,
        why_needed=(
            "Adoption support learning is a chance to evaluate and improve the wider adoption "
            "and looked after system, on which successful adoption depends (life story work, "
            "preparation before placement, support to foster carers in transition, good Child "
            "Permanence Reports); done well, these may reduce or even remove the need for "
            "later therapeutic support."
        ),
        exemplar=(
            "Adoption Counts ran training and information on birth family relationships for "
            "the RAA and its partner councils, and uses its Multi-Agency Resource Panel to "
            "trace its most complex cases back through matching and the adopters' assessment, "
            "feeding what it finds (sibling trauma bonds, overlooked support networks, missed "
            "early signs of disruption) back to recruitment, assessment and family finding. No "
            "agency in the survey could supply a Theory of Change."
        ),
        citation=_c("17"),
        sub_elements=_subs(
            17,
            _S17,
            (
                (
                    "17a",
                    "The agency/partnership has a Theory of Change which incorporates learning "
                    "from adoption support work",
                ),
                (
                    "17b",
                    "The agency works with key partners to improve services to adopters and "
                    "adopted children",
                ),
            ),
        ),
    ),
)

#: Every rated row, in the seed's order (1a ... 8 ... 17b).
SUB_ELEMENTS: Final[tuple[SubElement, ...]] = tuple(
    s for element in ELEMENTS for s in element.sub_elements
)

#: The ids of :data:`SUB_ELEMENTS`, in order.
SUB_ELEMENT_IDS: Final[tuple[str, ...]] = tuple(s.id for s in SUB_ELEMENTS)

_BY_ID: Final[Mapping[str, SubElement]] = MappingProxyType({s.id: s for s in SUB_ELEMENTS})
_ELEMENT_BY_NUMBER: Final[Mapping[int, Element]] = MappingProxyType({e.number: e for e in ELEMENTS})


def sub_element(ident: str) -> SubElement:
    """The sub-element with id ``ident`` ("1a", "8", "10b"); ``KeyError`` if there is none."""
    return _BY_ID[ident]


def element_of(ident: str | int) -> Element:
    """The element a sub-element id belongs to, or the element with that number."""
    if isinstance(ident, int):
        return _ELEMENT_BY_NUMBER[ident]
    return _ELEMENT_BY_NUMBER[_BY_ID[ident].element]
