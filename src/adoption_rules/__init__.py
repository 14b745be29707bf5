"""adoption_rules: the English adoption-support procedure and its deadlines, as code.

The calendar (working days in England, periods, schedules) is imported
eagerly; it is small.  Everything else loads on first use, so
``import adoption_rules`` stays fast for a command-line tool.
"""

from __future__ import annotations

from adoption_rules.calendar import (
    ANNOUNCED_HORIZON,
    MAX_DATE,
    MIN_DATE,
    WorkingCalendar,
    england_calendar,
    england_date,
    parse_date,
)
from adoption_rules.errors import (
    AdoptionRulesError,
    DateError,
    DateOutOfRangeError,
    NaiveDatetimeError,
    PeriodError,
)
from adoption_rules.periods import (
    Days,
    Deadline,
    Months,
    Period,
    Weeks,
    WorkingDays,
    Years,
    parse_period,
)
from adoption_rules.schedules import AnchoredSchedule, RollingSchedule

__version__ = "0.1.0"

__all__ = [
    "ANNOUNCED_HORIZON",
    "MAX_DATE",
    "MIN_DATE",
    "AdoptionRulesError",
    "AnchoredSchedule",
    "DateError",
    "DateOutOfRangeError",
    "Days",
    "Deadline",
    "Months",
    "NaiveDatetimeError",
    "Period",
    "PeriodError",
    "RollingSchedule",
    "Weeks",
    "WorkingCalendar",
    "WorkingDays",
    "Years",
    "__version__",
    "england_calendar",
    "england_date",
    "parse_date",
    "parse_period",
]
