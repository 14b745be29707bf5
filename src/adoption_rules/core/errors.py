"""Exceptions raised by the Python API.

Every exception the library raises on bad input derives from
:class:`AdoptionRulesError`, so a caller can catch the family in one clause,
and also from the built-in exception a Python programmer would expect
(``ValueError`` for a bad value, ``TypeError`` for a bad type).

Messages never quote case data beyond identifiers and dates: no names, no
free text.
"""

from __future__ import annotations


class AdoptionRulesError(Exception):
    """Base class of every error this library raises on purpose."""


class DateError(AdoptionRulesError, ValueError):
    """A date that cannot be used: malformed, or outside the supported range."""


class DateOutOfRangeError(DateError):
    """A date, or a deadline computed from it, lies outside the supported range."""


class NaiveDatetimeError(AdoptionRulesError, TypeError):
    """A ``datetime`` without a time zone: which day in England it means is unknown."""


class PeriodError(AdoptionRulesError, ValueError):
    """A period that cannot be used: a negative or non-integer count, or bad wording."""


class NotUtf8Error(AdoptionRulesError, ValueError):
    """A text file (overrides, closure days, Fund applications) that is not UTF-8."""

    def __init__(self, line: int) -> None:
        self.line = line
        super().__init__(f"line {line}: not valid UTF-8 text")


def decode_utf8(raw: bytes) -> str:
    """``raw`` as UTF-8 text (a byte order mark dropped), or :class:`NotUtf8Error`
    naming the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUtf8Error(raw.count(b"\n", 0, exc.start) + 1) from None
