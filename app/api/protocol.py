"""uvicorn's h11 protocol with the guards a service facing scrapers needs at the connection level.

uvicorn waits for a request's head without a deadline: a client that opens a connection and sends nothing,
or a header a byte at a time, holds a socket forever, and a few thousand such clients exhaust the process's
file descriptors (a "slowloris"). It also answers malformed HTTP with a plain-text 400, where every other
error of the API is JSON. This subclass changes only those two things and caps the open connections:

* the head of each request (the request line and headers) must arrive within ``head_timeout_s`` of the
  connection opening or of the previous response ending; past that the connection is closed;
* beyond ``max_connections`` open connections a new one gets a JSON 503 and is closed at once;
* malformed HTTP gets the API's JSON error shape.

The body is guarded by ``BodyLimitMiddleware`` and the work by the request deadline.
"""

from __future__ import annotations

import asyncio
import json
import logging
import resource
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from app.api.errors import error_body
from app.settings import get_settings

log = logging.getLogger("unspin.api")

FD_RESERVE = 64  # descriptors kept for the process's own files (dictionaries, logs, the feedback store)
LINGER_S = 1.0  # how long a refused client's unread bytes are drained before the socket is closed


def raw_error(status: int, reason: bytes, code: str, message: str) -> bytes:
    """A complete HTTP/1.1 error response with a JSON body, for when no request was parsed to answer."""
    body = json.dumps(error_body(code, message)).encode()
    head = (
        b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n"
        % (status, reason, len(body))
    )
    return head + body


def connection_cap(configured: int) -> int:
    """The configured cap, but never more than the descriptors the process may open, less a reserve: past
    that, accepting fails for everyone instead of one client getting a clear 503."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return configured
    return max(1, min(configured, soft - FD_RESERVE))


class GuardedH11Protocol(H11Protocol):
    """See the module docstring. uvicorn makes one instance per connection, in each worker process, by
    class name: so the limits come from the settings (cached), not from arguments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        settings = get_settings()
        self.head_timeout_s = settings.head_timeout_s
        self.max_connections = connection_cap(settings.max_connections)
        self._head_timer: asyncio.TimerHandle | None = None
        self._refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            log.warning(
                "connection refused", extra={"reason": "too_many_connections", "open": len(self.connections)}
            )
            message = f"more than {self.max_connections} open connections; retry later"
            self._refuse(raw_error(503, b"Service Unavailable", "too_many_connections", message))
            return
        self._arm_head_timer()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return  # answered already: the rest is drained unread
        super().data_received(data)

    def handle_events(self) -> None:
        super().handle_events()
        if self.conn.their_state is not h11.IDLE:  # a request's head has arrived (or the connection ended)
            self._cancel_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_head_timer()  # the next request on this keep-alive connection has the same deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._refuse(raw_error(400, b"Bad Request", "bad_http", f"malformed HTTP request: {msg}"))

    def _refuse(self, response: bytes) -> None:
        """Answer and close the way a careful server does: send, stop writing, and drain what the client is
        still sending for a moment. Closing a socket with unread bytes makes the kernel send a reset, and a
        reset can destroy the answer before the client reads it (a huge header is refused mid-upload)."""
        self._cancel_head_timer()
        self._refused = True
        self.transport.write(response)
        if self.transport.can_write_eof():
            self.transport.write_eof()
            self.loop.call_later(LINGER_S, self.transport.close)
        else:
            self.transport.close()

    def _arm_head_timer(self) -> None:
        self._cancel_head_timer()
        self._head_timer = self.loop.call_later(self.head_timeout_s, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        if self.conn.trailing_data[0]:
            # part of a head arrived: say why the connection ends (nothing is owed to a silent one)
            message = f"request head not received within {self.head_timeout_s:g} s"
            self._refuse(raw_error(408, b"Request Timeout", "head_timeout", message))
        else:
            self.transport.close()
