"""A result as HTML: one case's obligations, or a caseload's, for a notebook or a page.

:func:`result_html` is what ``Result._repr_html_`` shows in Jupyter: a
header line, one row per obligation with its status in colour, and the
warnings.  :func:`caseload_html` renders many results, overdue first.  The
HTML is self-contained (inline styles, no scripts) and every value in it is
escaped.  A status is shown in words as well as in colour.
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from adoption_rules.core.timeline import timeline_svg

if TYPE_CHECKING:  # pragma: no cover - the model imports this module to show itself
    from adoption_rules.core.model import CaseWarning, Obligation, Result

__all__ = ["CASELOAD_MAX_ROWS", "STATUS_COLOURS", "caseload_html", "result_html"]


#: The contract's statuses in its order (``core.model.Status``; a test checks they agree).
STATUS_ORDER: Final = ("met", "met_late", "pending", "overdue", "cancelled", "open", "closed")

#: Background and text colour of each status: overdue red, met green, pending amber, ...
STATUS_COLOURS: Final[dict[str, tuple[str, str]]] = {
    "overdue": ("#fde2e1", "#9b1c1c"),
    "met": ("#dcfce7", "#166534"),
    "met_late": ("#ffedd5", "#9a3412"),
    "pending": ("#fef3c7", "#92400e"),
    "cancelled": ("#f3f4f6", "#4b5563"),
    "open": ("#dbeafe", "#1e40af"),
    "closed": ("#e5e7eb", "#374151"),
}
_OTHER_COLOUR: Final = ("#f3f4f6", "#111827")

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


def _status_badge(status: str) -> str:
    value = str(status)  # a Status is a StrEnum: its text is its value
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
    order = list(STATUS_ORDER) + sorted(set(counts) - set(STATUS_ORDER))
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


def result_html(result: Result, *, timeline: bool = True) -> str:
    """One result as self-contained HTML, for Jupyter (``Result._repr_html_``).

    A header line (case id, region, as of, stage, responsible authority), the
    case's timeline (an SVG picture; ``timeline=False`` leaves it out), one row
    per obligation with its status in colour, then the warnings.
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
        f"{_timeline(result) if timeline and result.obligations else ''}"
        f"{_table(_RESULT_HEADERS, rows)}"
        f"{_warnings(result.warnings)}"
        "</div>"
    )


def _timeline(result: Result) -> str:
    return (
        '<div class="ar-timeline" style="max-width: 1000px;">'
        f"{timeline_svg(result, chart_id=f'ar-timeline-{id(result):x}')}</div>"
    )


#: Warnings a caseload table lists before it stops (warnings_dataframe has them all).
CASELOAD_MAX_WARNINGS: Final = 100


def _caseload_warnings(results: Sequence[Result], limit: int) -> str:
    pairs = [(r, w) for r in results for w in r.warnings]
    if not pairs:
        return ""
    items = "".join(
        f"<li>{_e(r.case_id)}: <code>{_e(w.code)}</code>: {_e(w.message)}</li>"
        for r, w in pairs[:limit]
    )
    more = (
        f'<p style="margin: 0; color: #6b7280;">and {len(pairs) - limit} more '
        "(warnings_dataframe has them all)</p>"
        if len(pairs) > limit
        else ""
    )
    return (
        f'<p style="margin: 4px 0 0 0;"><strong>Warnings ({len(pairs)})</strong></p>'
        f"<ul>{items}</ul>{more}"
    )


def _caseload_key(item: tuple[Result, Obligation]) -> tuple[bool, bool, dt.date, str, str]:
    result, ob = item
    return (
        ob.status != "overdue",
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
        f"{_caseload_warnings(results, CASELOAD_MAX_WARNINGS)}"
        "</div>"
    )
