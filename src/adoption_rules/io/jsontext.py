"""The JSON text of a batch's output items, the same bytes whichever JSON backend.

:func:`to_json` is what the writers of :mod:`adoption_rules.io.output` call for each
case.  With orjson (the ``fast`` extra) it is ``dumps(unstructure(item))``.
With the standard library alone, a :class:`~adoption_rules.core.model.Result` is
written out here as text instead: ``json.dumps`` of the unstructured result
costs about 20 microseconds a case, two thirds of it in the encoder, and this
writer about 8.  Strings are escaped by the standard library's own C function
(the one ``json.dumps(..., ensure_ascii=False)`` uses), and the strings a batch
repeats (kinds, rules, citations, statuses, councils) are escaped once.

The wire format still has one definition, the converter's: the tests check
that this text is exactly ``json.dumps(unstructure(result))`` for every
example and for generated results.  A value of a type the contract does not
allow (a plugin's warning message that is not a string, say) makes this writer
give up, and that item is written through the converter as before.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable
from typing import Any, Final

from adoption_rules.core.calendar import _ISO_TEXT, iso_date
from adoption_rules.core.model import Obligation, Result, TransferAnswer
from adoption_rules.io.converter import unstructure
from adoption_rules.io.jsonio import BACKEND, dumps

__all__ = ["result_json", "to_json"]

_escape: Callable[[str], str] = getattr(json.encoder, "c_encode_basestring", None) or (
    json.encoder.py_encode_basestring
)
_iso: Final = _ISO_TEXT.get

#: Escaped JSON text of the strings a batch writes over and over; emptied at its
#: bound, so memory stays flat.
_ESCAPED: dict[str, str] = {}
_ESCAPED_BOUND: Final = 10_000


class _NotWritable(TypeError):
    """A value of a type the contract does not allow where it was found."""


def _known(text: str) -> str:
    """A string from a small set (kind, rule, citation, council), escaped once."""
    escaped = _ESCAPED.get(text)
    if escaped is None:
        if type(text) is not str:
            raise _NotWritable
        if len(_ESCAPED) >= _ESCAPED_BOUND:
            _ESCAPED.clear()
        escaped = _ESCAPED[text] = _escape(text)
    return escaped


def _string(text: str) -> str:
    """A string written once (a case id, a message, a reason)."""
    if type(text) is not str:
        raise _NotWritable
    return _escape(text)


def _optional_known(text: str | None) -> str:
    return "null" if text is None else _known(text)


def _flag(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    raise _NotWritable


def _day(value: Any) -> str:
    if value is None:
        return "null"
    return '"' + (_iso(value) or iso_date(value)) + '"'


def _whole(value: object) -> str:
    if value is None:
        return "null"
    if type(value) is not int:
        raise _NotWritable
    return str(value)


def _obligation(ob: Obligation) -> str:
    start = ob.starts_from
    # Keys in the attrs fields' order, as the converter writes them.
    return "".join(
        (
            '{"kind":',
            _known(ob.kind),
            ',"due":',
            _day(ob.due),
            ',"status":',
            _known(ob.status.value),
            ',"starts_from":{"event":',
            _known(start.event),
            ',"date":',
            _day(start.date),
            '},"period":',
            _optional_known(ob.period),
            ',"rule":',
            _known(ob.rule),
            ',"citation":',
            _known(ob.citation),
            ',"decided_by":',
            _known(ob.decided_by),
            ',"done_on":',
            _day(ob.done_on),
            ',"provisional":',
            _flag(ob.provisional),
            ',"occurrence":',
            _whole(ob.occurrence),
            "}",
        )
    )


def _transfer(answer: TransferAnswer | None) -> str:
    if answer is None:
        return "null"
    return "".join(
        (
            '{"due":',
            _flag(answer.due),
            ',"due_from":',
            _day(answer.due_from),
            ',"lives_in":',
            _optional_known(answer.lives_in),
            ',"to":',
            _optional_known(answer.to),
            ',"recent_review_required":',
            _flag(answer.recent_review_required),
            ',"recent_review":',
            _day(answer.recent_review),
            ',"recent_review_ok":',
            _flag(answer.recent_review_ok),
            ',"reason":',
            _string(answer.reason),
            ',"citation":',
            _known(answer.citation),
            ',"decided_by":',
            _known(answer.decided_by),
            "}",
        )
    )


def result_json(result: Result) -> str:
    """``json.dumps(unstructure(result), ensure_ascii=False, separators=(",", ":"))``.

    Raises ``TypeError`` for a value of a type the contract does not allow.
    """
    warnings = ",".join(
        [
            '{"code":' + _known(w.code) + ',"message":' + _string(w.message) + "}"
            for w in result.warnings
        ]
    )
    return "".join(
        (
            '{"case_id":',
            _string(result.case_id),
            ',"region":',
            _known(result.region),
            ',"as_of":',
            _day(result.as_of),
            ',"obligations":[',
            ",".join([_obligation(ob) for ob in result.obligations]),
            '],"warnings":[',
            warnings,
            '],"responsible_authority":',
            _optional_known(result.responsible_authority),
            ',"contract_version":',
            _whole(result.contract_version),
            ',"stage":',
            _optional_known(result.stage),
            ',"approval_stage":',
            _optional_known(result.approval_stage),
            ',"transfer":',
            _transfer(result.transfer),
            "}",
        )
    )


def _to_json_converter(item: object) -> str:
    text: str = dumps(unstructure(item))
    return text


def _to_json_text(item: object) -> str:
    if type(item) is Result:
        try:
            return result_json(item)
        except (TypeError, AttributeError):
            pass  # a value the contract does not allow: the converter decides
    return _to_json_converter(item)


#: Compact JSON text of an output item (a result or an error), the same bytes
#: with either backend: the converter and orjson when installed, else the
#: text writer above for results.
to_json: Final[Callable[[object], str]] = (
    _to_json_converter if BACKEND == "orjson" else _to_json_text
)
