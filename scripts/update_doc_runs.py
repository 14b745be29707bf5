"""Rewrite the output under each ``<!-- run: adoption-rules ... -->`` marker of a doc.

Usage (from the repository root): ``.venv/bin/python scripts/update_doc_runs.py docs/importing.md``.
tests/analysis/test_analysis_docs.py checks the docs against the same commands.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import sys
from pathlib import Path

from adoption_rules.cli import main as cli

RUN = re.compile(r"(<!-- run: adoption-rules (.*?) -->\n```text\n)(.*?)(```)", re.S)


def _output(command: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        cli(shlex.split(command))
    return out.getvalue() + err.getvalue()


def main(paths: list[str]) -> int:
    for name in paths:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        new = RUN.sub(lambda m: m[1] + _output(m[2]) + m[4], text)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(f"{name}: updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
