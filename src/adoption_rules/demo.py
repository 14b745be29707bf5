"""``make demo``: the library at work on bundled example data."""

from __future__ import annotations

import datetime as dt
from typing import TextIO

from adoption_rules.core.calendar import ANNOUNCED_HORIZON, england_calendar
from adoption_rules.core.periods import Months, Period, WorkingDays
from adoption_rules.core.schedules import AnchoredSchedule

#: (what, start, period, source) worked from the seeds and the rules catalogue.
CALENDAR_EXAMPLES: tuple[tuple[str, dt.date, Period, str], ...] = (
    (
        "Referral signed off (T4C)",
        dt.date(2025, 4, 15),
        WorkingDays(5),
        "000_1775740ee4c9f50c.txt 7.10: within 5 working days; Easter 2025 in between",
    ),
    (
        "Assessment of need (T4C)",
        dt.date(2022, 8, 1),
        WorkingDays(45),
        "000_1775740ee4c9f50c.txt 8.4: 45 working days from the initial visit; "
        "crosses the 2022-09-19 state funeral",
    ),
    (
        "Representations on a plan (A@H)",
        dt.date(2023, 4, 28),
        WorkingDays(10),
        "001_5a198d102c392edc.txt 6: 10 working days; crosses 2023-05-01 and the coronation",
    ),
    (
        "ADM decision after panel minutes (LEI)",
        dt.date(2026, 12, 21),
        WorkingDays(7),
        "004_9a30a8a3aa6820d9.txt 7.3: 7 working days; Christmas substitute day 2026-12-28",
    ),
    (
        "IRM application window (LEI)",
        dt.date(2028, 11, 20),
        WorkingDays(40),
        "004_9a30a8a3aa6820d9.txt 7.3: 40 working days; beyond the announced bank holidays",
    ),
    (
        "Stage 1 (LEI)",
        dt.date(2023, 12, 31),
        Months(2),
        "004_9a30a8a3aa6820d9.txt 7.2: two months; clamped to 29 February 2024",
    ),
)


def run_demo(out: TextIO) -> int:
    """Print the worked examples; returns the exit status."""
    cal = england_calendar()
    out.write("adoption-rules: deadlines worked from the policies (seed file and section)\n\n")
    width = max(len(what) for what, *_ in CALENDAR_EXAMPLES)
    for what, start, period, source in CALENDAR_EXAMPLES:
        d = period.deadline(start, cal)
        mark = " *" if d.provisional else ""
        out.write(
            f"  {what:<{width}}  {start.isoformat()} + {period!s:<16} = {d.due.isoformat()}"
            f"{mark}\n      {source}\n"
        )
    order = dt.date(2023, 8, 31)
    reviews = AnchoredSchedule(order, Months(6), limit=6)
    out.write(
        "\n  Leicestershire post-order reviews (004_9a30a8a3aa6820d9.txt 7.5), "
        f"order {order.isoformat()}, every 6 months for 3 years, anchored:\n      "
        + ", ".join(d.isoformat() for d in reviews.occurrences())
        + "\n"
    )
    out.write(
        f"\n  * provisional: later than {ANNOUNCED_HORIZON.last_announced.isoformat()}, "
        "the last bank holiday announced\n"
    )
    return 0
