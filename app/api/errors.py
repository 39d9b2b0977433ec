"""One error shape for every failure: ``{"error": {"code", "message", "request_id"}}``.

Crawler operators parse errors mechanically, so FastAPI's default shapes (``{"detail": ...}``) are replaced
everywhere, including validation errors, 404/405 and the body-size limit raised while streaming.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("unspin.api")

# HTTP status -> stable machine-readable code for errors raised by Starlette itself
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "body_timeout",
    413: "body_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal",
    503: "unavailable",
    504: "timeout",
}


class ApiError(StarletteHTTPException):
    """A failure the client can act on. Subclasses Starlette's HTTPException so that FastAPI re-raises it
    untouched even when it surfaces while FastAPI itself reads the body (e.g. the streamed size limit)."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code
        self.message = message


def error_body(code: str, message: str, request_id: str | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if request_id:
        err["request_id"] = request_id
    return {"error": err}


def error_response(
    status: int,
    code: str,
    message: str,
    request_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    return JSONResponse(
        error_body(code, message, request_id), status_code=status, headers=dict(headers) if headers else None
    )


def count_error(scope: Any, code: str) -> None:
    """Count an error response in this app's metrics (no-op outside a configured app)."""
    app = scope.get("app")
    st = getattr(getattr(app, "state", None), "unspin", None)
    if st is not None:
        st.metrics.errors.labels(code).inc()


def _request_id(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def describe_validation_errors(errors: Sequence[Any]) -> tuple[str, str]:
    """(code, message) for pydantic errors: unknown fields get their own code, the rest one readable line."""
    parts: list[str] = []
    code = "invalid_request"
    for e in list(errors)[:5]:
        loc = ".".join(str(p) for p in e.get("loc", ()) if p not in ("body",)) or "body"
        if e.get("type") == "extra_forbidden":
            code = "unknown_option" if "options" in [str(p) for p in e.get("loc", ())] else "unknown_field"
            parts.append(f"{loc}: unknown field")
        else:
            parts.append(f"{loc}: {e.get('msg', 'invalid')}")
    more = len(errors) - 5
    if more > 0:
        parts.append(f"and {more} more")
    return code, "; ".join(parts) or "invalid request"


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    count_error(request.scope, exc.code)
    return error_response(exc.status_code, exc.code, exc.message, _request_id(request), exc.headers)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _STATUS_CODES.get(exc.status_code, "error")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    count_error(request.scope, code)
    return error_response(exc.status_code, code, message, _request_id(request), exc.headers)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    code, message = describe_validation_errors(exc.errors())
    count_error(request.scope, code)
    return error_response(422, code, message, _request_id(request))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
