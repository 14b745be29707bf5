"""Asking one of the four questions of many cases: one JSON item per question, in order.

The command line (``adoption-rules route|threshold|transfer|eligibility FILE
--format json``) and the service (``POST /v1/route`` ...) both write what
:func:`answer_items` yields, so their JSON is the same.

A question is a v1 case, or an object holding the case and the facts the
question needs that the case does not carry (``docs/questions.md``)::

    {"case": {...a v1 case...}, "concerns": ["significant_harm"]}
    {"case": {...}, "requester": "birth_parent"}
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from adoption_rules.core.answers import (
    Concern,
    Eligibility,
    ReferralRoute,
    Requester,
    ThresholdAnswer,
    TransferAnswer,
)
from adoption_rules.core.model import Case, CaseError
from adoption_rules.io.converter import InputError, structure_case, unstructure
from adoption_rules.io.records import Record
from adoption_rules.io.safe import case_error
from adoption_rules.plugins.registry import Registry, UnknownRegionError

__all__ = [
    "ASKS",
    "DATED",
    "QUESTION_FIELDS",
    "Answer",
    "Ask",
    "Question",
    "answer_items",
    "answers",
    "codes",
    "parse_question",
]

#: The fields a question object may have besides ``case``.
QUESTION_FIELDS: Final = ("concerns", "requester")


Answer = ReferralRoute | ThresholdAnswer | TransferAnswer | Eligibility


@attrs.frozen
class Question:
    """One question as read: the case, and the facts it needs that the case does not carry."""

    case: Case
    concerns: frozenset[Concern] | None = None
    requester: Requester | None = None


def codes(cls: type[enum.StrEnum]) -> str:
    return ", ".join(m.value for m in cls)


def _enum(cls: type[enum.StrEnum], value: object, field: str) -> Any:
    if not isinstance(value, str):
        raise InputError("wrong_type", f"{field} must be a string", field)
    try:
        return cls(value)
    except ValueError:
        raise InputError("invalid_value", f"{field} is not one of: {codes(cls)}", field) from None


def parse_question(data: object) -> Question:
    """A question from its decoded JSON: a bare v1 case, or ``{"case": ..., ...}``.

    Raises :class:`~adoption_rules.converter.InputError` naming the field
    (``case.events[0].type``, ``concerns[1]``...).
    """
    if not isinstance(data, dict) or "case" not in data:
        return Question(structure_case(data))
    unknown = sorted(set(data) - {"case", *QUESTION_FIELDS})
    if unknown:
        # The unknown key is not echoed: it may be anything the file holds.
        raise InputError(
            "unknown_field",
            f"expected only the fields case, {', '.join(QUESTION_FIELDS)} in a question",
            None,
        )
    try:
        case = structure_case(data["case"])
    except InputError as exc:
        field = "case" if exc.field is None else f"case.{exc.field}"
        raise InputError(exc.code, str(exc), field) from None
    concerns: frozenset[Concern] | None = None
    if "concerns" in data:
        raw = data["concerns"]
        if not isinstance(raw, list):
            raise InputError("wrong_type", "concerns must be an array", "concerns")
        concerns = frozenset(_enum(Concern, v, f"concerns[{i}]") for i, v in enumerate(raw))
    requester = None
    if "requester" in data:
        requester = _enum(Requester, data["requester"], "requester")
    return Question(case, concerns, requester)


# -- the four questions ------------------------------------------------------------


def _route(q: Question, registry: Registry, as_of: dt.date) -> Answer:
    return registry.policy(q.case.region).referral_route(q.case, as_of)


def _threshold(q: Question, registry: Registry, as_of: dt.date) -> Answer:
    if q.concerns is None:
        raise InputError(
            "missing_field", f"the question needs concerns (any of: {codes(Concern)})", "concerns"
        )
    return registry.policy(q.case.region).statutory_threshold(q.case, as_of, q.concerns)


def _transfer(q: Question, registry: Registry, as_of: dt.date) -> Answer:
    return registry.policy(q.case.region).transfer(q.case, as_of)


def _eligibility(q: Question, registry: Registry, as_of: dt.date) -> Answer:
    if q.requester is None:
        raise InputError(
            "missing_field", f"the question needs requester (one of: {codes(Requester)})",
            "requester",
        )  # fmt: skip
    policy = registry.policy(q.case.region)
    return policy.assessment_eligibility(q.requester, q.case.adoption_route)


Ask = Callable[[Question, Registry, dt.date], Answer]


#: Each question by its name, and whether it is asked as of a date.
ASKS: Final[Mapping[str, Ask]] = {
    "route": _route,
    "threshold": _threshold,
    "transfer": _transfer,
    "eligibility": _eligibility,
}
DATED: Final = frozenset({"route", "threshold", "transfer"})


def answers(
    records: Iterable[Record], ask: Ask, registry: Registry, as_of: dt.date
) -> Iterator[tuple[Case, Answer] | CaseError]:
    """Each record's question answered: (case, answer), or that question's error.

    One bad question never costs the others: any exception while reading or
    answering it becomes its error (per-case isolation,
    :func:`adoption_rules.io.safe.case_error`).
    """
    for record in records:
        if record.error is not None:
            yield CaseError(None, record.error.detail())
            continue
        data = record.data
        case_id = None
        if isinstance(data, dict):
            inner = data.get("case", data)
            case_id = inner.get("case_id") if isinstance(inner, dict) else None
        try:
            question = parse_question(data)
            try:
                answer = ask(question, registry, as_of)
            except UnknownRegionError as exc:
                raise InputError("unknown_region", str(exc), "case.region") from None
        except Exception as exc:
            yield case_error(case_id, exc)
        else:
            yield question.case, answer


def answer_items(
    records: Iterable[Record], name: str, registry: Registry, as_of: dt.date
) -> Iterator[tuple[dict[str, Any], Case | None, Answer | None]]:
    """The JSON item of each question (its answer, or its error), with the case and answer.

    ``name`` is one of :data:`ASKS`; ``as_of`` is written as the item's ``as_of``
    for a question asked as of a date (:data:`DATED`), ``null`` otherwise.
    """
    day = as_of.isoformat() if name in DATED else None
    for item in answers(records, ASKS[name], registry, as_of):
        if isinstance(item, CaseError):
            yield unstructure(item), None, None
            continue
        case, answer = item
        doc = {
            "case_id": case.case_id,
            "region": case.region,
            "as_of": day,
            "question": name,
            "answer": unstructure(answer),
        }
        yield doc, case, answer
