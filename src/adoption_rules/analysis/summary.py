"""A caseload's timeliness: obligations counted by status, per group, with lateness figures.

Groups are any combination of ``region``, ``responsible_authority``, ``kind``
and ``quarter`` (the quarter of the due date, ``2026-Q3``; ``no due date``
for an obligation without one).  Per group:

* ``status``: the count of obligations in each status, keyed by the contract's
  status names (``met``, ``met_late``, ``overdue``, ``pending``, ``cancelled``,
  ``open``, ``closed``), every name present (0 when none);
* ``fallen_due`` and ``on_time_rate``: the obligations that bind the agency
  and have fallen due (``met`` with a due date, ``met_late``, ``overdue``),
  and the share of them ``met``; ``None`` when there are none.  Pending and
  cancelled obligations, the windows that protect a person (``open``,
  ``closed``) and obligations whose rule sets no time limit (``due`` null)
  are not in it;
* ``median_days_late`` and ``p90_days_late``: over the late obligations
  (``met_late``: done on minus due; ``overdue``: as of minus due, the days
  late so far), in calendar days.  The median is the middle value (the mean
  of the two middle values for an even count); the 90th percentile is the
  nearest-rank value (the smallest value with at least 90% of the late
  obligations at or below it).  ``None`` when nothing is late;
* ``overdue_ageing``: overdue obligations by days overdue: ``1-7``, ``8-30``,
  ``31-90``, ``over_90``.

A :class:`Summariser` takes results one at a time and keeps only counts (the
days late as a histogram), so a caseload of any size is summarised in
memory proportional to the number of groups.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final, TextIO

import attrs

from adoption_rules.core.model import CaseError, Obligation, Result, Status
from adoption_rules.io.safe import csv_writer

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "AGEING_BANDS",
    "GROUPINGS",
    "STATUS_NAMES",
    "CaseFacts",
    "Fact",
    "FactsOf",
    "GroupFigures",
    "Summariser",
    "Summary",
    "case_facts",
    "obligation_fact",
    "quarter_of",
    "safe_cell",
    "summarise",
    "summary_dataframe",
    "write_summary_csv",
    "write_summary_json",
    "write_summary_table",
]

#: What a summary can be grouped by.
GROUPINGS: Final = ("region", "responsible_authority", "kind", "quarter")

#: The contract's status names, in the order they are shown.
STATUS_NAMES: Final = tuple(s.value for s in Status)

#: Overdue ageing bands: (name, first day, last day or None).
AGEING_BANDS: Final = (("1-7", 1, 7), ("8-30", 8, 30), ("31-90", 31, 90), ("over_90", 91, None))

_NO_DUE: Final = "no due date"
_NONE: Final = "(none)"
_COUNTED: Final = frozenset({Status.MET, Status.MET_LATE, Status.OVERDUE})


def quarter_of(day: dt.date | None) -> str:
    """``2026-Q3`` for a date in July to September 2026; ``no due date`` for ``None``."""
    if day is None:
        return _NO_DUE
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _band(days: int) -> str:
    for name, first, last in AGEING_BANDS:
        if days >= first and (last is None or days <= last):
            return name
    raise ValueError("an overdue obligation is at least one day late")  # pragma: no cover


#: What the figures need of one obligation: its status and, for a late one, the days
#: late (``None`` for a ``met`` obligation with no due date; 0 otherwise).  A
#: group's tally counts these facts, so adding an obligation is one dict update.
Fact = tuple[str, int | None]

_OVERDUE: Final = Status.OVERDUE
_MET_LATE: Final = Status.MET_LATE
_MET: Final = Status.MET


def obligation_fact(ob: Obligation, as_of: dt.date) -> Fact:
    """The :data:`Fact` of one obligation as of ``as_of``."""
    status = ob.status
    due = ob.due
    if due is None:
        return (status._value_, None if status is _MET else 0)
    if status is _OVERDUE:
        return (status._value_, (as_of - due).days)
    if status is _MET_LATE and ob.done_on is not None:
        return (status._value_, (ob.done_on - due).days)
    return (status._value_, 0)


def _split(tally: Counter[Fact]) -> tuple[Counter[str], Counter[int], Counter[str], int]:
    """Status counts, the days-late histogram, the overdue ageing and the untimed ``met``."""
    status: Counter[str] = Counter()
    late: Counter[int] = Counter()
    ageing: Counter[str] = Counter()
    untimed = 0
    for (name, days), n in tally.items():
        status[name] += n
        if days is None:
            untimed += n
        elif name == "overdue":
            late[days] += n
            ageing[_band(days)] += n
        elif name == "met_late":
            late[days] += n
    return status, late, ageing, untimed


def _percentile(hist: Counter[int], fraction: float) -> int | None:
    """The nearest-rank percentile of the values counted in ``hist``."""
    n = sum(hist.values())
    if not n:
        return None
    rank = max(1, math.ceil(fraction * n - 1e-9))  # the tolerance: 0.9 * 10 is 9.000...2
    seen = 0
    for value in sorted(hist):
        seen += hist[value]
        if seen >= rank:
            return value
    raise AssertionError("unreachable")  # pragma: no cover


def _median(hist: Counter[int]) -> float | None:
    n = sum(hist.values())
    if not n:
        return None
    values = sorted(hist)
    lower_rank, upper_rank = (n + 1) // 2, n // 2 + 1
    lower = upper = None
    seen = 0
    for value in values:
        seen += hist[value]
        if lower is None and seen >= lower_rank:
            lower = value
        if seen >= upper_rank:
            upper = value
            break
    assert lower is not None and upper is not None
    return (lower + upper) / 2


@attrs.frozen
class GroupFigures:
    """The figures of one group (see the module's docstring for each)."""

    key: tuple[str, ...]
    obligations: int
    status: dict[str, int]
    fallen_due: int
    on_time_rate: float | None
    median_days_late: float | None
    p90_days_late: int | None
    overdue_ageing: dict[str, int]

    @classmethod
    def of(cls, key: tuple[str, ...], tally: Counter[Fact]) -> GroupFigures:
        """The figures of a group from its tally of :data:`Fact`."""
        counts, late, ageing, untimed = _split(tally)
        status = {name: counts.get(name, 0) for name in STATUS_NAMES}
        on_time = status["met"] - untimed
        due = on_time + status["met_late"] + status["overdue"]
        return cls(
            key,
            sum(status.values()),
            status,
            due,
            None if not due else on_time / due,
            _median(late),
            _percentile(late, 0.9),
            {name: ageing.get(name, 0) for name, _, _ in AGEING_BANDS},
        )

    def as_json(self, by: Sequence[str]) -> dict[str, Any]:
        """The group as JSON: its key fields by name, then the figures."""
        data: dict[str, Any] = dict(zip(by, self.key, strict=True))
        data.update(
            obligations=self.obligations,
            status=self.status,
            fallen_due=self.fallen_due,
            on_time_rate=None if self.on_time_rate is None else round(self.on_time_rate, 4),
            median_days_late=self.median_days_late,
            p90_days_late=self.p90_days_late,
            overdue_ageing=self.overdue_ageing,
        )
        return data


@attrs.frozen
class Summary:
    """A caseload's timeliness as of a date, per group and in total."""

    as_of: dt.date
    by: tuple[str, ...]
    groups: tuple[GroupFigures, ...]
    total: GroupFigures
    cases: int
    errors: int
    warnings: int

    def as_json(self) -> dict[str, Any]:
        """The summary as JSON-ready data (what ``summary --format json`` writes)."""
        return {
            "as_of": self.as_of.isoformat(),
            "by": list(self.by),
            "cases": self.cases,
            "errors": self.errors,
            "warnings": self.warnings,
            "total": self.total.as_json(()),
            "groups": [g.as_json(self.by) for g in self.groups],
        }

    def to_dataframe(self) -> pd.DataFrame:
        """The groups as a DataFrame (see :func:`summary_dataframe`)."""
        return summary_dataframe(self)


#: What a summary needs of one case: its number of warnings, and each obligation's
#: :data:`Fact` with its group's key (``()`` when not grouped); ``None`` for a case
#: with an error.  Small, so that a worker process (``summary --jobs``) sends this
#: back rather than the whole result.
CaseFacts = tuple[int, tuple[tuple[Fact, tuple[str, ...]], ...]] | None


def case_facts(item: Result | CaseError, by: Sequence[str]) -> CaseFacts:
    """The :data:`CaseFacts` of one result (or error), its obligations keyed by ``by``."""
    if isinstance(item, CaseError):
        return None
    as_of = item.as_of
    if not by:
        return len(item.warnings), tuple(
            (obligation_fact(ob, as_of), ()) for ob in item.obligations
        )
    case_key = {
        "region": item.region,
        "responsible_authority": item.responsible_authority or _NONE,
    }
    return len(item.warnings), tuple(
        (
            obligation_fact(ob, as_of),
            tuple(
                case_key[name]
                if name in case_key
                else ob.kind
                if name == "kind"
                else quarter_of(ob.due)
                for name in by
            ),
        )
        for ob in item.obligations
    )


@attrs.frozen
class FactsOf:
    """:func:`case_facts` grouped by ``by``: what ``summary --jobs`` computes in its
    workers (a module-level class, so that it pickles)."""

    by: tuple[str, ...]

    def __call__(self, item: Result | CaseError) -> CaseFacts:
        return case_facts(item, self.by)


class Summariser:
    """Takes results one at a time (:meth:`add`) and gives the :class:`Summary`."""

    def __init__(self, as_of: dt.date, by: Sequence[str] = ()) -> None:
        for name in by:
            if name not in GROUPINGS:
                raise ValueError(f"cannot group by {name!r}; expected one of {GROUPINGS}")
        self.as_of = as_of
        self.by = tuple(by)
        self._groups: dict[tuple[str, ...], Counter[Fact]] = {}
        self._total: Counter[Fact] = Counter()
        self.cases = self.errors = self.warnings = 0

    def add(self, item: Result | CaseError) -> None:
        """Count one result's obligations (an error is counted as an error)."""
        self.add_facts(case_facts(item, self.by))

    def add_facts(self, facts: CaseFacts) -> None:
        """Count one case from its :data:`CaseFacts` (grouped by this summariser's ``by``)."""
        if facts is None:
            self.errors += 1
            return
        self.cases += 1
        warnings, obligations = facts
        self.warnings += warnings
        total = self._total
        groups = self._groups
        for fact, key in obligations:
            total[fact] += 1
            if not key:
                continue
            tally = groups.get(key)
            if tally is None:
                tally = groups[key] = Counter()
            tally[fact] += 1

    def summary(self) -> Summary:
        """The figures so far."""
        groups = tuple(GroupFigures.of(key, self._groups[key]) for key in sorted(self._groups))
        return Summary(
            self.as_of,
            self.by,
            groups,
            GroupFigures.of((), self._total),
            self.cases,
            self.errors,
            self.warnings,
        )


def summarise(
    results: Iterable[Result | CaseError], as_of: dt.date, by: Sequence[str] = ()
) -> Summary:
    """The :class:`Summary` of ``results`` grouped by ``by`` (see :data:`GROUPINGS`)."""
    summariser = Summariser(as_of, by)
    for item in results:
        summariser.add(item)
    return summariser.summary()


# -- writing a summary -----------------------------------------------------------------

_FIGURE_COLUMNS: Final = (
    "obligations",
    *STATUS_NAMES,
    "fallen_due",
    "on_time_rate",
    "median_days_late",
    "p90_days_late",
    *(f"overdue_{name}" for name, _, _ in AGEING_BANDS),
)


def _figures(g: GroupFigures) -> list[float | int | None]:
    return [
        g.obligations,
        *(g.status[s] for s in STATUS_NAMES),
        g.fallen_due,
        g.on_time_rate,
        g.median_days_late,
        g.p90_days_late,
        *(g.overdue_ageing[name] for name, _, _ in AGEING_BANDS),
    ]


def summary_dataframe(summary: Summary) -> pd.DataFrame:
    """One row per group (a single ``all`` row when not grouped): key columns, then figures.

    Columns: the ``by`` fields, ``obligations``, one per status name,
    ``on_time_rate``, ``median_days_late``, ``p90_days_late`` and one
    ``overdue_<band>`` per ageing band.  Needs pandas.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(
            "summary_dataframe needs pandas: pip install 'adoption-rules[pandas]'"
        ) from exc
    groups = summary.groups if summary.by else (summary.total,)
    by = summary.by or ("group",)
    rows = [[*(g.key or ("all",)), *_figures(g)] for g in groups]
    frame = pd.DataFrame(rows, columns=[*by, *_FIGURE_COLUMNS])
    for column in ("on_time_rate", "median_days_late", "p90_days_late"):
        frame[column] = frame[column].astype("float64")
    return frame


_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A value for a CSV cell, neutralised: text a spreadsheet would run as a formula
    (starting ``= + - @``, a tab or a carriage return) gets a leading ``'``."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _number(value: float | int | None, digits: int = 4) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{round(value, digits):g}"
    return str(value)


def write_summary_csv(summary: Summary, out: TextIO) -> None:
    """One row per group (and a last row ``all`` for the whole caseload)."""
    writer = csv_writer(out)  # formulas neutralised, line breaks quoted (io.safe)
    writer.writerow([*summary.by, *_FIGURE_COLUMNS] if summary.by else ["group", *_FIGURE_COLUMNS])
    blanks = ["all"] + [""] * (len(summary.by) - 1) if summary.by else ["all"]
    for g in (*summary.groups, summary.total):
        key = list(g.key) if g.key else blanks
        writer.writerow([*(safe_cell(k) for k in key), *(_number(v) for v in _figures(g))])


def write_summary_json(summary: Summary, out: TextIO) -> None:
    """The summary as one JSON object (:meth:`Summary.as_json`)."""
    json.dump(summary.as_json(), out, indent=2)
    out.write("\n")


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate * 100:.1f}%"


def write_summary_table(summary: Summary, out: TextIO) -> None:
    """A plain-text table for people: one line per group, then the whole caseload."""
    out.write(
        f"{summary.cases} cases as of {summary.as_of.isoformat()}; {summary.errors} with "
        f"errors; {summary.warnings} warnings\n\n"
    )
    header = [
        *summary.by,
        "obligations",
        *STATUS_NAMES,
        "fallen due",
        "on time",
        "median late",
        "p90 late",
        *(f"overdue {name.replace('_', ' ')}" for name, _, _ in AGEING_BANDS),
    ]
    rows = [header]
    blanks = ["all"] + [""] * (len(summary.by) - 1) if summary.by else []
    for g in (*summary.groups, summary.total):
        key = list(g.key) if g.key else blanks
        rows.append(
            [
                *key,
                str(g.obligations),
                *(str(g.status[s]) for s in STATUS_NAMES),
                str(g.fallen_due),
                _pct(g.on_time_rate),
                "-" if g.median_days_late is None else f"{g.median_days_late:g}",
                "-" if g.p90_days_late is None else str(g.p90_days_late),
                *(str(g.overdue_ageing[name]) for name, _, _ in AGEING_BANDS),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(widths[i]) if i < len(summary.by) else cell.rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        out.write("  ".join(cells).rstrip() + "\n")
        if n == 0 or (n == len(rows) - 2 and summary.by):
            out.write("  ".join("-" * w for w in widths) + "\n")
