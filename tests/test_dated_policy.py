"""Dated parameters: values chosen by date, to the day; rules that end; which date chooses.

The issue: a case that ran from 2019 to 2026 is judged by the rule in force
when each step happened.  The date-sweep test at the end is modelled on
Catala's coverage tests: every parameter of every built-in region (and of
the fund) has exactly one entry in force on every day from 2015 to 2030.
"""

from __future__ import annotations

import datetime as dt
import doctest
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules import fund
from adoption_rules.api import evaluate
from adoption_rules.core import rules
from adoption_rules.core.engine import EvaluationError
from adoption_rules.core.model import Obligation, Result, Status
from adoption_rules.core.periods import Months, Period, WorkingDays
from adoption_rules.core.rules import (
    DatedValue,
    DateOfEvent,
    DoneBy,
    Ended,
    Ender,
    Extension,
    ObligationRule,
    Param,
    Rolling,
    Trigger,
    Unknown,
    ValueDate,
    fixed_period,
)
from adoption_rules.io.converter import structure_case
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry

D = dt.date
APRIL_2026 = D(2026, 4, 1)

# -- Param: the value in force on a day ---------------------------------------------------

#: 45 working days, 30 from 1 April 2026, no rule from 1 April 2027, 20 again from 2028.
SIGN_OFF: Param[Period | None] = Param(
    "test.sign_off",
    (
        DatedValue(WorkingDays(45), "policy v1"),
        DatedValue(WorkingDays(30), "policy v2", APRIL_2026),
        Ended("policy v3 withdraws the step", D(2027, 4, 1), "replaced by a duty visit"),
        DatedValue(WorkingDays(20), "policy v4", D(2028, 1, 1)),
    ),
)


@pytest.mark.parametrize(
    ("day", "citation"),
    [
        (D(2000, 1, 1), "policy v1"),  # the undated first value: since before any case
        (D(2026, 3, 31), "policy v1"),  # the day before a change: the old value
        (D(2026, 4, 1), "policy v2"),  # the start date is inclusive
        (D(2027, 3, 31), "policy v2"),
        (D(2027, 4, 1), "policy v3 withdraws the step"),  # ended, inclusive
        (D(2027, 12, 31), "policy v3 withdraws the step"),
        (D(2028, 1, 1), "policy v4"),  # a later value starts the rule again
    ],
)
def test_in_force_is_chosen_to_the_day(day: dt.date, citation: str) -> None:
    entry = SIGN_OFF.in_force(day)
    assert entry is not None and entry.citation == citation
    # ``at`` gives only values: an ended rule has none.
    assert (SIGN_OFF.at(day) is None) is isinstance(entry, Ended)


def test_ended_is_not_a_value_of_none() -> None:
    """``None`` as a value: the step exists with no time limit; Ended: no step at all."""
    no_limit = Param[Period | None].fixed("test.no_limit", None, "policy")
    assert no_limit.at(D(2026, 1, 1)) == DatedValue(None, "policy")
    assert SIGN_OFF.at(D(2027, 6, 1)) is None
    assert isinstance(SIGN_OFF.in_force(D(2027, 6, 1)), Ended)


def test_before_the_first_dated_value_nothing_is_in_force() -> None:
    param = Param[Period | None].fixed("test.late", Months(1), "from 2020", D(2020, 1, 1))
    assert param.in_force(D(2019, 12, 31)) is None
    assert param.at(D(2020, 1, 1)) == DatedValue(Months(1), "from 2020", D(2020, 1, 1))


def test_spans_give_inclusive_first_and_last_days() -> None:
    spans = SIGN_OFF.spans()
    assert [(s.start, s.until) for s in spans] == [
        (None, D(2026, 3, 31)),
        (D(2026, 4, 1), D(2027, 3, 31)),
        (D(2027, 4, 1), D(2027, 12, 31)),
        (D(2028, 1, 1), None),
    ]
    assert D(2027, 3, 31) in spans[1] and D(2027, 4, 1) not in spans[1]
    assert "2027-03-31" not in spans[1]  # only dates are ever in a span


def test_current_is_the_latest_value_even_after_an_end() -> None:
    ended = Param[Period | None].fixed("test.x", Months(1), "v1").ending(D(2026, 1, 1), "v2")
    assert ended.current == DatedValue(Months(1), "v1")
    assert SIGN_OFF.current.citation == "policy v4"


def test_with_entry_replaces_the_same_date_and_keeps_the_others() -> None:
    changed = SIGN_OFF.with_entry(DatedValue(WorkingDays(25), "policy v2 bis", APRIL_2026))
    assert [e.citation for e in changed.history] == [
        "policy v1",
        "policy v2 bis",
        "policy v3 withdraws the step",
        "policy v4",
    ]
    inserted = SIGN_OFF.with_entry(DatedValue(WorkingDays(40), "interim", D(2025, 1, 1)))
    assert [e.effective_from for e in inserted.history] == [
        None,
        D(2025, 1, 1),
        APRIL_2026,
        D(2027, 4, 1),
        D(2028, 1, 1),
    ]
    assert SIGN_OFF.history[1].citation == "policy v2"  # the original is unchanged (frozen)


@pytest.mark.parametrize(
    ("history", "message"),
    [
        ((), "has no value"),
        ((Ended("gone", D(2026, 1, 1)),), "has no value"),
        (
            (DatedValue(Months(1), "a", D(2026, 1, 1)), DatedValue(Months(2), "b")),
            "only the first value may be undated",
        ),
        (
            (DatedValue(Months(1), "a", D(2026, 1, 1)), DatedValue(Months(2), "b", D(2025, 1, 1))),
            "in date order",
        ),
        (
            (DatedValue(Months(1), "a", D(2026, 1, 1)), Ended("b", D(2026, 1, 1))),
            "one per date",
        ),
        ((DatedValue(Months(1), ""),), "needs a citation"),
        ((DatedValue(Months(1), "a"), Ended("", D(2026, 1, 1))), "needs a citation"),
    ],
)
def test_a_malformed_history_is_refused(history: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Param("test.bad", history)


def test_unknown_is_a_value_with_its_reason() -> None:
    limit = Param[int | Unknown](
        "test.limit",
        (
            DatedValue[int | Unknown](300_000, "2025/26", APRIL_2026),
            DatedValue[int | Unknown](Unknown("not announced"), "none yet", D(2027, 4, 1)),
        ),
    )
    entry = limit.at(D(2027, 4, 1))
    assert entry is not None and entry.value == Unknown("not announced")
    assert limit.at(D(2027, 3, 31)) == DatedValue(300_000, "2025/26", APRIL_2026)


# -- the engine: a region whose rules change ----------------------------------------------


def _rule(kind: str, trigger: str, param: Param[Period | None], **kw: Any) -> ObligationRule:
    return ObligationRule(
        kind=kind,
        rule_id=f"dated.{kind}",
        citation="test",
        triggers=(Trigger(trigger, param),),
        **kw,
    )


SIGN_OFF_RULE = _rule(
    "referral_sign_off",
    "detailed_referral_completed",
    SIGN_OFF,
    done_by=(DoneBy("referral_signed_off"),),
    ends_on=(Ender("closure_decided"),),
)

#: An annual review that becomes six-monthly from 1 April 2026 and ends on 1 April 2028.
REVIEW = Param[Period | None](
    "test.review",
    (
        DatedValue(Months(12), "review v1"),
        DatedValue(Months(6), "review v2", APRIL_2026),
        Ended("review v3", D(2028, 4, 1)),
    ),
)

#: A Stage 1 extension that exists only until the end of 2025.
EXTENSION = Param[Period | None](
    "test.extension",
    (DatedValue(Months(6), "ext v1"), Ended("ext v2", D(2026, 1, 1))),
)

#: A window with no time limit from 2026 (the step stays, no due date).
CLOSURE = Param[Period | None](
    "test.closure",
    (DatedValue(WorkingDays(5), "closure v1"), DatedValue(None, "closure v2", D(2026, 1, 1))),
)


class Dated:
    """A test region whose rules change over time."""

    RULES: ClassVar[dict[str, ObligationRule]] = {
        rule.kind: rule
        for rule in (
            SIGN_OFF_RULE,
            _rule(
                "plan_review",
                "assessment_completed",
                REVIEW,
                done_by=(DoneBy("review_held"),),
                recurrence=Rolling(),
            ),
            _rule(
                "stage1",
                "registration_of_interest",
                fixed_period("test.stage1", Months(2), "stage1"),
                done_by=(DoneBy("stage1_completed"),),
                extension=Extension("stage1_extended", EXTENSION),
                track="approval",
            ),
            _rule(
                "closure_letter",
                "closure_decided",
                CLOSURE,
                done_by=(DoneBy("closure_letter_sent"),),
            ),
            _rule(
                "assessment",
                "initial_visit",
                Param[Period | None](
                    "test.assessment",
                    (
                        DatedValue(WorkingDays(45), "assess v1"),
                        DatedValue(WorkingDays(30), "assess v2", APRIL_2026),
                    ),
                ),
                done_by=(DoneBy("assessment_completed"),),
            ),
        )
    }

    def __init__(self, name: str = "dated", **changes: Any) -> None:
        self.name = name
        self.rules = {k: attrs.evolve(r, **changes) for k, r in self.RULES.items()}

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        # A council of its own: a council claimed by two regions is refused at load.
        return [RegionInfo(self.name, "Dated", (f"{self.name}-shire",), "tests", self)]

    @hookimpl
    def adoption_rules_obligation_kinds(self, region: str) -> list[str] | None:
        return list(self.rules) if region == self.name else None

    @hookimpl
    def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
        return self.rules.get(kind) if region == self.name else None


@pytest.fixture(scope="module")
def dated() -> Registry:
    return load_registry(
        installed=False,
        extra=[
            ("dated", Dated()),
            ("dated_as_of", Dated("dated_as_of", value_date="as_of")),
            (
                "dated_referral",
                Dated("dated_referral", value_date=DateOfEvent("referral_received")),
            ),
        ],
    )


def ev(kind: str, day: str, **fields: Any) -> dict[str, Any]:
    return {"type": kind, "date": day, **fields}


def run(
    registry: Registry, events: list[dict[str, Any]], as_of: dt.date, region: str = "dated"
) -> Result:
    data = {"case_id": "C-1", "region": region, "events": events}
    return evaluate(structure_case(data), as_of, registry=registry)


def of_kind(result: Result, kind: str) -> list[Obligation]:
    return [ob for ob in result.obligations if ob.kind == kind]


@pytest.mark.parametrize(
    ("referral", "due", "period", "citation"),
    [
        # Tue 2026-03-31, under v1: 45 working days (3 and 6 April, 4 and 25 May are
        # bank holidays).
        ("2026-03-31", D(2026, 6, 8), "45 working days", "policy v1"),
        # Wed 2026-04-01, the first day of v2: 30 working days.
        ("2026-04-01", D(2026, 5, 18), "30 working days", "policy v2"),
    ],
)
def test_the_window_is_the_one_in_force_when_the_clock_started(
    dated: Registry, referral: str, due: dt.date, period: str, citation: str
) -> None:
    """A referral under the old policy keeps the old window, even judged after the change."""
    result = run(dated, [ev("detailed_referral_completed", referral)], D(2026, 9, 1))
    (ob,) = of_kind(result, "referral_sign_off")
    assert (ob.due, ob.period, ob.citation) == (due, period, citation)


def test_a_rule_that_ended_creates_no_obligation_from_its_end_date(dated: Registry) -> None:
    events = [
        ev("detailed_referral_completed", "2027-03-31"),  # the last day of v2
        ev("detailed_referral_completed", "2027-04-01"),  # ended: nothing
        ev("detailed_referral_completed", "2027-11-30"),  # still ended
        ev("detailed_referral_completed", "2028-01-03"),  # v4 starts it again
    ]
    obs = of_kind(run(dated, events, D(2028, 6, 1)), "referral_sign_off")
    assert [(ob.starts_from.date, ob.period, ob.citation) for ob in obs] == [
        (D(2027, 3, 31), "30 working days", "policy v2"),
        (D(2028, 1, 3), "20 working days", "policy v4"),
    ]


def test_an_obligation_opened_before_the_end_keeps_running(dated: Registry) -> None:
    """The end stops new triggers; it does not cancel what already started."""
    events = [ev("detailed_referral_completed", "2027-03-31")]
    (ob,) = of_kind(run(dated, events, D(2027, 9, 1)), "referral_sign_off")
    assert ob.status is Status.OVERDUE


def test_a_value_of_none_still_lists_the_step_with_no_due_date(dated: Registry) -> None:
    events = [
        ev("closure_decided", "2025-12-31", reason="no_further_need"),
        ev("closure_decided", "2026-01-02", reason="no_further_need"),
    ]
    obs = of_kind(run(dated, events, D(2026, 3, 1)), "closure_letter")
    assert [(ob.due, ob.period, ob.status) for ob in obs] == [
        (D(2026, 1, 8), "5 working days", Status.OVERDUE),  # 1 January is a holiday
        (None, None, Status.PENDING),
    ]


def test_a_rolling_review_takes_the_period_in_force_when_each_review_was_held(
    dated: Registry,
) -> None:
    """2019 to 2028: the annual review becomes six-monthly in 2026, then ends in 2028."""
    events = [
        ev("assessment_completed", "2019-06-10"),
        ev("review_held", "2020-06-01"),  # v1: next due 12 months later
        ev("review_held", "2021-05-20"),
        ev("review_held", "2026-03-31"),  # still v1 on the day it was held
        ev("review_held", "2026-04-01"),  # v2: next due 6 months later
        ev("review_held", "2027-09-30"),
        ev("review_held", "2028-04-03"),  # ended: no next review
    ]
    obs = of_kind(run(dated, events, D(2028, 12, 1)), "plan_review")
    by_number = sorted(obs, key=lambda ob: ob.occurrence or 0)
    assert [(ob.starts_from.date, ob.due, ob.status, ob.citation) for ob in by_number] == [
        (D(2019, 6, 10), D(2020, 6, 10), Status.MET, "review v1"),
        (D(2020, 6, 1), D(2021, 6, 1), Status.MET, "review v1"),
        (D(2021, 5, 20), D(2022, 5, 20), Status.MET_LATE, "review v1"),
        (D(2026, 3, 31), D(2027, 3, 31), Status.MET, "review v1"),  # held the day before
        (D(2026, 4, 1), D(2026, 10, 1), Status.MET_LATE, "review v2"),
        (D(2027, 9, 30), D(2028, 3, 30), Status.MET_LATE, "review v2"),
        # The review of 2028-04-03 falls after the end: no seventh occurrence.
    ]
    assert [ob.occurrence for ob in by_number] == [1, 2, 3, 4, 5, 6]


def test_an_extension_that_ended_no_longer_lengthens_stage1(dated: Registry) -> None:
    before = [ev("registration_of_interest", "2025-10-01"), ev("stage1_extended", "2025-11-01")]
    after = [ev("registration_of_interest", "2026-01-05"), ev("stage1_extended", "2026-02-01")]
    (kept,) = of_kind(run(dated, before, D(2026, 3, 1)), "stage1")
    (plain,) = of_kind(run(dated, after, D(2026, 3, 1)), "stage1")
    assert (kept.due, kept.period, kept.citation) == (D(2026, 4, 1), "6 months", "ext v1")
    assert (plain.due, plain.period) == (D(2026, 3, 5), "2 months")


def test_a_case_from_2019_to_2026_is_judged_step_by_step(dated: Registry) -> None:
    """One case, two steps: each takes the value in force on its own trigger's date."""
    events = [
        ev("initial_visit", "2019-02-04"),
        ev("assessment_completed", "2019-04-01"),
        ev("initial_visit", "2026-04-01"),
        ev("assessment_completed", "2026-05-20"),
    ]
    obs = of_kind(run(dated, events, D(2026, 6, 1)), "assessment")
    assert [(ob.period, ob.citation, ob.status) for ob in obs] == [
        ("45 working days", "assess v1", Status.MET),
        ("30 working days", "assess v2", Status.MET_LATE),
    ]


def test_value_date_as_of_applies_todays_rule_to_every_occurrence(dated: Registry) -> None:
    events = [ev("initial_visit", "2019-02-04"), ev("initial_visit", "2026-04-01")]
    obs = of_kind(run(dated, events, D(2026, 6, 1), "dated_as_of"), "assessment")
    assert [ob.period for ob in obs] == ["30 working days", "30 working days"]
    # As of a day before the change, both take the old value.
    early = of_kind(run(dated, events[:1], D(2026, 3, 31), "dated_as_of"), "assessment")
    assert [ob.period for ob in early] == ["45 working days"]


def test_value_date_as_of_with_an_ended_rule_creates_nothing(dated: Registry) -> None:
    events = [ev("detailed_referral_completed", "2026-05-01")]
    assert of_kind(run(dated, events, D(2027, 4, 1), "dated_as_of"), "referral_sign_off") == []
    (ob,) = of_kind(run(dated, events, D(2027, 3, 31), "dated_as_of"), "referral_sign_off")
    assert ob.period == "30 working days"


def test_value_date_of_an_event_keeps_the_procedure_the_referral_arrived_under(
    dated: Registry,
) -> None:
    """A transitional provision: referrals received before 1 April finish under the old rules."""
    events = [
        ev("referral_received", "2026-03-20"),
        ev("initial_visit", "2026-04-14"),
        ev("referral_received", "2026-04-20"),  # a new referral: the new rules
        ev("initial_visit", "2026-05-05"),
    ]
    obs = of_kind(run(dated, events, D(2026, 6, 1), "dated_referral"), "assessment")
    assert sorted((ob.starts_from.date, ob.period) for ob in obs) == [
        (D(2026, 4, 14), "45 working days"),
        (D(2026, 5, 5), "30 working days"),
    ]
    # By default (the trigger's date) both visits take the new value.
    default = of_kind(run(dated, events, D(2026, 6, 1)), "assessment")
    assert [ob.period for ob in default] == ["30 working days", "30 working days"]
    # With no referral recorded, the trigger's own date chooses.
    (alone,) = of_kind(
        run(dated, [ev("initial_visit", "2026-04-14")], D(2026, 6, 1), "dated_referral"),
        "assessment",
    )
    assert alone.period == "30 working days"


def test_before_the_first_value_the_case_is_an_error_not_a_guess() -> None:
    late = Param[Period | None].fixed("test.late", Months(1), "from 2020", D(2020, 1, 1))

    class Late(Dated):
        RULES: ClassVar[dict[str, ObligationRule]] = {
            "assessment": _rule("assessment", "initial_visit", late)
        }

    registry = load_registry(installed=False, extra=[("late", Late("late"))])
    with pytest.raises(EvaluationError, match="no value in force on 2019-12-31") as info:
        run(registry, [ev("initial_visit", "2019-12-31")], D(2020, 6, 1), "late")
    assert info.value.code == "no_rule_in_force"


@pytest.mark.parametrize("bad", ["trigger_date", "", None, 3])
def test_value_date_is_checked(bad: Any) -> None:
    with pytest.raises(ValueError, match="value_date must be"):
        attrs.evolve(SIGN_OFF_RULE, value_date=bad)


def test_value_date_defaults_to_the_trigger() -> None:
    choice: ValueDate = SIGN_OFF_RULE.value_date
    assert choice == "trigger"


def test_params_and_map_params_reach_every_parameter_of_a_rule() -> None:
    rule = Dated.RULES["stage1"]
    assert [p.name for p in rule.params()] == ["test.stage1", "test.extension"]
    renamed = rule.map_params(lambda p: attrs.evolve(p, name=p.name + ".new"))
    assert [p.name for p in renamed.params()] == ["test.stage1.new", "test.extension.new"]
    assert rule.map_params(lambda p: p) is rule  # nothing changed: the same rule
    review = _rule(
        "placement_review",
        "placement_date",
        fixed_period("a", Months(1), "x"),
        recurrence=Rolling((fixed_period("b", Months(3), "x"), fixed_period("c", Months(6), "x"))),
    )
    assert [p.name for p in review.params()] == ["a", "b", "c"]


# -- the date sweep: no gap, no overlap ---------------------------------------------------

SWEEP_FROM, SWEEP_TO = D(2015, 1, 1), D(2030, 12, 31)


def _all_params() -> dict[str, Param[Any]]:
    """Every parameter the rules of every built-in region read, by ``region:name``."""
    registry = load_registry(installed=False)
    seen: dict[str, Param[Any]] = {}
    for region in registry.names:
        for resolved in registry.policy(region).rules:
            for param in resolved.rule.params():
                seen.setdefault(f"{region}:{param.name}", param)
    for name, param in fund.PARAMS.items():
        seen[f"fund:{name}"] = param
    return seen


SWEPT = _all_params()
ALL_PARAMS = list(SWEPT.values())


def test_the_sweep_covers_every_builtin_region() -> None:
    regions = {key.split(":")[0] for key in SWEPT}
    assert regions == {
        "england",
        "together4children",
        "adoption_at_heart",
        "adoption_west",
        "leicestershire",
        "fund",
    }
    # Region rules and their own parameters, not only the baseline's.
    assert "together4children:together4children.assessment" in SWEPT
    assert len(ALL_PARAMS) > 50


def _exactly_one(param: Param[Any], day: dt.date) -> None:
    holding = [span for span in param.spans() if day in span]
    assert len(holding) == 1, (param.name, day, holding)  # no gap, no overlap
    entry = param.in_force(day)
    assert entry is not None, (param.name, day)
    assert entry is holding[0].entry, (param.name, day)
    # Either a value (possibly None, or Unknown) or an explicit end.
    assert isinstance(entry, DatedValue | Ended)


@settings(max_examples=300, deadline=None)
@given(day=st.dates(SWEEP_FROM, SWEEP_TO))
def test_every_parameter_has_exactly_one_entry_on_any_day(day: dt.date) -> None:
    for param in ALL_PARAMS:
        _exactly_one(param, day)


def test_every_parameter_has_exactly_one_entry_on_every_day_and_every_boundary() -> None:
    """The exhaustive sweep, Catala style: every day 2015-2030, and each change's eve."""
    days = [SWEEP_FROM + dt.timedelta(days=n) for n in range((SWEEP_TO - SWEEP_FROM).days + 1)]
    for param in ALL_PARAMS:
        boundaries = [e.effective_from for e in param.history if e.effective_from]
        for day in [*days, *boundaries, *(b - dt.timedelta(days=1) for b in boundaries)]:
            _exactly_one(param, day)


@given(
    starts=st.lists(st.dates(D(2015, 1, 1), D(2030, 12, 31)), unique=True, max_size=6),
    ends=st.lists(st.booleans(), min_size=6, max_size=6),
    day=st.dates(D(2014, 1, 1), D(2031, 12, 31)),
)
def test_any_valid_history_resolves_each_day_to_the_latest_entry_started(
    starts: list[dt.date], ends: list[bool], day: dt.date
) -> None:
    """The model: the entry in force is the last one whose start is on or before the day."""
    entries: list[DatedValue[Period | None] | Ended] = [DatedValue(Months(1), "undated")]
    for i, start in enumerate(sorted(starts)):
        entries.append(
            Ended(f"end {i}", start) if ends[i] else DatedValue(Months(i + 2), f"v {i}", start)
        )
    param = Param[Period | None]("test.model", tuple(entries))
    expected = [e for e in entries if e.effective_from is None or e.effective_from <= day][-1]
    assert param.in_force(day) is expected
    _exactly_one(param, day)


# -- docs in the modules ------------------------------------------------------------------


@pytest.mark.parametrize("module", [rules, fund], ids=lambda m: m.__name__)
def test_module_examples_run(module: Any) -> None:
    failed, tried = doctest.testmod(module)
    assert tried > 0 and failed == 0
