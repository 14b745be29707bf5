"""The case engine: a case and a date in, every obligation out, each explained.

:func:`evaluate` is pure and deterministic.  It reads the region's rules
(:class:`~adoption_rules.core.rules.ObligationRule`, through the region's
:class:`~adoption_rules.plugins.policy.Policy`) and plays the case's events through
each rule in date order (ties keep input order):

* a *trigger* event opens an occurrence, due its period after the event (the
  period in force on the event's date, or on the date the rule's
  ``value_date`` names; none when the rule has :class:`~adoption_rules.core.rules.Ended`
  by then);
* a *done* event completes the earliest open occurrence that started on or
  before it; for a rolling rule it opens the next occurrence, due a period
  after it was done (contract convention 6), with the period in force on the
  date it was done;
* an *ender* makes every open occurrence moot: ``cancelled`` when that
  happens on or before its due date, otherwise it stays ``overdue``
  (convention 8: a missed deadline is not forgiven by closing the case);
* an *extension* event recomputes the due date of open occurrences from the
  same start with the extended period (L1).

Events after ``as_of`` are ignored.  Nothing here is policy: every period,
trigger and citation comes from a rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final, NamedTuple, Protocol

import attrs

from adoption_rules.core.calendar import ANNOUNCED_HORIZON, MAX_DATE, MIN_DATE, WorkingCalendar
from adoption_rules.core.errors import AdoptionRulesError, DateOutOfRangeError
from adoption_rules.core.model import (
    CONTRACT_VERSION,
    AdoptionRoute,
    Case,
    CaseWarning,
    Event,
    Obligation,
    Result,
    StartsFrom,
    Status,
    TransferAnswer,
)
from adoption_rules.core.periods import Months, Period
from adoption_rules.core.rules import (
    CASE_FACTS,
    Anchored,
    DatedValue,
    DateOfEvent,
    Extension,
    ObligationRule,
    Ongoing,
    Param,
    Rolling,
    Sooner,
    Trigger,
)

__all__ = [
    "CaseAnswers",
    "EnginePolicy",
    "EvaluationError",
    "Found",
    "Item",
    "ResolvedRule",
    "anchored_text",
    "answer_case",
    "case_as_of",
    "find_obligations",
    "items_in_play",
    "result_of",
    "run",
]


class EvaluationError(AdoptionRulesError):
    """A case that cannot be evaluated (a field the engine cannot use)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


#: An event in play: (date, input position, type tag, the event or ``None`` for a case
#: fact such as ``placement_date``).  A case's items are sorted by date, then position.
Item = tuple[dt.date, int, str, Event | None]
_Item = Item


@attrs.frozen
class ResolvedRule:
    """An obligation rule, the plugin whose hook implementation set it, and what the
    engine reads of it, worked out once (the rule's dispatch tables)."""

    rule: ObligationRule
    decided_by: str
    #: Event types (and case facts) that can open an occurrence: a case with none
    #: of them cannot have an obligation under this rule, so the engine skips it.
    trigger_tags: frozenset[str] = attrs.field(init=False)
    #: Every event type (and case fact) the rule reads; the engine looks at no other.
    relevant_tags: frozenset[str] = attrs.field(init=False)

    #: Event types that do the obligation, and that end it (``only_while``'s end included).
    done_tags: frozenset[str] = attrs.field(init=False)
    ender_tags: frozenset[str] = attrs.field(init=False)

    #: The rule's triggers by event type, and the done and ender event types that
    #: match whatever the event's fields (no ``where``): the engine's dispatch tables.
    triggers_by_tag: Mapping[str, tuple[Trigger, ...]] = attrs.field(init=False)
    plain_done: frozenset[str] = attrs.field(init=False)
    plain_enders: frozenset[str] = attrs.field(init=False)

    #: The rule's own settings the engine reads for every case, copied here so the
    #: rule loop reads them from one object.
    routes: frozenset[AdoptionRoute] | None = attrs.field(init=False, repr=False, eq=False)
    extension: Extension | None = attrs.field(init=False, repr=False, eq=False)
    only_while: Ongoing | None = attrs.field(init=False, repr=False, eq=False)
    window: bool = attrs.field(init=False, repr=False, eq=False)
    #: Values are read on the trigger's date (the default ``value_date``).
    by_trigger: bool = attrs.field(init=False, repr=False, eq=False)
    #: The rule's recurrence, as the engine asks about it.
    anchored: Anchored | None = attrs.field(init=False, repr=False, eq=False)
    rolling: Rolling | None = attrs.field(init=False, repr=False, eq=False)

    @routes.default
    def _routes(self) -> frozenset[AdoptionRoute] | None:
        return self.rule.routes

    @extension.default
    def _extension(self) -> Extension | None:
        return self.rule.extension

    @only_while.default
    def _only_while(self) -> Ongoing | None:
        return self.rule.only_while

    @window.default
    def _window(self) -> bool:
        return self.rule.window

    @by_trigger.default
    def _by_trigger(self) -> bool:
        return self.rule.value_date == "trigger"

    @anchored.default
    def _anchored(self) -> Anchored | None:
        recurrence = self.rule.recurrence
        return recurrence if isinstance(recurrence, Anchored) else None

    @rolling.default
    def _rolling(self) -> Rolling | None:
        recurrence = self.rule.recurrence
        return recurrence if isinstance(recurrence, Rolling) else None

    @triggers_by_tag.default
    def _triggers_by_tag(self) -> Mapping[str, tuple[Trigger, ...]]:
        table: dict[str, list[Trigger]] = {}
        for trigger in self.rule.triggers:
            table.setdefault(trigger.event, []).append(trigger)
        return {tag: tuple(triggers) for tag, triggers in table.items()}

    @plain_done.default
    def _plain_done(self) -> frozenset[str]:
        return frozenset(d.event for d in self.rule.done_by if not d.where)

    @plain_enders.default
    def _plain_enders(self) -> frozenset[str]:
        tags = {e.event for e in self.rule.ends_on if not e.where and not e.unless}
        if self.rule.only_while is not None and self.rule.only_while.on_end == "moot":
            tags.add(self.rule.only_while.ended_by)
        return frozenset(tags)

    @done_tags.default
    def _done_tags(self) -> frozenset[str]:
        return frozenset(d.event for d in self.rule.done_by)

    @ender_tags.default
    def _ender_tags(self) -> frozenset[str]:
        tags = {e.event for e in self.rule.ends_on}
        if self.rule.only_while is not None and self.rule.only_while.on_end == "moot":
            tags.add(self.rule.only_while.ended_by)
        return frozenset(tags)

    @trigger_tags.default
    def _trigger_tags(self) -> frozenset[str]:
        return frozenset(t.event for t in self.rule.triggers)

    @relevant_tags.default
    def _relevant_tags(self) -> frozenset[str]:
        rule = self.rule
        tags = set(self.trigger_tags)
        tags.update(d.event for d in rule.done_by)
        tags.update(e.event for e in rule.ends_on)
        if rule.extension is not None:
            tags.add(rule.extension.event)
        if rule.only_while is not None:
            tags.update((rule.only_while.started_by, rule.only_while.ended_by))
        return frozenset(tags)


class CaseAnswers(NamedTuple):
    """What a policy says about a whole case, beside its obligations (one call a case)."""

    warnings: tuple[CaseWarning, ...]
    responsible_authority: str | None
    stage: str | None
    approval_stage: str | None
    transfer: TransferAnswer | None


class EnginePolicy(Protocol):
    """The narrow view of a region's policy the engine runs over.

    :class:`adoption_rules.plugins.policy.Policy` provides it from pluggy hooks;
    a test can provide it from plain data.
    """

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar (bank holidays and the agency's closure days)."""
        ...

    @property
    def rules(self) -> Sequence[ResolvedRule]:
        """The rule of every obligation kind the region's process has."""
        ...

    def case_answers(
        self,
        case: Case,
        as_of: dt.date,
        obligations: Sequence[Obligation],
        items: Sequence[Item],
    ) -> CaseAnswers:
        """Warnings, responsible authority, stages and transfer for the case on ``as_of``.

        ``case`` holds only the events on or before ``as_of``; ``items`` are
        its events and case facts in play, in order (:func:`items_in_play`).
        """
        ...


_HORIZON: Final = ANNOUNCED_HORIZON.last_announced

#: What a traced run records of one obligation: the obligation, its occurrence,
#: every occurrence of its rule for the case, and the rule (read by core.tracing).
Recorded = tuple[Obligation, "_Occurrence", Sequence["_Occurrence"], ResolvedRule]


class _Occurrence:
    __slots__ = (
        "chain",
        "done_at",
        "done_on",
        "due",
        "final",
        "moot_at",
        "moot_on",
        "number",
        "param",
        "period",
        "provisional",
        "start",
        "start_event",
        "text",
        "value",
    )
    done_at: int
    moot_at: int

    def __init__(
        self,
        start_event: str,
        start: dt.date,
        param: Param[Period | None],
        value: DatedValue[Period | None],
        due: dt.date | None,
        provisional: bool,
        number: int | None,
        chain: int,
    ) -> None:
        self.start_event = start_event
        self.start = start
        self.param = param
        self.value = value
        self.period = value.value
        self.due = due
        self.provisional = provisional
        self.number = number
        self.chain = chain
        self.done_on: dt.date | None = None
        self.moot_on: dt.date | None = None
        #: No occurrence follows this one once it is done (R2).
        self.final = False
        #: The period in words from ``start`` to ``due`` (``value.text`` unless set).
        self.text: str | None = value.text
        # done_at and moot_at (the input positions of the events that did and
        # ended the occurrence) are set with done_on and moot_on, and read only
        # by a trace (core.tracing): left unset otherwise, at no cost.

    def set_period(self, value: DatedValue[Period | None], calendar: WorkingCalendar) -> None:
        """Recompute the due date from the same start with another period (L1)."""
        self.value = value
        self.period = value.value
        self.text = value.text
        self.due, self.provisional = _due(value.value, self.start, calendar)

    def sooner(self, event: Event | None, sooner: Sooner, calendar: WorkingCalendar) -> None:
        """R5: due sooner when the starting ``event`` asks for it in months (``sooner.field``)."""
        months = getattr(event, sooner.field, None)
        if type(months) is not int:
            return
        asked = DatedValue[Period | None](Months(months), sooner.citation)
        due, provisional = _due(asked.value, self.start, calendar)
        assert due is not None
        if self.due is None or due < self.due:
            self.value, self.period, self.text = asked, asked.value, asked.text
            self.due, self.provisional = due, provisional


def _ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, ... 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def anchored_text(period: Period, k: int, every: str | None) -> str:
    """The period from the anchor to the ``k``-th occurrence of an anchored schedule (R14).

    ``starts_from`` (the anchor) plus this period gives ``due``:
    ``"18 months (the 3rd of every 6 months)"``; the first is the period itself.
    """
    if k == 1:
        return str(period)
    return _nth(period, k, every)[1]


def _nth(period: Period, k: int, every: str | None) -> tuple[Period, str]:
    """``period`` ``k`` times over, and :func:`anchored_text` of it (``k`` > 1): worked
    out once for each (a caseload's reviews ask for the same few again and again)."""
    key = (period, k, every)
    known = _NTH.get(key)
    if known is None:
        times = period.times(k)
        if len(_NTH) >= _NTH_BOUND:
            _NTH.clear()
        known = _NTH[key] = (times, f"{times} (the {_ordinal(k)} of every {every})")
    return known


_NTH: dict[tuple[Period, int, str | None], tuple[Period, str]] = {}
_NTH_BOUND: Final = 1_000


def _due(
    period: Period | None, start: dt.date, calendar: WorkingCalendar
) -> tuple[dt.date | None, bool]:
    """The due date ``period`` after ``start``, and whether it is provisional."""
    if period is None:
        return None, False
    due = period.apply(start, calendar)
    # Same reading as Period.deadline: only working days can be provisional.
    return due, period.uses_calendar and due > _HORIZON


def _value_at(
    param: Param[Period | None], day: dt.date, rule: ObligationRule
) -> DatedValue[Period | None] | None:
    """The value in force on ``day``; ``None`` when the rule has ended by then."""
    entry = param.in_force(day)
    if entry is None:
        raise EvaluationError(
            "no_rule_in_force",
            f"rule {rule.rule_id} has no value in force on {day.isoformat()}",
        )
    return entry if isinstance(entry, DatedValue) else None


def _value_day(
    rule: ObligationRule, start: dt.date, as_of: dt.date, items: Sequence[_Item]
) -> dt.date:
    """The date that picks parameter values for an occurrence starting on ``start``.

    Only called for a rule whose ``value_date`` is not ``"trigger"`` (the
    engine uses ``start`` itself then, with no call).
    """
    choice = rule.value_date
    if choice == "as_of":
        return as_of
    assert isinstance(choice, DateOfEvent)
    found = start
    for day, _, tag, _event in items:
        if day > start:
            break
        if tag == choice.event:
            found = day
    return found


def _ongoing(items: Sequence[_Item], started_by: str, ended_by: str, on: dt.date) -> bool:
    state = False
    for day, _, tag, _event in items:
        if day > on:
            break
        if tag == started_by:
            state = True
        elif tag == ended_by:
            state = False
    return state


def _status(occ: _Occurrence, window: bool, as_of: dt.date) -> Status:
    due = occ.due
    if window:
        if occ.moot_on is not None and (due is None or occ.moot_on <= due):
            return Status.CANCELLED
        return Status.OPEN if due is None or as_of <= due else Status.CLOSED
    if occ.done_on is not None:
        return Status.MET if due is None or occ.done_on <= due else Status.MET_LATE
    if occ.moot_on is not None and (due is None or occ.moot_on <= due):
        return Status.CANCELLED
    if due is None or as_of <= due:
        return Status.PENDING
    return Status.OVERDUE


def _run_rule(
    resolved: ResolvedRule,
    case: Case,
    items: Sequence[_Item],
    as_of: dt.date,
    calendar: WorkingCalendar,
    trace: list[Recorded] | None = None,
) -> list[Obligation]:
    # This runs for every rule a case triggers (about five a case): what the
    # rule needs was worked out once, when the policy resolved it.
    rule = resolved.rule
    routes = resolved.routes
    relevant = resolved.relevant_tags
    done_tags = resolved.done_tags
    ender_tags = resolved.ender_tags
    triggers_by_tag = resolved.triggers_by_tag
    plain_done = resolved.plain_done
    plain_enders = resolved.plain_enders
    extension = resolved.extension
    only_while = resolved.only_while
    window = resolved.window
    by_trigger = resolved.by_trigger
    anchored = resolved.anchored
    rolling = resolved.rolling
    if routes is not None and case.adoption_route not in routes:
        return []
    case_where = rule.case_where
    if case_where and not all(getattr(case, name) == value for name, value in case_where):
        return []
    sooner = None if rolling is None else rolling.sooner
    last_on_end = only_while is not None and only_while.on_end == "last"
    order_date = case.adoption_order_date
    occurrences: list[_Occurrence] = []
    open_: list[_Occurrence] = []

    # An occurrence's chain is the input position of the item that triggered its
    # schedule (each item triggers at most one chain per rule): unique, and what
    # a trace names as the trigger.
    for day, position, tag, event in items:
        if tag not in relevant:
            continue
        # Triggers open occurrences.
        triggers = triggers_by_tag.get(tag)
        if triggers is not None:
            for trigger in triggers:
                # Trigger.matches, written out (where is ignored for a case fact).
                before_order = trigger.before_order
                if before_order is not None:
                    before = order_date is None or day < order_date
                    if before is not before_order:
                        continue
                where = trigger.where
                if where and event is not None:
                    if len(where) == 1:
                        name, wanted = where[0]
                        if getattr(event, name, None) != wanted:
                            continue
                    elif not trigger.matches(event, order_date, day):
                        continue
                if only_while is not None and not _ongoing(
                    items, only_while.started_by, only_while.ended_by, day
                ):
                    continue
                when = day if by_trigger else _value_day(rule, day, as_of, items)
                param = trigger.period
                value = _value_at(param, when, rule)
                if value is None:
                    break  # the rule has ended: this trigger creates no obligation
                period = value.value
                if anchored is not None:
                    # Occurrences up to the first one due after as_of (or the limit).
                    limit = anchored.limit
                    k = 1
                    while limit is None or k <= limit:
                        if k == 1 or period is None:
                            due, provisional = _due(period, day, calendar)
                            occ = _Occurrence(tag, day, param, value, due, provisional, k, position)
                        else:
                            # R14: starts_from plus the period k times over gives due.
                            times, text = _nth(period, k, value.text)
                            due, provisional = _due(times, day, calendar)
                            occ = _Occurrence(tag, day, param, value, due, provisional, k, position)
                            occ.text = text
                        occurrences.append(occ)
                        open_.append(occ)
                        if due is None or due > as_of:
                            break
                        k += 1
                else:
                    due, provisional = _due(period, day, calendar)
                    occ = _Occurrence(
                        tag,
                        day,
                        param,
                        value,
                        due,
                        provisional,
                        None if rolling is None else 1,
                        position,
                    )
                    if sooner is not None:
                        occ.sooner(event, sooner, calendar)
                    occurrences.append(occ)
                    open_.append(occ)
                break
        # An extension recomputes, from the same start, the occurrences still open (L1).
        if extension is not None and tag == extension.event:
            for occ in open_:
                if occ.start <= day:
                    when = occ.start if by_trigger else _value_day(rule, occ.start, as_of, items)
                    extended = _value_at(extension.period, when, rule)
                    if extended is not None:  # an ended extension no longer lengthens it
                        occ.set_period(extended, calendar)
        # Done events complete the earliest open occurrence started on or before them
        # (nothing does a window).
        if (
            tag in done_tags
            and not window
            and (
                tag in plain_done
                or event is None
                or any(d.matches(event) for d in rule.done_by if d.event == tag)
            )
        ):
            for occ in open_:
                if occ.start <= day:
                    occ.done_on = day
                    occ.done_at = position
                    open_.remove(occ)
                    if rolling is not None and not occ.final:
                        n = (occ.number or 1) + 1
                        then = rolling.then
                        param = then[min(n - 2, len(then) - 1)] if then else occ.param
                        when = day if by_trigger else _value_day(rule, day, as_of, items)
                        nxt_value = _value_at(param, when, rule)
                        if nxt_value is not None:  # an ended rule stops recurring
                            due, provisional = _due(nxt_value.value, day, calendar)
                            nxt = _Occurrence(
                                tag, day, param, nxt_value, due, provisional, n, occ.chain
                            )
                            if sooner is not None:
                                nxt.sooner(event, sooner, calendar)
                            occurrences.append(nxt)
                            open_.append(nxt)
                    break
        # R2: the end of an ongoing condition that lets the open occurrence stand.
        if last_on_end and only_while is not None and tag == only_while.ended_by:
            for occ in open_:
                if occ.start <= day:
                    occ.final = True
        # Enders make open occurrences moot.
        if tag in ender_tags and (
            tag in plain_enders
            or event is None
            or any(e.matches(event) for e in rule.ends_on if e.event == tag)
        ):
            for occ in open_:
                if occ.start <= day:
                    occ.moot_on = day
                    occ.moot_at = position
            open_ = [occ for occ in open_ if occ.moot_on is None]

    # Anchored: occurrences after a moot one are dropped (the schedule ended).
    if anchored is not None:
        kept: list[_Occurrence] = []
        ended_chains: set[int] = set()
        for occ in occurrences:
            if occ.chain in ended_chains:
                continue
            kept.append(occ)
            if occ.moot_on is not None and (occ.due is None or occ.moot_on <= occ.due):
                ended_chains.add(occ.chain)
        occurrences = kept

    tracking = case.tracking_from
    kind, rule_id, decided_by = rule.kind, rule.rule_id, resolved.decided_by
    out = []
    for occ in occurrences:
        due = occ.due
        if tracking is not None and due is not None and due < tracking:
            continue
        value = occ.value
        start_key = (occ.start_event, occ.start)
        starts_from = _STARTS.get(start_key)
        if starts_from is None:
            if len(_STARTS) >= _STARTS_BOUND:
                _STARTS.clear()
            starts_from = _STARTS[start_key] = StartsFrom(*start_key)
        # Positional, in Obligation's field order (kind, due, status, starts_from,
        # period, rule, citation, decided_by, done_on, provisional, occurrence).
        out.append(
            Obligation(
                kind,
                due,
                _status(occ, window, as_of),
                starts_from,
                occ.text,
                rule_id,
                value.citation,
                decided_by,
                occ.done_on,
                occ.provisional,
                occ.number,
            )
        )
    if trace is not None:
        shown = [
            occ for occ in occurrences if tracking is None or occ.due is None or occ.due >= tracking
        ]
        trace.extend((ob, occ, occurrences, resolved) for ob, occ in zip(out, shown, strict=True))
    return out


#: Every obligation's ``starts_from`` by (event, date): frozen, so shared by the
#: obligations of a caseload that start from the same day (a few thousand), bounded.
_STARTS: dict[tuple[str, dt.date], StartsFrom] = {}
_STARTS_BOUND: Final = 20_000


def items_in_play(case: Case, as_of: dt.date) -> tuple[list[Item], bool]:
    """The events and case facts in play on ``as_of``, in order; and whether the
    case has events after ``as_of`` (left out)."""
    events = case.events
    items: list[_Item] = [
        (event.date, i, event.type, event) for i, event in enumerate(events) if event.date <= as_of
    ]
    later = len(items) != len(events)
    for position, fact in _FACTS:
        value = getattr(case, fact)
        if value is not None and value <= as_of:
            # Facts sort before same-day events (a placement precedes its first review).
            items.append((value, position, fact, None))
    # By date, then input position.  No two items share a position (events count
    # from 0, facts have negative positions), so comparing the tuples whole never
    # reaches the tag or the event, and is cheaper than a key function.
    items.sort()
    return items, later


#: Case facts with the (negative) positions that sort them before same-day events.
_FACTS: Final = tuple((i - len(CASE_FACTS), fact) for i, fact in enumerate(sorted(CASE_FACTS)))


def _sort_key(ob: Obligation) -> tuple[int, dt.date, str]:
    return (ob.due is None, ob.due or dt.date.min, ob.kind)


class Found(NamedTuple):
    """What :func:`find_obligations` found of a case, for :func:`answer_case` to finish."""

    #: The events and case facts in play, in order (:func:`items_in_play`).
    items: list[Item]
    #: Whether the case has events after ``as_of`` (left out).
    later: bool
    #: The obligations, in the result's order.
    obligations: list[Obligation]
    #: A warning for each rule whose deadlines fall outside the calendar's range.
    out_of_range: list[CaseWarning]


def run(
    policy: EnginePolicy,
    case: Case,
    as_of: dt.date,
    trace: list[Recorded] | None = None,
) -> Result:
    """Every obligation ``policy`` creates for ``case``, as the case stood on ``as_of``.

    Pure and deterministic.  ``as_of`` must already be a date in England
    (the Python API, :func:`adoption_rules.evaluate`, checks and converts it).
    ``trace``, when given, receives how each obligation was reached, for
    :func:`adoption_rules.core.tracing.run_traced` to read.

    Two stages, which a batch may run over a block of cases in turn (each with
    its code and data warm; :func:`adoption_rules.api.evaluate_block`): the
    rules (:func:`find_obligations`), then what the policy says of the whole
    case (:func:`answer_case`).
    """
    return answer_case(policy, case, as_of, find_obligations(policy, case, as_of, trace))


def find_obligations(
    policy: EnginePolicy,
    case: Case,
    as_of: dt.date,
    trace: list[Recorded] | None = None,
) -> Found:
    """:func:`run`'s first stage: every rule played over the case's events in play."""
    items, later = items_in_play(case, as_of)
    calendar = policy.calendar
    obligations: list[Obligation] = []
    present = {item[2] for item in items}
    out_of_range: list[CaseWarning] = []
    for resolved in policy.rules:
        if resolved.trigger_tags.isdisjoint(present):
            continue
        try:
            obligations.extend(_run_rule(resolved, case, items, as_of, calendar, trace))
        except DateOutOfRangeError:
            # A deadline the calendar cannot reach: that rule's obligations are
            # unknown (left out, with a warning), the case keeps its others.
            out_of_range.append(
                CaseWarning(
                    "date_out_of_range",
                    f"{resolved.rule.kind}: a deadline falls outside the supported range "
                    f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}, so it is not listed",
                )
            )
        except AdoptionRulesError as exc:
            if isinstance(exc, EvaluationError):
                raise
            raise EvaluationError(
                "date_out_of_range", f"{resolved.rule.kind}: {exc}", field="events"
            ) from None
    obligations.sort(key=_sort_key)
    return Found(items, later, obligations, out_of_range)


def answer_case(policy: EnginePolicy, case: Case, as_of: dt.date, found: Found) -> Result:
    """:func:`run`'s second stage: the policy's answers about the whole case, and the result."""
    shown = case_as_of(case, as_of, found)
    answers = policy.case_answers(shown, as_of, found.obligations, found.items)
    return result_of(shown, as_of, found, answers)


def case_as_of(case: Case, as_of: dt.date, found: Found) -> Case:
    """The case as plugins see it: as it stood on ``as_of`` (contract convention 9)."""
    if not found.later:
        return case
    return attrs.evolve(case, events=tuple(e for e in case.events if e.date <= as_of))


def result_of(case: Case, as_of: dt.date, found: Found, answers: CaseAnswers) -> Result:
    """The result of a case from its obligations (``found``) and the policy's ``answers``."""
    out_of_range = found.out_of_range
    # Positional, in Result's field order; one per case.
    return Result(
        case.case_id,
        case.region,
        as_of,
        tuple(found.obligations),
        answers.warnings + tuple(out_of_range) if out_of_range else answers.warnings,
        answers.responsible_authority,
        CONTRACT_VERSION,
        answers.stage,
        answers.approval_stage,
        answers.transfer,
    )
