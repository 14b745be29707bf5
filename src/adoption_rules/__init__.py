"""adoption_rules: the English adoption-support procedure and its deadlines, as code.

Every public name loads on first use (``from adoption_rules import
evaluate`` imports the engine then), so ``import adoption_rules`` stays fast
for a command-line tool.  ``docs/architecture.md`` describes the layers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adoption_rules import _moved

if TYPE_CHECKING:  # pragma: no cover - the lazy names below, for type checkers
    from adoption_rules.api import evaluate, evaluate_many
    from adoption_rules.core.calendar import (
        ANNOUNCED_HORIZON,
        MAX_DATE,
        MIN_DATE,
        SkippedDays,
        WorkingCalendar,
        england_calendar,
        england_date,
        parse_date,
    )
    from adoption_rules.core.errors import (
        AdoptionRulesError,
        DateError,
        DateOutOfRangeError,
        NaiveDatetimeError,
        PeriodError,
    )
    from adoption_rules.core.periods import (
        Days,
        Deadline,
        LatestStart,
        Months,
        Period,
        Weeks,
        WorkingDays,
        Years,
        parse_period,
    )
    from adoption_rules.core.schedules import AnchoredSchedule, RollingSchedule
    from adoption_rules.io.converter import structure_case, unstructure
    from adoption_rules.notebook import to_dataframe

__version__ = "0.1.0"

# Old module paths (adoption_rules.calendar, ...) import for one more release.
_moved.install()

#: Every public name, and the module it is loaded from on first use: the
#: package imports nothing until asked, so a command that only needs a date
#: loads neither cattrs nor pluggy (nor the calendar, until it needs it).
_LAZY: dict[str, str] = {
    "ANNOUNCED_HORIZON": "adoption_rules.core.calendar",
    "MAX_DATE": "adoption_rules.core.calendar",
    "MIN_DATE": "adoption_rules.core.calendar",
    "SkippedDays": "adoption_rules.core.calendar",
    "WorkingCalendar": "adoption_rules.core.calendar",
    "england_calendar": "adoption_rules.core.calendar",
    "england_date": "adoption_rules.core.calendar",
    "parse_date": "adoption_rules.core.calendar",
    "AdoptionRulesError": "adoption_rules.core.errors",
    "DateError": "adoption_rules.core.errors",
    "DateOutOfRangeError": "adoption_rules.core.errors",
    "NaiveDatetimeError": "adoption_rules.core.errors",
    "PeriodError": "adoption_rules.core.errors",
    "Days": "adoption_rules.core.periods",
    "Deadline": "adoption_rules.core.periods",
    "LatestStart": "adoption_rules.core.periods",
    "Months": "adoption_rules.core.periods",
    "Period": "adoption_rules.core.periods",
    "Weeks": "adoption_rules.core.periods",
    "WorkingDays": "adoption_rules.core.periods",
    "Years": "adoption_rules.core.periods",
    "parse_period": "adoption_rules.core.periods",
    "AnchoredSchedule": "adoption_rules.core.schedules",
    "RollingSchedule": "adoption_rules.core.schedules",
    "evaluate": "adoption_rules.api",
    "evaluate_many": "adoption_rules.api",
    "structure_case": "adoption_rules.io.converter",
    "unstructure": "adoption_rules.io.converter",
    "to_dataframe": "adoption_rules.notebook",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'adoption_rules' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


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
    "LatestStart",
    "Months",
    "NaiveDatetimeError",
    "Period",
    "PeriodError",
    "RollingSchedule",
    "SkippedDays",
    "Weeks",
    "WorkingCalendar",
    "WorkingDays",
    "Years",
    "__version__",
    "england_calendar",
    "england_date",
    "evaluate",
    "evaluate_many",
    "parse_date",
    "parse_period",
    "structure_case",
    "to_dataframe",
    "unstructure",
]
