"""A bounded mutation fuzz test of a batch (issue 12): a few thousand mutated cases,
mixed with the good example cases, through the record reader, the engine, every
output format and two question commands.  The invariants:

* every line gets exactly one item (a result or an error), in order; nothing raises;
* every good case's output is byte for byte what it is when evaluated alone;
* no error message or field quotes the personal-data marker;
* the JSON output parses; no CSV cell starts a formula; the table and the question
  text hold no control character but the line ends.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adoption_rules.api import evaluate_records
from adoption_rules.cli import questions as questions_cli
from adoption_rules.core.model import CaseError, Result
from adoption_rules.documents import questions as questions_doc
from adoption_rules.io.jsontext import to_json
from adoption_rules.io.output import write_csv, write_json, write_jsonl, write_table
from adoption_rules.io.records import read_records
from adoption_rules.io.safe import csv_cell
from adoption_rules.plugins.registry import Registry, load_registry

AS_OF = dt.date(2026, 11, 23)
MARKER = "Jane Smith"
GOOD = [json.loads(x) for x in Path("examples/caseload.jsonl").read_text().splitlines()]
REGISTRY: Registry = load_registry(installed=False)
ALONE = {
    case["case_id"]: to_json(
        next(
            iter(
                evaluate_records(
                    read_records(io.StringIO(json.dumps(case))), AS_OF, registry=REGISTRY
                )
            )
        )
    )
    for case in GOOD
}

_HOSTILE_VALUES: list[Any] = [
    f"{MARKER} lives at 1 High St",
    f'=HYPERLINK("http://evil.example","{MARKER}")',
    f"@SUM(1+1) {MARKER}",
    f"-{MARKER}",
    f"{MARKER}\n  X-9  england  OVERDUE\x1b[2J\r",
    f"{MARKER}\u202e",
    MARKER * 30,  # longer than the string limit
    [],
    {},
    [MARKER],
    {"type": MARKER},
    None,
    True,
    -1,
    2**80,
    1.5,
    "1e999999999",
    "9999-12-31",
    "0001-01-01",
    "2097-06-01",
    "2025-02-30",
    "",
]
#: Raw JSON text values: past the decoder's limits, or odd white space.
_RAW_VALUES = ["1" * 4301, "[" * 3000 + "]" * 3000, '"a\rb"', "-0", "1e400", "NaN"]
_TOP_KEYS = [
    "case_id",
    "region",
    "events",
    "contract_version",
    "local_authority",
    "placing_authority",
    "adoption_route",
    "placement_date",
    "adoption_order_date",
    "child_date_of_birth",
    "tracking_from",
    MARKER,
]
_EVENT_KEYS = ["type", "date", "outcome", "to", "kind", "local_authority", MARKER]


@st.composite
def mutant(draw: st.DrawFn, number: int) -> str:
    """One mutated case as a JSON Lines line (no newline)."""
    case = json.loads(json.dumps(draw(st.sampled_from(GOOD))))
    case["case_id"] = f"M{number}-{case['case_id']}"  # never a good case's id
    how = draw(st.sampled_from(["top", "event", "drop", "raw", "shape", "cr"]))
    if how == "top":
        case[draw(st.sampled_from(_TOP_KEYS))] = draw(st.sampled_from(_HOSTILE_VALUES))
    elif how == "event" and case["events"]:
        event = case["events"][draw(st.integers(0, len(case["events"]) - 1))]
        event[draw(st.sampled_from(_EVENT_KEYS))] = draw(st.sampled_from(_HOSTILE_VALUES))
    elif how == "drop":
        case.pop(draw(st.sampled_from(_TOP_KEYS)), None)
    elif how == "raw":
        key = draw(st.sampled_from(_TOP_KEYS))
        text = json.dumps({k: v for k, v in case.items() if k != key})
        return text[:-1] + f', "{key}": {draw(st.sampled_from(_RAW_VALUES))}}}'
    elif how == "shape":
        return json.dumps(draw(st.sampled_from([[case], MARKER, 5, None, [], "{"])))
    elif how == "cr":
        return json.dumps(case).replace(", ", ",\r", 1)
    return json.dumps(case)


@st.composite
def batch(draw: st.DrawFn) -> tuple[list[str], list[str | None]]:
    """Lines of a batch, and for each the good case id it holds (None for a mutant)."""
    # A good case first: the first line decides whether the input is JSON Lines, an
    # array or one pretty-printed case (a file starting "[" is an array).
    first = draw(st.sampled_from(GOOD))
    lines: list[str] = [json.dumps(first)]
    ids: list[str | None] = [first["case_id"]]
    for number in range(draw(st.integers(15, 25))):
        if draw(st.booleans()):
            case = draw(st.sampled_from(GOOD))
            if case["case_id"] not in ids:
                lines.append(json.dumps(case))
                ids.append(case["case_id"])
                continue
        lines.append(draw(mutant(number)))
        ids.append(None)
    return lines, ids


def _items(lines: list[str]) -> list[Result | CaseError]:
    text = "\n".join(lines) + "\n"
    return list(evaluate_records(read_records(io.StringIO(text)), AS_OF, registry=REGISTRY))


def _no_marker_in_errors(items: list[Any]) -> None:
    for item in items:
        if isinstance(item, CaseError):
            assert MARKER not in item.error.message and MARKER not in (item.error.field or "")


def _clean_text(text: str) -> None:
    for row in text.split("\n"):
        assert row.isprintable(), repr(row)


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,  # the same mutants on every run: CI never flakes on a new draw
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(batch())
def test_mutants_never_cost_the_batch_nor_leak(data: tuple[list[str], list[str | None]]) -> None:
    lines, ids = data
    items = _items(lines)
    assert len(items) == len(lines)
    for item, good_id in zip(items, ids, strict=True):
        if good_id is not None:
            assert to_json(item) == ALONE[good_id]
    _no_marker_in_errors(items)

    out = io.StringIO()
    write_jsonl(items, out)
    assert [json.loads(x) for x in out.getvalue().splitlines()] == [
        json.loads(to_json(i)) for i in items
    ]
    out = io.StringIO()
    write_json(items, out)
    assert len(json.loads(out.getvalue())) == len(items)
    out = io.StringIO()
    write_csv(items, out)
    for row in csv.reader(io.StringIO(out.getvalue(), newline="")):
        assert all(csv_cell(cell) == cell for cell in row), row  # each cell already safe
    out = io.StringIO()
    write_table(items, out, AS_OF)
    _clean_text(out.getvalue())

    # Two question commands, through the same records: one answer or error each.
    for name in ("route", "transfer"):
        text = "\n".join(lines) + "\n"
        records = read_records(io.StringIO(text))
        answers = list(questions_doc.answers(records, questions_doc.ASKS[name], REGISTRY, AS_OF))
        assert len(answers) == len(lines)
        _no_marker_in_errors(answers)
        for answer in answers:
            if not isinstance(answer, CaseError):
                _clean_text("\n".join(questions_cli.shown_text(answer[1])))
