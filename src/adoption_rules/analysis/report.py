"""A caseload report: one self-contained, printable HTML file, for a team or a board.

Headline figures, the on-time rate by kind and by quarter of due date, the
overdue ageing, and the two worklists (overdue; due in the next 30 days) with
each case's stage, responsible authority and warnings, and each obligation's
rule, period and citation a click away (``<details>``).  Timelines of the
cases longest overdue close it.

The file needs no network and no script; it prints (charts keep their size,
sections do not split) and reads without colour (every chart has a table of
its figures, statuses are written in words).  Its size does not grow with the
caseload: the worklists are capped (``worklist_cap`` rows each, the longest
overdue and the soonest due first) and the full lists go to a CSV file.

:class:`ReportBuilder` takes results one at a time, so a caseload of any size
is reported in bounded memory: counts, two bounded heaps of worklist rows and
a bounded heap of cases for the timelines.  It takes each result as a
:class:`CaseReport` (what :class:`ReportFacts` makes of it), which ``report
--jobs`` workers make and send back instead of the whole result.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import io
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Final, NamedTuple, TextIO, TypeAlias, TypeVar

import attrs

from adoption_rules.analysis.summary import (
    AGEING_BANDS,
    STATUS_NAMES,
    Fact,
    GroupFigures,
    obligation_fact,
    quarter_of,
    safe_cell,
)
from adoption_rules.core.charts import (
    BarGroup,
    Segment,
    Series,
    StackedRow,
    Tick,
    grouped_bars,
    stacked_bars,
)
from adoption_rules.core.display import result_html
from adoption_rules.core.model import CaseError, Obligation, Result, Status
from adoption_rules.core.timeline import timeline_svg
from adoption_rules.io.output import explain_obligation
from adoption_rules.io.safe import csv_writer

__all__ = [
    "WORKLIST_COLUMNS",
    "CaseReport",
    "Lazy",
    "ReportBuilder",
    "ReportFacts",
    "render_report",
]

#: The columns of the worklist CSV written beside the report.
WORKLIST_COLUMNS: Final = (
    "list",
    "case_id",
    "region",
    "responsible_authority",
    "stage",
    "approval_stage",
    "kind",
    "occurrence",
    "due",
    "days",
    "status",
    "period",
    "starts_from_event",
    "starts_from_date",
    "rule",
    "citation",
    "warnings",
)

_OVERDUE: Final = "overdue"
_DUE_SOON: Final = "due_soon"


@attrs.frozen
class _Row:
    """One worklist line (only identifiers, dates and codes: no free text)."""

    case_id: str
    region: str
    responsible_authority: str | None
    stage: str | None
    approval_stage: str | None
    kind: str
    occurrence: int | None
    due: dt.date
    days: int
    status: str
    period: str | None
    starts_from_event: str
    starts_from_date: dt.date
    rule: str
    citation: str
    warnings: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, result: Result, ob: Obligation, days: int) -> _Row:
        assert ob.due is not None
        return cls(
            result.case_id,
            result.region,
            result.responsible_authority,
            result.stage,
            result.approval_stage,
            ob.kind,
            ob.occurrence,
            ob.due,
            days,
            ob.status.value,
            ob.period,
            ob.starts_from.event,
            ob.starts_from.date,
            ob.rule,
            ob.citation,
            tuple((w.code, w.message) for w in result.warnings),
        )

    def csv(self, name: str) -> list[str]:
        return [
            name,
            safe_cell(self.case_id),
            safe_cell(self.region),
            safe_cell(self.responsible_authority),
            safe_cell(self.stage),
            safe_cell(self.approval_stage),
            safe_cell(self.kind),
            "" if self.occurrence is None else str(self.occurrence),
            self.due.isoformat(),
            str(self.days),
            self.status,
            safe_cell(self.period),
            safe_cell(self.starts_from_event),
            self.starts_from_date.isoformat(),
            safe_cell(self.rule),
            safe_cell(self.citation),
            safe_cell(" ".join(code for code, _ in self.warnings)),
        ]


T = TypeVar("T")
#: A value as it is, or pickled: what a worker sends back of a row or a result the
#: report may keep, unpickled only if it is kept.
Lazy: TypeAlias = T | bytes


def _loaded(value: Lazy[T]) -> T:
    """``value``, unpickled if it was pickled (by a worker of this command: our own data)."""
    return pickle.loads(value) if isinstance(value, bytes) else value


def _kept(value: Lazy[T] | None) -> T:
    assert value is not None, "a row or result not sent was kept"  # ReportFacts says why not
    return _loaded(value)


class CaseReport(NamedTuple):
    """What the report takes of one case (:meth:`ReportBuilder.add_case`): small, so that
    a worker process (``report --jobs``) sends it back rather than the whole result."""

    #: The error's code, for a case with an error (the other fields are then empty).
    error: str | None
    #: The codes of the case's warnings.
    warnings: tuple[str, ...]
    #: The responsible authority, ``(none)`` when there is none.
    authority: str
    #: Each obligation's :data:`~adoption_rules.analysis.summary.Fact`, kind and quarter
    #: of its due date.
    obligations: tuple[tuple[Fact, str, str], ...]
    #: Each worklist row: overdue (else due soon), its priority in the list, its line
    #: of the worklist CSV (``""`` when none is written), and the row (maybe pickled;
    #: ``None``: it cannot be among the rows the report keeps).
    rows: tuple[tuple[bool, int, str, Lazy[_Row] | None], ...]
    #: The most days any obligation is overdue (0: none is).
    worst: int
    #: The result, for a case with something overdue (maybe pickled; ``None`` when
    #: nothing is, or it cannot be among the timelines the report keeps).
    result: Lazy[Result] | None


_ERROR_REPORT: Final = CaseReport("", (), "", (), (), 0, None)


class ReportFacts:
    """The :class:`CaseReport` of each result (:meth:`ReportBuilder.facts`).

    A module-level class, so that it pickles, to run in a worker process.
    There (``pickled``), a row or a result the report may keep is sent
    pickled, and one it cannot keep is not sent (``None``): a row when this
    process has already seen ``cap`` rows of the same list with a strictly
    higher priority, a case when it has seen ``timeline_cases`` cases strictly
    longer overdue.  The report keeps the highest, so those outrank it
    whatever the other workers see; it may hold the ``None`` for a while (when
    they come later in the input), and they push it out before the end.
    """

    def __init__(
        self,
        horizon: dt.date,
        worklist_csv: bool,
        pickled: bool = False,
        cap: int = 200,
        timeline_cases: int = 5,
    ) -> None:
        self.horizon = horizon
        self.worklist_csv = worklist_csv
        self.pickled = pickled
        self.cap = cap
        self.timeline_cases = timeline_cases
        # The highest priorities seen here (min-heaps): overdue rows, rows due soon, cases.
        self._seen: tuple[list[int], list[int], list[int]] = ([], [], [])
        self._lines: _Lines | None = None

    def __getstate__(self) -> tuple[dt.date, bool, bool, int, int]:
        return self.horizon, self.worklist_csv, self.pickled, self.cap, self.timeline_cases

    def __setstate__(self, state: tuple[dt.date, bool, bool, int, int]) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def _keep(self, value: T, seen: list[int], priority: int, size: int) -> Lazy[T] | None:
        """``value`` as the report takes it: itself, its pickle, or ``None`` (never kept)."""
        if not self.pickled:
            return value
        if len(seen) < size:
            heapq.heappush(seen, priority)
        elif not seen or priority < seen[0]:
            return None  # ``size`` rows (cases) seen here rank strictly higher (or size is 0)
        else:
            heapq.heappushpop(seen, priority)
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    def __call__(self, item: Result | CaseError) -> CaseReport:
        if isinstance(item, CaseError):
            return _ERROR_REPORT._replace(error=item.error.code)
        as_of = item.as_of
        horizon = self.horizon
        obligations = []
        rows: list[tuple[bool, int, str, Lazy[_Row] | None]] = []
        worst = 0
        for ob in item.obligations:
            due = ob.due
            obligations.append((obligation_fact(ob, as_of), ob.kind, quarter_of(due)))
            if due is None:
                continue
            status = ob.status
            if status is Status.OVERDUE:
                days = (as_of - due).days
                worst = max(worst, days)
                overdue, priority, seen = True, days, self._seen[0]
            elif status is Status.PENDING and due <= horizon:
                days = (due - as_of).days
                overdue, priority, seen = False, -days, self._seen[1]
            else:
                continue
            row = _Row.of(item, ob, days)
            line = ""
            if self.worklist_csv:
                lines = self._lines
                if lines is None:
                    lines = self._lines = _Lines()
                line = lines.line(row.csv(_OVERDUE if overdue else _DUE_SOON))
            rows.append((overdue, priority, line, self._keep(row, seen, priority, self.cap)))
        result = None
        if worst:
            result = self._keep(item, self._seen[2], worst, self.timeline_cases)
        return CaseReport(
            None,
            tuple(w.code for w in item.warnings),
            item.responsible_authority or "(none)",
            tuple(obligations),
            tuple(rows),
            worst,
            result,
        )


class _Lines:
    """Rows as lines of CSV text, as the worklist CSV's writer writes them (io.safe)."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()
        self.writer = csv_writer(self.buffer)

    def line(self, cells: list[str]) -> str:
        buffer = self.buffer
        buffer.seek(0)
        buffer.truncate()
        self.writer.writerow(cells)
        return buffer.getvalue()


class ReportBuilder:
    """Collects what the report shows from results given one at a time.

    >>> builder = ReportBuilder(as_of)          # doctest: +SKIP
    >>> for item in results: builder.add(item)  # doctest: +SKIP
    >>> page = builder.render()                 # doctest: +SKIP
    """

    def __init__(
        self,
        as_of: dt.date,
        *,
        source: str = "",
        horizon_days: int = 30,
        worklist_cap: int = 200,
        timeline_cases: int = 5,
    ) -> None:
        self.as_of = as_of
        self.source = source
        self.horizon = as_of + dt.timedelta(days=horizon_days)
        self.horizon_days = horizon_days
        self.cap = worklist_cap
        self.timeline_cases = timeline_cases
        self._total: Counter[Fact] = Counter()
        self._groups: dict[str, dict[str, Counter[Fact]]] = {
            "kind": defaultdict(Counter),
            "quarter": defaultdict(Counter),
            "responsible_authority": defaultdict(Counter),
        }
        # Min-heaps holding the rows to keep: the longest overdue, the soonest due.  A row
        # (and a timeline's result) may be kept pickled (Lazy), as a worker sent it.
        self._overdue: list[tuple[int, int, Lazy[_Row] | None]] = []
        self._soon: list[tuple[int, int, Lazy[_Row] | None]] = []
        self._timelines: list[tuple[int, int, Lazy[Result] | None]] = []
        self._n = 0
        self.overdue = self.due_soon = 0
        self.cases = self.errors = 0
        self.cases_with_warnings = 0
        self.warning_codes: Counter[str] = Counter()
        self.error_codes: Counter[str] = Counter()
        self._csv: TextIO | None = None
        self._facts = self.facts()

    def start_worklist_csv(self, out: TextIO) -> None:
        """Write every worklist row (uncapped) to ``out`` as CSV while results are added."""
        csv_writer(out).writerow(WORKLIST_COLUMNS)  # formulas neutralised (io.safe)
        self._csv = out
        self._facts = self.facts()

    def facts(self, *, pickled: bool = False, worklist_csv: bool | None = None) -> ReportFacts:
        """What gives the :class:`CaseReport` of each result for :meth:`add_case`.

        ``pickled``: it runs in a worker process (``report --jobs``), which sends
        back, pickled, only the rows and results the report may keep; this
        process unpickles only those it does keep.  ``worklist_csv``: whether
        the rows' CSV lines are wanted (default: whether
        :meth:`start_worklist_csv` was called).
        """
        if worklist_csv is None:
            worklist_csv = self._csv is not None
        return ReportFacts(self.horizon, worklist_csv, pickled, self.cap, self.timeline_cases)

    def add(self, item: Result | CaseError) -> None:
        """Take one result (or error) into the report."""
        self.add_case(self._facts(item))

    def add_case(self, case: CaseReport) -> None:
        """Take one case into the report, from its :class:`CaseReport` (see :meth:`facts`)."""
        if case.error is not None:
            self.errors += 1
            self.error_codes[case.error] += 1
            return
        self.cases += 1
        if case.warnings:
            self.cases_with_warnings += 1
            self.warning_codes.update(case.warnings)
        total = self._total
        kinds, quarters = self._groups["kind"], self._groups["quarter"]
        authority = self._groups["responsible_authority"][case.authority]
        for fact, kind, quarter in case.obligations:
            total[fact] += 1
            authority[fact] += 1
            kinds[kind][fact] += 1
            quarters[quarter][fact] += 1
        cap = self.cap
        out = self._csv
        for overdue, priority, line, row in case.rows:
            if overdue:
                self.overdue += 1
                heap = self._overdue
            else:
                self.due_soon += 1
                heap = self._soon
            self._n += 1
            if out is not None:
                out.write(line)
            # Ties: the earlier row in the input first (a larger negated counter).
            key = (priority, -self._n)
            if len(heap) < cap:
                heapq.heappush(heap, (*key, row))
            elif key > heap[0][:2]:
                heapq.heapreplace(heap, (*key, row))
        if case.worst and self.timeline_cases:
            self._n += 1
            entry = (case.worst, -self._n, case.result)
            if len(self._timelines) < self.timeline_cases:
                heapq.heappush(self._timelines, entry)
            elif entry[:2] > self._timelines[0][:2]:
                heapq.heapreplace(self._timelines, entry)

    def groups(self, name: str) -> list[GroupFigures]:
        """The figures per ``kind``, ``quarter`` or ``responsible_authority``, by key."""
        tallies = self._groups[name]
        return [GroupFigures.of((key,), tallies[key]) for key in sorted(tallies)]

    def total(self) -> GroupFigures:
        """The figures of the whole caseload."""
        return GroupFigures.of((), self._total)

    def worklist(self, name: str) -> list[_Row]:
        """The rows kept for the ``overdue`` or ``due_soon`` list, most urgent first."""
        heap = self._overdue if name == _OVERDUE else self._soon
        return [_kept(row) for *_, row in sorted(heap, key=lambda e: (e[0], e[1]), reverse=True)]

    def timelines(self) -> list[Result]:
        """The results kept for the timelines, the longest overdue first."""
        return [_kept(r) for *_, r in sorted(self._timelines, key=lambda e: e[:2], reverse=True)]

    def render(self, *, worklist_name: str | None = None) -> str:
        """The report as one HTML document."""
        return _render(self, worklist_name)


def render_report(
    results: Iterable[Result | CaseError],
    as_of: dt.date,
    *,
    source: str = "",
    worklist_cap: int = 200,
) -> str:
    """The report of ``results`` as one HTML document (no worklist CSV written)."""
    builder = ReportBuilder(as_of, source=source, worklist_cap=worklist_cap)
    for item in results:
        builder.add(item)
    return builder.render()


# -- HTML ------------------------------------------------------------------------

_CSS: Final = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px;
  line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.25em; margin: 1.8em 0 .5em; border-bottom: 2px solid #1a1a1a; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #c8c8c8; padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.num, th.num { text-align: right; white-space: nowrap; }
.headline { display: flex; flex-wrap: wrap; gap: 12px; margin: .5em 0 1em; padding: 0; }
.headline li { list-style: none; border: 2px solid #1a1a1a; padding: 6px 12px; min-width: 9em; }
.headline b { display: block; font-size: 1.6em; }
.chart, .timeline { width: 100%; height: auto; display: block; margin: .3em 0 1em; }
.note { color: #444; font-size: .92em; }
.st { font-weight: 600; white-space: nowrap; }
.st-overdue { color: #9b1c1c; } .st-pending { color: #1e3a8a; }
details summary { cursor: pointer; }
details dl { margin: .2em 0; } details dt { font-weight: 600; } details dd { margin: 0 0 .2em 1em; }
footer { margin-top: 2.5em; color: #555; font-size: .85em; }
@media print {
  body { padding: 0; font-size: 11pt; }
  h2, .chart, .timeline, tr { break-inside: avoid; }
  details > summary::marker { content: ""; }
}
"""

_SEGMENTS: Final = (
    Segment("met", "met", "#009E73", "#FFFFFF"),
    Segment("met_late", "met late", "#E69F00", "#1A1A1A"),
    Segment("overdue", "overdue", "#D55E00", "#FFFFFF", hatch=True),
)


def _e(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return html.escape(str(value), quote=True)


def _pct(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _stacked(chart_id: str, title: str, groups: Sequence[GroupFigures]) -> str:
    rows = [
        StackedRow(
            g.key[0],
            {
                "met": g.fallen_due - g.status["met_late"] - g.status["overdue"],
                "met_late": g.status["met_late"],
                "overdue": g.status["overdue"],
            },
            note=f"{_pct(g.on_time_rate)} on time",
            title=f"{g.key[0]}: {_pct(g.on_time_rate)} on time of "
            f"{g.status['met'] + g.status['met_late'] + g.status['overdue']} due",
            data={"group": g.key[0]},
        )
        for g in groups
    ]
    return stacked_bars(
        chart_id,
        title,
        rows,
        _SEGMENTS,
        label_width=260,
        right_width=150,
        right_heading="on time",
        label_chars=40,
    )


def _figures_table(css_class: str, heading: str, groups: Sequence[GroupFigures]) -> str:
    head = "".join(
        f'<th class="num">{_e(h)}</th>'
        for h in (
            "due so far",
            "met on time",
            "met late",
            "overdue",
            "on time",
            "median days late",
            "p90 days late",
        )
    )
    body = []
    for g in groups:
        due = g.fallen_due
        cells = (
            due,
            due - g.status["met_late"] - g.status["overdue"],
            g.status["met_late"],
            g.status["overdue"],
            _pct(g.on_time_rate),
            "—" if g.median_days_late is None else f"{g.median_days_late:g}",
            "—" if g.p90_days_late is None else g.p90_days_late,
        )
        tds = "".join(f'<td class="num">{_e(c)}</td>' for c in cells)
        body.append(f"<tr><th>{_e(g.key[0] if g.key else 'all')}</th>{tds}</tr>")
    return (
        f'<table class="{css_class}"><thead><tr><th>{_e(heading)}</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _warnings_cell(row: _Row) -> str:
    if not row.warnings:
        return "—"
    return "; ".join(
        f'<span title="{_e(message)}"><code>{_e(code)}</code></span>'
        for code, message in row.warnings
    )


def _worklist(rows: Sequence[_Row], *, late: bool, total: int, cap: int, csv_name: str) -> str:
    if not rows:
        return '<p class="note">None.</p>'
    head = "".join(
        f"<th>{h}</th>"
        for h in (
            "case",
            "responsible authority",
            "stage",
            "obligation",
            "due",
            "days late" if late else "days left",
            "warnings",
            "rule and source",
        )
    )
    body = []
    for r in rows:
        stage = _e(r.stage) + (
            f" · approval {_e(r.approval_stage)}" if r.approval_stage is not None else ""
        )
        kind = _e(r.kind) + (f" #{r.occurrence}" if r.occurrence else "")
        details = (
            f"<details><summary><code>{_e(r.rule)}</code></summary><dl>"
            f"<dt>source</dt><dd>{_e(r.citation)}</dd>"
            f"<dt>period</dt><dd>{_e(r.period)} from {_e(r.starts_from_event)} "
            f"{_e(r.starts_from_date)}</dd>"
            f"<dt>region</dt><dd>{_e(r.region)}</dd></dl></details>"
        )
        body.append(
            f"<tr><td>{_e(r.case_id)}</td><td>{_e(r.responsible_authority)}</td>"
            f"<td>{stage}</td><td>{kind}</td><td>{_e(r.due)}</td>"
            f'<td class="num">{r.days}</td><td>{_warnings_cell(r)}</td><td>{details}</td></tr>'
        )
    note = ""
    if total > len(rows):
        note = (
            f'<p class="note">Showing the {len(rows)} most urgent of {total}; every row is in '
            f"{_e(csv_name)}.</p>"
        )
    return (
        f'{note}<table class="worklist"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _ageing(total: GroupFigures) -> str:
    labels = {
        "1-7": "1-7 days",
        "8-30": "8-30 days",
        "31-90": "31-90 days",
        "over_90": "over 90 days",
    }
    counts = [total.overdue_ageing[name] for name, _, _ in AGEING_BANDS]
    top = max([*counts, 1])
    step = next(
        s
        for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10**4, 10**5)
        if top / s <= 8
    )
    max_value = -(-top // step) * step
    ticks = [Tick(v, f"{v:,}") for v in range(0, max_value + 1, step)]
    groups = [
        BarGroup(labels[name], [count], [f"{labels[name]}: {count:,} overdue"], {"band": name})
        for (name, _, _), count in zip(AGEING_BANDS, counts, strict=True)
    ]
    chart = grouped_bars(
        "ageing-chart",
        "Overdue obligations by days overdue",
        groups,
        [Series("overdue obligations", "#D55E00")],
        max_value=max_value,
        ticks=ticks,
        label_width=260,
        right_width=120,
        bar_height=22,
        value_text=lambda v: f"{int(v):,}",
        legend=False,
    )
    cells = "".join(f'<td class="num">{c:,}</td>' for c in counts)
    heads = "".join(f'<th class="num">{_e(labels[name])}</th>' for name, _, _ in AGEING_BANDS)
    table = (
        f'<table class="ageing"><thead><tr>{heads}</tr></thead><tbody><tr>{cells}</tr>'
        "</tbody></table>"
    )
    return chart + table


def _render(b: ReportBuilder, worklist_name: str | None) -> str:
    total = b.total()
    kinds = b.groups("kind")
    quarters = [
        g
        for g in b.groups("quarter")
        if g.key[0] != quarter_of(None) and g.key[0] <= quarter_of(b.as_of) and g.fallen_due
    ][-12:]
    by_kind = [g for g in kinds if g.fallen_due]
    authorities = b.groups("responsible_authority")
    csv_name = worklist_name or "the worklist CSV"
    title = f"Caseload report as of {b.as_of.isoformat()}"
    headline = [
        ("cases", f"{b.cases:,}"),
        ("obligations", f"{total.obligations:,}"),
        ("on time", _pct(total.on_time_rate)),
        ("overdue", f"{b.overdue:,}"),
        (f"due in {b.horizon_days} days", f"{b.due_soon:,}"),
        ("cases with warnings", f"{b.cases_with_warnings:,}"),
        ("cases with errors", f"{b.errors:,}"),
    ]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="note">{_e(b.source) + " · " if b.source else ""}Obligations as the '
        "English adoption-support procedure and each region's policy set them "
        "(adoption-rules). On time: of the obligations due so far, the share met by "
        "their due date.</p>",
        '<ul class="headline">'
        + "".join(f"<li><b>{_e(v)}</b>{_e(k)}</li>" for k, v in headline)
        + "</ul>",
        '<h2 id="status">Obligations by status</h2>',
        '<table class="status"><thead><tr>'
        + "".join(f'<th class="num">{_e(s.replace("_", " "))}</th>' for s in STATUS_NAMES)
        + "</tr></thead><tbody><tr>"
        + "".join(f'<td class="num">{total.status[s]:,}</td>' for s in STATUS_NAMES)
        + "</tr></tbody></table>",
        f'<p class="note">Days late (met late, or overdue so far): median '
        f"{_e('—' if total.median_days_late is None else f'{total.median_days_late:g}')}, "
        f"90th percentile {_e(total.p90_days_late)}.</p>",
        '<h2 id="by-kind">On time by kind of obligation</h2>',
        _stacked("kind-chart", "Obligations due so far by kind: met, met late, overdue", by_kind)
        if by_kind
        else '<p class="note">Nothing has fallen due yet.</p>',
        _figures_table("by-kind", "kind", by_kind),
        '<h2 id="by-quarter">On time by quarter of the due date</h2>',
        _stacked(
            "quarter-chart", "Obligations due so far by quarter: met, met late, overdue", quarters
        )
        if quarters
        else '<p class="note">Nothing has fallen due yet.</p>',
        _figures_table("by-quarter", "quarter", quarters),
        '<h2 id="ageing">Overdue ageing</h2>',
        _ageing(total),
        '<h2 id="by-authority">By responsible authority</h2>',
        _figures_table("by-authority", "responsible authority", authorities),
        f'<h2 id="overdue">Worklist: overdue ({b.overdue:,})</h2>',
        _worklist(b.worklist(_OVERDUE), late=True, total=b.overdue, cap=b.cap, csv_name=csv_name),
        f'<h2 id="due-soon">Worklist: due in the next {b.horizon_days} days ({b.due_soon:,})</h2>',
        _worklist(
            b.worklist(_DUE_SOON), late=False, total=b.due_soon, cap=b.cap, csv_name=csv_name
        ),
    ]
    if b.warning_codes or b.error_codes:
        parts.append('<h2 id="warnings">Warnings and errors</h2>')
        rows = "".join(
            f'<tr><td>warning</td><td><code>{_e(code)}</code></td><td class="num">{n:,}</td></tr>'
            for code, n in sorted(b.warning_codes.items())
        ) + "".join(
            f'<tr><td>error</td><td><code>{_e(code)}</code></td><td class="num">{n:,}</td></tr>'
            for code, n in sorted(b.error_codes.items())
        )
        parts.append(
            '<table class="warnings"><thead><tr><th>what</th><th>code</th>'
            f'<th class="num">cases</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    timelines = b.timelines()
    if timelines:
        parts.append('<h2 id="timelines">Timelines of the cases longest overdue</h2>')
        for n, result in enumerate(timelines, start=1):
            parts.append(
                f"<h3>Case {_e(result.case_id)} ({_e(result.region)}; responsible authority "
                f"{_e(result.responsible_authority)}; stage {_e(result.stage)})</h3>"
            )
            parts.append(timeline_svg(result, chart_id=f"timeline-{n}"))
    parts.append(
        f"<footer>Generated by adoption-rules as of {_e(b.as_of)}. Figures count obligations, "
        "not cases. Windows that protect a person (open, closed) and cancelled or pending "
        "obligations are not in the on-time rate.</footer></body></html>"
    )
    return "\n".join(parts) + "\n"


# -- explain --format html -------------------------------------------------------------


def explain_head(title: str) -> str:
    """The start of the ``explain --format html`` page."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        f"<title>{_e(title)}</title><style>{_CSS}"
        "pre { white-space: pre-wrap; background: #f7f7f7; padding: 6px 10px; }</style>"
        f"</head><body><h1>{_e(title)}</h1>\n"
    )


def explain_case(
    result: Result,
    kind: str | None = None,
    quote: Callable[[Obligation], str] | None = None,
) -> tuple[str, int]:
    """One case's section of the ``explain --format html`` page, and how many
    obligations it explains (``kind``: only those of this kind; ``""`` when none).
    ``quote`` gives the policy's own words for an obligation's rule."""
    obligations = tuple(ob for ob in result.obligations if kind in (None, ob.kind))
    if not obligations:
        return "", 0
    shown = attrs.evolve(result, obligations=obligations)
    stories = "".join(
        f"<pre>{_e(explain_obligation(shown, ob, quote(ob) if quote else ''))}</pre>"
        for ob in obligations
    )
    return (
        f'<section class="case"><h2>Case {_e(result.case_id)}</h2>'
        f"{result_html(shown)}<h3>Why each is due when it is</h3>{stories}</section>\n",
        len(obligations),
    )


def explain_foot() -> str:
    """The end of the ``explain --format html`` page."""
    return "<footer>Generated by adoption-rules.</footer></body></html>\n"
