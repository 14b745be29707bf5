"""Evaluating cases on a Dask cluster: a bag of case dicts, or a frame of events grouped by case.

Needs the ``dask`` extra (``pip install 'adoption-rules[dask]'``: dask with its
DataFrame, and distributed).  Nothing here starts a cluster or a scheduler:
you map the library over the partitions you already have (see ``docs/scale.md``)::

    import json
    import dask.bag as db
    from adoption_rules.dask import evaluate_bag

    lines = db.read_text("cases-*.jsonl")       # JSON Lines, one case a line
    texts = evaluate_lines(lines, as_of)        # a bag of JSON texts, one per case
    texts.to_textfiles("results-*.jsonl")      # JSON Lines, as `evaluate --format jsonl`

(:func:`evaluate_bag` takes cases already decoded: ``read_text(...).map(json.loads)``
gives the same results, but the standard library decodes a line about three
times slower than the library's own decoder, orjson when installed.)

* Each result is the contract's JSON text: the very line ``adoption-rules
  evaluate --format jsonl`` writes for that case (a result, or an error object
  for a bad case; one bad case never stops the others).
* The policy registry is built once per worker process, on the first
  partition it evaluates, and kept in that process (keyed on its process id):
  it is never pickled, nor sent with a task.  Give ``registry_factory`` (a
  module-level function returning a
  :class:`~adoption_rules.plugins.registry.Registry`) for another registry than the
  default one; it is sent by reference.
* No duplicate-id check runs across partitions (it would need every id in one
  place): drop repeated ids first (``frame.drop_duplicates``) where they may occur.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Iterable
from itertools import islice
from typing import TYPE_CHECKING, Any, Final

import attrs

from adoption_rules.api import READ_AHEAD, RegistryFactory, evaluate_block, evaluate_data
from adoption_rules.core.model import Case
from adoption_rules.io.jsontext import to_json
from adoption_rules.io.records import decode_line
from adoption_rules.plugins.registry import Registry, default_registry

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag
    import dask.dataframe
    import pandas

__all__ = [
    "CASE_COLUMNS",
    "EVENT_PREFIX",
    "case_from_events",
    "evaluate_bag",
    "evaluate_events",
    "evaluate_lines",
]

#: The columns of an events frame that hold a case's own fields (the contract's
#: case fields other than ``events``, in the model's order); read from the case's
#: first row.
CASE_COLUMNS: Final = tuple(f.name for f in attrs.fields(Case) if f.name != "events")
#: Columns of an event's own fields beyond ``type`` and ``date`` start with this
#: (``event_outcome``, ``event_local_authority`` for ``family_moved``, ...).
EVENT_PREFIX: Final = "event_"

#: The registry each worker process built, by process id and factory.
_REGISTRIES: dict[tuple[int, RegistryFactory | None], Registry] = {}
#: How many registries this process built (the tests check it is one per worker).
_BUILDS = 0


def _registry(factory: RegistryFactory | None) -> Registry:
    global _BUILDS
    key = (os.getpid(), factory)
    registry = _REGISTRIES.get(key)
    if registry is None:
        registry = _REGISTRIES[key] = factory() if factory is not None else default_registry()
        _BUILDS += 1
    return registry


def _evaluate_partition(
    cases: Iterable[Any], as_of: dt.date, factory: RegistryFactory | None
) -> list[str]:
    registry = _registry(factory)
    source = iter(cases)
    out: list[str] = []
    # A block at a time, stage by stage (as the command line reads a file).
    while block := list(islice(source, READ_AHEAD)):
        out.extend(to_json(item) for _, item in evaluate_block(block, as_of, registry))
    return out


def evaluate_bag(
    bag: dask.bag.Bag, as_of: dt.date, *, registry_factory: RegistryFactory | None = None
) -> dask.bag.Bag:
    """A bag of the contract's JSON text for each case of ``bag`` (decoded JSON cases), in order."""
    texts: dask.bag.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        _evaluate_partition, as_of, registry_factory
    )
    return texts


def _evaluate_lines_partition(
    lines: Iterable[str], as_of: dt.date, factory: RegistryFactory | None
) -> list[str]:
    registry = _registry(factory)
    # A blank line is no case, as for the command line; numbers count every line.
    decoded = (decode_line(n, line) for n, line in enumerate(lines, start=1) if line.strip())
    out: list[str] = []
    while block := list(islice(decoded, READ_AHEAD)):
        answers = iter(evaluate_block([d for d, e in block if e is None], as_of, registry))
        out.extend(to_json(e if e is not None else next(answers)[1]) for _, e in block)
    return out


def evaluate_lines(
    bag: dask.bag.Bag, as_of: dt.date, *, registry_factory: RegistryFactory | None = None
) -> dask.bag.Bag:
    """A bag of the contract's JSON text for each line of ``bag`` (JSON Lines text, as
    ``dask.bag.read_text`` gives), in order; blank lines are skipped.

    Each line is decoded here, with the library's decoder.  A line that is not
    JSON gets the ``invalid_json`` error object the command line gives, except
    that its line number counts from the start of the partition, not the file.
    """
    texts: dask.bag.Bag = bag.map_partitions(  # type: ignore[no-untyped-call]
        _evaluate_lines_partition, as_of, registry_factory
    )
    return texts


def _cell(value: Any) -> Any:
    """A frame cell as the JSON value the contract expects; ``None`` for a missing one."""
    if value is None:
        return None
    item = getattr(value, "item", None)  # a NumPy scalar: the Python value
    if item is not None and not isinstance(value, str):
        value = item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    if isinstance(value, dt.datetime):  # a pandas Timestamp too
        if value.tzinfo is None and value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat()  # refused by the converter, naming the field
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def case_from_events(rows: pandas.DataFrame, sequence: str | None = None) -> dict[str, Any]:
    """One case, as decoded JSON, from its rows of a long-format events frame.

    The case's fields come from :data:`CASE_COLUMNS` of its first row; each row
    is one event: ``type``, ``date`` and every column starting with
    :data:`EVENT_PREFIX`, without the prefix.  Missing cells are left out.
    Events keep the rows' order, or the order of the ``sequence`` column.
    """
    if sequence is not None:
        rows = rows.sort_values(sequence, kind="stable")
    records = rows.to_dict("records")
    first = records[0]
    case: dict[str, Any] = {}
    for column in CASE_COLUMNS:
        if column in first:
            value = _cell(first[column])
            if value is not None:
                case[column] = value
    event_columns = [("type", "type"), ("date", "date")] + [
        (column, column[len(EVENT_PREFIX) :])
        for column in rows.columns
        if isinstance(column, str) and column.startswith(EVENT_PREFIX)
    ]
    events = []
    for record in records:
        event = {}
        for column, name in event_columns:
            value = _cell(record.get(column))
            if value is not None:
                event[name] = value
        if event:
            events.append(event)
    case["events"] = events
    return case


def _evaluate_frame_partition(
    part: pandas.DataFrame,
    as_of: dt.date,
    factory: RegistryFactory | None,
    sequence: str | None,
) -> pandas.Series[str]:
    import pandas as pd  # a worker has it: the partition is a pandas frame

    registry = _registry(factory)
    ids: list[Any] = []
    texts: list[str] = []
    for case_id, rows in part.groupby("case_id", sort=True):
        ids.append(case_id)
        texts.append(to_json(evaluate_data(case_from_events(rows, sequence), as_of, registry)[1]))
    return pd.Series(texts, index=pd.Index(ids, dtype=object, name="case_id"), name="result")


def evaluate_events(
    frame: dask.dataframe.DataFrame,
    as_of: dt.date,
    *,
    registry_factory: RegistryFactory | None = None,
    sequence: str | None = None,
) -> dask.dataframe.Series:
    """The contract's JSON text for each case of a long-format events frame, indexed by case_id.

    ``frame`` has one row per event (see :func:`case_from_events` for the
    columns).  Its rows are first shuffled on ``case_id``, so that each case's
    rows share a partition; within a partition cases come in ``case_id``
    order.  Give ``sequence`` (a column) where the order of a case's
    same-day events matters: a shuffle need not keep the rows' order.
    """
    import pandas as pd  # the dask extra brings it

    shuffled = frame.shuffle(on="case_id")
    meta = pd.Series([], dtype=object, name="result", index=pd.Index([], dtype=object))
    texts: dask.dataframe.Series = shuffled.map_partitions(
        _evaluate_frame_partition, as_of, registry_factory, sequence, meta=meta
    )
    return texts
