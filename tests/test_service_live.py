"""``adoption-rules serve`` as a vendor runs it: a real server process on 127.0.0.1, port 0.

Each test starts its own server (bounded in time, stopped by SIGTERM at the
end) and talks to it over loopback with a real HTTP client.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn", reason="the server extra is not installed")
httpx = pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

from adoption_rules.plugins.registry import PLUGINS_ENV  # noqa: E402
from live_server import CLI, serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
NDJSON = {"content-type": "application/x-ndjson"}


def _cli_json(*args: str) -> str:
    done = subprocess.run(
        [*CLI, "evaluate", *args, "--format", "json"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout.decode()


def _cases(n: int) -> bytes:
    lines = CASELOAD.read_text().splitlines()
    out = []
    for i in range(n):
        case = json.loads(lines[i % len(lines)])
        case["case_id"] = f"L-{i}"
        out.append(json.dumps(case))
    return ("\n".join(out) + "\n").encode()


def test_a_live_server_answers_with_the_command_lines_bytes_and_logs_no_case_data(
    tmp_path: Path,
) -> None:
    expected = _cli_json(str(CASELOAD), "--as-of", "2026-02-02")
    with serve(tmp_path) as server:
        assert httpx.get(f"{server.url}/healthz").status_code == 200
        assert "together4children" in server.wait_ready()["regions"]
        r = httpx.post(
            f"{server.url}/v1/evaluate?as_of=2026-02-02",
            content=CASELOAD.read_bytes(),
            headers=NDJSON,
        )
        assert r.status_code == 200
        assert r.text == expected
        r = httpx.post(f"{server.url}/v1/evaluate", content=b"[", headers=NDJSON)
        assert r.status_code == 400
        assert server.stop() == 0
        log = server.log_text()
    assert " POST /v1/evaluate 200 " in log and "cases=50" in log
    assert " POST /v1/evaluate 400 " in log
    assert "T4C-" not in log and "2026-02-02" not in log and "Traceback" not in log


def test_a_body_that_does_not_arrive_in_time_is_408(tmp_path: Path) -> None:
    with serve(tmp_path, "--read-timeout", "0.5") as server:
        port = int(server.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
            sock.sendall(
                b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 1000\r\n\r\n[{"
            )
            start = time.monotonic()
            received = b""
            while b"request_timeout" not in received and (chunk := sock.recv(65536)):
                received += chunk
            waited = time.monotonic() - start
            answer = received.decode()
        assert answer.startswith("HTTP/1.1 408 ")
        assert '"code": "request_timeout"' in answer
        assert 0.4 < waited < 15


def test_sigterm_finishes_the_request_in_flight_and_refuses_new_ones(tmp_path: Path) -> None:
    body = _cases(20_000)
    result: dict[str, Any] = {}

    with serve(tmp_path, "--max-body-bytes", str(4 * len(body))) as server:

        def post() -> None:
            try:
                r = httpx.post(
                    f"{server.url}/v1/evaluate?as_of=2026-02-02",
                    content=body,
                    headers=NDJSON,
                    timeout=120,
                )
                result["status"], result["items"] = r.status_code, r.json()
            except Exception as exc:  # reported by the assertions below
                result["error"] = repr(exc)

        client = threading.Thread(target=post)
        client.start()
        time.sleep(1.0)  # the body is sent (8 MB over loopback) and being worked on
        in_flight = "POST /v1/evaluate" not in server.log_text()
        server.process.send_signal(signal.SIGTERM)
        client.join(120)
        status = server.process.wait(60)
        port = int(server.url.rsplit(":", 1)[1])
    assert status == 0
    assert "error" not in result, result.get("error")
    assert result["status"] == 200
    assert [i["case_id"] for i in result["items"]] == [f"L-{i}" for i in range(20_000)]
    assert in_flight, "the request finished before SIGTERM: make the batch larger"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=5).close()


def _children(pid: int) -> list[int]:
    """The worker processes of the server ``pid`` (not multiprocessing's resource tracker)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("no /proc: cannot count worker processes")
    workers = []
    for child in path.read_text().split():
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            workers.append(int(child))
    return workers


def test_workers_n_starts_n_worker_processes_that_all_stop(tmp_path: Path) -> None:
    with serve(tmp_path, "--workers", "2") as server:
        deadline = time.monotonic() + 60
        while len(_children(server.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        workers = _children(server.process.pid)
        assert len(workers) == 2
        ready = 0
        while ready < 10 and time.monotonic() < deadline:  # each worker loads its plugins
            ok = httpx.get(f"{server.url}/readyz", timeout=30).status_code == 200
            ready = ready + 1 if ok else 0
        assert ready == 10
        r = httpx.post(
            f"{server.url}/v1/evaluate?as_of=2026-02-02",
            content=CASELOAD.read_bytes(),
            headers=NDJSON,
            timeout=60,
        )
        assert r.status_code == 200 and len(r.json()) == 50
        assert server.stop() == 0
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return "Z"


def test_a_port_in_use_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [*CLI, "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.strip() == f"adoption-rules: cannot listen on 127.0.0.1 port {port}"


# -- plugins: loaded once at start-up, ADOPTION_RULES_PLUGINS honoured ------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``tests/example_region`` installed into a folder of its own (as in test_plugins)."""
    site = tmp_path_factory.mktemp("example_region_site_service")
    command = [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet"]
    command += ["--disable-pip-version-check", "--no-input", "--target", str(site)]
    if importlib.util.find_spec("hatchling") is not None:
        command.append("--no-build-isolation")
    command.append(str(ROOT / "tests" / "example_region"))
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        pytest.skip("pip could not install tests/example_region offline")
    return site


@pytest.mark.parametrize(("env", "loaded"), [(None, True), ("none", False)])
def test_the_server_honours_adoption_rules_plugins(
    tmp_path: Path, example_site: Path, env: str | None, loaded: bool
) -> None:
    environment = {"PYTHONPATH": os.pathsep.join([str(example_site), *sys.path])}
    if env is not None:
        environment[PLUGINS_ENV] = env
    saved = os.environ.pop(PLUGINS_ENV, None)
    try:
        with serve(tmp_path, env=environment) as server:
            regions = server.wait_ready()["regions"]
    finally:
        if saved is not None:
            os.environ[PLUGINS_ENV] = saved
    assert ("example_rab" in regions) is loaded
    assert "together4children" in regions
