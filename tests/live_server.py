"""A real ``adoption-rules serve`` in a child process, on 127.0.0.1 and a port of its own.

The server binds port 0 (the kernel picks a free port, so parallel runs never
clash) and announces ``serving on http://HOST:PORT`` on standard error, which
goes to a file here; :func:`serve` waits for that line and stops the server
when the test is done, SIGKILL after a bounded wait.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

SERVING = re.compile(r"serving on (http://127\.0\.0\.1:\d+)")

#: Starts the command line of the Python running the tests.
CLI = [sys.executable, "-c", "import sys; from adoption_rules.cli import main; sys.exit(main())"]


@attrs.define
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60) -> dict[str, Any]:
        """Poll ``/readyz`` until it says 200 (the plugins loaded); its body."""
        import httpx

        deadline = time.monotonic() + timeout
        while True:
            r = httpx.get(f"{self.url}/readyz", timeout=timeout)
            if r.status_code == 200:
                body: dict[str, Any] = r.json()
                return body
            if time.monotonic() > deadline:
                raise AssertionError(f"not ready in {timeout}s: {r.text}")
            time.sleep(0.05)

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM (a graceful shutdown), then the exit status."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise


@contextlib.contextmanager
def serve(
    tmp_path: Path,
    *args: str,
    command: Sequence[str] = CLI,
    env: dict[str, str] | None = None,
    timeout: float = 60,
) -> Iterator[Server]:
    """``adoption-rules serve --port 0 ARGS`` until the block ends."""
    log = tmp_path / f"serve-{time.monotonic_ns()}.log"
    with open(log, "wb") as err:
        process = subprocess.Popen(
            [*command, "serve", "--port", "0", *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **(env or {})},
            cwd=tmp_path,
        )
    server = Server("", process, log)
    try:
        deadline = time.monotonic() + timeout
        while not (found := SERVING.search(server.log_text())):
            if process.poll() is not None:
                raise AssertionError(f"serve exited {process.returncode}: {server.log_text()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"serve did not start in {timeout}s: {server.log_text()}")
            time.sleep(0.05)
        server.url = found.group(1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
