"""The case engine: a case and a date in, every obligation out, each explained.

:func:`evaluate` is pure and deterministic.  It reads the region's rules
(:class:`~adoption_rules.rules.ObligationRule`, through the region's
:class:`~adoption_rules.policy.Policy`) and plays the case's events through
each rule in date order (ties keep input order):

* a *trigger* event opens an occurrence, due its period after the event (the
  period in force on the event's date, or on the date the rule's
  ``value_date`` names; none when the rule has :class:`~adoption_rules.rules.Ended`
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
from collections.abc import Iterable, Iterator, Sequence
from typing import Final

import attrs

from adoption_rules.calendar import ANNOUNCED_HORIZON, WorkingCalendar, england_date
from adoption_rules.errors import AdoptionRulesError
from adoption_rules.model import (
    CONTRACT_VERSION,
    Case,
    CaseWarning,
    Event,
    Obligation,
    Result,
    StartsFrom,
    Status,
)
from adoption_rules.periods import Period
from adoption_rules.policy import Policy, Registry, ResolvedRule, default_registry
from adoption_rules.rules import (
    CASE_FACTS,
    DatedValue,
    DateOfEvent,
    ObligationRule,
    Param,
)

__all__ = ["EvaluationError", "evaluate", "stages", "today_in_england"]


class EvaluationError(AdoptionRulesError):
    """A case that cannot be evaluated (a field the engine cannot use)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


def today_in_england() -> dt.date:
    """Today's date in Europe/London (the default ``as_of``, contract convention 9)."""
    return england_date(dt.datetime.now(dt.UTC))


# An event in play: (date, input position, type tag, the event or None for a case fact).
_Item = tuple[dt.date, int, str, Event | None]


_HORIZON: Final = ANNOUNCED_HORIZON.last_announced


class _Occurrence:
    __slots__ = (
        "chain",
        "done_on",
        "due",
        "moot_on",
        "number",
        "param",
        "period",
        "provisional",
        "start",
        "start_event",
        "value",
    )

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

    def set_period(self, value: DatedValue[Period | None], calendar: WorkingCalendar) -> None:
        """Recompute the due date from the same start with another period (L1)."""
        self.value = value
        self.period = value.value
        self.due, self.provisional = _due(value.value, self.start, calendar)


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
) -> list[Obligation]:
    # This runs for every rule a case triggers (about five a case): what the
    # rule needs is read once, from the plan the policy built for it.
    (
        rule,
        routes,
        relevant,
        done_tags,
        ender_tags,
        triggers_by_tag,
        plain_done,
        plain_enders,
        extension,
        recurrence,
        only_while,
        window,
        by_trigger,
        anchored,
        rolling,
        period_texts,
        decided_by,
    ) = resolved.plan
    if routes is not None and case.adoption_route not in routes:
        return []
    order_date = case.adoption_order_date
    occurrences: list[_Occurrence] = []
    open_: list[_Occurrence] = []
    chains = 0

    for day, _, tag, event in items:
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
                chains += 1
                period = value.value
                if anchored:
                    # Occurrences up to the first one due after as_of (or the limit).
                    limit = recurrence.limit
                    k = 1
                    while limit is None or k <= limit:
                        due, provisional = _due(
                            period if period is None or k == 1 else period.times(k), day, calendar
                        )
                        occ = _Occurrence(tag, day, param, value, due, provisional, k, chains)
                        occurrences.append(occ)
                        open_.append(occ)
                        if due is None or due > as_of:
                            break
                        k += 1
                else:
                    due, provisional = _due(period, day, calendar)
                    occ = _Occurrence(
                        tag, day, param, value, due, provisional, 1 if rolling else None, chains
                    )
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
                    open_.remove(occ)
                    if rolling:
                        n = (occ.number or 1) + 1
                        then = recurrence.then
                        param = then[min(n - 2, len(then) - 1)] if then else occ.param
                        when = day if by_trigger else _value_day(rule, day, as_of, items)
                        nxt_value = _value_at(param, when, rule)
                        if nxt_value is not None:  # an ended rule stops recurring
                            due, provisional = _due(nxt_value.value, day, calendar)
                            nxt = _Occurrence(
                                tag, day, param, nxt_value, due, provisional, n, occ.chain
                            )
                            occurrences.append(nxt)
                            open_.append(nxt)
                    break
        # Enders make open occurrences moot.
        if tag in ender_tags and (
            tag in plain_enders
            or event is None
            or any(
                all(getattr(event, f, None) == v for f, v in e.where)
                for e in rule.ends_on
                if e.event == tag
            )
        ):
            for occ in open_:
                if occ.start <= day:
                    occ.moot_on = day
            open_ = [occ for occ in open_ if occ.moot_on is None]

    # Anchored: occurrences after a moot one are dropped (the schedule ended).
    if anchored:
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
    kind, rule_id = rule.kind, rule.rule_id
    out = []
    for occ in occurrences:
        due = occ.due
        if tracking is not None and due is not None and due < tracking:
            continue
        value = occ.value
        # Positional, in Obligation's field order (kind, due, status, starts_from,
        # period, rule, citation, decided_by, done_on, provisional, occurrence).
        out.append(
            Obligation(
                kind,
                due,
                _status(occ, window, as_of),
                StartsFrom(occ.start_event, occ.start),
                period_texts[id(value)],  # every value comes from the rule's own params
                rule_id,
                value.citation,
                decided_by,
                occ.done_on,
                occ.provisional,
                occ.number,
            )
        )
    return out


def _items(case: Case, as_of: dt.date) -> tuple[list[_Item], bool]:
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


#: Stage on the support track after each event type (the latest wins).
SUPPORT_STAGES: Final[dict[str, str]] = {
    "referral_received": "referral",
    "screening_completed": "screening",
    "detailed_referral_completed": "referral",
    "referral_signed_off": "referral",
    "consent_signed": "assessment",
    "initial_visit": "assessment",
    "assessment_completed": "plan",
    "plan_proposed": "plan",
    "representations_received": "plan",
    "plan_approved": "review",
    "review_held": "review",
    "review_shared": "review",
    "change_of_circumstances": "review",
    "variation_proposed": "review",
    "variation_decided": "review",
    "closure_decided": "closure",
    "closure_letter_sent": "closed",
}

#: Stage on the adopter-approval track after each event type (the latest wins).
APPROVAL_STAGES: Final[dict[str, str]] = {
    "registration_of_interest": "stage1",
    "stage1_extended": "stage1",
    "stage1_completed": "between_stages",
    "stage2_started": "stage2",
    "panel_held": "panel",
    "panel_minutes_received": "adm_decision",
    "irm_application": "irm",
    "irm_documents_sent": "irm",
    "irm_panel_held": "irm",
    "matched": "matched",
    "approval_review_held": "approved",
}


def stages(case: Case, as_of: dt.date) -> tuple[str | None, str | None]:
    """Where the case stands on the support and the approval track on ``as_of``."""
    return _stages(_items(case, as_of)[0])


def _stages(items: Iterable[_Item]) -> tuple[str | None, str | None]:
    support: str | None = None
    approval: str | None = None
    for _day, _, tag, event in items:
        if tag in SUPPORT_STAGES:
            support = SUPPORT_STAGES[tag]
            if tag == "screening_completed":
                outcome = getattr(event, "outcome", None)
                if outcome == "advice_and_close":
                    support = "closed"
                elif outcome == "safeguarding":
                    support = "safeguarding"
        elif tag == "adm_decision":
            approval = (
                "approved" if getattr(event, "outcome", None) == "approved" else "not_approved"
            )
        elif tag in APPROVAL_STAGES:
            approval = APPROVAL_STAGES[tag]
    return support, approval


def _structural_warnings(case: Case, items: Iterable[_Item]) -> Iterator[CaseWarning]:
    """Out-of-order steps: real data is messy, so these warn rather than fail."""
    seen_visit = False
    closed_on: dt.date | None = None
    for day, _, tag, _event in items:
        if tag == "initial_visit":
            seen_visit = True
        elif tag == "assessment_completed" and not seen_visit:
            yield CaseWarning(
                "assessment_without_initial_visit",
                f"an assessment was completed on {day} with no initial visit recorded before it",
            )
        if tag == "referral_received":
            closed_on = None
            seen_visit = False
        elif tag == "closure_decided":
            closed_on = day
        elif closed_on is not None and tag in (
            "initial_visit",
            "assessment_completed",
            "plan_proposed",
            "plan_approved",
            "review_held",
            "variation_proposed",
        ):
            yield CaseWarning(
                "event_after_closure",
                f"{tag} on {day} comes after the case was closed on {closed_on} "
                "with no new referral in between",
            )


def evaluate(
    case: Case,
    as_of: dt.date | None = None,
    *,
    registry: Registry | None = None,
) -> Result:
    """Every obligation the procedure creates for ``case``, as the case stood on ``as_of``.

    ``as_of`` defaults to today in England.  ``registry`` defaults to the
    built-in and installed regions.  Raises
    :class:`~adoption_rules.policy.UnknownRegionError` for a region no plugin
    provides and :class:`~adoption_rules.policy.PluginError` when a plugin fails.
    """
    as_of = today_in_england() if as_of is None else england_date(as_of, field="as_of")
    policy = (registry or default_registry()).policy(case.region)
    return _evaluate_with(policy, case, as_of)


def _evaluate_with(policy: Policy, case: Case, as_of: dt.date) -> Result:
    items, later = _items(case, as_of)
    calendar = policy.calendar
    obligations: list[Obligation] = []
    present = {item[2] for item in items}
    for resolved in policy.rules:
        if resolved.trigger_tags.isdisjoint(present):
            continue
        try:
            obligations.extend(_run_rule(resolved, case, items, as_of, calendar))
        except AdoptionRulesError as exc:
            if isinstance(exc, EvaluationError):
                raise
            raise EvaluationError(
                "date_out_of_range", f"{resolved.rule.kind}: {exc}", field="events"
            ) from None
    obligations.sort(key=_sort_key)
    warnings = list(_structural_warnings(case, items))
    if later:
        # Plugins see the case as it stood on as_of (contract convention 9).
        case = attrs.evolve(case, events=tuple(e for e in case.events if e.date <= as_of))
    warnings.extend(policy.warnings(case, obligations, as_of))
    authority = policy.responsible_authority(case, as_of)
    support, approval = _stages(items)
    transfer = policy.transfer(case, as_of)
    # Positional, in Result's field order; one per case.
    return Result(
        case.case_id,
        case.region,
        as_of,
        tuple(obligations),
        tuple(warnings),
        None if authority is None else authority.authority,
        CONTRACT_VERSION,
        support,
        approval,
        transfer,
    )
