"""Region ``example_rab``: a made-up agency, the worked example of a region plugin.

The "Example Regional Adoption Board" and its procedure are invented for the
tutorial (``docs/writing-a-region-plugin.md``): the citations name the
example's own procedure document, not a real agency's.  Everything a real
region module has is here in small: the region's name, councils and source;
its deadlines, one declaration each, cited and in the document's own words
(one overriding a national rule, a window, a rolling and an anchored
cadence, a kind of the region's own); a kind its process does not have; its
closure days; one question answered from its own data.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from adoption_rules.core.answers import ReferralRoute
from adoption_rules.core.authority import lives_in
from adoption_rules.core.model import Case
from adoption_rules.core.periods import Months, WorkingDays
from adoption_rules.core.rules import Anchored, Rolling
from adoption_rules.plugins.declare import Region, Source
from adoption_rules.plugins.hookspecs import hookimpl

REGION: Final = Region(
    __name__,
    "example_rab",
    title="Example RAB",
    councils=("exampleshire", "example-city"),
    source=Source("", "Example RAB Adoption Support Procedure"),
)

CLOSURE: Final = "closure_decided"


# -- 1. The Board -----------------------------------------------------------------

CLOSURE_DAYS: Final = REGION.data(
    "closure_days",
    (dt.date(2026, 12, 24), dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31)),
    at="1.3",
    note="the Board's office is closed between Christmas and New Year",
)


# -- 2. Who does what ---------------------------------------------------------------

PLACEMENT_REVIEW: Final = REGION.no_rule(
    "placement_review",
    at="2.4",
    why="placements are the councils', not the Board's",
)


# -- 3. Requests for support ------------------------------------------------------

DUTY_TEAM: Final = REGION.data("duty_team", "the Example RAB duty team", at="3.1")

# A kind of the region's own (not in the contract): named example_rab.first_contact.
FIRST_CONTACT: Final = REGION.rule(
    "first_contact",
    own_kind=True,
    at="3.1",
    quote="The duty team contacts the family within 3 working days of a request for support.",
    starts="referral_received",
    period=WorkingDays(3),
    done_by="contact_made",
    ends_on=CLOSURE,
)

REFERRAL_SIGN_OFF: Final = REGION.rule(
    "referral_sign_off",
    at="3.2",
    quote="The team manager signs off the referral within 10 working days.",
    starts="detailed_referral_completed",
    period=WorkingDays(10),
    done_by="referral_signed_off",
    ends_on=CLOSURE,
)


# -- 4. Assessment and plan ---------------------------------------------------------

# Overrides the national rule (E2-E5 set no time limit): the Board's own period.
ASSESSMENT: Final = REGION.rule(
    "assessment",
    at="4.1",
    quote="The assessment is completed within 30 working days of the initial visit.",
    starts="initial_visit",
    period=WorkingDays(30),
    done_by="assessment_completed",
    ends_on=CLOSURE,
)

# A window protects the family: it is open, then closed; nothing does it.
REPRESENTATIONS_WINDOW: Final = REGION.window(
    "representations_window",
    at="4.3",
    quote="Families have 15 working days to comment on a proposed plan.",
    starts="plan_proposed",
    period=WorkingDays(15),
)


# -- 5. Reviews ------------------------------------------------------------------------

# Rolling: each review is due 6 months after the one before.
PLAN_REVIEW: Final = REGION.rule(
    "plan_review",
    at="5.1",
    quote="The support plan is reviewed six months after the assessment, then six months "
    "after each review.",
    starts="assessment_completed",
    period=Months(6),
    done_by="review_held",
    ends_on=CLOSURE,
    recurrence=Rolling(),
)

# Anchored: each review is due a whole number of years from the agreement, five at most.
FINANCIAL_SUPPORT_REVIEW: Final = REGION.rule(
    "financial_support_review",
    at="5.2",
    quote="Financial support is reviewed on each anniversary of the agreement, for five years.",
    starts="financial_support_agreed",
    period=Months(12),
    done_by="financial_support_reviewed",
    ends_on=("financial_support_ended", CLOSURE),
    recurrence=Anchored(limit=5),
)


# -- The hooks --------------------------------------------------------------------

(
    adoption_rules_regions,
    adoption_rules_obligation_kinds,
    adoption_rules_obligation_rule,
) = REGION.hooks()


@hookimpl
def adoption_rules_closure_days(region: str) -> list[dt.date] | None:
    if region != REGION.name:
        return None
    return list(CLOSURE_DAYS.current.value)


@hookimpl
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute | None:
    if region != REGION.name:
        return None
    team = DUTY_TEAM.current
    return ReferralRoute(
        council=lives_in(case, as_of),
        receiver=team.value,
        how=("telephone", "the Board's website"),
        screening_outcomes=(),
        reason="families contact the Board's duty team",
        citation=team.citation,
    )
