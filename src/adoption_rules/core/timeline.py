"""One case's obligations on a time line, as an SVG picture.

Each obligation is a row: a bar from the date its clock starts to its due
date, a tick at the due date, a diamond where it was done, the days it ran
late drawn after the due date, and a vertical line for ``as_of``.  The
status is written in words at the end of each row, so the picture reads
without colour; the colours are Okabe and Ito's colour-blind-safe palette,
and overdue time is hatched as well as coloured.

Shown by a result's notebook HTML, by ``explain --format html`` and in the
caseload report.  Nothing is imported at run time but the standard library: no plotting library.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # pragma: no cover - the model's display imports this module
    from adoption_rules.core.model import Obligation, Result

__all__ = ["STATUS_STYLE", "timeline_svg"]

#: Fill colour and words of each status on a time line.
STATUS_STYLE: Final[dict[str, tuple[str, str]]] = {
    "met": ("#009E73", "met"),
    "met_late": ("#E69F00", "met late"),
    "overdue": ("#D55E00", "overdue"),
    "pending": ("#56B4E9", "pending"),
    "cancelled": ("#BBBBBB", "cancelled"),
    "open": ("#0072B2", "open window"),
    "closed": ("#999999", "closed window"),
}

_FONT: Final = 'font-family="DejaVu Sans, Segoe UI, Arial, sans-serif"'
_WIDTH: Final = 1000
_LABEL_W: Final = 230
_RIGHT_W: Final = 150
_ROW_H: Final = 20
_TOP: Final = 40
_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 11) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="#1a1a1a">{_e(text)}</text>'
    )


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Axis marks: month starts, quarter starts or year starts, whichever gives ≤ 12."""
    span_months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(s for s in (1, 3, 6, 12, 24, 60) if span_months / s <= 12)
    marks = []
    year, month = first.year, first.month
    month = ((month - 1) // step) * step + 1 if step <= 12 else 1
    while True:
        day = dt.date(year, month, 1)
        if day > last:
            break
        if day >= first:
            label = str(year) if step >= 12 or month == 1 else f"{_MONTHS[month - 1]} {year}"
            marks.append((day, label))
        month += step
        while month > 12:
            month -= 12
            year += 1
    return marks


def _label(ob: Obligation) -> str:
    return ob.kind + (f" #{ob.occurrence}" if ob.occurrence else "")


def timeline_svg(result: Result, *, chart_id: str | None = None) -> str:
    """``result``'s obligations on a time line (an ``<svg>`` element, self-contained)."""
    chart_id = chart_id or f"timeline-{result.case_id}"
    obligations: Sequence[Obligation] = result.obligations
    as_of = result.as_of
    dates = [as_of]
    for ob in obligations:
        dates.append(ob.starts_from.date)
        if ob.due is not None:
            dates.append(ob.due)
        if ob.done_on is not None:
            dates.append(ob.done_on)
    first, last = min(dates), max(dates)
    pad = max(7, (last - first).days // 40)
    first -= dt.timedelta(days=pad)
    last += dt.timedelta(days=pad)
    span = max((last - first).days, 1)
    plot_w = _WIDTH - _LABEL_W - _RIGHT_W
    legend_h = 34
    height = _TOP + max(len(obligations), 1) * _ROW_H + 16 + legend_h

    def x(day: dt.date) -> float:
        return _LABEL_W + plot_w * (day - first).days / span

    title = (
        f"Timeline of case {result.case_id} as of {as_of.isoformat()}: "
        f"{len(obligations)} obligations"
    )
    parts = [
        f'<svg class="timeline" id="{_e(chart_id)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {_WIDTH} {height}" role="img" aria-labelledby="{_e(chart_id)}-t" {_FONT}>',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
        f'<defs><pattern id="{_e(chart_id)}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2" '
        'stroke-opacity="0.7"/></pattern></defs>',
    ]
    bottom = _TOP + max(len(obligations), 1) * _ROW_H
    for day, label in _ticks(first, last):
        xx = x(day)
        parts.append(
            f'<line x1="{xx:.1f}" y1="{_TOP - 8}" x2="{xx:.1f}" y2="{bottom}" '
            'stroke="#dddddd" stroke-width="1"/>'
        )
        parts.append(_text(xx, _TOP - 12, label, anchor="middle", size=10))
    if not obligations:
        parts.append(_text(_LABEL_W, _TOP + 14, "no obligations"))
    for n, ob in enumerate(obligations):
        y = _TOP + n * _ROW_H
        status = str(ob.status.value)
        colour, words = STATUS_STYLE.get(status, ("#BBBBBB", status))
        start = ob.starts_from.date
        due = ob.due
        tip = (
            f"{_label(ob)}: {ob.period or 'no time limit'} from {ob.starts_from.event} "
            f"{start.isoformat()}; due {due.isoformat() if due else 'no date'}; {words}"
            + (f" (done {ob.done_on.isoformat()})" if ob.done_on else "")
            + f"; {ob.citation}"
        )
        parts.append(f'<g class="obligation" data-status="{_e(ob.status.value)}">')
        parts.append(f"<title>{_e(tip)}</title>")
        parts.append(_text(_LABEL_W - 8, y + 14, _label(ob), anchor="end"))
        end = due if due is not None else (ob.done_on or as_of)
        bar_x, bar_w = x(start), max(x(end) - x(start), 2.0)
        dash = ' stroke-dasharray="4 3" stroke="#555555"' if due is None else ""
        parts.append(
            f'<rect class="span" x="{bar_x:.1f}" y="{y + 5}" width="{bar_w:.1f}" height="10" '
            f'fill="{colour}" fill-opacity="0.55"{dash}/>'
        )
        late_to = as_of if status == "overdue" else ob.done_on if status == "met_late" else None
        if due is not None and late_to is not None and late_to > due:
            lx, lw = x(due), max(x(late_to) - x(due), 2.0)
            parts.append(
                f'<rect class="late" x="{lx:.1f}" y="{y + 3}" width="{lw:.1f}" height="14" '
                f'fill="{colour}"/>'
            )
            parts.append(
                f'<rect x="{lx:.1f}" y="{y + 3}" width="{lw:.1f}" height="14" '
                f'fill="url(#{_e(chart_id)}-hatch)"/>'
            )
        if due is not None:
            dx = x(due)
            parts.append(
                f'<line class="due" x1="{dx:.1f}" y1="{y + 2}" x2="{dx:.1f}" y2="{y + 18}" '
                'stroke="#1a1a1a" stroke-width="2"/>'
            )
        if ob.done_on is not None:
            cx, cy = x(ob.done_on), y + 10
            parts.append(
                f'<path class="done" d="M{cx:.1f} {cy - 6:.1f} L{cx + 6:.1f} {cy:.1f} '
                f'L{cx:.1f} {cy + 6:.1f} L{cx - 6:.1f} {cy:.1f} Z" fill="#1a1a1a" '
                'stroke="#ffffff" stroke-width="1"/>'
            )
        late = ""
        if late_to is not None and due is not None and late_to > due:
            late = f", {(late_to - due).days} days"
        parts.append(_text(_WIDTH - _RIGHT_W + 10, y + 14, words + late))
        parts.append("</g>")
    ax = x(as_of)
    parts.append(
        f'<line class="as-of" x1="{ax:.1f}" y1="{_TOP - 8}" x2="{ax:.1f}" y2="{bottom + 4}" '
        'stroke="#1a1a1a" stroke-width="1.5" stroke-dasharray="5 3"/>'
    )
    parts.append(_text(ax, bottom + 15, f"as of {as_of.isoformat()}", anchor="middle", size=10))
    ly = height - legend_h + 12
    lx = 10.0
    legend = [
        ("rect", "#56B4E9", "from start to due date"),
        ("line", "#1a1a1a", "due date"),
        ("diamond", "#1a1a1a", "done"),
        ("late", "#D55E00", "late (hatched)"),
    ]
    for shape, colour, label in legend:
        if shape == "rect":
            parts.append(
                f'<rect x="{lx:.1f}" y="{ly + 2}" width="18" height="10" fill="{colour}" '
                'fill-opacity="0.55"/>'
            )
        elif shape == "line":
            parts.append(
                f'<line x1="{lx + 9:.1f}" y1="{ly}" x2="{lx + 9:.1f}" y2="{ly + 14}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
        elif shape == "diamond":
            c = lx + 9
            parts.append(
                f'<path d="M{c:.1f} {ly + 1} L{c + 6:.1f} {ly + 7} L{c:.1f} {ly + 13} '
                f'L{c - 6:.1f} {ly + 7} Z" fill="{colour}"/>'
            )
        else:
            parts.append(f'<rect x="{lx:.1f}" y="{ly}" width="18" height="14" fill="{colour}"/>')
            parts.append(
                f'<rect x="{lx:.1f}" y="{ly}" width="18" height="14" '
                f'fill="url(#{_e(chart_id)}-hatch)"/>'
            )
        parts.append(_text(lx + 24, ly + 11, label, size=10))
        lx += 40 + 6.0 * len(label)
    parts.append("</svg>")
    return "\n".join(parts)
