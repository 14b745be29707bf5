"""Headless Chromium for the tests that look at a page (tests marked ``browser``).

Debian's ``chromium``, which ``.ci/run`` installs; where it is absent the test
skips, saying how to install it.  The flags are those this machine needs:
no sandbox as root, and no background networking (the network is closed).
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def chromium() -> str:
    """The path of Chromium, or skip the test with how to install it."""
    path = shutil.which("chromium")
    if path is None:
        pytest.skip(
            "chromium not installed: apt-get install -y --no-install-recommends chromium "
            "(.ci/run does this)"
        )
    return path


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run Chromium with ``args`` (two minutes at most), its output captured."""
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
