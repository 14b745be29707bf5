"""The audit's domain model: ratings, entries, a completed audit and a blank template.

The rating scale is the audit tool's four columns (seed
``002_2b773c64d6b34cd3.txt``, Summary and audit tool): "Not present",
"Partially Present", "Matches Exempla services", "Exceeds Exempla Services".
The seed spells "exemplar" as "Exempla" in those headings; the labels here say
"exemplar", and :meth:`Rating.parse` accepts both spellings.  A blank rating
(``None``) means "not yet assessed".

Priority is the tool's "ALLOCATED PRIORITY 1 – Low 4 - High": an integer from
1 to 4, or ``None`` when not yet allocated.

The name of the person who completed an audit (``completed_by``) is the
report's author: it is kept out of ``repr`` and out of every error message.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Final

import attrs

from adoption_rules.audit.elements import SUB_ELEMENT_IDS
from adoption_rules.core.errors import AdoptionRulesError

__all__ = [
    "PRIORITY_MAX",
    "PRIORITY_MIN",
    "Audit",
    "AuditEntry",
    "AuditError",
    "AuditTemplate",
    "InvalidAuditError",
    "Rating",
    "blank_entries",
    "entries_from",
    "new_template",
]

PRIORITY_MIN: Final = 1
PRIORITY_MAX: Final = 4


class AuditError(AdoptionRulesError):
    """Base class of the errors of :mod:`adoption_rules.audit`."""


class InvalidAuditError(AuditError, ValueError):
    """An audit, entry or template that breaks an invariant (unknown id, priority 5, ...)."""


class Rating(enum.Enum):
    """How far a service has one sub-element, compared with the exemplar services."""

    NOT_PRESENT = "not_present"
    PARTIALLY_PRESENT = "partially_present"
    MATCHES_EXEMPLAR = "matches_exemplar"
    EXCEEDS_EXEMPLAR = "exceeds_exemplar"

    @property
    def label(self) -> str:
        """The label a person reads and types, e.g. "Partially present"."""
        return _LABELS[self]

    @property
    def score(self) -> int:
        """0 (not present) to 3 (exceeds the exemplar); 2 is the exemplar benchmark."""
        return _SCORES[self]

    @classmethod
    def parse(cls, text: str) -> Rating | None:
        """Read a rating as a person or a program may write it; blank means ``None``.

        Accepted, ignoring case, spaces, ``_`` and ``-``: the values
        (``partially_present``), the labels ("Partially present"), and the
        seed's own column headings ("Matches Exempla services").  Raises
        :class:`ValueError` for anything else.
        """
        if not text.strip():
            return None
        key = _rating_key(text)
        try:
            return _ACCEPTED[key]
        except KeyError:
            raise ValueError(f"{text.strip()!r} is not a rating") from None


_LABELS: Final[Mapping[Rating, str]] = MappingProxyType(
    {
        Rating.NOT_PRESENT: "Not present",
        Rating.PARTIALLY_PRESENT: "Partially present",
        Rating.MATCHES_EXEMPLAR: "Matches exemplar services",
        Rating.EXCEEDS_EXEMPLAR: "Exceeds exemplar services",
    }
)
_SCORES: Final[Mapping[Rating, int]] = MappingProxyType(
    {
        Rating.NOT_PRESENT: 0,
        Rating.PARTIALLY_PRESENT: 1,
        Rating.MATCHES_EXEMPLAR: 2,
        Rating.EXCEEDS_EXEMPLAR: 3,
    }
)


def _rating_key(text: str) -> str:
    words = re.sub(r"[\s_\-]+", " ", text.strip().casefold()).strip().split()
    if words and words[-1] in ("services", "service"):
        words = words[:-1]
    words = [w for w in words if w != "the"]
    return " ".join("exemplar" if w == "exempla" else w for w in words)


_ACCEPTED: Final[Mapping[str, Rating]] = MappingProxyType(
    {
        **{_rating_key(r.value): r for r in Rating},
        **{_rating_key(r.label): r for r in Rating},
        # the seed's column headings, "Exempla" spelling and all
        _rating_key("Not present"): Rating.NOT_PRESENT,
        _rating_key("Partially Present"): Rating.PARTIALLY_PRESENT,
        _rating_key("Matches Exempla services"): Rating.MATCHES_EXEMPLAR,
        _rating_key("Exceeds Exempla Services"): Rating.EXCEEDS_EXEMPLAR,
    }
)


def _check_sub_element(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if value not in SUB_ELEMENT_IDS:
        raise InvalidAuditError(f"{attribute.name}: {value!r} is not a sub-element of the audit")


def _check_priority(_: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is None:
        return
    if type(value) is not int:
        raise InvalidAuditError(f"{attribute.name}: expected an integer 1-4, got {value!r}")
    if not PRIORITY_MIN <= value <= PRIORITY_MAX:
        raise InvalidAuditError(
            f"{attribute.name}: {value} is out of range: use {PRIORITY_MIN} (low) "
            f"to {PRIORITY_MAX} (high)"
        )


def _check_rating(_: object, attribute: attrs.Attribute[Rating | None], value: object) -> None:
    if value is not None and not isinstance(value, Rating):
        raise InvalidAuditError(f"{attribute.name}: expected a Rating or None")


def _check_text(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidAuditError(f"{attribute.name}: expected text")


def _check_optional_date(
    _: object, attribute: attrs.Attribute[_dt.date | None], value: object
) -> None:
    if value is not None and (not isinstance(value, _dt.date) or isinstance(value, _dt.datetime)):
        raise InvalidAuditError(f"{attribute.name}: expected a datetime.date or None")


def _check_optional_text(_: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and not isinstance(value, str):
        raise InvalidAuditError(f"{attribute.name}: expected text or None")


@attrs.frozen
class AuditEntry:
    """The manager's answer for one sub-element.

    ``rating`` ``None`` is "not yet assessed"; ``priority`` ``None`` is "not
    yet allocated".  ``prefilled_from`` explains a suggestion made by
    :func:`adoption_rules.audit.prefill.prefill` (which rule, from which
    document); it stays with the entry after the manager confirms or changes
    the rating, so the report can show where a rating started.  ``owner``,
    ``target_date`` and ``progress`` make an action a plan: who does it, by
    when, and how far it has got (all optional).
    """

    sub_element: str = attrs.field(validator=_check_sub_element)
    rating: Rating | None = attrs.field(default=None, validator=_check_rating)
    actions: str = attrs.field(default="", validator=_check_text)
    priority: int | None = attrs.field(default=None, validator=_check_priority)
    prefilled_from: str | None = attrs.field(default=None, validator=_check_optional_text)
    owner: str | None = attrs.field(default=None, validator=_check_optional_text)
    target_date: _dt.date | None = attrs.field(default=None, validator=_check_optional_date)
    progress: str | None = attrs.field(default=None, validator=_check_optional_text)


def _check_entries(_: object, attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, tuple) or not all(isinstance(e, AuditEntry) for e in value):
        raise InvalidAuditError(f"{attribute.name}: expected a tuple of AuditEntry")
    seen: set[str] = set()
    duplicates: list[str] = []
    for entry in value:
        if entry.sub_element in seen:
            duplicates.append(entry.sub_element)
        seen.add(entry.sub_element)
    missing = [i for i in SUB_ELEMENT_IDS if i not in seen]
    problems = []
    if duplicates:
        problems.append("duplicated: " + ", ".join(duplicates))
    if missing:
        problems.append("missing: " + ", ".join(missing))
    if problems:
        raise InvalidAuditError(
            f"{attribute.name}: need exactly one entry per sub-element ({'; '.join(problems)})"
        )


def _check_name(_: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidAuditError(f"{attribute.name}: must not be blank")


def _check_optional_name(_: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidAuditError(f"{attribute.name}: must be None or non-blank text")


def _check_date(_: object, attribute: attrs.Attribute[_dt.date], value: object) -> None:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise InvalidAuditError(f"{attribute.name}: expected a datetime.date (not a datetime)")


class _EntriesMixin:
    """Look-ups shared by :class:`Audit` and :class:`AuditTemplate`."""

    __slots__ = ()
    entries: tuple[AuditEntry, ...]

    def entry(self, sub_element: str) -> AuditEntry:
        """The entry for ``sub_element`` ("1a", "8", ...); ``KeyError`` if unknown."""
        for e in self.entries:
            if e.sub_element == sub_element:
                return e
        raise KeyError(sub_element)

    def in_seed_order(self) -> tuple[AuditEntry, ...]:
        """The entries in the audit tool's order (1a, 1b, ..., 8, ..., 17b)."""
        by_id = {e.sub_element: e for e in self.entries}
        return tuple(by_id[i] for i in SUB_ELEMENT_IDS if i in by_id)

    def not_yet_assessed(self) -> tuple[str, ...]:
        """The ids whose rating is blank, in the audit tool's order."""
        return tuple(e.sub_element for e in self.in_seed_order() if e.rating is None)


@attrs.frozen
class Audit(_EntriesMixin):
    """One agency's completed (or partly completed) audit, as of ``completed_on``.

    ``entries`` holds exactly one :class:`AuditEntry` per sub-element of the
    audit tool (49 of them), in any order.
    """

    agency: str = attrs.field(validator=_check_name)
    completed_by: str = attrs.field(validator=_check_name, repr=False)
    completed_on: _dt.date = attrs.field(validator=_check_date)
    entries: tuple[AuditEntry, ...] = attrs.field(validator=_check_entries)
    region: str | None = attrs.field(default=None, validator=_check_optional_name)


def blank_entries() -> tuple[AuditEntry, ...]:
    """One empty entry per sub-element, in the audit tool's order."""
    return tuple(AuditEntry(i) for i in SUB_ELEMENT_IDS)


@attrs.frozen
class AuditTemplate(_EntriesMixin):
    """An audit not yet started: who it is for, perhaps pre-filled, no author or date yet."""

    agency: str | None = attrs.field(default=None, validator=_check_optional_name)
    region: str | None = attrs.field(default=None, validator=_check_optional_name)
    entries: tuple[AuditEntry, ...] = attrs.field(factory=blank_entries, validator=_check_entries)


def new_template(agency: str | None = None, region: str | None = None) -> AuditTemplate:
    """A blank template, optionally naming the agency and its region."""
    return AuditTemplate(agency=agency, region=region)


def entries_from(items: Iterable[AuditEntry]) -> tuple[AuditEntry, ...]:
    """``items`` as a tuple in the audit tool's order (for building an :class:`Audit`)."""
    order = {i: n for n, i in enumerate(SUB_ELEMENT_IDS)}
    return tuple(sorted(items, key=lambda e: order[e.sub_element]))
