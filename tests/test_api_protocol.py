"""The connection guards of ``GuardedH11Protocol``, on a real uvicorn server (a tiny app, not the engine)."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn

from app.api.protocol import FD_RESERVE, GuardedH11Protocol, connection_cap
from app.settings import get_settings


async def hello(scope: dict, receive, send) -> None:  # type: ignore[no-untyped-def]
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def server(free_port: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    monkeypatch.setenv("UNSPIN_HEAD_TIMEOUT_S", "0.5")
    monkeypatch.setenv("UNSPIN_MAX_CONNECTIONS", "4")
    get_settings.cache_clear()
    config = uvicorn.Config(
        hello, host="127.0.0.1", port=free_port, http=GuardedH11Protocol, log_level="error", lifespan="off"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield free_port
    srv.should_exit = True
    thread.join(10)
    get_settings.cache_clear()


def _connect(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(5)
    return s


def _read_all(s: socket.socket) -> bytes:
    """Everything until the server closes the connection."""
    parts = []
    while chunk := s.recv(4096):
        parts.append(chunk)
    return b"".join(parts)


def _json_body(response: bytes) -> dict:
    head, _, body = response.partition(b"\r\n\r\n")
    assert b"content-type: application/json" in head.lower()
    return json.loads(body)


def test_a_silent_connection_is_closed_after_the_head_deadline(server: int) -> None:
    s = _connect(server)
    t0 = time.monotonic()
    assert _read_all(s) == b""  # nothing was asked, nothing is answered: just closed
    assert 0.4 < time.monotonic() - t0 < 3


def test_a_head_sent_too_slowly_gets_408_json(server: int) -> None:
    s = _connect(server)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")  # the blank line that ends the head never comes
    response = _read_all(s)
    assert response.startswith(b"HTTP/1.1 408 ")
    assert _json_body(response)["error"]["code"] == "head_timeout"


def test_the_deadline_applies_again_to_the_next_request_on_a_kept_alive_connection(server: int) -> None:
    s = _connect(server)
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    first = b""
    while not first.endswith(b"ok"):
        first += s.recv(4096)
    assert first.startswith(b"HTTP/1.1 200 ")
    time.sleep(0.2)  # the data that now arrives stops uvicorn's keep-alive timer, not the head deadline
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
    assert _read_all(s).startswith(b"HTTP/1.1 408 ")


def test_a_request_whose_head_arrives_in_time_is_answered(server: int) -> None:
    s = _connect(server)
    s.sendall(b"GET / HTTP/1.1\r\n")
    time.sleep(0.2)
    s.sendall(b"Host: x\r\nConnection: close\r\n\r\n")
    response = _read_all(s)
    assert response.startswith(b"HTTP/1.1 200 ") and response.endswith(b"ok")


@pytest.mark.parametrize(
    "raw",
    [
        b"NOT HTTP AT ALL\x00\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 300_000 + b"\r\n\r\n",
    ],
    ids=["garbage", "bad-content-length", "huge-header"],
)
def test_malformed_http_gets_the_api_error_shape(server: int, raw: bytes) -> None:
    s = _connect(server)
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        s.sendall(raw)  # the server may answer and stop reading before all of it is sent
    response = _read_all(s)
    assert response.startswith(b"HTTP/1.1 400 ")
    assert _json_body(response)["error"]["code"] == "bad_http"


def test_connections_beyond_the_cap_get_503_and_are_closed(server: int) -> None:
    held = [_connect(server) for _ in range(4)]
    time.sleep(0.1)
    extra = _connect(server)
    response = _read_all(extra)
    assert response.startswith(b"HTTP/1.1 503 ")
    assert _json_body(response)["error"]["code"] == "too_many_connections"
    for s in held:
        s.close()
    time.sleep(0.1)
    s = _connect(server)  # the slots are free again
    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert _read_all(s).startswith(b"HTTP/1.1 200 ")


def test_the_cap_never_exceeds_the_descriptors_the_process_may_open() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        assert connection_cap(10_000) == 256 - FD_RESERVE
        assert connection_cap(100) == 100
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
