"""Reading a file of cases: one :class:`Record` per case, in order.

A file holds one case (a JSON object), a JSON array of cases, or JSON Lines
(one case a line).  JSON Lines are read one line at a time, so a file of any
size is read in bounded memory; an array in a file is streamed an element at
a time.  A case that cannot be decoded is a record with its error, and the
next cases carry on (:func:`adoption_rules.api.evaluate_records` turns each
record into a result or an error in the contract's shape).
"""

from __future__ import annotations

import io
import json
import re
import sys
from collections.abc import Iterator
from typing import IO, Any, Final

import attrs

from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.model import CaseError
from adoption_rules.io.converter import InputError, error_for, has_lone_surrogate
from adoption_rules.io.jsonio import JSONDecodeError, JSONLimitError, limit_error, std_loads
from adoption_rules.io.jsonio import loads as fast_loads

__all__ = [
    "FileFormatError",
    "Record",
    "case_id_of",
    "decode_line",
    "decoded",
    "duplicate_error",
    "open_input",
    "read_error",
    "read_records",
]

#: The longest line of a JSON Lines file we read (one case), in characters; a
#: longer line is that case's ``too_large`` error, and is never held whole.
MAX_LINE: Final = 10_000_000
#: How far past :data:`MAX_LINE` we look for the end of a too-long line before
#: giving up on the input (``/dev/zero``, a stream with no newline): the last
#: record is then ``too_large`` and reading stops (exit 2 on the command line).
MAX_SKIP: Final = 100_000_000


class FileFormatError(AdoptionRulesError):
    """The file as a whole cannot be read as JSON (exit status 2 on the command line)."""


class InputEndedError(FileFormatError):
    """Reading stopped before the end of the input (a line with no end); the cases
    read so far have their results, the rest are lost (exit status 2)."""


@attrs.frozen
class Record:
    """One case as read from a file: its decoded JSON, or why it could not be decoded.

    ``raw``: ``data`` is a JSON Lines line not decoded yet (``read_records(...,
    decode=False)``, for a worker process to decode); :func:`decoded` decodes it.
    ``case_id``: the case a record with an ``error`` belongs to, when that is
    known without decoding it (a case of an export with bad rows); its error
    names it.
    """

    index: int
    line: int | None
    data: Any = attrs.field(repr=False)
    error: InputError | None = None
    raw: bool = attrs.field(default=False, kw_only=True)
    case_id: str | None = attrs.field(default=None, kw_only=True)


def decoded(record: Record) -> Record:
    """``record`` with its line decoded, if it was ``raw``: its data, or its ``invalid_json``."""
    if not record.raw:
        return record
    assert record.line is not None
    return _decode_line(record.index, record.line, record.data)


def _decode_line(index: int, number: int, line: str) -> Record:
    """The record of one JSON Lines line: its value, or its error (``invalid_json``,
    or ``too_large`` past a limit of the decoder)."""
    data, error = _line_value(number, line)
    return Record(index, number, data, error)


def _line_value(number: int, line: str) -> tuple[Any, InputError | None]:
    try:
        return fast_loads(line), None
    except JSONDecodeError as exc:
        return None, InputError(
            "invalid_json", f"line {number}: not valid JSON ({exc.msg} at column {exc.colno})"
        )
    except JSONLimitError as exc:
        return None, InputError("too_large", f"line {number}: {exc}")


def decode_line(number: int, line: str) -> tuple[Any, CaseError | None]:
    """Line ``number`` of JSON Lines decoded: its value, or the error a reader gives it
    (``invalid_json``, ``too_large``).  For code that decodes lines read elsewhere
    (a worker process, a Dask partition) without building a :class:`Record`."""
    data, error = _line_value(number, line)
    return data, None if error is None else CaseError(None, error.detail())


def case_id_of(data: Any) -> str | None:
    """The case id to name in an error: ``None`` unless it is a string of real text."""
    if isinstance(data, dict):
        cid = data.get("case_id")
        if isinstance(cid, str) and not has_lone_surrogate(cid):
            return cid
    return None


def read_error(record: Record) -> CaseError:
    """The contract's error for a record that could not be read (``record.error`` is set)."""
    assert record.error is not None
    return CaseError(record.case_id, record.error.detail())


def duplicate_error(case_id: str) -> CaseError:
    """The contract's error for a case whose ``case_id`` appeared earlier in the same batch."""
    return error_for(
        case_id,
        InputError(
            "duplicate_case_id", "this case_id appeared earlier in the same batch", "case_id"
        ),
    )


def open_input(name: str) -> IO[str]:
    """The file of cases ``name`` (``-``: standard input) as text, for :func:`read_records`.

    Bytes that are not UTF-8 are kept as lone surrogates (``surrogateescape``)
    rather than failing the whole file: the case holding them gets an error
    naming its line or field, and the other cases still evaluate.  Raises
    ``OSError`` when the file cannot be opened.

    Lines end at ``\n`` only (``\r\n`` too, its ``\r`` being white space): a lone
    ``\r`` is JSON white space inside a line, not a line end.
    """
    if name == "-":
        reconfigure = getattr(sys.stdin, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="surrogateescape", newline="\n")
        return sys.stdin
    return open(name, encoding="utf-8", errors="surrogateescape", newline="\n")


#: How much of a JSON array is read at a time (characters).
_ARRAY_CHUNK: Final = 1 << 20
_SPACE: Final = re.compile(r"[ \t\n\r]*")
_DECODER: Final = json.JSONDecoder()


class _NotStreamable(Exception):
    """The array is not well formed: the whole-file parser says why."""


def _head(stream: IO[str]) -> tuple[str, str, int, bool]:
    """Read up to the first line that is not blank.

    Returns the text read (the blank lines kept, so line numbers in errors stay
    right; a UTF-8 byte order mark dropped), that line stripped, its number, and
    whether it was cut at ``MAX_LINE`` characters.  The line is ``""`` when the
    input holds nothing but white space.
    """
    read = []
    number = 0
    while True:
        line = stream.readline(MAX_LINE)
        number += 1
        if number == 1 and line.startswith("\ufeff"):  # written by some Windows tools
            line = line[1:]
        read.append(line)
        if not line or line.strip():
            return "".join(read), line.strip(), number, _cut(line)


def _cut(line: str) -> bool:
    """Whether ``readline(MAX_LINE)`` stopped before the end of the line."""
    return len(line) >= MAX_LINE and not line.endswith("\n")


def _skip_rest_of_line(stream: IO[str]) -> bool:
    """Read past the end of a too-long line; ``False`` when no end came within
    :data:`MAX_SKIP` characters (then the input is given up)."""
    skipped = 0
    while skipped < MAX_SKIP:
        rest = stream.readline(MAX_LINE)
        if not rest or rest.endswith("\n"):
            return True
        skipped += len(rest)
    return False


def _too_long(index: int, number: int, stream: IO[str]) -> Iterator[Record]:
    """The ``too_large`` record of a too-long line, then the rest of the line skipped;
    raises :class:`InputEndedError` when the line has no end in sight."""
    ended = _skip_rest_of_line(stream)
    message = f"line {number}: longer than {MAX_LINE:,} characters"
    if not ended:
        message += f"; no line end within {MAX_LINE + MAX_SKIP:,}, so reading stopped"
    yield Record(index, number, None, InputError("too_large", message))
    if not ended:
        raise InputEndedError(
            f"line {number} has no end within {MAX_LINE + MAX_SKIP:,} characters; "
            "the cases after it, if any, were not read"
        )


def _tell(stream: IO[str]) -> int | None:
    """Where ``stream`` is now, when it can go back there (a file, not a pipe)."""
    try:
        return stream.tell() if stream.seekable() else None
    except (OSError, ValueError):
        return None


def read_records(stream: IO[str], *, decode: bool = True) -> Iterator[Record]:
    """Read one case, an array of cases, or JSON Lines from ``stream``.

    ``decode=False`` leaves each JSON Lines line after the first as ``raw``
    text (see :func:`decoded`): worker processes decode them, not the reader.

    JSON Lines are read a line at a time.  An array in a file is read twice, an
    element at a time: once to check the whole array is well formed (so a
    broken file is refused before any case is evaluated, as it always was), then
    to evaluate; memory stays bounded either way.  An array from a pipe, and a
    single case, are read whole.
    """
    start = _tell(stream)
    head, stripped, first_number, cut = _head(stream)
    if not stripped:
        return
    if stripped.startswith("["):
        yield from _array(stream, head, start)
        return
    if cut:  # a first line of more than MAX_LINE characters: JSON Lines, too long
        yield from _too_long(0, first_number, stream)
    else:
        try:
            first = fast_loads(stripped)
        except JSONDecodeError:
            # Not a complete value on one line: a pretty-printed single case.
            yield from _whole(head + stream.read(), first_number)
            return
        except JSONLimitError as exc:
            yield Record(0, first_number, None, InputError("too_large", f"line 1: {exc}"))
        else:
            yield Record(0, first_number, first)
    index = 1
    number = first_number
    readline, limit = stream.readline, MAX_LINE
    while line := readline(limit):
        number += 1
        if len(line) >= limit and not line.endswith("\n"):  # _cut, written out: every line
            yield from _too_long(index, number, stream)
            index += 1
            continue
        if line.isspace():
            continue
        yield _decode_line(index, number, line) if decode else Record(index, number, line, raw=True)
        index += 1


def _array(stream: IO[str], head: str, start: int | None) -> Iterator[Record]:
    if start is not None:
        try:
            for _ in _array_values(stream, head):
                pass
        except _NotStreamable:
            pass  # read it whole below: the standard parser's error names the place
        else:
            stream.seek(start)
            head = _head(stream)[0]
            for i, item in enumerate(_array_values(stream, head)):
                yield _element(i, item)
            return
        stream.seek(start)
        head = _head(stream)[0]
    yield from _whole(head + stream.read(), 1)


def _array_values(stream: IO[str], text: str) -> Iterator[Any]:
    """The elements of the JSON array that ``text`` starts and ``stream`` goes on with.

    Reads ``_ARRAY_CHUNK`` characters at a time and keeps only what it has not
    yet decoded.  Raises :class:`_NotStreamable` on anything but one well-formed
    array followed by white space only.
    """
    buf, pos, at_end = text, 0, False

    def more() -> bool:
        nonlocal buf, pos, at_end
        if at_end:
            return False
        chunk = stream.read(max(_ARRAY_CHUNK, len(buf) - pos))  # grows for a long element
        if not chunk:
            at_end = True
            return False
        buf, pos = buf[pos:] + chunk, 0
        return True

    def next_char() -> str:
        """The next character that is not white space, not consumed ("" at the end)."""
        nonlocal pos
        while True:
            pos = _SPACE.match(buf, pos).end()  # type: ignore[union-attr]
            if pos < len(buf):
                return buf[pos]
            if not more():
                return ""

    if next_char() != "[":
        raise _NotStreamable
    pos += 1
    if next_char() == "]":
        pos += 1
    else:
        while True:
            if not next_char():
                raise _NotStreamable
            while True:
                try:
                    value, end = _DECODER.raw_decode(buf, pos)
                except json.JSONDecodeError:
                    value, end = None, -1
                except (RecursionError, ValueError) as exc:
                    # Well formed but past a decoder limit: this element is too large,
                    # the others go on.
                    value, end = limit_error(exc), _value_end(buf, pos)
                # An element that fails, or ends where the text read so far ends
                # (a number may go on), is decoded again with more text read.
                if (end == -1 or end == len(buf)) and more():
                    continue
                if end == -1:
                    raise _NotStreamable
                break
            yield value
            pos = end
            separator = next_char()
            pos += 1
            if separator == "]":
                break
            if separator != ",":
                raise _NotStreamable
    if next_char():
        raise _NotStreamable  # something after the array


def _whole(text: str, line: int) -> Iterator[Record]:
    try:
        data = std_loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except JSONLimitError as exc:
        if text.lstrip().startswith("["):
            # An array with an element past a limit: element by element instead.
            try:
                for i, item in enumerate(_array_values(io.StringIO(), text.lstrip())):
                    yield _element(i, item)
                return
            except _NotStreamable:
                raise FileFormatError("not valid JSON") from None
        yield Record(0, line, None, InputError("too_large", f"the case is {exc}"))
        return
    if isinstance(data, list):
        for i, item in enumerate(data):
            yield Record(i, None, item)
    else:
        yield Record(0, line, data)


def _element(index: int, value: Any) -> Record:
    """The record of an array's element (a decoder limit it passed is its error)."""
    if isinstance(value, JSONLimitError):
        return Record(index, None, None, InputError("too_large", f"array element {index}: {value}"))
    return Record(index, None, value)


# A JSON string, one bracket, or a run of anything else.
_TOKEN: Final = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|[^"\[\]{}]+', re.S)
_SCALAR_END: Final = re.compile(r"[^,\]\s]*")


def _value_end(buf: str, pos: int) -> int:
    """Where the JSON value starting at ``buf[pos]`` ends (-1: not within ``buf``).

    Used only for a value the decoder could not follow (too deep, too long a
    number), to step over it: strings and brackets are matched, nothing decoded.
    """
    if buf[pos] not in "[{":
        end = _SCALAR_END.match(buf, pos).end()  # type: ignore[union-attr]
        return end if end < len(buf) else -1
    depth = 0
    for match in _TOKEN.finditer(buf, pos):
        token = match.group()
        if token == "[" or token == "{":
            depth += 1
        elif token == "]" or token == "}":
            depth -= 1
            if depth == 0:
                return match.end()
    return -1
