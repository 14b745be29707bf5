"""Ratings, entries, audits and templates: parsing and invariants."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

from adoption_rules.audit import (
    SUB_ELEMENT_IDS,
    Audit,
    AuditEntry,
    AuditTemplate,
    InvalidAuditError,
    Rating,
    blank_entries,
    new_template,
)
from adoption_rules.core.errors import AdoptionRulesError


def _audit(**changes: Any) -> Audit:
    base = Audit(
        agency="Example RAA",
        completed_by="Service Manager",
        completed_on=dt.date(2026, 4, 1),
        entries=blank_entries(),
    )
    return attrs.evolve(base, **changes)


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("Not present", Rating.NOT_PRESENT),
        ("not_present", Rating.NOT_PRESENT),
        ("NOT PRESENT", Rating.NOT_PRESENT),
        ("Partially present", Rating.PARTIALLY_PRESENT),
        ("Partially Present", Rating.PARTIALLY_PRESENT),
        ("  partially-present ", Rating.PARTIALLY_PRESENT),
        ("Matches exemplar services", Rating.MATCHES_EXEMPLAR),
        ("matches exemplar", Rating.MATCHES_EXEMPLAR),
        ("Matches Exempla services", Rating.MATCHES_EXEMPLAR),  # the seed's own spelling
        ("matches the exemplar services", Rating.MATCHES_EXEMPLAR),
        ("exceeds_exemplar", Rating.EXCEEDS_EXEMPLAR),
        ("Exceeds Exempla Services", Rating.EXCEEDS_EXEMPLAR),
        ("", None),
        ("   ", None),
    ],
)
def test_rating_parse_accepts_values_labels_and_seed_headings(
    text: str, rating: Rating | None
) -> None:
    assert Rating.parse(text) is rating


@pytest.mark.parametrize(
    "text", ["Partly", "present", "yes", "2", "matches exemplar services x", "services", "the"]
)
def test_rating_parse_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="is not a rating"):
        Rating.parse(text)


def test_rating_scores_and_labels() -> None:
    assert [r.score for r in Rating] == [0, 1, 2, 3]
    assert [r.label for r in Rating] == [
        "Not present",
        "Partially present",
        "Matches exemplar services",
        "Exceeds exemplar services",
    ]
    for r in Rating:
        assert Rating.parse(r.label) is r
        assert Rating.parse(r.value) is r


@pytest.mark.parametrize("priority", [0, 5, -1, True, 2.0, "3"])
def test_entry_priority_must_be_an_integer_from_1_to_4(priority: object) -> None:
    with pytest.raises(InvalidAuditError, match="priority"):
        AuditEntry("1a", priority=priority)  # type: ignore[arg-type]


@pytest.mark.parametrize("priority", [1, 2, 3, 4, None])
def test_entry_priority_in_range(priority: int | None) -> None:
    assert AuditEntry("1a", priority=priority).priority == priority


@pytest.mark.parametrize("ident", ["1f", "8a", "18a", "", "1A"])
def test_entry_sub_element_must_be_known(ident: str) -> None:
    with pytest.raises(InvalidAuditError, match="not a sub-element"):
        AuditEntry(ident)


def test_entry_rating_must_be_a_rating() -> None:
    with pytest.raises(InvalidAuditError, match="rating"):
        AuditEntry("1a", rating="not_present")  # type: ignore[arg-type]


def test_audit_needs_every_sub_element_exactly_once() -> None:
    entries = blank_entries()
    with pytest.raises(InvalidAuditError, match="missing: 17b"):
        _audit(entries=entries[:-1])
    with pytest.raises(InvalidAuditError, match="duplicated: 1a"):
        _audit(entries=(*entries, AuditEntry("1a")))
    # any order is accepted; the seed's order is available
    audit = _audit(entries=tuple(reversed(entries)))
    assert [e.sub_element for e in audit.in_seed_order()] == list(SUB_ELEMENT_IDS)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("agency", ""),
        ("agency", "   "),
        ("completed_by", ""),
        ("completed_on", "2026-04-01"),
        ("completed_on", dt.datetime(2026, 4, 1, 9, 0)),
        ("region", ""),
    ],
)
def test_audit_metadata_invariants(field: str, value: object) -> None:
    with pytest.raises(InvalidAuditError, match=field):
        _audit(**{field: value})


def test_errors_belong_to_the_library_family() -> None:
    with pytest.raises(AdoptionRulesError):
        AuditEntry("zz")
    assert issubclass(InvalidAuditError, ValueError)


def test_completed_by_is_kept_out_of_repr() -> None:
    audit = _audit(completed_by="A. Person")
    assert "A. Person" not in repr(audit)
    assert "Example RAA" in repr(audit)


def test_entry_lookup_and_not_yet_assessed() -> None:
    entries = tuple(
        AuditEntry(i, rating=Rating.MATCHES_EXEMPLAR) if i not in ("3b", "9d") else AuditEntry(i)
        for i in SUB_ELEMENT_IDS
    )
    audit = _audit(entries=entries)
    assert audit.entry("1a").rating is Rating.MATCHES_EXEMPLAR
    assert audit.not_yet_assessed() == ("3b", "9d")
    with pytest.raises(KeyError):
        audit.entry("3d")


def test_new_template_is_blank() -> None:
    template = new_template(agency="Example RAA")
    assert isinstance(template, AuditTemplate)
    assert template.agency == "Example RAA"
    assert template.region is None
    assert len(template.entries) == 49
    assert template.not_yet_assessed() == SUB_ELEMENT_IDS
    assert all(e.actions == "" and e.priority is None for e in template.entries)
