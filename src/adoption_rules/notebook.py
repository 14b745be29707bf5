"""Results in a Jupyter notebook: HTML tables, and obligations as a pandas DataFrame.

* :func:`result_html` renders one :class:`~adoption_rules.core.model.Result` (it is
  what ``Result._repr_html_`` shows): a header line, one row per obligation
  with its status in colour, and the warnings.
* :class:`ResultList` is a list of results that renders as a caseload table,
  overdue obligations first.
* :func:`to_dataframe` and :func:`errors_dataframe` turn results and errors
  into DataFrames.  pandas is an optional extra (``adoption-rules[pandas]``):
  it is imported only when one of them is called.

The HTML is self-contained (inline styles, no scripts) and every value in it
is escaped.  A status is shown in words as well as in colour.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from adoption_rules.core.model import CaseError, CaseWarning, Obligation, Result, Status

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "CASELOAD_MAX_ROWS",
    "DATAFRAME_COLUMNS",
    "ERROR_COLUMNS",
    "STATUS_COLOURS",
    "ResultList",
    "caseload_html",
    "errors_dataframe",
    "result_html",
    "to_dataframe",
]

#: Background and text colour of each status: overdue red, met green, pending amber, ...
STATUS_COLOURS: Final[dict[str, tuple[str, str]]] = {
    Status.OVERDUE.value: ("#fde2e1", "#9b1c1c"),
    Status.MET.value: ("#dcfce7", "#166534"),
    Status.MET_LATE.value: ("#ffedd5", "#9a3412"),
    Status.PENDING.value: ("#fef3c7", "#92400e"),
    Status.CANCELLED.value: ("#f3f4f6", "#4b5563"),
    Status.OPEN.value: ("#dbeafe", "#1e40af"),
    Status.CLOSED.value: ("#e5e7eb", "#374151"),
}
_OTHER_COLOUR: Final = ("#f3f4f6", "#111827")

#: The columns of :func:`to_dataframe`, in order.
DATAFRAME_COLUMNS: Final[tuple[str, ...]] = (
    "case_id",
    "region",
    "as_of",
    "kind",
    "occurrence",
    "due",
    "status",
    "done_on",
    "starts_from_event",
    "starts_from_date",
    "period",
    "rule",
    "citation",
    "decided_by",
    "provisional",
)

#: The columns of :func:`errors_dataframe`, in order.
ERROR_COLUMNS: Final[tuple[str, ...]] = ("index", "case_id", "code", "message", "field")

_PANDAS_MISSING: Final = "to_dataframe needs pandas: pip install 'adoption-rules[pandas]'"
_PROVISIONAL_TITLE: Final = (
    "provisional: the computation crossed a date later than the last announced bank holiday"
)
_BOX: Final = "font-family: sans-serif; font-size: 13px; line-height: 1.4;"
_TABLE: Final = "border-collapse: collapse; margin: 4px 0;"
_CELL: Final = "border: 1px solid #d1d5db; padding: 2px 6px; text-align: left; vertical-align: top;"
_HEAD: Final = _CELL + " background: #f9fafb;"
_NONE: Final = "—"


def _e(value: object) -> str:
    """``value`` as escaped HTML text; ``None`` as a dash."""
    if value is None:
        return _NONE
    if isinstance(value, dt.date):
        return value.isoformat()
    return html.escape(str(value), quote=True)


def _status_badge(status: Status | str) -> str:
    value = str(status.value if isinstance(status, Status) else status)
    background, colour = STATUS_COLOURS.get(value, _OTHER_COLOUR)
    css_class = html.escape(f"ar-status ar-status-{value}", quote=True)
    return (
        f'<span class="{css_class}" style="background: {background}; color: {colour}; '
        f'padding: 0 6px; border-radius: 3px; font-weight: 600;">{_e(value)}</span>'
    )


def _kind(ob: Obligation) -> str:
    kind = _e(ob.kind)
    if ob.occurrence is not None:
        kind += f' <span style="color: #6b7280;">#{ob.occurrence}</span>'
    return kind


def _due(ob: Obligation) -> str:
    due = _e(ob.due)
    if ob.provisional:
        due += (
            f' <span class="ar-provisional" title="{html.escape(_PROVISIONAL_TITLE)}" '
            'style="color: #6b7280;">(provisional)</span>'
        )
    return due


def _table(headers: Sequence[str], rows: Iterable[tuple[str, Sequence[str]]]) -> str:
    """An HTML table; each row is (its status, its already-escaped cells)."""
    head = "".join(f'<th style="{_HEAD}">{_e(h)}</th>' for h in headers)
    body = []
    for status, cells in rows:
        row_class = html.escape(f"ar-row-{status}", quote=True)
        tds = "".join(f'<td style="{_CELL}">{cell}</td>' for cell in cells)
        body.append(f'<tr class="{row_class}">{tds}</tr>')
    if not body:
        body.append(
            f'<tr><td style="{_CELL}" colspan="{len(headers)}"><em>no obligations</em></td></tr>'
        )
    return (
        f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _counts(obligations: Iterable[Obligation]) -> str:
    counts = Counter(str(ob.status.value) for ob in obligations)
    total = sum(counts.values())
    noun = "obligation" if total == 1 else "obligations"
    if not total:
        return f"0 {noun}"
    order = [s.value for s in Status] + sorted(set(counts) - {s.value for s in Status})
    shown = ", ".join(f"{counts[s]} {_e(s)}" for s in order if counts[s])
    return f"{total} {noun}: {shown}"


def _warnings(warnings: Sequence[CaseWarning]) -> str:
    if not warnings:
        return '<p style="margin: 4px 0; color: #6b7280;">No warnings.</p>'
    items = "".join(f"<li><code>{_e(w.code)}</code>: {_e(w.message)}</li>" for w in warnings)
    return f'<p style="margin: 4px 0 0 0;"><strong>Warnings</strong></p><ul>{items}</ul>'


_RESULT_HEADERS: Final = (
    "kind",
    "due",
    "status",
    "done on",
    "period",
    "starts from",
    "rule",
    "citation",
    "decided by",
)


def result_html(result: Result) -> str:
    """One result as a self-contained HTML table, for Jupyter (``Result._repr_html_``).

    A header line (case id, region, as of, stage, responsible authority), one
    row per obligation with its status in colour, then the warnings.
    """
    header = (
        f"<strong>Case {_e(result.case_id)}</strong> · region {_e(result.region)} · "
        f"as of {_e(result.as_of)} · stage {_e(result.stage)}"
    )
    if result.approval_stage is not None:
        header += f" · approval stage {_e(result.approval_stage)}"
    header += f" · responsible authority {_e(result.responsible_authority)}"
    rows = (
        (
            str(ob.status.value),
            (
                _kind(ob),
                _due(ob),
                _status_badge(ob.status),
                _e(ob.done_on),
                _e(ob.period),
                f"{_e(ob.starts_from.event)} {_e(ob.starts_from.date)}",
                f"<code>{_e(ob.rule)}</code>",
                _e(ob.citation),
                _e(ob.decided_by),
            ),
        )
        for ob in result.obligations
    )
    return (
        f'<div class="adoption-rules-result" style="{_BOX}">'
        f'<p style="margin: 4px 0;">{header}</p>'
        f'<p style="margin: 4px 0; color: #4b5563;">{_counts(result.obligations)}</p>'
        f"{_table(_RESULT_HEADERS, rows)}"
        f"{_warnings(result.warnings)}"
        "</div>"
    )


def _caseload_key(item: tuple[Result, Obligation]) -> tuple[bool, bool, dt.date, str, str]:
    result, ob = item
    return (
        ob.status is not Status.OVERDUE,
        ob.due is None,
        ob.due or dt.date.min,
        result.case_id,
        ob.kind,
    )


_CASELOAD_HEADERS: Final = (
    "case",
    "region",
    "kind",
    "due",
    "status",
    "done on",
    "period",
    "rule",
    "responsible authority",
)


#: Rows a caseload table shows before it stops (the summary line still counts them all).
CASELOAD_MAX_ROWS: Final = 500


def caseload_html(results: Iterable[Result], max_rows: int = CASELOAD_MAX_ROWS) -> str:
    """A caseload as one HTML table: one row per obligation, overdue first, then by due.

    At most ``max_rows`` rows are shown; the summary line counts every
    obligation (use :func:`to_dataframe` for the rest).
    """
    results = list(results)
    pairs = sorted(((r, ob) for r in results for ob in r.obligations), key=_caseload_key)
    n_warnings = sum(len(r.warnings) for r in results)
    cases = "case" if len(results) == 1 else "cases"
    summary = (
        f"<strong>{len(results)} {cases}</strong> · "
        f"{_counts(ob for _, ob in pairs)} · {n_warnings} warning{'' if n_warnings == 1 else 's'}"
    )
    if len(pairs) > max_rows:
        summary += f" · showing the first {max_rows} rows (to_dataframe has them all)"
        pairs = pairs[:max_rows]
    rows = (
        (
            str(ob.status.value),
            (
                _e(r.case_id),
                _e(r.region),
                _kind(ob),
                _due(ob),
                _status_badge(ob.status),
                _e(ob.done_on),
                _e(ob.period),
                f"<code>{_e(ob.rule)}</code>",
                _e(r.responsible_authority),
            ),
        )
        for r, ob in pairs
    )
    return (
        f'<div class="adoption-rules-caseload" style="{_BOX}">'
        f'<p style="margin: 4px 0;">{summary}</p>'
        f"{_table(_CASELOAD_HEADERS, rows)}"
        "</div>"
    )


class ResultList(list[Result]):
    """A list of results that Jupyter shows as a caseload table, overdue first.

    >>> results = ResultList(evaluate(case, as_of) for case in cases)  # doctest: +SKIP
    """

    def _repr_html_(self) -> str:
        return caseload_html(self)

    def to_dataframe(self) -> pd.DataFrame:
        """The obligations of these results as a DataFrame (see :func:`to_dataframe`)."""
        return to_dataframe(self)


def to_dataframe(results: Iterable[Result | CaseError]) -> pd.DataFrame:
    """One row per obligation across ``results``; errors are skipped (see :func:`errors_dataframe`).

    Columns: :data:`DATAFRAME_COLUMNS`.  ``as_of``, ``due``, ``done_on`` and
    ``starts_from_date`` are ``datetime64[ns]`` (``NaT`` for null); ``status``
    is categorical over every status; ``occurrence`` is a nullable ``Int64``;
    ``provisional`` is ``bool``; the rest are strings.  Needs pandas.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_PANDAS_MISSING) from exc

    columns: dict[str, list[object]] = {name: [] for name in DATAFRAME_COLUMNS}
    for result in results:
        if not isinstance(result, Result):
            continue
        for ob in result.obligations:
            row: dict[str, object] = {
                "case_id": result.case_id,
                "region": result.region,
                "as_of": result.as_of,
                "kind": ob.kind,
                "occurrence": ob.occurrence,
                "due": ob.due,
                "status": str(ob.status.value),
                "done_on": ob.done_on,
                "starts_from_event": ob.starts_from.event,
                "starts_from_date": ob.starts_from.date,
                "period": ob.period,
                "rule": ob.rule,
                "citation": ob.citation,
                "decided_by": ob.decided_by,
                "provisional": ob.provisional,
            }
            for name in DATAFRAME_COLUMNS:
                columns[name].append(row[name])

    dates = {"as_of", "due", "done_on", "starts_from_date"}
    statuses = pd.CategoricalDtype([s.value for s in Status])
    series: dict[str, pd.Series] = {}
    for name, values in columns.items():
        if name in dates:
            series[name] = pd.Series(values, dtype="datetime64[ns]")
        elif name == "status":
            series[name] = pd.Series(values, dtype=statuses)
        elif name == "occurrence":
            series[name] = pd.Series(values, dtype="Int64")
        elif name == "provisional":
            series[name] = pd.Series(values, dtype=bool)
        else:
            series[name] = pd.Series(values, dtype=None if values else str)
    return pd.DataFrame(series, columns=list(DATAFRAME_COLUMNS))


def errors_dataframe(results: Iterable[Result | CaseError]) -> pd.DataFrame:
    """One row per error in ``results``: :data:`ERROR_COLUMNS`.

    ``index`` is the item's position in ``results`` (the case's position in the
    input), so an error whose case had no readable ``case_id`` can still be
    found.  Needs pandas.
    """
    try:
        import pandas as pd
    except ImportError as exc:
        raise ImportError(_PANDAS_MISSING.replace("to_dataframe", "errors_dataframe")) from exc

    rows = [
        (i, item.case_id, item.error.code, item.error.message, item.error.field)
        for i, item in enumerate(results)
        if isinstance(item, CaseError)
    ]
    series: dict[str, pd.Series] = {
        "index": pd.Series([r[0] for r in rows], dtype="int64"),
    }
    for position, name in enumerate(ERROR_COLUMNS[1:], start=1):
        values = [r[position] for r in rows]
        series[name] = pd.Series(values, dtype=None if values else str)
    return pd.DataFrame(series, columns=list(ERROR_COLUMNS))
