"""adoption_rules.dask on a real two-worker ``distributed.LocalCluster`` (127.0.0.1, ports 0).

The cluster's results must be the very lines ``adoption-rules evaluate
--format jsonl`` writes for the same cases.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="the dask extra is not installed")

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from distributed import Client, LocalCluster

from adoption_rules import dask as ar_dask
from adoption_rules.api import READ_AHEAD
from adoption_rules.cli import main

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 23)


def caseload() -> list[dict[str, Any]]:
    lines = (ROOT / "examples" / "caseload.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def cases() -> list[Any]:
    """The example caseload twice (ids unique), with bad cases among them."""
    out: list[Any] = []
    for n in range(2):
        out += [{**case, "case_id": f"{case['case_id']}-{n}"} for case in caseload()]
    out.insert(5, {**caseload()[0], "case_id": "BAD-REGION", "region": "atlantis"})
    out.insert(9, {**caseload()[1], "case_id": "BAD-DATE", "placement_date": "2025-02-30"})
    out.insert(20, {**caseload()[2], "case_id": "NO-EVENTS", "events": []})
    return out


def cli_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path, data: list[Any]) -> list[str]:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in data), encoding="utf-8")
    main(["evaluate", str(path), "--as-of", AS_OF.isoformat(), "--format", "jsonl"])
    return capsys.readouterr().out.splitlines()


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            scheduler_port=0,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _builds() -> int:
    return ar_dask._BUILDS


def test_a_bag_of_cases_gives_the_command_lines_output(
    client: Client, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = cases()
    bag = db.from_sequence(data, npartitions=6)
    texts = ar_dask.evaluate_bag(bag, AS_OF).compute()
    assert texts == cli_lines(capsys, tmp_path, data)
    codes = [json.loads(t)["error"]["code"] for t in texts if '"error"' in t]
    assert codes == ["unknown_region", "invalid_date"]
    # The registry was built once per worker process, not per partition or task.
    builds = client.run(_builds)
    assert len(builds) == 2
    assert set(builds.values()) <= {0, 1}
    assert sum(builds.values()) >= 1


def test_a_bag_of_json_lines_gives_the_command_lines_output(
    client: Client, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``evaluate_lines`` over ``read_text``: the same lines as the command line, a bad
    line's ``invalid_json`` error included (its partition is the whole file here)."""
    data = cases()
    path = tmp_path / "lines.jsonl"
    text = "".join(json.dumps(c) + "\n" for c in data)
    lines = text.splitlines(keepends=True)
    lines.insert(7, '{"case_id": "CUT-SHORT", "region": \n')
    lines.insert(12, "\n")  # a blank line: no case
    path.write_text("".join(lines), encoding="utf-8")
    texts = ar_dask.evaluate_lines(db.read_text(str(path)), AS_OF).compute()
    main(["evaluate", str(path), "--as-of", AS_OF.isoformat(), "--format", "jsonl"])
    expected = capsys.readouterr().out.splitlines()
    assert texts == expected
    assert len(texts) == len(data) + 1
    assert json.loads(texts[7])["error"]["code"] == "invalid_json"
    # Several partitions: the same lines, in order (an error's line number would
    # then count from its partition's start; there is none here).
    many = db.from_sequence(text.splitlines(keepends=True), npartitions=5)
    assert ar_dask.evaluate_lines(many, AS_OF).compute() == cli_lines(capsys, tmp_path, data)


def events_frame(data: list[dict[str, Any]]) -> pd.DataFrame:
    """The cases as a long-format frame: one row per event, case fields repeated."""
    rows = []
    for case in data:
        head = {k: v for k, v in case.items() if k != "events"}
        events = case["events"] or [{}]  # a case without events: one row, no event
        for seq, event in enumerate(events):
            row = {**head, "seq": seq}
            for key, value in event.items():
                row[key if key in ("type", "date") else f"event_{key}"] = value
            rows.append(row)
    return pd.DataFrame(rows)


def test_a_frame_of_events_gives_the_command_lines_output(
    client: Client, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = cases()
    frame = events_frame(data)
    assert len(frame) > len(data)
    assert any(c.startswith("event_") for c in frame.columns)
    texts = ar_dask.evaluate_events(
        dd.from_pandas(frame, npartitions=3), AS_OF, sequence="seq"
    ).compute()
    expected = {json.loads(line)["case_id"]: line for line in cli_lines(capsys, tmp_path, data)}
    assert dict(texts.items()) == expected


def test_a_case_from_its_event_rows_leaves_missing_cells_out() -> None:
    rows = pd.DataFrame(
        [
            {
                "case_id": "C1",
                "region": "england",
                "placement_date": pd.Timestamp("2020-06-01"),
                "adoption_route": None,
                "type": "screening_completed",
                "date": "2025-01-03",
                "event_outcome": "assessment",
                "event_local_authority": float("nan"),
                "seq": 1,
            },
            {
                "case_id": "C1",
                "region": "england",
                "placement_date": pd.Timestamp("2020-06-01"),
                "adoption_route": None,
                "type": "family_moved",
                "date": "2025-01-01",
                "event_outcome": None,
                "event_local_authority": "wiltshire",
                "seq": 0,
            },
        ]
    )
    assert ar_dask.case_from_events(rows, "seq") == {
        "case_id": "C1",
        "region": "england",
        "placement_date": "2020-06-01",
        "events": [
            {"type": "family_moved", "date": "2025-01-01", "local_authority": "wiltshire"},
            {"type": "screening_completed", "date": "2025-01-03", "outcome": "assessment"},
        ],
    }


def test_a_partition_longer_than_a_block_is_answered_in_order(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A partition is worked a block of cases at a time (api.READ_AHEAD), stage by
    stage: one partition of several blocks, bad cases among them, in process."""
    data = cases()  # about a hundred cases: several blocks
    assert len(data) > 2 * READ_AHEAD
    texts = ar_dask._evaluate_partition(iter(data), AS_OF, None)
    assert texts == cli_lines(capsys, tmp_path, data)
