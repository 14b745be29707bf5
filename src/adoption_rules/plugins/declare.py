"""Regions as data: the compact declarations a region module is written in.

A region module declares one :class:`Region` (its name, title, councils and
source document) and then, section by section of its source, one call per
fact: :meth:`Region.rule` (a deadline), :meth:`Region.window` (a period that
protects a person), :meth:`Region.no_rule` (a kind its process does not
have) and :meth:`Region.data` (cited policy data that is not a deadline).
Every name is derived from the region's name and the kind (rule
``together4children.referral_sign_off``, its period parameter of the same
name); every citation is given once, as data (:class:`~adoption_rules.core.citations.Citation`),
and put into words by :func:`~adoption_rules.core.citations.citation_text`.
:meth:`Region.hooks` builds the three declaration hooks from what was
declared::

    REGION = Region(__name__, "example_rab", title="Example RAB", councils=("exampleshire",),
                    source=Source("", "Example RAB Adoption Support Procedure"))
    REGION.rule("referral_sign_off", at="3.2", quote="The team manager signs off ...",
                starts="detailed_referral_completed", period=WorkingDays(10),
                done_by="referral_signed_off")
    (adoption_rules_regions, adoption_rules_obligation_kinds,
     adoption_rules_obligation_rule) = REGION.hooks()

:class:`RegionInfo` names a region and the plugin carrying its policy;
:func:`region_hooks` is the older form of :meth:`Region.hooks` (from tables).
See ``docs/writing-a-region-plugin.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, TypeVar

import attrs

from adoption_rules.core.citations import Citation, Source, citation_text
from adoption_rules.core.model import AdoptionRoute
from adoption_rules.core.periods import Period
from adoption_rules.core.rules import (
    Anchored,
    DoneBy,
    Ender,
    Extension,
    NoRule,
    ObligationRule,
    Ongoing,
    Param,
    Rolling,
    Track,
    Trigger,
    ValueDate,
)
from adoption_rules.plugins.england import CONTRACT_KINDS
from adoption_rules.plugins.markers import hookimpl

__all__ = [
    "Citation",
    "Extend",
    "Region",
    "RegionHooks",
    "RegionInfo",
    "Slip",
    "Source",
    "Start",
    "citation_text",
    "declaration_hooks",
    "region_hooks",
]

T = TypeVar("T")


@attrs.frozen
class RegionInfo:
    """A region: its name in the contract, the councils in it, and its source document.

    ``plugin`` is the object whose hook implementations carry the region's
    policy; it is registered, with the England baseline, in the region's own
    plugin manager.
    """

    name: str
    title: str
    councils: tuple[str, ...]
    source: str
    plugin: object = attrs.field(eq=False, repr=False)


RegionHooks = tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]

#: What a declaration accepts for a period: a fixed value (``None``: no time
#: limit), or a :class:`~adoption_rules.core.params.Param` with its own history.
PeriodValue = Period | None | Param[Period | None]

#: Event names as a declaration accepts them: one name, or several (or the objects).
Events = str | Sequence[str | DoneBy] | Sequence[str | Ender]


def _rows(row: str) -> tuple[str, ...]:
    """``"H5, H9"`` as ``("H5", "H9")``."""
    return tuple(part.strip() for part in row.split(",") if part.strip())


def _where(where: Mapping[str, object] | None) -> tuple[tuple[str, object], ...]:
    return tuple((where or {}).items())


@attrs.frozen
class Start:
    """One of several events that start a rule's clock (for :meth:`Region.rule` ``starts=``).

    ``label`` ends the name of its period parameter (``<rule_id>.<label>``);
    ``at`` and ``row`` cite it when it has its own section (default: the
    rule's); ``note`` is added to that citation; ``where`` narrows the event
    by its fields; ``before_order`` keeps only events before (``True``) or on
    or after (``False``) the adoption order.
    """

    label: str
    event: str
    period: PeriodValue
    at: str | None = None
    row: str | None = None
    note: str = ""
    where: Mapping[str, object] | None = None
    before_order: bool | None = None


@attrs.frozen
class Slip:
    """A slip in a source's cross-references: where (``at``), what it says, the reading taken."""

    at: str
    says: str
    reading: str


@attrs.frozen
class Extend:
    """An event that, once recorded, replaces the period from the same start (``extended=``).

    Its parameter is ``<rule_id>.extended``, cited as the rule with ``note``.
    """

    event: str
    period: PeriodValue
    note: str = ""


class Region:
    """One region's declarations, in the order of its source; see the module docstring.

    ``module`` is the plugin module's ``__name__`` (the plugin registered for
    the region).  :attr:`rules`, :attr:`no_rules` and :attr:`policy_data` fill up as
    the module declares; a name declared twice is refused.
    """

    def __init__(
        self,
        module: str,
        name: str,
        *,
        title: str,
        councils: Iterable[str],
        source: Source,
    ) -> None:
        self.module: Final = module
        self.name: Final = name
        self.title: Final = title
        self.councils: Final = tuple(councils)
        self.source: Final = source
        #: The region's obligation rules, by kind, in the order declared.
        self.rules: dict[str, ObligationRule] = {}
        #: Kinds its process explicitly does not have (the baseline would create them).
        self.no_rules: dict[str, NoRule] = {}
        #: Cited policy data that is not a deadline, by parameter name, in the order declared.
        self.policy_data: dict[str, Param[Any]] = {}
        #: Each datum's citation as data (file, section, catalogue rows), by parameter name.
        self.data_sources: dict[str, Citation] = {}
        #: Each explicit "no such kind"'s citation as data, by kind.
        self.no_rule_sources: dict[str, Citation] = {}
        #: Slips in the source's cross-references, and the reading taken of each.
        self.slips: list[Slip] = []

    def __repr__(self) -> str:
        return f"Region({self.name!r})"

    # -- citations --

    def cite(self, at: str, row: str = "", *, note: str = "", reading: str = "") -> Citation:
        """Section ``at`` of the region's source, encoding catalogue rows ``row`` ("H5, H9")."""
        return Citation(self.source, at, _rows(row), note, reading)

    def cite_text(self, at: str, row: str = "", *, note: str = "", reading: str = "") -> str:
        """:meth:`cite` in words (:func:`~adoption_rules.core.citations.citation_text`)."""
        return citation_text(self.cite(at, row, note=note, reading=reading))

    # -- declarations --

    def data(
        self, name: str, value: T, *, at: str, row: str = "", note: str = "", reading: str = ""
    ) -> Param[T]:
        """Cited policy data, named ``<region>.<name>``: a fixed value in the source's words."""
        param = Param.fixed(
            f"{self.name}.{name}", value, self.cite_text(at, row, note=note, reading=reading)
        )
        if param.name in self.policy_data:
            raise ValueError(f"{self.name}: data {name!r} is declared twice")
        self.policy_data[param.name] = param
        self.data_sources[param.name] = self.cite(at, row, note=note, reading=reading)
        return param

    def slip(self, *, at: str, says: str, reading: str) -> Slip:
        """A slip in the source (a cross-reference to a section that is not the one meant),
        noted with the reading taken; shown in the region's generated page."""
        slip = Slip(at, says, reading)
        self.slips.append(slip)
        return slip

    def no_rule(self, kind: str, *, at: str, row: str = "", why: str) -> NoRule:
        """The region's process has no obligation of ``kind``: why, and where it says so."""
        if kind in self.no_rules or kind in self.rules:
            raise ValueError(f"{self.name}: kind {kind!r} is declared twice")
        no_rule = NoRule(f"{self.cite_text(at, row)}: {why}")
        self.no_rules[kind] = no_rule
        self.no_rule_sources[kind] = self.cite(at, row, note=why)
        return no_rule

    def rule(
        self,
        kind: str,
        *,
        at: str,
        row: str = "",
        quote: str,
        starts: str | Sequence[Start],
        period: PeriodValue = None,
        note: str = "",
        where: Mapping[str, object] | None = None,
        before_order: bool | None = None,
        own_kind: bool = False,
        done_by: Events = (),
        ends_on: Events = (),
        recurrence: Rolling | Anchored | None = None,
        extended: Extend | None = None,
        only_while: Ongoing | None = None,
        window: bool = False,
        routes: Iterable[AdoptionRoute] | None = None,
        case_where: Mapping[str, object] | None = None,
        track: Track = "support",
        description: str = "",
        value_date: ValueDate = "trigger",
    ) -> ObligationRule:
        """A deadline of ``kind``, rule ``<region>.<kind>``, cited at section ``at``, rows ``row``.

        ``starts`` is the event (or case fact) that starts the clock, with
        ``period`` (its parameter is named like the rule; ``note`` is added to
        its citation), ``where`` and ``before_order``; or several
        :class:`Start` values.  ``quote`` is the policy's own words.  The other
        arguments are those of :class:`~adoption_rules.core.rules.ObligationRule`,
        with event names for ``done_by`` and ``ends_on``.

        ``kind`` is a kind of the contract (``CONTRACT_KINDS``: the region's rule
        replaces the England baseline's for it); with ``own_kind=True``, a kind
        of the region's own, named ``<region>.<kind>`` as the contract asks (its
        rule id is the same name).  A kind that is neither is refused, so a
        misspelt kind fails at import instead of never matching.
        """
        if own_kind:
            if kind in CONTRACT_KINDS:
                raise ValueError(f"{self.name}: {kind!r} is a kind of the contract: no own_kind")
            kind = rule_id = f"{self.name}.{kind}"
        elif kind in CONTRACT_KINDS:
            rule_id = f"{self.name}.{kind}"
        else:
            raise ValueError(
                f"{self.name}: {kind!r} is not a kind of the contract; declare a kind of the "
                f"region's own with own_kind=True (it is then named {self.name}.{kind})"
            )
        if kind in self.rules or kind in self.no_rules:
            raise ValueError(f"{self.name}: kind {kind!r} is declared twice")
        source = self.cite(at, row)
        if isinstance(starts, str):
            text = self.cite_text(at, row, note=note)
            triggers: tuple[Trigger, ...] = (
                Trigger(starts, _period(rule_id, period, text), _where(where), before_order),
            )
        else:
            if period is not None or note or where or before_order is not None:
                raise ValueError(f"{rule_id}: give period, note, where in each Start")
            triggers = tuple(
                Trigger(
                    s.event,
                    _period(
                        f"{rule_id}.{s.label}",
                        s.period,
                        self.cite_text(
                            at if s.at is None else s.at,
                            row if s.row is None else s.row,
                            note=s.note,
                        ),
                    ),
                    _where(s.where),
                    s.before_order,
                )
                for s in starts
            )
        extension = None
        if extended is not None:
            text = self.cite_text(at, row, note=extended.note)
            extension = Extension(
                extended.event, _period(f"{rule_id}.extended", extended.period, text)
            )
        rule = ObligationRule(
            kind=kind,
            rule_id=rule_id,
            citation=citation_text(source),
            triggers=triggers,
            done_by=tuple(d if isinstance(d, DoneBy) else DoneBy(d) for d in _events(done_by)),
            ends_on=tuple(e if isinstance(e, Ender) else Ender(e) for e in _events(ends_on)),
            recurrence=recurrence,
            extension=extension,
            only_while=only_while,
            window=window,
            routes=None if routes is None else frozenset(routes),
            case_where=_where(case_where),
            track=track,
            description=description,
            value_date=value_date,
            source=source,
            quote=quote,
        )
        self.rules[kind] = rule
        return rule

    def window(
        self,
        kind: str,
        *,
        at: str,
        row: str = "",
        quote: str,
        starts: str | Sequence[Start],
        period: PeriodValue = None,
        note: str = "",
        where: Mapping[str, object] | None = None,
        own_kind: bool = False,
        track: Track = "support",
        description: str = "",
    ) -> ObligationRule:
        """A period protecting a person (open, then closed; nothing does it): see :meth:`rule`."""
        return self.rule(
            kind, at=at, row=row, quote=quote, starts=starts, period=period, note=note,
            where=where, own_kind=own_kind, window=True, track=track, description=description,
        )  # fmt: skip

    # -- the hooks --

    def info(self) -> RegionInfo:
        """The region as the registry lists it (its plugin: the declaring module)."""
        return RegionInfo(
            name=self.name,
            title=self.title,
            councils=self.councils,
            source=str(self.source),
            plugin=sys.modules[self.module],
        )

    def hooks(self) -> RegionHooks:
        """The three declaration hooks, answering from what the module declared.

        Assign them at the top level of the region's module (the plugin)::

            (
                adoption_rules_regions,
                adoption_rules_obligation_kinds,
                adoption_rules_obligation_rule,
            ) = REGION.hooks()

        ``adoption_rules_regions`` declares the region; the other two answer
        for this region only, and ``None`` (no opinion) for any other: the
        declared rule of a kind, else its :meth:`no_rule`, else ``None`` (the
        next plugin, the England baseline, decides).
        """
        return declaration_hooks(self.info, self.name, self.rules, self.no_rules)


def _events(events: Events) -> Sequence[Any]:
    return (events,) if isinstance(events, str) else events


def _period(name: str, period: PeriodValue, citation: str) -> Param[Period | None]:
    if isinstance(period, Param):
        return period
    return Param[Period | None].fixed(name, period, citation)


def region_hooks(
    *,
    name: str,
    title: str,
    councils: tuple[str, ...],
    source: str,
    module: str,
    rules: Mapping[str, ObligationRule],
    no_rules: Mapping[str, NoRule] | None = None,
) -> RegionHooks:
    """The three hooks every region implements the same way, built from its data.

    Assign them at the top level of the region's module, which is the plugin::

        (
            adoption_rules_regions,
            adoption_rules_obligation_kinds,
            adoption_rules_obligation_rule,
        ) = region_hooks(name=NAME, title=TITLE, councils=COUNCILS, source=SOURCE,
                         module=__name__, rules=RULES, no_rules=NO_RULES)

    ``adoption_rules_regions`` declares the region (its plugin is ``module``);
    the other two answer for ``name`` only, and ``None`` (no opinion) for any
    other region: ``rules`` by kind, then ``no_rules`` (explicit "this region
    has no such obligation"), else the next plugin (the England baseline).
    """

    def info() -> RegionInfo:
        return RegionInfo(name, title, councils, source, plugin=sys.modules[module])

    return declaration_hooks(info, name, rules, no_rules or {})


def declaration_hooks(
    info: Callable[[], RegionInfo],
    name: str,
    rules: Mapping[str, ObligationRule],
    no_rules: Mapping[str, NoRule],
) -> RegionHooks:
    """The three declaration hooks of region ``name``: the shared code every region uses.

    ``rules`` and ``no_rules`` are read when the hooks are called, so a
    declaration made after the hooks were built is seen.
    """

    @hookimpl
    def adoption_rules_regions() -> list[RegionInfo]:
        return [info()]

    @hookimpl
    def adoption_rules_obligation_kinds(region: str) -> list[str] | None:
        if region != name:
            return None
        return list(rules)

    @hookimpl
    def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
        if region != name:
            return None
        return rules.get(kind) or no_rules.get(kind)

    return adoption_rules_regions, adoption_rules_obligation_kinds, adoption_rules_obligation_rule
