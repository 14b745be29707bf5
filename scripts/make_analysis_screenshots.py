"""Screenshots of the caseload report and a case timeline for docs/ (needs chromium).

Run from the repository root: ``.venv/bin/python scripts/make_analysis_screenshots.py``.
Writes docs/images/caseload-report.png and docs/images/timeline.png from the
bundled example caseload, as of 2026-11-23.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from adoption_rules.analysis.report import render_report
from adoption_rules.api import evaluate_many
from adoption_rules.core.model import Result
from adoption_rules.core.timeline import timeline_svg

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 23)
CASE = "T4C-001003"


def _shoot(chromium: str, page: Path, png: Path, size: str, profile: Path) -> None:
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> int:
    chromium = shutil.which("chromium")
    if chromium is None:
        print("chromium not found", file=sys.stderr)
        return 2
    lines = (ROOT / "examples" / "caseload.jsonl").read_text(encoding="utf-8").splitlines()
    results = [
        r for r in evaluate_many([json.loads(x) for x in lines], AS_OF) if isinstance(r, Result)
    ]
    images = ROOT / "docs" / "images"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        report = work / "report.html"
        report.write_text(render_report(results, AS_OF, source="examples/caseload.jsonl"), "utf-8")
        _shoot(chromium, report, images / "caseload-report.png", "1150,1500", work / "p1")
        result = next(r for r in results if r.case_id == CASE)
        page = work / "timeline.html"
        page.write_text(
            '<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
            f'<body style="margin:8px">{timeline_svg(result)}</body></html>',
            "utf-8",
        )
        _shoot(chromium, page, images / "timeline.png", "1016,240", work / "p2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
