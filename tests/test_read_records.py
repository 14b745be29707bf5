"""Reading a file of cases: JSON Lines, an array (streamed from a file), one case."""

from __future__ import annotations

import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adoption_rules.io import records as batch
from adoption_rules.io.records import FileFormatError, Record, read_records

EVENT = {"type": "initial_visit", "date": "2026-01-05"}
CASE = {"case_id": "C-1", "region": "england", "events": [EVENT]}


class _Pipe(io.StringIO):
    """A stream that cannot go back, like standard input from a pipe."""

    def seekable(self) -> bool:
        return False


def _values(records: list[Record]) -> list[Any]:
    assert all(r.error is None for r in records)
    return [r.data for r in records]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200)
@given(
    items=st.lists(_JSON, max_size=6),
    indent=st.sampled_from([None, 0, 2]),
    chunk=st.integers(min_value=1, max_value=40),
    padding=st.sampled_from(["", "\n", "  \n\t", "\r\n"]),
)
def test_an_array_is_read_element_by_element_as_json_reads_it(
    items: list[Any], indent: int | None, chunk: int, padding: str
) -> None:
    text = padding + json.dumps(items, indent=indent) + padding
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(batch, "_ARRAY_CHUNK", chunk)  # elements cut across reads
        records = list(read_records(io.StringIO(text)))
    assert _values(records) == json.loads(text)
    assert [r.index for r in records] == list(range(len(items)))
    assert all(r.line is None for r in records)


@pytest.mark.parametrize(
    "text",
    [
        "[1, 2",
        "[1,]",
        "[1 2]",
        "[1] x",
        "[1]\n[2]",
        '[{"a": }]',
        '["unterminated]',
        "[",
        "[\n  1,\n  2,\n  {\n]",
        "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, oops]",
    ],
)
@pytest.mark.parametrize("stream_type", [io.StringIO, _Pipe])
def test_a_broken_array_is_refused_before_any_case_with_the_parser_s_message(
    text: str, stream_type: type[io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "_ARRAY_CHUNK", 4)
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    exc = expected.value
    records = read_records(stream_type(text))
    with pytest.raises(FileFormatError) as got:
        next(records)  # not one record before the error
    assert str(got.value) == f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"


def test_an_array_from_a_pipe_is_read_whole() -> None:
    text = json.dumps([CASE, CASE, 3])
    assert _values(list(read_records(_Pipe(text)))) == [CASE, CASE, 3]


def test_a_large_array_file_is_read_in_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch, "_ARRAY_CHUNK", 1 << 16)
    path = tmp_path / "cases.json"
    count = 10_000
    with path.open("w", encoding="utf-8") as out:
        out.write("[\n")
        for i in range(count):
            case = {**CASE, "case_id": f"C-{i:06d}", "events": [EVENT] * 12}
            out.write(("," if i else "") + json.dumps(case) + "\n")
        out.write("]\n")
    size = path.stat().st_size
    assert size > 5_000_000
    tracemalloc.start()
    try:
        seen = 0
        with path.open(encoding="utf-8") as stream:
            for record in read_records(stream):
                assert record.data["case_id"] == f"C-{seen:06d}"
                seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == count
    # Reading it whole would hold the text and every decoded case at once, many
    # times the file's size; streamed, a few chunks of 64 KiB characters at most.
    assert peak < size / 10, (peak, size)


@pytest.mark.parametrize("stream_type", [io.StringIO, _Pipe])
def test_blank_lines_before_json_lines_are_skipped_and_lines_keep_their_numbers(
    stream_type: type[io.StringIO],
) -> None:
    text = "\n  \n" + json.dumps(CASE) + "\n\n" + json.dumps(CASE) + "\n{bad\n"
    records = list(read_records(stream_type(text)))
    assert [r.line for r in records] == [3, 5, 6]
    assert [r.data for r in records[:2]] == [CASE, CASE]
    assert records[2].error is not None and "line 6" in str(records[2].error)


@pytest.mark.parametrize(
    "text",
    [
        "\ufeff" + json.dumps(CASE) + "\n" + json.dumps(CASE) + "\n",
        "\ufeff" + json.dumps([CASE, CASE]),
        "\ufeff\n" + json.dumps([CASE, CASE], indent=2),
    ],
)
def test_a_byte_order_mark_is_ignored(text: str) -> None:
    assert _values(list(read_records(io.StringIO(text)))) == [CASE, CASE]


def test_a_pretty_printed_case_after_blank_lines_reports_the_right_line() -> None:
    text = "\n\n" + json.dumps(CASE, indent=2)
    (record,) = read_records(io.StringIO(text))
    assert record.data == CASE and record.line == 3
    broken = '\n\n{\n  "case_id": \n}'
    with pytest.raises(FileFormatError, match="at line 5, column 1"):
        list(read_records(io.StringIO(broken)))


@pytest.mark.parametrize("text", ["", "\n", "  \n\n\t"])
def test_nothing_but_white_space_is_no_cases(text: str) -> None:
    assert list(read_records(io.StringIO(text))) == []


@pytest.mark.parametrize("where", [0, 1, 2])
def test_a_line_longer_than_the_limit_is_its_case_s_error(
    monkeypatch: pytest.MonkeyPatch, where: int
) -> None:
    monkeypatch.setattr(batch, "MAX_LINE", 200)
    lines = [json.dumps(CASE), json.dumps(CASE), json.dumps(CASE)]
    lines[where] = json.dumps({**CASE, "notes": "x" * 1000})  # 1,000+ characters
    records = list(read_records(io.StringIO("\n".join(lines) + "\n")))
    assert [r.line for r in records] == [1, 2, 3]
    assert [r.index for r in records] == [0, 1, 2]
    bad = records[where]
    assert bad.error is not None and bad.error.code == "too_large"
    assert str(bad.error) == f"line {where + 1}: longer than 200 characters"
    assert [r.data for i, r in enumerate(records) if i != where] == [CASE, CASE]


def test_an_array_on_one_line_longer_than_the_limit_is_still_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch, "MAX_LINE", 50)
    text = json.dumps([CASE] * 20)
    assert len(text) > 1000 and "\n" not in text
    assert _values(list(read_records(io.StringIO(text)))) == [CASE] * 20
