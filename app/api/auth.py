"""Optional API keys: ``Authorization: Bearer <key>`` on the API routes when ``UNSPIN_API_KEYS`` is set.

Keys are compared with :func:`hmac.compare_digest` against every configured key (no early exit), so timing
tells nothing about which key or how much of it matched. Keys never reach a log line or an error message.
"""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import ApiError
from app.api.middleware import header, send_error

# Probes, the docs and the web form's page stay open: load balancers and humans reading /docs carry no key,
# and the page asks for one. The form's feedback and diff endpoints want it: feedback changes what repair
# proposes for everyone, so strangers must not be able to teach it.
PROTECTED_PREFIXES = ("/v1/", "/metrics", "/web/feedback", "/web/diff")


def key_matches(presented: str, keys: list[bytes]) -> bool:
    given = presented.encode("latin-1")  # the header's raw bytes
    ok = False
    for k in keys:
        ok |= hmac.compare_digest(given, k)
    return ok


class ApiKeyMiddleware:
    def __init__(self, app: ASGIApp, keys: list[str]) -> None:
        self.app = app
        self.keys = [k.encode("utf-8") for k in keys]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.keys or not scope["path"].startswith(PROTECTED_PREFIXES):
            await self.app(scope, receive, send)
            return
        auth = header(scope, b"authorization") or ""
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token.strip() or not key_matches(token.strip(), self.keys):
            err = ApiError(
                401,
                "unauthorized",
                "missing or invalid API key (Authorization: Bearer <key>)",
                headers={"WWW-Authenticate": "Bearer"},
            )
            await send_error(scope, receive, send, err)
            return
        await self.app(scope, receive, send)
