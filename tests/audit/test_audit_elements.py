"""The audit tool's elements as data, checked against seed 002 where it is available."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from adoption_rules.audit import (
    AUDIT_TOOL_CITATION,
    ELEMENTS,
    SUB_ELEMENT_IDS,
    SUB_ELEMENTS,
    element_of,
    sub_element,
)
from adoption_rules.audit.elements import SEED, TITLE


def _seed_path() -> Path | None:
    candidates = [
        os.environ.get("ADOPTION_RULES_SEEDS", ""),
        str(Path(__file__).resolve().parents[3] / "shared" / "seeds"),
        "/work/shared/seeds",
    ]
    for directory in candidates:
        if directory and (Path(directory) / SEED).is_file():
            return Path(directory) / SEED
    return None


@pytest.fixture(scope="module")
def seed_text() -> str:
    path = _seed_path()
    if path is None:
        pytest.skip(f"seed {SEED} not found (set ADOPTION_RULES_SEEDS to its directory)")
    return path.read_text(encoding="utf-8")


def _audit_tool_rows(text: str) -> list[tuple[str, str]]:
    """(label, wording) of every row of the seed's audit tool table."""
    start = text.index("SUMMARY AND AUDIT TOOL")
    end = text.index("KEY ELEMENTS OF AN ADOPTION SUPPORT SERVICE - EXEMPLAS")
    rows = []
    for line in text[start:end].splitlines():
        cells = line.split("\t")
        if len(cells) > 1 and re.fullmatch(r"\d+[a-e]?\.*", cells[0]):
            rows.append((cells[0], cells[1]))
    return rows


def test_seventeen_elements_numbered_in_order() -> None:
    assert [e.number for e in ELEMENTS] == list(range(1, 18))


def test_forty_nine_rated_rows_from_1a_to_17b() -> None:
    assert len(SUB_ELEMENT_IDS) == 49
    assert len(set(SUB_ELEMENT_IDS)) == 49
    assert SUB_ELEMENT_IDS[0] == "1a"
    assert SUB_ELEMENT_IDS[-1] == "17b"
    assert "8" in SUB_ELEMENT_IDS  # element 8 has no lettered rows


@pytest.mark.parametrize(
    ("number", "ids"),
    [
        (1, ("1a", "1b", "1c", "1d", "1e")),
        (2, ("2a", "2b", "2c", "2d")),
        (3, ("3a", "3b", "3c")),
        (4, ("4a", "4b")),
        (5, ("5a", "5b", "5c", "5d")),
        (6, ("6a", "6b")),
        (7, ("7a", "7b")),
        (8, ("8",)),
        (9, ("9a", "9b", "9c", "9d")),
        (10, ("10a", "10b")),
        (11, ("11a", "11b", "11c", "11d")),
        (12, ("12a", "12b", "12c", "12d")),
        (13, ("13a", "13b", "13c")),
        (14, ("14a", "14b")),
        (15, ("15a", "15b", "15c")),
        (16, ("16a", "16b")),
        (17, ("17a", "17b")),
    ],
)
def test_sub_elements_of_each_element(number: int, ids: tuple[str, ...]) -> None:
    assert element_of(number).ids == ids
    for ident in ids:
        assert element_of(ident).number == number
        assert sub_element(ident).element == number


@pytest.mark.parametrize(
    ("ident", "label"),
    [("7a", "7a."), ("9b", "9b"), ("10b", "10b.."), ("15b", "15b."), ("8", "8."), ("16a", "16a")],
)
def test_irregular_seed_labels_are_kept(ident: str, label: str) -> None:
    assert sub_element(ident).seed_label == label


def test_every_wording_is_a_row_of_the_seed_audit_tool(seed_text: str) -> None:
    rows = dict(_audit_tool_rows(seed_text))
    by_label = {s.seed_label: s.wording for s in SUB_ELEMENTS}
    for label, wording in by_label.items():
        assert rows[label] == wording, label
    for element in ELEMENTS:
        label = f"{element.number}." if element.number != 16 else "16"
        assert rows[label] == element.wording, label


def test_the_seed_audit_tool_has_no_row_left_out(seed_text: str) -> None:
    rows = _audit_tool_rows(seed_text)
    rated = [label for label, _ in rows if re.search(r"[a-e]", label)] + ["8."]
    assert sorted(rated) == sorted(s.seed_label for s in SUB_ELEMENTS)
    assert len([label for label, _ in rows if not re.search(r"[a-e]", label)]) == 17


def test_every_section_heading_is_in_the_seed_body(seed_text: str) -> None:
    body = seed_text[seed_text.index("KEY ELEMENTS OF AN ADOPTION SUPPORT SERVICE - EXEMPLAS") :]
    for s in SUB_ELEMENTS:
        number, heading = s.section.split(". ", 1)
        assert heading in body, s.section
        assert number in (str(s.element), s.id)


def test_summaries_and_citations_are_present() -> None:
    for element in ELEMENTS:
        assert element.why_needed and element.exemplar
        assert element.citation == f"{TITLE}, section {element.number}"
    assert AUDIT_TOOL_CITATION.endswith(", Summary and audit tool")
    assert AUDIT_TOOL_CITATION.startswith(TITLE)


def test_sub_elements_9a_to_9d_have_sections_of_their_own() -> None:
    for ident in ("9a", "9b", "9c", "9d"):
        s = sub_element(ident)
        assert s.section.startswith(f"{ident}. ")
        assert s.why_needed and s.exemplar
        assert s.citation == f"{TITLE}, section {ident}"
    assert sub_element("1a").why_needed is None


def test_exemplar_summary_of_element_8_carries_the_survey_timescales() -> None:
    # Rules catalogue X2: Coram Kent, 48-72 hours and four weeks (seed 002, section 8).
    text = element_of(8).exemplar
    assert "48-72 hours" in text
    assert "four weeks" in text


def test_unknown_ids_raise_key_error() -> None:
    with pytest.raises(KeyError):
        sub_element("3d")
    with pytest.raises(KeyError):
        element_of(18)
