"""Region ``example_rab``: a made-up agency, the worked example of a region plugin.

The "Example Regional Adoption Board" and its procedure are invented for the
tutorial (``docs/writing-a-region-plugin.md``): the citations name the
example's own procedure document, not a real agency's.  Everything a real
region module has is here in small: the region's name, councils and source;
its deadline rules as data, each cited; its closure days; one question
answered from its own data; and the hooks that hand them to adoption-rules.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Final

from adoption_rules.core.answers import ReferralRoute
from adoption_rules.core.authority import lives_in
from adoption_rules.core.model import Case
from adoption_rules.core.periods import Months, WorkingDays
from adoption_rules.core.rules import (
    DoneBy,
    Ender,
    NoRule,
    ObligationRule,
    Rolling,
    Trigger,
    fixed_period,
)
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.hookspecs import hookimpl

NAME: Final = "example_rab"
TITLE: Final = "Example RAB"
COUNCILS: Final[tuple[str, ...]] = ("exampleshire", "example-city")
SOURCE: Final = "Example RAB Adoption Support Procedure (a made-up agency for the tutorial)"


def _cite(section: str) -> str:
    return f"Example RAB Adoption Support Procedure, {section}"


# 3.2: "The team manager signs off the referral within 10 working days."
REFERRAL_SIGN_OFF: Final = ObligationRule(
    kind="referral_sign_off",
    rule_id=f"{NAME}.referral_sign_off",
    citation=_cite("3.2"),
    description="The team manager signs off the referral within 10 working days.",
    triggers=(
        Trigger(
            "detailed_referral_completed",
            fixed_period(f"{NAME}.referral_sign_off", WorkingDays(10), _cite("3.2")),
        ),
    ),
    done_by=(DoneBy("referral_signed_off"),),
    ends_on=(Ender("closure_decided"),),
)

# 5.1: "The support plan is reviewed every six months from the assessment."
PLAN_REVIEW: Final = ObligationRule(
    kind="plan_review",
    rule_id=f"{NAME}.plan_review",
    citation=_cite("5.1"),
    description="The support plan is reviewed 6 months after the assessment, then after each.",
    triggers=(
        Trigger(
            "assessment_completed",
            fixed_period(f"{NAME}.plan_review", Months(6), _cite("5.1")),
        ),
    ),
    done_by=(DoneBy("review_held"),),
    ends_on=(Ender("closure_decided"),),
    recurrence=Rolling(),
)

#: The region's obligation rules, by kind.
RULES: Final[dict[str, ObligationRule]] = {
    rule.kind: rule for rule in (REFERRAL_SIGN_OFF, PLAN_REVIEW)
}

#: Kinds the region's process does not have (the England baseline would create them).
NO_RULES: Final[dict[str, NoRule]] = {
    "placement_review": NoRule(_cite("2.4") + ": placements are the councils', not the Board's"),
}

# 1.3: "The Board's office is closed between Christmas and New Year."
CLOSURE_DAYS: Final[tuple[dt.date, ...]] = (
    dt.date(2026, 12, 24),
    dt.date(2026, 12, 29),
    dt.date(2026, 12, 30),
    dt.date(2026, 12, 31),
)

# 3.1: "Families contact the Board's duty team, by telephone or through its website."
DUTY_TEAM: Final = "the Example RAB duty team"


@hookimpl
def adoption_rules_regions() -> list[RegionInfo]:
    return [
        RegionInfo(
            name=NAME,
            title=TITLE,
            councils=COUNCILS,
            source=SOURCE,
            plugin=sys.modules[__name__],
        )
    ]


@hookimpl
def adoption_rules_obligation_kinds(region: str) -> list[str] | None:
    if region != NAME:
        return None
    return list(RULES)


@hookimpl
def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
    if region != NAME:
        return None
    return RULES.get(kind) or NO_RULES.get(kind)


@hookimpl
def adoption_rules_closure_days(region: str) -> list[dt.date] | None:
    if region != NAME:
        return None
    return list(CLOSURE_DAYS)


@hookimpl
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute | None:
    if region != NAME:
        return None
    return ReferralRoute(
        council=lives_in(case, as_of),
        receiver=DUTY_TEAM,
        how=("telephone", "the Board's website"),
        screening_outcomes=(),
        reason="families contact the Board's duty team",
        citation=_cite("3.1"),
    )
