"""The documentation cannot rot: every hook documented, tested, and every example current.

As in datasette: ``docs/plugin-hooks.md`` heads each hook of
``src/adoption_rules/plugins/hookspecs.py`` with its exact signature and a worked
example; the examples (and the files the tutorial quotes) are compared with
the files the tests run; every hook needs a test named ``test_hook_<name>``
somewhere under ``tests/``; the questions' JSON examples in
``docs/questions.md`` are run through the command line.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import json
import re
import textwrap
from pathlib import Path

import pytest

from adoption_rules import questions
from adoption_rules.cli import questions as questions_cli
from adoption_rules.plugins import hookspecs
from adoption_rules.plugins.registry import Registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
HOOKS_DOC = DOCS / "plugin-hooks.md"
TUTORIAL = DOCS / "writing-a-region-plugin.md"
QUESTIONS_DOC = DOCS / "questions.md"

#: Every hook specified in hookspecs.py, in the module's order.
HOOKS = [
    name
    for name, fn in vars(hookspecs).items()
    if inspect.isfunction(fn) and hasattr(fn, f"{hookspecs.PROJECT}_spec")
]

EXAMPLE = re.compile(r"<!-- example: (\S+) (\w+) -->\n```python\n(.*?)\n```", re.S)
QUOTED_FILE = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)\n```", re.S)
QUESTION = re.compile(r"<!-- question: (\w+) -->\n```json\n(.*?)\n```", re.S)
HEADING = re.compile(r"^### `(adoption_rules_\w+)`$", re.M)


def _source_of(path: Path, name: str, *, signature_only: bool = False) -> str:
    """A function's source with its decorators (or only down to its ``def`` line), dedented.

    The function may be nested (the hooks :func:`declaration_hooks` builds) but
    its name must be unique in the file.
    """
    text = path.read_text(encoding="utf-8")
    found = [
        node
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef) and node.name == name
    ]
    assert len(found) == 1, f"{path.relative_to(ROOT)} has {len(found)} functions {name}"
    (node,) = found
    start = min([d.lineno for d in node.decorator_list] + [node.lineno])
    end = node.body[0].lineno - 1 if signature_only else node.end_lineno
    return textwrap.dedent("\n".join(text.splitlines()[start - 1 : end]))


def _sections() -> dict[str, str]:
    """Each hook's section of plugin-hooks.md, by the hook named in its heading."""
    text = HOOKS_DOC.read_text(encoding="utf-8")
    parts = HEADING.split(text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_hookspecs_are_found() -> None:
    assert "adoption_rules_obligation_rule" in HOOKS
    assert "adoption_rules_referral_route" in HOOKS
    assert len(HOOKS) == len(set(HOOKS)) >= 15


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented_with_its_exact_signature(hook: str) -> None:
    sections = _sections()
    assert hook in sections, f"docs/plugin-hooks.md has no '### `{hook}`' section"
    signature = _source_of(
        ROOT / "src/adoption_rules/plugins/hookspecs.py", hook, signature_only=True
    )
    assert f"```python\n{signature}\n```" in sections[hook], (
        f"the signature of {hook} in docs/plugin-hooks.md differs from hookspecs.py"
    )


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_worked_example_implementing_it(hook: str) -> None:
    examples = EXAMPLE.findall(_sections().get(hook, ""))
    assert examples, f"docs/plugin-hooks.md has no worked example for {hook}"
    assert all(name == hook for _, name, _ in examples)


def test_no_section_documents_a_hook_that_does_not_exist() -> None:
    assert set(_sections()) == set(HOOKS)


@pytest.mark.parametrize("doc", [HOOKS_DOC, TUTORIAL], ids=lambda p: p.name)
def test_examples_are_the_code_the_tests_run(doc: Path) -> None:
    examples = EXAMPLE.findall(doc.read_text(encoding="utf-8"))
    for path, name, quoted in examples:
        assert quoted == _source_of(ROOT / path, name), (
            f"{doc.name}: the example {name} differs from {path}"
        )


def test_the_tutorial_quotes_the_example_package_as_it_is() -> None:
    quoted = QUOTED_FILE.findall(TUTORIAL.read_text(encoding="utf-8"))
    paths = {path for path, _ in quoted}
    assert paths == {
        "tests/example_region/pyproject.toml",
        "tests/example_region/src/adoption_rules_example_region/__init__.py",
        "tests/example_region/tests/test_example_rab.py",
    }
    for path, text in quoted:
        assert text == (ROOT / path).read_text(encoding="utf-8").rstrip("\n"), (
            f"docs/writing-a-region-plugin.md quotes an old version of {path}"
        )


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.add(node.name)
    return names


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test_named_for_it(hook: str) -> None:
    assert f"test_hook_{hook}" in _test_names(), f"no test named test_hook_{hook} under tests/"


def test_questions_doc_names_every_question() -> None:
    text = QUESTIONS_DOC.read_text(encoding="utf-8")
    functions = [n for n in questions.__all__ if n[0].islower()]
    assert len(functions) == 8
    for name in functions:
        assert f"`{name}(" in text, f"docs/questions.md does not describe {name}"


QUESTION_EXAMPLES = QUESTION.findall(QUESTIONS_DOC.read_text(encoding="utf-8"))


def test_questions_doc_has_an_example_for_each_command() -> None:
    assert sorted(cmd for cmd, _ in QUESTION_EXAMPLES) == [
        "eligibility",
        "route",
        "threshold",
        "transfer",
    ]


@pytest.mark.parametrize(
    ("command", "body"), QUESTION_EXAMPLES, ids=[c for c, _ in QUESTION_EXAMPLES]
)
def test_questions_doc_examples_are_answered(
    command: str,
    body: str,
    tmp_path: Path,
    registry: Registry,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(questions_cli, "default_registry", lambda: registry)
    path = tmp_path / "question.json"
    path.write_text(body, encoding="utf-8")
    parser = argparse.ArgumentParser()
    questions_cli.register(parser.add_subparsers())
    args = parser.parse_args([command, str(path), "--format", "json"])
    assert args.handler(args) == 0
    (item,) = json.loads(capsys.readouterr().out)
    assert item["question"] == command
    assert item["answer"]["citation"] and item["answer"]["decided_by"]
