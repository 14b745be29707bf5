"""The one cattrs converter that owns the JSON wire format (contract v1).

Dates are ``YYYY-MM-DD`` strings (strictly: 2025-02-30 and 2025-1-5 are
refused), enums are their values, events are a tagged union on ``type``.
:func:`structure_case` turns a decoded JSON object into a :class:`Case` or
raises :class:`InputError` naming the field at fault; :func:`unstructure`
turns a result (or error) back into JSON-ready data.

>>> case = structure_case({"case_id": "X-1", "region": "england", "events": []})
>>> unstructure(case)["region"]
'england'
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from typing import Any, Final, TypeVar

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from adoption_rules.core.calendar import _ISO_TEXT, MAX_DATE, MIN_DATE, iso_date, parse_date
from adoption_rules.core.errors import AdoptionRulesError, DateError
from adoption_rules.core.model import (
    CONTRACT_VERSION,
    EVENT_TYPES,
    NEXT_REVIEW_MONTHS,
    AdmOutcome,
    AdoptionRoute,
    AnyEvent,
    AssessmentCompleted,
    Case,
    CaseError,
    ClosureReason,
    ErrorDetail,
    Event,
    Obligation,
    PlanApproved,
    PlanItem,
    Result,
    ReviewHeld,
    ScreeningOutcome,
    Status,
    TransferAnswer,
    VariationKind,
)

__all__ = [
    "LIMITS",
    "InputError",
    "converter",
    "has_lone_surrogate",
    "structure_case",
    "unstructure",
]

#: Limits on one case, so that one absurd record cannot exhaust a batch's memory.
LIMITS: Final = {"events": 10_000, "string_length": 200}


class InputError(AdoptionRulesError):
    """A case that does not fit the contract: a code, a message and the field at fault."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        self.code = code
        self.field = field
        super().__init__(message)

    def detail(self) -> ErrorDetail:
        """The contract's ``error`` object."""
        return ErrorDetail(self.code, str(self), self.field)


_MIN_ISO: Final = MIN_DATE.isoformat()
_MAX_ISO: Final = MAX_DATE.isoformat()
_fromiso: Final = dt.date.fromisoformat
#: The remembered ``YYYY-MM-DD`` text of a date, or ``None`` (then ``iso_date``).
_iso: Final = _ISO_TEXT.get


#: Date strings already parsed and checked (a caseload repeats a few thousand dates);
#: emptied when it reaches its bound, so memory stays flat.
_SEEN_DATES: dict[str, dt.date] = {}
_SEEN_DATES_BOUND: Final = 50_000

#: Events built from a type and a date alone, by ``(type, date text)``: frozen, so
#: the cases of a caseload share them (a few thousand dates a type); emptied at its
#: bound too.
_SEEN_EVENTS: dict[tuple[str, str], Event] = {}
_SEEN_EVENTS_BOUND: Final = 20_000


def _structure_date(value: Any, _: type) -> dt.date:
    # Fast path (the hot path of a batch): a well-formed date string in range.  ISO
    # dates compare as strings in date order.
    if type(value) is str and len(value) == 10 and _MIN_ISO <= value <= _MAX_ISO:
        try:
            if value[4] == "-" and value[7] == "-":
                day = _fromiso(value)
                if len(_SEEN_DATES) >= _SEEN_DATES_BOUND:
                    _SEEN_DATES.clear()
                _SEEN_DATES[value] = day
                return day
        except ValueError:
            pass  # 2025-02-30 and the like: the slow path says why
    if not isinstance(value, str):
        raise DateError(f"expected a YYYY-MM-DD string, got {_json_type(value)}")
    day = parse_date(value, field="value")
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateError(
            f"expected a date in the supported range {MIN_DATE.isoformat()} to "
            f"{MAX_DATE.isoformat()}"
        )
    return day


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate: a byte that was not UTF-8 (read with
    ``surrogateescape``) or a ``\\ud800``-style escape with no pair.  Such text
    cannot be written as UTF-8, so a case holding it gets an error instead."""
    # isascii() is a flag look-up in CPython: nearly every string stops there.
    return not text.isascii() and _LONE_SURROGATE.search(text) is not None


def _structure_str(value: Any, _: type) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_json_type(value)}")
    if len(value) > LIMITS["string_length"]:
        raise ValueError(f"longer than {LIMITS['string_length']} characters")
    if has_lone_surrogate(value):
        raise ValueError("not valid UTF-8 text (a byte that is not UTF-8, or a lone \\u escape)")
    return value


def _optional_date(value: Any, _: Any = None) -> dt.date | None:
    """An optional date field (the hook for ``dt.date | None``)."""
    if value is None:
        return None
    day = _SEEN_DATES.get(value) if type(value) is str else None
    return day or _structure_date(value, dt.date)


def _optional_str(value: Any, _: Any = None) -> str | None:
    """An optional string field (the hook for ``str | None``)."""
    return None if value is None else _structure_str(value, str)


def _structure_bool(value: Any, _: type) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {_json_type(value)}")
    return value


def _structure_int(value: Any, _: type) -> int:
    if type(value) is not int:
        raise TypeError(f"expected a whole number, got {_json_type(value)}")
    return value


def _structure_months(value: Any, _: type) -> int | None:
    """``next_review_within_months``: absent, or a whole number of months from 1 to 12 (R5)."""
    if value is None:
        return None
    months = _structure_int(value, int)
    if months not in NEXT_REVIEW_MONTHS:
        raise ValueError("expected a whole number of months from 1 to 12")
    return months


def _structure_covers(value: Any, _: type) -> tuple[PlanItem, ...] | None:
    """``covers``: absent, or an array of the plan items of the contract (R4)."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise TypeError(f"expected an array, got {_json_type(value)}")
    return tuple(_structure_enum(item, PlanItem) for item in value)


def _enum_value(member: enum.Enum) -> Any:
    return member.value


_E = TypeVar("_E", bound=enum.Enum)


def _structure_enum(value: Any, cls: type[_E]) -> _E:
    # A dict look-up: ``cls(value)`` goes through the enum machinery in Python,
    # a measurable share of structuring a batch.
    members = _MEMBERS.get(cls)
    if members is None:
        members = _MEMBERS[cls] = {member.value: member for member in cls}
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {_json_type(value)}")
    member = members.get(value)
    if member is None:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"expected one of {allowed}")
    return member  # type: ignore[return-value]


#: Each enum's members by value, for :func:`_structure_enum`.
_MEMBERS: dict[type[enum.Enum], dict[Any, enum.Enum]] = {}


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "a boolean",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "an array",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _make_converter(*, written_out: bool = True) -> cattrs.Converter:
    """The converter; ``written_out=False`` keeps cattrs' own generated hooks for
    :class:`Obligation`, :class:`Result` and :class:`TransferAnswer` out.  The tests
    compare the two on every example and on generated values, so a field added to a
    class and not to a written-out hook fails a test; ``benchmarks/bench_engine.py
    --wire`` measures what the written-out hooks save (about a fifth of unstructuring
    a result)."""
    conv = cattrs.Converter(forbid_extra_keys=False)
    conv.register_structure_hook(dt.date, _structure_date)
    # Optional fields get direct hooks: cattrs' generic Optional dispatch hashes the
    # type on every call, a measurable share of structuring a batch.
    conv.register_structure_hook(dt.date | None, _optional_date)
    conv.register_structure_hook(str | None, _optional_str)
    conv.register_unstructure_hook(dt.date, iso_date)
    conv.register_structure_hook(str, _structure_str)
    for enum_cls in (
        AdoptionRoute,
        ScreeningOutcome,
        ClosureReason,
        VariationKind,
        AdmOutcome,
        Status,
        PlanItem,
    ):
        conv.register_structure_hook(enum_cls, _structure_enum)
        conv.register_unstructure_hook(enum_cls, _enum_value)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    # Fields with a range or a list of codes: hooks of their own, so an error names the field.
    for cls in (AssessmentCompleted, ReviewHeld):
        conv.register_structure_hook(
            cls,
            make_dict_structure_fn(
                cls, conv, next_review_within_months=override(struct_hook=_structure_months)
            ),
        )
    conv.register_structure_hook(
        PlanApproved,
        make_dict_structure_fn(PlanApproved, conv, covers=override(struct_hook=_structure_covers)),
    )
    # Events are a tagged union on ``type``.  structure_case checks every tag
    # first, so dispatch is one dict look-up (cattrs' configure_tagged_union
    # does the same with more indirection; this is the hot path of a batch).
    structure_fns = {tag: (cls, conv.get_structure_hook(cls)) for tag, cls in EVENT_TYPES.items()}
    # Tags whose event can be built from its date alone: every field but the date
    # has a default (``plan_approved`` without ``covers``, say).
    defaulted = frozenset(
        tag
        for tag, cls in EVENT_TYPES.items()
        if all(f.default is not attrs.NOTHING for f in attrs.fields(cls) if f.name != "date")
    )
    # ...and those with nothing but a date, whatever other keys the data holds
    # (unknown keys are ignored, as cattrs ignores them).
    date_only = frozenset(
        tag for tag, cls in EVENT_TYPES.items() if [f.name for f in attrs.fields(cls)] == ["date"]
    )

    def structure_event(value: Any, _: Any) -> Event:
        # One event, through cattrs' generated hook, whose error names the field.
        # A case's events take structure_events' fast path first.
        cls, fn = structure_fns[value["type"]]
        event: Event = fn(value, cls)
        return event

    def unstructure_event(event: Event) -> dict[str, Any]:
        data: dict[str, Any] = unstructure_fns[type(event)](event)
        data["type"] = event.type
        return data

    unstructure_fns = {cls: conv.get_unstructure_hook(cls) for cls in EVENT_TYPES.values()}

    def unstructure_obligation(ob: Obligation) -> dict[str, Any]:
        # Written out because a batch unstructures several obligations a case; the
        # keys are the attrs fields in order, as cattrs would (a test checks both agree).
        # Dates through the remembered text (``_iso``, then ``iso_date`` on a miss).
        due, done_on, start = ob.due, ob.done_on, ob.starts_from
        return {
            "kind": ob.kind,
            "due": None if due is None else _iso(due) or iso_date(due),
            "status": str(ob.status),  # a StrEnum's str is its value, without enum's property
            "starts_from": {
                "event": start.event,
                "date": _iso(start.date) or iso_date(start.date),
            },
            "period": ob.period,
            "rule": ob.rule,
            "citation": ob.citation,
            "decided_by": ob.decided_by,
            "done_on": None if done_on is None else _iso(done_on) or iso_date(done_on),
            "provisional": ob.provisional,
            "occurrence": ob.occurrence,
        }

    if written_out:
        conv.register_unstructure_hook(Obligation, unstructure_obligation)

    def unstructure_transfer(answer: TransferAnswer) -> dict[str, Any]:
        due_from, recent = answer.due_from, answer.recent_review
        return {
            "due": answer.due,
            "due_from": None if due_from is None else iso_date(due_from),
            "lives_in": answer.lives_in,
            "to": answer.to,
            "recent_review_required": answer.recent_review_required,
            "recent_review": None if recent is None else iso_date(recent),
            "recent_review_ok": answer.recent_review_ok,
            "reason": answer.reason,
            "citation": answer.citation,
            "decided_by": answer.decided_by,
        }

    def unstructure_result(result: Result) -> dict[str, Any]:
        # Written out like unstructure_obligation: one per case in a batch.
        transfer = result.transfer
        return {
            "case_id": result.case_id,
            "region": result.region,
            "as_of": iso_date(result.as_of),
            "obligations": [unstructure_obligation(ob) for ob in result.obligations],
            "warnings": [{"code": w.code, "message": w.message} for w in result.warnings],
            "responsible_authority": result.responsible_authority,
            "contract_version": result.contract_version,
            "stage": result.stage,
            "approval_stage": result.approval_stage,
            "transfer": None if transfer is None else unstructure_transfer(transfer),
        }

    if written_out:
        conv.register_unstructure_hook(TransferAnswer, unstructure_transfer)
        conv.register_unstructure_hook(Result, unstructure_result)
    conv.register_structure_hook(AnyEvent, structure_event)
    conv.register_unstructure_hook(AnyEvent, unstructure_event)

    # The events tuple: a plain loop on the happy path; on any failure, cattrs'
    # own tuple hook runs again so the error carries the event's index.
    events_type = tuple[AnyEvent, ...]
    cattrs_events = conv.get_structure_hook(events_type)

    def structure_events(value: Any, type_: Any) -> tuple[Event, ...]:
        events: list[Event] = []
        append = events.append
        try:
            for item in value:
                tag = item["type"]
                # Most events carry a date alone, and cases share them: each is
                # built once (frozen) and remembered by its type and date text.
                if tag in date_only or (len(item) == 2 and tag in defaulted):
                    text = item["date"]
                    if type(text) is str:
                        key = (tag, text)
                        event = _SEEN_EVENTS.get(key)
                        if event is None:
                            event = structure_fns[tag][0](
                                _SEEN_DATES.get(text) or _structure_date(text, dt.date)
                            )
                            if len(_SEEN_EVENTS) >= _SEEN_EVENTS_BOUND:
                                _SEEN_EVENTS.clear()
                            _SEEN_EVENTS[key] = event
                        append(event)
                        continue
                append(structure_event(item, None))
            return tuple(events)
        except Exception:
            # Anything odd (no date, a bad one, an unknown type): cattrs' own
            # tuple hook again, one event at a time, so the error names the
            # event's index and its field.
            structured: tuple[Event, ...] = cattrs_events(value, type_)
            return structured  # pragma: no cover - cattrs raises on what failed above

    conv.register_structure_hook_func(lambda t: t == events_type, structure_events)

    # The case itself goes through cattrs' generated hook: a written-out one
    # measured within noise of it (``benchmarks/bench_engine.py --wire``), so the
    # attrs fields alone say which keys a case has.
    return conv


#: The converter: structure JSON data into the model and unstructure it back.
converter: Final = _make_converter()


def _path_of(exc: BaseException) -> tuple[str, BaseException]:
    """Follow cattrs' nested exception notes down to the innermost failure and its path."""
    path = ""
    while isinstance(exc, (ClassValidationError, IterableValidationError)):
        if not exc.exceptions:
            break
        inner = exc.exceptions[0]
        notes = getattr(inner, "__notes__", [])
        step = ""
        for note in notes:
            if note.startswith("Structuring class") and "@ attribute" in note:
                step = "." + note.rsplit("@ attribute ", 1)[1].strip()
            elif note.startswith("Structuring ") and "@ index" in note:
                step = "[" + note.rsplit("@ index ", 1)[1].strip() + "]"
        path += step
        exc = inner
    return path.lstrip("."), exc


def structure_case(data: object) -> Case:
    """Validate a decoded JSON value as a v1 case and build the :class:`Case`.

    Raises :class:`InputError` with the contract's codes: ``not_an_object``,
    ``missing_field``, ``unsupported_contract_version``, ``unknown_event_type``,
    ``invalid_date``, ``invalid_value``, ``wrong_type``, ``too_large``.
    """
    if not isinstance(data, dict):
        raise InputError("not_an_object", f"a case must be a JSON object, got {_json_type(data)}")
    version = data.get("contract_version", CONTRACT_VERSION)
    if version != CONTRACT_VERSION or type(version) is not int:
        raise InputError(
            "unsupported_contract_version",
            f"contract_version: expected {CONTRACT_VERSION}, the version this library speaks",
            "contract_version",
        )
    for name in ("case_id", "region"):
        if name not in data:
            raise InputError("missing_field", f"the case has no {name}", name)
        if not isinstance(data[name], str) or not data[name]:
            raise InputError("wrong_type", f"{name} must be a non-empty string", name)
    events = data.get("events")
    if "events" not in data:
        raise InputError(
            "missing_field", "the case has no events (an empty list is fine)", "events"
        )
    if not isinstance(events, list):
        raise InputError(
            "wrong_type", f"events must be an array, got {_json_type(events)}", "events"
        )
    if len(events) > LIMITS["events"]:
        raise InputError(
            "too_large",
            f"the case has {len(events)} events; the limit is {LIMITS['events']}",
            "events",
        )
    try:
        return converter.structure(data, Case)
    except (ClassValidationError, IterableValidationError, ForbiddenExtraKeysError) as exc:
        # The events' own shape first (an event that is not an object, or has no
        # or an unknown type), so the error names the event; checked only here,
        # on the way out, because a batch's cases are nearly all well formed.
        _check_events(events)
        path, inner = _path_of(exc)
        raise _classify(inner, path) from None
    except (TypeError, ValueError, KeyError) as exc:  # pragma: no cover - defensive
        _check_events(events)
        raise InputError("invalid_value", f"the case does not fit the contract ({exc})") from None


def _check_events(events: list[Any]) -> None:
    """Raise the error for the first event that is not an object with a known type."""
    for i, event in enumerate(events):
        if not isinstance(event, dict):
            raise InputError(
                "wrong_type", f"an event must be an object, got {_json_type(event)}", f"events[{i}]"
            )
        tag = event.get("type")
        if tag is not None and not isinstance(tag, str):
            raise InputError(
                "invalid_value",
                "expected one of the contract's event type names (a string)",
                f"events[{i}].type",
            )
        if tag not in EVENT_TYPES:
            if tag is None:
                raise InputError("missing_field", "the event has no type", f"events[{i}].type")
            raise InputError(
                "unknown_event_type",
                "not an event type the contract knows; see the contract's event types",
                f"events[{i}].type",
            )


def _classify(inner: BaseException, path: str) -> InputError:
    if isinstance(inner, KeyError):
        field = path or str(inner.args[0])
        return InputError("missing_field", f"required field {field} is missing", field)
    if isinstance(inner, DateError):
        return InputError("invalid_date", f"{path}: {inner}".replace("value: ", ""), path)
    if isinstance(inner, TypeError):
        return InputError("wrong_type", f"{path}: {inner}", path)
    return InputError("invalid_value", f"{path}: {inner}", path)


def unstructure(value: object) -> Any:
    """JSON-ready data for a model value (a result, an error, a case)."""
    data = converter.unstructure(value)
    return data


def error_for(case_id: object, exc: InputError | AdoptionRulesError) -> CaseError:
    """The contract's error object for a case that failed."""
    cid = case_id if isinstance(case_id, str) else None
    if isinstance(exc, InputError):
        return CaseError(cid, exc.detail())
    code = getattr(exc, "code", None) or "evaluation_failed"
    return CaseError(cid, ErrorDetail(code, str(exc), getattr(exc, "field", None)))
