"""``--policy FILE`` and ``adoption-rules diff``: what changes if a new policy starts 1 April."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from adoption_rules.api import evaluate
from adoption_rules.cli.common import UsageError, add_policy_option, registry_for
from adoption_rules.cli.policy import diff_results, register
from adoption_rules.io.converter import structure_case
from adoption_rules.io.overrides import OverriddenRegistry, apply_overrides, load_overrides
from adoption_rules.plugins.registry import Registry, default_registry

D = dt.date
ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "policy-change.toml"
CASELOAD = ROOT / "examples" / "caseload.jsonl"
T4C = "together4children"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="adoption-rules")
    register(p.add_subparsers())
    return p


def diff(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = parser().parse_args(["diff", *argv])
    code = args.handler(args)
    out, err = capsys.readouterr()
    return code, out, err


def cases_file(tmp_path: Path, cases: list[dict[str, Any]]) -> Path:
    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in cases), encoding="utf-8")
    return path


def t4c(case_id: str, *events: tuple[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "case_id": case_id,
        "region": T4C,
        "events": [{"type": t, "date": d, **extra.get(t, {})} for t, d in events],
    }


CASES = [
    t4c("OLD", ("detailed_referral_completed", "2026-03-31")),  # before: unchanged
    t4c("NEW", ("detailed_referral_completed", "2026-04-01")),  # on 1 April: 10 WD
    t4c(
        "ENDED",
        ("external_therapy_started", "2026-01-05"),
        ("closure_decided", "2026-04-01"),
        closure_decided={"reason": "no_further_need"},
    ),
]


# -- --policy for evaluate and explain ----------------------------------------------------


def test_add_policy_option_and_registry_for() -> None:
    p = argparse.ArgumentParser()
    add_policy_option(p)
    plain = p.parse_args([])
    assert plain.policy is None
    assert registry_for(plain) is default_registry()  # no --policy: the default, unchanged
    args = p.parse_args(["--policy", str(EXAMPLE)])
    changed = registry_for(args)
    assert isinstance(changed, OverriddenRegistry)
    assert changed.base is default_registry()
    assert changed.source == str(EXAMPLE)


def test_registry_for_builds_on_a_given_registry(registry: Registry) -> None:
    args = argparse.Namespace(policy=str(EXAMPLE))
    changed = registry_for(args, registry)
    assert isinstance(changed, OverriddenRegistry) and changed.base is registry
    data = t4c("NEW", ("detailed_referral_completed", "2026-04-01"))
    (ob,) = evaluate(structure_case(data), D(2026, 5, 1), registry=changed).obligations
    assert ob.period == "10 working days"


def test_a_bad_policy_file_is_a_usage_error_naming_file_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "changes.toml"
    path.write_text(
        '[[change]]\nparam = "together4children.referral_sign_off"\n'
        'effective_from = 2026-04-01\nperiod = "soon"\ncitation = "x"\n',
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=rf"{path}:4: change\[0\]\.period: "):
        registry_for(argparse.Namespace(policy=str(path)))


# -- diff ----------------------------------------------------------------------------------


def test_diff_json_lists_old_and_new_for_each_changed_obligation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cases_file(tmp_path, CASES)
    code, out, _ = diff(
        [str(path), "--policy", str(EXAMPLE), "--as-of", "2026-06-01", "--format", "json"], capsys
    )
    old, new, ended = json.loads(out)
    assert code == 0
    assert (old["case_id"], old["changes"]) == ("OLD", [])
    (change,) = new["changes"]
    assert change["change"] == "changed" and change["kind"] == "referral_sign_off"
    assert change["starts_from"] == {"event": "detailed_referral_completed", "date": "2026-04-01"}
    assert (change["old"]["due"], change["new"]["due"]) == ("2026-04-10", "2026-04-17")
    assert (change["old"]["period"], change["new"]["period"]) == (
        "5 working days",
        "10 working days",
    )
    assert (
        change["old"]["citation"] == "Together4Children Adoption Support Policy and Procedure, 7.10"
    )
    assert "2026 revision (hypothetical), 7.10" in change["new"]["citation"]
    (gone,) = ended["changes"]
    assert (gone["change"], gone["kind"], gone["new"]) == ("removed", "closed_case_review", None)
    assert gone["old"]["due"] == "2027-04-01"


def test_diff_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = cases_file(tmp_path, CASES)
    code, out, _ = diff([str(path), "--policy", str(EXAMPLE), "--as-of", "2026-06-01"], capsys)
    assert code == 0
    assert out.startswith(
        "Policy changes: Together4Children procedure, 2026 revision (hypothetical example)\n"
    )
    assert "\nOLD\n" not in out  # unchanged cases are left out of the table
    assert "  referral_sign_off (changed), from detailed_referral_completed 2026-04-01\n" in out
    assert "    due: 2026-04-10 -> 2026-04-17\n" in out
    assert "    period: 5 working days -> 10 working days\n" in out
    assert "  closed_case_review #1 (removed), from closure_decided 2026-04-01\n" in out
    assert out.endswith("2 of 3 cases change (2 obligations).\n")


def test_diff_on_the_example_caseload(capsys: pytest.CaptureFixture[str]) -> None:
    """The worked example of docs/dated-policy.md."""
    code, out, _ = diff(
        [str(CASELOAD), "--policy", str(EXAMPLE), "--as-of", "2026-12-01", "--format", "json"],
        capsys,
    )
    items = json.loads(out)
    assert code == 0 and len(items) == 50
    changed = {item["case_id"]: item["changes"] for item in items if item["changes"]}
    assert sorted(changed) == ["T4C-001002", "T4C-001003", "T4C-001006", "T4C-001007", "T4C-001010"]
    # Only Together4Children's cases, and only steps whose clock started on or after 1 April.
    for changes in changed.values():
        for c in changes:
            assert c["rule"].startswith(f"{T4C}.")
            assert c["starts_from"]["date"] >= "2026-04-01"
    shared = changed["T4C-001010"][0]
    assert (shared["old"]["status"], shared["new"]["status"]) == ("overdue", "pending")
    assert (shared["new"]["due"], shared["new"]["period"]) == (None, None)


def test_diff_reports_errors_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cases_file(
        tmp_path, [*CASES[:1], {"case_id": "BAD", "region": "atlantis", "events": []}]
    )
    code, out, _ = diff(
        [str(path), "--policy", str(EXAMPLE), "--as-of", "2026-06-01", "--format", "json"], capsys
    )
    ok, bad = json.loads(out)
    assert code == 1 and ok["changes"] == []
    assert (bad["case_id"], bad["error"]["code"], bad["policy"]) == (
        "BAD",
        "unknown_region",
        "both",
    )
    code, out, err = diff([str(path), "--policy", str(EXAMPLE), "--as-of", "2026-06-01"], capsys)
    assert code == 1 and "BAD: unknown_region (both policy)" in err
    assert out.endswith("0 of 2 cases change (0 obligations); 1 with errors.\n")


def test_diff_misuse_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read"):
        parser().parse_args(
            ["diff", str(tmp_path / "none.json"), "--policy", str(EXAMPLE)]
        ).handler(
            parser().parse_args(["diff", str(tmp_path / "none.json"), "--policy", str(EXAMPLE)])
        )
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    args = parser().parse_args(["diff", str(broken), "--policy", str(EXAMPLE)])
    with pytest.raises(UsageError, match="not valid JSON"):
        args.handler(args)
    args = parser().parse_args(["diff", str(broken), "--policy", str(EXAMPLE), "--as-of", "soon"])
    with pytest.raises(UsageError, match="--as-of"):
        args.handler(args)
    # --policy or --added-holidays (issue 16) is required.
    args = parser().parse_args(["diff", str(broken)])
    with pytest.raises(UsageError, match="--policy FILE, --added-holidays FILE, or both"):
        args.handler(args)


def test_diff_results_pairs_obligations_by_kind_start_and_occurrence(registry: Registry) -> None:
    changed = apply_overrides(registry, load_overrides(EXAMPLE))
    data = structure_case(
        t4c(
            "X",
            ("detailed_referral_completed", "2026-03-31"),
            ("detailed_referral_completed", "2026-04-01"),
            ("assessment_completed", "2026-04-02"),
        )
    )
    old = evaluate(data, D(2026, 6, 1), registry=registry)
    new = evaluate(data, D(2026, 6, 1), registry=changed)
    changes = diff_results(old, new)
    assert [(c.change, c.kind, c.starts_from.date) for c in changes] == [
        ("changed", "referral_sign_off", D(2026, 4, 1))
    ]
    assert diff_results(old, old) == ()
    (c,) = diff_results(new, old)  # the other way round
    assert c.old is not None and c.new is not None and c.old.period == "10 working days"
