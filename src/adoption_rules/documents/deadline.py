"""``deadline --json`` and ``GET /v1/deadline``: one deadline as JSON, the same text for both."""

from __future__ import annotations

import json
from typing import Any

from adoption_rules.core.periods import Deadline

__all__ = ["deadline_json", "deadline_text"]


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
