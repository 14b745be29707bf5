"""Fund applications as JSON: reading one, and the JSON of its check (catalogue E13).

The command line (``adoption-rules fund check FILE --format json``) and the
service (``POST /v1/fund/check``) both write what :func:`check_items` yields.
An application (numbers as :class:`decimal.Decimal`, so pounds are exact)::

    {
      "id": "ASF-2025-014",
      "child": {"date_of_birth": "2012-06-30", "route": "adopted_from_care_england",
                "ehc_plan": false},
      "assessment_date": "2025-02-14",
      "application_date": "2025-04-01",
      "amounts": {"therapy": "2500.00", "specialist_assessment": "1000.00"},
      "already_funded": {"therapy": "0", "specialist_assessment": "0"}
    }
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from adoption_rules.core.calendar import parse_date
from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.fund import (
    Application,
    ApplicationCheck,
    Child,
    FundError,
    check_application,
    parse_pounds,
    pounds_text,
)
from adoption_rules.io.safe import case_error

__all__ = ["ApplicationError", "check_items", "check_json", "checked", "parse_application"]

_TOP: Final = frozenset(
    {"id", "child", "assessment_date", "application_date", "amounts", "already_funded"}
)
_CHILD: Final = frozenset({"date_of_birth", "route", "ehc_plan"})
_AMOUNTS: Final = frozenset({"therapy", "specialist_assessment"})


class ApplicationError(AdoptionRulesError, ValueError):
    """An application that cannot be read: a code, a message and the field at fault."""

    def __init__(self, code: str, message: str, field: str | None) -> None:
        self.code = code
        self.field = field
        super().__init__(message)


def _object(value: object, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ApplicationError("invalid_type", f"{field}: expected an object", field)
    return value


def _no_extra(data: Mapping[str, Any], allowed: frozenset[str], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            field = f"{prefix}{key}"
            raise ApplicationError(
                "unknown_field", f"{field}: not a field of an application", field
            )


def _required(data: Mapping[str, Any], key: str, prefix: str) -> Any:
    if key not in data:
        field = f"{prefix}{key}"
        raise ApplicationError("missing_field", f"{field}: required", field)
    return data[key]


def _date(data: Mapping[str, Any], key: str, prefix: str = "") -> dt.date:
    field = f"{prefix}{key}"
    try:
        return parse_date(_required(data, key, prefix), field=field)
    except AdoptionRulesError as exc:
        if isinstance(exc, ApplicationError):
            raise
        raise ApplicationError("invalid_date", str(exc), field) from None


def _money(data: Mapping[str, Any], key: str, prefix: str, default: int | None) -> int:
    field = f"{prefix}{key}"
    if key not in data:
        if default is None:
            raise ApplicationError("missing_field", f"{field}: required", field)
        return default
    try:
        return parse_pounds(data[key], field)
    except FundError as exc:
        raise ApplicationError("invalid_amount", str(exc), field) from None


def parse_application(data: object) -> Application:
    """One decoded JSON application (numbers as :class:`decimal.Decimal`) as an Application."""
    top = _object(data, "application")
    _no_extra(top, _TOP, "")
    ident = top.get("id")
    if ident is not None and not isinstance(ident, str):
        raise ApplicationError("invalid_type", "id: expected a string", "id")
    child_data = _object(_required(top, "child", ""), "child")
    _no_extra(child_data, _CHILD, "child.")
    route = _required(child_data, "route", "child.")
    if not isinstance(route, str):
        raise ApplicationError("invalid_type", "child.route: expected a string", "child.route")
    ehc = child_data.get("ehc_plan", False)
    if not isinstance(ehc, bool):
        raise ApplicationError(
            "invalid_type", "child.ehc_plan: expected true or false", "child.ehc_plan"
        )
    child = Child(_date(child_data, "date_of_birth", "child."), route, ehc)
    amounts = _object(_required(top, "amounts", ""), "amounts")
    _no_extra(amounts, _AMOUNTS, "amounts.")
    already = _object(top.get("already_funded", {}), "already_funded")
    _no_extra(already, _AMOUNTS, "already_funded.")
    return Application(
        child=child,
        assessment_date=_date(top, "assessment_date"),
        application_date=_date(top, "application_date"),
        therapy=_money(amounts, "therapy", "amounts.", None),
        specialist_assessment=_money(amounts, "specialist_assessment", "amounts.", 0),
        already_therapy=_money(already, "therapy", "already_funded.", 0),
        already_specialist_assessment=_money(
            already, "specialist_assessment", "already_funded.", 0
        ),
        id=ident,
    )


def _money_or_none(pence: int | None) -> str | None:
    return None if pence is None else pounds_text(pence)


def check_json(check: ApplicationCheck) -> dict[str, Any]:
    """The JSON form of a check (see the module docstring)."""
    el, dl, lim = check.eligibility, check.deadline, check.limit
    return {
        "id": check.application.id,
        "ok": check.ok,
        "eligibility": {
            "status": el.status,
            "age": el.age,
            "age_limit": el.age_limit,
            "route": None if el.route is None else el.route.code,
            "route_confirmed": None if el.route is None else el.route.confirmed,
            "reasons": list(el.reasons),
            "citations": list(el.citations),
        },
        "deadline": {
            "assessment_date": dl.assessment_date.isoformat(),
            "period": None if dl.period is None else str(dl.period),
            "due": None if dl.due is None else dl.due.isoformat(),
            "within": dl.within,
            "citation": dl.citation,
            "unknown": dl.unknown,
            "note": dl.note or None,
        },
        "limit": {
            "financial_year": str(lim.financial_year),
            "limit": None if lim.limit is None else lim.limit.describe(),
            "therapy_limit": None if lim.limit is None else pounds_text(lim.limit.therapy),
            "specialist_assessment_limit": (
                None
                if lim.limit is None or lim.limit.specialist_assessment is None
                else pounds_text(lim.limit.specialist_assessment)
            ),
            "combined": None if lim.limit is None else lim.limit.combined,
            "requested": pounds_text(lim.requested),
            "already_funded": pounds_text(lim.already_funded),
            "within": lim.within,
            "above_limit": _money_or_none(lim.above_limit),
            "above_therapy": _money_or_none(lim.above_therapy),
            "above_specialist_assessment": _money_or_none(lim.above_specialist_assessment),
            "citation": lim.citation,
            "unknown": lim.unknown,
        },
    }


def checked(items: Iterable[Any]) -> Iterator[tuple[Any, ApplicationCheck | ApplicationError]]:
    for data in items:
        ident = data.get("id") if isinstance(data, dict) else None
        if not isinstance(ident, str):
            ident = None  # an id that is not a string is not echoed (nor serialisable)
        try:
            yield ident, check_application(parse_application(data))
        except ApplicationError as exc:
            yield ident, exc
        except FundError as exc:
            yield ident, ApplicationError("invalid_application", str(exc), exc.field)
        except Exception as exc:  # per-application isolation: never the whole file
            detail = case_error(ident, exc).error
            yield ident, ApplicationError(detail.code, detail.message, detail.field)


def check_items(items: Iterable[Any]) -> Iterator[tuple[dict[str, Any], ApplicationCheck | None]]:
    """The JSON item of each decoded application: its check, or ``{"id", "error"}``."""
    for ident, answer in checked(items):
        if isinstance(answer, ApplicationError):
            error = {"code": answer.code, "message": str(answer), "field": answer.field}
            yield {"id": ident, "error": error}, None
        else:
            yield check_json(answer), answer
