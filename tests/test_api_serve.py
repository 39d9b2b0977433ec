"""A real ``unspin serve`` process on a free loopback port: readiness, a repair, JSON logs, clean SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

UNSPIN = Path(sys.executable).with_name("unspin")
SECRET = "serve-test-key-5b1f0c"


def _start(port: int, env_extra: dict[str, str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, **env_extra}
    return subprocess.Popen(
        [str(UNSPIN), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _wait_ready(proc: subprocess.Popen[bytes], base: str, timeout: float = 60) -> httpx.Response:
    deadline = time.monotonic() + timeout
    last: httpx.Response | None = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited early: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            last = httpx.get(f"{base}/readyz", timeout=2)
            if last.status_code == 200:
                return last
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"not ready after {timeout} s (last: {last.text if last else 'no answer'})")


@pytest.mark.slow
def test_serve_repairs_and_shuts_down_gracefully(free_port: int, extra_phrases_file: Path) -> None:
    base = f"http://127.0.0.1:{free_port}"
    proc = _start(free_port, {"UNSPIN_EXTRA_PHRASES": str(extra_phrases_file), "UNSPIN_API_KEYS": SECRET})
    try:
        ready = _wait_ready(proc, base)
        assert set(ready.json()["load_seconds"]) >= {"lm", "thesaurus", "phrases"}
        auth = {"authorization": f"Bearer {SECRET}"}
        text = "Reporters gathered in the press chamber before the vote."
        assert httpx.post(f"{base}/v1/repair", json={"text": text}).status_code == 401
        r = httpx.post(
            f"{base}/v1/repair",
            json={"text": text},
            headers={**auth, "x-request-id": "serve-test-1"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        assert r.headers["x-request-id"] == "serve-test-1"
        assert r.json()["text"] == "Reporters gathered in the press room before the vote."
        edit = next(e for e in r.json()["edits"] if e["original"] == "press chamber")
        assert text[edit["start"] : edit["end"]] == "press chamber"

        # graceful shutdown: SIGTERM while a batch is in flight; the batch still completes
        docs = [{"id": i, "text": "The press chamber was full of people waiting. " * 40} for i in range(8)]
        result: dict[str, httpx.Response] = {}

        def send_batch() -> None:
            result["r"] = httpx.post(
                f"{base}/v1/repair/batch", json={"documents": docs}, headers=auth, timeout=60
            )

        sender = threading.Thread(target=send_batch)
        sender.start()
        deadline = time.monotonic() + 10
        busy = False
        # wait until the batch is being served (the gauge counts this /metrics request too)
        while not busy and time.monotonic() < deadline:
            busy = "unspin_http_requests_in_flight 2.0" in httpx.get(f"{base}/metrics", headers=auth).text
            time.sleep(0.02)
        assert busy, "the batch never showed up as in flight"
        proc.send_signal(signal.SIGTERM)
        sender.join(60)
        assert proc.wait(timeout=40) == 0
        in_flight = result["r"]
        assert in_flight.status_code == 200
        assert [x["ok"] for x in in_flight.json()["results"]] == [True] * 8
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    err = proc.stderr.read().decode() if proc.stderr else ""
    lines = [json.loads(ln) for ln in err.splitlines() if ln.strip()]  # every log line is JSON
    access = [
        ln for ln in lines if ln.get("logger") == "unspin.access" and ln.get("request_id") == "serve-test-1"
    ]
    assert len(access) == 1 and access[0]["status"] == 200 and access[0]["path"] == "/v1/repair"
    starts = [ln for ln in lines if ln.get("msg") == "starting"]
    assert len(starts) == 1 and starts[0]["settings"]["api_keys"] == "<1 keys>"
    assert SECRET not in err


def test_serve_reports_a_busy_port_in_one_line(free_port: int) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", free_port))
        s.listen()
        p = subprocess.run(
            [str(UNSPIN), "serve", "--port", str(free_port)], capture_output=True, text=True, timeout=60
        )
    assert p.returncode == 2
    assert (
        p.stderr.strip().splitlines()[-1].startswith(f"unspin: error: cannot listen on 127.0.0.1:{free_port}")
    )
