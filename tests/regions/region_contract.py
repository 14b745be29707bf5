"""The checks every region module must pass, as a base class each region's tests inherit.

Like python-holidays' common test class: a region's test class sets the
class attributes below (what the region should be, spelled out by hand from
the contract and the catalogue) and inherits every test.  The region's own
behaviour is tested in its module as tables of scenarios; the helpers here
(:func:`ev`, :func:`run`, :func:`rows`) keep those tables short.

Every test uses ``load_registry(installed=False)``: installed entry points
never leak in.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any, ClassVar

import pluggy
import pytest

from adoption_rules.api import evaluate
from adoption_rules.core.citations import citation_text
from adoption_rules.core.model import AdoptionRoute, Case, Obligation, Result
from adoption_rules.core.rules import (
    Anchored,
    NoRule,
    ObligationRule,
    Param,
    Rolling,
)
from adoption_rules.core.sources import SEED_TITLES
from adoption_rules.io.converter import structure_case
from adoption_rules.plugins import hookspecs
from adoption_rules.plugins.england import CONTRACT_KINDS
from adoption_rules.plugins.registry import BUILTIN_REGION_MODULES, Registry, load_registry
from adoption_rules.questions import ChildFacts, Concern, Requester

#: The registry every region test uses: built-in regions only.
REGISTRY: Registry = load_registry(installed=False)

#: A seed file's name: never part of a citation's words (catalogue R13).
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
STATUTE = re.compile(r"\b(Act \d{4}|Regulations \d{4}|ASSR \d{4}|AAR \d{4}|guidance)\b")


def cited(seed: str, section: str) -> str:
    """How a citation of ``section`` of the policy in ``seed`` reads (catalogue R13)."""
    return f"{SEED_TITLES[seed]}, {section}"


#: The revised readings of the catalogue (R1-R14): a region may cite them beside its rows.
REVISED_READINGS = frozenset(f"R{i}" for i in range(1, 15))

#: Hooks every region module implements (others may add more).
COMMON_HOOKS = frozenset(
    {
        "adoption_rules_regions",
        "adoption_rules_obligation_kinds",
        "adoption_rules_obligation_rule",
    }
)

#: A region name no plugin serves: hooks must have no opinion about it.
OTHER_REGION = "not_this_region"


# -- helpers for scenario tables ------------------------------------------------------


def ev(type_: str, date: str, **fields: object) -> dict[str, object]:
    """One event of the contract, as JSON."""
    return {"type": type_, "date": date, **fields}


def case(region: str, events: list[dict[str, object]], **facts: object) -> Case:
    """A case built from its JSON, as a case system would send it."""
    return structure_case({"case_id": "TEST-1", "region": region, "events": events, **facts})


def run(region: str, events: list[dict[str, object]], as_of: str, **facts: object) -> Result:
    """Evaluate a case given as JSON on ``as_of`` with the built-in regions only."""
    return evaluate(
        case(region, events, **facts), as_of=dt.date.fromisoformat(as_of), registry=REGISTRY
    )


Row = tuple[str | None, str, str | None]


def rows(result: Result, kind: str) -> list[Row]:
    """(due, status, done_on) of every obligation of ``kind``, in the result's order."""
    return [
        (
            None if ob.due is None else ob.due.isoformat(),
            ob.status.value,
            None if ob.done_on is None else ob.done_on.isoformat(),
        )
        for ob in result.obligations
        if ob.kind == kind
    ]


Events = list[dict[str, object]]


def scenario(
    row: str,
    section: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[Row],
    why: str,
    *,
    by: str | None = None,
    **facts: object,
) -> pytest.ParameterSet:
    """One row of a region's table: catalogue row and seed section, the case, what is due.

    ``by`` names the plugin expected to decide the rule when it is not the region
    itself (``"england"`` for a kind the region leaves to the baseline).
    """
    return pytest.param(
        section, kind, events, as_of, expected, by, facts, id=f"{row} {section} {why}"
    )


#: The parameter names of :func:`scenario` rows, for ``pytest.mark.parametrize``.
SCENARIO_FIELDS = ("section", "kind", "events", "as_of", "expected", "by", "facts")


def check_scenario(
    region: str,
    seed: str,
    section: str,
    kind: str,
    events: Events,
    as_of: str,
    expected: list[Row],
    by: str | None,
    facts: dict[str, object],
) -> None:
    """Evaluate a scenario row and check its obligations, their rule and their citation."""
    result = run(region, events, as_of, **facts)
    assert rows(result, kind) == expected
    decider = by or region
    for ob in of_kind(result, kind):
        assert ob.decided_by == decider
        assert ob.rule == f"{decider}.{kind}"
        if decider == region:
            assert cited(seed, section) in ob.citation


def of_kind(result: Result, kind: str) -> list[Obligation]:
    return [ob for ob in result.obligations if ob.kind == kind]


def codes(result: Result) -> list[str]:
    return [w.code for w in result.warnings]


def rule_params(rule: ObligationRule) -> Iterator[Param[Any]]:
    """Every parameter an obligation rule holds."""
    for trigger in rule.triggers:
        yield trigger.period
    if isinstance(rule.recurrence, Rolling):
        yield from rule.recurrence.then
    if rule.extension is not None:
        yield rule.extension.period


def cites_source(citation: str) -> bool:
    """A citation in words: a policy's title (never its file name) or a statute."""
    if SEED_FILE.search(citation) or "catalogue" in citation:
        return False
    return any(title in citation for title in SEED_TITLES.values()) or bool(
        STATUTE.search(citation)
    )


# -- the base class -------------------------------------------------------------------


class RegionContract:
    """Inherit, set the class attributes, and name the class ``Test<Region>``."""

    module: ClassVar[ModuleType]
    #: The region's name in the contract.
    name: ClassVar[str]
    #: Its councils, as slugs from the contract.
    councils: ClassVar[tuple[str, ...]]
    #: The seed file the region encodes.
    seed: ClassVar[str]
    #: Contract kinds the region's own rules decide.
    own_kinds: ClassVar[frozenset[str]]
    #: Contract kinds left to the England baseline.
    baseline_kinds: ClassVar[frozenset[str]]
    #: Contract kinds the region does not have (``Policy.rule(kind) is None``).
    absent_kinds: ClassVar[frozenset[str]]
    #: Of those, the ones the region answers explicitly with a ``NoRule``.
    no_rule_kinds: ClassVar[frozenset[str]] = frozenset()
    #: Hook implementations the module has.
    hooks: ClassVar[frozenset[str]] = COMMON_HOOKS
    #: The region's rows of the rules catalogue (T1-T16, ...): each must be cited somewhere.
    catalogue_rows: ClassVar[frozenset[str]]

    # -- the registry --

    def test_registry_lists_the_region_with_its_councils(self) -> None:
        info = REGISTRY.info(self.name)
        assert info.councils == self.councils
        assert info.plugin is self.module
        assert info.title == self.module.REGION.title
        assert self.seed in info.source

    def test_module_declares_its_name_councils_and_source(self) -> None:
        region = self.module.REGION
        assert self.name == region.name
        assert self.councils == region.councils
        assert self.seed == region.source.file
        assert region.module == self.module.__name__
        assert self.module.__name__ in BUILTIN_REGION_MODULES

    def test_council_slugs_are_lower_case_hyphenated(self) -> None:
        for council in self.councils:
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", council), council

    def test_no_council_is_in_another_region(self) -> None:
        for other in REGISTRY.names:
            if other != self.name:
                assert not set(REGISTRY.info(other).councils) & set(self.councils), other

    # -- the hooks --

    def test_hook_implementations_match_their_specifications(self) -> None:
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        pm.register(self.module, name=self.name)
        pm.check_pending()  # raises on a hook with no specification
        implemented = {caller.name for caller in pm.get_hookcallers(self.module) or []}
        assert implemented == self.hooks

    def test_hooks_are_not_trylast(self) -> None:
        pm = pluggy.PluginManager(hookspecs.PROJECT)
        pm.add_hookspecs(hookspecs)
        pm.register(self.module, name=self.name)
        for caller in pm.get_hookcallers(self.module) or []:
            for impl in caller.get_hookimpls():
                assert not impl.trylast, caller.name

    def test_hooks_have_no_opinion_about_another_region(self) -> None:
        assert self.module.adoption_rules_obligation_kinds(OTHER_REGION) is None
        for kind in (*CONTRACT_KINDS, *self.module.REGION.rules):
            assert self.module.adoption_rules_obligation_rule(OTHER_REGION, kind) is None
            assert self.module.adoption_rules_obligation_rule("england", kind) is None

    def test_every_hook_has_no_opinion_about_another_region(self) -> None:
        """Each hook taking ``region`` answers ``None`` for a region the module does not serve."""
        sample: dict[str, object] = {
            "region": OTHER_REGION,
            "kind": "assessment",
            "matter": "letterbox",
            "case": case(OTHER_REGION, [], local_authority="bristol"),
            "as_of": dt.date(2026, 1, 5),
            "obligations": [],
            "concerns": frozenset(Concern),
            "child": ChildFacts(True, 2, True),
            "requester": Requester.ADOPTIVE_PARENT,
            "adoption_route": AdoptionRoute.AGENCY,
        }
        asked = 0
        for name in sorted(self.hooks - {"adoption_rules_regions"}):
            hook = getattr(self.module, name)
            params = inspect.signature(hook).parameters
            assert hook(**{p: sample[p] for p in params}) is None, name
            asked += 1
        assert asked == len(self.hooks) - 1

    def test_kinds_hook_names_the_rules(self) -> None:
        rules = self.module.REGION.rules
        assert self.module.adoption_rules_obligation_kinds(self.name) == list(rules)

    def test_rule_hook_answers_from_the_tables(self) -> None:
        for kind, rule in self.module.REGION.rules.items():
            assert self.module.adoption_rules_obligation_rule(self.name, kind) is rule
        for kind, no_rule in self.module.REGION.no_rules.items():
            assert self.module.adoption_rules_obligation_rule(self.name, kind) is no_rule
        declared = {*self.module.REGION.rules, *self.module.REGION.no_rules}
        for kind in set(CONTRACT_KINDS) - declared:
            assert self.module.adoption_rules_obligation_rule(self.name, kind) is None

    # -- rules and citations --

    def test_every_rule_is_cited_and_named_for_the_region(self) -> None:
        rules: dict[str, ObligationRule] = self.module.REGION.rules
        for kind, rule in rules.items():
            assert rule.kind == kind
            own = kind.startswith(f"{self.name}.")  # a region's own kind names its rule
            assert rule.rule_id == (kind if own else f"{self.name}.{kind}")
            # R13: the policy's title and section, never its file name or catalogue row.
            assert rule.citation.startswith(f"{SEED_TITLES[self.seed]}, "), rule.rule_id
            assert cites_source(rule.citation), rule.rule_id

    def test_every_rule_quotes_the_policy_and_cites_it_as_data(self) -> None:
        rules: dict[str, ObligationRule] = self.module.REGION.rules
        for rule in rules.values():
            assert rule.quote.strip(), rule.rule_id
            assert rule.source is not None, rule.rule_id
            assert rule.source.source.file == self.seed
            assert rule.source.rows
            assert set(rule.source.rows) <= self.catalogue_rows | REVISED_READINGS
            assert rule.citation == citation_text(rule.source)

    def test_every_param_value_names_a_seed_or_a_statute(self) -> None:
        params: list[Param[Any]] = list(self.module.REGION.policy_data.values())
        for rule in self.module.REGION.rules.values():
            params.extend(rule_params(rule))
        assert params
        for param in params:
            assert param.name.startswith(f"{self.name}."), param.name
            for dated in param.history:
                assert cites_source(dated.citation), (param.name, dated.citation)

    def test_every_no_rule_gives_its_reason_and_citation(self) -> None:
        no_rules: dict[str, NoRule] = self.module.REGION.no_rules
        assert set(no_rules) == self.no_rule_kinds
        for kind, no_rule in no_rules.items():
            assert isinstance(no_rule, NoRule)
            assert no_rule.reason.startswith(f"{SEED_TITLES[self.seed]}, "), kind
            assert self.module.REGION.no_rule_sources[kind].source.file == self.seed

    def test_every_catalogue_row_is_encoded(self) -> None:
        """Each row the region's policy gives is cited, as data (R13: not in the words)."""
        region = self.module.REGION
        sources = [rule.source for rule in region.rules.values()]
        sources += [*region.data_sources.values(), *region.no_rule_sources.values()]
        assert set(region.data_sources) == set(region.policy_data)
        rows_ = {row for source in sources if source is not None for row in source.rows}
        assert {row for row in rows_ if not row.startswith("R")} == self.catalogue_rows
        assert {row for row in rows_ if row.startswith("R")} <= REVISED_READINGS

    def test_recurring_rules_have_a_done_event(self) -> None:
        for rule in self.module.REGION.rules.values():
            if isinstance(rule.recurrence, (Rolling, Anchored)):
                assert rule.done_by, rule.rule_id

    # -- every contract kind is accounted for --

    def test_every_contract_kind_has_a_rule_or_is_explicitly_absent(self) -> None:
        assert self.own_kinds | self.baseline_kinds | self.absent_kinds == set(CONTRACT_KINDS)
        assert not self.own_kinds & self.baseline_kinds
        assert not self.own_kinds & self.absent_kinds
        assert not self.baseline_kinds & self.absent_kinds
        policy = REGISTRY.policy(self.name)
        own, baseline, absent = set(), set(), set()
        for kind in CONTRACT_KINDS:
            resolved = policy.rule(kind)
            if resolved is None:
                absent.add(kind)
            elif resolved.decided_by == self.name:
                own.add(kind)
                assert resolved.rule is self.module.REGION.rules[kind]
            else:
                assert resolved.decided_by == "england"
                baseline.add(kind)
        assert (own, baseline, absent) == (
            set(self.own_kinds),
            set(self.baseline_kinds),
            set(self.absent_kinds),
        )

    def test_region_kinds_are_contract_kinds_or_prefixed(self) -> None:
        for kind in self.module.REGION.rules:
            assert kind in CONTRACT_KINDS or kind.startswith(f"{self.name}."), kind

    def test_an_empty_case_has_no_obligations(self) -> None:
        result = run(self.name, [], "2026-01-05")
        assert result.obligations == ()
        assert result.region == self.name


def holds(value: object, expected: str) -> bool:
    """Whether a data value holds ``expected``: a substring of a text, a key or part of a
    value of a mapping, part of an item of a list, or the words of a period or date."""
    if isinstance(value, str):
        return expected in value
    if isinstance(value, dict):
        return expected in value or any(holds(v, expected) for v in value.values())
    if isinstance(value, tuple):
        return any(holds(item, expected) for item in value)
    if isinstance(value, dt.date):
        return value.isoformat() == expected
    return str(value) == expected
