"""Periods and schedules: conventions 4-7 of the contract, table tests."""

from __future__ import annotations

import datetime as dt

import pytest

from adoption_rules import (
    AnchoredSchedule,
    DateOutOfRangeError,
    Days,
    Months,
    PeriodError,
    RollingSchedule,
    Weeks,
    WorkingDays,
    Years,
    parse_period,
)
from adoption_rules.core.periods import Period

D = dt.date


@pytest.mark.parametrize(
    ("period", "start", "expected"),
    [
        (Months(1), D(2024, 1, 31), D(2024, 2, 29)),  # contract conv. 5
        (Months(12), D(2024, 2, 29), D(2025, 2, 28)),  # contract conv. 5
        (Months(1), D(2023, 1, 31), D(2023, 2, 28)),
        (Months(1), D(2024, 3, 31), D(2024, 4, 30)),
        (Months(48), D(2024, 2, 29), D(2028, 2, 29)),
        (Months(2), D(2023, 12, 31), D(2024, 2, 29)),
        (Months(3), D(2025, 11, 30), D(2026, 2, 28)),
        (Months(0), D(2025, 5, 31), D(2025, 5, 31)),
        (Years(1), D(2024, 2, 29), D(2025, 2, 28)),
        (Years(3), D(2019, 11, 18), D(2022, 11, 18)),
        (Years(4), D(2024, 2, 29), D(2028, 2, 29)),
        (Weeks(4), D(2025, 12, 31), D(2026, 1, 28)),
        (Weeks(4), D(2024, 2, 1), D(2024, 2, 29)),
        (Days(28), D(2025, 2, 1), D(2025, 3, 1)),
        # Convention 7: no rolling to a working day; a calendar period can end on a holiday.
        (Weeks(1), D(2025, 12, 18), D(2025, 12, 25)),
        (Months(1), D(2026, 3, 28), D(2026, 4, 28)),
        (WorkingDays(10), D(2023, 4, 28), D(2023, 5, 16)),
    ],
)
def test_apply(period: Period, start: dt.date, expected: dt.date) -> None:
    assert period.apply(start) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 working days", WorkingDays(5)),
        ("1 working day", WorkingDays(1)),
        ("45  Working Days", WorkingDays(45)),
        ("4 weeks", Weeks(4)),
        ("2 months", Months(2)),
        ("1 month", Months(1)),
        ("3 years", Years(3)),
        ("28 days", Days(28)),
        ("28 calendar days", Days(28)),
    ],
)
def test_parse_period_round_trips(text: str, expected: Period) -> None:
    period = parse_period(text)
    assert period == expected
    assert parse_period(str(period)) == period


def test_period_says_itself_in_words() -> None:
    assert str(WorkingDays(45)) == "45 working days"
    assert str(WorkingDays(1)) == "1 working day"
    assert Months(6).describe() == "6 months"
    assert str(Years(1)) == "1 year"


@pytest.mark.parametrize("text", ["", "five days", "-5 days", "2.5 weeks", "3 fortnights", "5"])
def test_parse_period_refuses_bad_words(text: str) -> None:
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("count", [-1, 1.5, True])
def test_period_count_is_validated(count: object) -> None:
    with pytest.raises(PeriodError):
        Months(count)  # type: ignore[arg-type]


def test_only_working_days_can_be_provisional() -> None:
    assert not Months(2).deadline(D(2028, 12, 1)).provisional
    assert WorkingDays(40).deadline(D(2028, 11, 20)).provisional


def test_anchored_schedule_is_never_chained() -> None:
    schedule = AnchoredSchedule(D(2023, 8, 31), Months(6))
    occurrences = list(schedule.occurrences(until=D(2025, 3, 1)))
    assert occurrences == [D(2024, 2, 29), D(2024, 8, 31), D(2025, 2, 28)]  # contract conv. 6
    # Chaining would lose the 31st after February: 2024-02-29 + 6 months = 2024-08-29.
    assert Months(6).apply(occurrences[0]) == D(2024, 8, 29) != occurrences[1]


def test_anchored_schedule_with_a_limit() -> None:
    # Leicestershire 7.5: every 6 months for the first three years after the order.
    schedule = AnchoredSchedule(D(2024, 2, 29), Months(6), limit=6)
    assert list(schedule.occurrences()) == [
        D(2024, 8, 29),
        D(2025, 2, 28),
        D(2025, 8, 29),
        D(2026, 2, 28),
        D(2026, 8, 29),
        D(2027, 2, 28),
    ]
    with pytest.raises(PeriodError):
        schedule.occurrence(7)


def test_rolling_schedule_counts_from_the_last_time_done() -> None:
    schedule = RollingSchedule(Months(12))
    assert schedule.next_due(D(2024, 2, 29)) == D(2025, 2, 28)
    assert schedule.next_due(D(2025, 3, 10)) == D(2026, 3, 10)


def test_a_schedule_needs_a_period() -> None:
    with pytest.raises(PeriodError):
        RollingSchedule(Months(0))


def test_calendar_period_outside_the_range() -> None:
    with pytest.raises(DateOutOfRangeError):
        Years(10).apply(D(2095, 1, 1))
