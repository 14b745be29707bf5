"""The caseload report and a timeline rendered by headless Chromium: really drawn, not blank."""

from __future__ import annotations

import datetime as dt
import re
import zlib
from pathlib import Path

import pytest
from long_export import load_cases

from adoption_rules.analysis.report import render_report
from adoption_rules.api import evaluate_many
from adoption_rules.core.model import Result, Status
from adoption_rules.core.timeline import timeline_svg
from adoption_rules.plugins.registry import Registry
from headless import FLAGS, chromium, run

AS_OF = dt.date(2026, 11, 23)


def _pixels(png: bytes) -> bytes:
    """The decompressed image data of a PNG (filtered scanlines)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pos, data = 8, b""
    while pos < len(png):
        length = int.from_bytes(png[pos : pos + 4], "big")
        kind = png[pos + 4 : pos + 8]
        if kind == b"IDAT":
            data += png[pos + 8 : pos + 8 + length]
        pos += 12 + length
    return zlib.decompress(data)


def _shoot(browser: str, page: Path, tmp_path: Path, name: str, size: str) -> bytes:
    png = tmp_path / f"{name}.png"
    shot = run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={tmp_path / f'profile-{name}'}",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.as_uri(),
        ]
    )
    assert shot.returncode == 0, shot.stderr[-2000:]
    return png.read_bytes()


def _assert_drawn(png: bytes, width: int, height: int) -> None:
    assert int.from_bytes(png[16:20], "big") == width
    assert int.from_bytes(png[20:24], "big") == height
    # A blank page compresses to a few kilobytes and its scanlines hold a handful of
    # distinct byte values; bars, text and hatching give many.
    assert len(png) > 10_000
    assert len(set(_pixels(png))) > 50


@pytest.fixture(scope="module")
def results(registry: Registry) -> list[Result]:
    out = evaluate_many(load_cases(), AS_OF, registry=registry)
    return [r for r in out if isinstance(r, Result)]


@pytest.mark.browser
def test_chromium_renders_the_report(results: list[Result], tmp_path: Path) -> None:
    browser = chromium()
    page = tmp_path / "report.html"
    page.write_text(render_report(results, AS_OF), encoding="utf-8")
    dom = run(
        [
            browser,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile-dom'}",
            "--dump-dom",
            page.as_uri(),
        ]
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    html = dom.stdout
    assert len(re.findall(r'<svg class="chart"', html)) == 3
    assert len(re.findall(r"<rect\b", html)) > 50
    assert '<table class="worklist">' in html
    _assert_drawn(_shoot(browser, page, tmp_path, "report", "1200,1600"), 1200, 1600)


@pytest.mark.browser
def test_chromium_renders_a_timeline(results: list[Result], tmp_path: Path) -> None:
    browser = chromium()
    result = next(r for r in results if any(ob.status is Status.OVERDUE for ob in r.obligations))
    page = tmp_path / "timeline.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        f"{timeline_svg(result)}</body></html>",
        encoding="utf-8",
    )
    _assert_drawn(_shoot(browser, page, tmp_path, "timeline", "1000,400"), 1000, 400)
