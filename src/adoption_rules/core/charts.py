"""Small SVG charts, written as text: the one chart module of the caseload and audit reports.

Two kinds of chart cover both reports:

* :func:`stacked_bars`: one horizontal bar per row, split into segments whose
  widths are shares of the row's total (ratings of an audit's elements; the
  met, late and overdue obligations of a kind);
* :func:`grouped_bars`: per group, one bar per series, against a value axis
  with ticks and an optional dashed reference line (an audit's score per
  element; an on-time rate per quarter; overdue obligations per ageing band).

The charts are plain SVG, inline in the page: no script, no network, no
plotting library (a library would either need a browser-side script or pull
in a heavy dependency for a few rectangles).  They stay readable without
colour: every segment large enough carries its count as text, every bar and
segment has a ``<title>`` tooltip, segments can be hatched, and the legend
names each colour.  The palette is Okabe and Ito's, distinguishable with the
common colour-vision deficiencies.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Final

import attrs

__all__ = [
    "FONT",
    "OKABE_ITO",
    "SERIES",
    "BarGroup",
    "Segment",
    "Series",
    "StackedRow",
    "Tick",
    "grouped_bars",
    "stacked_bars",
    "svg_text",
]

#: The fonts every chart asks for.
FONT: Final = 'font-family="DejaVu Sans, Segoe UI, Arial, sans-serif"'

#: Okabe and Ito's colour-blind-safe palette, by name.
OKABE_ITO: Final[Mapping[str, str]] = {
    "vermillion": "#D55E00",
    "orange": "#E69F00",
    "bluish_green": "#009E73",
    "blue": "#0072B2",
    "sky_blue": "#56B4E9",
    "reddish_purple": "#CC79A7",
    "yellow": "#F0E442",
    "grey": "#D9D9D9",
    "black": "#1A1A1A",
}

#: Colours for series told apart by colour alone (Paul Tol's bright scheme).
SERIES: Final = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#555555")

_MUTED: Final = "#555555"
_GRID: Final = "#bbbbbb"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def svg_text(
    x: float,
    y: float,
    text: str,
    *,
    anchor: str = "start",
    size: int = 12,
    fill: str = "#1a1a1a",
    weight: str | None = None,
) -> str:
    """A ``<text>`` element; ``text`` is escaped."""
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{fill}"{bold}>{_e(text)}</text>'
    )


def _open(chart_id: str, width: int, height: float, title: str) -> list[str]:
    return [
        f'<svg class="chart" id="{_e(chart_id)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height:g}" role="img" aria-labelledby="{_e(chart_id)}-t" {FONT}>',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
    ]


def _attrs(data: Mapping[str, str]) -> str:
    return "".join(f' data-{_e(k)}="{_e(v)}"' for k, v in data.items())


def _short(text: str, limit: int | None) -> str:
    if limit is None or len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def _hatch_defs(chart_id: str) -> str:
    return (
        f'<defs><pattern id="{_e(chart_id)}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2" '
        'stroke-opacity="0.6"/></pattern></defs>'
    )


# -- stacked bars --------------------------------------------------------------------


@attrs.frozen
class Segment:
    """One part of a stacked bar: its key in a row's counts, legend label and colours."""

    key: str
    label: str
    colour: str
    text_colour: str = "#1A1A1A"
    hatch: bool = False


@attrs.frozen
class StackedRow:
    """One bar of :func:`stacked_bars`.

    ``note`` is written in the right-hand column; ``title`` is the bar's
    tooltip (default: its label); ``data`` become ``data-*`` attributes of the
    bar's group.
    """

    label: str
    counts: Mapping[str, int]
    note: str = ""
    title: str | None = None
    data: Mapping[str, str] = attrs.field(factory=dict)


def stacked_bars(
    chart_id: str,
    title: str,
    rows: Sequence[StackedRow],
    segments: Sequence[Segment],
    *,
    width: int = 1000,
    label_width: int = 380,
    right_width: int = 120,
    right_heading: str = "",
    label_chars: int | None = 52,
) -> str:
    """Horizontal bars, each split into ``segments`` by its share of the row's total.

    A percentage axis (0-100%) runs along the top; a segment at least 16 units
    wide shows its count; each segment's tooltip is ``label: count of total``;
    the legend below names each segment.  A row whose total is 0 has no bar.
    """
    bar_w = width - label_width - right_width
    note_x = width - right_width + 40
    top, row_h, gap, legend_h = 34, 22, 8, 40
    height = top + len(rows) * (row_h + gap) + legend_h
    parts = _open(chart_id, width, height, title)
    if any(s.hatch for s in segments):
        parts.append(_hatch_defs(chart_id))
    for pct in (0, 25, 50, 75, 100):
        x = label_width + bar_w * pct / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - legend_h}" '
            f'stroke="{_GRID}" stroke-width="1"/>'
        )
        parts.append(svg_text(x, top - 12, f"{pct}%", anchor="middle", size=11, fill=_MUTED))
    if right_heading:
        parts.append(svg_text(note_x, top - 12, right_heading, size=11, fill=_MUTED))
    for n, row in enumerate(rows):
        y = top + n * (row_h + gap)
        total = sum(row.counts.get(s.key, 0) for s in segments)
        parts.append(f'<g class="bar"{_attrs(row.data)}>')
        parts.append(f"<title>{_e(row.title or row.label)}</title>")
        parts.append(
            svg_text(
                label_width - 10, y + row_h * 0.7, _short(row.label, label_chars), anchor="end"
            )
        )
        x = float(label_width)
        for seg in segments:
            count = row.counts.get(seg.key, 0)
            if not count:
                continue
            w = bar_w * count / total
            tip = _e(f"{seg.label}: {count} of {total}")
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" '
                f'fill="{seg.colour}" stroke="#ffffff" stroke-width="1">'
                f"<title>{tip}</title></rect>"
            )
            if seg.hatch:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" '
                    f'fill="url(#{_e(chart_id)}-hatch)"><title>{tip}</title></rect>'
                )
            if w >= 16:
                parts.append(
                    svg_text(
                        x + w / 2,
                        y + row_h * 0.7,
                        str(count),
                        anchor="middle",
                        fill=seg.text_colour,
                    )
                )
            x += w
        if row.note:
            parts.append(svg_text(note_x, y + row_h * 0.7, row.note))
        parts.append("</g>")
    lx, ly = 20.0, height - legend_h + 14
    for seg in segments:
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" fill="{seg.colour}" '
            'stroke="#888888" stroke-width="0.5"/>'
        )
        if seg.hatch:
            parts.append(
                f'<rect x="{lx:.1f}" y="{ly}" width="14" height="14" '
                f'fill="url(#{_e(chart_id)}-hatch)"/>'
            )
        parts.append(svg_text(lx + 19, ly + 11.5, seg.label, size=11))
        lx += 32 + 6.3 * len(seg.label)
    parts.append("</svg>")
    return "\n".join(parts)


# -- grouped bars --------------------------------------------------------------------


@attrs.frozen
class Tick:
    """A mark on the value axis; ``reference`` draws it as a dashed dark line."""

    value: float
    label: str
    reference: bool = False


@attrs.frozen
class Series:
    """One series of :func:`grouped_bars`: its legend name and colour."""

    name: str
    colour: str


@attrs.frozen
class BarGroup:
    """One group of :func:`grouped_bars`: a label and one value per series (``None``:
    nothing to draw, ``missing_text`` is written instead)."""

    label: str
    values: Sequence[float | None]
    tips: Sequence[str] = ()
    data: Mapping[str, str] = attrs.field(factory=dict)


def grouped_bars(
    chart_id: str,
    title: str,
    groups: Sequence[BarGroup],
    series: Sequence[Series],
    *,
    max_value: float,
    ticks: Sequence[Tick],
    width: int = 1000,
    label_width: int = 380,
    right_width: int = 60,
    bar_height: int = 9,
    missing_text: str = "none",
    value_text: Callable[[float], str] | None = None,
    label_chars: int | None = 52,
    legend: bool = True,
) -> str:
    """Horizontal bars per group, one per series, against an axis from 0 to ``max_value``.

    ``value_text`` (optional) writes each bar's value at its end, so the chart
    reads without colour; tooltips are ``tips`` (default: the series and the
    value).  The legend (two columns) is drawn when ``legend``.
    """
    bar_w = width - label_width - right_width
    k = len(series)
    group_gap, top = 10, 34
    group_h = k * bar_height + group_gap
    show_legend = legend
    legend_rows = (k + 1) // 2 if show_legend else 0
    axis_bottom = top + len(groups) * group_h
    height = axis_bottom + (18 + legend_rows * 20 if show_legend else 8)
    parts = _open(chart_id, width, height, title)
    scale = bar_w / max_value if max_value > 0 else 0.0
    for tick in ticks:
        x = label_width + tick.value * scale
        dash = ' stroke-dasharray="6 4"' if tick.reference else ""
        colour = "#1a1a1a" if tick.reference else _GRID
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{axis_bottom}" '
            f'stroke="{colour}" stroke-width="1"{dash}/>'
        )
        parts.append(svg_text(x, top - 12, tick.label, anchor="middle", size=11, fill=_MUTED))
    for n, group in enumerate(groups):
        y0 = top + n * group_h
        parts.append(f'<g class="group"{_attrs(group.data)}>')
        parts.append(
            svg_text(
                label_width - 10,
                y0 + k * bar_height / 2 + 4,
                _short(group.label, label_chars),
                anchor="end",
            )
        )
        for i, value in enumerate(group.values):
            y = y0 + i * bar_height
            colour = series[i % len(series)].colour
            if value is None:
                parts.append(
                    svg_text(label_width + 4, y + bar_height - 1, missing_text, size=9, fill=_MUTED)
                )
                continue
            w = max(value * scale, 1.5)
            tip = group.tips[i] if i < len(group.tips) else f"{series[i].name}: {value:g}"
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height - 1}" '
                f'fill="{colour}"><title>{_e(tip)}</title></rect>'
            )
            if value_text is not None:
                parts.append(
                    svg_text(
                        label_width + w + 4,
                        y + bar_height - 1,
                        value_text(value),
                        size=min(11, bar_height + 1),
                    )
                )
        parts.append("</g>")
    if show_legend:
        ly = axis_bottom + 18
        for i, s in enumerate(series):
            lx = label_width + (i % 2) * (bar_w / 2)
            y = ly + (i // 2) * 20
            parts.append(f'<rect x="{lx:.1f}" y="{y}" width="14" height="12" fill="{s.colour}"/>')
            parts.append(svg_text(lx + 19, y + 10.5, _short(s.name, 48), size=11))
    parts.append("</svg>")
    return "\n".join(parts)
