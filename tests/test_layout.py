"""The layout of docs/architecture.md: layers, the narrow engine, commands, old paths.

The import-linter contracts (``make imports``) check that each layer imports
only the layers below it; these tests check what the contracts cannot: no
import cycle anywhere (a cycle inside one layer passes a layers contract),
that the core really runs without pluggy or cattrs, that each command loads
only its own module, that the engine runs over a plain object, and that the
module paths of 0.1 still import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import subprocess
import sys
import warnings
from collections.abc import Sequence

import grimp
import pluggy
import pytest

from adoption_rules._moved import MOVED
from adoption_rules.cli import COMMANDS, build_parser
from adoption_rules.core.calendar import WorkingCalendar, england_calendar
from adoption_rules.core.engine import CaseAnswers, Item, ResolvedRule, run
from adoption_rules.core.model import Case, CaseWarning, InitialVisit, Obligation, Status
from adoption_rules.core.periods import WorkingDays
from adoption_rules.core.rules import DoneBy, ObligationRule, Trigger, fixed_period
from adoption_rules.plugins.dispatch import PluginError, trace_calls
from adoption_rules.plugins.markers import hookimpl
from adoption_rules.plugins.registry import load_registry


def _cycles() -> list[list[str]]:
    graph = grimp.build_graph("adoption_rules", exclude_type_checking_imports=True)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_round_a_cycle() -> None:
    assert _cycles() == []


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_the_core_engine_runs_without_pluggy_or_cattrs() -> None:
    loaded = _modules_after("import adoption_rules.core.engine, adoption_rules.core.display")
    assert "adoption_rules.core.engine" in loaded
    assert not {"pluggy", "cattrs"} & loaded


def test_deadline_loads_no_plugin_machinery() -> None:
    loaded = _modules_after(
        "from adoption_rules.cli import main\nmain(['deadline', '2025-04-15', '5 working days'])"
    )
    assert "adoption_rules.cli.deadline" in loaded
    # Nor the model (attrs alone is a third of `deadline`'s start-up: docs/performance.md).
    assert not {"pluggy", "cattrs", "attrs", "adoption_rules.plugins.registry"} & loaded


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_is_registered_by_its_module(command: str) -> None:
    parser = build_parser(command)
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert command in sub.choices, f"{COMMANDS[command]} does not register {command!r}"
    assert sub.choices[command].get_default("handler") is not None


def test_every_command_module_is_in_the_table() -> None:
    from pathlib import Path

    import adoption_rules.cli as cli

    folder = Path(cli.__file__).parent
    modules = {
        f"adoption_rules.cli.{path.stem}"
        for path in folder.glob("*.py")
        if path.stem not in {"__init__", "__main__", "common"}
    }
    assert modules == set(COMMANDS.values())


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_module_path_imports_with_a_warning(old: str) -> None:
    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=r"moved to adoption_rules\."):
        module = importlib.import_module(old)
    new = [importlib.import_module(name) for name in MOVED[old]]
    public = [
        name
        for target in new
        for name in getattr(target, "__all__", [n for n in vars(target) if not n.startswith("_")])
    ]
    assert public, old
    for name in public:
        assert getattr(module, name) is getattr(next(t for t in new if hasattr(t, name)), name), (
            f"{old}.{name}"
        )


def test_an_old_single_module_path_is_the_new_module_itself() -> None:
    sys.modules.pop("adoption_rules.calendar", None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old = importlib.import_module("adoption_rules.calendar")
    assert old is importlib.import_module("adoption_rules.core.calendar")


# -- the engine over a narrow protocol ------------------------------------------------


class _PlainPolicy:
    """An EnginePolicy from plain data: no pluggy, no registry."""

    def __init__(self, rules: Sequence[ResolvedRule]) -> None:
        self.calendar: WorkingCalendar = england_calendar()
        self.rules = tuple(rules)
        self.asked: list[int] = []

    def case_answers(
        self,
        case: Case,
        as_of: dt.date,
        obligations: Sequence[Obligation],
        items: Sequence[Item],
    ) -> CaseAnswers:
        self.asked.append(len(obligations))
        return CaseAnswers(
            (CaseWarning("plain", "from the plain policy"),), "nowhere", None, None, None
        )


def test_the_engine_runs_over_a_plain_policy() -> None:
    rule = ObligationRule(
        kind="visit_report",
        rule_id="plain.visit_report",
        citation="a plain citation",
        triggers=(
            Trigger("initial_visit", fixed_period("plain.visit_report", WorkingDays(5), "c")),
        ),
        done_by=(DoneBy("assessment_completed"),),
    )
    policy = _PlainPolicy([ResolvedRule(rule, "plain")])
    case = Case("P1", "plain", events=(InitialVisit(dt.date(2025, 4, 15)),))
    result = run(policy, case, dt.date(2025, 5, 1))
    (ob,) = result.obligations
    assert (ob.kind, ob.due, ob.status, ob.decided_by) == (
        "visit_report",
        dt.date(2025, 4, 24),  # Easter Friday and Monday skipped
        Status.OVERDUE,
        "plain",
    )
    assert result.responsible_authority == "nowhere"
    assert [w.code for w in result.warnings] == ["plain"]
    assert policy.asked == [1]


# -- pluggy used properly --------------------------------------------------------------


class _Wrapper:
    @hookimpl(wrapper=True)
    def adoption_rules_closure_days(self, region: str) -> object:
        return (yield)


def test_a_hook_wrapper_is_refused_at_load_not_silently_skipped() -> None:
    with pytest.raises(PluginError, match=r"closure_days: refused at load: hook wrappers"):
        load_registry(installed=False, extra=[("wrapping", _Wrapper())])


def test_trace_calls_records_each_hook_call_through_pluggys_monitoring() -> None:
    registry = load_registry(installed=False)
    policy = registry.policy("together4children")
    case = Case("T1", "together4children", events=(InitialVisit(dt.date(2025, 4, 15)),))
    before = run(policy, case, dt.date(2025, 5, 1))
    with trace_calls(policy.pm) as calls:
        traced = run(policy, case, dt.date(2025, 5, 1))
    after = run(policy, case, dt.date(2025, 5, 1))
    assert traced == before == after
    hooks = {call.hook for call in calls}
    assert {"adoption_rules_case_warnings", "adoption_rules_transfer"} <= hooks
    assert {call.plugin for call in calls} >= {"england"}
    assert all(isinstance(call.arguments, tuple) for call in calls)
    # Tracing stopped: the manager's monitoring is pluggy's default again.
    with trace_calls(policy.pm) as again:
        pass
    assert again == []
    assert isinstance(policy.pm, pluggy.PluginManager)
