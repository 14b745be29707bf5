"""Table tests for the working-day calendar: every anomaly 2015-2030 by name.

Each row is worked by hand from the GOV.UK bank-holiday list; the property
tests in ``test_calendar_properties.py`` check the same code against
independent oracles.
"""

from __future__ import annotations

import datetime as dt

import pytest

from adoption_rules import (
    ANNOUNCED_HORIZON,
    DateOutOfRangeError,
    NaiveDatetimeError,
    PeriodError,
    WorkingCalendar,
    england_calendar,
    england_date,
)
from adoption_rules.core.periods import WorkingDays

D = dt.date
CAL = england_calendar()

# (start, n, expected, why)
ADD_CASES = [
    (D(2025, 4, 15), 5, D(2025, 4, 24), "issue 2's worked example: Easter 2025"),
    (D(2023, 5, 6), 1, D(2023, 5, 9), "contract conv. 3: Saturday start, coronation Monday"),
    (D(2020, 5, 7), 1, D(2020, 5, 11), "VE Day moved the early May holiday to Fri 2020-05-08"),
    (D(2020, 5, 1), 1, D(2020, 5, 4), "so Mon 2020-05-04 was a working day"),
    (D(2022, 6, 1), 1, D(2022, 6, 6), "Spring holiday 06-02 and Platinum Jubilee 06-03"),
    (D(2022, 9, 16), 1, D(2022, 9, 20), "State funeral 2022-09-19"),
    (D(2020, 12, 24), 1, D(2020, 12, 29), "Boxing Day substitute Mon 2020-12-28"),
    (D(2021, 12, 24), 1, D(2021, 12, 29), "substitutes 2021-12-27 and 12-28"),
    (D(2022, 12, 23), 1, D(2022, 12, 28), "substitutes 2022-12-26 and 12-27"),
    (D(2026, 12, 24), 1, D(2026, 12, 29), "Boxing Day substitute 2026-12-28"),
    (D(2027, 12, 24), 1, D(2027, 12, 29), "substitutes 2027-12-27 and 12-28"),
    (D(2024, 3, 28), 1, D(2024, 4, 2), "Good Friday 03-29 and Easter Monday 04-01 2024"),
    (D(2019, 4, 18), 1, D(2019, 4, 23), "Good Friday 04-19 and Easter Monday 04-22 2019"),
    (D(2016, 3, 24), 2, D(2016, 3, 30), "Easter 2016 across the month end"),
    (D(2023, 5, 8), 1, D(2023, 5, 9), "start on a bank holiday: the start is never counted"),
    (D(2022, 9, 18), 1, D(2022, 9, 20), "start on a Sunday before a bank holiday"),
    (D(2024, 2, 28), 1, D(2024, 2, 29), "29 February is an ordinary working day"),
    (D(2024, 2, 29), 1, D(2024, 3, 1), "from 29 February"),
    (D(2025, 1, 31), 1, D(2025, 2, 3), "month end on a Friday"),
    (D(2015, 12, 24), 3, D(2015, 12, 31), "Christmas 2015 (Boxing Day substitute 12-28)"),
    (D(2030, 12, 20), 5, D(2030, 12, 31), "Christmas 2030"),
    (D(2025, 4, 15), 0, D(2025, 4, 15), "zero working days is the start itself"),
]


@pytest.mark.parametrize(("start", "n", "expected", "why"), ADD_CASES)
def test_add_working_days(start: dt.date, n: int, expected: dt.date, why: str) -> None:
    assert CAL.add_working_days(start, n) == expected, why
    if n:
        assert CAL.working_days_between(start, expected) == n, why


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2020, 5, 8), False),
        (D(2020, 5, 4), True),
        (D(2022, 6, 2), False),
        (D(2022, 6, 3), False),
        (D(2022, 9, 19), False),
        (D(2023, 5, 8), False),
        (D(2020, 12, 28), False),
        (D(2021, 12, 27), False),
        (D(2021, 12, 28), False),
        (D(2022, 12, 26), False),
        (D(2022, 12, 27), False),
        (D(2026, 12, 28), False),
        (D(2027, 12, 27), False),
        (D(2027, 12, 28), False),
        (D(2026, 4, 3), False),  # Good Friday
        (D(2026, 4, 6), False),  # Easter Monday: England has it, Scotland does not
        (D(2026, 4, 7), True),
        (D(2024, 2, 29), True),
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 23), True),
    ],
)
def test_is_working_day(day: dt.date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_bank_holiday_names_are_kept() -> None:
    assert CAL.bank_holiday_name(D(2023, 5, 8)) == "Coronation of Charles III"
    assert CAL.bank_holiday_name(D(2023, 5, 9)) is None


def test_next_and_previous_working_day() -> None:
    assert CAL.next_working_day(D(2020, 12, 24)) == D(2020, 12, 29)
    assert CAL.previous_working_day(D(2020, 12, 29)) == D(2020, 12, 24)
    assert CAL.previous_working_day(D(2022, 9, 20)) == D(2022, 9, 16)
    assert CAL.subtract_working_days(D(2025, 4, 24), 5) == D(2025, 4, 15)


def test_working_days_between_counts_start_exclusive_end_inclusive() -> None:
    # Mon 2025-04-14 to Fri 2025-04-25: 15, 16, 17, 22, 23, 24, 25 (Easter 18-21).
    assert CAL.working_days_between(D(2025, 4, 14), D(2025, 4, 25)) == 7
    assert CAL.working_days_between(D(2025, 4, 25), D(2025, 4, 14)) == -7
    assert CAL.working_days_between(D(2025, 4, 14), D(2025, 4, 14)) == 0
    assert CAL.working_days_in(D(2025, 4, 16), D(2025, 4, 22)) == [D(2025, 4, 17), D(2025, 4, 22)]


def test_closure_days_are_not_working_days() -> None:
    office = WorkingCalendar([D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)])
    assert CAL.add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)
    assert office.add_working_days(D(2025, 12, 24), 1) == D(2026, 1, 2)
    assert not office.is_working_day(D(2025, 12, 30))
    assert office.closures == frozenset({D(2025, 12, 29), D(2025, 12, 30), D(2025, 12, 31)})
    # The shared calendar is cached per set of closures and not altered by them.
    assert england_calendar([D(2025, 12, 29)]) is england_calendar([D(2025, 12, 29)])
    assert CAL.is_working_day(D(2025, 12, 30))


def test_provisional_past_the_announced_horizon() -> None:
    assert ANNOUNCED_HORIZON.last_announced == D(2028, 12, 26)
    assert "GOV.UK" in ANNOUNCED_HORIZON.source
    on_horizon = WorkingDays(1).deadline(D(2028, 12, 22))  # Fri: Mon 25 and Tue 26 off
    assert on_horizon.due == D(2028, 12, 27)
    assert on_horizon.provisional
    before = WorkingDays(1).deadline(D(2028, 12, 21))
    assert before.due == D(2028, 12, 22)
    assert not before.provisional


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2024, 6, 30, 23, 30, tzinfo=dt.UTC), D(2024, 7, 1)),  # BST
        (dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC), D(2024, 12, 31)),  # GMT
        (D(2024, 2, 29), D(2024, 2, 29)),
    ],
)
def test_england_date(value: dt.date, expected: dt.date) -> None:
    assert england_date(value) == expected


def test_naive_datetime_is_refused_with_a_clear_error() -> None:
    with pytest.raises(NaiveDatetimeError, match="naive datetime"):
        CAL.add_working_days(dt.datetime(2025, 1, 1, 9, 0), 1)


def test_aware_datetime_is_accepted() -> None:
    start = dt.datetime(2025, 4, 14, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 15th in London
    assert CAL.add_working_days(start, 5) == D(2025, 4, 24)


@pytest.mark.parametrize("n", [-1, 1.0, True, "3", None])
def test_bad_counts_are_refused(n: object) -> None:
    with pytest.raises(PeriodError):
        CAL.add_working_days(D(2025, 1, 1), n)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "n"),
    [(D(1989, 12, 31), 1), (D(2100, 1, 1), 1), (D(2099, 12, 30), 5)],
)
def test_outside_the_supported_range_raises(start: dt.date, n: int) -> None:
    with pytest.raises(DateOutOfRangeError, match="supported"):
        CAL.add_working_days(start, n)
