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
import json
import sys
from collections.abc import Callable
from typing import Any, Final

from adoption_rules.cli import common
from adoption_rules.cli.common import UsageError
from adoption_rules.documents.questions import (
    QUESTION_FIELDS,
    Answer,
    Question,
    answer_items,
    codes,
    parse_question,
)
from adoption_rules.io.records import FileFormatError, read_records
from adoption_rules.io.safe import printable, shown_id
from adoption_rules.plugins.registry import default_registry
from adoption_rules.questions import (
    Concern,
    ReferralRoute,
    Requester,
    ThresholdAnswer,
    TransferAnswer,
)

__all__ = ["QUESTION_FIELDS", "Question", "parse_question", "register"]

FORMATS: Final = ("text", "json")


# -- text output --------------------------------------------------------------------


def _lines(label: str, items: tuple[str, ...]) -> list[str]:
    if not items:
        return []
    return [f"  {label}:"] + [f"    - {item}" for item in items]


def shown_text(answer: Answer) -> list[str]:
    """The text form of an answer as the command prints it: control characters in
    whatever it quotes from the case (a council, a reason) escaped."""
    return [printable(line) for line in _text(answer)]


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


def _run(args: argparse.Namespace, name: str) -> int:
    as_of = common.as_of(args)
    registry = default_registry()  # a plugin that fails to load: exit 2 (cli.main)
    stream = common.open_input(args.file)
    bad = 0
    out: list[dict[str, Any]] = []
    try:
        for doc, case, answer in answer_items(read_records(stream), name, registry, as_of):
            if answer is None:
                bad += 1
            if args.format == "json":
                out.append(doc)
            elif answer is None:
                error = doc["error"]
                print(
                    f"{shown_id(doc['case_id'])}: {error['code']}: {printable(error['message'])}",
                    file=sys.stderr,
                )
            else:
                assert case is not None
                dated = f", as of {as_of.isoformat()}" if "as_of" in args else ""
                sys.stdout.write(f"{shown_id(case.case_id)} ({case.region}{dated}): {name}\n")
                sys.stdout.write("\n".join(shown_text(answer)) + "\n")
    except FileFormatError as exc:
        raise UsageError(f"{args.file}: {exc}") from None
    finally:
        common.close_input(stream)
        if args.format == "json":
            # Written even when reading stopped half way (the exit status says so).
            json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
    return 1 if bad else 0


def _handler(name: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        try:
            return _run(args, name)
        except UsageError as exc:
            print(f"adoption-rules: {exc}", file=sys.stderr)
            return 2

    return handler


_COMMANDS: Final[tuple[tuple[str, str, str, bool], ...]] = (
    (
        "route",
        "who receives a family's request for support, and what screening may decide",
        "Answer, for each case, which hub, team or agency receives the family's request for "
        "support (by where the family lives) and what screening may decide (T1, T2, W2, L7; "
        "elsewhere the council responsible under E1).",
        True,
    ),
    (
        "threshold",
        "whether recorded concerns meet the safeguarding or statutory services threshold",
        "Answer, for each question (a case and its 'concerns'), whether the concerns meet the "
        "safeguarding or statutory services threshold and where the referral goes for the "
        "council concerned (T3, T14, T15, W2; elsewhere s47 and E14). Concerns: "
        + codes(Concern)
        + ".",
        True,
    ),
    (
        "transfer",
        "whether a transfer of support to where the family lives is due",
        "Answer, for each case, whether support should transfer to the council or RAA where "
        "the family lives (T13: outside the partnership and adopted over three years, with an "
        "assessment or review in the last 3 months; elsewhere E1).",
        True,
    ),
    (
        "eligibility",
        "whether a person may ask for an assessment of need (E2-E5)",
        "Answer, for each question (a case and its 'requester'), whether that person may ask "
        "for an assessment of need after an adoption by the case's adoption_route, and what it "
        "covers (E2-E5). Requesters: " + codes(Requester) + ".",
        False,
    ),
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``route``, ``threshold``, ``transfer`` and ``eligibility`` commands."""
    for name, help_, description, dated in _COMMANDS:
        p = subparsers.add_parser(name, help=help_, description=description)
        p.add_argument(
            "file", help="the questions: one, a JSON array or JSON Lines; - for standard input"
        )
        if dated:
            p.add_argument(
                "--as-of", metavar="YYYY-MM-DD", help="answer as of this date (default today)"
            )
        p.add_argument("--format", choices=FORMATS, default="text", help="text or json")
        p.set_defaults(handler=_handler(name))
