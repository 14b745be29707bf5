"""Periods as values: "45 working days", "4 weeks", "6 months".

A period knows how to say itself in words and how to apply itself to a date
(contract conventions 3-5 and 7):

* ``WorkingDays(n)``: the n-th working day strictly after the start.
* ``Days(n)`` and ``Weeks(n)``: start + n days, start + 7n days.
* ``Months(n)`` and ``Years(n)``: start + n months (or 12n months), clamped to
  the month's end when the day does not exist (2024-01-31 + 1 month =
  2024-02-29; 2024-02-29 + 12 months = 2025-02-28).
* No rolling: a calendar period may end on a weekend or bank holiday and is
  reported as it falls.

Backward (:meth:`Period.latest_start`): the latest start whose deadline falls
on or before a given end.  Forward is monotone (a later start is never due
earlier), so this is exact: with ``s`` the answer, ``apply(s) <= end <
apply(s + 1 day)``.  Month-end clamping maps several starts to one end
(2025-01-29, -30 and -31 + 1 month are all 2025-02-28: the latest, 2025-01-31,
is the answer) and leaves some ends unreachable (no start + 1 month is
2025-03-30 or -31: the answer is 2025-02-28, due 2025-03-28, *on or before*
the end); so is the day before a run of non-working days for working days.

:func:`parse_period` reads the words back.

>>> import datetime as dt
>>> Months(1).apply(dt.date(2024, 1, 31))
datetime.date(2024, 2, 29)
>>> str(parse_period("45 working days"))
'45 working days'
>>> Months(1).latest_start(dt.date(2025, 3, 31)).start
datetime.date(2025, 2, 28)
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import ClassVar, Final

from adoption_rules.core.calendar import (
    ANNOUNCED_HORIZON,
    MAX_DATE,
    MIN_DATE,
    WorkingCalendar,
    england_calendar,
    england_date,
)
from adoption_rules.core.errors import DateOutOfRangeError, PeriodError

__all__ = [
    "Days",
    "Deadline",
    "LatestStart",
    "Months",
    "Period",
    "Weeks",
    "WorkingDays",
    "Years",
    "add_months",
    "parse_period",
]


def _valid_count(value: object) -> None:
    if type(value) is not int:
        raise PeriodError(f"a period's count must be a whole number, got {type(value).__name__}")
    if value < 0:
        raise PeriodError("a period's count cannot be negative")


# Periods are frozen, slotted dataclasses (the standard library's) rather than
# attrs classes: `adoption-rules deadline` imports nothing else, and attrs
# alone would double its start-up time (docs/performance.md).
@dataclass(frozen=True, slots=True)
class Deadline:
    """A date computed from a start by a period, and whether it is provisional."""

    start: _dt.date
    period: Period
    due: _dt.date
    provisional: bool

    def __str__(self) -> str:
        mark = " (provisional)" if self.provisional else ""
        return f"{self.due.isoformat()}: {self.period} from {self.start.isoformat()}{mark}"


@dataclass(frozen=True, slots=True)
class LatestStart:
    """The latest start for a deadline on or before ``end``, and that start's deadline.

    ``due`` is the forward deadline from ``start``: ``end`` itself when the end
    is reachable, otherwise the last reachable day before it.  ``provisional``
    when a bank holiday announced later could move the answer (a working-day
    period whose end lies after the last announced bank holiday).
    """

    end: _dt.date
    period: Period
    start: _dt.date
    due: _dt.date
    provisional: bool

    def __str__(self) -> str:
        mark = " (provisional)" if self.provisional else ""
        return (
            f"{self.start.isoformat()}: the latest start for {self.period} "
            f"by {self.end.isoformat()} (due {self.due.isoformat()}){mark}"
        )


@dataclass(frozen=True, slots=True)
class Period:
    """Base of the period values; use a subclass."""

    count: int

    unit: ClassVar[str] = ""
    unit_singular: ClassVar[str] = ""
    #: Whether applying the period consults the working-day calendar.
    uses_calendar: ClassVar[bool] = False

    def __post_init__(self) -> None:
        _valid_count(self.count)

    def __str__(self) -> str:
        word = self.unit_singular if self.count == 1 else self.unit
        return f"{self.count} {word}"

    def describe(self) -> str:
        """The period in words, as the contract writes it ("45 working days")."""
        return str(self)

    def times(self, k: int) -> Period:
        """This period ``k`` times over (for anchored schedules: anchor + k x period)."""
        if type(k) is not int:
            raise PeriodError(f"times() expects a whole number, got {type(k).__name__}")
        return type(self)(self.count * k)

    def apply(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        """The date ``self`` after ``start``."""
        raise NotImplementedError  # pragma: no cover

    def deadline(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> Deadline:
        """Apply the period and say whether the answer is provisional.

        Only a working-day computation depends on bank holidays, so only it can
        be provisional: when the deadline lies after the last announced bank
        holiday (:data:`~adoption_rules.core.calendar.ANNOUNCED_HORIZON`).
        """
        start = england_date(start, field="start")
        due = self.apply(start, calendar)
        provisional = self.uses_calendar and due > ANNOUNCED_HORIZON.last_announced
        return Deadline(start=start, period=self, due=due, provisional=provisional)

    def apply_backward(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        """The latest start ``s`` with ``self.apply(s) <= end`` (see the module's note).

        Raises :class:`~adoption_rules.core.errors.DateOutOfRangeError` when no start
        on or after :data:`~adoption_rules.core.calendar.MIN_DATE` has its deadline by ``end``.
        """
        raise NotImplementedError  # pragma: no cover

    def latest_start(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> LatestStart:
        """The latest start for this period's deadline to fall on or before ``end``.

        The backward twin of :meth:`deadline`: "by when must the initial visit
        happen for the assessment to be due before the panel date?"
        """
        end = england_date(end, field="end")
        start = self.apply_backward(end, calendar)
        due = self.apply(start, calendar)
        provisional = self.uses_calendar and end > ANNOUNCED_HORIZON.last_announced
        return LatestStart(end=end, period=self, start=start, due=due, provisional=provisional)


_MIN_ORDINAL: Final = MIN_DATE.toordinal()
_MAX_ORDINAL: Final = MAX_DATE.toordinal()


def _checked(start: _dt.date, days: int, what: Period) -> _dt.date:
    if type(start) is not _dt.date:
        start = england_date(start, field="start")
    first = start.toordinal()
    ordinal = first + days
    if not (_MIN_ORDINAL <= first <= _MAX_ORDINAL and _MIN_ORDINAL <= ordinal <= _MAX_ORDINAL):
        raise DateOutOfRangeError(
            f"{start.isoformat()} + {what} is outside the supported range "
            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    return _dt.date.fromordinal(ordinal)


def _no_start(end: _dt.date, what: Period) -> DateOutOfRangeError:
    return DateOutOfRangeError(
        f"no start on or after {MIN_DATE.isoformat()} has {what} ending by {end.isoformat()}"
    )


def _checked_back(end: _dt.date, days: int, what: Period) -> _dt.date:
    end = england_date(end, field="end")
    last = end.toordinal()
    if not _MIN_ORDINAL <= last <= _MAX_ORDINAL:
        raise DateOutOfRangeError(
            f"end: {end.isoformat()} is outside the supported range "
            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    if last - days < _MIN_ORDINAL:
        raise _no_start(end, what)
    return _dt.date.fromordinal(last - days)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _months_back(end: _dt.date, months: int, what: Period) -> _dt.date:
    """The latest start whose clamped ``months`` later is on or before ``end``.

    A start in the month ``months`` before ``end``'s lands in ``end``'s month
    on ``min(start.day, days in end's month)``: every day of that month works
    when ``end`` is its month's last day, otherwise the days up to ``end.day``.
    A start in any later month lands after ``end``'s month.
    """
    end = england_date(end, field="end")
    if not MIN_DATE <= end <= MAX_DATE:
        raise DateOutOfRangeError(
            f"end: {end.isoformat()} is outside the supported range "
            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    year, month0 = divmod(end.year * 12 + (end.month - 1) - months, 12)
    if year < MIN_DATE.year:
        raise _no_start(end, what)
    month = month0 + 1
    length = _days_in_month(year, month)
    if end.day == _days_in_month(end.year, end.month):
        return _dt.date(year, month, length)
    return _dt.date(year, month, min(end.day, length))


@dataclass(frozen=True, slots=True)
class WorkingDays(Period):
    """N working days: due on the N-th working day strictly after the start."""

    unit: ClassVar[str] = "working days"
    unit_singular: ClassVar[str] = "working day"
    uses_calendar: ClassVar[bool] = True

    def apply(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return (calendar or england_calendar()).add_working_days(start, self.count)

    def apply_backward(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return (calendar or england_calendar()).latest_start(end, self.count)


@dataclass(frozen=True, slots=True)
class Days(Period):
    """N calendar days."""

    unit: ClassVar[str] = "days"
    unit_singular: ClassVar[str] = "day"

    def apply(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _checked(start, self.count, self)

    def apply_backward(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _checked_back(end, self.count, self)


@dataclass(frozen=True, slots=True)
class Weeks(Period):
    """N weeks: start + 7 x N days."""

    unit: ClassVar[str] = "weeks"
    unit_singular: ClassVar[str] = "week"

    def apply(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _checked(start, 7 * self.count, self)

    def apply_backward(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _checked_back(end, 7 * self.count, self)


def _add_months(start: _dt.date, months: int, what: Period | None) -> _dt.date:
    """``start`` + ``months`` calendar months, by ``dateutil.relativedelta``: the day is
    clamped to the month's end when it does not exist (contract convention 5).
    ``what`` is the period asked for, for an error's message (``None``: the months)."""
    if type(start) is _dt.date:
        # A caseload asks for the same few thousand (start, months) pairs again and
        # again (review cadences from the same order dates): answers already
        # checked and worked out are remembered, up to _SHIFTED_BOUND of them.
        known = _SHIFTED.get((start, months))
        if known is not None:
            return known
    else:
        start = england_date(start, field="start")
    year = start.year + (start.month - 1 + months) // 12
    if not MIN_DATE.year <= year <= MAX_DATE.year or not MIN_DATE <= start <= MAX_DATE:
        asked = f"{months} months" if what is None else str(what)
        raise DateOutOfRangeError(
            f"{start.isoformat()} + {asked} is outside the supported range "
            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    # Imported here for start-up speed: `deadline START "5 working days"` needs no months.
    from dateutil.relativedelta import relativedelta

    # relativedelta costs about 3.5 us a call.
    shifted: _dt.date = start + relativedelta(months=months)
    if len(_SHIFTED) >= _SHIFTED_BOUND:
        _SHIFTED.clear()  # memory stays bounded in a long-running process
    _SHIFTED[start, months] = shifted
    return shifted


def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` plus ``months`` calendar months (minus, when negative), clamped to the
    month's end like every month arithmetic here (contract convention 5): the same
    date as ``day + relativedelta(months=months)``, remembered like :class:`Months`.

    >>> add_months(_dt.date(2027, 3, 31), -1)
    datetime.date(2027, 2, 28)
    """
    return _add_months(day, months, None)


#: ``(start, months)`` -> ``start`` plus ``months`` months, for dates in range.
_SHIFTED: dict[tuple[_dt.date, int], _dt.date] = {}
_SHIFTED_BOUND: Final = 1 << 16


@dataclass(frozen=True, slots=True)
class Months(Period):
    """N calendar months, clamped to the month's end (2024-01-31 + 1 month = 2024-02-29)."""

    unit: ClassVar[str] = "months"
    unit_singular: ClassVar[str] = "month"

    def apply(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _add_months(start, self.count, self)

    def apply_backward(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _months_back(end, self.count, self)


@dataclass(frozen=True, slots=True)
class Years(Period):
    """N years: 12 x N months, clamped (2024-02-29 + 1 year = 2025-02-28)."""

    unit: ClassVar[str] = "years"
    unit_singular: ClassVar[str] = "year"

    def apply(self, start: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _add_months(start, 12 * self.count, self)

    def apply_backward(self, end: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        return _months_back(end, 12 * self.count, self)


_UNITS: Final[dict[str, type[Period]]] = {
    "working day": WorkingDays,
    "working days": WorkingDays,
    "wd": WorkingDays,
    "day": Days,
    "days": Days,
    "calendar day": Days,
    "calendar days": Days,
    "week": Weeks,
    "weeks": Weeks,
    "month": Months,
    "months": Months,
    "calendar month": Months,
    "calendar months": Months,
    "year": Years,
    "years": Years,
}

_PERIOD_RE: Final = re.compile(r"^\s*(\d+)\s*([a-z][a-z ]*?)\s*$")


#: The longest period text :func:`parse_period` reads ("10000 working days" is 18).
MAX_PERIOD_TEXT: Final = 40


def parse_period(text: str) -> Period:
    """Read a period from words: ``"5 working days"``, ``"4 weeks"``, ``"1 month"``.

    Accepts the singular and plural of working day, day, week, month and year
    (case-insensitive), and ``"calendar days"``/``"calendar months"``.
    Raises :class:`~adoption_rules.core.errors.PeriodError` on anything else,
    including negative or fractional counts.
    """
    if not isinstance(text, str):
        raise PeriodError(f"a period is written like '5 working days', got {type(text).__name__}")
    if len(text) > MAX_PERIOD_TEXT:
        raise PeriodError(
            f"a period is written like '5 working days', in at most {MAX_PERIOD_TEXT} characters"
        )
    match = _PERIOD_RE.match(text.lower())
    if match is None:
        raise PeriodError(
            "cannot read the period: write a whole number and a unit, "
            "for example '5 working days', '4 weeks', '2 months' or '1 year'"
        )
    count, unit = int(match.group(1)), " ".join(match.group(2).split())
    kind = _UNITS.get(unit)
    if kind is None:
        raise PeriodError(
            "unknown unit in the period: use working days, days, weeks, months or years"
        )
    return kind(count)
