"""The example region's own tests: run them with the package installed.

``pip install -e .`` in this folder, then ``pytest``.  Each test loads the
region the way adoption-rules does in production: through the installed entry
point, restricted to this plugin with ``only=``.
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


def test_referral_sign_off_skips_bank_holidays_and_closure_days(registry: Registry) -> None:
    case = structure_case(
        {
            "case_id": "EX-1",
            "region": "example_rab",
            "events": [{"type": "detailed_referral_completed", "date": "2026-12-17"}],
        }
    )
    result = evaluate(case, as_of=dt.date(2026, 12, 18), registry=registry)
    (ob,) = result.obligations
    # Thu 17 Dec + 10 working days: 18, 21, 22, 23 (24 closed, 25 Christmas, 28 substitute
    # Boxing Day, 29-31 closed), 1 Jan a bank holiday, then 4, 5, 6, 7, 8 and 11 January.
    assert (ob.kind, ob.due, ob.decided_by) == (
        "referral_sign_off",
        dt.date(2027, 1, 11),
        "example_rab",
    )
    assert ob.citation == "Example RAB Adoption Support Procedure, 3.2"


def test_placement_reviews_are_not_the_boards(registry: Registry) -> None:
    assert registry.policy("example_rab").rule("placement_review") is None


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
