"""Each rule's ``quote`` is the seed's own words: every fragment is found in the seed.

A quote may join passages with `` ... `` and mark where each comes from in
square brackets (``[H5]``); markdown emphasis and spacing are ignored.  The
seeds are the project's source documents, kept outside the repository: the
folder is ``ADOPTION_RULES_SEEDS``, else ``shared/seeds`` beside the
repository (where CI puts it), and the test skips, saying so, where it is
absent.
"""

from __future__ import annotations

import importlib
import os
import re
from pathlib import Path

import pytest

from adoption_rules.plugins.declare import Region
from adoption_rules.plugins.registry import BUILTIN_REGION_MODULES

SEEDS = Path(
    os.environ.get("ADOPTION_RULES_SEEDS")
    or Path(__file__).resolve().parents[3] / "shared" / "seeds"
)

REGIONS: list[Region] = [
    region
    for region in (
        getattr(importlib.import_module(m), "REGION", None) for m in BUILTIN_REGION_MODULES
    )
    if isinstance(region, Region) and region.rules
]


def _words(text: str) -> str:
    text = text.replace("**", "").replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def _fragments(quote: str) -> list[str]:
    return [_words(re.sub(r"\s*\[[^\]]*\]", "", part)) for part in quote.split(" ... ")]


def test_fragments_drop_the_marks_and_split_on_ellipses() -> None:
    assert _fragments("The **ADM** decides [7.3] ... within  7 days [L4]") == [
        "the adm decides",
        "within 7 days",
    ]


@pytest.mark.parametrize("region", REGIONS, ids=lambda r: r.name)
def test_every_quote_is_in_the_seed(region: Region) -> None:
    seed = SEEDS / region.source.file
    if not seed.exists():
        pytest.skip(f"the seed {region.source.file} is not in {SEEDS} (ADOPTION_RULES_SEEDS)")
    text = _words(seed.read_text(encoding="utf-8"))
    quoted = 0
    for kind, rule in region.rules.items():
        for fragment in _fragments(rule.quote):
            assert fragment and fragment in text, (kind, fragment)
            quoted += 1
    assert quoted >= len(region.rules)
