"""Benchmark: the HTTP service under load, against spawning the command line.

Prints measured figures (no pass/fail asserts in the test suite).  Everything
runs on 127.0.0.1: the server is ``adoption-rules serve --port 0`` in a child
process (the kernel picks a free port), the client a real HTTP client
(``http.client``, one keep-alive connection per client thread).  Every run is
bounded in count and time and stops by itself.

1. Latency and throughput at 1, 8 and 32 concurrent connections, for
   single-case requests and for 1,000-case requests (``POST /v1/evaluate``),
   interleaved over ``--rounds`` rounds (default 3): requests a second (median
   and range of the rounds), p50 and p99 latency (pooled), errors.
2. In the same rounds: spawning ``adoption-rules evaluate case.json --format
   json`` for one case, and for the 1,000 cases (the command line's
   throughput).
3. Memory: the server's resident set after 1,000 and after 100,000
   single-case requests (``--memory-requests``).
4. Graceful shutdown: 8 clients send single-case requests, each with its own
   case id, and the server gets SIGTERM in the middle; every request must be
   answered once, with its own case, or refused before it was sent.
5. ``adoption-rules stream``: single-case requests one at a time over the
   pipe (p50, p99).

Run: ``python benchmarks/bench_service.py [--rounds N] [--memory-requests N]
[--workers N] [--quick] [--stream-only] [--json]``.  Needs the ``server`` extra.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pathlib
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
AS_OF = "2026-11-23"
PATH = f"/v1/evaluate?as_of={AS_OF}"
CLI = [sys.executable, "-c", "import sys; from adoption_rules.cli import main; sys.exit(main())"]
SERVING = re.compile(r"serving on http://127\.0\.0\.1:(\d+)")


def cases(n: int, prefix: str = "B") -> list[dict[str, Any]]:
    lines = CASELOAD.read_text().splitlines()
    out = []
    for i in range(n):
        case = json.loads(lines[i % len(lines)])
        case["case_id"] = f"{prefix}-{i}"
        out.append(case)
    return out


class Server:
    """``adoption-rules serve --port 0`` in a child process, stderr to a file."""

    def __init__(self, workers: int, folder: pathlib.Path, access_log: bool = False) -> None:
        self.log = folder / f"serve-{time.monotonic_ns()}.log"
        quiet = [] if access_log else ["--no-access-log"]
        with open(self.log, "wb") as err:
            self.process = subprocess.Popen(
                [*CLI, "serve", "--port", "0", "--workers", str(workers), *quiet,
                 "--max-body-bytes", str(64 * 1024 * 1024)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while not (found := SERVING.search(self.log.read_text(errors="replace"))):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"serve did not start: {self.log.read_text()}")
            time.sleep(0.05)
        self.port = int(found.group(1))
        while True:  # ready: plugins loaded
            try:
                status, _ = request(self.connect(), "GET", "/readyz", b"")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("serve did not get ready")
            time.sleep(0.05)

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def rss_kib(self) -> int:
        """Resident set of the server and its workers, KiB (from /proc)."""
        pids = [self.process.pid]
        children = pathlib.Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            pids += [int(p) for p in children.read_text().split()]
        total = 0
        for pid in pids:
            for line in pathlib.Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return total

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait(10)


def request(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes
) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json"} if body else {}
    conn.request(method, path, body=body or None, headers=headers)
    response = conn.getresponse()
    return response.status, response.read()


def load(
    server: Server, bodies: Callable[[int, int], bytes], clients: int, per_client: int,
    check: Callable[[int, int, bytes], bool],
) -> dict[str, Any]:  # fmt: skip
    """``clients`` threads, each sending ``per_client`` requests on its own connection."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    start_gate = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        conn = server.connect()
        mine: list[float] = []
        bad = 0
        start_gate.wait()
        for i in range(per_client):
            body = bodies(k, i)
            t0 = time.perf_counter()
            try:
                status, data = request(conn, "POST", PATH, body)
                ok = status == 200 and check(k, i, data)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = server.connect()
            mine.append(time.perf_counter() - t0)
            bad += not ok
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "per_second": n / wall,
        "p50_ms": latencies[n // 2] * 1000,
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000,
        "errors": errors[0],
        "latencies": latencies,
    }


def spawn_cli(path: pathlib.Path) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(
        [*CLI, "evaluate", str(path), "--as-of", AS_OF, "--format", "json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"evaluate failed: {done.stderr.decode()[-500:]}")
    return elapsed


def graceful(folder: pathlib.Path, workers: int, seconds: float) -> dict[str, Any]:
    """SIGTERM in the middle of load: count answered, refused and broken requests.

    The server's access log counts the requests it worked on: when that equals
    the requests answered, none was worked on and then lost.
    """
    server = Server(workers, folder, access_log=True)
    base = cases(1, "G")[0]
    tally = {"sent": 0, "answered": 0, "refused": 0, "broken": 0, "wrong_case": 0}
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(k: int) -> None:
        conn = server.connect()
        i = 0
        while time.monotonic() < stop_at:
            case_id = f"G-{k}-{i}"
            body = json.dumps({**base, "case_id": case_id}).encode()
            i += 1
            try:
                conn.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
            except OSError:
                with lock:
                    tally["refused"] += 1  # never sent: the server no longer accepts
                try:
                    conn.close()
                    conn = server.connect()
                except OSError:
                    pass
                time.sleep(0.01)
                continue
            try:
                response = conn.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                # Sent, but the connection closed without an answer: the server shut
                # down an idle keep-alive connection as the request arrived, or lost it.
                with lock:
                    tally["sent"] += 1
                    tally["broken"] += 1
                conn.close()
                conn = server.connect()
                continue
            with lock:
                tally["sent"] += 1
                if response.status == 200 and json.loads(data)[0]["case_id"] == case_id:
                    tally["answered"] += 1
                else:
                    tally["wrong_case"] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    time.sleep(seconds / 2)
    server.process.send_signal(signal.SIGTERM)
    status = server.process.wait(60)
    for t in threads:
        t.join()
    processed = server.log.read_text(errors="replace").count(" POST /v1/evaluate 200 ")
    return {**tally, "processed": processed, "exit_status": status}


def stream_latency(requests: int) -> dict[str, Any]:
    """``adoption-rules stream``: one single-case request a line, each answer awaited."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    process = subprocess.Popen(
        [*CLI, "stream"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env
    )
    assert process.stdin is not None and process.stdout is not None
    case = cases(1, "T")[0]
    latencies = []
    errors = 0
    for i in range(requests + 50):
        line = json.dumps({"id": i, "as_of": AS_OF, "case": case}).encode() + b"\n"
        t0 = time.perf_counter()
        process.stdin.write(line)
        process.stdin.flush()
        answer = process.stdout.readline()
        if i >= 50:  # the first 50 warm up
            latencies.append(time.perf_counter() - t0)
            errors += not answer.startswith(b'{"id":%d,"results":[{"case_id":"T-0"' % i)
    process.stdin.close()
    process.wait(60)
    latencies.sort()
    n = len(latencies)
    return {
        "requests": n,
        "p50_ms": latencies[n // 2] * 1000,
        "p99_ms": latencies[min(n - 1, int(n * 0.99))] * 1000,
        "errors": errors,
    }


def summary(name: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    rates = [r["per_second"] for r in runs]
    pooled = sorted(x for r in runs for x in r["latencies"])
    n = len(pooled)
    return {
        "scenario": name,
        "requests": n,
        "per_second_median": statistics.median(rates),
        "per_second_min": min(rates),
        "per_second_max": max(rates),
        "p50_ms": pooled[n // 2] * 1000,
        "p99_ms": pooled[min(n - 1, int(n * 0.99))] * 1000,
        "errors": sum(r["errors"] for r in runs),
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-requests", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="fewer requests, 20,000 for memory")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--stream-only", action="store_true", help="only the stream protocol")
    args = parser.parse_args(argv)
    scale = 0.25 if args.quick else 1.0
    memory_requests = 20_000 if args.quick else args.memory_requests
    load_before = os.getloadavg()
    print(f"load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}"
          f" on {os.cpu_count()} cores; server workers: {args.workers}")  # fmt: skip

    piped = stream_latency(500 if args.quick else 2000)
    print(
        f"stream protocol, one case a request, one at a time: p50 {piped['p50_ms']:.2f} "
        f"ms, p99 {piped['p99_ms']:.2f} ms, errors {piped['errors']} of {piped['requests']}"
    )
    if args.stream_only:
        return 0
    folder = pathlib.Path(tempfile.mkdtemp(prefix="bench_service_"))
    one = cases(1, "S")[0]
    one_body = json.dumps(one).encode()
    batch = cases(1000)
    batch_body = json.dumps(batch).encode()
    one_file = folder / "one.json"
    one_file.write_bytes(one_body)
    batch_file = folder / "batch.json"
    batch_file.write_bytes(batch_body)

    def single(k: int, i: int) -> bytes:
        return one_body

    def thousand(k: int, i: int) -> bytes:
        return batch_body

    def one_ok(k: int, i: int, data: bytes) -> bool:
        return data.startswith(b'[\n{"case_id":"S-0"')

    def thousand_ok(k: int, i: int, data: bytes) -> bool:
        return data.count(b'\n{"case_id":"B-') == 1000

    server = Server(args.workers, folder)
    load(server, single, 4, 100, one_ok)  # warm up
    load(server, thousand, 1, 2, thousand_ok)
    plan: list[tuple[str, Callable[[], dict[str, Any]]]] = []
    for clients in (1, 8, 32):
        per = max(1, int(scale * (400 if clients == 1 else 1600) / clients))
        plan.append(
            (
                f"single case, {clients} connections",
                lambda c=clients, p=per: load(server, single, c, p, one_ok),
            )
        )
    for clients in (1, 8, 32):
        per = max(1, int(scale * (8 if clients == 1 else 32) / clients))
        plan.append(
            (
                f"1,000 cases, {clients} connections",
                lambda c=clients, p=per: load(server, thousand, c, p, thousand_ok),
            )
        )
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in plan}
    cli_one: list[float] = []
    cli_batch: list[float] = []
    for _ in range(args.rounds):  # interleaved: every scenario once a round
        cli_one += [spawn_cli(one_file) for _ in range(3)]
        for name, run in plan:
            runs[name].append(run())
        cli_batch.append(spawn_cli(batch_file))

    results = [summary(name, runs[name]) for name, _ in plan]
    for r in results:
        print(f"{r['scenario']:<30} {r['per_second_median']:8.1f} req/s "
              f"[{r['per_second_min']:.1f}-{r['per_second_max']:.1f}]  "
              f"p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  "
              f"errors {r['errors']} of {r['requests']}")  # fmt: skip
    cli_one_median = statistics.median(cli_one)
    single_p50 = results[0]["p50_ms"] / 1000
    print(f"spawning the command line for one case: median {cli_one_median * 1000:.0f} ms "
          f"[{min(cli_one) * 1000:.0f}-{max(cli_one) * 1000:.0f}] over {len(cli_one)} runs; "
          f"service p50 at 1 connection is {cli_one_median / single_p50:.0f}x faster")  # fmt: skip
    cli_rate = 1000 / statistics.median(cli_batch)
    cli_work_rate = 1000 / (statistics.median(cli_batch) - cli_one_median)
    service_rate = 1000 * results[3]["per_second_median"]
    print(f"1,000 cases, command line (spawn, one core): {cli_rate:.0f} cases/s "
          f"[{1000 / max(cli_batch):.0f}-{1000 / min(cli_batch):.0f}], {cli_work_rate:.0f} "
          f"cases/s without its start-up (the one-case spawn); service, 1 connection, one "
          f"worker: {service_rate:.0f} cases/s ({service_rate / cli_rate:.0%} of the first, "
          f"{service_rate / cli_work_rate:.0%} of the second)")  # fmt: skip

    server.stop()

    # Memory: a fresh server, the resident set after 1,000 and after all requests.
    server = Server(args.workers, folder)
    load(server, single, 8, 125, one_ok)
    after_1k = server.rss_kib()
    t0 = time.perf_counter()
    mem_run = load(server, single, 8, (memory_requests - 1000) // 8, one_ok)
    after_all = server.rss_kib()
    print(f"memory (VmRSS of the server): {after_1k / 1024:.1f} MiB after 1,000 single-case "
          f"requests, {after_all / 1024:.1f} MiB after {1000 + mem_run['requests']:,} "
          f"({mem_run['errors']} errors; {time.perf_counter() - t0:.0f} s)")  # fmt: skip
    server.stop()

    shutdown = graceful(folder, args.workers, 4.0 * max(scale, 0.5))
    print(
        f"graceful shutdown mid-load: {shutdown['sent']} sent, {shutdown['answered']} answered "
        f"with their own case, {shutdown['wrong_case']} wrong or failed answers; the server "
        f"worked on {shutdown['processed']} (so {shutdown['processed'] - shutdown['answered']} "
        f"worked on and lost); {shutdown['broken']} sent on a keep-alive connection the "
        f"server closed before reading them; {shutdown['refused']} refused before sending; "
        f"exit status {shutdown['exit_status']}"
    )
    load_after = os.getloadavg()
    print(f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    if args.json:
        print(json.dumps({
            "load_before": load_before, "load_after": load_after, "scenarios": results,
            "cli_one_case_s": cli_one, "cli_1000_cases_s": cli_batch,
            "rss_kib_after_1k": after_1k, "rss_kib_after_all": after_all,
            "memory_requests": memory_requests, "graceful": shutdown, "stream": piped,
        }, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
