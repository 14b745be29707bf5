"""Backward deadlines and the days a working-day count skipped.

``Period.latest_start(end)`` is defined as the latest start whose forward
deadline is on or before ``end``.  Forward is monotone, so the answer ``s`` is
exact when ``forward(s) <= end < forward(s + 1 day)``: the properties check
both halves over the whole supported range (1990-2099) for every period type,
with and without agency closure days, and check the monotonicity the
definition leans on.  Forward itself is tested against independent oracles
(numpy, the ``holidays`` package, dateutil) in ``test_calendar_properties.py``.
"""

from __future__ import annotations

import datetime as dt
import doctest
import json
from pathlib import Path

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from adoption_rules import (
    ANNOUNCED_HORIZON,
    MAX_DATE,
    MIN_DATE,
    DateOutOfRangeError,
    Days,
    LatestStart,
    Months,
    Period,
    PeriodError,
    Weeks,
    WorkingCalendar,
    WorkingDays,
    Years,
    england_calendar,
)
from adoption_rules.cli import main
from adoption_rules.core import calendar, periods
from adoption_rules.io.schema import schema_for

PROPS = settings(max_examples=400, deadline=None)
CLOSURES = settings(max_examples=150, deadline=None)
ONE_DAY = dt.timedelta(days=1)

_ENG = holidays.country_holidays("GB", subdiv="ENG", years=range(MIN_DATE.year, MAX_DATE.year + 1))
ORACLE_HOLIDAYS: frozenset[dt.date] = frozenset(_ENG)
_HOLIDAY_LIST = sorted(ORACLE_HOLIDAYS)


def _month_end(day: dt.date) -> dt.date:
    nxt = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return nxt - ONE_DAY


# -- strategies --------------------------------------------------------------------------------

uniform = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)
near_holiday = st.builds(
    lambda day, shift: min(MAX_DATE, max(MIN_DATE, day + dt.timedelta(days=shift))),
    st.sampled_from(_HOLIDAY_LIST),
    st.integers(-7, 7),
)
#: The last four days of a month and the first two: where clamping bites.
near_month_end = st.builds(
    lambda day, shift: min(MAX_DATE, max(MIN_DATE, _month_end(day) + dt.timedelta(days=shift))),
    uniform,
    st.integers(-3, 2),
)
#: The first days of the range: where no start may be early enough.
near_min = st.builds(lambda k: MIN_DATE + dt.timedelta(days=k), st.integers(0, 400))
ends = st.one_of(uniform, near_holiday, near_month_end, near_min)

periods_ = st.one_of(
    st.builds(WorkingDays, st.integers(0, 400)),
    st.builds(Days, st.integers(0, 1000)),
    st.builds(Weeks, st.integers(0, 150)),
    st.builds(Months, st.integers(0, 60)),
    st.builds(Years, st.integers(0, 12)),
)


def forward(period: Period, start: dt.date, cal: WorkingCalendar) -> dt.date:
    """``period`` after ``start``; a start or deadline past the range is later than any end."""
    if start > MAX_DATE:
        return dt.date.max
    try:
        return period.apply(start, cal)
    except DateOutOfRangeError:
        return dt.date.max


def check_exact(period: Period, end: dt.date, cal: WorkingCalendar) -> None:
    try:
        latest = period.apply_backward(end, cal)
    except DateOutOfRangeError:
        # Only when no start in range works: the earliest start is already late.
        assert forward(period, MIN_DATE, cal) > end
        return
    assert MIN_DATE <= latest <= end
    assert forward(period, latest, cal) <= end
    assert forward(period, latest + ONE_DAY, cal) > end


# -- exactness against forward, 1990-2099 ------------------------------------------------------


@PROPS
@given(periods_, ends)
def test_latest_start_is_the_exact_inverse_of_forward(period: Period, end: dt.date) -> None:
    check_exact(period, end, england_calendar())


@CLOSURES
@given(st.integers(0, 120), ends, st.frozensets(st.integers(-150, 5), min_size=1, max_size=15))
def test_latest_start_with_closure_days(n: int, end: dt.date, offsets: frozenset[int]) -> None:
    closures = {end + dt.timedelta(days=k) for k in offsets}
    cal = england_calendar(d for d in closures if MIN_DATE <= d <= MAX_DATE)
    check_exact(WorkingDays(n), end, cal)


@PROPS
@given(periods_, st.dates(min_value=MIN_DATE, max_value=MAX_DATE - ONE_DAY))
def test_forward_is_monotone(period: Period, start: dt.date) -> None:
    """What makes "forward(s) <= end < forward(s + 1)" mean "s is the latest start"."""
    cal = england_calendar()
    assert forward(period, start, cal) <= forward(period, start + ONE_DAY, cal)


@PROPS
@given(periods_, ends)
def test_latest_start_object_agrees_with_the_date(period: Period, end: dt.date) -> None:
    cal = england_calendar()
    try:
        answer = period.latest_start(end, cal)
    except DateOutOfRangeError:
        with pytest.raises(DateOutOfRangeError):
            period.apply_backward(end, cal)
        return
    assert answer == LatestStart(
        end=end,
        period=period,
        start=period.apply_backward(end, cal),
        due=period.apply(answer.start, cal),
        provisional=period.uses_calendar and end > ANNOUNCED_HORIZON.last_announced,
    )


@PROPS
@given(st.integers(1, 400), ends)
def test_a_working_day_end_is_reached_exactly(n: int, end: dt.date) -> None:
    """Every working day is the deadline of some start: a working-day end is always hit."""
    cal = england_calendar()
    if not cal.is_working_day(end):
        return
    try:
        latest = cal.latest_start(end, n)
    except DateOutOfRangeError:
        return
    assert cal.add_working_days(latest, n) == end


# -- edge days -----------------------------------------------------------------------------


D = dt.date


@pytest.mark.parametrize(
    ("end", "period", "latest", "due"),
    [
        # Easter 2025: Good Friday 18 April and Easter Monday 21 April skipped.
        (D(2025, 4, 24), WorkingDays(5), D(2025, 4, 15), D(2025, 4, 24)),
        # An end on a bank holiday: the due date is the working day before it.
        (D(2025, 12, 25), WorkingDays(1), D(2025, 12, 23), D(2025, 12, 24)),
        # The day after a run of non-working days: every day of the run maps to it,
        # so the latest start is the run's last day (a Sunday here).
        (D(2025, 12, 29), WorkingDays(1), D(2025, 12, 28), D(2025, 12, 29)),
        # Substitute days: Christmas 2027 is a Saturday, so 27 and 28 December are
        # bank holidays; the latest start is the substitute Tuesday.
        (D(2027, 12, 29), WorkingDays(1), D(2027, 12, 28), D(2027, 12, 29)),
        (D(2027, 12, 29), WorkingDays(2), D(2027, 12, 23), D(2027, 12, 29)),
        (D(2026, 12, 29), WorkingDays(1), D(2026, 12, 28), D(2026, 12, 29)),
        # The coronation bank holiday, Monday 8 May 2023.
        (D(2023, 5, 9), WorkingDays(1), D(2023, 5, 8), D(2023, 5, 9)),
        (D(2023, 5, 8), WorkingDays(1), D(2023, 5, 4), D(2023, 5, 5)),
        # An end on a Saturday: due the Friday before.
        (D(2025, 6, 14), WorkingDays(10), D(2025, 6, 1), D(2025, 6, 13)),
        (D(2025, 6, 14), WorkingDays(0), D(2025, 6, 14), D(2025, 6, 14)),
        # 29 February.
        (D(2024, 3, 1), Days(1), D(2024, 2, 29), D(2024, 3, 1)),
        (D(2025, 2, 27), Weeks(52), D(2024, 2, 29), D(2025, 2, 27)),
        (D(2024, 3, 29), Months(1), D(2024, 2, 29), D(2024, 3, 29)),
        (D(2024, 3, 28), Months(1), D(2024, 2, 28), D(2024, 3, 28)),
        (D(2025, 2, 28), Years(1), D(2024, 2, 29), D(2025, 2, 28)),
        (D(2028, 2, 29), Years(4), D(2024, 2, 29), D(2028, 2, 29)),
        (D(2024, 2, 29), Years(1), D(2023, 2, 28), D(2024, 2, 28)),
        (D(2024, 2, 28), Years(1), D(2023, 2, 28), D(2024, 2, 28)),
        # Month ends: several starts map to one end, the latest is taken...
        (D(2025, 2, 28), Months(1), D(2025, 1, 31), D(2025, 2, 28)),
        (D(2025, 4, 30), Months(1), D(2025, 3, 31), D(2025, 4, 30)),
        (D(2025, 4, 29), Months(1), D(2025, 3, 29), D(2025, 4, 29)),
        # ...and some ends are unreachable: due the last reachable day before.
        (D(2025, 3, 30), Months(1), D(2025, 2, 28), D(2025, 3, 28)),
        (D(2025, 3, 31), Months(1), D(2025, 2, 28), D(2025, 3, 28)),
        (D(2024, 3, 31), Months(1), D(2024, 2, 29), D(2024, 3, 29)),
        (D(2024, 8, 31), Months(6), D(2024, 2, 29), D(2024, 8, 29)),
        (D(2025, 3, 31), Months(0), D(2025, 3, 31), D(2025, 3, 31)),
        # The edges of the range.
        (D(1990, 1, 2), WorkingDays(1), D(1990, 1, 1), D(1990, 1, 2)),
        (D(1990, 1, 2), Days(1), D(1990, 1, 1), D(1990, 1, 2)),
        (D(1990, 2, 28), Months(1), D(1990, 1, 31), D(1990, 2, 28)),
        (D(2099, 12, 31), Years(1), D(2098, 12, 31), D(2099, 12, 31)),
    ],
)
def test_edge_days(end: dt.date, period: Period, latest: dt.date, due: dt.date) -> None:
    answer = period.latest_start(end)
    assert (answer.start, answer.due) == (latest, due)
    check_exact(period, end, england_calendar())


@pytest.mark.parametrize(
    ("end", "period"),
    [
        (D(1990, 1, 1), WorkingDays(1)),  # New Year's Day 1990: no working day before it
        (D(1990, 1, 1), Days(1)),
        (D(1990, 1, 6), Weeks(1)),
        (D(1990, 1, 31), Months(1)),
        (D(1990, 12, 31), Years(1)),
    ],
)
def test_no_start_in_range(end: dt.date, period: Period) -> None:
    with pytest.raises(DateOutOfRangeError, match="no start on or after 1990-01-01"):
        period.latest_start(end)


def test_an_end_outside_the_range_is_refused() -> None:
    for period in (WorkingDays(1), Days(1), Months(1)):
        with pytest.raises(DateOutOfRangeError, match="outside the supported range"):
            period.latest_start(D(2100, 1, 1))


def test_closure_days_move_the_latest_start_earlier() -> None:
    office = WorkingCalendar([D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)])
    # 2 January 2026 is then the first working day after Christmas Eve.
    assert WorkingDays(1).latest_start(D(2026, 1, 2), office).start == D(2026, 1, 1)
    assert WorkingDays(2).latest_start(D(2026, 1, 2), office).start == D(2025, 12, 23)
    assert WorkingDays(2).latest_start(D(2026, 1, 2)).start == D(2025, 12, 30)


def test_provisional_after_the_announced_horizon() -> None:
    horizon = ANNOUNCED_HORIZON.last_announced
    assert WorkingDays(5).latest_start(horizon + dt.timedelta(days=10)).provisional
    assert not WorkingDays(5).latest_start(horizon).provisional
    assert not Months(1).latest_start(horizon + dt.timedelta(days=40)).provisional


def test_bad_counts_are_refused() -> None:
    with pytest.raises(PeriodError):
        england_calendar().latest_start(D(2025, 1, 10), -1)


# -- the days skipped ----------------------------------------------------------------------


@CLOSURES
@given(
    st.dates(min_value=MIN_DATE, max_value=MAX_DATE - dt.timedelta(days=700)),
    st.integers(0, 400),
    st.frozensets(st.integers(1, 120), max_size=10),
)
def test_skipped_days_match_a_naive_walk(start: dt.date, n: int, offsets: frozenset[int]) -> None:
    closures = frozenset(start + dt.timedelta(days=k) for k in offsets)
    cal = england_calendar(closures)
    due = cal.add_working_days(start, n)
    skipped = cal.skipped_days(start, due)
    holidays_, closed, weekend = [], [], 0
    day = start + ONE_DAY
    while day < due:
        if day.weekday() >= 5:
            weekend += 1
        elif day in ORACLE_HOLIDAYS:
            holidays_.append(day)
        elif day in closures:
            closed.append(day)
        day += ONE_DAY
    assert [d for d, _ in skipped.bank_holidays] == holidays_
    assert [name for _, name in skipped.bank_holidays] == [
        cal.bank_holiday_name(d) for d in holidays_
    ]
    assert list(skipped.closures) == closed
    assert skipped.weekend_days == weekend
    # Every day strictly between start and due is a working day counted or a day skipped.
    between = max(0, (due - start).days - 1)
    assert between == max(0, n - 1) + skipped.total


def test_skipped_days_easter_2025() -> None:
    office = WorkingCalendar([D(2025, 4, 17)])
    skipped = office.skipped_days(D(2025, 4, 15), office.add_working_days(D(2025, 4, 15), 5))
    assert skipped.bank_holidays == (
        (D(2025, 4, 18), "Good Friday"),
        (D(2025, 4, 21), "Easter Monday"),
    )
    assert skipped.closures == (D(2025, 4, 17),)
    assert skipped.weekend_days == 2


def test_skipped_days_substitute_christmas_2027() -> None:
    cal = england_calendar()
    skipped = cal.skipped_days(D(2027, 12, 24), cal.add_working_days(D(2027, 12, 24), 1))
    assert [d for d, _ in skipped.bank_holidays] == [D(2027, 12, 27), D(2027, 12, 28)]
    assert all(name for _, name in skipped.bank_holidays)
    assert skipped.weekend_days == 2


# -- the modules' own examples and the command line ----------------------------------------


@pytest.mark.parametrize("module", [calendar, periods], ids=lambda m: m.__name__)
def test_module_examples_run(module: object) -> None:
    failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert tried > 0 and failed == 0


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_latest_start(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "deadline", "--latest-start", "2025-04-24", "5 working days") == (
        0,
        "2025-04-15\n",
        "",
    )


def test_cli_latest_start_unreachable_end(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deadline", "--latest-start", "2025-03-31", "1 month")
    assert code == 0
    assert out == "2025-02-28  (due 2025-03-28: no start is due on 2025-03-31 itself)\n"


def test_cli_latest_start_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2028-12-27\n")
    code, out, _ = run(
        capsys,
        "deadline",
        "--latest-start",
        "2028-12-29",
        "2 working days",
        "--closures",
        str(closures),
        "--json",
    )
    assert code == 0
    assert json.loads(out) == {
        "end": "2028-12-29",
        "period": "2 working days",
        "latest_start": "2028-12-27",
        "due": "2028-12-29",
        "provisional": True,
    }
    # The deadline schema describes both shapes of `deadline --json`.
    validator = Draft202012Validator(schema_for("deadline"))
    assert list(validator.iter_errors(json.loads(out))) == []
    code, forward_out, _ = run(capsys, "deadline", "2028-12-27", "2 working days", "--json")
    assert list(validator.iter_errors(json.loads(forward_out))) == []
    assert not validator.is_valid({**json.loads(out), "start": "2028-12-27"})


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["deadline", "--latest-start", "2025-02-30", "1 month"], "not a real date"),
        (["deadline", "--latest-start", "2025-03-31"], "give the period"),
        (["deadline", "--latest-start", "2025-03-31", "2025-01-01", "1 month"], "only the period"),
        (["deadline", "--latest-start", "1990-01-01", "1 day"], "no start on or after"),
        (["deadline", "2025-01-01"], "give the start date and the period"),
    ],
)
def test_cli_latest_start_misuse(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
