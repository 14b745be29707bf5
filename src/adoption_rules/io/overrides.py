"""Policy changes as data: dated parameter values from a file, and policy document versions.

An *override file* (TOML or JSON, never executed) lists dated changes to the
rules' parameters, by the parameter's name, each with its own citation::

    title = "Together4Children procedure, 2026 revision (draft)"

    [[change]]
    param = "together4children.referral_sign_off"
    effective_from = 2026-04-01
    period = "10 working days"
    citation = "T4C Adoption Support Policy and Procedure, 2026 revision, 7.10"

Each change gives exactly one of ``period`` (a period in words),
``no_time_limit = true`` (the step stays, with no time limit) or ``ends =
true`` (no rule from that date; ``reason`` optional).  The file's shape is
the JSON Schema ``schemas/policy-override.schema.json``; :func:`load_overrides`
checks it with this module's own code (no runtime dependency) and every
error names the file, the key and the line.

:func:`apply_overrides` returns a registry
(:meth:`~adoption_rules.plugins.registry.Registry.with_params`) whose policies
are the base policies with those parameters' histories extended (a change on a date that
already has a value replaces it; other dates stay).  The
:class:`~adoption_rules.plugins.policy.Policy` facade stays the one place the engine
gets rules from; only the rules' dated parameters differ.

A region module may also declare the versions of its policy document as
data, in the module attribute :data:`POLICY_VERSIONS_ATTRIBUTE`
(``POLICY_VERSIONS = ((date, "title or version", "citation"), ...)``), read
by :func:`policy_versions`.  See ``docs/dated-policy.md``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, Final

import attrs

from adoption_rules.core.errors import AdoptionRulesError, NotUtf8Error, decode_utf8
from adoption_rules.core.periods import Period, parse_period
from adoption_rules.core.rules import DatedValue, Ended, Param
from adoption_rules.io.jsonio import limit_error
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.policy import ChangedPolicy
from adoption_rules.plugins.registry import ChangedRegistry, Registry

__all__ = [
    "POLICY_VERSIONS_ATTRIBUTE",
    "Change",
    "OverriddenPolicy",
    "OverriddenRegistry",
    "OverrideError",
    "Overrides",
    "PolicyVersion",
    "PolicyVersionError",
    "Problem",
    "apply_overrides",
    "load_overrides",
    "parse_overrides",
    "policy_version_on",
    "policy_versions",
    "rule_params",
]

PeriodParam = Param[Period | None]

# -- policy document versions ------------------------------------------------------------

#: The optional module attribute a region declares its policy document's versions in.
POLICY_VERSIONS_ATTRIBUTE: Final = "POLICY_VERSIONS"


class PolicyVersionError(AdoptionRulesError, ValueError):
    """A region's ``POLICY_VERSIONS`` is not a date-ordered table of cited versions."""


@attrs.frozen
class PolicyVersion:
    """A version of a region's policy document, in force from ``effective_from`` (inclusive)."""

    effective_from: dt.date
    title: str
    citation: str


def policy_versions(region: RegionInfo | object) -> tuple[PolicyVersion, ...]:
    """The versions of a region's policy document, oldest first; ``()`` when it declares none.

    ``region`` is a :class:`~adoption_rules.plugins.declare.RegionInfo` (its plugin is
    read) or the plugin module itself.  The attribute holds
    ``(date, title, citation)`` triples in date order, one per date.
    """
    plugin = region.plugin if isinstance(region, RegionInfo) else region
    name = region.name if isinstance(region, RegionInfo) else getattr(plugin, "__name__", "?")
    raw = getattr(plugin, POLICY_VERSIONS_ATTRIBUTE, ())
    if not isinstance(raw, tuple | list):
        raise PolicyVersionError(f"{name}: {POLICY_VERSIONS_ATTRIBUTE} must be a tuple")
    out: list[PolicyVersion] = []
    for i, item in enumerate(raw):
        where = f"{name}: {POLICY_VERSIONS_ATTRIBUTE}[{i}]"
        if not (isinstance(item, tuple | list) and len(item) == 3):
            raise PolicyVersionError(f"{where}: expected (date, title, citation)")
        day, title, citation = item
        if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
            raise PolicyVersionError(f"{where}: the first item must be a date")
        if not (isinstance(title, str) and title and isinstance(citation, str) and citation):
            raise PolicyVersionError(f"{where}: the title and the citation must be non-empty")
        if out and day <= out[-1].effective_from:
            raise PolicyVersionError(f"{where}: versions must be in date order, one per date")
        out.append(PolicyVersion(day, title, citation))
    return tuple(out)


def policy_version_on(region: RegionInfo | object, day: dt.date) -> PolicyVersion | None:
    """The version in force on ``day`` (the latest starting on or before it), or ``None``."""
    found = None
    for version in policy_versions(region):
        if version.effective_from <= day:
            found = version
    return found


# -- errors ------------------------------------------------------------------------------


@attrs.frozen
class Problem:
    """One thing wrong with an override file: where (file, line, key) and what."""

    file: str
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


class OverrideError(AdoptionRulesError, ValueError):
    """An override file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# -- finding the line of a key -----------------------------------------------------------

Path_ = tuple[str | int, ...]
_TOML_HEADER: Final = re.compile(r"^\s*\[\[\s*\"?([A-Za-z0-9_-]+)\"?\s*\]\]")
_TOML_TABLE: Final = re.compile(r"^\s*\[")
_TOML_KEY: Final = re.compile(r"^\s*(\"?)([A-Za-z0-9_-]+)\1\s*=")


def _toml_keys(text: str) -> Iterator[tuple[int, Path_]]:
    """Each line of a TOML text that names a key or an array-of-tables header, with its path."""
    current: Path_ = ()
    counts: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            name = header.group(1)
            index = counts.get(name, 0)
            counts[name] = index + 1
            current = (name, index)
            yield number, current
            continue
        if _TOML_TABLE.match(line):
            current = ("?",)
            continue
        key = _TOML_KEY.match(line)
        if key:
            yield number, (*current, key.group(2))


def _toml_lines(text: str) -> dict[Path_, int]:
    """The line of each key of an override file written in TOML, by its path."""
    lines: dict[Path_, int] = {}
    for number, path in _toml_keys(text):
        lines.setdefault(path, number)
        if len(path) == 2 and isinstance(path[1], int):
            lines.setdefault(path[:1], number)
    return lines


def _toml_key_at(text: str, line: int | None) -> str | None:
    """The key a TOML line names (for the parser's errors), or ``None``."""
    for number, path in _toml_keys(text):
        if number == line:
            return _key_text(path)
    return None


def _json_lines(text: str) -> dict[Path_, int]:
    """The line of each key (and of each array element) of a JSON document, by its path."""
    lines: dict[Path_, int] = {}
    # Frames: [is_object, path, key or index, expecting a key]
    stack: list[list[Any]] = []
    line = 1
    i, n = 0, len(text)

    def value_starts() -> None:
        if not stack:
            return
        frame = stack[-1]
        if not frame[0]:
            frame[2] += 1
            lines.setdefault((*frame[1], frame[2]), line)

    def here() -> Path_:
        if not stack:
            return ()
        frame = stack[-1]
        return (*frame[1], frame[2])

    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            string = text[i + 1 : j]
            if stack and stack[-1][0] and stack[-1][3]:
                frame = stack[-1]
                try:
                    frame[2] = json.loads(f'"{string}"')
                except ValueError:
                    frame[2] = string
                frame[3] = False
                lines.setdefault((*frame[1], frame[2]), line)
            else:
                value_starts()
            line += string.count("\n")
            i = j
        elif ch in "{[":
            value_starts()
            stack.append([ch == "{", here(), -1 if ch == "[" else None, ch == "{"])
        elif ch in "}]":
            if stack:
                stack.pop()
        elif ch == ",":
            if stack and stack[-1][0]:
                stack[-1][3] = True
        elif (
            not ch.isspace()
            and ch != ":"
            and stack
            and not stack[-1][0]
            and text[i - 1] in "[, \t\r\n"
        ):
            value_starts()  # a scalar (number, true, false, null) starting in an array
        i += 1
    return lines


def _line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _key_text(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


# -- reading and checking an override file -----------------------------------------------

_TOP_KEYS: Final = frozenset({"title", "change"})
_CHANGE_KEYS: Final = frozenset(
    {"param", "effective_from", "citation", "period", "no_time_limit", "ends", "reason"}
)
_VALUE_KEYS: Final = ("period", "no_time_limit", "ends")
_PARAM_NAME: Final = re.compile(r"^[A-Za-z0-9_.-]+$")
_DATE_TEXT: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@attrs.frozen
class Change:
    """One dated change to a parameter, and where the file says it."""

    param: str
    entry: DatedValue[Period | None] | Ended
    index: int
    line: int | None
    #: The line of the ``param`` key (for an error about the name).
    param_line: int | None = None


@attrs.frozen
class Overrides:
    """The changes an override file makes, in file order."""

    source: str
    changes: tuple[Change, ...]
    title: str | None = None

    @cached_property
    def by_param(self) -> dict[str, tuple[Change, ...]]:
        """The changes of each parameter, by its name."""
        out: dict[str, list[Change]] = {}
        for change in self.changes:
            out.setdefault(change.param, []).append(change)
        return {name: tuple(changes) for name, changes in out.items()}

    def apply_to(self, param: PeriodParam) -> PeriodParam:
        """``param`` with this file's changes to it (``param`` itself when there are none)."""
        changes = self.by_param.get(param.name)
        if not changes:
            return param
        for change in changes:
            param = param.with_entry(change.entry)
        return param


class _Checker:
    def __init__(self, source: str, lines: Mapping[Path_, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: Path_, message: str) -> None:
        line = _line_of(self.lines, path)
        self.problems.append(Problem(self.source, line, _key_text(path) or None, message))

    def string(self, data: Mapping[str, Any], key: str, path: Path_) -> str | None:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem((*path, key), "must be a non-empty string")
            return None
        return value

    def date(self, data: Mapping[str, Any], path: Path_) -> dt.date | None:
        value = data.get("effective_from")
        where = (*path, "effective_from")
        if isinstance(value, dt.datetime | dt.time):
            self.problem(where, "must be a date (YYYY-MM-DD), not a time")
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and _DATE_TEXT.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                self.problem(where, f"{value!r} is not a real date")
                return None
        self.problem(where, f"must be a date, YYYY-MM-DD (got {value!r})")
        return None

    def change(self, data: object, index: int) -> Change | None:
        path: Path_ = ("change", index)
        if not isinstance(data, dict):
            self.problem(path, "each change must be a table (an object)")
            return None
        before = len(self.problems)
        for key in data:
            if key not in _CHANGE_KEYS:
                self.problem(
                    (*path, key), f"unknown key; expected {', '.join(sorted(_CHANGE_KEYS))}"
                )
        for key in ("param", "effective_from", "citation"):
            if key not in data:
                self.problem((*path, key), "missing (required in every change)")
        given = [key for key in _VALUE_KEYS if key in data]
        if len(given) != 1:
            what = "none" if not given else " and ".join(given)
            self.problem(
                (*path, given[-1] if given else "period"),
                f"give exactly one of period, no_time_limit, ends (this change gives {what})",
            )
        param = self.string(data, "param", path) if "param" in data else None
        if param is not None and not _PARAM_NAME.match(param):
            self.problem((*path, "param"), f"{param!r} is not a parameter name")
        day = self.date(data, path) if "effective_from" in data else None
        citation = self.string(data, "citation", path) if "citation" in data else None
        for key in ("no_time_limit", "ends"):
            if key in data and data[key] is not True:
                self.problem((*path, key), "must be true (leave the key out otherwise)")
        if "reason" in data:
            if "ends" not in data:
                self.problem((*path, "reason"), "a reason goes only with ends = true")
            elif not isinstance(data["reason"], str):
                self.problem((*path, "reason"), "must be a string")
        period: Period | None = None
        if "period" in data:
            text = data["period"]
            if not isinstance(text, str):
                self.problem((*path, "period"), "must be a period in words, e.g. '10 working days'")
            else:
                try:
                    period = parse_period(text)
                except AdoptionRulesError as exc:
                    self.problem((*path, "period"), str(exc))
        if len(self.problems) > before or param is None or day is None or citation is None:
            return None
        line = _line_of(self.lines, path)
        entry: DatedValue[Period | None] | Ended
        if "ends" in data:
            entry = Ended(citation, day, str(data.get("reason", "")))
        else:
            entry = DatedValue(period, citation, day)
        return Change(param, entry, index, line, _line_of(self.lines, (*path, "param")))

    def document(self, data: object) -> Overrides | None:
        if not isinstance(data, dict):
            self.problem((), "the file must hold a table (a JSON object) with a 'change' list")
            return None
        for key in data:
            if key not in _TOP_KEYS:
                self.problem((key,), "unknown key; expected 'title' and 'change'")
        title = data.get("title")
        if "title" in data and (not isinstance(title, str) or not title.strip()):
            self.problem(("title",), "must be a non-empty string")
        raw = data.get("change")
        if not isinstance(raw, list) or not raw:
            self.problem(("change",), "must list at least one change ([[change]] tables)")
            return None
        changes = [self.change(item, i) for i, item in enumerate(raw)]
        seen: dict[tuple[str, dt.date | None], int] = {}
        for change in changes:
            if change is None:
                continue
            key = (change.param, change.entry.effective_from)
            if key in seen:
                self.problem(
                    ("change", change.index, "effective_from"),
                    f"{change.param} already changes on this date in change[{seen[key]}]",
                )
            seen[key] = change.index
        if self.problems:
            return None
        return Overrides(
            self.source,
            tuple(c for c in changes if c is not None),
            title if isinstance(title, str) else None,
        )


def parse_overrides(
    data: object, source: str = "<overrides>", lines: Mapping[Path_, int] | None = None
) -> Overrides:
    """Check decoded override data (TOML's or JSON's) and return its changes.

    ``lines`` maps key paths to line numbers for the error messages.  Raises
    :class:`OverrideError` listing every problem.
    """
    checker = _Checker(source, lines or {})
    result = checker.document(data)
    if result is None:
        raise OverrideError(checker.problems)
    return result


def _past_limit(source: str, exc: BaseException) -> BaseException:
    """The :class:`OverrideError` for a file past a decoder limit (else ``exc`` itself)."""
    limit = limit_error(exc)
    if limit is None:
        return exc
    return OverrideError([Problem(source, None, None, f"too large: {limit}")])


def load_overrides(path: str | Path) -> Overrides:
    """Read an override file: ``.toml`` (TOML) or ``.json`` (JSON); nothing in it is executed."""
    path = Path(path)
    source = str(path)
    try:
        text = decode_utf8(path.read_bytes())
    except OSError as exc:
        raise OverrideError(
            [Problem(source, None, None, f"cannot read ({exc.strerror})")]
        ) from None
    except NotUtf8Error as exc:
        raise OverrideError([Problem(source, exc.line, None, "not valid UTF-8 text")]) from None
    suffix = path.suffix.lower()
    if suffix == ".toml":
        try:
            data: object = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            match = re.search(r"line (\d+)", str(exc))
            line = int(match.group(1)) if match else None
            key = _toml_key_at(text, line)
            raise OverrideError([Problem(source, line, key, f"not valid TOML: {exc}")]) from None
        except (RecursionError, ValueError) as exc:
            raise _past_limit(source, exc) from None
        lines = _toml_lines(text)
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise OverrideError(
                [Problem(source, exc.lineno, None, f"not valid JSON: {exc.msg}")]
            ) from None
        except (RecursionError, ValueError) as exc:
            raise _past_limit(source, exc) from None
        lines = _json_lines(text)
    else:
        raise OverrideError(
            [Problem(source, None, None, "an override file must end in .toml or .json")]
        )
    return parse_overrides(data, source, lines)


# -- applying overrides ------------------------------------------------------------------


def rule_params(registry: Registry) -> dict[str, tuple[str, ...]]:
    """Every rule parameter's name in the registry, with the regions whose rules read it."""
    out: dict[str, list[str]] = {}
    for region in registry.names:
        for resolved in registry.policy(region).rules:
            for param in resolved.rule.params():
                regions = out.setdefault(param.name, [])
                if region not in regions:
                    regions.append(region)
    return {name: tuple(regions) for name, regions in sorted(out.items())}


#: A region's policy, and a registry, with some rule parameters changed by a file
#: (the plugin layer's :class:`~adoption_rules.plugins.policy.ChangedPolicy` and
#: :class:`~adoption_rules.plugins.registry.ChangedRegistry`).
OverriddenPolicy = ChangedPolicy
OverriddenRegistry = ChangedRegistry


def apply_overrides(registry: Registry, overrides: Overrides | Iterable[Overrides]) -> Registry:
    """A registry whose rules carry the overrides' dated values (later files win on a date).

    Every parameter named must be a rule parameter of some region in
    ``registry`` (:func:`rule_params`); otherwise :class:`OverrideError`
    names the file, the key and the line, and suggests close names.
    """
    files = [overrides] if isinstance(overrides, Overrides) else list(overrides)
    known = rule_params(registry)
    problems: list[Problem] = []
    for file in files:
        for change in file.changes:
            if change.param in known:
                continue
            close = difflib.get_close_matches(change.param, list(known), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problems.append(
                Problem(
                    file.source,
                    change.param_line or change.line,
                    f"change[{change.index}].param",
                    f"no rule parameter is called {change.param!r}{hint}",
                )
            )
    if problems:
        raise OverrideError(problems)
    out = registry
    for file in files:
        out = out.with_params(file.apply_to, file.source, file.title or "")
    return out
