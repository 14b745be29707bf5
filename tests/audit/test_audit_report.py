"""Reports: standings, the action plan's order, comparisons, and safe self-contained HTML."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from adoption_rules.audit import (
    SUB_ELEMENT_IDS,
    Audit,
    AuditEntry,
    AuditError,
    Change,
    Rating,
    Standing,
    action_plan,
    compare,
    element_summaries,
    plan_report,
    read_audit,
    render_html,
    render_json,
    render_markdown,
    render_report,
)

N, P, M, X = tuple(Rating)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
AUTHOR = "Service Manager (Adoption Support)"


def _audit(
    ratings: dict[str, Rating | None] | None = None,
    *,
    default: Rating | None = M,
    agency: str = "Example RAA",
    day: dt.date = dt.date(2026, 4, 1),
    actions: dict[str, tuple[str, int | None]] | None = None,
    completed_by: str = AUTHOR,
) -> Audit:
    ratings = ratings or {}
    actions = actions or {}
    return Audit(
        agency=agency,
        completed_by=completed_by,
        completed_on=day,
        entries=tuple(
            AuditEntry(
                i,
                rating=ratings.get(i, default),
                actions=actions.get(i, ("", None))[0],
                priority=actions.get(i, ("", None))[1],
            )
            for i in SUB_ELEMENT_IDS
        ),
    )


# --------------------------------------------------------------------------
# Analysis


def test_element_standing_and_score() -> None:
    audit = _audit(
        {"1a": N, "1b": X, "2a": X, "2b": X, "2c": X, "2d": X, "3a": None, "3b": None, "3c": None}
    )
    s = {x.element: x for x in element_summaries(audit)}
    assert s[1].standing is Standing.BELOW_EXEMPLAR
    assert (s[1].not_present, s[1].exceeds_exemplar, s[1].matches_exemplar) == (1, 1, 3)
    assert s[1].score == pytest.approx((0 + 3 + 2 + 2 + 2) / 5)
    assert s[2].standing is Standing.EXCEEDS_EXEMPLAR
    assert s[3].standing is Standing.NOT_ASSESSED and s[3].score is None
    assert s[3].not_assessed == 3
    assert s[4].standing is Standing.MATCHES_EXEMPLAR
    assert s[8].total == 1


def test_partly_assessed_element_is_judged_on_its_rated_sub_elements() -> None:
    s = element_summaries(_audit({"4a": None, "4b": X}))
    assert s[3].standing is Standing.EXCEEDS_EXEMPLAR
    assert (s[3].not_assessed, s[3].score) == (1, 3.0)


def test_action_plan_order_priority_first_then_tool_order() -> None:
    audit = _audit(
        actions={
            "17b": ("Work with partners", 4),
            "2a": ("Project need", 2),
            "1a": ("Outcomes", 2),
            "9d": ("Faster ASF applications", 4),
            "8": ("Measure time to assessment", None),
            "16a": ("", 3),  # a priority without actions is still on the plan
            "5b": ("Update the website", 1),
        }
    )
    assert [e.sub_element for e in action_plan(audit)] == [
        "9d",
        "17b",
        "16a",
        "1a",
        "2a",
        "5b",
        "8",
    ]


def test_compare_two_audits() -> None:
    before = _audit({"1a": N, "1b": P, "1c": M, "1d": None, "1e": X}, day=dt.date(2026, 3, 1))
    after = _audit({"1a": P, "1b": P, "1c": N, "1d": M, "1e": None}, day=dt.date(2027, 3, 1))
    changes = {c.sub_element: c for c in compare(before, after)}
    assert [changes[i].change for i in ("1a", "1b", "1c", "1d", "1e", "2a")] == [
        Change.IMPROVED,
        Change.SAME,
        Change.WORSE,
        Change.NOT_COMPARABLE,
        Change.NOT_COMPARABLE,
        Change.SAME,
    ]
    assert (changes["1c"].before, changes["1c"].after) == (M, N)


def test_plan_groups_by_agency_and_date() -> None:
    a26 = _audit(agency="Together4Children", day=dt.date(2026, 3, 1))
    a27 = _audit(agency="together4children ", day=dt.date(2027, 3, 1))  # same agency
    b = _audit(agency="Adoption West", day=dt.date(2026, 6, 1))
    plan = plan_report([a27, b, a26])
    assert plan.audits == (a26, a27, b)
    assert plan.current == (a27, b)
    assert plan.timelines == ((a26, a27),)
    assert plan.several_agencies
    with pytest.raises(AuditError, match="at least one audit"):
        plan_report([])


# --------------------------------------------------------------------------
# HTML


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html_text: str) -> _Collector:
    c = _Collector()
    c.feed(html_text)
    return c


def _examples() -> list[Audit]:
    return [
        read_audit(EXAMPLES / "audit-together4children.csv"),
        read_audit(EXAMPLES / "audit-together4children-2027.csv"),
    ]


def test_html_is_self_contained() -> None:
    page = render_html(_examples())
    c = _parse(page)
    assert "script" not in c.tags
    assert "link" not in c.tags and "img" not in c.tags and "iframe" not in c.tags
    for name, value in c.attrs:
        if name in ("src", "href") and value:
            assert not re.match(r"(https?:)?//", value), value
    assert "@import" not in page and "url(" not in page
    assert c.tags.count("svg") == 2  # ratings of the latest audit, scores of both
    assert "style" in c.tags
    assert page.startswith("<!DOCTYPE html>")


def test_html_chart_has_a_bar_per_element_and_the_legend() -> None:
    page = render_html([_audit({"1a": N, "1b": P})])
    chart = page[page.index('<svg class="chart" id="ratings-chart-1"') : page.index("</svg>")]
    assert len(re.findall(r'<g class="bar" data-element="\d+">', chart)) == 17
    assert "Not present: 1 of 5" in chart
    assert "Partially present: 1 of 5" in chart
    assert "Matches exemplar services: 3 of 5" in chart
    for label in ("Not present", "Partially present", "Exceeds exemplar services"):
        assert f">{label}</text>" in chart


def test_html_escapes_everything_typed() -> None:
    nasty = '<script>alert("x")</script> & co'
    audit = _audit(
        agency="<b>Agency</b>",
        actions={"1a": (nasty, 4)},
        completed_by="<i>Manager</i>",
    )
    page = render_html([audit])
    assert "<script>" not in page
    assert "<b>Agency</b>" not in page and "<i>Manager</i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "&lt;b&gt;Agency&lt;/b&gt;" in page
    assert "script" not in _parse(page).tags


def test_html_action_plan_table_in_priority_order() -> None:
    page = render_html(_examples()[1:])
    table = page[page.index('<table class="action-plan">') :]
    table = table[: table.index("</table>")]
    ids = re.findall(r'<td class="num">(?:\d|–)</td><td>([0-9a-e]+)</td>', table)
    assert ids == ["9b", "12d", "1c", "13b", "16b", "1e", "11b", "15c", "17a", "8"]
    # Each action has its owner, target date and progress; pre-fill notes stay out of it.
    assert "<th>Owner</th><th>Target date</th><th>Progress</th>" in table
    row_9b = re.search(r"<td>9b</td>.*?</tr>", table)
    assert row_9b is not None
    assert (
        "<td>Head of Adoption Support</td><td>2027-06-30</td>"
        "<td>Bid to the Adoption Support Fund drafted</td>"
    ) in row_9b.group(0)
    assert "not recorded" in table
    assert "PRE-FILLED" not in table
    after = page[page.index("</table>", page.index('<table class="action-plan">')) :]
    assert "Where pre-filled ratings came from" in after[: after.index("</section>")]
    assert "PRE-FILLED from the together4children rules" in after[: after.index("</section>")]


def test_gaps_come_first() -> None:
    audit = _audit({"3a": N})
    page = render_html([audit])
    assert page.index('<section id="gaps">') < page.index('<section id="ratings"')
    gaps_html = page[page.index('<section id="gaps">') :]
    gaps_html = gaps_html[: gaps_html.index("</section>")]
    assert "<strong>3a</strong>" in gaps_html
    assert "1 sub-element(s) rated not present have no action" in gaps_html
    # A not-present sub-element with an action is in the plan, not among the gaps.
    planned = _audit({"3a": N}, actions={"3a": ("Commission a service", 3)})
    assert '<section id="gaps">' not in render_html([planned])
    assert json.loads(render_json([audit]))["audits"][0]["gaps"] == ["3a"]
    assert "## Gaps: not present, and no action listed" in render_markdown([audit])


def test_completed_by_appears_in_the_header_only() -> None:
    audits = _examples()
    page = render_html(audits)
    name = audits[0].completed_by
    header = page[: page.index("</header>")]
    assert page.count(name) == header.count(name) == 2  # one per audit in the header table
    md = render_markdown(audits)
    first_section = md.index("## Ratings by element")
    assert md.count(name) == md[:first_section].count(name) == 2


def test_html_comparison_of_two_audits_of_one_agency() -> None:
    page = render_html(_examples())
    changes = page[page.index('<section id="changes">') :]
    changes = changes[: changes.index("</section>")]
    assert "Together4Children: 2026-03-16 to 2027-03-15" in changes
    headline = "10 improved, 2 worse (35 the same, 2 not comparable)"
    assert f'<p class="headline"><strong>{headline}</strong></p>' in changes
    assert changes.index(headline) < changes.index('<table class="changes">')
    assert "Improved: 10; Worse: 2; Same: 35; Not comparable (not assessed in one audit): 2" in (
        changes
    )
    row_9b = re.search(r"<td>9b</td>.*?</tr>", changes)
    assert row_9b is not None and "▼ Worse" in row_9b.group(0)
    row_3c = re.search(r"<td>3c</td>.*?</tr>", changes)
    assert row_3c is not None and "▲ Improved" in row_3c.group(0)
    assert '<section id="agencies">' not in page


def test_html_comparison_of_several_agencies() -> None:
    a = _audit({"1a": N}, agency="Alpha RAA")
    b = _audit(default=X, agency="Beta RAA")
    c = _audit(default=None, agency="Gamma RAA")
    page = render_html([a, b, c])
    assert "Exemplar service audit: 3 agencies compared" in page
    section = page[page.index('<section id="agencies">') :]
    section = section[: section.index("</section>")]
    first_row = re.search(r"<tr><td>1\. .*?</tr>", section)
    assert first_row is not None
    assert [m for m in re.findall(r">(Below|Matches|Exceeds|Not)[^<]*<", first_row.group(0))] == [
        "Below",
        "Exceeds",
        "Not",
    ]
    assert '<section id="changes">' not in page


def test_not_yet_assessed_is_reported() -> None:
    page = render_html([_audit({"3b": None, "14b": None})])
    section = page[page.index('<section id="not-assessed">') :]
    assert "2 sub-element(s) have no rating yet" in section
    assert "<li>3b: Education services</li>" in section


# --------------------------------------------------------------------------
# Markdown and JSON


def test_markdown_report() -> None:
    md = render_markdown(_examples())
    assert md.startswith("# Exemplar service audit: Together4Children\n")
    assert "## Action plan" in md and "## What changed" in md
    plan = md[md.index("## Action plan") : md.index("## Not yet assessed")]
    assert plan.index("| 4 | 9b |") < plan.index("| 4 | 12d |") < plan.index("| 3 | 1c |")
    assert "| 3c | Adopters | Not present | Matches exemplar services | Improved |" in md


def test_markdown_escapes_pipes_and_html() -> None:
    md = render_markdown([_audit(actions={"1a": ("a | b <i>c</i>\nnext", 2)})])
    assert "a \\| b &lt;i&gt;c&lt;/i&gt; <br> next" in md


def test_json_report() -> None:
    doc = json.loads(render_json(_examples()))
    assert doc["report"] == "exemplar_service_audit"
    assert doc["source"] == (
        "Adoption and Special Guardianship Leadership Board, Key Elements of an Adoption Support "
        "Service, Summary and audit tool"
    )
    first, latest = doc["audits"]
    assert (first["latest"], latest["latest"]) == (False, True)
    assert first["not_yet_assessed"] == ["11b", "14b"]
    assert latest["action_plan"][:2] == ["9b", "12d"]
    assert len(latest["entries"]) == 49
    assert latest["elements"][7] == {
        "element": 8,
        "counts": {
            "not_present": 0,
            "partially_present": 0,
            "matches_exemplar": 1,
            "exceeds_exemplar": 0,
            "not_assessed": 0,
        },
        "score": 2.0,
        "standing": "matches_exemplar",
    }
    (timeline,) = doc["changes"]
    by_id = {c["sub_element"]: c for c in timeline["sub_elements"]}
    assert by_id["9b"] == {
        "sub_element": "9b",
        "before": "matches_exemplar",
        "after": "partially_present",
        "change": "worse",
    }
    assert doc["agencies"] == []


def test_render_report_dispatch() -> None:
    audits = [_audit()]
    assert render_report(audits, "html").startswith("<!DOCTYPE html>")
    assert render_report(audits, "md").startswith("# ")
    assert json.loads(render_report(audits, "json"))["audits"][0]["agency"] == "Example RAA"
    with pytest.raises(AuditError, match="unknown report format"):
        render_report(audits, "pdf")
