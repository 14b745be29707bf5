"""Rules as data: the obligation rules built from dated, cited parameters.

A region declares what its procedure requires as :class:`ObligationRule`
values: which event starts the clock (a :class:`Trigger`, with its period),
which event does the obligation, whether it recurs (:class:`Rolling` or
:class:`Anchored`), what makes it moot (:class:`Ender`), and its citation.
The engine (:mod:`adoption_rules.core.engine`) reads these; it holds no policy.

Every period is a :class:`~adoption_rules.core.params.Param` (re-exported
here with its companions): a named value with a history keyed by the
date each value takes effect (inclusive, to the day), each value with its own
citation.  A history may also say that a value *ended* (:class:`Ended`: no
rule from that date), which is different from a value of ``None`` (the step
exists with no time limit) and from :class:`Unknown` (a value nobody has
confirmed yet).  By default the value used is the one in force on the date of
the event that starts the clock (a referral received under the old policy
keeps the old window); a rule may choose another date with
:attr:`ObligationRule.value_date`.  See ``docs/dated-policy.md``.

>>> import datetime as dt
>>> from adoption_rules.core.periods import WorkingDays
>>> p = Param.fixed("t4c.referral_sign_off", WorkingDays(5), "T4C 7.10")
>>> p.at(dt.date(2026, 1, 5)).value
WorkingDays(count=5)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final, Literal

import attrs

from adoption_rules.core.citations import Citation
from adoption_rules.core.model import AdoptionRoute
from adoption_rules.core.params import DatedValue, Ended, Param, Span, Unknown
from adoption_rules.core.periods import Period

__all__ = [
    "NO_RULE",
    "Anchored",
    "DateOfEvent",
    "DatedValue",
    "DoneBy",
    "Ended",
    "Ender",
    "Extension",
    "NoRule",
    "ObligationRule",
    "Ongoing",
    "Param",
    "Rolling",
    "Sooner",
    "Span",
    "Trigger",
    "Unknown",
    "ValueDate",
]

#: Case facts a trigger or an ender may name instead of an event type.
CASE_FACTS: Final = frozenset({"placement_date", "adoption_order_date"})

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
    """An event (or case fact) that makes an open obligation moot (contract conv. 8).

    ``where`` narrows the event by its fields; ``unless`` leaves out events
    with these field values (R6: a ``family_moved`` ends Leicestershire's
    contact, unless the family moved within Leicestershire).
    """

    event: str
    where: Where = ()
    unless: Where = ()

    def matches(self, event: object) -> bool:
        """Whether ``event`` (of this ender's type) makes open occurrences moot."""
        if self.where and not _matches(event, self.where):
            return False
        return not (self.unless and _matches(event, self.unless))


@attrs.frozen
class Sooner:
    """An event field that may ask for the next occurrence sooner, in months (R5).

    A rolling rule with ``Rolling(sooner=Sooner("next_review_within_months", ...))``:
    when the event that starts an occurrence (the trigger, or the event that
    did the previous one) carries the field, the occurrence is due at the
    sooner of the rule's period and that many months ("at least annually" is
    a maximum interval, never a minimum).  ``citation`` says where the policy
    allows it.
    """

    field: str
    citation: str


@attrs.frozen
class Rolling:
    """Recurs: the next is due a period after the last was done.

    ``then`` lists the periods after each done occurrence in turn; the last
    one repeats (E9: 3 months after the first placement review, then 6
    months).  An empty ``then`` reuses the trigger's period.  ``sooner`` lets
    the event that starts an occurrence ask for a shorter interval (R5).
    """

    then: tuple[Param[Period | None], ...] = ()
    sooner: Sooner | None = None


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
    """A condition: something started and not yet ended on the trigger's date (T12).

    What the end (``ended_by``) does to the obligation: ``"moot"`` (the
    default) makes the open occurrence moot; ``"last"`` leaves the open
    occurrence due and lets none follow it (R2: the review that concludes
    there is no other need is still held).
    """

    started_by: str
    ended_by: str
    on_end: Literal["moot", "last"] = "moot"


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
class DateOfEvent:
    """Choose values by the date of the latest ``event`` on or before the trigger.

    For a transitional rule such as "referrals received before 1 April are
    completed under the old procedure": ``DateOfEvent("referral_received")``
    makes every step of the case use the values in force when the referral
    arrived.  With no such event on or before the trigger, the trigger's own
    date is used.
    """

    event: str


#: Which date selects a parameter's value for an obligation (see :class:`ObligationRule`).
ValueDate = Literal["trigger", "as_of"] | DateOfEvent


def _valid_value_date(
    instance: object, attribute: attrs.Attribute[ValueDate], value: object
) -> None:
    if not (value in ("trigger", "as_of") or isinstance(value, DateOfEvent)):
        raise ValueError(f"value_date must be 'trigger', 'as_of' or a DateOfEvent, got {value!r}")


@attrs.frozen
class ObligationRule:
    """What creates an obligation of one kind, when it is due, what does or ends it.

    ``window`` marks a period that protects a person rather than binding the
    agency: its status is ``open`` or ``closed`` and nothing does it.
    ``routes`` limits the rule to some adoption routes (E3: no duty to assess
    a step-parent adoption); ``None`` applies it to every route.
    ``case_where`` limits it to cases with these field values (R6:
    ``(("placing_authority", "leicestershire"), ("local_authority", "leicestershire"))``).

    ``value_date`` says which date picks each parameter's value (its period,
    the periods of later occurrences, the extension's period):

    * ``"trigger"`` (the default): the date of the event that starts the
      clock of that occurrence (the triggering event; for the next occurrence
      of a rolling rule, the event that did the previous one).  A referral
      under the old policy keeps the old window.
    * ``"as_of"``: the evaluation date: the rule in force today applies to
      every occurrence, past ones included (a retrospective change).
    * :class:`DateOfEvent`: the date of the latest event of a given type on
      or before the start (a transitional provision).

    Anchored schedules use the value chosen for the anchor for every
    occurrence (anchor + k x period).  When the chosen entry is
    :class:`Ended`, no occurrence starts; before the first value the engine
    reports the error ``no_rule_in_force``.

    ``source`` is the citation as data (document file, section, catalogue
    rows) when the rule was declared with one (:mod:`adoption_rules.plugins.declare`);
    ``citation`` is its text.  ``quote`` holds the policy's own words.
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
    case_where: Where = ()
    track: Track = "support"
    description: str = ""
    value_date: ValueDate = attrs.field(default="trigger", validator=_valid_value_date)
    source: Citation | None = None
    quote: str = ""

    def with_period(self, period: Param[Period | None]) -> ObligationRule:
        """The same rule with every trigger's period replaced (for a region's override)."""
        return attrs.evolve(
            self, triggers=tuple(attrs.evolve(t, period=period) for t in self.triggers)
        )

    def params(self) -> tuple[Param[Period | None], ...]:
        """Every parameter the rule reads: triggers' periods, then later periods, extension."""
        out = [t.period for t in self.triggers]
        if isinstance(self.recurrence, Rolling):
            out.extend(self.recurrence.then)
        if self.extension is not None:
            out.append(self.extension.period)
        return tuple(out)

    def map_params(
        self, change: Callable[[Param[Period | None]], Param[Period | None]]
    ) -> ObligationRule:
        """The same rule with ``change`` applied to every parameter (:meth:`params`).

        Returns ``self`` when ``change`` returned every parameter unchanged.
        """
        triggers = tuple(attrs.evolve(t, period=change(t.period)) for t in self.triggers)
        recurrence = self.recurrence
        if isinstance(recurrence, Rolling) and recurrence.then:
            recurrence = attrs.evolve(recurrence, then=tuple(change(p) for p in recurrence.then))
        extension = self.extension
        if extension is not None:
            extension = attrs.evolve(extension, period=change(extension.period))
        changed = attrs.evolve(self, triggers=triggers, recurrence=recurrence, extension=extension)
        return self if changed == self else changed


def fixed_period(name: str, period: Period | None, citation: str) -> Param[Period | None]:
    """A period parameter with a single value (most policies today)."""
    return Param[Period | None].fixed(name, period, citation)
