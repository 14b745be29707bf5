"""JSON text in and out for batches: orjson when installed, else the standard library.

Both backends write the same bytes (compact separators, UTF-8 text unescaped),
so output never depends on which is installed.  ``pip install
'adoption-rules[fast]'`` adds orjson; see ``docs/performance.md``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any, Final

__all__ = ["BACKEND", "BACKEND_ENV", "JSONDecodeError", "JSONLimitError", "dumps", "loads"]

JSONDecodeError = json.JSONDecodeError


class JSONLimitError(ValueError):
    """Well-formed JSON past a limit of the decoder: nested deeper than it can follow
    (about 1,000 levels), or an integer longer than Python reads (4,300 digits).
    The message says which, never the text."""


def limit_error(exc: BaseException) -> JSONLimitError | None:
    """The :class:`JSONLimitError` for an exception the standard decoder raised past
    one of its limits, or ``None`` for any other (a syntax error, say)."""
    if isinstance(exc, RecursionError):
        return JSONLimitError("nested deeper than the decoder follows (about 1,000 levels)")
    if isinstance(exc, ValueError) and not isinstance(exc, JSONDecodeError):
        return JSONLimitError(f"a number longer than {sys.get_int_max_str_digits():,} digits")
    return None


def std_loads(text: str) -> Any:
    """``json.loads``, raising :class:`JSONLimitError` past the decoder's limits."""
    try:
        return json.loads(text)
    except (RecursionError, ValueError) as exc:
        error = limit_error(exc)
        if error is None:
            raise
        raise error from None


_std_loads = std_loads


def _unserialisable(value: object) -> Any:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _make_std_dumps() -> Callable[[Any], str]:
    """``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, built once.

    ``json.dumps`` with options builds an encoder on every call, a sixth of the
    cost of writing a result; the C encoder is built here once instead.
    Without circular-reference checks: we only write trees we built.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    encode_str = getattr(json.encoder, "c_encode_basestring", None)
    if make is None or encode_str is None:  # pragma: no cover - Pythons without the C module
        encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
        return encoder.encode
    iterencode = make(None, _unserialisable, encode_str, None, ":", ",", False, False, True)
    join = "".join

    def std_dumps(value: Any) -> str:
        return join(iterencode(value, 0))

    return std_dumps


_std_dumps: Final = _make_std_dumps()


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

            fast_loads = orjson.loads
            orjson_error = orjson.JSONDecodeError

            def orjson_loads(text: str) -> Any:
                try:
                    return fast_loads(text)
                except orjson_error:
                    # orjson refuses some text the standard library reads (a lone
                    # \ud800 escape, NaN, integers past 64 bits): the standard
                    # library decides, so input means the same with either backend,
                    # and a real syntax error gets the same message.
                    return std_loads(text)

            return "orjson", orjson_loads, orjson_dumps
    return "json", _std_loads, _std_dumps


BACKEND, loads, dumps = _choose()
