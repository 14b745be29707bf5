"""The example region's own tests: run them with the package installed.

``pip install -e .`` in this folder, then ``pytest``.  Each test loads the
region the way adoption-rules does in production: through the installed entry
point, restricted to this plugin with ``only=``.  The deadlines are a table a
policy officer can check against the procedure: section, events, date, what is due.
"""

from __future__ import annotations

import datetime as dt

import pytest

example = pytest.importorskip(
    "adoption_rules_example_region",
    reason="the example region package is not installed (pip install tests/example_region)",
)

from adoption_rules import evaluate  # noqa: E402
from adoption_rules.io.converter import structure_case  # noqa: E402
from adoption_rules.plugins.registry import Registry, load_registry  # noqa: E402
from adoption_rules.questions import route_referral  # noqa: E402


@pytest.fixture(scope="module")
def registry() -> Registry:
    """The built-in regions and this one, from its installed entry point only."""
    return load_registry(only=["example_rab"])


def test_the_entry_point_loads_the_region(registry: Registry) -> None:
    info = registry.info("example_rab")
    assert info.plugin is example
    assert info.councils == ("exampleshire", "example-city")


def ev(type_: str, date: str) -> dict[str, str]:
    return {"type": type_, "date": date}


#: (section, kind, events, as of, every obligation of the kind: (due, status, done on)).
DEADLINES = [
    pytest.param(
        "3.1", "example_rab.first_contact",
        [ev("referral_received", "2026-01-05")], "2026-01-06",
        [("2026-01-08", "pending", None)],
        id="3.1 a kind of the region's own: 3 working days",
    ),
    pytest.param(
        "3.2", "referral_sign_off",
        [ev("detailed_referral_completed", "2026-12-17")], "2026-12-18",
        # Thu 17 Dec + 10 working days: 18, 21, 22, 23 (24 closed, 25 Christmas, 28
        # substitute Boxing Day, 29-31 closed), 1 Jan a bank holiday, then 4-8 and 11 Jan.
        [("2027-01-11", "pending", None)],
        id="3.2 sign-off skips bank holidays and closure days",
    ),
    pytest.param(
        "4.1", "assessment",
        [ev("initial_visit", "2026-01-05")], "2026-01-06",
        [("2026-02-16", "pending", None)],
        id="4.1 overrides the national rule: 30 working days",
    ),
    pytest.param(
        "4.3", "representations_window",
        [ev("plan_proposed", "2026-03-02")], "2026-03-10",
        [("2026-03-23", "open", None)],
        id="4.3 a window: open for 15 working days",
    ),
    pytest.param(
        "5.1", "plan_review",
        [ev("assessment_completed", "2026-01-15"), ev("review_held", "2026-07-01")],
        "2026-08-01",
        [("2026-07-15", "met", "2026-07-01"), ("2027-01-01", "pending", None)],
        id="5.1 rolling: six months after each review",
    ),
    pytest.param(
        "5.2", "financial_support_review",
        [
            ev("financial_support_agreed", "2024-02-29"),
            ev("financial_support_reviewed", "2025-02-28"),
            ev("financial_support_reviewed", "2026-02-27"),
            ev("financial_support_reviewed", "2027-03-01"),
            ev("financial_support_reviewed", "2028-02-29"),
        ],
        "2031-01-01",
        # Each due on an anniversary of the agreement (29 Feb again in 2028), whatever
        # day the last review was held; five in all.
        [
            ("2025-02-28", "met", "2025-02-28"),
            ("2026-02-28", "met", "2026-02-27"),
            ("2027-02-28", "met_late", "2027-03-01"),
            ("2028-02-29", "met", "2028-02-29"),
            ("2029-02-28", "overdue", None),
        ],
        id="5.2 anchored: each anniversary of the agreement, five times",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("section", "kind", "events", "as_of", "expected"), DEADLINES)
def test_deadlines(
    registry: Registry,
    section: str,
    kind: str,
    events: list[dict[str, str]],
    as_of: str,
    expected: list[tuple[str, str, str | None]],
) -> None:
    case = structure_case({"case_id": "EX-1", "region": "example_rab", "events": events})
    result = evaluate(case, as_of=dt.date.fromisoformat(as_of), registry=registry)
    obligations = [ob for ob in result.obligations if ob.kind == kind]
    assert [
        (ob.due and ob.due.isoformat(), ob.status.value, ob.done_on and ob.done_on.isoformat())
        for ob in obligations
    ] == expected
    for ob in obligations:
        assert ob.decided_by == "example_rab"
        assert ob.rule == (kind if kind.startswith("example_rab.") else f"example_rab.{kind}")
        assert ob.citation == f"Example RAB Adoption Support Procedure, {section}"


def test_placement_reviews_are_not_the_boards(registry: Registry) -> None:
    assert registry.policy("example_rab").rule("placement_review") is None


def test_the_rules_keep_the_procedures_words(registry: Registry) -> None:
    resolved = registry.policy("example_rab").rule("referral_sign_off")
    assert resolved is not None
    assert resolved.rule.quote == "The team manager signs off the referral within 10 working days."


def test_referrals_go_to_the_duty_team(registry: Registry) -> None:
    case = structure_case(
        {
            "case_id": "EX-2",
            "region": "example_rab",
            "local_authority": "exampleshire",
            "events": [],
        }
    )
    answer = route_referral(case, dt.date(2026, 1, 5), registry=registry)
    assert (answer.receiver, answer.council, answer.decided_by) == (
        "the Example RAB duty team",
        "exampleshire",
        "example_rab",
    )
    assert answer.citation == "Example RAB Adoption Support Procedure, 3.1"
