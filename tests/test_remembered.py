"""The hot path's remembered answers and cheaper objects (issue 15, fourth part).

A batch asks the same small questions again and again: the same event type on
the same date, the same start of a clock, the same k-th review of a schedule,
the same month arithmetic.  Each is worked out once and remembered in a bounded
table.  These tests check the remembered answer is the one worked out afresh,
that the tables stay within their bounds, and that what is shared is frozen.
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from collections.abc import Mapping, Sequence

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from adoption_rules.core import engine, model, periods
from adoption_rules.core.authority import AuthorityAnswer
from adoption_rules.core.calendar import MAX_DATE, MIN_DATE
from adoption_rules.core.errors import DateOutOfRangeError
from adoption_rules.core.model import AssessmentCompleted, Case, InitialVisit, Status
from adoption_rules.core.periods import Days, Months, WorkingDays, Years, add_months
from adoption_rules.io import converter as conv_module
from adoption_rules.io.converter import InputError, structure_case
from adoption_rules.io.records import Record

D = dt.date


# -- add_months: month arithmetic either way, against an oracle of its own -----------------


def oracle_add_months(day: dt.date, months: int) -> dt.date:
    """Month arithmetic by hand: the same day of the month ``months`` on, or the
    month's last day when it has no such day (contract convention 5)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = std_calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@given(
    st.dates(min_value=D(1995, 1, 1), max_value=D(2094, 12, 31)),
    st.integers(min_value=-60, max_value=60),
)
def test_add_months_matches_month_arithmetic_by_hand(day: dt.date, months: int) -> None:
    assert add_months(day, months) == oracle_add_months(day, months)
    assert add_months(day, months) == oracle_add_months(day, months)  # remembered


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2027, 3, 31), -1, D(2027, 2, 28)),  # back into a short February
        (D(2028, 3, 31), -1, D(2028, 2, 29)),  # a leap year's
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 29 February, a year on
        (D(2024, 2, 29), -48, D(2020, 2, 29)),  # and four years back
        (D(2026, 5, 31), -3, D(2026, 2, 28)),  # T4C R7: an anniversary less 3 months
        (D(2026, 8, 31), -3, D(2026, 5, 31)),
        (D(2026, 1, 15), 0, D(2026, 1, 15)),
    ],
)
def test_add_months_at_month_ends(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


def test_add_months_outside_the_range_says_the_months() -> None:
    with pytest.raises(DateOutOfRangeError, match="-1 months is outside"):
        add_months(MIN_DATE, -1)
    with pytest.raises(DateOutOfRangeError, match="12 months is outside"):
        add_months(MAX_DATE, 12)
    # A period's own arithmetic still names the period.
    with pytest.raises(DateOutOfRangeError, match=r"\+ 10 years is outside"):
        Years(10).apply(D(2095, 1, 1))
    with pytest.raises(DateOutOfRangeError, match=r"\+ 40 days is outside"):
        Days(40).apply(D(2099, 12, 1))


# -- events built from a type and a date alone are shared --------------------------------


def _case(events: Sequence[Mapping[str, object]], case_id: str = "C-1") -> Case:
    return structure_case(
        {
            "contract_version": 1,
            "case_id": case_id,
            "region": "england",
            "adoption_route": "agency",
            "events": events,
        }
    )


def test_a_date_only_event_is_built_once_and_shared() -> None:
    first = _case([{"type": "initial_visit", "date": "2025-03-03"}], "C-1")
    second = _case([{"type": "initial_visit", "date": "2025-03-03"}], "C-2")
    assert first.events == (InitialVisit(D(2025, 3, 3)),)
    assert second.events[0] is first.events[0]
    # Another type on the same date is another event.
    other = _case([{"type": "referral_received", "date": "2025-03-03"}])
    assert type(other.events[0]) is not InitialVisit


def test_an_event_with_more_than_a_date_is_its_own() -> None:
    late = {"type": "assessment_completed", "date": "2025-03-03", "late_reason": "illness"}
    plain = {"type": "assessment_completed", "date": "2025-03-03"}
    with_reason = _case([late]).events[0]
    without = _case([plain]).events[0]
    assert isinstance(with_reason, AssessmentCompleted) and with_reason.late_reason == "illness"
    assert isinstance(without, AssessmentCompleted) and without.late_reason is None


@pytest.mark.parametrize("date", ["2025-02-30", 20250303, None, "1899-12-31"])
def test_a_bad_date_is_never_remembered(date: object) -> None:
    for _ in range(2):  # the second time too: nothing was remembered
        with pytest.raises(InputError) as caught:
            _case([{"type": "initial_visit", "date": date}])
        assert caught.value.field == "events[0].date"


def test_the_event_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conv_module, "_SEEN_EVENTS_BOUND", 50)
    conv_module._SEEN_EVENTS.clear()
    start = D(2020, 1, 1)
    for offset in range(400):
        day = (start + dt.timedelta(days=offset)).isoformat()
        case = _case([{"type": "initial_visit", "date": day}])
        assert case.events[0].date.isoformat() == day
        assert len(conv_module._SEEN_EVENTS) <= 50


# -- an obligation's start and an anchored schedule's k-th period ---------------------------


def test_obligations_starting_together_share_their_start() -> None:
    from adoption_rules import evaluate

    proposed = [{"type": "plan_proposed", "date": "2025-03-03"}]
    one = evaluate(_case(proposed, "C-1"), D(2025, 6, 1)).obligations
    two = evaluate(_case(proposed, "C-2"), D(2025, 6, 1)).obligations
    assert one and one == two
    assert one[0].starts_from == model.StartsFrom("plan_proposed", D(2025, 3, 3))
    assert one[0].starts_from is two[0].starts_from


def test_the_start_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from adoption_rules import evaluate

    monkeypatch.setattr(engine, "_STARTS_BOUND", 20)
    engine._STARTS.clear()
    for offset in range(100):
        day = (D(2024, 1, 1) + dt.timedelta(days=offset)).isoformat()
        result = evaluate(_case([{"type": "plan_proposed", "date": day}]), D(2025, 6, 1))
        assert result.obligations[0].starts_from.date.isoformat() == day
        assert len(engine._STARTS) <= 20


@given(
    st.sampled_from([Months(6), Months(12), Years(1), WorkingDays(10)]),
    st.integers(min_value=2, max_value=40),
)
def test_the_kth_period_of_a_schedule_is_worked_out_afresh(period: periods.Period, k: int) -> None:
    every = str(period)
    times, text = engine._nth(period, k, every)
    assert times == type(period)(period.count * k)
    ordinal = {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th") if not 10 <= k % 100 <= 20 else "th"
    assert text == f"{times} (the {k}{ordinal} of every {every})"
    assert engine.anchored_text(period, k, every) == text


def test_the_kth_period_table_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_NTH_BOUND", 10)
    engine._NTH.clear()
    for k in range(2, 60):
        assert engine._nth(Months(6), k, "6 months")[0] == Months(6 * k)
        assert len(engine._NTH) <= 10


# -- shared objects are frozen ---------------------------------------------------------


FROZEN = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type) and attrs.has(cls) and cls.__module__ == model.__name__
] + [Record, AuthorityAnswer]


@pytest.mark.parametrize("cls", FROZEN, ids=lambda c: c.__name__)
def test_every_model_class_is_still_frozen(cls: type) -> None:
    """Sharing events and starts between cases is safe only while they cannot change:
    every model class (and a read record, an authority's answer) refuses to be."""
    fields = attrs.fields(cls)
    assert fields
    blank: object = object.__new__(cls)
    for field in fields:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(blank, field.name, None)


def test_an_obligations_status_is_written_as_plain_text() -> None:
    from adoption_rules import evaluate

    result = evaluate(_case([{"type": "plan_proposed", "date": "2025-05-28"}]), D(2025, 6, 1))
    written = conv_module.converter.unstructure(result)
    status = written["obligations"][0]["status"]
    assert type(status) is str and status == Status.OPEN.value


def test_an_unknown_enum_value_names_what_is_allowed() -> None:
    with pytest.raises(InputError) as caught:
        structure_case(
            {
                "contract_version": 1,
                "case_id": "C-1",
                "region": "england",
                "adoption_route": "by_post",
                "events": [],
            }
        )
    assert caught.value.code == "invalid_value"
    assert caught.value.field == "adoption_route"
    assert "'agency'" in str(caught.value) and "by_post" not in str(caught.value)
