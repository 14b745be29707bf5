"""The HTML report rendered by headless Chromium: the chart and the tables are really drawn."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from adoption_rules.audit import read_audit, render_html
from headless import FLAGS, chromium, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    audits = [
        read_audit(EXAMPLES / "audit-together4children.csv"),
        read_audit(EXAMPLES / "audit-together4children-2027.csv"),
    ]
    path = tmp_path / "report.html"
    path.write_text(render_html(audits), encoding="utf-8")
    return path


@pytest.mark.browser
def test_chromium_renders_chart_and_tables(report_file: Path, tmp_path: Path) -> None:
    browser = chromium()
    dom = run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile-dom'}",
            "--dump-dom",
            report_file.as_uri(),
        ]
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert len(re.findall(r"<svg\b", html)) == 2
    assert len(re.findall(r'<g class="bar" data-element="\d+">', html)) == 17
    assert len(re.findall(r"<rect\b", html)) > 60
    for table in ("meta", "ratings", "action-plan", "changes"):
        assert f'<table class="{table}">' in html
    assert "Peer mentoring funding ended" in html  # the action plan's first row
    assert "<script" not in html

    png = tmp_path / "report.png"
    shot = run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile-png'}",
            f"--screenshot={png}",
            "--window-size=1200,1600",
            report_file.as_uri(),
        ]
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(data[16:20], "big") == 1200  # IHDR width
    assert int.from_bytes(data[20:24], "big") == 1600  # IHDR height
    # A blank or single-colour page compresses to a few kilobytes; the chart does not.
    assert len(data) > 10_000
