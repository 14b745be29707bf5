"""Override files: dated rule changes as data, checked with clear errors, applied by name."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from adoption_rules.api import evaluate
from adoption_rules.core.model import Result, Status
from adoption_rules.core.periods import WorkingDays
from adoption_rules.core.rules import DatedValue, Ended
from adoption_rules.io.converter import structure_case
from adoption_rules.io.overrides import (
    POLICY_VERSIONS_ATTRIBUTE,
    OverriddenPolicy,
    OverriddenRegistry,
    OverrideError,
    Overrides,
    PolicyVersion,
    PolicyVersionError,
    apply_overrides,
    load_overrides,
    parse_overrides,
    policy_version_on,
    policy_versions,
    rule_params,
)
from adoption_rules.plugins.policy import Policy, ResolvedRule
from adoption_rules.plugins.registry import Registry

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "policy-change.toml"
SCHEMA = json.loads(
    resources.files("adoption_rules")
    .joinpath("schemas/policy-override.schema.json")
    .read_text(encoding="utf-8")
)
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
T4C = "together4children"


def _as_json(value: Any) -> Any:
    """TOML's decoded form as the JSON the schema describes (dates as strings)."""
    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def write(tmp_path: Path, text: str, name: str = "changes.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def t4c_case(events: list[tuple[str, str]], **facts: Any) -> dict[str, Any]:
    return {
        "case_id": "T4C-9",
        "region": T4C,
        "events": [{"type": t, "date": d} for t, d in events],
        **facts,
    }


def run(registry: Registry, data: dict[str, Any], as_of: dt.date) -> Result:
    return evaluate(structure_case(data), as_of, registry=registry)


# -- the worked example ------------------------------------------------------------------


def test_the_example_file_loads_with_every_kind_of_change() -> None:
    overrides = load_overrides(EXAMPLE)
    assert overrides.title == "Together4Children procedure, 2026 revision (hypothetical example)"
    assert [(c.param, c.entry.effective_from) for c in overrides.changes] == [
        (f"{T4C}.referral_sign_off", D(2026, 4, 1)),
        (f"{T4C}.assessment", D(2026, 4, 1)),
        (f"{T4C}.review_record_shared", D(2026, 4, 1)),
        (f"{T4C}.closed_case_review", D(2026, 4, 1)),
    ]
    sign_off, _, shared, closed = (c.entry for c in overrides.changes)
    assert isinstance(sign_off, DatedValue) and sign_off.value == WorkingDays(10)
    assert isinstance(shared, DatedValue) and shared.value is None  # no time limit
    assert isinstance(closed, Ended) and closed.reason.startswith("the therapy provider")
    assert [c.line for c in overrides.changes] == [9, 16, 23, 30]  # each [[change]] header


def test_the_example_file_is_valid_under_the_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    data = _as_json(tomllib.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert list(VALIDATOR.iter_errors(data)) == []


def test_the_example_changes_cases_from_1_april_only(registry: Registry) -> None:
    changed = apply_overrides(registry, load_overrides(EXAMPLE))
    # Referral on the last day of the old procedure: 5 working days, the seed's citation.
    old = t4c_case([("detailed_referral_completed", "2026-03-31")])
    (ob,) = run(changed, old, D(2026, 5, 1)).obligations
    assert (ob.period, ob.due) == ("5 working days", D(2026, 4, 9))
    assert ob.citation == "Together4Children Adoption Support Policy and Procedure, 7.10"
    # On 1 April: the revision's 10 working days and its citation.
    new = t4c_case([("detailed_referral_completed", "2026-04-01")])
    (ob,) = run(changed, new, D(2026, 5, 1)).obligations
    assert (ob.period, ob.due) == ("10 working days", D(2026, 4, 17))
    assert ob.citation.endswith("2026 revision (hypothetical), 7.10")
    # The ended rule: closed while in therapy, before and after 1 April.
    for closed_on, expected in (("2026-03-31", 1), ("2026-04-01", 0)):
        data = t4c_case(
            [
                ("external_therapy_started", "2026-01-05"),
                ("closure_decided", closed_on),
            ]
        )
        data["events"][1]["reason"] = "no_further_need"
        kinds = [o.kind for o in run(changed, data, D(2026, 6, 1)).obligations]
        assert kinds.count("closed_case_review") == expected, closed_on
    # No time limit: the record is still to be shared, with no due date.
    data = t4c_case([("review_held", "2026-04-02")])
    (ob,) = [o for o in run(changed, data, D(2026, 6, 1)).obligations if o.kind.endswith("shared")]
    assert (ob.due, ob.period, ob.status) == (None, None, Status.PENDING)


# -- applying overrides ------------------------------------------------------------------


def test_apply_overrides_keeps_the_policy_facade_and_the_base_untouched(
    registry: Registry,
) -> None:
    changed = apply_overrides(registry, load_overrides(EXAMPLE))
    assert isinstance(changed, OverriddenRegistry)
    assert changed.names == registry.names
    policy = changed.policy(T4C)
    assert isinstance(policy, OverriddenPolicy) and isinstance(policy, Policy)
    assert changed.policy(T4C) is policy  # cached
    assert policy.kinds == registry.policy(T4C).kinds
    assert policy.calendar is registry.policy(T4C).calendar
    new_rule = policy.rule("referral_sign_off")
    assert new_rule is not None
    assert len(new_rule.rule.triggers[0].period.history) == 2
    # The base registry's rule is unchanged.
    base_rule = registry.policy(T4C).rule("referral_sign_off")
    assert base_rule is not None and len(base_rule.rule.triggers[0].period.history) == 1
    # Rules the file does not name are the base policy's own objects.
    base = {r.rule.kind: r for r in registry.policy(T4C).rules}
    for resolved in policy.rules:
        named = {p.name for p in resolved.rule.params()} & set(load_overrides(EXAMPLE).by_param)
        assert (resolved is base[resolved.rule.kind]) is (not named)
    # A region the file does not touch evaluates as before.
    assert changed.policy("leicestershire").rules == registry.policy("leicestershire").rules
    assert policy.rule("no_such_kind") is None


def test_a_baseline_parameter_changes_every_region_that_inherits_it(
    registry: Registry, tmp_path: Path
) -> None:
    assert set(rule_params(registry)["england.stage1"]) >= {"england", T4C, "adoption_west"}
    path = write(
        tmp_path,
        """
[[change]]
param = "england.stage1"
effective_from = 2026-01-01
period = "3 months"
citation = "Statutory guidance, hypothetical 2026 amendment"
""",
    )
    changed = apply_overrides(registry, load_overrides(path))
    data = {
        "case_id": "A-1",
        "region": "adoption_west",
        "events": [{"type": "registration_of_interest", "date": "2026-01-05"}],
    }
    (ob,) = run(changed, data, D(2026, 2, 1)).obligations
    assert (ob.kind, ob.period, ob.due) == ("stage1", "3 months", D(2026, 4, 5))
    assert "hypothetical 2026 amendment" in ob.citation


def test_later_files_win_on_the_same_date(registry: Registry, tmp_path: Path) -> None:
    first = load_overrides(EXAMPLE)
    second = load_overrides(
        write(
            tmp_path,
            f"""
[[change]]
param = "{T4C}.referral_sign_off"
effective_from = 2026-04-01
period = "8 working days"
citation = "second file"
""",
        )
    )
    changed = apply_overrides(registry, [first, second])
    (ob,) = run(
        changed, t4c_case([("detailed_referral_completed", "2026-04-01")]), D(2026, 5, 1)
    ).obligations
    assert (ob.period, ob.citation) == ("8 working days", "second file")


def test_an_unknown_parameter_is_named_with_its_line_and_a_suggestion(
    registry: Registry, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        """title = "typo"

[[change]]
param = "together4children.referal_sign_off"
effective_from = 2026-04-01
period = "10 working days"
citation = "x"
""",
    )
    with pytest.raises(OverrideError) as info:
        apply_overrides(registry, load_overrides(path))
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.key) == (str(path), 4, "change[0].param")
    assert "together4children.referral_sign_off" in problem.message  # the suggestion
    assert str(info.value).startswith(f"{path}:4: change[0].param: no rule parameter")


# -- malformed files: every error names the file, the key and the line ---------------------

GOOD = """[[change]]
param = "together4children.referral_sign_off"
effective_from = 2026-04-01
period = "10 working days"
citation = "T4C 2026, 7.10"
"""


@pytest.mark.parametrize(
    ("text", "key", "line", "message"),
    [
        # Not TOML at all: the parser's line.
        (GOOD + "period = \n", "change[0].period", 6, "not valid TOML"),
        ('title = "x"\n', "change", None, "at least one change"),
        ('colour = "red"\n' + GOOD, "colour", 1, "unknown key"),
        (GOOD.replace("period", "perod"), "change[0].perod", 4, "unknown key"),
        (GOOD.replace('citation = "T4C 2026, 7.10"\n', ""), "change[0].citation", 1, "missing"),
        (
            GOOD.replace('citation = "T4C 2026, 7.10"', 'citation = ""'),
            "change[0].citation",
            5,
            "non-empty",
        ),
        (GOOD.replace("10 working days", "ten working days"), "change[0].period", 4, "period"),
        (GOOD.replace('"10 working days"', "10"), "change[0].period", 4, "in words"),
        (GOOD + "ends = true\n", "change[0].ends", 6, "exactly one of"),
        (GOOD.replace('period = "10 working days"\n', ""), "change[0].period", 1, "exactly one of"),
        (
            GOOD.replace('period = "10 working days"', "no_time_limit = false"),
            "change[0].no_time_limit",
            4,
            "must be true",
        ),
        (GOOD + 'reason = "why"\n', "change[0].reason", 6, "only with ends"),
        (GOOD.replace("2026-04-01", "2026-02-30"), "change[0].effective_from", None, "TOML"),
        (GOOD.replace("2026-04-01", '"2026-02-30"'), "change[0].effective_from", 3, "real date"),
        (GOOD.replace("2026-04-01", '"1 April 2026"'), "change[0].effective_from", 3, "YYYY-MM-DD"),
        (
            GOOD.replace("2026-04-01", "2026-04-01T09:00:00"),
            "change[0].effective_from",
            3,
            "not a time",
        ),
        (
            GOOD.replace("together4children.referral_sign_off", "has space"),
            "change[0].param",
            2,
            "not a parameter name",
        ),
        (
            GOOD + "\n" + GOOD.replace("10 working", "12 working"),
            "change[1].effective_from",
            9,
            "already changes on this date in change[0]",
        ),
        ("change = 3\n", "change", 1, "at least one change"),
        ("change = [1]\n", "change[0]", 1, "must be a table"),
    ],
)
def test_a_malformed_toml_file_gets_file_key_and_line(
    tmp_path: Path, text: str, key: str | None, line: int | None, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(OverrideError) as info:
        load_overrides(path)
    problems = info.value.problems
    assert any(message in p.message for p in problems), problems
    (problem,) = [p for p in problems if message in p.message]
    assert problem.file == str(path)
    if key is not None:
        assert problem.key == key
    if line is not None:
        assert problem.line == line
        assert f"{path}:{line}:" in str(info.value)


def test_the_toml_parser_line_is_reported_for_a_bad_date(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("2026-04-01", "2026-02-30"))
    with pytest.raises(OverrideError) as info:
        load_overrides(path)
    (problem,) = info.value.problems
    assert problem.line == 3 and "not valid TOML" in problem.message
    assert problem.key == "change[0].effective_from"


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("10 working days", "soon") + "\n" + GOOD.replace("citation", "cite")
    with pytest.raises(OverrideError) as info:
        load_overrides(write(tmp_path, text))
    assert [(p.key, p.line) for p in info.value.problems] == [
        ("change[0].period", 4),
        ("change[1].cite", 11),
        ("change[1].citation", 7),
    ]


JSON_GOOD: dict[str, Any] = {
    "title": "a JSON file",
    "change": [
        {
            "param": f"{T4C}.referral_sign_off",
            "effective_from": "2026-04-01",
            "period": "10 working days",
            "citation": "T4C 2026, 7.10",
        },
        {
            "param": f"{T4C}.closed_case_review",
            "effective_from": "2026-04-01",
            "ends": True,
            "citation": "T4C 2026, 11.4",
        },
    ],
}


def test_a_json_file_loads_and_its_errors_have_lines(tmp_path: Path) -> None:
    overrides = load_overrides(write(tmp_path, json.dumps(JSON_GOOD, indent=2), "c.json"))
    assert [c.line for c in overrides.changes] == [4, 10]
    bad = json.loads(json.dumps(JSON_GOOD))
    bad["change"][1]["ends"] = "yes"
    bad["change"][1]["reason"] = 7
    path = write(tmp_path, json.dumps(bad, indent=2), "bad.json")
    with pytest.raises(OverrideError) as info:
        load_overrides(path)
    assert [(p.key, p.line) for p in info.value.problems] == [
        ("change[1].ends", 13),
        ("change[1].reason", 15),
    ]
    with pytest.raises(OverrideError, match=r"broken\.json:2: not valid JSON"):
        load_overrides(write(tmp_path, '{\n "change": [,]}', "broken.json"))


def test_a_file_that_is_neither_toml_nor_json_or_is_missing(tmp_path: Path) -> None:
    with pytest.raises(OverrideError, match=r"changes\.yaml: an override file must end in"):
        load_overrides(write(tmp_path, GOOD, "changes.yaml"))
    with pytest.raises(OverrideError, match=r"nowhere\.toml: cannot read"):
        load_overrides(tmp_path / "nowhere.toml")


def test_parse_overrides_takes_decoded_data_directly() -> None:
    overrides = parse_overrides(JSON_GOOD, "inline")
    assert isinstance(overrides, Overrides) and overrides.source == "inline"
    assert sorted(overrides.by_param) == [f"{T4C}.closed_case_review", f"{T4C}.referral_sign_off"]
    with pytest.raises(OverrideError, match="inline: the file must hold a table"):
        parse_overrides([1, 2], "inline")


# -- the schema and the code agree -------------------------------------------------------


def _variant(**change: Any) -> dict[str, Any]:
    base = dict(JSON_GOOD["change"][0])
    for key, value in change.items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return {"change": [base]}


@pytest.mark.parametrize(
    ("document", "valid"),
    [
        (JSON_GOOD, True),
        (_variant(), True),
        (_variant(period=None, no_time_limit=True), True),
        (_variant(period=None, ends=True, reason="why"), True),
        ({"change": []}, False),
        ({}, False),
        ({"change": JSON_GOOD["change"], "extra": 1}, False),
        ({"title": "", "change": JSON_GOOD["change"]}, False),
        (_variant(citation=None), False),
        (_variant(param=None), False),
        (_variant(effective_from=None), False),
        (_variant(effective_from="2026-4-1"), False),
        (_variant(period=None), False),
        (_variant(ends=True), False),
        (_variant(period=None, no_time_limit=False), False),
        (_variant(period=None, ends=True, reason=3), False),
        (_variant(reason="why"), False),
        (_variant(colour="red"), False),
        (_variant(param="two words"), False),
        (_variant(citation="   "), False),
        ([JSON_GOOD], False),
    ],
)
def test_the_code_and_the_schema_agree(document: Any, valid: bool) -> None:
    schema_says = not list(VALIDATOR.iter_errors(document))
    try:
        parse_overrides(document, "doc")
        code_says = True
    except OverrideError:
        code_says = False
    assert (schema_says, code_says) == (valid, valid)


# -- policy document versions ------------------------------------------------------------


class _Plugin:
    def __init__(self, versions: object) -> None:
        setattr(self, POLICY_VERSIONS_ATTRIBUTE, versions)


VERSIONS = (
    (D(2019, 4, 1), "Statement of Purpose 2019-2020", "LEI SoP 2019"),
    (D(2026, 4, 1), "Statement of Purpose 2026-2027", "LEI SoP 2026"),
)


def test_policy_versions_are_read_from_the_module_attribute() -> None:
    plugin = _Plugin(VERSIONS)
    versions = policy_versions(plugin)
    assert versions == tuple(PolicyVersion(*v) for v in VERSIONS)
    assert policy_version_on(plugin, D(2019, 3, 31)) is None
    found = policy_version_on(plugin, D(2026, 3, 31))
    assert found is not None and found.title == "Statement of Purpose 2019-2020"
    found = policy_version_on(plugin, D(2026, 4, 1))
    assert found is not None and found.citation == "LEI SoP 2026"


def test_regions_without_versions_have_none(registry: Registry) -> None:
    for name in registry.names:
        assert isinstance(policy_versions(registry.info(name)), tuple)
    assert policy_versions(object()) == ()


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ("2019", "must be a tuple"),
        (((D(2019, 4, 1), "only two"),), r"POLICY_VERSIONS\[0\]: expected"),
        ((("2019-04-01", "t", "c"),), "must be a date"),
        (((D(2019, 4, 1), "", "c"),), "non-empty"),
        ((VERSIONS[1], VERSIONS[0]), r"POLICY_VERSIONS\[1\]: versions must be in date order"),
    ],
)
def test_malformed_policy_versions_are_refused(versions: object, message: str) -> None:
    with pytest.raises(PolicyVersionError, match=message):
        policy_versions(_Plugin(versions))


# -- the docs show the files the tests run ---------------------------------------------------


def test_the_docs_show_the_example_file_verbatim() -> None:
    doc = (ROOT / "docs" / "dated-policy.md").read_text(encoding="utf-8")
    block = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    assert block == EXAMPLE.read_text(encoding="utf-8")


def test_the_line_of_each_param_key_is_kept() -> None:
    overrides = load_overrides(EXAMPLE)
    assert [c.param_line for c in overrides.changes] == [10, 17, 24, 31]


def test_every_way_of_asking_the_policy_for_a_rule_sees_the_overrides(
    registry: Registry,
) -> None:
    policy = apply_overrides(registry, load_overrides(EXAMPLE)).policy(T4C)
    by_rules = {r.rule.kind: r for r in policy.rules}["referral_sign_off"]
    by_rule = policy.rule("referral_sign_off")
    by_resolve = policy.resolve("referral_sign_off")
    for resolved in (by_rules, by_rule, by_resolve):
        assert isinstance(resolved, ResolvedRule)
        assert resolved.rule.triggers[0].period.at(D(2026, 4, 1)) == DatedValue(
            WorkingDays(10),
            "T4C Adoption Support Policy and Procedure, 2026 revision (hypothetical), 7.10",
            D(2026, 4, 1),
        )
        assert resolved.decided_by == T4C


def test_the_overridden_registry_keeps_the_base_configuration(registry: Registry) -> None:
    changed = apply_overrides(registry, load_overrides(EXAMPLE))
    for name in registry.names:
        assert changed.info(name) is registry.info(name)
        assert changed.provider(name) == registry.provider(name)
    assert changed.addons == registry.addons
    assert T4C in changed and "atlantis" not in changed


def test_an_override_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "changes.toml"
    path.write_bytes(b"# policy changes\n# \xff\xfe\n[[change]]\n")
    with pytest.raises(OverrideError, match=r"changes\.toml:2: not valid UTF-8 text"):
        load_overrides(path)
