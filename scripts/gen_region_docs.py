"""Regenerate ``docs/regions/<region>.md`` from the region modules' rules and data.

Every built-in region module that declares ``RULES`` (a dict of
:class:`~adoption_rules.rules.ObligationRule` by kind), ``NO_RULES`` and
``DATA`` (cited :class:`~adoption_rules.rules.Param` values) gets one page: a
table of the region's own rules, the kinds it leaves to the England baseline,
the kinds its process does not have, and its policy data that is not a
deadline.  ``tests/regions/test_region_docs.py`` regenerates the pages in
memory and fails, naming this script, when the committed pages differ.

Run: ``python scripts/gen_region_docs.py`` (``--check`` only compares, exit 1
when a page is stale).
"""

from __future__ import annotations

import datetime as dt
import importlib
import pathlib
import sys
from collections.abc import Mapping, Sequence
from types import ModuleType
from typing import Any

from adoption_rules.periods import Period
from adoption_rules.plugins.england import CONTRACT_KINDS
from adoption_rules.policy import Policy, load_registry
from adoption_rules.regions import BUILTIN_REGION_MODULES
from adoption_rules.rules import (
    Anchored,
    NoRule,
    ObligationRule,
    Param,
    Rolling,
    Trigger,
    Where,
)

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS_DIR = ROOT / "docs" / "regions"


def region_modules() -> list[ModuleType]:
    """The built-in region modules that declare their rules as data."""
    modules = [importlib.import_module(name) for name in BUILTIN_REGION_MODULES]
    return [m for m in modules if hasattr(m, "RULES")]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _where(where: Where) -> str:
    return ", ".join(f"{name} = {value}" for name, value in where)


def _period_text(period: Period | None) -> str:
    return "no time limit (due null)" if period is None else str(period)


def _param_period(param: Param[Period | None]) -> str:
    return _period_text(param.current.value)


def _period(rule: ObligationRule, trigger: Trigger) -> str:
    base = _param_period(trigger.period)
    text = base
    recurrence = rule.recurrence
    if isinstance(recurrence, Rolling):
        periods = [_param_period(p) for p in recurrence.then] or [base]
        text += "; then " + ", then ".join(periods) + " after each (rolling)"
    elif isinstance(recurrence, Anchored):
        times = "" if recurrence.limit is None else f", {recurrence.limit} times"
        text = f"every {base} from the start (anchored{times})"
    if rule.extension is not None:
        text += f"; {rule.extension.period.current.value} once {rule.extension.event}"
    if rule.window:
        text += " (window)"
    return text


def _starts_from(rule: ObligationRule, trigger: Trigger) -> str:
    text = f"`{trigger.event}`"
    notes = []
    if trigger.where:
        notes.append(_where(trigger.where))
    if trigger.before_order is True:
        notes.append("before the adoption order")
    elif trigger.before_order is False:
        notes.append("on or after the adoption order")
    if rule.only_while is not None:
        notes.append(
            f"while `{rule.only_while.started_by}` has no later `{rule.only_while.ended_by}`"
        )
    return text + (f" ({'; '.join(notes)})" if notes else "")


def _done_by(rule: ObligationRule) -> str:
    if rule.window:
        return "(a window: nothing does it)"
    return ", ".join(
        f"`{d.event}`" + (f" ({_where(d.where)})" if d.where else "") for d in rule.done_by
    )


def _cancelled_by(rule: ObligationRule) -> str:
    enders = [f"`{e.event}`" + (f" ({_where(e.where)})" if e.where else "") for e in rule.ends_on]
    if rule.only_while is not None:
        enders.append(f"`{rule.only_while.ended_by}`")
    return ", ".join(enders) or "-"


def _value(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Period):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "<br>".join(f"**{key}**: {_value(item)}" for key, item in value.items())
    if isinstance(value, Sequence):
        return "<br>".join(f"• {_value(item)}" for item in value)
    return repr(value)


def _param_value(param: Param[Any]) -> str:
    parts = []
    for dated in param.history:
        since = "" if dated.effective_from is None else f"from {dated.effective_from}: "
        parts.append(since + _value(dated.value))
    return "<br>".join(parts)


def _param_citation(param: Param[Any]) -> str:
    return "; ".join(dict.fromkeys(dated.citation for dated in param.history))


def render(module: ModuleType, policy: Policy) -> str:
    """The page of one region module."""
    name: str = module.NAME
    rules: Mapping[str, ObligationRule] = module.RULES
    no_rules: Mapping[str, NoRule] = module.NO_RULES
    data: Mapping[str, Param[Any]] = module.DATA
    lines = [
        f"# {module.TITLE} (`{name}`)",
        "",
        "<!-- Generated by scripts/gen_region_docs.py from "
        f"{module.__name__}: do not edit by hand. -->",
        "",
        f"- Source: {module.SOURCE}",
        f"- Councils: {', '.join(f'`{c}`' for c in module.COUNCILS)}",
        f"- Plugin: `{module.__name__}`",
        "",
        "## The region's own rules",
        "",
    ]
    if rules:
        lines += [
            "| kind | period | starts from | done by | cancelled by | citation |",
            "|---|---|---|---|---|---|",
        ]
        for kind, rule in rules.items():
            for trigger in rule.triggers:
                cells = (
                    f"`{kind}`",
                    _period(rule, trigger),
                    _starts_from(rule, trigger),
                    _done_by(rule),
                    _cancelled_by(rule),
                    trigger.period.current.citation,
                )
                lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    else:
        lines.append("None: the region's source sets no deadline of its own.")
    inherited = []
    absent = []
    for kind in CONTRACT_KINDS:
        resolved = policy.rule(kind)
        if resolved is None:
            reason = no_rules[kind].reason if kind in no_rules else "no rule in the baseline"
            absent.append((kind, reason))
        elif resolved.decided_by != name:
            inherited.append((kind, resolved.rule.rule_id, resolved.rule.citation))
    lines += ["", "## Kinds left to the England baseline", ""]
    if inherited:
        lines += ["| kind | rule | citation |", "|---|---|---|"]
        lines += [f"| `{k}` | `{r}` | {_cell(c)} |" for k, r, c in inherited]
    else:
        lines.append("None.")
    lines += ["", "## Kinds this region's process does not have", ""]
    lines += ["| kind | why |", "|---|---|"]
    lines += [f"| `{k}` | {_cell(why)} |" for k, why in absent]
    lines += ["", "## Policy data (not deadlines)", ""]
    if data:
        lines += ["| name | value | citation |", "|---|---|---|"]
        for param_name, param in data.items():
            lines.append(
                f"| `{param_name}` | {_cell(_param_value(param))} | "
                f"{_cell(_param_citation(param))} |"
            )
    else:
        lines.append("None.")
    return "\n".join(lines) + "\n"


def expected_docs() -> dict[pathlib.Path, str]:
    """Every page, by its path, as the region modules generate it today."""
    registry = load_registry(installed=False)
    return {
        DOCS_DIR / f"{module.NAME}.md": render(module, registry.policy(module.NAME))
        for module in region_modules()
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    check = "--check" in args
    stale = []
    for path, text in expected_docs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if check and stale:
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
