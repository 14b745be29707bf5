"""How the engine reached each obligation: the record behind a trace.

:func:`run_traced` runs the engine (:func:`~adoption_rules.core.engine.run`)
asking it to record, beside each obligation, the occurrence it came from, and
reads the record into :class:`TracedObligation` values: the trigger, done and
ending events by input position, and every parameter read with the dated entry
chosen and the date it was read for.  :func:`~adoption_rules.core.engine.run`
without a record costs what it always did.  ``adoption_rules.trace`` turns these
into the ``adoption-rules.trace.v1`` JSON trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from adoption_rules.core.engine import (
    EnginePolicy,
    Item,
    Recorded,
    ResolvedRule,
    _Occurrence,
    _value_day,
    items_in_play,
    run,
)
from adoption_rules.core.model import Case, Obligation, Result
from adoption_rules.core.params import DatedValue, Param
from adoption_rules.core.periods import Period

__all__ = ["ParamRead", "TracedObligation", "run_traced"]


@attrs.frozen
class ParamRead:
    """One value the engine read for an obligation: the dated entry in force on ``read_for``.

    ``name`` is the rule parameter's (``param``), or, for a period the starting
    event asked for (a sooner review, R5; ``param`` is ``None``), the rule's id
    and the event's field, as ``<rule id>.sooner:<field>``.
    """

    name: str
    param: Param[Period | None] | None
    entry: DatedValue[Period | None]
    read_for: dt.date


@attrs.frozen
class TracedObligation:
    """How the engine reached one obligation: what :func:`run_traced` records.

    ``trigger``, ``done`` and ``ended`` are input positions: an index into
    ``case.events``, or a negative number for a case fact, named by
    ``trigger_event`` (``placement_date``, ``adoption_order_date``).
    ``reads`` are the parameters read, in order: the trigger's (or the
    recurrence's) period, then an extension's when one lengthened it; the last
    one's entry set the period (``entry``).
    """

    obligation: Obligation
    rule: ResolvedRule
    trigger_event: str
    trigger: int
    done: int | None
    ended: int | None
    reads: tuple[ParamRead, ...]

    @property
    def entry(self) -> DatedValue[Period | None]:
        """The dated entry whose period the obligation's due date was computed with."""
        return self.reads[-1].entry


def _traced(
    ob: Obligation,
    occ: _Occurrence,
    occurrences: Sequence[_Occurrence],
    resolved: ResolvedRule,
    as_of: dt.date,
    items: Sequence[Item],
) -> TracedObligation:
    rule = resolved.rule
    trigger = occ.chain
    if occ.number is not None and occ.number > 1 and resolved.rolling is not None:
        # A rolling occurrence starts from the event that did the one before.
        for before in occurrences:
            if before.chain == occ.chain and before.number == occ.number - 1:
                trigger = before.done_at
                break
    read_for = occ.start if resolved.by_trigger else _value_day(rule, occ.start, as_of, items)
    # The period the occurrence opened with (occ.param, read for read_for), and the
    # extension's when one recomputed it (set_period keeps occ.param, changes occ.value).
    # A sooner review (R5) replaces the value with one the starting event asked for.
    first = occ.param.in_force(read_for)
    reads = []
    if isinstance(first, DatedValue):
        reads.append(ParamRead(occ.param.name, occ.param, first, read_for))
    if first is not occ.value:
        owner = next((p for p in rule.params() if any(e is occ.value for e in p.history)), None)
        if owner is not None:
            reads.append(ParamRead(owner.name, owner, occ.value, read_for))
        else:
            sooner = resolved.rolling.sooner if resolved.rolling is not None else None
            field = sooner.field if sooner is not None else "event"
            name = f"{rule.rule_id}.sooner:{field}"
            reads.append(ParamRead(name, None, occ.value, occ.start))
    return TracedObligation(
        ob,
        resolved,
        occ.start_event,
        trigger,
        occ.done_at if occ.done_on is not None else None,
        occ.moot_at if occ.moot_on is not None else None,
        tuple(reads),
    )


def run_traced(
    policy: EnginePolicy, case: Case, as_of: dt.date
) -> tuple[Result, tuple[TracedObligation, ...]]:
    """:func:`run`, and how each obligation was reached (in the result's order).

    The plain :func:`run` records nothing: tracing costs only when asked for.
    """
    recorded: list[Recorded] = []
    result = run(policy, case, as_of, recorded)
    items = items_in_play(case, as_of)[0]
    order = {
        id(ob): _traced(ob, occ, occurrences, resolved, as_of, items)
        for ob, occ, occurrences, resolved in recorded
    }
    return result, tuple(order[id(ob)] for ob in result.obligations)
