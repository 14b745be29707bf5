"""Regenerate the JSON Schemas of the contract from the model.

Writes ``src/adoption_rules/schemas/{input,output}.schema.json`` (package data,
printed by ``adoption-rules schema input|output``) and the copies in
``docs/schema/``.  ``tests/test_schema.py`` fails, naming this script, when the
shipped files differ from what :mod:`adoption_rules.io.schema` generates (a field
added to the model, say).

Run: ``python scripts/gen_schemas.py`` (``--check`` only reports stale files
and exits 1 when there are any).
"""

from __future__ import annotations

import pathlib
import sys

from adoption_rules.io.schema import SCHEMA_NAMES, render, schema_for

ROOT = pathlib.Path(__file__).resolve().parents[1]
TARGETS = (ROOT / "src" / "adoption_rules" / "schemas", ROOT / "docs" / "schema")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name in SCHEMA_NAMES:
        text = render(schema_for(name))
        for folder in TARGETS:
            path = folder / f"{name}.schema.json"
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(path)
            if not check:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for path in stale:
        verb = "stale" if check else "wrote"
        print(f"{verb}: {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
