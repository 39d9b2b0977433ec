"""Pure-ASGI middleware: request context (id, access log, metrics, last-resort 500) and the body-size limit.

Pure ASGI rather than ``BaseHTTPMiddleware`` so that bodies stream through untouched and the size limit can
count bytes as they arrive, not after a 2 GB upload has been buffered.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
import zlib
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.errors import ApiError, count_error, error_response

access_log = logging.getLogger("unspin.access")
log = logging.getLogger("unspin.api")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def request_id_from(scope: Scope) -> str:
    """The client's X-Request-ID if it is short and harmless (it goes into logs), else a fresh one."""
    for k, v in scope.get("headers", ()):
        if k == b"x-request-id":
            s = v.decode("latin-1")
            if _SAFE_ID.match(s):
                return s
            break
    return uuid.uuid4().hex


def header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k == name:
            return str(v.decode("latin-1"))
    return None


async def send_error(scope: Scope, receive: Receive, send: Send, err: ApiError) -> None:
    rid = scope.get("state", {}).get("request_id")
    count_error(scope, err.code)
    await error_response(err.status_code, err.code, err.message, rid, err.headers)(scope, receive, send)


class RequestContextMiddleware:
    """Outermost layer: X-Request-ID, one JSON access-log line, request metrics, and a JSON 500 for bugs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id_from(scope)
        state = scope.setdefault("state", {})
        state["request_id"] = rid
        status = 500
        started = False
        bytes_out = 0
        t0 = time.perf_counter()
        metrics = scope["app"].state.unspin.metrics if "app" in scope else None
        if metrics:
            metrics.in_flight.inc()

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started, bytes_out
            if message["type"] == "http.response.start":
                started = True
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode())]
            elif message["type"] == "http.response.body":
                bytes_out += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except asyncio.CancelledError:
            # uvicorn cancels what is still running when its graceful shutdown runs out (SIGTERM with a long
            # queue): answer in the API's shape rather than let the server send a plain-text 500. The task
            # ends here, as it was asked to, without a traceback in the log.
            if started:
                raise
            status = 503
            err = ApiError(
                503, "shutting_down", "the server is stopping; retry", headers={"Retry-After": "5"}
            )
            await send_error(scope, receive, send_wrapper, err)
        except Exception:
            log.exception("unhandled error", extra={"request_id": rid})
            if started:
                raise
            status = 500
            await send_error(scope, receive, send_wrapper, ApiError(500, "internal", "internal error"))
        finally:
            elapsed = time.perf_counter() - t0
            route = _route_label(scope)
            if metrics:
                metrics.in_flight.dec()
                metrics.requests.labels(route, scope["method"], str(status)).inc()
                metrics.latency.labels(route).observe(elapsed)
            fields: dict[str, Any] = {
                "request_id": rid,
                "method": scope["method"],
                "path": scope["path"],
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
                "bytes_in": _int_or_none(header(scope, b"content-length")),
                "bytes_out": bytes_out,
                "client": (scope.get("client") or ("", 0))[0],
            }
            for k in ("words", "edits", "documents"):
                if k in state:
                    fields[k] = state[k]
            access_log.info("access", extra=fields)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _route_label(scope: Scope) -> str:
    """The route template (bounded label set); unmatched paths share one label."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"


class BodyTooLarge(ApiError):
    def __init__(self, limit: int, inflated: bool = False) -> None:
        what = "request body inflates to more than" if inflated else "request body larger than"
        super().__init__(413, "body_too_large", f"{what} {limit} bytes")


class BodyTimeout(ApiError):
    def __init__(self, seconds: float) -> None:
        super().__init__(408, "body_timeout", f"request body not received within {seconds:g} s")


# request bodies a crawler may compress (``Content-Encoding``); "deflate" is zlib data, as HTTP defines it
_DECODED = frozenset({"gzip", "x-gzip", "deflate"})


class BodyDecoder:
    """Inflate a gzip or deflate request body chunk by chunk, never to more than ``limit`` bytes in all: a
    small compressed body can inflate a thousandfold, so the limit is checked before the output is made."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.out = 0
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)  # 32: a gzip or a zlib header, whichever it is

    def feed(self, data: bytes) -> bytes:
        parts: list[bytes] = []
        while data:
            try:
                chunk = self._z.decompress(data, self.limit - self.out + 1)
            except zlib.error as e:
                raise ApiError(
                    400, "invalid_body_encoding", f"body is not valid compressed data: {e}"
                ) from None
            self.out += len(chunk)
            if self.out > self.limit:
                raise BodyTooLarge(self.limit, inflated=True)
            parts.append(chunk)
            data = self._z.unconsumed_tail
            if self._z.eof and self._z.unused_data:  # a gzip file of several members: the next one begins
                data = self._z.unused_data
                self._z = zlib.decompressobj(zlib.MAX_WBITS | 32)
        return b"".join(parts)

    def finish(self) -> None:
        if not self._z.eof:
            raise ApiError(400, "invalid_body_encoding", "compressed body ends early (truncated upload?)")


class BodyLimitMiddleware:
    """413 when Content-Length says too much, and again if the streamed body exceeds the limit anyway
    (chunked uploads or a lying header); 408 when the whole body has not arrived ``read_timeout_s`` after the
    route first asks for it, so a slow client cannot hold a connection and its buffer forever (a deadline
    per chunk would let one byte a minute through).

    A body sent with ``Content-Encoding: gzip`` or ``deflate`` is inflated here, under the same limit for
    what it inflates to, so the routes read plain bytes; any other encoding gets 415.

    ``wide_paths`` take ``wide_max_bytes`` instead: routes whose body holds a text and its edited version."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        read_timeout_s: float = 60.0,
        wide_paths: frozenset[str] = frozenset(),
        wide_max_bytes: int = 0,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout_s = read_timeout_s
        self.wide_paths = wide_paths
        self.wide_max_bytes = max(wide_max_bytes, max_bytes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.wide_max_bytes if scope.get("path") in self.wide_paths else self.max_bytes
        declared = header(scope, b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                await send_error(scope, receive, send, ApiError(400, "bad_request", "invalid Content-Length"))
                return
            if too_big:
                await send_error(scope, receive, send, BodyTooLarge(limit))
                return
        encoding = (header(scope, b"content-encoding") or "identity").strip().lower()
        decoder: BodyDecoder | None = None
        if encoding in _DECODED:
            decoder = BodyDecoder(limit)
            # the routes see the inflated body: its length is no longer the one declared. The scope is changed
            # in place, not copied: the router writes the matched route into it, which /metrics reads
            hidden = {b"content-encoding", b"content-length"}
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k not in hidden]
        elif encoding != "identity":
            shown = encoding[:40]
            message = f"Content-Encoding {shown!r} is not supported; send gzip, deflate or none"
            await send_error(scope, receive, send, ApiError(415, "unsupported_content_encoding", message))
            return
        seen = 0
        complete = False
        deadline: float | None = None

        async def limited_receive() -> Message:
            nonlocal seen, complete, deadline
            if complete:  # after the body only http.disconnect can come: wait as long as it takes
                return await receive()
            now = asyncio.get_running_loop().time()
            if deadline is None:
                deadline = now + self.read_timeout_s
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - now))
            except TimeoutError:
                raise BodyTimeout(self.read_timeout_s) from None
            if message["type"] == "http.request":
                body = message.get("body", b"")
                seen += len(body)
                if seen > limit:
                    raise BodyTooLarge(limit)
                complete = not message.get("more_body", False)
                if decoder is not None:
                    body = decoder.feed(body)
                    if complete:
                        decoder.finish()
                    message = {**message, "body": body}
            return message

        await self.app(scope, limited_receive, send)
