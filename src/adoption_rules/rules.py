"""Rules as data: dated, cited parameters and the obligation rules built from them.

A region declares what its procedure requires as :class:`ObligationRule`
values: which event starts the clock (a :class:`Trigger`, with its period),
which event does the obligation, whether it recurs (:class:`Rolling` or
:class:`Anchored`), what makes it moot (:class:`Ender`), and its citation.
The engine (:mod:`adoption_rules.engine`) reads these; it holds no policy.

Every period is a :class:`Param`: a named value with a history keyed by the
date each value takes effect, each value with its own citation.  The value
used is the one in force on the date of the event that starts the clock (a
referral received under the old policy keeps the old window).

>>> import datetime as dt
>>> from adoption_rules.periods import WorkingDays
>>> p = Param.fixed("t4c.referral_sign_off", WorkingDays(5), "T4C 7.10")
>>> p.at(dt.date(2026, 1, 5)).value
WorkingDays(count=5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Final, Generic, Literal, TypeVar

import attrs

from adoption_rules.model import AdoptionRoute
from adoption_rules.periods import Period

__all__ = [
    "NO_RULE",
    "Anchored",
    "DatedValue",
    "DoneBy",
    "Ender",
    "Extension",
    "NoRule",
    "ObligationRule",
    "Ongoing",
    "Param",
    "Rolling",
    "Trigger",
]

T = TypeVar("T")

#: Case facts a trigger or an ender may name instead of an event type.
CASE_FACTS: Final = frozenset({"placement_date", "adoption_order_date"})


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


def _sorted_history(
    instance: Param[T], attribute: attrs.Attribute[tuple[DatedValue[T], ...]], value: object
) -> None:
    history = instance.history
    if not history:
        raise ValueError(f"parameter {instance.name!r} has no value")
    starts = [v.effective_from for v in history]
    if starts[0] is not None and any(s is None for s in starts):
        raise ValueError(f"parameter {instance.name!r}: only the first value may be undated")
    dated = [s for s in starts if s is not None]
    if dated != sorted(set(dated)):
        raise ValueError(f"parameter {instance.name!r}: values must be in date order, one per date")
    for v in history:
        if not v.citation:
            raise ValueError(f"parameter {instance.name!r}: every value needs a citation")


@attrs.frozen
class Param(Generic[T]):
    """A named policy value with its history (see the module docstring)."""

    name: str
    history: tuple[DatedValue[T], ...] = attrs.field(validator=_sorted_history)

    @classmethod
    def fixed(
        cls, name: str, value: T, citation: str, effective_from: dt.date | None = None
    ) -> Param[T]:
        """A parameter with one value."""
        return cls(name, (DatedValue(value, citation, effective_from),))

    def at(self, day: dt.date) -> DatedValue[T] | None:
        """The value in force on ``day``, or ``None`` when no value had started yet."""
        found: DatedValue[T] | None = None
        for candidate in self.history:
            if candidate.effective_from is None or candidate.effective_from <= day:
                found = candidate
            else:
                break
        return found

    @property
    def current(self) -> DatedValue[T]:
        """The latest value."""
        return self.history[-1]


Where = tuple[tuple[str, object], ...]


def _matches(event: object, where: Where) -> bool:
    return all(getattr(event, name, None) == value for name, value in where)


@attrs.frozen
class Trigger:
    """An event (or case fact) that starts an obligation's clock, and its period.

    ``where`` narrows the event by its fields (``(("outcome", "not_approved"),)``).
    ``before_order``: ``True`` only when the event falls before the adoption
    order (or there is none yet); ``False`` only on or after the order date.
    """

    event: str
    period: Param[Period | None]
    where: Where = ()
    before_order: bool | None = None

    def matches(self, event: object, order_date: dt.date | None, on: dt.date) -> bool:
        """Whether ``event`` (dated ``on``) starts the clock under this trigger."""
        if self.where and not _matches(event, self.where):
            return False
        if self.before_order is not None:
            before = order_date is None or on < order_date
            if before is not self.before_order:
                return False
        return True


@attrs.frozen
class DoneBy:
    """An event that does the obligation (optionally only with given field values)."""

    event: str
    where: Where = ()

    def matches(self, event: object) -> bool:
        """Whether ``event`` does the obligation."""
        return not self.where or _matches(event, self.where)


@attrs.frozen
class Ender:
    """An event (or case fact) that makes an open obligation moot (contract conv. 8)."""

    event: str
    where: Where = ()


@attrs.frozen
class Rolling:
    """Recurs: the next is due a period after the last was done.

    ``then`` lists the periods after each done occurrence in turn; the last
    one repeats (E9: 3 months after the first placement review, then 6
    months).  An empty ``then`` reuses the trigger's period.
    """

    then: tuple[Param[Period | None], ...] = ()


@attrs.frozen
class Anchored:
    """Recurs from the start: the k-th is due start + k x the trigger's period.

    ``limit`` caps the number of occurrences (LEI 7.5: six in three years).
    """

    limit: int | None = None


@attrs.frozen
class Extension:
    """An event that, once recorded, replaces the period from the same start (L1)."""

    event: str
    period: Param[Period | None]


@attrs.frozen
class Ongoing:
    """A condition: something started and not yet ended on the trigger's date (T12)."""

    started_by: str
    ended_by: str


@attrs.frozen
class NoRule:
    """An explicit answer: this region's process creates no obligation of this kind.

    Different from ``None``, which a hook returns for "no opinion, ask the
    next plugin".
    """

    reason: str = ""


#: The usual :class:`NoRule` answer.
NO_RULE: Final = NoRule()


Track = Literal["support", "approval"]


@attrs.frozen
class ObligationRule:
    """What creates an obligation of one kind, when it is due, what does or ends it.

    ``window`` marks a period that protects a person rather than binding the
    agency: its status is ``open`` or ``closed`` and nothing does it.
    ``routes`` limits the rule to some adoption routes (E3: no duty to assess
    a step-parent adoption); ``None`` applies it to every route.
    """

    kind: str
    rule_id: str
    citation: str
    triggers: tuple[Trigger, ...]
    done_by: tuple[DoneBy, ...] = ()
    ends_on: tuple[Ender, ...] = ()
    recurrence: Rolling | Anchored | None = None
    extension: Extension | None = None
    only_while: Ongoing | None = None
    window: bool = False
    routes: frozenset[AdoptionRoute] | None = None
    track: Track = "support"
    description: str = ""

    def with_period(self, period: Param[Period | None]) -> ObligationRule:
        """The same rule with every trigger's period replaced (for a region's override)."""
        return attrs.evolve(
            self, triggers=tuple(attrs.evolve(t, period=period) for t in self.triggers)
        )


def fixed_period(name: str, period: Period | None, citation: str) -> Param[Period | None]:
    """A period parameter with a single value (most policies today)."""
    return Param[Period | None].fixed(name, period, citation)


RuleFactory = Callable[[], ObligationRule]
RuleTable = Mapping[str, ObligationRule]
