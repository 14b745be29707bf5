"""Writing contract cases out as a case system's long-format export, for the import tests.

The writer is independent of the importer: it knows the contract's JSON and
writes one row per event, the way a case system's report would.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CASELOAD = ROOT / "examples" / "caseload.jsonl"

#: Free text a real export carries in columns the map does not name.
SECRET = "Sensitive note about Jane Example"

CASE_FACTS = (
    "region",
    "local_authority",
    "placing_authority",
    "adoption_route",
    "placement_date",
    "adoption_order_date",
    "child_date_of_birth",
    "tracking_from",
)
DATE_FACTS = frozenset(
    {"placement_date", "adoption_order_date", "child_date_of_birth", "tracking_from"}
)


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CASELOAD.read_text(encoding="utf-8").splitlines() if line]


def dmy(iso: str, *, pad: bool = True) -> str:
    year, month, day = iso.split("-")
    if not pad:
        month, day = str(int(month)), str(int(day))
    return f"{day}/{month}/{year}"


def _event_fields(cases: Sequence[Mapping[str, Any]]) -> list[str]:
    return sorted({k for c in cases for e in c["events"] for k in e if k not in ("type", "date")})


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ";".join(value)
    return str(value)


def write_long_csv(
    cases: Sequence[Mapping[str, Any]],
    events_path: Path,
    *,
    cases_path: Path | None = None,
    seed: int | None = 1,
    dates: str = "dmy",
    columns: Mapping[str, str] | None = None,
    types: Mapping[str, str] | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> None:
    """Write ``cases`` as one row per event (shuffled with ``seed``), dates ``dd/mm/yyyy``.

    Case facts go on every event row, or (with ``cases_path``) into a second
    file with one row per case.  ``columns`` renames columns (contract name ->
    export name; the event field ``local_authority`` is ``moved_to_local_authority``),
    ``types`` renames event types, ``values`` renames field values.  Every
    row also carries a ``notes`` column of free text.  Each case's events keep
    their order through a ``sequence`` column.
    """
    columns = dict(columns or {})
    types = types or {}
    values = values or {}

    def name(column: str) -> str:
        return columns.get(column, column)

    def date(iso: str | None) -> str:
        if iso is None:
            return ""
        return dmy(iso) if dates == "dmy" else iso

    def value(field: str, raw: Any) -> str:
        text = _cell(raw)
        return values.get(field, {}).get(text, text)

    fields = _event_fields(cases)
    event_columns = ["moved_to_local_authority" if f == "local_authority" else f for f in fields]
    header = [name("case_id"), name("sequence"), name("type"), name("date")]
    header += [name(c) for c in event_columns]
    if cases_path is None:
        header += [name(f) for f in CASE_FACTS]
    header.append("notes")
    rows: list[list[str]] = []
    for case in cases:
        facts = [
            date(case.get(f)) if f in DATE_FACTS else value(f, case.get(f) or "")
            for f in CASE_FACTS
        ]
        for n, event in enumerate(case["events"]):
            row = [
                case["case_id"],
                str(n),
                types.get(event["type"], event["type"]),
                date(event["date"]),
            ]
            row += [value(f, event[f]) if f in event else "" for f in fields]
            if cases_path is None:
                row += [v if v != "None" else "" for v in facts]
            row.append(SECRET)
            rows.append(row)
    if seed is not None:
        random.Random(seed).shuffle(rows)
    with events_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    if cases_path is not None:
        with cases_path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow([name("case_id"), *(name(f) for f in CASE_FACTS), "notes"])
            order = list(cases)
            if seed is not None:
                random.Random(seed + 1).shuffle(order)
            for case in order:
                writer.writerow(
                    [
                        case["case_id"],
                        *(
                            date(case.get(f)) if f in DATE_FACTS else value(f, case.get(f) or "")
                            for f in CASE_FACTS
                        ),
                        SECRET,
                    ]
                )
