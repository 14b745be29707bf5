"""The package as a vendor installs it: a wheel, into a fresh virtual environment, outside the repo.

Builds the sdist and the wheel (``python -m build``, as ``make dist``), installs
the wheel with the ``server`` extra into a new virtual environment under the
test's temporary folder, and runs ``evaluate``, ``schema`` and ``serve`` from
there, with the repository nowhere on the path.  Needs the package index for
the build backend and the dependencies; skipped, with the reason, when pip
cannot reach it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from live_server import serve

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}


def _run(command: list[str], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh virtual environment with the wheel installed."""
    pytest.importorskip("build", reason="the build package is not installed (dev extra)")
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    done = _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], work)
    if done.returncode != 0:
        pytest.skip(f"python -m build failed (no package index?): {done.stderr[-300:]}")
    wheels = list(dist.glob("adoption_rules-*.whl"))
    sdists = list(dist.glob("adoption_rules-*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    with zipfile.ZipFile(wheels[0]) as wheel:
        names = wheel.namelist()
    assert "adoption_rules/schemas/input.schema.json" in names
    assert "adoption_rules/service/app.py" in names
    assert not any(n.startswith(("tests/", "src/")) for n in names)
    with tarfile.open(sdists[0]) as sdist:
        members = sdist.getnames()
    assert any(m.endswith("/pyproject.toml") for m in members)
    assert not any("node_modules" in m for m in members)

    env_dir = work / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / "bin"
    done = _run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"{wheels[0]}[server]"],
        work,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"pip could not install the wheel's dependencies: {done.stderr[-300:]}")
    return bin_dir


def test_the_installed_package_is_the_wheel_not_the_repository(installed: Path) -> None:
    done = _run(
        [str(installed / "python"), "-c", "import adoption_rules; print(adoption_rules.__file__)"],
        installed,
    )
    assert done.returncode == 0, done.stderr
    where = Path(done.stdout.strip())
    assert where.is_relative_to(installed.parent)
    assert not where.is_relative_to(ROOT)


def test_evaluate_from_the_wheel_prints_the_same_bytes(installed: Path, tmp_path: Path) -> None:
    args = ["evaluate", str(CASELOAD), "--as-of", "2026-02-02", "--format", "json"]
    from_wheel = _run([str(installed / "adoption-rules"), *args], tmp_path)
    from_repo = _run(
        [sys.executable, "-c", "import sys; from adoption_rules.cli import main; sys.exit(main())",
         *args],
        ROOT,
    )  # fmt: skip
    assert from_wheel.returncode == 0, from_wheel.stderr
    assert from_wheel.stdout == from_repo.stdout
    assert len(json.loads(from_wheel.stdout)) == len(CASELOAD.read_text().splitlines())
    schema = _run([str(installed / "adoption-rules"), "schema", "input"], tmp_path)
    assert schema.stdout == (ROOT / "docs" / "schema" / "input.schema.json").read_text()


def test_serve_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    httpx = pytest.importorskip("httpx")
    with serve(tmp_path, command=[str(installed / "adoption-rules")]) as server:
        server.wait_ready()
        r = httpx.post(
            f"{server.url}/v1/evaluate?as_of=2026-02-02",
            content=CASELOAD.read_bytes(),
            headers={"content-type": "application/x-ndjson"},
            timeout=60,
        )
        assert r.status_code == 200
        assert len(r.json()) == len(CASELOAD.read_text().splitlines())
        assert httpx.get(f"{server.url}/openapi.json").json()["openapi"].startswith("3.1")
        assert server.stop() == 0
