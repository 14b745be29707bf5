"""Dated, cited policy values: a parameter and its history.

Every policy value is a :class:`Param`: a named value with a history keyed by
the date each value takes effect (inclusive, to the day), each value with its
own citation.  A history may also say that a value *ended* (:class:`Ended`: no
rule from that date), which is different from a value of ``None`` (the step
exists with no time limit) and from :class:`Unknown` (a value nobody has
confirmed yet).  See ``docs/dated-policy.md``.

>>> import datetime as dt
>>> from adoption_rules.core.periods import WorkingDays
>>> p = Param.fixed("t4c.referral_sign_off", WorkingDays(5), "T4C 7.10")
>>> p.at(dt.date(2026, 1, 5)).value
WorkingDays(count=5)
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Generic, TypeVar

import attrs

__all__ = ["DatedValue", "Ended", "Param", "Span", "Unknown"]

T = TypeVar("T")


@attrs.frozen
class DatedValue(Generic[T]):
    """One value of a parameter, in force from ``effective_from`` (inclusive).

    ``effective_from=None`` means "since before any case we evaluate".
    ``value=None`` on a period parameter means the process includes the step
    but sets no time limit (the obligation is listed with ``due: null``).
    """

    value: T
    citation: str
    effective_from: dt.date | None = None

    @functools.cached_property
    def text(self) -> str | None:
        """The value as words (``str`` of it; ``None`` for no value), worked out once."""
        return None if self.value is None else str(self.value)


@attrs.frozen
class Ended:
    """The end of a parameter: from ``effective_from`` (inclusive) there is no rule.

    A trigger on or after that date creates no obligation, and a recurring
    obligation whose next occurrence would start on or after it stops.  Not
    the same as a value of ``None`` ("the step exists, with no time limit").
    A later :class:`DatedValue` in the history starts the rule again.
    ``citation`` names the decision that withdrew the rule.
    """

    citation: str
    effective_from: dt.date
    reason: str = ""


@attrs.frozen
class Unknown:
    """A value nobody has confirmed yet, and why: never guessed, never carried forward.

    Used as a parameter's value (``Param[FairAccessLimit | Unknown]``) for a
    period whose figures are not published (the Adoption Support Fund's
    2026/27 limits); an answer that needs it says so instead of computing.
    """

    reason: str


@attrs.frozen
class Span(Generic[T]):
    """The days one history entry is in force: ``start`` to ``until``, both inclusive.

    ``start=None``: since before any case we evaluate; ``until=None``: still in force.
    """

    start: dt.date | None
    until: dt.date | None
    entry: DatedValue[T] | Ended

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, dt.date):
            return False
        return (self.start is None or self.start <= day) and (
            self.until is None or day <= self.until
        )


def _sorted_history(
    instance: Param[T], attribute: attrs.Attribute[tuple[DatedValue[T] | Ended, ...]], value: object
) -> None:
    history = instance.history
    if not any(isinstance(v, DatedValue) for v in history):
        raise ValueError(f"parameter {instance.name!r} has no value")
    starts = [v.effective_from for v in history]
    if starts[0] is not None and any(s is None for s in starts):
        raise ValueError(f"parameter {instance.name!r}: only the first value may be undated")
    if starts.count(None) > 1:
        raise ValueError(f"parameter {instance.name!r}: only the first value may be undated")
    dated = [s for s in starts if s is not None]
    if dated != sorted(set(dated)):
        raise ValueError(f"parameter {instance.name!r}: values must be in date order, one per date")
    for v in history:
        if not v.citation:
            raise ValueError(f"parameter {instance.name!r}: every value needs a citation")


@attrs.frozen
class Param(Generic[T]):
    """A named policy value with its history (see the module docstring).

    ``history`` lists :class:`DatedValue` entries (and :class:`Ended` ones) in
    date order, at most one per date; only the first may be undated.  Each
    entry is in force from its date (inclusive) until the day before the next.
    """

    name: str
    history: tuple[DatedValue[T] | Ended, ...] = attrs.field(validator=_sorted_history)

    @classmethod
    def fixed(
        cls, name: str, value: T, citation: str, effective_from: dt.date | None = None
    ) -> Param[T]:
        """A parameter with one value."""
        return cls(name, (DatedValue(value, citation, effective_from),))

    def in_force(self, day: dt.date) -> DatedValue[T] | Ended | None:
        """The entry in force on ``day``: a value, an :class:`Ended`, or ``None`` before any."""
        history = self.history
        if len(history) == 1:  # most parameters: one value, usually undated
            only = history[0]
            start = only.effective_from
            return only if start is None or start <= day else None
        found: DatedValue[T] | Ended | None = None
        for candidate in history:
            start = candidate.effective_from
            if start is None or start <= day:
                found = candidate
            else:
                break
        return found

    def at(self, day: dt.date) -> DatedValue[T] | None:
        """The value in force on ``day``; ``None`` when none is (not started yet, or ended)."""
        found = self.in_force(day)
        return found if isinstance(found, DatedValue) else None

    @property
    def current(self) -> DatedValue[T]:
        """The latest value (whether or not a later :class:`Ended` withdrew it)."""
        for entry in reversed(self.history):
            if isinstance(entry, DatedValue):
                return entry
        raise AssertionError("unreachable: the validator requires a value")  # pragma: no cover

    def spans(self) -> tuple[Span[T], ...]:
        """Each entry with the first and last day it is in force (both inclusive)."""
        history = self.history
        out = []
        for i, entry in enumerate(history):
            nxt = history[i + 1].effective_from if i + 1 < len(history) else None
            until = None if nxt is None else nxt - dt.timedelta(days=1)
            out.append(Span(entry.effective_from, until, entry))
        return tuple(out)

    def with_entry(self, entry: DatedValue[T] | Ended) -> Param[T]:
        """The same parameter with ``entry`` inserted in date order.

        An entry with the same ``effective_from`` as an existing one replaces it;
        the others stay (a later change stays later).
        """
        kept = [e for e in self.history if e.effective_from != entry.effective_from]
        kept.append(entry)
        kept.sort(key=_entry_order)
        return Param(self.name, tuple(kept))

    def ending(self, on: dt.date, citation: str, reason: str = "") -> Param[T]:
        """The same parameter with no rule from ``on`` (inclusive)."""
        return self.with_entry(Ended(citation, on, reason))


def _entry_order(entry: DatedValue[Any] | Ended) -> dt.date:
    return dt.date.min if entry.effective_from is None else entry.effective_from
