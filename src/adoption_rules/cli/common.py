"""What every command shares: usage errors, ``--as-of``, input files, ``--policy``, ``--jobs``.

A handler raises :class:`UsageError` for misuse or a file it cannot read
(exit status 2) and returns 0 (done) or 1 (some input had errors).
:func:`adoption_rules.cli.main` turns every error into one line on standard
error, never a traceback.  This module imports only the core: a command
that needs nothing else (``deadline``) starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import IO, TYPE_CHECKING

from adoption_rules.core import calendar
from adoption_rules.core.errors import AdoptionRulesError, DateError, NotUtf8Error, decode_utf8

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.api import RegistryFactory
    from adoption_rules.core.model import CaseError
    from adoption_rules.io.overrides import Overrides
    from adoption_rules.plugins.registry import Registry

__all__ = [
    "ADDED_HOLIDAYS_HELP",
    "Handler",
    "Subparsers",
    "UsageError",
    "add_as_of_option",
    "add_jobs_option",
    "add_policy_option",
    "as_of",
    "case_error_line",
    "close_input",
    "date_or_today",
    "open_input",
    "read_closures",
    "registry_and_factory",
    "registry_factory_for",
    "registry_for",
    "text_table",
    "worker_registry",
]

#: A command's handler: the parsed arguments in, the exit status out.
Handler = Callable[[argparse.Namespace], int]
#: What a command module's ``register`` is given.
if TYPE_CHECKING:  # pragma: no cover
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction


class UsageError(AdoptionRulesError):
    """The command was misused or its input file could not be read (exit 2)."""


def add_as_of_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of YYYY-MM-DD`` (default: today in England)."""
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="evaluate as of this date (default today)"
    )


def date_or_today(value: str | None, option: str) -> dt.date:
    """The date an option names (``YYYY-MM-DD``), or today in England when not given."""
    if not value:
        return calendar.today_in_england()
    try:
        day = calendar.parse_date(value, field=option)
    except AdoptionRulesError as exc:
        raise UsageError(str(exc)) from None
    if not calendar.MIN_DATE <= day <= calendar.MAX_DATE:
        raise UsageError(
            f"{option}: expected a date from {calendar.MIN_DATE.isoformat()} to "
            f"{calendar.MAX_DATE.isoformat()} (the calendar's range)"
        )
    return day


def as_of(args: argparse.Namespace) -> dt.date:
    """The date ``--as-of`` names, or today in England when it was not given."""
    return date_or_today(getattr(args, "as_of", None), "--as-of")


def open_input(name: str) -> IO[str]:
    """The file of cases ``name`` (``-``: standard input), or a :class:`UsageError`."""
    # Imported here for start-up speed: `deadline` reads no cases.
    from adoption_rules.io.records import open_input as open_records

    try:
        return open_records(name)
    except OSError as exc:
        raise UsageError(f"{name}: cannot read ({exc.strerror})") from None


def close_input(stream: IO[str]) -> None:
    """Close ``stream`` unless it is standard input."""
    if stream is not sys.stdin:
        stream.close()


def read_closures(path: str | os.PathLike[str]) -> list[dt.date]:
    """Read closure days from ``path``: one ``YYYY-MM-DD`` a line; ``#`` starts a comment."""
    # A plain open(), not pathlib: `deadline` needs nothing else of it, and pathlib
    # is a measurable part of its start-up.
    try:
        with open(path, "rb") as file:
            text = decode_utf8(file.read())
    except OSError as exc:
        raise UsageError(f"{path}: cannot read closure days ({exc.strerror})") from None
    except NotUtf8Error as exc:
        raise UsageError(f"{path}, {exc}") from None
    days: list[dt.date] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        try:
            days.append(calendar.parse_date(entry, field=f"{path}, line {number}"))
        except DateError as exc:
            raise UsageError(str(exc)) from None
    return days


ADDED_HOLIDAYS_HELP = (
    "count the dates in FILE as bank holidays too: one YYYY-MM-DD a line, optionally "
    "followed by the holiday's name (a bank holiday announced after this release; "
    "see docs/explain.md)"
)


def add_policy_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--policy FILE`` (dated rule changes) and ``--added-holidays FILE`` to a parser."""
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help=(
            "evaluate with the dated rule changes in FILE (.toml or .json; see "
            "docs/dated-policy.md)"
        ),
    )
    parser.add_argument("--added-holidays", metavar="FILE", help=ADDED_HOLIDAYS_HELP)


def registry_for(args: argparse.Namespace, base: Registry | None = None) -> Registry:
    """The registry to evaluate with: ``base`` (default: the default registry) with
    ``--policy`` and ``--added-holidays``.

    Raises :class:`UsageError` (exit 2) when the override file or the added
    holidays cannot be read or checked; the message names the file and line.
    """
    # Imported here for start-up speed: only commands that evaluate load plugins.
    from adoption_rules.plugins.registry import default_registry

    return _changed(base or default_registry(), *_changes(args))


def _changes(args: argparse.Namespace) -> tuple[Overrides | None, dict[dt.date, str]]:
    """The dated rule changes of ``--policy`` and the days of ``--added-holidays``, read
    and checked, or a :class:`UsageError`."""
    # Imported here for start-up speed: only commands that evaluate load plugins.
    from adoption_rules.io.added_holidays import AddedHolidaysError, read_added_holidays
    from adoption_rules.io.overrides import OverrideError, load_overrides

    overrides = None
    path: str | None = getattr(args, "policy", None)
    if path:
        try:
            overrides = load_overrides(path)
        except OverrideError as exc:
            raise UsageError(str(exc)) from None
    added: dict[dt.date, str] = {}
    holidays: str | None = getattr(args, "added_holidays", None)
    if holidays:
        try:
            added = read_added_holidays(holidays)
        except AddedHolidaysError as exc:
            raise UsageError(str(exc)) from None
    return overrides, added


def _changed(
    registry: Registry, overrides: Overrides | None, added: Mapping[dt.date, str]
) -> Registry:
    """``registry`` with ``overrides`` applied (a :class:`UsageError` when they do not fit
    it) and ``added`` bank holidays."""
    # Imported here for start-up speed: only commands that evaluate load plugins.
    from adoption_rules.io.added_holidays import add_bank_holidays
    from adoption_rules.io.overrides import OverrideError, apply_overrides

    if overrides is not None:
        try:
            registry = apply_overrides(registry, overrides)
        except OverrideError as exc:
            raise UsageError(str(exc)) from None
    return add_bank_holidays(registry, added)


def _job_count(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError("expected a whole number, 0 (one per core) or more")
    return jobs


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--jobs N`` (worker processes; ``0``: one per available core; default 1)."""
    parser.add_argument(
        "--jobs",
        metavar="N",
        type=_job_count,
        default=1,
        help=(
            "evaluate in N worker processes (0: one per available core; default 1, this "
            "process); the output is the same, in input order"
        ),
    )


def registry_factory_for(args: argparse.Namespace) -> RegistryFactory | None:
    """What worker processes build their registry with (``--jobs``): ``None`` for the default.

    The factory of :func:`registry_and_factory`, which see.
    """
    return registry_and_factory(args)[1]


def registry_and_factory(args: argparse.Namespace) -> tuple[Registry, RegistryFactory | None]:
    """The registry of :func:`registry_for`, and what worker processes build theirs with
    (``None``: the default registry).

    With ``--policy FILE`` or ``--added-holidays FILE``, the factory gives the
    default registry with the file's changes or days: the files are read and
    checked once, here (a bad one is a :class:`UsageError`, before any worker
    starts), and what they hold is sent to the workers.  The registry is built
    here, so that a plugin that fails to load stops the command before any
    worker starts.
    """
    # Imported here for start-up speed: only commands that evaluate load plugins.
    from adoption_rules.plugins.registry import default_registry

    overrides, added = _changes(args)
    registry = _changed(default_registry(), overrides, added)
    if overrides is None and not added:
        return registry, None
    # Imported here for start-up speed: only commands that evaluate load plugins.
    from functools import partial

    return registry, partial(worker_registry, overrides, added)


def worker_registry(overrides: Overrides | None, added: Mapping[dt.date, str]) -> Registry:
    """The default registry with ``overrides`` and ``added`` bank holidays: what a worker
    process builds (:func:`registry_and_factory`), as :func:`registry_for` in this one."""
    # Imported here for start-up speed: only commands that evaluate load plugins.
    from adoption_rules.plugins.registry import default_registry

    return _changed(default_registry(), overrides, added)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Rows as a plain-text table under ``headers``, columns padded to their widest cell."""
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def case_error_line(item: CaseError, extra: str = "") -> str:
    """One case's error as the line a command prints on standard error: the case id
    escaped and capped, the code, ``extra`` (say ``" (both policy)"``), the message
    with control characters escaped (see ``docs/handling-case-data.md``)."""
    # Imported here for start-up speed: `deadline` reports no case errors.
    from adoption_rules.io.safe import printable, shown_id

    return f"{shown_id(item.case_id)}: {item.error.code}{extra}: {printable(item.error.message)}"
