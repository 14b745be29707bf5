"""Pre-fill from a region's written rules: one table per region, each suggestion cited."""

from __future__ import annotations

import datetime as dt

import pytest

from adoption_rules.audit import (
    PREFILL_MARK,
    REGION_FACTS,
    SUB_ELEMENT_IDS,
    Audit,
    AuditEntry,
    InvalidAuditError,
    Rating,
    RegionFacts,
    UnknownRegionError,
    audit_to_csv,
    facts_for,
    new_template,
    parse_audit_csv,
    prefill,
    suggest,
)
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.sources import SEED_TITLES

P, M = Rating.PARTIALLY_PRESENT, Rating.MATCHES_EXEMPLAR
#: The policies by title: the audit cites them in words (rules catalogue R13).
T4C, AAH, AW, LEI, ASGLB = (
    SEED_TITLES[f]
    for f in (
        "000_1775740ee4c9f50c.txt",
        "001_5a198d102c392edc.txt",
        "003_9f7fae36d35d9718.txt",
        "004_9a30a8a3aa6820d9.txt",
        "002_2b773c64d6b34cd3.txt",
    )
)

# (region, {sub-element: (suggested rating, texts its explanation must cite)})
EXPECTED: dict[str, dict[str, tuple[Rating | None, tuple[str, ...]]]] = {
    "together4children": {
        "5a": (P, (f"{T4C}, 3.2",)),
        "8": (
            M,
            (
                "45 working days from the start of the initial visit",
                f"{T4C}, 8.4",
                f"{T4C}, 7.1-7.2",
                f"{ASGLB}, section 8",
            ),
        ),
        "10a": (P, (f"{T4C}, 7.5-7.6 and 12.5",)),
        "16a": (
            P,
            (
                "at least annually from the completion of the assessment of need",
                f"{T4C}, 10.1",
                f"{T4C}, 11.3",
            ),
        ),
    },
    "adoption_at_heart": {
        "8": (
            P,
            (
                f"No assessment timescale is stated ({AAH}, 5)",
                "10 working days for representations",
                f"{AAH}, 6",
                "is not an assessment timescale",
            ),
        ),
    },
    "adoption_west": {
        "5a": (P, (f"{AW}, 2.4",)),
        "8": (P, ("No assessment timescale is stated", "Referrals and safeguarding")),
        "10a": (
            P,
            ("section 47", f"{AW}, 1.3"),
        ),
        "16a": (P, (f"{AW}, 10.1 c",)),
    },
    "leicestershire": {
        "5a": (
            P,
            (
                "every 6 months for the first three years",
                f"{LEI}, 7.5",
            ),
        ),
        "16a": (
            P,
            (
                "every 6 months for the first three years after the adoption order",
                f"{LEI}, 7.5",
            ),
        ),
    },
}


def test_the_four_regions_of_the_catalogue_have_facts() -> None:
    assert sorted(REGION_FACTS) == sorted(EXPECTED)
    for name, facts in REGION_FACTS.items():
        assert facts.region == name
        assert facts.source.endswith(
            ("(000_1775740ee4c9f50c.txt)", "(001_5a198d102c392edc.txt)",
             "(003_9f7fae36d35d9718.txt)", "(004_9a30a8a3aa6820d9.txt)")
        )  # fmt: skip


@pytest.mark.parametrize("region", sorted(EXPECTED))
def test_suggestions_for_each_region(region: str) -> None:
    found = {s.sub_element: s for s in suggest(facts_for(region))}
    assert sorted(found, key=SUB_ELEMENT_IDS.index) == sorted(
        EXPECTED[region], key=SUB_ELEMENT_IDS.index
    )
    for ident, (rating, cited) in EXPECTED[region].items():
        s = found[ident]
        assert s.rating is rating, ident
        assert s.explanation.startswith(f"{PREFILL_MARK} from the {region} rules"), ident
        for text in cited:
            assert text in s.explanation, (ident, text)


@pytest.mark.parametrize("region", sorted(EXPECTED))
def test_prefilled_template_marks_each_row_and_leaves_the_rest_blank(region: str) -> None:
    template = prefill(new_template(), facts_for(region))
    assert template.agency == facts_for(region).agency
    assert template.region == region
    for entry in template.entries:
        if entry.sub_element in EXPECTED[region]:
            assert entry.rating is EXPECTED[region][entry.sub_element][0]
            assert entry.prefilled_from is not None
            assert entry.prefilled_from.startswith(PREFILL_MARK)
        else:
            assert entry == AuditEntry(entry.sub_element)
        assert entry.actions == ""
        assert entry.priority is None


def test_prefilled_rows_say_so_in_the_csv() -> None:
    text = audit_to_csv(prefill(new_template(), facts_for("together4children")))
    lines = [line for line in text.splitlines() if PREFILL_MARK in line]
    assert [line.split(",", 1)[0] for line in lines] == ["5a", "8", "10a", "16a"]
    assert "Matches exemplar services" in next(line for line in lines if line.startswith("8,"))


def test_prefill_never_overwrites_the_managers_rating() -> None:
    entries = tuple(
        AuditEntry(i, rating=Rating.NOT_PRESENT, actions="mine") if i == "8" else AuditEntry(i)
        for i in SUB_ELEMENT_IDS
    )
    audit = Audit(
        agency="Together4Children",
        completed_by="Service Manager",
        completed_on=dt.date(2026, 3, 1),
        entries=entries,
    )
    filled = prefill(audit, facts_for("together4children"))
    assert filled.entry("8") == AuditEntry("8", rating=Rating.NOT_PRESENT, actions="mine")
    assert filled.entry("5a").rating is P  # blank before: filled
    assert filled.region == "together4children"
    forced = prefill(audit, facts_for("together4children"), overwrite=True)
    assert forced.entry("8").rating is M
    assert forced.entry("8").actions == "mine"


def test_prefilled_template_round_trips_through_csv() -> None:
    template = prefill(new_template(), facts_for("adoption_at_heart"))
    text = audit_to_csv(template)
    text = text.replace("Completed by,", "Completed by,Service Manager").replace(
        "Completed on (YYYY-MM-DD),", "Completed on (YYYY-MM-DD),2026-01-31"
    )
    audit = parse_audit_csv(text, "aah.csv")
    assert audit.entry("8") == template.entry("8")
    assert audit.region == "adoption_at_heart"


def test_no_facts_no_suggestions() -> None:
    facts = RegionFacts(region="england", agency="Anywhere", source="none")
    assert suggest(facts) == ()
    template = new_template()
    assert prefill(template, facts).entries == template.entries


@pytest.mark.parametrize(
    ("route", "deadline", "rating"),
    [
        (True, True, M),
        (True, False, P),
        (True, None, P),
        (None, True, P),
        (False, True, P),
        (False, False, None),
        (None, False, None),
    ],
)
def test_element_8_rule_table(
    route: bool | None, deadline: bool | None, rating: Rating | None
) -> None:
    facts = RegionFacts(
        region="test",
        agency="Test RAA",
        source="test.txt",
        has_single_referral_route=route,
        referral_route="one duty team" if route else None,
        referral_route_citation="test.txt, 1" if route is not None else None,
        sets_assessment_deadline=deadline,
        assessment_period="20 working days" if deadline else None,
        assessment_citation="test.txt, 2" if deadline is not None else None,
    )
    (s,) = suggest(facts)
    assert s.sub_element == "8"
    assert s.rating is rating
    if rating is None:
        assert "no rating suggested" in s.explanation
        assert s.explanation.endswith("Rate this yourself.")


def test_no_facts_about_element_8_means_no_row_8() -> None:
    assert all(s.sub_element != "8" for s in suggest(facts_for("leicestershire")))


def test_a_fact_without_its_citation_is_refused() -> None:
    with pytest.raises(InvalidAuditError, match="assessment_citation must cite"):
        RegionFacts(region="x", agency="X", source="x", sets_assessment_deadline=False)
    with pytest.raises(InvalidAuditError, match="assessment_period is needed"):
        RegionFacts(
            region="x",
            agency="X",
            source="x",
            sets_assessment_deadline=True,
            assessment_citation="x, 1",
        )


def test_unknown_region() -> None:
    with pytest.raises(UnknownRegionError, match="known: adoption_at_heart, adoption_west"):
        facts_for("atlantis")
    assert issubclass(UnknownRegionError, AdoptionRulesError)


def test_prefill_keeps_an_existing_template_agency() -> None:
    template = prefill(new_template(agency="T4C North"), facts_for("together4children"))
    assert template.agency == "T4C North"
    assert template.region == "together4children"
    assert template.entry("8").rating is M
