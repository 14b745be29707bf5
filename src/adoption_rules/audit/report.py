"""Reports on one or more audits: HTML, Markdown or JSON.

What a report holds, for the audits given:

* a header naming each audit: agency, region, date, and who completed it
  (the report's author; the only place that name appears);
* the ratings by element, for the latest audit of each agency: a stacked bar
  per element (HTML: an inline SVG chart; Markdown and JSON: the counts),
  with each element's standing against the exemplar (:class:`Standing`);
* the action plan of the latest audit of each agency: every sub-element with
  next-step actions or a priority, ordered by priority (4, the highest,
  first; unallocated last), then in the audit tool's order;
* the sub-elements not yet assessed (blank rating);
* with two or more audits of one agency: what changed, sub-element by
  sub-element, between the latest audit and the one before it
  (:class:`Change`), and a score chart with every audit;
* with audits of several agencies: each agency's standing per element
  against the exemplar, side by side (latest audit of each).

The HTML is one self-contained file: inline CSS and SVG, no script, no
fonts or images fetched.  Every piece of text is escaped with
:func:`html.escape`.  Audits are grouped by agency name, ignoring case and
spacing.
"""

from __future__ import annotations

import datetime as _dt
import enum
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Final

import attrs

from adoption_rules.audit.elements import (
    AUDIT_TOOL_CITATION,
    ELEMENTS,
    SUB_ELEMENT_IDS,
    Element,
    sub_element,
)
from adoption_rules.audit.model import Audit, AuditEntry, AuditError, Rating
from adoption_rules.core.charts import (
    SERIES,
    BarGroup,
    Segment,
    Series,
    StackedRow,
    Tick,
    grouped_bars,
    stacked_bars,
)

__all__ = [
    "FORMATS",
    "Change",
    "ElementSummary",
    "ReportPlan",
    "Standing",
    "SubElementChange",
    "action_plan",
    "change_headline",
    "compare",
    "element_summaries",
    "gaps",
    "plan_report",
    "render_html",
    "render_json",
    "render_markdown",
    "render_report",
]

#: The formats :func:`render_report` knows.
FORMATS: Final = ("html", "md", "json")

#: The score at which an element matches the exemplar services.
EXEMPLAR_SCORE: Final = Rating.MATCHES_EXEMPLAR.score


class Standing(enum.Enum):
    """An element's standing against the exemplar, from its rated sub-elements.

    ``below_exemplar`` when any rated sub-element is not present or partially
    present; ``exceeds_exemplar`` when every rated one exceeds it;
    ``matches_exemplar`` otherwise; ``not_assessed`` when none is rated.
    """

    BELOW_EXEMPLAR = "below_exemplar"
    MATCHES_EXEMPLAR = "matches_exemplar"
    EXCEEDS_EXEMPLAR = "exceeds_exemplar"
    NOT_ASSESSED = "not_assessed"

    @property
    def label(self) -> str:
        return _STANDING_LABELS[self]


_STANDING_LABELS: Final[Mapping[Standing, str]] = MappingProxyType(
    {
        Standing.BELOW_EXEMPLAR: "Below the exemplar",
        Standing.MATCHES_EXEMPLAR: "Matches the exemplar",
        Standing.EXCEEDS_EXEMPLAR: "Exceeds the exemplar",
        Standing.NOT_ASSESSED: "Not assessed",
    }
)


class Change(enum.Enum):
    """How a sub-element's rating moved from one audit to the next."""

    IMPROVED = "improved"
    WORSE = "worse"
    SAME = "same"
    NOT_COMPARABLE = "not_comparable"  # blank (not yet assessed) in one of the two

    @property
    def label(self) -> str:
        return _CHANGE_LABELS[self]


_CHANGE_LABELS: Final[Mapping[Change, str]] = MappingProxyType(
    {
        Change.IMPROVED: "Improved",
        Change.WORSE: "Worse",
        Change.SAME: "Same",
        Change.NOT_COMPARABLE: "Not comparable (not assessed in one audit)",
    }
)


@attrs.frozen
class ElementSummary:
    """The ratings of one element's sub-elements in one audit."""

    element: int
    not_present: int
    partially_present: int
    matches_exemplar: int
    exceeds_exemplar: int
    not_assessed: int
    score: float | None  # mean score of the rated sub-elements, 0-3
    standing: Standing

    @property
    def total(self) -> int:
        return (
            self.not_present
            + self.partially_present
            + self.matches_exemplar
            + self.exceeds_exemplar
            + self.not_assessed
        )

    def count(self, rating: Rating | None) -> int:
        """How many sub-elements have ``rating`` (``None``: not yet assessed)."""
        if rating is None:
            return self.not_assessed
        value: int = getattr(self, rating.value)
        return value


@attrs.frozen
class SubElementChange:
    """One sub-element's ratings in two audits of the same agency."""

    sub_element: str
    before: Rating | None
    after: Rating | None
    change: Change


def element_summaries(audit: Audit) -> tuple[ElementSummary, ...]:
    """One :class:`ElementSummary` per element, in order."""
    out = []
    for element in ELEMENTS:
        ratings = [audit.entry(i).rating for i in element.ids]
        rated = [r for r in ratings if r is not None]
        if not rated:
            standing = Standing.NOT_ASSESSED
        elif any(r.score < EXEMPLAR_SCORE for r in rated):
            standing = Standing.BELOW_EXEMPLAR
        elif all(r is Rating.EXCEEDS_EXEMPLAR for r in rated):
            standing = Standing.EXCEEDS_EXEMPLAR
        else:
            standing = Standing.MATCHES_EXEMPLAR
        out.append(
            ElementSummary(
                element=element.number,
                not_present=ratings.count(Rating.NOT_PRESENT),
                partially_present=ratings.count(Rating.PARTIALLY_PRESENT),
                matches_exemplar=ratings.count(Rating.MATCHES_EXEMPLAR),
                exceeds_exemplar=ratings.count(Rating.EXCEEDS_EXEMPLAR),
                not_assessed=ratings.count(None),
                score=sum(r.score for r in rated) / len(rated) if rated else None,
                standing=standing,
            )
        )
    return tuple(out)


_ORDER: Final[Mapping[str, int]] = MappingProxyType({i: n for n, i in enumerate(SUB_ELEMENT_IDS)})


def action_plan(audit: Audit) -> tuple[AuditEntry, ...]:
    """Entries with actions or a priority: priority 4 first, unallocated last, then tool order."""
    chosen = [e for e in audit.entries if e.actions.strip() or e.priority is not None]
    return tuple(
        sorted(
            chosen,
            key=lambda e: (-(e.priority or 0), _ORDER[e.sub_element]),
        )
    )


def gaps(audit: Audit) -> tuple[AuditEntry, ...]:
    """Sub-elements rated "Not present" with no action listed, in the tool's order."""
    return tuple(
        e for e in audit.in_seed_order() if e.rating is Rating.NOT_PRESENT and not e.actions.strip()
    )


def change_headline(changes: Sequence[SubElementChange]) -> str:
    """The comparison in a line: ``10 improved, 2 worse`` (then the rest in brackets)."""
    n = {c: sum(1 for x in changes if x.change is c) for c in Change}
    rest = f"{n[Change.SAME]} the same"
    if n[Change.NOT_COMPARABLE]:
        rest += f", {n[Change.NOT_COMPARABLE]} not comparable"
    return f"{n[Change.IMPROVED]} improved, {n[Change.WORSE]} worse ({rest})"


def compare(before: Audit, after: Audit) -> tuple[SubElementChange, ...]:
    """Sub-element by sub-element, how ``after`` differs from ``before`` (tool order)."""
    out = []
    for ident in SUB_ELEMENT_IDS:
        b, a = before.entry(ident).rating, after.entry(ident).rating
        if a is None or b is None:
            change = Change.NOT_COMPARABLE
        elif a.score > b.score:
            change = Change.IMPROVED
        elif a.score < b.score:
            change = Change.WORSE
        else:
            change = Change.SAME
        out.append(SubElementChange(ident, b, a, change))
    return tuple(out)


def _agency_key(audit: Audit) -> str:
    return " ".join(audit.agency.casefold().split())


@attrs.frozen
class ReportPlan:
    """What a report compares, worked out from the audits given.

    ``audits``: all of them, by agency (first-seen order) then date.
    ``current``: the latest audit of each agency.
    ``timelines``: for each agency with two or more audits, (the one before
    the latest, the latest).
    """

    audits: tuple[Audit, ...]
    current: tuple[Audit, ...]
    timelines: tuple[tuple[Audit, Audit], ...]

    @property
    def several_agencies(self) -> bool:
        return len(self.current) > 1


def plan_report(audits: Iterable[Audit]) -> ReportPlan:
    """Group ``audits`` by agency and date; at least one audit is needed."""
    groups: dict[str, list[Audit]] = {}
    for audit in audits:
        groups.setdefault(_agency_key(audit), []).append(audit)
    if not groups:
        raise AuditError("a report needs at least one audit")
    ordered: list[Audit] = []
    current: list[Audit] = []
    timelines: list[tuple[Audit, Audit]] = []
    for group in groups.values():
        group.sort(key=lambda a: a.completed_on)
        ordered.extend(group)
        current.append(group[-1])
        if len(group) > 1:
            timelines.append((group[-2], group[-1]))
    return ReportPlan(tuple(ordered), tuple(current), tuple(timelines))


def render_report(audits: Sequence[Audit], fmt: str = "html") -> str:
    """The report on ``audits`` in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "html":
        return render_html(audits)
    if fmt == "md":
        return render_markdown(audits)
    if fmt == "json":
        return render_json(audits)
    raise AuditError(f"unknown report format {fmt!r} (use one of {', '.join(FORMATS)})")


# --------------------------------------------------------------------------
# Shared wording


_RATING_ORDER: Final[tuple[Rating | None, ...]] = (
    Rating.NOT_PRESENT,
    Rating.PARTIALLY_PRESENT,
    Rating.MATCHES_EXEMPLAR,
    Rating.EXCEEDS_EXEMPLAR,
    None,
)


_SHORT_LABELS: Final[Mapping[Rating | None, str]] = MappingProxyType(
    {
        Rating.NOT_PRESENT: "Not present",
        Rating.PARTIALLY_PRESENT: "Partially",
        Rating.MATCHES_EXEMPLAR: "Matches",
        Rating.EXCEEDS_EXEMPLAR: "Exceeds",
        None: "Not assessed",
    }
)


def _rating_label(rating: Rating | None) -> str:
    return rating.label if rating is not None else "Not yet assessed"


def _rating_class(rating: Rating | None) -> str:
    return rating.value if rating is not None else "not_assessed"


def _audit_name(audit: Audit) -> str:
    return f"{audit.agency}, {audit.completed_on.isoformat()}"


def _title(plan: ReportPlan) -> str:
    if plan.several_agencies:
        return f"Exemplar service audit: {len(plan.current)} agencies compared"
    return f"Exemplar service audit: {plan.current[0].agency}"


def _short(text: str, limit: int) -> str:
    text = text.rstrip(":. ")
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _score_text(score: float | None) -> str:
    return "–" if score is None else f"{score:.1f}"


_SCALE_NOTE: Final = (
    "Each sub-element is rated not present (0), partially present (1), matches the exemplar "
    "services (2) or exceeds them (3); an element's score is the mean of its rated "
    "sub-elements, and 2 is the exemplar benchmark."
)
_SOURCE_NOTE: Final = (
    "Audit tool: Adoption and Special Guardianship Leadership Board, Key Elements of an "
    f"Adoption Support Service, summary and audit tool ({AUDIT_TOOL_CITATION})."
)


# --------------------------------------------------------------------------
# HTML

_COLOURS: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
        "not_present": "#D55E00",
        "partially_present": "#E69F00",
        "matches_exemplar": "#009E73",
        "exceeds_exemplar": "#0072B2",
        "not_assessed": "#D9D9D9",
    }
)
_TEXT_ON: Final[Mapping[str, str]] = MappingProxyType(
    {
        "not_present": "#FFFFFF",
        "partially_present": "#1A1A1A",
        "matches_exemplar": "#FFFFFF",
        "exceeds_exemplar": "#FFFFFF",
        "not_assessed": "#1A1A1A",
    }
)
_CSS: Final = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1100px; padding: 24px;
  line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.6em; margin: 0 0 .4em; }
h2 { font-size: 1.25em; margin: 1.8em 0 .5em; border-bottom: 2px solid #1a1a1a; }
h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; }
th, td { border: 1px solid #c8c8c8; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
tbody tr:nth-child(even) td { background: #fafafa; }
td.num, th.num { text-align: right; white-space: nowrap; }
.meta th { width: 14em; }
table.ratings td:nth-child(2), table.agencies td:first-child { min-width: 18em; }
.badge { display: inline-block; padding: 1px 7px; border-radius: 9px; font-size: .9em;
  white-space: nowrap; }
.note { color: #444; font-size: .92em; }
.prefill { color: #444; font-size: .85em; margin-top: .3em; }
.cite { color: #555; font-size: .85em; }
.chart { width: 100%; height: auto; display: block; margin: .3em 0 1em; }
details { margin: .3em 0; }
summary { cursor: pointer; font-weight: 600; }
.up { color: #006d4e; font-weight: 600; }
.down { color: #b04500; font-weight: 600; }
footer { margin-top: 2.5em; color: #555; font-size: .85em; }
@media print { body { padding: 0; } details { break-inside: avoid; } }
"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _badge(css_class: str, label: str) -> str:
    bg, fg = _COLOURS[css_class], _TEXT_ON[css_class]
    return (
        f'<span class="badge r-{_e(css_class)}" style="background:{bg};color:{fg}">'
        f"{_e(label)}</span>"
    )


def _rating_badge(rating: Rating | None) -> str:
    return _badge(_rating_class(rating), _rating_label(rating))


def _standing_badge(standing: Standing) -> str:
    key = {
        Standing.BELOW_EXEMPLAR: "partially_present",
        Standing.MATCHES_EXEMPLAR: "matches_exemplar",
        Standing.EXCEEDS_EXEMPLAR: "exceeds_exemplar",
        Standing.NOT_ASSESSED: "not_assessed",
    }[standing]
    return _badge(key, standing.label)


def _stacked_chart(audit: Audit, chart_id: str) -> str:
    """Horizontal stacked bars: the share of each element's sub-elements in each rating."""
    segments = [
        Segment(
            _rating_class(r),
            _rating_label(r),
            _COLOURS[_rating_class(r)],
            _TEXT_ON[_rating_class(r)],
        )
        for r in _RATING_ORDER
    ]
    rows = [
        StackedRow(
            f"{element.number}. {_short(element.wording, 52)}",
            {_rating_class(r): summary.count(r) for r in _RATING_ORDER},
            note=(
                f"{_score_text(summary.score)}  {'✓' if summary.standing in _AT_OR_ABOVE else ''}"
            ),
            title=f"{element.number}. {element.wording}",
            data={"element": str(element.number)},
        )
        for element, summary in zip(ELEMENTS, element_summaries(audit), strict=True)
    ]
    return stacked_bars(
        chart_id,
        f"Ratings by element: {_audit_name(audit)}",
        rows,
        segments,
        right_heading="score (0-3)",
        label_chars=None,
    )


_AT_OR_ABOVE: Final = frozenset({Standing.MATCHES_EXEMPLAR, Standing.EXCEEDS_EXEMPLAR})


def _score_chart(audits: Sequence[Audit], chart_id: str) -> str:
    """Grouped horizontal bars: each audit's mean score per element, with the exemplar line."""
    summaries = [element_summaries(a) for a in audits]
    groups = [
        BarGroup(
            f"{element.number}. {_short(element.wording, 52)}",
            [summaries[i][n].score for i in range(len(audits))],
            [
                f"{_audit_name(audit)}: {_score_text(summaries[i][n].score)}"
                for i, audit in enumerate(audits)
            ],
            data={"element": str(element.number)},
        )
        for n, element in enumerate(ELEMENTS)
    ]
    series = [Series(_audit_name(audit), SERIES[i % len(SERIES)]) for i, audit in enumerate(audits)]
    ticks = [
        Tick(
            score,
            f"{score} exemplar" if score == EXEMPLAR_SCORE else str(score),
            reference=score == EXEMPLAR_SCORE,
        )
        for score in range(4)
    ]
    return grouped_bars(
        chart_id,
        "Score by element (0-3; 2 matches the exemplar)",
        groups,
        series,
        max_value=3,
        ticks=ticks,
        missing_text="not assessed",
        label_chars=None,
    )


def _html_header(plan: ReportPlan) -> str:
    rows = []
    for audit in plan.audits:
        rows.append(
            "<tr>"
            f"<td>{_e(audit.agency)}</td>"
            f"<td>{_e(audit.region or '')}</td>"
            f"<td>{_e(audit.completed_on.isoformat())}</td>"
            f"<td>{_e(audit.completed_by)}</td>"
            "</tr>"
        )
    return (
        f"<header><h1>{_e(_title(plan))}</h1>"
        '<table class="meta"><thead><tr><th>Agency</th><th>Region</th><th>Completed on</th>'
        "<th>Completed by (report author)</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        f'<p class="note">{_e(_SCALE_NOTE)}</p></header>'
    )


def _html_ratings(plan: ReportPlan) -> str:
    out = ['<section id="ratings"><h2>Ratings by element</h2>']
    for n, audit in enumerate(plan.current):
        out.append(f"<h3>{_e(_audit_name(audit))}</h3>")
        out.append(_stacked_chart(audit, f"ratings-chart-{n + 1}"))
        rows = []
        for element, s in zip(ELEMENTS, element_summaries(audit), strict=True):
            counts = "".join(f'<td class="num">{s.count(r)}</td>' for r in _RATING_ORDER)
            rows.append(
                f"<tr><td>{element.number}</td><td>{_e(element.wording)}</td>{counts}"
                f'<td class="num">{_score_text(s.score)}</td><td>{_standing_badge(s.standing)}</td>'
                "</tr>"
            )
        heads = "".join(f'<th class="num">{_e(_SHORT_LABELS[r])}</th>' for r in _RATING_ORDER)
        out.append(
            f'<table class="ratings"><thead><tr><th>#</th><th>Element</th>{heads}'
            '<th class="num">Score</th><th>Standing</th></tr></thead><tbody>'
            + "".join(rows)
            + "</tbody></table>"
        )
    if len(plan.audits) > 1:
        out.append("<h3>Score by element, every audit</h3>")
        out.append(_score_chart(plan.audits, "score-chart"))
    out.append("</section>")
    return "\n".join(out)


def _html_gaps(plan: ReportPlan) -> str:
    out = ['<section id="gaps"><h2>Gaps: not present, and no action listed</h2>']
    any_gap = False
    for audit in plan.current:
        found = gaps(audit)
        name = _e(_audit_name(audit))
        if not found:
            out.append(f'<p class="note">{name}: none.</p>')
            continue
        any_gap = True
        items = "".join(
            f"<li><strong>{_e(e.sub_element)}</strong>: {_e(sub_element(e.sub_element).wording)}"
            "</li>"
            for e in found
        )
        out.append(
            f"<p>{name}: {len(found)} sub-element(s) rated not present have no action in the "
            f"plan.</p><ul>{items}</ul>"
        )
    if not any_gap and not plan.several_agencies:
        return ""
    out.append("</section>")
    return "\n".join(out)


def _progress_cell(entry: AuditEntry) -> str:
    return _e(entry.progress) if entry.progress else '<span class="note">not recorded</span>'


def _html_action_plan(plan: ReportPlan) -> str:
    out = ['<section id="action-plan"><h2>Action plan</h2>']
    out.append(
        '<p class="note">Sub-elements with next-step actions or a priority, highest priority '
        "(4) first, then in the audit tool's order: who owns each action, by when, and how far "
        "it has got.</p>"
    )
    for audit in plan.current:
        if plan.several_agencies:
            out.append(f"<h3>{_e(_audit_name(audit))}</h3>")
        entries = action_plan(audit)
        if not entries:
            out.append('<p class="note">No actions or priorities recorded.</p>')
            continue
        rows = []
        for entry in entries:
            sub = sub_element(entry.sub_element)
            rows.append(
                "<tr>"
                f'<td class="num">{entry.priority if entry.priority is not None else "–"}</td>'
                f"<td>{_e(entry.sub_element)}</td>"
                f"<td>{_e(sub.wording)}</td>"
                f"<td>{_rating_badge(entry.rating)}</td>"
                f"<td>{_e(entry.actions)}</td>"
                f"<td>{_e(entry.owner) if entry.owner else '–'}</td>"
                f"<td>{_e(entry.target_date.isoformat()) if entry.target_date else '–'}</td>"
                f"<td>{_progress_cell(entry)}</td>"
                "</tr>"
            )
        out.append(
            '<table class="action-plan"><thead><tr><th class="num">Priority</th><th>Id</th>'
            "<th>Sub-element</th><th>Rating</th><th>Next step actions</th><th>Owner</th>"
            "<th>Target date</th><th>Progress</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
        prefilled = [e for e in audit.in_seed_order() if e.prefilled_from]
        if prefilled:
            items = "".join(
                f"<li>{_e(e.sub_element)}: {_e(e.prefilled_from or '')}</li>" for e in prefilled
            )
            out.append(
                '<details class="prefill"><summary>Where pre-filled ratings came from '
                f"({len(prefilled)})</summary><ul>{items}</ul></details>"
            )
    out.append("</section>")
    return "\n".join(out)


def _html_not_assessed(plan: ReportPlan) -> str:
    out = ['<section id="not-assessed"><h2>Not yet assessed</h2>']
    for audit in plan.current:
        ids = audit.not_yet_assessed()
        name = _e(_audit_name(audit))
        if ids:
            items = "".join(f"<li>{_e(i)}: {_e(sub_element(i).wording)}</li>" for i in ids)
            out.append(
                f"<p>{name}: {len(ids)} sub-element(s) have no rating yet.</p><ul>{items}</ul>"
            )
        else:
            out.append(f"<p>{name}: every sub-element is rated.</p>")
    out.append("</section>")
    return "\n".join(out)


def _change_cell(change: Change) -> str:
    cls = {Change.IMPROVED: "up", Change.WORSE: "down"}.get(change, "")
    mark = {Change.IMPROVED: "▲ ", Change.WORSE: "▼ ", Change.SAME: "= "}.get(change, "")
    return f'<td class="change {change.value} {cls}">{_e(mark + change.label)}</td>'


def _html_changes(plan: ReportPlan) -> str:
    if not plan.timelines:
        return ""
    out = ['<section id="changes"><h2>What changed</h2>']
    for before, after in plan.timelines:
        changes = compare(before, after)
        counts = {c: sum(1 for x in changes if x.change is c) for c in Change}
        out.append(
            f"<h3>{_e(after.agency)}: {_e(before.completed_on.isoformat())} to "
            f"{_e(after.completed_on.isoformat())}</h3>"
        )
        out.append(f'<p class="headline"><strong>{_e(change_headline(changes))}</strong></p>')
        out.append("<p>" + "; ".join(f"{_e(c.label)}: {counts[c]}" for c in Change) + "</p>")
        rows = [
            "<tr>"
            f"<td>{_e(c.sub_element)}</td><td>{_e(sub_element(c.sub_element).wording)}</td>"
            f"<td>{_rating_badge(c.before)}</td><td>{_rating_badge(c.after)}</td>"
            f"{_change_cell(c.change)}</tr>"
            for c in changes
        ]
        out.append(
            '<table class="changes"><thead><tr><th>Id</th><th>Sub-element</th>'
            f"<th>{_e(before.completed_on.isoformat())}</th>"
            f"<th>{_e(after.completed_on.isoformat())}</th><th>Change</th></tr></thead><tbody>"
            + "".join(rows)
            + "</tbody></table>"
        )
    out.append("</section>")
    return "\n".join(out)


def _html_agencies(plan: ReportPlan) -> str:
    if not plan.several_agencies:
        return ""
    summaries = [element_summaries(a) for a in plan.current]
    heads = "".join(f"<th>{_e(_audit_name(a))}</th>" for a in plan.current)
    rows = []
    for n, element in enumerate(ELEMENTS):
        cells = "".join(
            f"<td>{_standing_badge(s[n].standing)} "
            f'<span class="note">score {_score_text(s[n].score)}</span></td>'
            for s in summaries
        )
        rows.append(f"<tr><td>{element.number}. {_e(_short(element.wording, 70))}</td>{cells}</tr>")
    return (
        '<section id="agencies"><h2>Agencies against the exemplar</h2>'
        '<p class="note">The latest audit of each agency. An element is below the exemplar '
        "when any rated sub-element is not present or only partially present.</p>"
        f'<table class="agencies"><thead><tr><th>Element</th>{heads}</tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table></section>"
    )


def _html_about(element: Element) -> str:
    subs = "".join(
        f"<li>{_e(s.id)}: {_e(s.wording)}</li>" for s in element.sub_elements if s.id != "8"
    )
    own = ""
    for s in element.sub_elements:
        if s.why_needed:
            own += (
                f"<h4>{_e(s.section)}</h4>"
                f"<p><strong>Why is this needed?</strong> {_e(s.why_needed)}</p>"
                f"<p><strong>Exemplar approaches.</strong> {_e(s.exemplar or '')}</p>"
                f'<p class="cite">{_e(s.citation or "")}</p>'
            )
    return (
        f"<details><summary>{element.number}. {_e(element.wording)}</summary>"
        + (f"<ul>{subs}</ul>" if subs else "")
        + f"<p><strong>Why is this needed?</strong> {_e(element.why_needed)}</p>"
        f"<p><strong>Exemplar approaches.</strong> {_e(element.exemplar)}</p>"
        f'<p class="cite">{_e(element.citation)}; section {_e(element.section)}</p>'
        f"{own}</details>"
    )


def render_html(audits: Sequence[Audit]) -> str:
    """One self-contained HTML page (inline CSS and SVG, no script, nothing fetched)."""
    plan = plan_report(audits)
    body = [
        _html_header(plan),
        _html_gaps(plan),
        _html_ratings(plan),
        _html_action_plan(plan),
        _html_not_assessed(plan),
        _html_changes(plan),
        _html_agencies(plan),
        '<section id="elements"><h2>The elements and why they matter</h2>'
        '<p class="note">Summaries of the survey\'s "Why is this needed?" and exemplar '
        "approaches; the citation says where to read the full text.</p>"
        + "".join(_html_about(e) for e in ELEMENTS)
        + "</section>",
        f"<footer><p>{_e(_SOURCE_NOTE)}</p><p>Generated by adoption-rules.</p></footer>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(_title(plan))}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(b for b in body if b)
        + "\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------
# Markdown


def _md(text: str) -> str:
    """Text safe in a Markdown table cell: escaped HTML, no pipes, no line breaks."""
    text = html.escape(text, quote=False).replace("|", "\\|")
    return " <br> ".join(line.strip() for line in text.splitlines()) or ""


def render_markdown(audits: Sequence[Audit]) -> str:
    """The report as Markdown (GitHub-flavoured tables; no chart)."""
    plan = plan_report(audits)
    out = [f"# {_md(_title(plan))}", ""]
    out += [
        "| Agency | Region | Completed on | Completed by (report author) |",
        "|---|---|---|---|",
    ]
    for a in plan.audits:
        out.append(
            f"| {_md(a.agency)} | {_md(a.region or '')} | {a.completed_on.isoformat()} | "
            f"{_md(a.completed_by)} |"
        )
    out += ["", _SCALE_NOTE, ""]
    gap_lines = [
        f"- {_md(_audit_name(a))}, {e.sub_element}: {_md(sub_element(e.sub_element).wording)}"
        for a in plan.current
        for e in gaps(a)
    ]
    if gap_lines:
        out += ["## Gaps: not present, and no action listed", "", *gap_lines, ""]
    out += ["## Ratings by element", ""]
    heads = " | ".join(_rating_label(r) for r in _RATING_ORDER)
    for audit in plan.current:
        out += [f"### {_md(_audit_name(audit))}", ""]
        out += [f"| # | Element | {heads} | Score | Standing |", "|---|---|" + "---:|" * 6 + "---|"]
        for element, s in zip(ELEMENTS, element_summaries(audit), strict=True):
            counts = " | ".join(str(s.count(r)) for r in _RATING_ORDER)
            out.append(
                f"| {element.number} | {_md(element.wording)} | {counts} | "
                f"{_score_text(s.score)} | {s.standing.label} |"
            )
        out.append("")
    out += [
        "## Action plan",
        "",
        "Sub-elements with next-step actions or a priority, highest priority (4) first, then in "
        "the audit tool's order.",
        "",
    ]
    for audit in plan.current:
        if plan.several_agencies:
            out += [f"### {_md(_audit_name(audit))}", ""]
        entries = action_plan(audit)
        if not entries:
            out += ["No actions or priorities recorded.", ""]
            continue
        out += [
            "| Priority | Id | Sub-element | Rating | Next step actions | Owner | Target date "
            "| Progress |",
            "|---:|---|---|---|---|---|---|---|",
        ]
        for e in entries:
            target = e.target_date.isoformat() if e.target_date else "–"
            out.append(
                f"| {e.priority if e.priority is not None else '–'} | {e.sub_element} | "
                f"{_md(sub_element(e.sub_element).wording)} | {_rating_label(e.rating)} | "
                f"{_md(e.actions)} | {_md(e.owner or '–')} | {target} | "
                f"{_md(e.progress or 'not recorded')} |"
            )
        out.append("")
        prefilled = [e for e in audit.in_seed_order() if e.prefilled_from]
        if prefilled:
            out += ["Where pre-filled ratings came from:", ""]
            out += [f"- {e.sub_element}: {_md(e.prefilled_from or '')}" for e in prefilled]
            out.append("")
    out += ["## Not yet assessed", ""]
    for audit in plan.current:
        ids = audit.not_yet_assessed()
        if ids:
            out.append(f"- {_md(_audit_name(audit))}: {', '.join(ids)}")
        else:
            out.append(f"- {_md(_audit_name(audit))}: every sub-element is rated.")
    out.append("")
    if plan.timelines:
        out += ["## What changed", ""]
        for before, after in plan.timelines:
            changes = compare(before, after)
            out += [
                f"### {_md(after.agency)}: {before.completed_on.isoformat()} to "
                f"{after.completed_on.isoformat()}",
                "",
                f"**{change_headline(changes)}**",
                "",
                "; ".join(f"{c.label}: {sum(1 for x in changes if x.change is c)}" for c in Change),
                "",
                f"| Id | Sub-element | {before.completed_on.isoformat()} | "
                f"{after.completed_on.isoformat()} | Change |",
                "|---|---|---|---|---|",
            ]
            for c in changes:
                out.append(
                    f"| {c.sub_element} | {_md(sub_element(c.sub_element).wording)} | "
                    f"{_rating_label(c.before)} | {_rating_label(c.after)} | {c.change.label} |"
                )
            out.append("")
    if plan.several_agencies:
        out += ["## Agencies against the exemplar", ""]
        names = " | ".join(_md(_audit_name(a)) for a in plan.current)
        out += [f"| Element | {names} |", "|---|" + "---|" * len(plan.current)]
        summaries = [element_summaries(a) for a in plan.current]
        for n, element in enumerate(ELEMENTS):
            cells = " | ".join(
                f"{s[n].standing.label} ({_score_text(s[n].score)})" for s in summaries
            )
            out.append(f"| {element.number}. {_md(_short(element.wording, 70))} | {cells} |")
        out.append("")
    out += [_SOURCE_NOTE, ""]
    return "\n".join(out)


# --------------------------------------------------------------------------
# JSON


def _entry_json(e: AuditEntry) -> dict[str, object]:
    return {
        "sub_element": e.sub_element,
        "rating": e.rating.value if e.rating else None,
        "actions": e.actions,
        "priority": e.priority,
        "prefilled_from": e.prefilled_from,
        "owner": e.owner,
        "target_date": e.target_date.isoformat() if e.target_date else None,
        "progress": e.progress,
    }


def _summary_json(s: ElementSummary) -> dict[str, object]:
    return {
        "element": s.element,
        "counts": {_rating_class(r): s.count(r) for r in _RATING_ORDER},
        "score": None if s.score is None else round(s.score, 3),
        "standing": s.standing.value,
    }


def _audit_json(a: Audit, *, current: bool) -> dict[str, object]:
    return {
        "agency": a.agency,
        "region": a.region,
        "completed_on": a.completed_on.isoformat(),
        "completed_by": a.completed_by,
        "latest": current,
        "entries": [_entry_json(e) for e in a.in_seed_order()],
        "elements": [_summary_json(s) for s in element_summaries(a)],
        "action_plan": [e.sub_element for e in action_plan(a)],
        "not_yet_assessed": list(a.not_yet_assessed()),
        "gaps": [e.sub_element for e in gaps(a)],
    }


def _date(d: _dt.date) -> str:
    return d.isoformat()


def render_json(audits: Sequence[Audit]) -> str:
    """The report as JSON: every audit with its summaries, the changes, the comparison."""
    plan = plan_report(audits)
    current_ids = {id(a) for a in plan.current}
    doc: dict[str, object] = {
        "report": "exemplar_service_audit",
        "source": AUDIT_TOOL_CITATION,
        "audits": [_audit_json(a, current=id(a) in current_ids) for a in plan.audits],
        "changes": [
            {
                "agency": after.agency,
                "from": _date(before.completed_on),
                "to": _date(after.completed_on),
                "headline": change_headline(compare(before, after)),
                "sub_elements": [
                    {
                        "sub_element": c.sub_element,
                        "before": c.before.value if c.before else None,
                        "after": c.after.value if c.after else None,
                        "change": c.change.value,
                    }
                    for c in compare(before, after)
                ],
            }
            for before, after in plan.timelines
        ],
        "agencies": [
            {
                "agency": a.agency,
                "completed_on": _date(a.completed_on),
                "standing": {str(s.element): s.standing.value for s in element_summaries(a)},
            }
            for a in plan.current
        ]
        if plan.several_agencies
        else [],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
