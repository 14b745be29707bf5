"""docs/service.md runs as written: each request, the Node client, the stream exchange.

The requests go to the application in process; the Node client (run where
Node is installed) talks to a real ``adoption-rules serve`` on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette", reason="the server extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

with warnings.catch_warnings():  # starlette 1.x would rather have httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from adoption_rules.plugins.registry import Registry
from adoption_rules.service.app import create_app
from adoption_rules.service.stream import serve_stream
from live_server import serve

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
NODE_DIR = ROOT / "tests" / "node"

EXCHANGE = re.compile(
    r"<!-- request -->\n```http\n(.*?)\n```\n\n<!-- response(: excerpt)? -->\n```http\n(.*?)\n```",
    re.S,
)
EXCHANGES = EXCHANGE.findall(DOC)


def _block(tag: str) -> str:
    found = re.search(rf"<!-- {tag} -->\n```\w*\n(.*?)\n```", DOC, re.S)
    assert found, f"docs/service.md has no {tag} block"
    return found.group(1)


def test_the_doc_has_a_worked_example_for_every_route(registry: Registry) -> None:
    app = create_app(registry=registry)
    requested = [line.split()[1].split("?")[0] for line, _, _ in EXCHANGES]
    for route in app.routes:
        template = getattr(route, "path", "")
        pattern = re.compile("^" + re.sub(r"\{\w+\}", "[^/]+", template) + "$")
        assert template in DOC, f"docs/service.md does not name {template}"
        assert any(pattern.match(p) for p in requested), f"no worked example for {template}"


@pytest.mark.parametrize(
    ("request_text", "excerpt", "response_text"),
    EXCHANGES,
    ids=[e[0].splitlines()[0] for e in EXCHANGES],
)
def test_each_documented_request_gets_the_documented_response(
    registry: Registry, request_text: str, excerpt: str, response_text: str
) -> None:
    head, _, body = request_text.partition("\n\n")
    first, *header_lines = head.splitlines()
    method, target = first.split()
    headers = dict(line.split(": ", 1) for line in header_lines)
    status_line, _, expected = response_text.partition("\n\n")
    with TestClient(create_app(registry=registry)) as client:
        r = client.request(method, target, content=body.encode(), headers=headers)
    assert r.status_code == int(status_line.split()[1])
    if excerpt:
        assert r.text.startswith(expected), r.text[: len(expected) + 200]
    else:
        assert r.text == expected + "\n"


def test_the_stream_exchange_is_what_stream_writes(registry: Registry) -> None:
    lines = _block("stream").splitlines()
    requests = [line[2:] for line in lines if line.startswith("> ")]
    responses = [line[2:] for line in lines if line.startswith("< ")]
    out = io.StringIO()
    serve_stream(
        io.StringIO("\n".join(requests) + "\n"), out, registry, lambda: dt.date(2026, 2, 2)
    )
    assert out.getvalue().splitlines() == responses


def test_the_node_client_posts_a_case_validates_it_and_prints_the_obligations(
    tmp_path: Path,
) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed (.ci/run installs Debian's nodejs)")
    if not (NODE_DIR / "node_modules" / "ajv").is_dir():
        pytest.fail("ajv is not installed in tests/node: run `make test` (it runs npm ci there)")
    client = tmp_path / "client.js"
    client.write_text(_block("node-client") + "\n")
    env = {**os.environ, "NODE_PATH": str(NODE_DIR / "node_modules")}
    with serve(tmp_path, "--no-access-log") as server:
        server.wait_ready()
        done = subprocess.run(
            [node, str(client), server.url],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == _block("node-output")
