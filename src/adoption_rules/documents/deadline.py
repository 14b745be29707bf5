"""``deadline --json`` and ``GET /v1/deadline``: one deadline as JSON, the same text for both.

``deadline --latest-start END PERIOD --json`` writes :func:`latest_start_json`.
"""

from __future__ import annotations

import json
from typing import Any

from adoption_rules.core.periods import Deadline, LatestStart

__all__ = ["deadline_json", "deadline_text", "latest_start_json", "latest_start_text"]


def deadline_json(deadline: Deadline) -> dict[str, Any]:
    """The deadline's start, period in words, due date and whether it is provisional."""
    return {
        "start": deadline.start.isoformat(),
        "period": str(deadline.period),
        "due": deadline.due.isoformat(),
        "provisional": deadline.provisional,
    }


def deadline_text(deadline: Deadline) -> str:
    """:func:`deadline_json` as the command prints it: one line, ending with a newline."""
    return json.dumps(deadline_json(deadline)) + "\n"


def latest_start_json(latest: LatestStart) -> dict[str, Any]:
    """The end, the period in words, the latest start, its due date and whether provisional."""
    return {
        "end": latest.end.isoformat(),
        "period": str(latest.period),
        "latest_start": latest.start.isoformat(),
        "due": latest.due.isoformat(),
        "provisional": latest.provisional,
    }


def latest_start_text(latest: LatestStart) -> str:
    """:func:`latest_start_json` as the command prints it: one line, ending with a newline."""
    return json.dumps(latest_start_json(latest)) + "\n"
