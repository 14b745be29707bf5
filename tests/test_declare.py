"""The compact declarations of ``adoption_rules.plugins.declare``: names, citations, refusals.

The built-in regions are written in these declarations; their own tests
(``tests/regions``) check what each declares.  Here: what one call makes,
what it derives, and what it refuses, on a throw-away region.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from adoption_rules.core.citations import Citation, Source, citation_details, citation_text
from adoption_rules.core.params import DatedValue, Param
from adoption_rules.core.periods import Months, Period, WorkingDays
from adoption_rules.core.rules import DoneBy, Ender, Extension, NoRule, Rolling, Trigger
from adoption_rules.plugins.declare import Extend, Region, Start, region_hooks

SEED = Source("999_0123456789abcdef.txt", "Test Agency Procedure")


def region(source: Source = SEED) -> Region:
    return Region(__name__, "test_agency", title="Test", councils=["a-town"], source=source)


# -- citations -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("citation", "text"),
    [
        pytest.param(Citation(SEED, "7.10", ("T4",)), "Test Agency Procedure, 7.10"),
        pytest.param(
            Citation(SEED, "6", ("H5", "H9"), note="two months"),
            "Test Agency Procedure, 6",
        ),
        pytest.param(
            Citation(SEED, "1.3", ("W6",), reading="begun on or after 1 March 2019"),
            "Test Agency Procedure, 1.3",
        ),
        pytest.param(Citation(SEED, "8.2"), "Test Agency Procedure, 8.2"),
        pytest.param(Citation(Source("", "Example Procedure"), "3.2"), "Example Procedure, 3.2"),
    ],
)
def test_citation_text(citation: Citation, text: str) -> None:
    """R13: the title and section in words; the file, rows, note and reading stay data."""
    assert citation_text(citation) == str(citation) == text


def test_citation_details_keep_the_file_rows_note_and_reading() -> None:
    citation = Citation(SEED, "1.3", ("W6",), note="two months", reading="begun after")
    assert citation_details(citation) == (
        "two months; reading: begun after; file 999_0123456789abcdef.txt; catalogue W6"
    )


def test_a_source_reads_file_then_title() -> None:
    assert str(SEED) == "999_0123456789abcdef.txt: Test Agency Procedure"
    assert str(Source("", "Example Procedure")) == "Example Procedure"


# -- one call, one rule ------------------------------------------------------------------


def test_a_rule_derives_its_names_and_keeps_its_citation_as_data() -> None:
    r = region()
    rule = r.rule(
        "referral_sign_off",
        at="7.10",
        row="T4",
        quote="within 5 working days",
        starts="detailed_referral_completed",
        period=WorkingDays(5),
        done_by="referral_signed_off",
        ends_on="closure_decided",
    )
    text = "Test Agency Procedure, 7.10"
    assert (rule.kind, rule.rule_id, rule.citation, rule.quote) == (
        "referral_sign_off",
        "test_agency.referral_sign_off",
        text,
        "within 5 working days",
    )
    assert rule.source == Citation(SEED, "7.10", ("T4",))
    assert rule.triggers == (
        Trigger(
            "detailed_referral_completed",
            Param("test_agency.referral_sign_off", (DatedValue(WorkingDays(5), text),)),
        ),
    )
    assert (rule.done_by, rule.ends_on) == (
        (DoneBy("referral_signed_off"),),
        (Ender("closure_decided"),),
    )
    assert r.rules == {"referral_sign_off": rule}


def test_several_starts_and_an_extension_name_their_parameters() -> None:
    r = region()
    rule = r.rule(
        "change_review",
        at="6",
        row="H7, H8",
        quote="...",
        starts=(
            Start(
                "before_order", "change_of_circumstances", Months(1), row="H7", before_order=True
            ),
            Start("after_order", "change_of_circumstances", None, at="6.2", note="no time limit"),
        ),
        done_by="review_held",
        extended=Extend("stage1_extended", Months(6), note="up to six months"),
        recurrence=Rolling(),
    )
    before, after = rule.triggers
    assert before.period.name == "test_agency.change_review.before_order"
    assert before.period.current.citation == "Test Agency Procedure, 6"
    assert before.before_order is True
    assert after.period.name == "test_agency.change_review.after_order"
    assert after.period.current == DatedValue(None, "Test Agency Procedure, 6.2")
    assert rule.source is not None and rule.source.rows == ("H7", "H8")
    assert rule.extension == Extension(
        "stage1_extended",
        Param.fixed(
            "test_agency.change_review.extended",
            Months(6),
            "Test Agency Procedure, 6",
        ),
    )


def test_a_window_a_no_rule_and_data() -> None:
    r = region()
    window = r.window(
        "representations_window",
        at="4.3",
        quote="15 working days",
        starts="plan_proposed",
        period=WorkingDays(15),
        where={"kind": "vary"},
    )
    assert window.window and not window.done_by
    assert window.triggers[0].where == (("kind", "vary"),)
    absent = r.no_rule("placement_review", at="2.4", why="the councils' job")
    assert absent == NoRule("Test Agency Procedure, 2.4: the councils' job")
    team = r.data("duty_team", "the duty team", at="3.1", row="T1")
    assert team == Param.fixed(
        "test_agency.duty_team", "the duty team", "Test Agency Procedure, 3.1"
    )
    assert r.no_rules == {"placement_review": absent}
    assert r.policy_data == {"test_agency.duty_team": team}


def test_a_dated_period_is_used_as_given() -> None:
    dated: Param[Period | None] = Param(
        "test_agency.sign_off",
        (
            DatedValue(WorkingDays(5), "old"),
            DatedValue(WorkingDays(10), "new", dt.date(2026, 4, 1)),
        ),
    )
    rule = region().rule(
        "referral_sign_off", at="1", quote="...", starts="referral_received", period=dated
    )
    assert rule.triggers[0].period is dated


def test_a_kind_of_the_regions_own_is_prefixed() -> None:
    r = region()
    rule = r.rule(
        "first_contact",
        own_kind=True,
        at="3.1",
        quote="...",
        starts="referral_received",
        period=WorkingDays(3),
        done_by="contact_made",
    )
    assert rule.kind == rule.rule_id == "test_agency.first_contact"
    assert list(r.rules) == ["test_agency.first_contact"]


# -- refusals --------------------------------------------------------------------------


def test_a_kind_not_in_the_contract_is_refused_unless_declared_own() -> None:
    with pytest.raises(ValueError, match=r"'plan_reveiw' is not a kind of the contract.*own_kind"):
        region().rule("plan_reveiw", at="5", quote="...", starts="review_held", period=Months(6))


def test_own_kind_on_a_contract_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="'plan_review' is a kind of the contract"):
        region().rule(
            "plan_review", own_kind=True, at="5", quote="...", starts="x", period=Months(6)
        )


def test_a_kind_declared_twice_is_refused() -> None:
    r = region()
    r.rule("plan_review", at="5", quote="...", starts="review_held", period=Months(6))
    with pytest.raises(ValueError, match="'plan_review' is declared twice"):
        r.no_rule("plan_review", at="5", why="...")
    r.data("x", 1, at="1")
    with pytest.raises(ValueError, match="data 'x' is declared twice"):
        r.data("x", 2, at="1")


def test_a_period_beside_several_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="give period, note, where in each Start"):
        region().rule(
            "assessment",
            at="1",
            quote="...",
            starts=(Start("a", "initial_visit", Months(1)),),
            period=Months(2),
        )


# -- the hooks ----------------------------------------------------------------------------


def test_hooks_answer_from_the_declarations_for_the_region_only() -> None:
    r = region()
    regions, kinds, rule_hook = r.hooks()
    rule = r.rule("plan_review", at="5", quote="...", starts="review_held", period=Months(6))
    absent = r.no_rule("placement_review", at="2.4", why="...")
    (info,) = regions()
    assert (info.name, info.title, info.councils, info.source) == (
        "test_agency",
        "Test",
        ("a-town",),
        "999_0123456789abcdef.txt: Test Agency Procedure",
    )
    assert info.plugin is sys.modules[__name__]
    assert kinds("test_agency") == ["plan_review"]  # declared after the hooks were built
    assert rule_hook("test_agency", "plan_review") is rule
    assert rule_hook("test_agency", "placement_review") is absent
    assert rule_hook("test_agency", "assessment") is None
    assert kinds("elsewhere") is None
    assert rule_hook("elsewhere", "plan_review") is None


def test_region_hooks_from_tables_still_work() -> None:
    rule = region().rule("plan_review", at="5", quote="...", starts="review_held", period=Months(6))
    regions, kinds, rule_hook = region_hooks(
        name="old_style",
        title="Old",
        councils=(),
        source="a document",
        module=__name__,
        rules={"plan_review": rule},
    )
    assert regions()[0].source == "a document"
    assert kinds("old_style") == ["plan_review"]
    assert rule_hook("old_style", "plan_review") is rule
    assert rule_hook("old_style", "assessment") is None
