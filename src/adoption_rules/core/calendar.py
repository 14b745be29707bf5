"""England's working-day calendar: the clock behind every deadline.

Conventions (``shared/guide/contract.md``, conventions 1-3 and 10):

* A date is a calendar date in England.  A timezone-aware ``datetime`` becomes
  its Europe/London date; a naive ``datetime`` is refused
  (:func:`england_date`).
* A working day is Monday to Friday, not an England-and-Wales bank holiday
  (one-off and substitute days included) and not one of the agency's own
  closure days.
* "within N working days of E" is the N-th working day strictly after E; the
  day of E is never counted, working day or not.
* A computation that reaches past the last bank holiday the government has
  announced (:data:`ANNOUNCED_HORIZON`) is *provisional*.

The calendar is a precomputed table over :data:`MIN_DATE`..:data:`MAX_DATE`:
``add_working_days`` is two list look-ups, not a day-by-day loop.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from adoption_rules.core import _bank_holidays
from adoption_rules.core.errors import (
    DateError,
    DateOutOfRangeError,
    NaiveDatetimeError,
    PeriodError,
)

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "ANNOUNCED_HORIZON",
    "MAX_DATE",
    "MIN_DATE",
    "AnnouncedHorizon",
    "SkippedDays",
    "WorkingCalendar",
    "england_calendar",
    "england_date",
    "iso_date",
    "parse_date",
    "today_in_england",
]

#: First and last dates the calendar answers for.  A date, or a deadline, outside
#: this range raises :class:`~adoption_rules.core.errors.DateOutOfRangeError`.
MIN_DATE: Final = _dt.date(_bank_holidays.FIRST_YEAR, 1, 1)
MAX_DATE: Final = _dt.date(_bank_holidays.LAST_YEAR, 12, 31)

_BASE: Final = MIN_DATE.toordinal()
_SPAN: Final = MAX_DATE.toordinal() - _BASE + 1


@dataclass(frozen=True, slots=True)  # stdlib, not attrs: see core/periods.py
class AnnouncedHorizon:
    """The last bank holiday the government had announced, as dated, sourced data."""

    last_announced: _dt.date
    source: str
    read_on: _dt.date


#: Bank holidays are announced about two years ahead and one-off days have been
#: added at short notice (2022-06-03, 2022-09-19, 2023-05-08), so a deadline
#: computed across a later date may still move: it is marked provisional.
ANNOUNCED_HORIZON: Final = AnnouncedHorizon(
    last_announced=_dt.date(2028, 12, 26),
    source=(
        "GOV.UK bank holidays feed, england-and-wales division, as copied in the "
        "govuk-bank-holidays 0.19 package; its last event is Boxing Day 2028-12-26"
    ),
    read_on=_dt.date(2026, 11, 23),
)


@dataclass(frozen=True, slots=True)
class SkippedDays:
    """The days a working-day count passed over: what moved the due date.

    ``bank_holidays`` are ``(date, name)`` pairs, substitute and one-off days
    included; ``closures`` are the agency's own closure days that are not bank
    holidays; ``weekend_days`` the Saturdays and Sundays counted out (a closure
    day on a weekend counts as a weekend day).  All lie strictly between the
    start and the due date.
    """

    bank_holidays: tuple[tuple[_dt.date, str], ...]
    closures: tuple[_dt.date, ...]
    weekend_days: int

    @property
    def total(self) -> int:
        """Every day skipped: bank holidays, closures and weekend days."""
        return len(self.bank_holidays) + len(self.closures) + self.weekend_days


_LONDON: _dt.tzinfo | None = None  # resolved lazily: zoneinfo costs a few ms at import


def england_date(value: object, *, field: str = "date") -> _dt.date:
    """Return the calendar date in England that ``value`` stands for.

    A ``date`` is returned as it is; a timezone-aware ``datetime`` becomes its
    Europe/London date (23:30 UTC on a summer evening is already the next day
    in London).  A naive ``datetime`` is refused: which day it means in
    England is unknown.  ``field`` names the value in the error message.
    """
    if type(value) is _dt.date:
        return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
            raise NaiveDatetimeError(
                f"{field}: a naive datetime ({value.isoformat()}) has no time zone; "
                "pass a datetime.date, or a timezone-aware datetime"
            )
        global _LONDON
        if _LONDON is None:
            from zoneinfo import ZoneInfo

            _LONDON = ZoneInfo("Europe/London")
        return value.astimezone(_LONDON).date()
    if isinstance(value, _dt.date):  # a date subclass
        return _dt.date(value.year, value.month, value.day)
    raise DateError(f"{field}: expected a date, got {type(value).__name__}")


def today_in_england() -> _dt.date:
    """Today's date in Europe/London (the default ``as_of``, contract convention 9)."""
    return england_date(_dt.datetime.now(_dt.UTC))


def parse_date(text: str, *, field: str = "date") -> _dt.date:
    """Parse a ``YYYY-MM-DD`` date strictly (no time, no week dates, no 2025-02-30)."""
    if not isinstance(text, str):
        raise DateError(f"{field}: expected a YYYY-MM-DD string, got {type(text).__name__}")
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise DateError(f"{field}: {text!r} is not a YYYY-MM-DD date")
    try:
        return _dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DateError(f"{field}: {text!r} is not a real date ({exc})") from None


#: ``YYYY-MM-DD`` text of the dates already written.  A batch writes a few
#: thousand distinct dates over and over, and CPython's ``date.isoformat`` is a
#: formatted print (about 4,000 machine instructions a call), so the text is
#: remembered; the table is emptied when it reaches its bound, so memory stays flat.
_ISO_TEXT: dict[_dt.date, str] = {}
_ISO_TEXT_BOUND: Final = 50_000


def iso_date(day: _dt.date) -> str:
    """``day.isoformat()``, remembered (see ``_ISO_TEXT``)."""
    text = _ISO_TEXT.get(day)
    if text is None:
        if len(_ISO_TEXT) >= _ISO_TEXT_BOUND:
            _ISO_TEXT.clear()
        text = _ISO_TEXT[day] = day.isoformat()
    return text


def _check_in_range(day: _dt.date, field: str) -> int:
    offset = day.toordinal() - _BASE
    if not 0 <= offset < _SPAN:
        raise DateOutOfRangeError(
            f"{field}: {day.isoformat()} is outside the supported range "
            f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
        )
    return offset


def _check_count(n: object, what: str = "working days") -> int:
    if type(n) is not int:
        if isinstance(n, int) and not isinstance(n, bool):
            return _check_count(int(n), what)
        raise PeriodError(f"the number of {what} must be a whole number, got {n!r}")
    if n < 0:
        raise PeriodError(f"the number of {what} cannot be negative, got {n}")
    return n


@lru_cache(maxsize=1)
def _all_days() -> tuple[_dt.date, ...]:
    """Every date from MIN_DATE to MAX_DATE, in order, built once and shared."""
    return tuple(map(_dt.date.fromordinal, range(_BASE, _BASE + _SPAN)))


class WorkingCalendar:
    """Working days in England for one agency: weekdays less bank holidays less closures.

    Build one with the agency's own closure days (an office's Christmas
    closure, say), or use :func:`england_calendar` for bank holidays alone.
    The calendar is immutable once built; building takes a few milliseconds.

    >>> import datetime as dt
    >>> cal = england_calendar()
    >>> cal.add_working_days(dt.date(2025, 4, 15), 5)   # Easter in between
    datetime.date(2025, 4, 24)
    """

    __slots__ = ("_closures", "_count", "_holidays", "_np_count", "_np_working", "_working")

    # ``_working`` holds the working days themselves, in order: date objects shared
    # with every calendar (``_all_days``), so that answering is a list look-up
    # rather than building a date (``date.fromordinal`` is a third of a call).

    def __init__(
        self,
        closures: Iterable[_dt.date] = (),
        *,
        bank_holidays: Mapping[_dt.date, str] | None = None,
    ) -> None:
        if bank_holidays is None:
            bank_holidays = _default_bank_holidays()
        closure_set = frozenset(england_date(d, field="closure day") for d in closures)
        for day in closure_set:
            _check_in_range(day, "closure day")
        self._holidays: Mapping[_dt.date, str] = bank_holidays
        self._closures: frozenset[_dt.date] = closure_set
        off = {d.toordinal() - _BASE for d in bank_holidays}
        off.update(d.toordinal() - _BASE for d in closure_set)
        # MIN_DATE's weekday: offsets i with (first_weekday + i) % 7 in (5, 6) are weekends.
        first_weekday = MIN_DATE.weekday()
        days = _all_days()
        working: list[_dt.date] = []
        count: list[int] = []  # count[i]: working days on or before day i
        append_w = working.append
        append_c = count.append
        seen = 0
        for i in range(_SPAN):
            if (first_weekday + i) % 7 < 5 and i not in off:
                append_w(days[i])
                seen += 1
            append_c(seen)
        self._working = working
        self._count = count
        self._np_count: npt.NDArray[np.int64] | None = None
        self._np_working: npt.NDArray[np.int64] | None = None

    # -- facts -----------------------------------------------------------------

    @property
    def closures(self) -> frozenset[_dt.date]:
        """The agency's own closure days this calendar was built with."""
        return self._closures

    @property
    def bank_holidays(self) -> Mapping[_dt.date, str]:
        """The bank holidays this calendar was built with, by date, with their names."""
        return self._holidays

    def bank_holiday_name(self, day: _dt.date) -> str | None:
        """The bank holiday's name on ``day``, or ``None``."""
        return self._holidays.get(england_date(day))

    def is_working_day(self, day: _dt.date) -> bool:
        """Whether ``day`` is a working day (weekday, not a bank holiday or closure)."""
        day = england_date(day)
        i = _check_in_range(day, "date")
        return self._count[i] != (self._count[i - 1] if i else 0)

    def is_provisional(self, *days: _dt.date) -> bool:
        """Whether any of ``days`` lies after the last announced bank holiday."""
        horizon = ANNOUNCED_HORIZON.last_announced
        return any(d > horizon for d in days)

    # -- arithmetic ------------------------------------------------------------

    def add_working_days(self, start: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day strictly after ``start`` (convention 3).

        The start day is never counted, whether or not it is a working day:
        Saturday 2023-05-06 + 1 working day is Tuesday 2023-05-09 (the
        coronation bank holiday is on the Monday).  ``n == 0`` returns
        ``start`` unchanged.  ``n`` must be a non-negative whole number.
        """
        if type(start) is not _dt.date:
            start = england_date(start, field="start")
        if type(n) is not int or n < 0:
            n = _check_count(n)
        offset = start.toordinal() - _BASE
        if not 0 <= offset < _SPAN:
            _check_in_range(start, "start")
        if n == 0:
            return start
        index = self._count[offset] + n - 1
        if index >= len(self._working):
            raise DateOutOfRangeError(
                f"{start.isoformat()} + {n} working days is after {MAX_DATE.isoformat()}, "
                "the last date supported"
            )
        return self._working[index]

    def subtract_working_days(self, end: _dt.date, n: int) -> _dt.date:
        """The ``n``-th working day strictly before ``end`` (``n == 0``: ``end``)."""
        end = england_date(end, field="end")
        n = _check_count(n)
        offset = _check_in_range(end, "end")
        if n == 0:
            return end
        before = self._count[offset - 1] if offset else 0  # working days strictly before end
        index = before - n
        if index < 0:
            raise DateOutOfRangeError(
                f"{end.isoformat()} - {n} working days is before {MIN_DATE.isoformat()}, "
                "the first date supported"
            )
        return self._working[index]

    def latest_start(self, end: _dt.date, n: int) -> _dt.date:
        """The latest start whose ``n``-th working day after it is on or before ``end``.

        The backward twin of :meth:`add_working_days`: with ``s`` the answer,
        ``add_working_days(s, n) <= end < add_working_days(s + 1 day, n)``.
        The answer is the day before a working day, so it may be a weekend or
        a bank holiday: an event on Sunday 2025-04-20 still has Tuesday
        2025-04-22 as its first working day.  ``n == 0`` returns ``end``.
        Raises :class:`~adoption_rules.core.errors.DateOutOfRangeError` when no
        start on or after :data:`MIN_DATE` works.

        >>> import datetime as dt
        >>> england_calendar().latest_start(dt.date(2025, 4, 24), 5)   # Easter skipped
        datetime.date(2025, 4, 15)
        """
        end = england_date(end, field="end")
        n = _check_count(n)
        offset = _check_in_range(end, "end")
        if n == 0:
            return end
        # count[s] working days lie on or before a start s; its n-th working day
        # after is working[count[s] + n - 1], on or before end while
        # count[s] <= count[end] - n: the latest such s is the day before
        # working[count[end] - n].
        index = self._count[offset] - n
        if index < 0 or self._working[index] == MIN_DATE:
            raise DateOutOfRangeError(
                f"no start on or after {MIN_DATE.isoformat()} has {n} working days "
                f"by {end.isoformat()}"
            )
        return _dt.date.fromordinal(self._working[index].toordinal() - 1)

    def skipped_days(self, start: _dt.date, due: _dt.date) -> SkippedDays:
        """The days strictly between ``start`` and ``due`` that are not working days.

        For a working-day deadline (``due = add_working_days(start, n)``) these
        are the days the count passed over: bank holidays (with their names),
        the agency's closure days and the weekend days.

        >>> import datetime as dt
        >>> cal = england_calendar()
        >>> skipped = cal.skipped_days(dt.date(2025, 4, 15), dt.date(2025, 4, 24))
        >>> skipped.bank_holidays
        ((datetime.date(2025, 4, 18), 'Good Friday'), (datetime.date(2025, 4, 21), 'Easter Monday'))
        >>> skipped.weekend_days
        2
        """
        start = england_date(start, field="start")
        due = england_date(due, field="due")
        first = _check_in_range(start, "start") + 1
        last = _check_in_range(due, "due")
        days = _all_days()
        holidays: list[tuple[_dt.date, str]] = []
        closures: list[_dt.date] = []
        weekend = 0
        first_weekday = MIN_DATE.weekday()
        for i in range(first, last):
            day = days[i]
            if (first_weekday + i) % 7 >= 5:
                weekend += 1
                continue
            name = self._holidays.get(day)
            if name is not None:
                holidays.append((day, name))
            elif day in self._closures:
                closures.append(day)
        return SkippedDays(tuple(holidays), tuple(closures), weekend)

    def next_working_day(self, day: _dt.date) -> _dt.date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: _dt.date) -> _dt.date:
        """The last working day strictly before ``day``."""
        return self.subtract_working_days(day, 1)

    def working_days_between(self, start: _dt.date, end: _dt.date) -> int:
        """Count working days ``d`` with ``start < d <= end``: start excluded, end included.

        This is the inverse of :meth:`add_working_days`: for ``n >= 1``,
        ``working_days_between(s, add_working_days(s, n)) == n``.  When
        ``end < start`` the count is negative (the same days, counted back).
        """
        start = england_date(start, field="start")
        end = england_date(end, field="end")
        i = _check_in_range(start, "start")
        j = _check_in_range(end, "end")
        return self._count[j] - self._count[i]

    def working_days_in(self, start: _dt.date, end: _dt.date) -> list[_dt.date]:
        """The working days ``d`` with ``start < d <= end``, in order."""
        start = england_date(start, field="start")
        n = self.working_days_between(start, end)
        if n <= 0:
            return []
        first = self._count[start.toordinal() - _BASE]
        return self._working[first : first + n]

    # -- batches ---------------------------------------------------------------

    def add_working_days_batch(
        self, starts: npt.ArrayLike, ns: npt.ArrayLike
    ) -> npt.NDArray[np.datetime64]:
        """Vectorised :meth:`add_working_days` over arrays (needs the ``numpy`` extra).

        ``starts`` is anything ``numpy.asarray(..., dtype="datetime64[D]")``
        accepts; ``ns`` non-negative integers of the same shape.  Returns a
        ``datetime64[D]`` array.  Same conventions and errors as the scalar call.
        """
        try:
            import numpy as np
        except ImportError as exc:  # pragma: no cover - exercised without numpy only
            raise ImportError(
                "add_working_days_batch needs numpy: pip install 'adoption-rules[numpy]'"
            ) from exc
        if self._np_count is None or self._np_working is None:
            self._np_count = np.asarray(self._count, dtype=np.int64)
            self._np_working = np.asarray([d.toordinal() for d in self._working], dtype=np.int64)
        start_arr = np.asarray(starts, dtype="datetime64[D]")
        n_arr = np.asarray(ns)
        if n_arr.dtype.kind not in "iu":
            raise PeriodError("the numbers of working days must be whole numbers")
        if n_arr.size and int(n_arr.min()) < 0:
            raise PeriodError("the numbers of working days cannot be negative")
        # datetime64[D] counts days from 1970-01-01 (ordinal 719163).
        offsets = start_arr.astype(np.int64) + (719163 - _BASE)
        if offsets.size and (int(offsets.min()) < 0 or int(offsets.max()) >= _SPAN):
            raise DateOutOfRangeError(
                f"a start date is outside the supported range "
                f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
            )
        index = self._np_count[offsets] + n_arr - 1
        if index.size and int(index.max()) >= len(self._working):
            raise DateOutOfRangeError(f"a deadline falls after {MAX_DATE.isoformat()}")
        zero = n_arr == 0
        result = self._np_working[np.where(zero, 0, index)] - 719163
        result = np.where(zero, offsets + _BASE - 719163, result)
        out: npt.NDArray[np.datetime64] = result.astype("datetime64[D]")
        return out

    def __repr__(self) -> str:
        return f"WorkingCalendar(closures={len(self._closures)} days)"


@lru_cache(maxsize=1)
def _default_bank_holidays() -> Mapping[_dt.date, str]:
    fromiso = _dt.date.fromisoformat
    return {fromiso(day): name for day, name in _bank_holidays.BANK_HOLIDAYS}


@lru_cache(maxsize=64)
def _cached_calendar(closures: frozenset[_dt.date]) -> WorkingCalendar:
    return WorkingCalendar(closures)


def england_calendar(closures: Iterable[_dt.date] = ()) -> WorkingCalendar:
    """The shared calendar of England's bank holidays plus ``closures`` (cached)."""
    return _cached_calendar(frozenset(closures))


def holidays_package_calendar(closures: Iterable[_dt.date] = ()) -> WorkingCalendar:
    """A calendar built from the installed ``holidays`` package rather than the snapshot.

    Use it when a newer ``holidays`` release knows a bank holiday announced
    after this release of ``adoption-rules`` was made.  Costs about 100 ms.
    """
    import holidays

    table = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(MIN_DATE.year, MAX_DATE.year + 1)
    )
    return WorkingCalendar(closures, bank_holidays={d: str(n) for d, n in table.items()})
