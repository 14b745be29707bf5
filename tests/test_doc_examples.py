"""Examples in the documentation run as tests, so they cannot rot.

A fenced block right after the marker ``<!-- run -->`` is run:

* a ``python`` block is executed; the runnable blocks of one page share one
  namespace, in order, like the cells of a notebook (the working folder is
  the repository's root);
* a ``console`` block is a session: each line starting with ``$ `` is a
  shell command (``adoption-rules`` is this environment's), and the lines up
  to the next command are its expected standard output, exactly; a command
  with no lines after it must simply succeed.  ``# ...`` after a command is
  a comment and not run.

Blocks without the marker are illustrations (fragments, or commands that
need a server), and are left alone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
BLOCK = re.compile(r"<!-- run -->\n```(python|console)\n(.*?)\n```", re.S)


def _runnable(page: Path) -> list[tuple[str, str]]:
    return BLOCK.findall(page.read_text(encoding="utf-8"))


PAGES_WITH_EXAMPLES = [page for page in PAGES if _runnable(page)]


def _session(text: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            command = re.sub(r"\s+#.*$", "", line[2:]).strip()
            steps.append((command, []))
        elif steps:
            steps[-1][1].append(line)
        else:
            raise AssertionError(f"a console block must start with '$ ': {line!r}")
    return steps


@pytest.mark.parametrize("page", PAGES_WITH_EXAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_the_examples_of_a_page_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    namespace: dict[str, object] = {"__name__": f"doc_{page.stem}"}
    for kind, text in _runnable(page):
        if kind == "python":
            exec(compile(text, f"{page.name} (example)", "exec"), namespace)
            continue
        for command, expected in _session(text):
            done = subprocess.run(
                command, shell=True, env=env, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0, f"{page.name}: `{command}` failed: {done.stderr}"
            if expected:
                assert done.stdout.rstrip("\n").splitlines() == expected, (
                    f"{page.name}: `{command}` printed something else"
                )


def test_some_page_has_runnable_examples() -> None:
    assert ROOT / "docs" / "architecture.md" in PAGES_WITH_EXAMPLES
