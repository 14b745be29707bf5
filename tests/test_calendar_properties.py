"""Property-based tests of the calendar, periods and schedules against independent oracles.

Every property compares ``adoption_rules`` with something that does not share
its code or its data:

* bank holidays straight from the ``holidays`` package
  (``country_holidays("GB", subdiv="ENG")``), never the shipped snapshot;
* ``numpy.busday_offset`` and a naive day-by-day loop written here for
  working-day arithmetic;
* ``dateutil.relativedelta`` and ``datetime.timedelta`` for calendar periods;
* the UK summer-time rule written out by hand for aware datetimes.

Contract conventions checked: 1 (dates in England), 2 (working days),
3 (N working days: the start is never counted), 4-5 (weeks, months, years,
clamped), 6 (anchored schedules are never chained), 7 (no rolling) and
10 (provisional deadlines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

import holidays
import numpy as np
import numpy.typing as npt
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules import (
    ANNOUNCED_HORIZON,
    MAX_DATE,
    MIN_DATE,
    AnchoredSchedule,
    DateOutOfRangeError,
    Days,
    Months,
    NaiveDatetimeError,
    Period,
    PeriodError,
    RollingSchedule,
    Weeks,
    WorkingCalendar,
    WorkingDays,
    Years,
    england_calendar,
    england_date,
    parse_period,
)

PROPS = settings(max_examples=300, deadline=None)
FEW = settings(max_examples=100, deadline=None)
#: Each new set of closure days builds a calendar (a few ms): fewer examples.
CLOSURES = settings(max_examples=150, deadline=None)

ONE_DAY = dt.timedelta(days=1)

# -- the oracles' data: the holidays package, directly ----------------------------------------

_ENG = holidays.country_holidays("GB", subdiv="ENG", years=range(MIN_DATE.year, MAX_DATE.year + 1))
ORACLE_HOLIDAYS: frozenset[dt.date] = frozenset(_ENG)
_WEEKMASK = "1111100"  # Monday to Friday
_BUSDAYCAL = np.busdaycalendar(
    weekmask=_WEEKMASK, holidays=np.array(sorted(ORACLE_HOLIDAYS), dtype="datetime64[D]")
)


def _as_date(value: np.datetime64) -> dt.date:
    out = value.item()
    assert isinstance(out, dt.date)
    return out


def numpy_add(start: dt.date, n: int, closures: Set[dt.date] = frozenset()) -> dt.date:
    """``n`` working days after ``start`` by ``numpy.busday_offset`` (valid for ``n >= 1``).

    ``roll="backward"`` first moves a non-working start back to the previous
    working day p, then steps n working days forward.  No working day lies in
    (p, start], so the n-th working day after p is the n-th working day
    strictly after start: convention 3 exactly, for n >= 1.  (For n == 0 it
    would return p, not start, so n == 0 is left to the naive oracle.)

    ``roll="forward"`` is wrong for convention 3: it moves a non-working start
    on to the next working day q >= start and counts from q, so the answer is
    one working day late whenever the start is not a working day (numpy issue
    8808, "busday_offset off by one with roll='forward'").
    """
    assert n >= 1
    day = np.datetime64(start, "D")
    if closures:
        off = np.array(sorted(ORACLE_HOLIDAYS | closures), dtype="datetime64[D]")
        return _as_date(np.busday_offset(day, n, roll="backward", weekmask=_WEEKMASK, holidays=off))
    return _as_date(np.busday_offset(day, n, roll="backward", busdaycal=_BUSDAYCAL))


def naive_is_working(day: dt.date, closures: Set[dt.date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in ORACLE_HOLIDAYS and day not in closures


def naive_add(start: dt.date, n: int, closures: Set[dt.date] = frozenset()) -> dt.date:
    """Walk forward a day at a time, counting working days after ``start``."""
    day, seen = start, 0
    while seen < n:
        day += ONE_DAY
        if naive_is_working(day, closures):
            seen += 1
    return day


def naive_working_days_in(
    start: dt.date, end: dt.date, closures: Set[dt.date] = frozenset()
) -> list[dt.date]:
    out = []
    day = start + ONE_DAY
    while day <= end:
        if naive_is_working(day, closures):
            out.append(day)
        day += ONE_DAY
    return out


# -- strategies ----------------------------------------

#: Starts early enough that 400 working days later is still in range.
SAFE_END = MAX_DATE - dt.timedelta(days=600)
_HOLIDAY_LIST = sorted(d for d in ORACLE_HOLIDAYS if d <= SAFE_END)

uniform_dates = st.dates(min_value=MIN_DATE, max_value=SAFE_END)
#: Dates within a week of a bank holiday: where the arithmetic can go wrong.
near_holiday_dates = st.builds(
    lambda day, shift: max(MIN_DATE, day + dt.timedelta(days=shift)),
    st.sampled_from(_HOLIDAY_LIST),
    st.integers(-7, 7),
)
starts = st.one_of(uniform_dates, near_holiday_dates)
counts = st.integers(min_value=0, max_value=400)
positive_counts = st.integers(min_value=1, max_value=400)


@st.composite
def start_and_closures(draw: st.DrawFn) -> tuple[dt.date, frozenset[dt.date]]:
    """A start date and a few agency closure days close after it (where they matter)."""
    start = draw(starts)
    offsets = draw(st.frozensets(st.integers(-3, 90), min_size=1, max_size=12))
    return start, frozenset(
        day
        for day in (start + dt.timedelta(days=k) for k in offsets)
        if MIN_DATE <= day <= MAX_DATE
    )


# -- add_working_days against numpy and the naive loop ----------------------------------------


@PROPS
@given(starts, positive_counts)
def test_add_matches_numpy_busday_offset(start: dt.date, n: int) -> None:
    assert england_calendar().add_working_days(start, n) == numpy_add(start, n)


@CLOSURES
@given(start_and_closures(), positive_counts)
def test_add_with_closures_matches_numpy(
    start_closures: tuple[dt.date, frozenset[dt.date]], n: int
) -> None:
    start, closures = start_closures
    cal = england_calendar(closures)
    assert cal.add_working_days(start, n) == numpy_add(start, n, closures)


@CLOSURES
@given(start_and_closures(), st.integers(0, 120))
def test_add_matches_naive_loop(start_closures: tuple[dt.date, frozenset[dt.date]], n: int) -> None:
    start, closures = start_closures
    cal = england_calendar(closures)
    assert cal.add_working_days(start, n) == naive_add(start, n, closures)
    assert england_calendar().add_working_days(start, n) == naive_add(start, n)


@PROPS
@given(starts)
def test_zero_working_days_is_the_start(start: dt.date) -> None:
    assert england_calendar().add_working_days(start, 0) == start
    assert england_calendar().subtract_working_days(start, 0) == start


def test_start_is_never_counted_coronation_example() -> None:
    # Convention 3's own example: Saturday, then the coronation bank holiday Monday.
    saturday = dt.date(2023, 5, 6)
    assert england_calendar().add_working_days(saturday, 1) == dt.date(2023, 5, 9)
    assert numpy_add(saturday, 1) == dt.date(2023, 5, 9)
    # roll="forward" is one day late from a non-working start (numpy issue 8808).
    forward = np.busday_offset(
        np.datetime64(saturday, "D"), 1, roll="forward", busdaycal=_BUSDAYCAL
    )
    assert _as_date(forward) == dt.date(2023, 5, 10)


@PROPS
@given(starts, positive_counts)
def test_roll_forward_is_one_working_day_late_from_a_non_working_start(
    start: dt.date, n: int
) -> None:
    forward = _as_date(
        np.busday_offset(np.datetime64(start, "D"), n, roll="forward", busdaycal=_BUSDAYCAL)
    )
    cal = england_calendar()
    expected = cal.add_working_days(start, n + (0 if naive_is_working(start) else 1))
    assert forward == expected


# -- inverses and neighbours ----------------------------------------


@CLOSURES
@given(start_and_closures(), positive_counts)
def test_working_days_between_inverts_add(
    start_closures: tuple[dt.date, frozenset[dt.date]], n: int
) -> None:
    start, closures = start_closures
    cal = england_calendar(closures)
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    # ... and the due date is the first day reaching n: the day before has n - 1.
    assert cal.working_days_between(start, due - ONE_DAY) == n - 1
    assert cal.working_days_between(due, start) == -n


@PROPS
@given(starts, counts)
def test_subtract_inverts_add_on_working_days(day: dt.date, n: int) -> None:
    cal = england_calendar()
    working = cal.next_working_day(day)
    assert cal.subtract_working_days(cal.add_working_days(working, n), n) == working
    later = cal.add_working_days(working, 400)
    assert cal.add_working_days(cal.subtract_working_days(later, n), n) == later


@CLOSURES
@given(start_and_closures(), st.integers(0, 60))
def test_subtract_matches_naive_backward_walk(
    end_closures: tuple[dt.date, frozenset[dt.date]], n: int
) -> None:
    end, closures = end_closures
    end = max(end, MIN_DATE + dt.timedelta(days=120))
    day, seen = end, 0
    while seen < n:
        day -= ONE_DAY
        if naive_is_working(day, closures):
            seen += 1
    assert england_calendar(closures).subtract_working_days(end, n) == day


def test_is_working_day_matches_holidays_package_every_day() -> None:
    cal = england_calendar()
    day = MIN_DATE
    wrong = []
    while day <= MAX_DATE:
        expected = day.weekday() < 5 and day not in _ENG
        if cal.is_working_day(day) != expected:
            wrong.append(day)
        day += ONE_DAY
    assert wrong == []


@CLOSURES
@given(start_and_closures())
def test_is_working_day_with_closures(start_closures: tuple[dt.date, frozenset[dt.date]]) -> None:
    start, closures = start_closures
    cal = england_calendar(closures)
    for k in range(-3, 91, 7):
        day = start + dt.timedelta(days=k)
        if MIN_DATE <= day <= MAX_DATE:
            assert cal.is_working_day(day) == naive_is_working(day, closures)
    for day in closures:
        assert not cal.is_working_day(day)


@CLOSURES
@given(start_and_closures())
def test_next_and_previous_working_day(
    day_closures: tuple[dt.date, frozenset[dt.date]],
) -> None:
    day, closures = day_closures
    day = max(day, MIN_DATE + dt.timedelta(days=30))
    cal = england_calendar(closures)
    nxt = cal.next_working_day(day)
    prev = cal.previous_working_day(day)
    assert prev < day < nxt
    assert cal.is_working_day(nxt)
    assert cal.is_working_day(prev)
    assert naive_working_days_in(day, nxt - ONE_DAY, closures) == []
    assert naive_working_days_in(prev, day - ONE_DAY, closures) == []
    assert cal.previous_working_day(nxt) == (day if cal.is_working_day(day) else prev)
    assert cal.next_working_day(prev) == (day if cal.is_working_day(day) else nxt)
    assert nxt == cal.add_working_days(day, 1)
    assert prev == cal.subtract_working_days(day, 1)


@CLOSURES
@given(start_and_closures(), st.integers(-90, 90))
def test_working_days_in_matches_naive(
    start_closures: tuple[dt.date, frozenset[dt.date]], span: int
) -> None:
    start, closures = start_closures
    start = max(start, MIN_DATE + dt.timedelta(days=90))
    end = start + dt.timedelta(days=span)
    cal = england_calendar(closures)
    listed = cal.working_days_in(start, end)
    assert listed == naive_working_days_in(start, end, closures)
    if span >= 0:
        assert len(listed) == cal.working_days_between(start, end)
    else:
        assert cal.working_days_between(start, end) == -len(
            naive_working_days_in(end, start, closures)
        )


# -- the batch call ----------------------------------------


@FEW
@given(
    start_and_closures(),
    st.lists(st.tuples(st.one_of(st.integers(-5, 95), st.none()), counts), max_size=60),
    uniform_dates,
)
def test_batch_equals_scalar_elementwise(
    start_closures: tuple[dt.date, frozenset[dt.date]],
    shifts: list[tuple[int | None, int]],
    elsewhere: dt.date,
) -> None:
    # Most starts sit near the closure days; a None shift puts one anywhere.
    anchor, closures = start_closures
    # Shifted by up to 95 days and then up to 400 working days, a start near SAFE_END
    # would leave the calendar's range: keep the anchor 100 days inside it.
    anchor = min(max(anchor, MIN_DATE + dt.timedelta(days=5)), SAFE_END - dt.timedelta(days=100))
    pairs = [(elsewhere if k is None else anchor + dt.timedelta(days=k), n) for k, n in shifts]
    for cal in (england_calendar(), england_calendar(closures)):
        start_arr: npt.NDArray[np.datetime64] = np.array(
            [s for s, _ in pairs], dtype="datetime64[D]"
        )
        n_arr: npt.NDArray[np.int64] = np.array([n for _, n in pairs], dtype=np.int64)
        got = cal.add_working_days_batch(start_arr, n_arr)
        assert got.dtype == np.dtype("datetime64[D]")
        assert got.shape == (len(pairs),)
        assert [_as_date(x) for x in got] == [cal.add_working_days(s, n) for s, n in pairs]


def test_batch_agrees_with_numpy_on_a_large_random_array() -> None:
    rng = np.random.default_rng(20240501)
    lo = np.datetime64(MIN_DATE, "D").astype(np.int64)
    hi = np.datetime64(SAFE_END, "D").astype(np.int64)
    start_arr = rng.integers(lo, hi, size=20_000).astype("datetime64[D]")
    n_arr = rng.integers(1, 400, size=20_000)
    ours = england_calendar().add_working_days_batch(start_arr, n_arr)
    theirs = np.busday_offset(start_arr, n_arr, roll="backward", busdaycal=_BUSDAYCAL)
    assert np.array_equal(ours, theirs)


# -- calendar periods against relativedelta and timedelta ----------------------------------------

month_starts = st.dates(min_value=MIN_DATE, max_value=dt.date(2089, 12, 31))
#: Month ends and the 29th/30th: where clamping happens.
month_end_starts = st.builds(
    lambda y, m, d: dt.date(y, m, 1) + relativedelta(day=d),
    st.integers(1990, 2089),
    st.integers(1, 12),
    st.integers(28, 31),
)


@PROPS
@given(st.one_of(month_starts, month_end_starts), st.integers(0, 120))
def test_months_match_relativedelta(start: dt.date, n: int) -> None:
    assert Months(n).apply(start) == start + relativedelta(months=n)


@PROPS
@given(st.one_of(month_starts, month_end_starts), st.integers(0, 10))
def test_years_match_relativedelta(start: dt.date, n: int) -> None:
    assert Years(n).apply(start) == start + relativedelta(years=n)
    assert Years(n).apply(start) == Months(12 * n).apply(start)


@pytest.mark.parametrize(
    ("start", "period", "due"),
    [
        (dt.date(2024, 1, 31), Months(1), dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), Months(1), dt.date(2023, 2, 28)),
        (dt.date(2024, 3, 31), Months(1), dt.date(2024, 4, 30)),
        (dt.date(2024, 8, 31), Months(6), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), Months(12), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), Years(1), dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), Years(4), dt.date(2028, 2, 29)),
        (dt.date(2099, 11, 30), Months(1), dt.date(2099, 12, 30)),
    ],
)
def test_month_end_clamping(start: dt.date, period: Period, due: dt.date) -> None:
    assert period.apply(start) == due


@PROPS
@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE), st.integers(0, 3000))
def test_days_and_weeks_match_timedelta(start: dt.date, n: int) -> None:
    if start + dt.timedelta(days=n) <= MAX_DATE:
        assert Days(n).apply(start) == start + dt.timedelta(days=n)
    else:
        with pytest.raises(DateOutOfRangeError):
            Days(n).apply(start)
    weeks = n // 7
    if start + dt.timedelta(weeks=weeks) <= MAX_DATE:
        assert Weeks(weeks).apply(start) == start + dt.timedelta(weeks=weeks)
    else:
        with pytest.raises(DateOutOfRangeError):
            Weeks(weeks).apply(start)


def test_calendar_periods_do_not_roll() -> None:
    # Convention 7: reported as they fall, on a weekend or bank holiday.
    assert Days(1).apply(dt.date(2024, 12, 24)) == dt.date(2024, 12, 25)
    assert Weeks(1).apply(dt.date(2024, 6, 1)) == dt.date(2024, 6, 8)  # a Saturday
    assert Months(1).apply(dt.date(2023, 4, 8)) == dt.date(2023, 5, 8)  # coronation day


# -- deadlines and provisional ----------------------------------------


@PROPS
@given(st.dates(min_value=MIN_DATE, max_value=SAFE_END), st.integers(0, 250))
def test_provisional_only_past_the_announced_horizon(start: dt.date, n: int) -> None:
    horizon = ANNOUNCED_HORIZON.last_announced
    wd = WorkingDays(n).deadline(start)
    assert wd.start == start
    assert wd.due == england_calendar().add_working_days(start, n)
    assert wd.provisional == (wd.due > horizon)
    for period in (Days(n), Weeks(n // 7), Months(n // 30)):
        calendar_deadline = period.deadline(start)
        assert calendar_deadline.due == period.apply(start)
        assert calendar_deadline.provisional is False


def test_provisional_boundary() -> None:
    assert ANNOUNCED_HORIZON.last_announced == dt.date(2028, 12, 26)
    # 2028-12-26 is a Tuesday (Boxing Day); the working day before it is Friday 22nd.
    assert not WorkingDays(1).deadline(dt.date(2028, 12, 21)).provisional
    assert WorkingDays(1).deadline(dt.date(2028, 12, 22)).due == dt.date(2028, 12, 27)
    assert WorkingDays(1).deadline(dt.date(2028, 12, 22)).provisional


@PROPS
@given(
    st.sampled_from([WorkingDays, Days, Weeks, Months, Years]),
    st.integers(0, 10_000),
    st.sampled_from(["lower", "upper", "title"]),
)
def test_parse_period_round_trip(kind: type[Period], n: int, case: str) -> None:
    period = kind(n)
    text = getattr(str(period), case)()
    assert parse_period(text) == period
    assert parse_period(f"  {text}  ") == period


# -- schedules ----------------------------------------


@PROPS
@given(
    st.one_of(month_starts, month_end_starts).map(lambda d: min(d, dt.date(2079, 12, 31))),
    st.integers(1, 12),
    st.integers(1, 20),
)
def test_anchored_schedule_is_anchor_plus_k_periods(anchor: dt.date, n: int, k: int) -> None:
    schedule = AnchoredSchedule(anchor, Months(n))
    assert schedule.occurrence(k) == anchor + relativedelta(months=k * n)
    weekly = AnchoredSchedule(anchor, Weeks(n))
    assert weekly.occurrence(k) == anchor + dt.timedelta(weeks=k * n)
    working = AnchoredSchedule(anchor, WorkingDays(n))
    assert working.occurrence(k) == naive_add(anchor, k * n)


@PROPS
@given(month_end_starts.map(lambda d: min(d, dt.date(2079, 12, 31))), st.integers(1, 12))
def test_anchored_occurrences_list(anchor: dt.date, n: int) -> None:
    schedule = AnchoredSchedule(anchor, Months(n), limit=6)
    assert list(schedule.occurrences()) == [
        anchor + relativedelta(months=k * n) for k in range(1, 7)
    ]


def test_anchored_schedule_is_never_chained() -> None:
    anchor = dt.date(2023, 8, 31)
    schedule = AnchoredSchedule(anchor, Months(6), limit=4)
    anchored = list(schedule.occurrences())
    assert anchored == [
        dt.date(2024, 2, 29),
        dt.date(2024, 8, 31),
        dt.date(2025, 2, 28),
        dt.date(2025, 8, 31),
    ]
    chained = []
    day = anchor
    for _ in range(4):
        day = day + relativedelta(months=6)
        chained.append(day)
    # Chaining loses the 31st for good after the first February.
    assert chained == [
        dt.date(2024, 2, 29),
        dt.date(2024, 8, 29),
        dt.date(2025, 2, 28),
        dt.date(2025, 8, 28),
    ]
    assert anchored != chained


def test_anchored_occurrences_stop_at_the_end_of_the_range() -> None:
    schedule = AnchoredSchedule(dt.date(2095, 1, 31), Years(1))
    assert list(schedule.occurrences())[-1] == dt.date(2099, 1, 31)
    assert list(schedule.occurrences(until=dt.date(2097, 6, 1))) == [
        dt.date(2096, 1, 31),
        dt.date(2097, 1, 31),
    ]


@PROPS
@given(starts, st.sampled_from([WorkingDays, Days, Weeks, Months, Years]), st.integers(1, 12))
def test_rolling_schedule_is_last_plus_period(last: dt.date, kind: type[Period], n: int) -> None:
    last = min(last, dt.date(2087, 1, 1))  # + 12 years stays in range
    period = kind(n)
    assert RollingSchedule(period).next_due(last) == period.apply(last)


def test_schedules_refuse_a_zero_period() -> None:
    with pytest.raises(PeriodError):
        AnchoredSchedule(dt.date(2024, 1, 1), Months(0))
    with pytest.raises(PeriodError):
        RollingSchedule(WorkingDays(0))


# -- bad input ----------------------------------------

BAD_COUNTS: list[object] = [-1, -400, True, False, 1.0, 2.5, "3", None]


@pytest.mark.parametrize("bad", BAD_COUNTS, ids=repr)
def test_bad_counts_raise_period_error(bad: object) -> None:
    cal = england_calendar()
    day = dt.date(2024, 1, 10)
    with pytest.raises(PeriodError):
        cal.add_working_days(day, bad)  # type: ignore[arg-type]
    with pytest.raises(PeriodError):
        cal.subtract_working_days(day, bad)  # type: ignore[arg-type]
    for kind in (WorkingDays, Days, Weeks, Months, Years):
        with pytest.raises(PeriodError):
            kind(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["-5 working days", "2.5 weeks", "five days", "3 fortnights", ""])
def test_parse_period_refuses_bad_text(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize(
    "ns",
    [np.array([1, -1]), np.array([1.0, 2.0]), np.array([True, False])],
    ids=["negative", "float", "bool"],
)
def test_batch_refuses_bad_counts(ns: npt.NDArray[np.generic]) -> None:
    starts = np.array(["2024-01-10", "2024-01-11"], dtype="datetime64[D]")
    with pytest.raises(PeriodError):
        england_calendar().add_working_days_batch(starts, ns)


NAIVE = dt.datetime(2024, 6, 30, 23, 30)


def test_naive_datetime_is_refused() -> None:
    cal = england_calendar()
    with pytest.raises(NaiveDatetimeError):
        england_date(NAIVE)
    with pytest.raises(NaiveDatetimeError):
        cal.add_working_days(NAIVE, 1)
    with pytest.raises(NaiveDatetimeError):
        cal.subtract_working_days(NAIVE, 1)
    with pytest.raises(NaiveDatetimeError):
        cal.is_working_day(NAIVE)
    with pytest.raises(NaiveDatetimeError):
        cal.working_days_between(NAIVE, dt.date(2024, 8, 1))
    for period in (WorkingDays(1), Days(1), Weeks(1), Months(1), Years(1)):
        with pytest.raises(NaiveDatetimeError):
            period.apply(NAIVE)
        with pytest.raises(NaiveDatetimeError):
            period.deadline(NAIVE)
    with pytest.raises(NaiveDatetimeError):
        england_calendar([NAIVE])


def test_aware_datetime_is_its_london_date() -> None:
    late_utc = dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 BST on 1 July
    assert england_date(late_utc) == dt.date(2024, 7, 1)
    cal = england_calendar()
    assert cal.add_working_days(late_utc, 0) == dt.date(2024, 7, 1)
    assert cal.add_working_days(late_utc, 1) == dt.date(2024, 7, 2)
    assert cal.is_working_day(late_utc)  # Monday 1 July, though Sunday in UTC
    assert cal.working_days_between(late_utc, dt.date(2024, 7, 5)) == 4
    assert Days(0).apply(late_utc) == dt.date(2024, 7, 1)
    assert Months(1).apply(late_utc) == dt.date(2024, 8, 1)
    assert WorkingDays(1).deadline(late_utc).start == dt.date(2024, 7, 1)
    winter = dt.datetime(2024, 1, 15, 23, 30, tzinfo=dt.UTC)  # GMT: still the 15th
    assert england_date(winter) == dt.date(2024, 1, 15)
    new_york = dt.timezone(dt.timedelta(hours=-5))
    assert england_date(dt.datetime(2024, 7, 1, 20, 0, tzinfo=new_york)) == dt.date(2024, 7, 2)


def test_working_days_in_with_an_aware_start() -> None:
    late_utc = dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.UTC)  # 2024-07-01 in London
    assert england_calendar().working_days_in(late_utc, dt.date(2024, 7, 5)) == [
        dt.date(2024, 7, 2),
        dt.date(2024, 7, 3),
        dt.date(2024, 7, 4),
        dt.date(2024, 7, 5),
    ]


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month, 1) + relativedelta(day=31)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


def london_date_oracle(moment: dt.datetime) -> dt.date:
    """UK summer time since 1996: 01:00 UTC on the last Sunday of March to October."""
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
    begins = dt.datetime.combine(_last_sunday(utc.year, 3), dt.time(1))
    ends = dt.datetime.combine(_last_sunday(utc.year, 10), dt.time(1))
    offset = dt.timedelta(hours=1) if begins <= utc < ends else dt.timedelta(0)
    return (utc + offset).date()


@PROPS
@given(
    st.datetimes(min_value=dt.datetime(1996, 1, 2), max_value=dt.datetime(2099, 6, 30)),
    st.integers(-12 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m))),
    st.integers(0, 30),
)
def test_aware_datetimes_use_the_london_date(naive: dt.datetime, zone: dt.timezone, n: int) -> None:
    moment = naive.replace(tzinfo=zone)
    london = london_date_oracle(moment)
    assert england_date(moment) == london
    cal = england_calendar()
    assert cal.add_working_days(moment, n) == cal.add_working_days(london, n)
    assert cal.is_working_day(moment) == naive_is_working(london)


def test_out_of_range_dates_raise() -> None:
    cal = england_calendar()
    before = dt.date(1989, 12, 31)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(before, 1)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(before, 0)
    with pytest.raises(DateOutOfRangeError):
        cal.is_working_day(before)
    with pytest.raises(DateOutOfRangeError):
        cal.working_days_between(before, dt.date(1990, 2, 1))
    for period in (WorkingDays(1), Days(1), Weeks(1), Months(1), Years(1)):
        with pytest.raises(DateOutOfRangeError):
            period.apply(before)
    # Results after 2099-12-31.
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(MAX_DATE, 1)
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days(dt.date(2099, 6, 1), 400)
    with pytest.raises(DateOutOfRangeError):
        Days(1).apply(MAX_DATE)
    with pytest.raises(DateOutOfRangeError):
        Weeks(1).apply(dt.date(2099, 12, 25))
    with pytest.raises(DateOutOfRangeError):
        Months(1).apply(dt.date(2099, 12, 15))
    with pytest.raises(DateOutOfRangeError):
        Years(1).apply(dt.date(2099, 1, 1))
    with pytest.raises(DateOutOfRangeError):
        cal.subtract_working_days(dt.date(1990, 1, 2), 1)  # 1990-01-01 is a bank holiday
    with pytest.raises(DateOutOfRangeError):
        WorkingCalendar([dt.date(2100, 1, 1)])
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days_batch(np.array(["1989-12-31"], dtype="datetime64[D]"), np.array([1]))
    with pytest.raises(DateOutOfRangeError):
        cal.add_working_days_batch(np.array(["2099-12-01"], dtype="datetime64[D]"), np.array([60]))


def test_range_edges_are_supported() -> None:
    cal = england_calendar()
    assert cal.add_working_days(MIN_DATE, 1) == dt.date(1990, 1, 2)
    assert cal.add_working_days(dt.date(2099, 12, 30), 1) == MAX_DATE
    assert cal.add_working_days(MAX_DATE, 0) == MAX_DATE
    assert cal.subtract_working_days(dt.date(1990, 1, 3), 1) == dt.date(1990, 1, 2)


# -- iso_date: the remembered YYYY-MM-DD text the output path writes ---------------


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_iso_date_is_isoformat(day: dt.date) -> None:
    from adoption_rules.core.calendar import iso_date

    assert iso_date(day) == day.isoformat()
    assert iso_date(day) == day.isoformat()  # the remembered answer too


def test_iso_date_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from adoption_rules.core import calendar

    monkeypatch.setattr(calendar, "_ISO_TEXT_BOUND", 100)
    calendar._ISO_TEXT.clear()
    first = dt.date(2020, 1, 1)
    for offset in range(1000):
        day = first + dt.timedelta(days=offset)
        assert calendar.iso_date(day) == day.isoformat()
        assert len(calendar._ISO_TEXT) <= 100
    # A datetime is not confused with the date it falls on.
    assert calendar.iso_date(dt.datetime(2020, 1, 1, 9, 30)) == "2020-01-01T09:30:00"
    assert calendar.iso_date(first) == "2020-01-01"
