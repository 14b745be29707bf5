"""``adoption-rules route|threshold|transfer|eligibility FILE``: questions beyond deadlines.

Each command reads one question, a JSON array of them, or JSON Lines (as
``evaluate`` reads cases), answers each through :mod:`adoption_rules.questions`
and prints the answer with its reason, citation and deciding plugin (or, with
``--format json``, a JSON array of one item per question, in input order).

A question is a v1 case, or an object holding the case and the facts the
question needs that the case does not carry (``docs/questions.md``)::

    {"case": {...a v1 case...}, "concerns": ["significant_harm"]}
    {"case": {...}, "requester": "birth_parent"}

Exit status: 0 every question answered, 1 some question had an error (the
others still answered), 2 misuse or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import enum
import json
import sys
from collections.abc import Callable, Iterator
from typing import IO, Any, Final

import attrs

from adoption_rules.cli import common
from adoption_rules.cli.common import UsageError
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.core.model import Case
from adoption_rules.io.converter import InputError, structure_case, unstructure
from adoption_rules.io.records import FileFormatError, read_records
from adoption_rules.plugins.dispatch import PluginError
from adoption_rules.plugins.registry import Registry, UnknownRegionError, default_registry
from adoption_rules.questions import (
    Concern,
    Eligibility,
    ReferralRoute,
    Requester,
    ThresholdAnswer,
    TransferAnswer,
)

__all__ = ["QUESTION_FIELDS", "Question", "parse_question", "register"]

#: The fields a question object may have besides ``case``.
QUESTION_FIELDS: Final = ("concerns", "requester")

FORMATS: Final = ("text", "json")

Answer = ReferralRoute | ThresholdAnswer | TransferAnswer | Eligibility


@attrs.frozen
class Question:
    """One question as read: the case, and the facts it needs that the case does not carry."""

    case: Case
    concerns: frozenset[Concern] | None = None
    requester: Requester | None = None


def _codes(cls: type[enum.StrEnum]) -> str:
    return ", ".join(m.value for m in cls)


def _enum(cls: type[enum.StrEnum], value: object, field: str) -> Any:
    if not isinstance(value, str):
        raise InputError("wrong_type", f"{field} must be a string", field)
    try:
        return cls(value)
    except ValueError:
        raise InputError("invalid_value", f"{field} is not one of: {_codes(cls)}", field) from None


def parse_question(data: object) -> Question:
    """A question from its decoded JSON: a bare v1 case, or ``{"case": ..., ...}``.

    Raises :class:`~adoption_rules.io.converter.InputError` naming the field
    (``case.events[0].type``, ``concerns[1]``...).
    """
    if not isinstance(data, dict) or "case" not in data:
        return Question(structure_case(data))
    unknown = sorted(set(data) - {"case", *QUESTION_FIELDS})
    if unknown:
        raise InputError(
            "unknown_field",
            f"a question has the fields case, {', '.join(QUESTION_FIELDS)}; not {unknown[0]}",
            unknown[0],
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
            "missing_field", f"the question needs concerns (any of: {_codes(Concern)})", "concerns"
        )
    return registry.policy(q.case.region).statutory_threshold(q.case, as_of, q.concerns)


def _transfer(q: Question, registry: Registry, as_of: dt.date) -> Answer:
    return registry.policy(q.case.region).transfer(q.case, as_of)


def _eligibility(q: Question, registry: Registry, as_of: dt.date) -> Answer:
    if q.requester is None:
        raise InputError(
            "missing_field", f"the question needs requester (one of: {_codes(Requester)})",
            "requester",
        )  # fmt: skip
    policy = registry.policy(q.case.region)
    return policy.assessment_eligibility(q.requester, q.case.adoption_route)


Ask = Callable[[Question, Registry, dt.date], Answer]


# -- text output --------------------------------------------------------------------


def _lines(label: str, items: tuple[str, ...]) -> list[str]:
    if not items:
        return []
    return [f"  {label}:"] + [f"    - {item}" for item in items]


def _text(answer: Answer) -> list[str]:
    out: list[str] = []
    if isinstance(answer, ReferralRoute):
        out.append(
            f"  receives it: {answer.receiver}" + (f" ({answer.council})" if answer.council else "")
        )
        out += _lines("how", answer.how)
        out += _lines(
            "screening may decide",
            tuple(f"{code}: {text}" for code, text in answer.screening_outcomes),
        )
    elif isinstance(answer, ThresholdAnswer):
        out.append(f"  threshold met: {'yes' if answer.met else 'no'}")
        if answer.met:
            out.append(f"  met by: {', '.join(answer.met_by)}")
            out.append(f"  route: {answer.route}")
            out.append(f"  council concerned: {answer.council or 'not recorded'}")
            out.append(f"  referral to: {answer.destination}")
            out += _lines("steps", answer.steps)
    elif isinstance(answer, TransferAnswer):
        due = {True: "yes", False: "no", None: "cannot tell"}[answer.due]
        out.append(f"  transfer due: {due}")
        if answer.due_from is not None:
            out.append(f"  due from: {answer.due_from.isoformat()}")
        out.append(f"  family lives in: {answer.lives_in or 'not recorded'}")
        if answer.to:
            out.append(f"  transfer to: {answer.to}")
        if answer.recent_review_required:
            recent = answer.recent_review.isoformat() if answer.recent_review else "none"
            out.append(f"  assessment or review in the last 3 months: {recent}")
    else:
        out.append(f"  may ask for an assessment: {'yes' if answer.may_request else 'no'}")
        out.append(f"  duty to assess: {'yes' if answer.duty_to_assess else 'no'}")
        out += _lines("covers", answer.services)
        out += _lines("needs no assessment", answer.no_assessment_needed)
    out.append(f"  why: {answer.reason}")
    out.append(f"  source: {answer.citation}")
    out.append(f"  decided by: {answer.decided_by}")
    return out


# -- running a command ----------------------------------------------------------------


def _items(
    stream: IO[str], ask: Ask, registry: Registry, as_of: dt.date
) -> Iterator[tuple[str | None, Case | None, Answer | InputError | PluginError]]:

    for record in read_records(stream):
        if record.error is not None:
            yield None, None, record.error
            continue
        data = record.data
        case_id = None
        if isinstance(data, dict):
            inner = data.get("case", data)
            cid = inner.get("case_id") if isinstance(inner, dict) else None
            case_id = cid if isinstance(cid, str) else None
        try:
            question = parse_question(data)
            try:
                answer = ask(question, registry, as_of)
            except UnknownRegionError as exc:
                raise InputError("unknown_region", str(exc), "case.region") from None
        except InputError as exc:
            yield case_id, None, exc
        except PluginError as exc:
            yield case_id, None, exc
        else:
            yield question.case.case_id, question.case, answer


def _error_json(case_id: str | None, exc: InputError | PluginError) -> dict[str, Any]:
    if isinstance(exc, InputError):
        detail = {"code": exc.code, "message": str(exc), "field": exc.field}
    else:
        detail = {"code": "plugin_failed", "message": str(exc), "field": None}
    return {"case_id": case_id, "error": detail}


def _run(args: argparse.Namespace, name: str, ask: Ask) -> int:
    as_of = common.as_of(args)
    try:
        registry = default_registry()
    except AdoptionRulesError as exc:
        print(f"adoption-rules: {exc}", file=sys.stderr)
        return 1
    stream = common.open_input(args.file)
    bad = 0
    out: list[dict[str, Any]] = []
    try:
        for case_id, case, item in _items(stream, ask, registry, as_of):
            if isinstance(item, (InputError, PluginError)):
                bad += 1
                if args.format == "json":
                    out.append(_error_json(case_id, item))
                else:
                    code = item.code if isinstance(item, InputError) else "plugin_failed"
                    print(f"{case_id or '(no case_id)'}: {code}: {item}", file=sys.stderr)
                continue
            assert case is not None
            if args.format == "json":
                out.append(
                    {
                        "case_id": case.case_id,
                        "region": case.region,
                        "as_of": as_of.isoformat() if "as_of" in args else None,
                        "question": name,
                        "answer": unstructure(item),
                    }
                )
            else:
                dated = f", as of {as_of.isoformat()}" if "as_of" in args else ""
                sys.stdout.write(f"{case.case_id} ({case.region}{dated}): {name}\n")
                sys.stdout.write("\n".join(_text(item)) + "\n")
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        common.close_input(stream)
    if args.format == "json":
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    return 1 if bad else 0


def _handler(name: str, ask: Ask) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        try:
            return _run(args, name, ask)
        except UsageError as exc:
            print(f"adoption-rules: {exc}", file=sys.stderr)
            return 2

    return handler


_COMMANDS: Final[tuple[tuple[str, Ask, str, str, bool], ...]] = (
    (
        "route",
        _route,
        "who receives a family's request for support, and what screening may decide",
        "Answer, for each case, which hub, team or agency receives the family's request for "
        "support (by where the family lives) and what screening may decide (T1, T2, W2, L7; "
        "elsewhere the council responsible under E1).",
        True,
    ),
    (
        "threshold",
        _threshold,
        "whether recorded concerns meet the safeguarding or statutory services threshold",
        "Answer, for each question (a case and its 'concerns'), whether the concerns meet the "
        "safeguarding or statutory services threshold and where the referral goes for the "
        "council concerned (T3, T14, T15, W2; elsewhere s47 and E14). Concerns: "
        + _codes(Concern)
        + ".",
        True,
    ),
    (
        "transfer",
        _transfer,
        "whether a transfer of support to where the family lives is due",
        "Answer, for each case, whether support should transfer to the council or RAA where "
        "the family lives (T13: outside the partnership and adopted over three years, with an "
        "assessment or review in the last 3 months; elsewhere E1).",
        True,
    ),
    (
        "eligibility",
        _eligibility,
        "whether a person may ask for an assessment of need (E2-E5)",
        "Answer, for each question (a case and its 'requester'), whether that person may ask "
        "for an assessment of need after an adoption by the case's adoption_route, and what it "
        "covers (E2-E5). Requesters: " + _codes(Requester) + ".",
        False,
    ),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``route``, ``threshold``, ``transfer`` and ``eligibility`` commands."""
    for name, ask, help_, description, dated in _COMMANDS:
        p = subparsers.add_parser(name, help=help_, description=description)
        p.add_argument(
            "file", help="the questions: one, a JSON array or JSON Lines; - for standard input"
        )
        if dated:
            p.add_argument(
                "--as-of", metavar="YYYY-MM-DD", help="answer as of this date (default today)"
            )
        p.add_argument("--format", choices=FORMATS, default="text", help="text or json")
        p.set_defaults(handler=_handler(name, ask))
