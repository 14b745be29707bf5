"""Every other agency: installed region packages, refusals at load, failures, conflicts.

* The plugin tutorial is followed from an empty folder: the files
  ``docs/writing-a-region-plugin.md`` quotes (the example region package,
  kept equal to ``tests/example_region`` by ``tests/test_docs.py``) are
  written into a fresh folder, built and installed with pip into a folder of
  its own, put on ``sys.path`` only for the tests that ask for it, found
  through its entry point like any installed region, and its tests run.
* Fake entry points (``adoption_rules.plugins.policy.entry_points`` monkeypatched)
  test what ``load_registry`` refuses, each refusal naming the plugin.
* A plugin failing while a case is evaluated fails that case only.
* Two plugins answering one question differently for one region is an error.
* ``test_hook_<name>`` for each deadline hook (the question hooks are in
  ``tests/test_questions.py``).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import attrs
import pytest

from adoption_rules.api import evaluate, evaluate_records
from adoption_rules.core.authority import AuthorityAnswer
from adoption_rules.core.model import Case, CaseError, CaseWarning, Obligation, Result
from adoption_rules.core.periods import WorkingDays
from adoption_rules.core.rules import DoneBy, NoRule, ObligationRule, Trigger, fixed_period
from adoption_rules.io.converter import structure_case
from adoption_rules.io.records import Record
from adoption_rules.plugins import registry as registry_module
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.dispatch import PluginError
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.policy import Policy, ResolvedNoRule
from adoption_rules.plugins.registry import ENTRY_POINT_GROUP, PLUGINS_ENV, Registry, load_registry
from adoption_rules.regions import together4children as t4c

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "writing-a-region-plugin.md"
DAY = dt.date(2026, 1, 5)


def make_case(region: str, events: list[dict[str, Any]] | None = None, /, **facts: Any) -> Case:
    return structure_case({"case_id": "P-1", "region": region, "events": events or [], **facts})


# -- small plugins -------------------------------------------------------------------------


class DeclaresRegion:
    """A region plugin: declares one region and, optionally, one rule for it."""

    def __init__(
        self, name: str, rule: ObligationRule | None = None, closed: tuple[dt.date, ...] = ()
    ) -> None:
        self.name = name
        self.rule = rule
        self.closed = closed

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        return [RegionInfo(self.name, self.name.title(), (), "a test region", self)]

    @hookimpl
    def adoption_rules_obligation_kinds(self, region: str) -> list[str] | None:
        return [self.rule.kind] if region == self.name and self.rule else None

    @hookimpl
    def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
        if region == self.name and self.rule is not None and kind == self.rule.kind:
            return self.rule
        return None

    @hookimpl
    def adoption_rules_closure_days(self, region: str) -> list[dt.date] | None:
        return list(self.closed) if region == self.name else None


def home_visit_rule(region: str, days: int) -> ObligationRule:
    """A region's own kind: a home visit within ``days`` working days of the referral."""
    kind = f"{region}.home_visit"
    return ObligationRule(
        kind=kind,
        rule_id=kind,
        citation="a test procedure, 1.1",
        triggers=(
            Trigger("referral_received", fixed_period(kind, WorkingDays(days), "a test, 1.1")),
        ),
        done_by=(DoneBy("initial_visit"),),
    )


def sign_off_addon(days: int, *, tryfirst: bool = False, kind: str = "referral_sign_off") -> object:
    """An add-on (declares no region) giving Together4Children its own rule for ``kind``."""
    rule = t4c.REFERRAL_SIGN_OFF
    if days != 5:
        rule = rule.with_period(fixed_period("addon.sign_off", WorkingDays(days), "an add-on"))
    if kind != rule.kind:
        rule = attrs.evolve(rule, kind=kind, rule_id=f"together4children.{kind}")

    class SignOffAddon:
        @hookimpl(tryfirst=tryfirst)
        def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
            return rule if region == "together4children" and kind == rule.kind else None

    return SignOffAddon()


class AuthorityAddon:
    """An add-on naming the responsible council for Together4Children cases."""

    def __init__(self, council: str) -> None:
        self.council = council

    @hookimpl
    def adoption_rules_responsible_authority(
        self, region: str, case: Case, as_of: dt.date
    ) -> AuthorityAnswer | None:
        if region != "together4children":
            return None
        return AuthorityAnswer(self.council, "an add-on says so", "a test")


# -- fake entry points ------------------------------------------------------------------------


@attrs.frozen
class FakeEntryPoint:
    """An installed entry point whose ``load`` returns ``target`` (or raises ``error``)."""

    name: str
    target: object = None
    error: Exception | None = None
    value: str = "fake_module"
    group: str = ENTRY_POINT_GROUP

    def load(self) -> object:
        if self.error is not None:
            raise self.error
        return self.target


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EntryPoint | FakeEntryPoint]]:
    """The entry points ``load_registry`` will find: append to the list."""
    eps: list[EntryPoint | FakeEntryPoint] = []
    monkeypatch.setattr(
        registry_module, "entry_points", lambda group: [ep for ep in eps if ep.group == group]
    )
    monkeypatch.delenv(PLUGINS_ENV, raising=False)
    yield eps


def test_an_entry_point_that_fails_to_import_is_refused_by_name(
    installed: list[EntryPoint | FakeEntryPoint],
) -> None:
    installed.append(EntryPoint("broken", "adoption_rules_no_such_module", ENTRY_POINT_GROUP))
    with pytest.raises(PluginError) as info:
        load_registry()
    assert info.value.plugin == "broken"
    assert str(info.value) == (
        "plugin 'broken': failed to import 'adoption_rules_no_such_module' (ModuleNotFoundError)"
    )


def test_a_region_name_already_taken_is_refused_naming_both(
    installed: list[EntryPoint | FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("t4c_again", DeclaresRegion("together4children")))
    with pytest.raises(PluginError) as info:
        load_registry()
    assert (info.value.plugin, info.value.hook) == ("t4c_again", "adoption_rules_regions")
    assert "'together4children' is already provided by plugin 'together4children'" in str(
        info.value
    )


class ClaimsCouncils:
    """A region plugin whose region claims the given councils."""

    def __init__(self, name: str, councils: tuple[str, ...]) -> None:
        self.name = name
        self.councils = councils

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        return [RegionInfo(self.name, self.name.title(), self.councils, "a test region", self)]


def test_a_council_claimed_by_two_regions_is_refused_naming_both(
    installed: list[EntryPoint | FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("west_too", ClaimsCouncils("west_too", ("bath", "bristol"))))
    with pytest.raises(PluginError) as info:
        load_registry()
    assert (info.value.plugin, info.value.hook) == ("west_too", "adoption_rules_regions")
    assert str(info.value) == (
        "plugin 'west_too', hook adoption_rules_regions: region 'west_too' claims council "
        "'bristol', already in region 'adoption_west' of plugin 'adoption_west'"
    )


def test_councils_no_other_region_claims_load(
    installed: list[EntryPoint | FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("new_one", ClaimsCouncils("new_one", ("bath", "exmoor"))))
    assert load_registry().info("new_one").councils == ("bath", "exmoor")


def test_two_installed_regions_claiming_one_council_are_refused(
    installed: list[EntryPoint | FakeEntryPoint],
) -> None:
    installed.append(FakeEntryPoint("first", ClaimsCouncils("first", ("exmoor",))))
    installed.append(FakeEntryPoint("second", ClaimsCouncils("second", ("dartmoor", "exmoor"))))
    with pytest.raises(PluginError, match="'exmoor', already in region 'first' of plugin 'first'"):
        load_registry()


class WrongSignature:
    @hookimpl
    def adoption_rules_obligation_rule(self, region: str, kind: str, case: Case) -> None:
        return None


class MisspeltHook:
    @hookimpl
    def adoption_rules_obligation_rules(self, region: str, kind: str) -> None:
        return None


@pytest.mark.parametrize(
    ("plugin", "says"),
    [
        pytest.param(WrongSignature(), "'case'", id="an argument the hook does not have"),
        pytest.param(MisspeltHook(), "unknown hook 'adoption_rules_obligation_rules'", id="a typo"),
    ],
)
def test_a_hook_implementation_with_a_wrong_signature_is_refused_by_name(
    installed: list[EntryPoint | FakeEntryPoint], plugin: object, says: str
) -> None:
    installed.append(FakeEntryPoint("sloppy", plugin))
    with pytest.raises(PluginError) as info:
        load_registry()
    message = str(info.value)
    assert info.value.plugin == "sloppy"
    assert message.startswith("plugin 'sloppy': refused at load: ")
    assert says in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("env", "only", "loaded"),
    [
        pytest.param(None, None, {"alpha", "beta"}, id="no restriction: every installed plugin"),
        pytest.param("alpha", None, {"alpha"}, id="ADOPTION_RULES_PLUGINS=alpha"),
        pytest.param(" beta , alpha ", None, {"alpha", "beta"}, id="a list, spaces ignored"),
        pytest.param("none", None, set(), id="ADOPTION_RULES_PLUGINS=none"),
        pytest.param("alpha", ["beta"], {"beta"}, id="only= wins over the variable"),
        pytest.param(None, [], set(), id="only=[] loads none"),
    ],
)
def test_which_installed_plugins_load(
    installed: list[EntryPoint | FakeEntryPoint],
    monkeypatch: pytest.MonkeyPatch,
    env: str | None,
    only: list[str] | None,
    loaded: set[str],
) -> None:
    installed.extend(
        [
            FakeEntryPoint("alpha", DeclaresRegion("alpha")),
            FakeEntryPoint("beta", DeclaresRegion("beta")),
        ]
    )
    if env is not None:
        monkeypatch.setenv(PLUGINS_ENV, env)
    registry = load_registry(only=only)
    assert {"alpha", "beta"} & set(registry.names) == loaded
    assert "together4children" in registry  # built-in regions always load


def test_installed_false_ignores_entry_points(installed: list[EntryPoint | FakeEntryPoint]) -> None:
    installed.append(FakeEntryPoint("broken", error=ImportError("no")))
    assert "together4children" in load_registry(installed=False)


# -- the example region package, installed with pip ------------------------------------------


#: A file the tutorial quotes whole: ``<!-- file: PATH -->`` and a fenced block.
QUOTED_FILE = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)\n```", re.S)


def tutorial_package(folder: Path) -> Path:
    """``docs/writing-a-region-plugin.md`` followed from an empty folder: its quoted files.

    Each file the tutorial quotes (``tests/example_region/...``) is written, as
    the tutorial shows it, under ``folder/example_region``; nothing else is.
    """
    package = folder / "example_region"
    quoted = QUOTED_FILE.findall(TUTORIAL.read_text(encoding="utf-8"))
    assert quoted, "the tutorial quotes no file"
    for path, text in quoted:
        relative = Path(path).relative_to("tests/example_region")
        target = package / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text + "\n", encoding="utf-8")
    return package


@pytest.fixture(scope="session")
def tutorial_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial's package, written into an empty folder."""
    return tutorial_package(tmp_path_factory.mktemp("tutorial"))


@pytest.fixture(scope="session")
def example_site(tutorial_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial's package (from an empty folder) built and installed into a folder of its own.

    Installed with ``--target`` rather than into the virtual environment, so the
    example's entry point is seen only by the tests that put the folder on
    ``sys.path`` and never leaks into other tests or later runs.  ``--no-deps``:
    adoption-rules itself is the one under test, already importable.
    """
    site = tmp_path_factory.mktemp("example_region_site")
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet"]
    command += ["--disable-pip-version-check", "--no-input", "--target", str(site)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    command.append(str(tutorial_folder))
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"pip could not install the tutorial's package ({type(exc).__name__})")
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"pip could not install the tutorial's package offline: {last}")
    return site


@pytest.fixture
def with_example(example_site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(example_site))
    monkeypatch.delenv(PLUGINS_ENV, raising=False)
    return example_site


def test_the_installed_example_region_evaluates_a_case(with_example: Path) -> None:
    registry = load_registry()
    assert "example_rab" in registry
    assert registry.provider("example_rab") == "example_rab"
    case = make_case(
        "example_rab",
        [{"type": "detailed_referral_completed", "date": "2026-12-17"}],
        local_authority="exampleshire",
    )
    result = evaluate(case, as_of=dt.date(2026, 12, 18), registry=registry)
    (ob,) = result.obligations
    # 10 working days over Christmas, the agency's closure days and New Year's Day.
    assert (ob.kind, ob.due, ob.decided_by) == (
        "referral_sign_off",
        dt.date(2027, 1, 11),
        "example_rab",
    )
    assert ob.rule == "example_rab.referral_sign_off"


@pytest.mark.parametrize(
    ("env", "only", "loads"),
    [
        pytest.param("example_rab", None, True, id="named in ADOPTION_RULES_PLUGINS"),
        pytest.param("none", None, False, id="ADOPTION_RULES_PLUGINS=none"),
        pytest.param("other_plugin", None, False, id="another plugin named"),
        pytest.param("none", ["example_rab"], True, id="only= overrides the variable"),
    ],
)
def test_the_installed_example_region_is_restricted_by_env_and_only(
    with_example: Path,
    monkeypatch: pytest.MonkeyPatch,
    env: str,
    only: list[str] | None,
    loads: bool,
) -> None:
    monkeypatch.setenv(PLUGINS_ENV, env)
    assert ("example_rab" in load_registry(only=only)) is loads


def test_the_tutorial_from_an_empty_folder_installs_and_its_tests_pass(
    tutorial_folder: Path, example_site: Path
) -> None:
    """The tutorial's files, written into an empty folder and installed: their tests pass."""
    assert sorted(str(p.relative_to(tutorial_folder)) for p in tutorial_folder.rglob("*.*")) == [
        "pyproject.toml",
        "src/adoption_rules_example_region/__init__.py",
        "tests/test_example_rab.py",
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(example_site), *sys.path])}
    env.pop(PLUGINS_ENV, None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=tutorial_folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    assert "10 passed" in done.stdout


# -- a plugin failing while a case is evaluated ----------------------------------------------


class FlakyRegion(DeclaresRegion):
    """A region whose warnings hook raises, with case data in the exception."""

    @hookimpl
    def adoption_rules_case_warnings(
        self, region: str, case: Case, obligations: list[Obligation], as_of: dt.date
    ) -> list[CaseWarning] | None:
        if region == self.name:
            raise RuntimeError(f"cannot read {case.case_id}'s notes: Jane Example")
        return None


def test_a_plugin_raising_fails_that_case_only() -> None:
    registry = load_registry(installed=False, extra=[("flaky", FlakyRegion("flaky"))])
    cases = [
        {"case_id": "OK-1", "region": "together4children", "events": []},
        {"case_id": "BAD-1", "region": "flaky", "events": []},
        {"case_id": "OK-2", "region": "adoption_west", "events": []},
    ]
    records = [Record(i, None, data) for i, data in enumerate(cases)]
    out = list(evaluate_records(records, DAY, registry=registry))
    assert [type(item) for item in out] == [Result, CaseError, Result]
    error = out[1]
    assert isinstance(error, CaseError)
    assert (error.case_id, error.error.code) == ("BAD-1", "plugin_failed")
    assert (
        error.error.message
        == "plugin 'flaky', hook adoption_rules_case_warnings: raised RuntimeError"
    )
    assert "Jane" not in error.error.message


# -- conflicts: two plugins, one question, one region ----------------------------------------


def test_an_addon_contradicting_the_region_is_refused_at_load_naming_both() -> None:
    with pytest.raises(PluginError) as info:
        load_registry(installed=False, extra=[("t4c_local", sign_off_addon(10))])
    message = str(info.value)
    assert info.value.hook == "adoption_rules_obligation_rule"
    assert "'t4c_local'" in message and "'together4children'" in message
    assert "kind='referral_sign_off'" in message and "region='together4children'" in message


def test_two_addons_contradicting_each_other_on_a_baseline_kind_are_refused() -> None:
    first, second = sign_off_addon(10, kind="stage1"), sign_off_addon(12, kind="stage1")
    with pytest.raises(PluginError) as info:
        load_registry(installed=False, extra=[("first", first), ("second", second)])
    message = str(info.value)
    assert message.startswith("plugin 'second', hook adoption_rules_obligation_rule: ")
    assert "conflicts with plugin 'first'" in message and "kind='stage1'" in message


def test_an_addon_agreeing_with_the_region_is_no_conflict() -> None:
    registry = load_registry(installed=False, extra=[("t4c_same", sign_off_addon(5))])
    resolved = registry.policy("together4children").rule("referral_sign_off")
    assert resolved is not None and resolved.rule == t4c.REFERRAL_SIGN_OFF


def test_an_addon_marked_tryfirst_overrides_on_purpose() -> None:
    registry = load_registry(
        installed=False, extra=[("t4c_2027", sign_off_addon(10, tryfirst=True))]
    )
    case = make_case(
        "together4children", [{"type": "detailed_referral_completed", "date": "2026-01-05"}]
    )
    (ob,) = evaluate(case, as_of=DAY, registry=registry).obligations
    assert (ob.decided_by, ob.due, ob.period) == (
        "t4c_2027",
        dt.date(2026, 1, 19),
        "10 working days",
    )


def test_a_conflict_on_a_case_question_fails_each_case_naming_both() -> None:
    addons = [
        ("says_dudley", AuthorityAddon("dudley")),
        ("says_walsall", AuthorityAddon("walsall")),
    ]
    registry = load_registry(installed=False, extra=addons)  # no case-free hook disagrees
    records = [
        Record(0, None, {"case_id": "T-1", "region": "together4children", "events": []}),
        Record(1, None, {"case_id": "A-1", "region": "adoption_west", "events": []}),
    ]
    first, second = evaluate_records(records, DAY, registry=registry)
    assert isinstance(first, CaseError) and first.error.code == "plugin_failed"
    assert "'says_walsall'" in first.error.message and "'says_dudley'" in first.error.message
    assert "adoption_rules_responsible_authority" in first.error.message
    assert isinstance(second, Result)


def test_the_baseline_never_conflicts_with_a_region(registry: Registry) -> None:
    # Together4Children's assessment rule differs from the baseline's: the region wins.
    resolved = registry.policy("together4children").rule("assessment")
    assert resolved is not None and resolved.decided_by == "together4children"


def test_policy_keeps_its_one_argument_constructor(registry: Registry) -> None:
    policy = Policy(registry.info("leicestershire"))
    assert policy.rule("stage1") is not None
    assert policy.region.name == "leicestershire"


# -- the deadline hooks, one by one ------------------------------------------------------------


def test_hook_adoption_rules_regions() -> None:
    plugin = DeclaresRegion("gamma")
    registry = load_registry(installed=False, extra=[("gamma_pkg", plugin)])
    info = registry.info("gamma")
    assert (info.plugin, info.title, registry.provider("gamma")) == (plugin, "Gamma", "gamma_pkg")


def test_hook_adoption_rules_obligation_kinds() -> None:
    plugin = DeclaresRegion("gamma", home_visit_rule("gamma", 3))
    policy = load_registry(installed=False, extra=[("gamma", plugin)]).policy("gamma")
    assert policy.kinds[0] == "gamma.home_visit"
    assert "assessment" in policy.kinds  # the baseline names the contract's kinds


def test_hook_adoption_rules_obligation_rule(registry: Registry) -> None:
    resolved = registry.policy("together4children").rule("referral_sign_off")
    assert resolved is not None
    assert (resolved.rule, resolved.decided_by) == (t4c.REFERRAL_SIGN_OFF, "together4children")
    explicit = registry.policy("adoption_at_heart").resolve("plan_review")
    assert isinstance(explicit, ResolvedNoRule) and isinstance(explicit.no_rule, NoRule)
    assert explicit.decided_by == "adoption_at_heart"
    assert registry.policy("adoption_at_heart").rule("plan_review") is None


def test_hook_adoption_rules_responsible_authority() -> None:
    registry = load_registry(installed=False, extra=[("says_dudley", AuthorityAddon("dudley"))])
    case = make_case("together4children", placing_authority="stoke-on-trent")
    assert evaluate(case, as_of=DAY, registry=registry).responsible_authority == "dudley"
    other = make_case("adoption_west", placing_authority="bristol")
    assert evaluate(other, as_of=DAY, registry=registry).responsible_authority == "bristol"


def test_hook_adoption_rules_closure_days() -> None:
    plugin = DeclaresRegion("gamma", home_visit_rule("gamma", 1), closed=(dt.date(2026, 1, 6),))
    registry = load_registry(installed=False, extra=[("gamma", plugin)])
    case = make_case("gamma", [{"type": "referral_received", "date": "2026-01-05"}])
    (ob,) = evaluate(case, as_of=DAY, registry=registry).obligations
    assert ob.due == dt.date(2026, 1, 7)  # Tuesday 6 January is the agency's closure day
    assert registry.policy("gamma").calendar.closures == frozenset({dt.date(2026, 1, 6)})


class WarningAddon:
    @hookimpl
    def adoption_rules_case_warnings(
        self, region: str, case: Case, obligations: list[Obligation], as_of: dt.date
    ) -> list[CaseWarning] | None:
        return [CaseWarning("addon_warning", f"{len(obligations)} obligations")]


def test_hook_adoption_rules_case_warnings() -> None:
    registry = load_registry(installed=False, extra=[("warns", WarningAddon())])
    case = make_case("together4children", [{"type": "initial_visit", "date": "2026-01-02"}])
    codes = [w.code for w in evaluate(case, as_of=DAY, registry=registry).warnings]
    assert "addon_warning" in codes and "assessment_without_consent" in codes


def test_a_regions_hook_returning_a_non_list_is_refused_at_load() -> None:
    class TupleRegions:
        @hookimpl
        def adoption_rules_regions(self) -> Any:
            return (RegionInfo("tupled", "Tupled", (), "tests", self),)

    with pytest.raises(PluginError, match=r"plugin 'tupled-plugin'.*not a list of RegionInfo"):
        load_registry(installed=False, extra=[("tupled-plugin", TupleRegions())])
