"""Making text safe to hand on: to a spreadsheet, a terminal, a log or an error message.

Case data is personal data, and a file of cases may be hostile.  Every command
and writer that puts case text somewhere a person or another program reads it
uses these helpers, so each risk has one mechanism:

* :func:`csv_cell` and :func:`csv_writer`: CSV formula injection, neutralised
  the way OWASP's "CSV Injection" guidance says (a cell starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so a
  spreadsheet shows it as text; a plain signed number such as ``-3`` is left as
  it is), and every field holding a line break quoted
  (Python's ``csv`` module leaves a lone ``\\r`` unquoted when the line
  terminator is ``\\n``).  :func:`csv_cell_read` undoes the prefix, for a file the
  library wrote and reads back (an audit).
* :func:`printable`: control characters (C0, DEL, C1, and the Unicode line and
  paragraph separators and bidirectional overrides) escaped as ``\\xNN`` or
  ``\\uNNNN`` in human-facing output (tables, ``explain``, messages on standard
  error), so a case id cannot forge a row or move the cursor.
* :func:`shown_id`: the case id an error or a table names, escaped and capped at
  :data:`MAX_SHOWN_ID` characters.
* :func:`case_error`: per-case isolation, any exception raised while handling
  one case turned into that case's coded error.

Error text says what was expected and where, never the value that was there
(``docs/contract.md``, "Errors"); :func:`shown_id` is the one exception, for the
case id, which the caller gave to be echoed.

>>> csv_cell('=HYPERLINK("http://evil.example","x")')
'\\'=HYPERLINK("http://evil.example","x")'
>>> csv_cell("-3"), csv_cell("-3+cmd"), csv_cell("40 working days")
('-3', "'-3+cmd", '40 working days')
>>> printable("C-1\\n OVERDUE \\x1b[2J")
'C-1\\\\n OVERDUE \\\\x1b[2J'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final, Protocol

from adoption_rules.core.calendar import MAX_DATE, MIN_DATE
from adoption_rules.core.errors import AdoptionRulesError, DateOutOfRangeError

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.core.model import CaseError

__all__ = [
    "CSV_TRIGGERS",
    "MAX_SHOWN_ID",
    "SafeCsvWriter",
    "case_error",
    "csv_cell",
    "csv_cell_read",
    "csv_writer",
    "printable",
    "shown_id",
]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
CSV_TRIGGERS: Final = ("=", "+", "-", "@", "\t", "\r")

#: The longest case id an error message or a table echoes (then ``...``).
MAX_SHOWN_ID: Final = 100


#: A plain number ("-3", "+1.5"): a spreadsheet reads it as that number, never a formula.
_NUMBER: Final = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet will not run: a leading ``'`` before a trigger
    (a plain signed number such as ``-3`` is left as it is)."""
    if text and text[0] in CSV_TRIGGERS and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_cell_read(text: str) -> str:
    """The text :func:`csv_cell` was given (the ``'`` before a trigger removed)."""
    if len(text) >= 2 and text[0] == "'" and text[1] in CSV_TRIGGERS:
        return text[1:]
    return text


class _Writer(Protocol):
    def writerow(self, row: Iterable[Any], /) -> Any: ...


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell goes through :func:`csv_cell`, and whose
    fields holding ``\\r`` or ``\\n`` are always quoted."""

    def __init__(self, out: Any, lineterminator: str = "\n") -> None:
        self._writer: _Writer = csv.writer(out, lineterminator=lineterminator)
        self._quoting: _Writer = csv.writer(
            out, lineterminator=lineterminator, quoting=csv.QUOTE_ALL
        )

    def writerow(self, row: Iterable[object]) -> None:
        cells = ["" if c is None else csv_cell(str(c)) for c in row]
        if any("\r" in c or "\n" in c for c in cells):
            # The csv module quotes a field holding the line terminator, but not a lone CR
            # when the terminator is "\n": quote the whole row (any reader reads it the same).
            self._quoting.writerow(cells)
        else:
            self._writer.writerow(cells)

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: Any, lineterminator: str = "\n") -> SafeCsvWriter:
    """The CSV writer every CSV the library writes goes through."""
    return SafeCsvWriter(out, lineterminator)


# C0 controls, DEL, C1 controls, line/paragraph separators, bidi embeddings,
# overrides and isolates.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with control characters escaped, for a terminal, a table or a log."""
    if text.isprintable():
        return text
    return _CONTROL.sub(_escape, text)


def shown_id(case_id: object) -> str:
    """A case id to name in an error or a table: escaped, capped at :data:`MAX_SHOWN_ID`."""
    if not isinstance(case_id, str) or not case_id:
        return "(no case_id)"
    text = printable(case_id)
    if len(text) > MAX_SHOWN_ID:
        return text[: MAX_SHOWN_ID - 3] + "..."
    return text


def case_error(case_id: object, exc: Exception) -> CaseError:
    """The contract's error for ``exc``, raised while handling one case: the one
    mechanism of per-case isolation.  Every command that handles cases one by one
    (``evaluate``, the question commands, and any new one) catches ``Exception``
    around each case and turns it into this, so one bad case never costs the
    batch; the message is the library's own (never a value from the case), and an
    unexpected exception is ``internal_error`` naming only its type.
    ``case_id`` is echoed only when it is a string within the contract's length limit.
    """
    # Imported here for start-up speed: the text helpers above serve `deadline` and
    # the command line's error lines, which load neither the model (attrs), cattrs
    # nor pluggy.
    from adoption_rules.core.model import CaseError, ErrorDetail
    from adoption_rules.io.converter import LIMITS, InputError, has_lone_surrogate
    from adoption_rules.plugins.dispatch import PluginError

    cid = (
        case_id
        if isinstance(case_id, str)
        and 0 < len(case_id) <= LIMITS["string_length"]
        and not has_lone_surrogate(case_id)
        else None
    )
    if isinstance(exc, InputError):
        return CaseError(cid, exc.detail())
    if isinstance(exc, PluginError):
        if isinstance(exc.__cause__, DateOutOfRangeError):
            # Not the plugin's fault: the answer needs a date the calendar cannot reach.
            return CaseError(
                cid,
                ErrorDetail(
                    "date_out_of_range",
                    f"the answer needs a date outside the supported range "
                    f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}",
                    None,
                ),
            )
        return CaseError(cid, ErrorDetail("plugin_failed", str(exc), None))
    if isinstance(exc, AdoptionRulesError):
        code = getattr(exc, "code", None)
        field = getattr(exc, "field", None)
        return CaseError(
            cid,
            ErrorDetail(
                code if isinstance(code, str) else "evaluation_failed",
                str(exc),
                field if isinstance(field, str) else None,
            ),
        )
    return CaseError(
        cid,
        ErrorDetail(
            "internal_error",
            f"the library failed on this case ({type(exc).__name__}); please report it",
            None,
        ),
    )
