"""The time left to an obligation's due date, as of the day a result is for.

:func:`time_left` answers "how many working days remain?" for a pending
obligation and "how many days late?" for an overdue one, with the same
calendar as the deadline (England's bank holidays and the agency's closure
days):

* ``working_days_left``: the working days after ``as_of`` up to and including
  the due date, counted as a deadline is (the day of ``as_of`` is not
  counted): ``0`` on the due date itself, ``1`` the day before a working due
  date (or the Friday before it, when it falls on a Monday);
* ``calendar_days_left``: ``due - as_of`` in days;
* ``days_late``: ``as_of - due`` in days, for an overdue obligation.

Each is ``None`` where it does not apply: met, cancelled and closed
obligations have no time left, and an obligation with no due date has none to
count.  An ``as_of`` outside the calendar's years (1990-2099) leaves
``working_days_left`` as ``None``.

>>> import datetime as dt
>>> from adoption_rules.core.calendar import england_calendar
>>> from adoption_rules.core.model import Status
>>> time_left(dt.date(2025, 4, 24), Status.PENDING, dt.date(2025, 4, 17), england_calendar())
TimeLeft(working_days_left=3, calendar_days_left=7, days_late=None)
"""

from __future__ import annotations

import datetime as _dt
from typing import Final

import attrs

from adoption_rules.core.calendar import WorkingCalendar
from adoption_rules.core.errors import DateOutOfRangeError
from adoption_rules.core.model import Status

__all__ = ["NO_TIME_LEFT", "TIME_LEFT_FIELDS", "TimeLeft", "time_left"]

#: The fields :class:`TimeLeft` adds to an obligation (``--time-left``), in order.
TIME_LEFT_FIELDS: Final = ("working_days_left", "calendar_days_left", "days_late")


@attrs.frozen
class TimeLeft:
    """Time to the due date (pending, open) or past it (overdue); ``None`` if not applicable."""

    working_days_left: int | None
    calendar_days_left: int | None
    days_late: int | None

    def as_dict(self) -> dict[str, int | None]:
        """The three fields by name, as the JSON output writes them."""
        return {
            "working_days_left": self.working_days_left,
            "calendar_days_left": self.calendar_days_left,
            "days_late": self.days_late,
        }


#: Nothing to count: a met, cancelled or closed obligation, or one with no due date.
NO_TIME_LEFT: Final = TimeLeft(None, None, None)


def time_left(
    due: _dt.date | None, status: Status, as_of: _dt.date, calendar: WorkingCalendar
) -> TimeLeft:
    """The time left to ``due`` as of ``as_of`` for an obligation of ``status``."""
    if due is None:
        return NO_TIME_LEFT
    if status is Status.PENDING or status is Status.OPEN:
        try:
            working: int | None = calendar.working_days_between(as_of, due)
        except DateOutOfRangeError:  # an as_of outside the calendar's years
            working = None
        return TimeLeft(working, (due - as_of).days, None)
    if status is Status.OVERDUE:
        return TimeLeft(None, None, (as_of - due).days)
    return NO_TIME_LEFT
