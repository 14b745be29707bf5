"""``adoption-rules regions`` and ``adoption-rules rules --region NAME [--on DAY]``.

The commands are registered on a fresh parser (as ``cli.py`` does through
``register``) and dispatched through ``args.handler``; the registry is the
built-in regions only, plus test plugins where a test says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

import pytest

from adoption_rules.cli import regions as regions_cli
from adoption_rules.core.periods import WorkingDays
from adoption_rules.core.rules import DatedValue, ObligationRule, Param, Trigger
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.dispatch import PluginError
from adoption_rules.plugins.england import CONTRACT_KINDS
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry

T4C = "Together4Children Adoption Support Policy and Procedure"


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    regions_cli.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    status: int = args.handler(args)
    return status


@pytest.fixture
def use(monkeypatch: pytest.MonkeyPatch, registry: Registry) -> Any:
    """Make the commands use ``registry`` (default: the built-in regions)."""

    def set_registry(chosen: Registry = registry) -> None:
        monkeypatch.setattr(regions_cli, "default_registry", lambda: chosen)

    set_registry()
    return set_registry


def test_regions_json_lists_every_region_with_councils_source_and_plugin(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["regions", "--format", "json"]) == 0
    items = {item["name"]: item for item in json.loads(capsys.readouterr().out)}
    assert set(items) == {
        "england",
        "together4children",
        "adoption_at_heart",
        "adoption_west",
        "leicestershire",
    }
    assert items["adoption_at_heart"]["councils"] == [
        "wolverhampton",
        "dudley",
        "sandwell",
        "walsall",
    ]
    assert items["together4children"]["source"] == f"000_1775740ee4c9f50c.txt: {T4C}"
    assert items["leicestershire"]["plugin"] == "leicestershire"


def test_regions_table_has_a_row_per_region(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["regions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["region", "title", "councils", "source"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {
        "adoption_at_heart",
        "adoption_west",
        "england",
        "leicestershire",
        "together4children",
    }
    assert (
        "shropshire, staffordshire, stoke-on-trent, telford-and-wrekin" in rows["together4children"]
    )


def test_rules_json_lists_every_kind_rule_or_absent(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run_cli(
            ["rules", "--region", "together4children", "--on", "2026-01-05", "--format", "json"]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert (doc["region"], doc["on"]) == ("together4children", "2026-01-05")
    rows = {row["kind"]: row for row in doc["rules"]}
    assert set(CONTRACT_KINDS) <= set(rows)
    sign_off = rows["referral_sign_off"]
    assert sign_off["status"] == "rule"
    assert sign_off["triggers"] == [
        {
            "starts_from": "detailed_referral_completed",
            "period": "5 working days",
            "period_citation": f"{T4C}, 7.10",
        }
    ]
    assert (sign_off["done_by"], sign_off["ends"], sign_off["recurrence"]) == (
        "referral_signed_off",
        "closure_decided",
        "once",
    )
    assert sign_off["decided_by"] == "together4children"
    assert sign_off["source"] == {
        "file": "000_1775740ee4c9f50c.txt",
        "title": T4C,
        "section": "7.10",
        "catalogue_rows": ["T4"],
    }
    assert sign_off["quote"].startswith("Permanency Support Team Manager signs off the referral")
    # The baseline's rules cite national law as data too (R13): no seed file, the rows.
    assert rows["placement_review"]["source"] == {
        "file": "",
        "title": "Adoption Agencies Regulations 2005, reg 36",
        "section": "",
        "catalogue_rows": ["E9"],
    }
    assert rows["plan_review"]["recurrence"] == (
        "rolling: again the same period after each is done; sooner where the event sets "
        "next_review_within_months"
    )
    assert rows["placement_review"]["recurrence"] == (
        "rolling: then 3 months, then 6 months after each is done"
    )
    assert rows["placement_review"]["decided_by"] == "england"
    assert rows["closed_case_review"]["triggers"][0]["starts_from"] == (
        "closure_decided (while external_therapy_started has no later external_therapy_ended)"
    )
    assert rows["irm_panel"] == {
        "kind": "irm_panel",
        "status": "absent",
        "reason": "no rule",
        "decided_by": "england",
    }


def test_rules_absent_kinds_give_the_regions_reason(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["rules", "--region", "adoption_at_heart", "--format", "json"]) == 0
    rows = {row["kind"]: row for row in json.loads(capsys.readouterr().out)["rules"]}
    assert rows["plan_review"]["status"] == "absent"
    assert rows["plan_review"]["decided_by"] == "adoption_at_heart"
    assert "no plan_review cadence" in rows["plan_review"]["reason"]
    assert rows["change_review"]["triggers"][1]["period"] == "no time limit (due null)"


def test_rules_anchored_and_extension_in_words(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["rules", "--region", "leicestershire", "--format", "json"]) == 0
    rows = {row["kind"]: row for row in json.loads(capsys.readouterr().out)["rules"]}
    assert rows["plan_review"]["recurrence"] == "anchored: every period from the start, 6 times"
    assert rows["stage1"]["triggers"][0]["period"] == (
        "2 months; 6 months once `stage1_extended` is recorded"
    )
    assert rows["irm_application_window"]["triggers"][0]["period"] == "40 working days (window)"


def test_rules_table(use: Any, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["rules", "--region", "together4children", "--on", "2026-01-05"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "together4children: rules in force on 2026-01-05"
    assert lines[2].split("  ")[0] == "kind"
    sign_off = next(line for line in lines if line.startswith("referral_sign_off "))
    assert "5 working days" in sign_off and f"{T4C}, 7.10" in sign_off
    absent = next(line for line in lines if line.startswith("irm_panel "))
    assert " absent " in absent
    words = lines[lines.index("In the policy's words:") + 1 :]
    words = words[: words.index("")]
    assert words[0] == (
        f"  referral_sign_off ({T4C}, 7.10): “Permanency Support Team Manager "
        "signs off the referral and agrees the proposed actions within 5 working days”"
    )
    assert len(words) == 6  # one line for each of the region's own rules


def _dated_region() -> object:
    """A region whose home visit period changed on 1 April 2026."""
    period: Param[Any] = Param(
        "delta.home_visit",
        (
            DatedValue(WorkingDays(10), "delta procedure 2025, 2.1"),
            DatedValue(WorkingDays(5), "delta procedure 2026, 2.1", dt.date(2026, 4, 1)),
        ),
    )
    rule = ObligationRule(
        kind="delta.home_visit",
        rule_id="delta.home_visit",
        citation="delta procedure, 2.1",
        triggers=(Trigger("referral_received", period),),
    )

    class Delta:
        @hookimpl
        def adoption_rules_regions(self) -> list[RegionInfo]:
            return [RegionInfo("delta", "Delta", ("delta-shire",), "delta procedure", self)]

        @hookimpl
        def adoption_rules_obligation_kinds(self, region: str) -> list[str] | None:
            return [rule.kind] if region == "delta" else None

        @hookimpl
        def adoption_rules_obligation_rule(self, region: str, kind: str) -> ObligationRule | None:
            return rule if (region, kind) == ("delta", rule.kind) else None

    return Delta()


@pytest.mark.parametrize(
    ("on", "period", "citation"),
    [
        ("2026-03-31", "10 working days", "delta procedure 2025, 2.1"),
        ("2026-04-01", "5 working days", "delta procedure 2026, 2.1"),
    ],
)
def test_rules_on_picks_the_value_in_force_that_day(
    use: Any, capsys: pytest.CaptureFixture[str], on: str, period: str, citation: str
) -> None:
    use(load_registry(installed=False, extra=[("delta", _dated_region())]))
    assert run_cli(["rules", "--region", "delta", "--on", on, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["rules"]
    assert rows[0]["kind"] == "delta.home_visit"
    assert rows[0]["triggers"][0]["period"] == period
    assert rows[0]["triggers"][0]["period_citation"] == citation
    assert rows[0]["decided_by"] == "delta"


def test_rules_on_defaults_to_today_in_england(
    use: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import adoption_rules.core.calendar

    monkeypatch.setattr(
        adoption_rules.core.calendar, "today_in_england", lambda: dt.date(2026, 2, 3)
    )
    assert run_cli(["rules", "--region", "england", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["on"] == "2026-02-03"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["rules", "--region", "nowhere"], "unknown region 'nowhere'", id="region"),
        pytest.param(
            ["rules", "--region", "england", "--on", "2026-02-30"], "--on", id="a bad day"
        ),
    ],
)
def test_rules_misuse_exits_2_with_one_line(
    use: Any, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run_cli(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("adoption-rules: ") and message in err
    assert err.count("\n") == 1


def test_a_plugin_failing_to_load_exits_1_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken() -> Registry:
        raise PluginError("broken_pkg", None, "failed to import 'broken_pkg' (ImportError)")

    monkeypatch.setattr(regions_cli, "default_registry", broken)
    assert run_cli(["regions"]) == 1
    assert capsys.readouterr().err == (
        "adoption-rules: plugin 'broken_pkg': failed to import 'broken_pkg' (ImportError)\n"
    )


class VersionedRegion:
    """A test region that declares two versions of its policy document."""

    POLICY_VERSIONS = (
        (dt.date(2024, 4, 1), "Procedure v1", "test document v1"),
        (dt.date(2026, 4, 1), "Procedure v2", "test document v2"),
    )

    @hookimpl
    def adoption_rules_regions(self) -> list[RegionInfo]:
        return [RegionInfo("versioned", "Versioned", (), "tests", self)]


@pytest.mark.parametrize(
    ("on", "title"),
    [
        ("2025-01-01", "Procedure v1"),
        ("2026-03-31", "Procedure v1"),
        ("2026-04-01", "Procedure v2"),
    ],
)
def test_rules_on_a_date_names_the_policy_version_in_force(
    use: Any, capsys: pytest.CaptureFixture[str], on: str, title: str
) -> None:
    use(load_registry(installed=False, extra=[("versioned", VersionedRegion())]))
    assert run_cli(["rules", "--region", "versioned", "--on", on, "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["policy_version"]["title"] == title
    assert run_cli(["rules", "--region", "versioned", "--on", on]) == 0
    assert f"policy document: {title}" in capsys.readouterr().out


def test_rules_without_declared_versions_say_none(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["rules", "--region", "leicestershire", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["policy_version"] is None


def test_rules_json_lists_the_policys_other_duties_as_cited_data(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 11: every duty the policy states, deadline or not, with its citation as data."""
    assert run_cli(["rules", "--region", "leicestershire", "--format", "json"]) == 0
    data = {d["name"]: d for d in json.loads(capsys.readouterr().out)["policy_data"]}
    meeting = data["leicestershire.disruption_meeting"]
    assert meeting["citation"] == (
        "Leicestershire Adoption and Permanence Statement of Purpose 2019-2020, 12"
    )
    assert meeting["source"]["file"] == "004_9a30a8a3aa6820d9.txt"
    assert meeting["source"]["catalogue_rows"] == ["L9"]
    assert meeting["note"] == "no time limit given"


def test_rules_table_ends_with_the_policys_other_duties(
    use: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["rules", "--region", "together4children"]) == 0
    out = capsys.readouterr().out
    tail = out.split("What else the policy states (cited data, no deadline):\n", 1)[1]
    assert tail.splitlines()[0] == (
        "  together4children.minimum_post_order_offer (Together4Children Adoption Support Policy "
        "and Procedure, 3.2)"
    )
    assert "reading: 'JAS contact Compass' read as Shropshire" in tail
