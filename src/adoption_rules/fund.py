"""The Adoption Support Fund (now the Adoption and Special Guardianship Support Fund): E13.

Councils and regional adoption agencies apply to the fund for therapy for a
child; families cannot apply themselves.  Every figure here changes by
financial year, so each is a dated :class:`~adoption_rules.core.rules.Param` with
its citation, read on the date the rule names:

* who is eligible (:data:`AGE_LIMITS`, :data:`ROUTES`), on the application date;
* the fair access limit per child per financial year (:data:`FAIR_ACCESS_LIMIT`),
  for the financial year (1 April - 31 March) the application date falls in;
* how long after the assessment of need the council has to apply
  (:data:`APPLICATION_DEADLINE`), the value in force on the assessment date
  (the event that starts the clock, as everywhere in this library).

What is not known stays unknown: the 2026/27 figures are not confirmed, so
their value is an explicit :class:`~adoption_rules.core.rules.Unknown` with the
reason, and an answer that needs them says so instead of carrying 2025/26
forward.  Money is integer pence throughout (never ``float``).

>>> import datetime as dt
>>> str(financial_year(dt.date(2025, 3, 31))), str(financial_year(dt.date(2025, 4, 1)))
('2024/25', '2025/26')
>>> fair_access_limit(dt.date(2025, 4, 1)).value.describe()
'£3,000.00 for therapy, specialist assessment included'

See ``docs/support-fund.md``.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import decimal
from typing import Any, Final, Literal, TypeVar

import attrs

from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.periods import Months, Period
from adoption_rules.core.rules import DatedValue, Ended, Param, Unknown

__all__ = [
    "AGE_LIMITS",
    "APPLICATION_DEADLINE",
    "FAIR_ACCESS_LIMIT",
    "PARAMS",
    "ROUTES",
    "AgeLimits",
    "Application",
    "ApplicationCheck",
    "Child",
    "DeadlineCheck",
    "Eligibility",
    "FairAccessLimit",
    "FinancialYear",
    "FundError",
    "FundRoute",
    "LimitCheck",
    "age_on",
    "application_deadline",
    "check_application",
    "eligibility",
    "fair_access_limit",
    "financial_year",
    "format_pounds",
    "parse_pounds",
    "pounds_text",
]


class FundError(AdoptionRulesError, ValueError):
    """A fund question that cannot be answered from its input (a bad amount, a date)."""

    def __init__(self, message: str, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


# -- money ----------------------------------------------------------------------------


def parse_pounds(value: object, field: str = "amount") -> int:
    """An amount in pounds (``"4500.50"``, ``4500``, ``Decimal("4500.5")``) as integer pence.

    Refuses floats (binary fractions are not money), negatives and fractions of a penny.
    """
    if isinstance(value, bool | float):
        raise FundError(f"{field}: give pounds as a string or a whole number, not {value!r}", field)
    if isinstance(value, int):
        amount = decimal.Decimal(value)
    elif isinstance(value, decimal.Decimal):
        amount = value
    elif isinstance(value, str):
        text = value.strip().lstrip("£").replace(",", "")
        try:
            amount = decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise FundError(f"{field}: {value!r} is not an amount in pounds", field) from None
    else:
        raise FundError(f"{field}: {value!r} is not an amount in pounds", field)
    if not amount.is_finite() or amount < 0:
        raise FundError(f"{field}: {value!r} is not an amount in pounds", field)
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise FundError(f"{field}: {value!r} has a fraction of a penny", field)
    return int(pence)


def pounds_text(pence: int) -> str:
    """Pence as pounds with two decimals, no symbol: ``300000`` -> ``"3000.00"``."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def format_pounds(pence: int) -> str:
    """Pence as people read it: ``300000`` -> ``"£3,000.00"``."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}£{whole:,}.{part:02d}"


# -- financial years ------------------------------------------------------------------


@attrs.frozen(order=True)
class FinancialYear:
    """The year from 1 April of ``start_year`` to 31 March of the next, both inclusive."""

    start_year: int

    @property
    def start(self) -> dt.date:
        """1 April."""
        return dt.date(self.start_year, 4, 1)

    @property
    def end(self) -> dt.date:
        """31 March of the next year (inclusive)."""
        return dt.date(self.start_year + 1, 3, 31)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


def financial_year(day: dt.date) -> FinancialYear:
    """The financial year ``day`` falls in (31 March is the last day, 1 April the first)."""
    return FinancialYear(day.year if day.month >= 4 else day.year - 1)


# -- the dated parameters -------------------------------------------------------------

_FUND: Final = "Adoption and Special Guardianship Support Fund"
_GUIDANCE: Final = f"DfE, {_FUND} guidance"
_HCWS589: Final = "Written Ministerial Statement HCWS589 (22 April 2025)"
_YEAR_2026: Final = dt.date(2026, 4, 1)
_NOT_CONFIRMED_2026: Final = (
    "the fund's 2026/27 figures are not confirmed: HCWS589 set 2025/26 only, and no "
    "2026/27 guidance is known to this library (catalogue E13: leave unknown, never guess)"
)


@attrs.frozen
class AgeLimits:
    """The child must be younger than ``under`` (``under_with_ehc_plan`` with an EHC plan).

    Reading: "under 21" means the 21st birthday has not been reached on the
    date of the application.
    """

    under: int
    under_with_ehc_plan: int


#: E13: "the child must be under 21 (under 25 with an EHC plan)".
AGE_LIMITS: Final = Param[AgeLimits].fixed(
    "fund.age_limits",
    AgeLimits(under=21, under_with_ehc_plan=25),
    f"{_GUIDANCE}, eligibility: under 21, or under 25 with an education, health and care plan",
)


@attrs.frozen
class FundRoute:
    """How a child came to the family, as the fund's eligibility list names it.

    ``confirmed=False``: listed from memory of the guidance, not checked
    against its text (``note`` says what is unconfirmed).
    """

    code: str
    description: str
    confirmed: bool
    note: str = ""


#: E13: the routes into the family the fund's guidance lists.  The first three are
#: named in the catalogue's brief; the rest are unconfirmed (answers say "unconfirmed").
ROUTES: Final = Param[tuple[FundRoute, ...]].fixed(
    "fund.routes",
    (
        FundRoute(
            "adopted_from_care_england",
            "adopted from local authority care in England",
            confirmed=True,
        ),
        FundRoute(
            "intercountry",
            "adopted from abroad (intercountry adoption), living in England",
            confirmed=True,
            note="the conditions on recognition of the overseas adoption are unconfirmed",
        ),
        FundRoute(
            "special_guardianship",
            "subject to a special guardianship order, having been looked after before it",
            confirmed=True,
            note="the 'looked after immediately before the order' condition is unconfirmed",
        ),
        FundRoute(
            "child_arrangements_order",
            "left care under a child arrangements order (formerly a residence order)",
            confirmed=False,
            note="route and conditions not checked against the guidance text",
        ),
        FundRoute(
            "adopted_from_care_wales_scotland_ni",
            "adopted from care in Wales, Scotland or Northern Ireland, living in England",
            confirmed=False,
            note="route and conditions not checked against the guidance text",
        ),
        FundRoute(
            "placed_for_adoption",
            "placed for adoption with prospective adopters, before the adoption order",
            confirmed=False,
            note="route and conditions not checked against the guidance text",
        ),
    ),
    f"{_GUIDANCE}, eligibility (routes after the third unconfirmed)",
)


@attrs.frozen
class FairAccessLimit:
    """The most the fund pays per child per financial year, in pence.

    ``specialist_assessment=None``: one limit, ``therapy``, covers therapy and
    specialist assessment together (2025/26); otherwise two separate limits.
    """

    therapy: int
    specialist_assessment: int | None = None

    @property
    def combined(self) -> bool:
        """Whether one limit covers therapy and specialist assessment together."""
        return self.specialist_assessment is None

    def describe(self) -> str:
        """The limit in words."""
        if self.specialist_assessment is None:
            return f"{format_pounds(self.therapy)} for therapy, specialist assessment included"
        return (
            f"{format_pounds(self.therapy)} for therapy plus "
            f"{format_pounds(self.specialist_assessment)} for specialist assessment"
        )


#: E13: the fair access limit per child per financial year, by the year it took effect.
FAIR_ACCESS_LIMIT: Final = Param[FairAccessLimit | Unknown](
    "fund.fair_access_limit",
    (
        DatedValue(
            FairAccessLimit(therapy=500_000, specialist_assessment=250_000),
            f"{_GUIDANCE}: fair access limit £5,000 per child per financial year for "
            "therapy plus £2,500 for specialist assessment, until 2024/25 (the year it "
            "was introduced is not recorded here)",
        ),
        DatedValue(
            FairAccessLimit(therapy=300_000),
            f"{_HCWS589}: fair access limit £3,000 per child in 2025/26, including "
            "specialist assessment",
            dt.date(2025, 4, 1),
        ),
        DatedValue(Unknown(_NOT_CONFIRMED_2026), _HCWS589, _YEAR_2026),
    ),
)

#: E13: how long after the assessment of need the council has to apply.
APPLICATION_DEADLINE: Final = Param[Period | Unknown](
    "fund.application_deadline",
    (
        DatedValue[Period | Unknown](
            Months(3),
            f"{_GUIDANCE}: apply within 3 months of the assessment of need, until March 2025",
        ),
        DatedValue[Period | Unknown](
            Months(4),
            f"{_GUIDANCE} 2025/26; {_HCWS589}: apply within 4 months of the assessment of need",
            dt.date(2025, 4, 1),
        ),
        DatedValue[Period | Unknown](Unknown(_NOT_CONFIRMED_2026), _HCWS589, _YEAR_2026),
    ),
)

#: Every parameter of the fund, by name.
PARAMS: Final[dict[str, Param[Any]]] = {
    p.name: p for p in (AGE_LIMITS, ROUTES, FAIR_ACCESS_LIMIT, APPLICATION_DEADLINE)
}

V = TypeVar("V")


def _in_force(param: Param[V], day: dt.date) -> DatedValue[V]:
    entry = param.in_force(day)
    if entry is None or isinstance(entry, Ended):
        raise FundError(f"{param.name}: no value in force on {day.isoformat()}")
    return entry


def fair_access_limit(day: dt.date) -> DatedValue[FairAccessLimit | Unknown]:
    """The fair access limit for the financial year ``day`` falls in (with its citation)."""
    entry = FAIR_ACCESS_LIMIT.at(financial_year(day).start)
    if entry is None:  # pragma: no cover - the history starts undated
        raise FundError(f"fund.fair_access_limit: no value in force on {day.isoformat()}")
    return entry


# -- eligibility ----------------------------------------------------------------------


def _birthday(born: dt.date, year: int) -> dt.date:
    """The birthday in ``year``; 29 February falls on 1 March in a common year.

    Reading: a person born on 29 February reaches an age on 1 March in a
    year with no 29 February (the usual reading in England).
    """
    if born.month == 2 and born.day == 29 and not _calendar.isleap(year):
        return dt.date(year, 3, 1)
    return born.replace(year=year)


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (the birthday counts from its first moment)."""
    if day < born:
        raise FundError(
            f"the date of birth {born.isoformat()} is after {day.isoformat()}",
            "child.date_of_birth",
        )
    years = day.year - born.year
    return years if _birthday(born, day.year) <= day else years - 1


@attrs.frozen
class Child:
    """The child an application is for."""

    date_of_birth: dt.date
    route: str
    ehc_plan: bool = False


EligibilityStatus = Literal["eligible", "not_eligible", "unconfirmed"]


@attrs.frozen
class Eligibility:
    """Whether the child is eligible on a date, and why.

    ``unconfirmed``: nothing rules the child out, but the route is one this
    library lists without having confirmed it against the guidance.
    """

    status: EligibilityStatus
    age: int
    age_limit: int
    route: FundRoute | None
    reasons: tuple[str, ...]
    citations: tuple[str, ...]


def eligibility(child: Child, on: dt.date) -> Eligibility:
    """The child's eligibility on ``on`` (the application date): age and route (E13)."""
    limits = _in_force(AGE_LIMITS, on)
    routes_entry = _in_force(ROUTES, on)
    ages = limits.value
    routes = routes_entry.value
    by_code = {r.code: r for r in routes}
    if child.route not in by_code:
        raise FundError(
            f"unknown route {child.route!r}; the fund's routes are: {', '.join(by_code)}",
            "child.route",
        )
    route = by_code[child.route]
    age = age_on(child.date_of_birth, on)
    limit = ages.under_with_ehc_plan if child.ehc_plan else ages.under
    plan = " with an EHC plan" if child.ehc_plan else ""
    reasons: list[str] = []
    status: EligibilityStatus
    if age >= limit:
        status = "not_eligible"
        reasons.append(f"aged {age} on {on.isoformat()}: the limit{plan} is under {limit}")
    else:
        reasons.append(f"aged {age} on {on.isoformat()}: under {limit}{plan}")
        status = "eligible" if route.confirmed else "unconfirmed"
    reasons.append(
        f"route: {route.description}"
        + ("" if route.confirmed else " (listed but unconfirmed)")
        + (f"; {route.note}" if route.note else "")
    )
    return Eligibility(
        status=status,
        age=age,
        age_limit=limit,
        route=route,
        reasons=tuple(reasons),
        citations=(limits.citation, routes_entry.citation),
    )


# -- the application deadline ---------------------------------------------------------


@attrs.frozen
class DeadlineCheck:
    """The latest date to apply after the assessment of need, and whether the date meets it.

    ``unknown`` holds the reason when the period in force is not known (then
    ``period``, ``due`` and ``within`` are ``None``).
    """

    assessment_date: dt.date
    period: Period | None
    due: dt.date | None
    within: bool | None
    citation: str
    unknown: str | None = None
    note: str = ""


def application_deadline(
    assessment_date: dt.date, application_date: dt.date | None = None
) -> DeadlineCheck:
    """The deadline in force on the assessment date and, given one, whether an application meets it.

    Contract convention 5: "within N months" is due on assessment + N months,
    clamped to the month's end; applying on the due date is in time.
    """
    entry = APPLICATION_DEADLINE.at(assessment_date)
    if entry is None:  # pragma: no cover - the history starts undated
        raise FundError(f"fund.application_deadline: no value on {assessment_date.isoformat()}")
    value = entry.value
    if isinstance(value, Unknown):
        return DeadlineCheck(assessment_date, None, None, None, entry.citation, value.reason)
    due = value.apply(assessment_date)
    within: bool | None = None
    note = ""
    if application_date is not None:
        within = assessment_date <= application_date <= due
        if application_date < assessment_date:
            note = "the application is dated before the assessment of need"
    return DeadlineCheck(assessment_date, value, due, within, entry.citation, None, note)


# -- the fair access limit ------------------------------------------------------------


@attrs.frozen
class LimitCheck:
    """The fair access limit for the year of the application, and how much is above it.

    ``above_limit``: the part of this application the fund would not pay (to
    be found elsewhere).  Amounts already funded for the child in the same
    financial year count towards the limit first.  ``unknown`` holds the
    reason when the year's limit is not known (then the amounts are ``None``).
    """

    financial_year: FinancialYear
    limit: FairAccessLimit | None
    requested: int
    already_funded: int
    within: bool | None
    above_limit: int | None
    above_therapy: int | None
    above_specialist_assessment: int | None
    citation: str
    unknown: str | None = None


def _above(already: int, asked: int, limit: int) -> int:
    """The part of ``asked`` above what is left of ``limit`` after ``already``."""
    return min(asked, max(0, already + asked - limit))


@attrs.frozen
class Application:
    """A proposed application to the fund (amounts in pence)."""

    child: Child
    assessment_date: dt.date
    application_date: dt.date
    therapy: int
    specialist_assessment: int = 0
    already_therapy: int = 0
    already_specialist_assessment: int = 0
    id: str | None = None


def _limit_check(app: Application) -> LimitCheck:
    year = financial_year(app.application_date)
    entry = fair_access_limit(app.application_date)
    requested = app.therapy + app.specialist_assessment
    already = app.already_therapy + app.already_specialist_assessment
    value = entry.value
    if isinstance(value, Unknown):
        return LimitCheck(
            year, None, requested, already, None, None, None, None, entry.citation, value.reason
        )
    if value.specialist_assessment is None:
        above = _above(already, requested, value.therapy)
        return LimitCheck(
            year, value, requested, already, above == 0, above, None, None, entry.citation
        )
    above_t = _above(app.already_therapy, app.therapy, value.therapy)
    above_a = _above(
        app.already_specialist_assessment, app.specialist_assessment, value.specialist_assessment
    )
    above = above_t + above_a
    return LimitCheck(
        year, value, requested, already, above == 0, above, above_t, above_a, entry.citation
    )


@attrs.frozen
class ApplicationCheck:
    """The answer about a proposed application: eligibility, deadline, limit."""

    application: Application
    eligibility: Eligibility
    deadline: DeadlineCheck
    limit: LimitCheck

    @property
    def ok(self) -> bool | None:
        """``False`` if anything fails; ``None`` if nothing fails but something is unknown."""
        verdicts = (
            {"eligible": True, "not_eligible": False}.get(self.eligibility.status),
            self.deadline.within,
            self.limit.within,
        )
        if False in verdicts:
            return False
        return None if None in verdicts else True


def check_application(app: Application) -> ApplicationCheck:
    """Check a proposed application against the fund's rules in force for its dates (E13)."""
    return ApplicationCheck(
        application=app,
        eligibility=eligibility(app.child, app.application_date),
        deadline=application_deadline(app.assessment_date, app.application_date),
        limit=_limit_check(app),
    )
