"""JSON text in and out for batches: orjson when installed, else the standard library.

Both backends write the same bytes (compact separators, UTF-8 text unescaped),
so output never depends on which is installed.  ``pip install
'adoption-rules[fast]'`` adds orjson; see ``docs/performance.md``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any, Final

__all__ = ["BACKEND", "BACKEND_ENV", "JSONDecodeError", "dumps", "loads"]

JSONDecodeError = json.JSONDecodeError


def _std_loads(text: str) -> Any:
    return json.loads(text)


def _std_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: Set to ``json`` to use the standard library even where orjson is installed.
BACKEND_ENV: Final = "ADOPTION_RULES_JSON"


def _choose() -> tuple[str, Callable[[str], Any], Callable[[Any], str]]:
    if os.environ.get(BACKEND_ENV, "").strip().lower() != "json":
        try:
            import orjson
        except ImportError:  # pragma: no cover - depends on the environment
            pass
        else:

            def orjson_dumps(value: Any) -> str:
                return orjson.dumps(value).decode("utf-8")

            # orjson.JSONDecodeError subclasses json.JSONDecodeError: one type to catch.
            return "orjson", orjson.loads, orjson_dumps
    return "json", _std_loads, _std_dumps


BACKEND, loads, dumps = _choose()
