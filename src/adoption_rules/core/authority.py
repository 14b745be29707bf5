"""Rule E1: which council is responsible for a family's adoption support.

The placing council is responsible before the adoption order and for 3 years
from it; from the third anniversary on, the council where the family lives
(Adoption Support Services Regulations 2005, reg 7).  A national rule cites
national law only (rules catalogue R13): the agencies' documents that repeat it
(Leicestershire's Statement of Purpose 7.6, Together4Children's transfer
section) are cited by those regions' own rules.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs

from adoption_rules.core.calendar import iso_date
from adoption_rules.core.model import Case, FamilyMoved
from adoption_rules.core.periods import Years
from adoption_rules.core.rules import Param
from adoption_rules.core.sources import ASSR_2005, in_words

__all__ = [
    "RESPONSIBILITY_PERIOD",
    "AuthorityAnswer",
    "e1_responsible_authority",
    "lives_in",
    "responsibility_handover",
]

#: E1: the placing council stays responsible for this long after the order.
RESPONSIBILITY_PERIOD: Param[Years] = Param.fixed(
    "england.responsible_authority_period",
    Years(3),
    in_words(ASSR_2005, "reg 7"),
)


@attrs.frozen
class AuthorityAnswer:
    """A council (or ``None`` when the facts needed are missing), with the reason."""

    authority: str | None
    reason: str
    citation: str


def lives_in(case: Case, as_of: dt.date) -> str | None:
    """The council the family lives in on ``as_of``: the latest move, else the case's."""
    # Asked twice a case (responsible authority, transfer) of the same immutable
    # case: the last answer is kept, as one tuple read and written whole, so a
    # thread never sees another's half-written entry.
    global _LAST_LIVES_IN
    last = _LAST_LIVES_IN
    if last[0] is case and last[1] == as_of:
        return last[2]
    council = case.local_authority
    latest: dt.date | None = None
    for event in case.events:
        if (
            type(event) is FamilyMoved
            and event.date <= as_of
            and (latest is None or event.date >= latest)
        ):
            latest, council = event.date, event.local_authority
    _LAST_LIVES_IN = (case, as_of, council)
    return council


_LAST_LIVES_IN: tuple[Case | None, dt.date | None, str | None] = (None, None, None)


def e1_responsible_authority(case: Case, as_of: dt.date) -> AuthorityAnswer:
    """Apply rule E1 to ``case`` on ``as_of``."""
    order = case.adoption_order_date
    if order is None or as_of < order:
        return AuthorityAnswer(
            case.placing_authority,
            "before the adoption order the placing council is responsible",
            RESPONSIBILITY_PERIOD.current.citation,
        )
    handover, period, citation = _handover(order)
    if as_of < handover:
        return AuthorityAnswer(
            case.placing_authority,
            f"the placing council is responsible until {iso_date(handover)}, "
            f"{period} after the adoption order",
            citation,
        )
    return AuthorityAnswer(
        lives_in(case, as_of),
        f"from {iso_date(handover)}, {period} after the adoption order, "
        "the council where the family lives is responsible",
        citation,
    )


def responsibility_handover(order: dt.date) -> tuple[dt.date, str]:
    """The day responsibility passes from the placing council after an order made on
    ``order``, and the citation of the period in force on the order's date."""
    handover, _, citation = _handover(order)
    return handover, citation


@functools.lru_cache(maxsize=8192)
def _handover(order: dt.date) -> tuple[dt.date, str, str]:
    """The day responsibility passes on, for an order made on ``order`` (cached: per case)."""
    value = RESPONSIBILITY_PERIOD.at(order) or RESPONSIBILITY_PERIOD.current
    return value.value.apply(order), str(value.value), value.citation
