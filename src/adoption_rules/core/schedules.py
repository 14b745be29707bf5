"""Recurring schedules (contract convention 6).

* :class:`AnchoredSchedule`: the k-th occurrence is ``anchor + k x period``,
  computed from the anchor every time, never chained.  Order date
  2023-08-31, every 6 months: 2024-02-29, 2024-08-31, 2025-02-28, ...
* :class:`RollingSchedule`: the next occurrence is the last time it was done
  plus the period; the first counts from the starting event.

>>> import datetime as dt
>>> from adoption_rules.core.periods import Months
>>> s = AnchoredSchedule(dt.date(2023, 8, 31), Months(6), limit=3)
>>> [d.isoformat() for d in s.occurrences()]
['2024-02-29', '2024-08-31', '2025-02-28']
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator

import attrs

from adoption_rules.core.calendar import WorkingCalendar
from adoption_rules.core.errors import DateOutOfRangeError, PeriodError
from adoption_rules.core.periods import Period

__all__ = ["AnchoredSchedule", "RollingSchedule"]


def _positive_or_none(
    instance: object, attribute: attrs.Attribute[int | None], value: object
) -> None:
    if value is not None and (type(value) is not int or value < 1):
        raise PeriodError("a schedule's limit must be a whole number of 1 or more")


def _nonzero_period(instance: object, attribute: attrs.Attribute[Period], value: Period) -> None:
    if not isinstance(value, Period):
        raise PeriodError(f"a schedule's period must be a Period, got {type(value).__name__}")
    if value.count == 0:
        raise PeriodError("a recurring schedule needs a period longer than zero")


@attrs.frozen
class AnchoredSchedule:
    """Occurrences at ``anchor + k x period`` for k = 1, 2, ... (``limit`` of them, if set)."""

    anchor: _dt.date
    period: Period = attrs.field(validator=_nonzero_period)
    limit: int | None = attrs.field(default=None, validator=_positive_or_none)

    def occurrence(self, k: int, calendar: WorkingCalendar | None = None) -> _dt.date:
        """The ``k``-th occurrence (1-based), from the anchor, never chained."""
        if type(k) is not int or k < 1:
            raise PeriodError(f"occurrences are numbered from 1, got {k!r}")
        if self.limit is not None and k > self.limit:
            raise PeriodError(f"this schedule has {self.limit} occurrences, not {k}")
        return self.period.times(k).apply(self.anchor, calendar)

    def occurrences(
        self, until: _dt.date | None = None, calendar: WorkingCalendar | None = None
    ) -> Iterator[_dt.date]:
        """Occurrences in order, up to ``until`` inclusive (or all ``limit`` of them).

        Without ``until`` or ``limit`` the iterator stops at the end of the
        supported range.
        """
        k = 1
        while self.limit is None or k <= self.limit:
            try:
                day = self.occurrence(k, calendar)
            except DateOutOfRangeError:
                return
            if until is not None and day > until:
                return
            yield day
            k += 1


@attrs.frozen
class RollingSchedule:
    """The next occurrence is the last time it was done plus ``period``."""

    period: Period = attrs.field(validator=_nonzero_period)

    def next_due(self, last: _dt.date, calendar: WorkingCalendar | None = None) -> _dt.date:
        """Due date of the next occurrence after it was last done (or started) on ``last``."""
        return self.period.apply(last, calendar)
