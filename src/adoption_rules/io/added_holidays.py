"""Bank holidays announced after this release: apply them today, and see what they move.

The library ships a snapshot of England's bank holidays
(:data:`~adoption_rules.core.calendar.ANNOUNCED_HORIZON` says whose and when).  When
the government announces another (a one-off day for a national event, as in
2022 and 2023), a user need not wait for a release:

* :func:`read_added_holidays` reads a file of them, in the closure-days
  style: one ``YYYY-MM-DD`` a line, optionally followed by the holiday's name;
  ``#`` starts a comment;
* :func:`add_bank_holidays` gives a registry whose every region counts them
  as bank holidays, as if they were in the snapshot;
* ``adoption-rules diff FILE --added-holidays days.txt`` lists the computed
  deadlines that would move; ``evaluate`` and ``explain`` take the same option.

>>> import datetime as dt
>>> from adoption_rules.plugins.registry import default_registry
>>> registry = add_bank_holidays(default_registry(), {dt.date(2027, 6, 7): "Extra day"})
>>> registry.policy("england").calendar.add_working_days(dt.date(2027, 6, 4), 1)
datetime.date(2027, 6, 8)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Final

from adoption_rules.core.calendar import MAX_DATE, MIN_DATE, WorkingCalendar
from adoption_rules.core.errors import AdoptionRulesError, NotUtf8Error, decode_utf8
from adoption_rules.plugins.policy import Policy, ResolvedNoRule, ResolvedRule
from adoption_rules.plugins.registry import Registry

__all__ = [
    "DEFAULT_NAME",
    "AddedHolidaysError",
    "HolidayPolicy",
    "HolidayRegistry",
    "add_bank_holidays",
    "read_added_holidays",
]

#: The name a day gets when its line names none.
DEFAULT_NAME: Final = "Added bank holiday"


class AddedHolidaysError(AdoptionRulesError, ValueError):
    """A file of added bank holidays that cannot be read: names the file and the line."""


def read_added_holidays(path: str | Path) -> dict[dt.date, str]:
    """Read added bank holidays: ``YYYY-MM-DD [name]`` a line; ``#`` starts a comment.

    Raises :class:`AddedHolidaysError` naming the file and the line of a line
    that is not a date in 1990-2099, or a date given twice.
    """
    path = Path(path)
    try:
        text = decode_utf8(path.read_bytes())
    except OSError as exc:
        raise AddedHolidaysError(
            f"{path}: cannot read added bank holidays ({exc.strerror})"
        ) from None
    except NotUtf8Error as exc:
        raise AddedHolidaysError(f"{path}, {exc}") from None
    days: dict[dt.date, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        head, _, name = entry.partition(" ")
        where = f"{path}, line {number}"
        try:
            if len(head) != 10:
                raise ValueError
            day = dt.date.fromisoformat(head)
        except ValueError:
            raise AddedHolidaysError(
                f"{where}: expected a YYYY-MM-DD date, then optionally the holiday's name"
            ) from None
        if not MIN_DATE <= day <= MAX_DATE:
            raise AddedHolidaysError(
                f"{where}: the date is outside the supported range "
                f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}"
            )
        if day in days:
            raise AddedHolidaysError(f"{where}: the date is given twice")
        days[day] = " ".join(name.split()) or DEFAULT_NAME
    return days


class HolidayPolicy(Policy):
    """A region's policy whose calendar counts some more days as bank holidays.

    Shares the base policy's plugin manager and rules; only the calendar differs.
    """

    def __init__(self, base: Policy, added: Mapping[dt.date, str]) -> None:
        # Deliberately not Policy.__init__: the plugins are the base policy's.
        self.region = base.region
        self.pm = base.pm
        self.base = base
        self.added = dict(added)

    def __repr__(self) -> str:
        return f"HolidayPolicy(region={self.region.name!r}, added={len(self.added)} days)"

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """As the base policy's."""
        return self.base.kinds

    @cached_property
    def rules(self) -> tuple[ResolvedRule, ...]:
        """As the base policy's."""
        return self.base.rules

    def rule(self, kind: str) -> ResolvedRule | None:
        """As the base policy's."""
        return self.base.rule(kind)

    def resolve(self, kind: str) -> ResolvedRule | ResolvedNoRule:
        """As the base policy's."""
        return self.base.resolve(kind)

    @cached_property
    def closure_days_decided_by(self) -> str | None:
        """As the base policy's."""
        return self.base.closure_days_decided_by

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The base policy's calendar (its closure days too), with the added bank holidays."""
        base = self.base.calendar
        return WorkingCalendar(base.closures, bank_holidays={**base.bank_holidays, **self.added})


class HolidayRegistry(Registry):
    """A registry whose policies count the added days as bank holidays."""

    def __init__(self, base: Registry, added: Mapping[dt.date, str]) -> None:
        super().__init__(base.info(name) for name in base.names)
        vars(self).update(vars(base))  # the base's regions, add-ons, providers...
        self._policies = {}
        self.base = base
        self.added = dict(added)
        self._with_holidays: dict[str, Policy] = {}

    def policy(self, name: str) -> Policy:
        """The base registry's policy for ``name``, with the added bank holidays, cached."""
        policy = self._with_holidays.get(name)
        if policy is None:
            policy = self._with_holidays[name] = HolidayPolicy(self.base.policy(name), self.added)
        return policy


def add_bank_holidays(registry: Registry, added: Mapping[dt.date, str]) -> Registry:
    """A registry like ``registry`` whose every region counts ``added`` as bank holidays."""
    return HolidayRegistry(registry, added) if added else registry
