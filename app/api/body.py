"""Reading request bodies by hand: JSON, ``text/plain`` or ``text/html``, strict UTF-8, errors in the API's own
shape.

FastAPI's automatic body parsing can take only one content type per route and answers bad input with its own
error shapes; crawlers send both JSON and raw text, so the routes read the body themselves.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from app.api.errors import ApiError, describe_validation_errors
from app.api.schemas import DocumentRequest, Options
from app.errors import binary_problem

M = TypeVar("M", bound=BaseModel)
JSON = "json"
TEXT = "text"
_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
# a raw body is the document itself; an HTML page is repaired as text whose markup no stage edits
# (``app.engine.tokens.markup_ranges``), so a crawler may post what it fetched as it is
TEXT_MEDIA = frozenset({"text/plain", "text/html", "application/xhtml+xml"})


def body_kind(request: Request, allow_text: bool = True) -> str:
    """``"json"`` or ``"text"`` from Content-Type; 415 for anything else or for a non-UTF-8 charset."""
    raw = request.headers.get("content-type", "")
    media, _, params = raw.partition(";")
    media = media.strip().lower()
    for p in params.split(";"):
        k, _, v = p.strip().partition("=")
        if k.strip().lower() == "charset" and v.strip().strip('"').lower() not in _CHARSETS:
            raise ApiError(415, "unsupported_charset", f"charset {v.strip()!r} is not supported; send UTF-8")
    if media == "application/json" or (media.startswith("application/") and media.endswith("+json")):
        return JSON
    if allow_text and media in TEXT_MEDIA:
        return TEXT
    accepted = "application/json, text/plain or text/html" if allow_text else "application/json"
    shown = media or "none"
    raise ApiError(415, "unsupported_media_type", f"Content-Type {shown!r} is not supported; send {accepted}")


def decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(400, "invalid_utf8", f"body is not valid UTF-8 (byte {e.start})") from None


def parse_json(text: str) -> Any:
    """Parse JSON, refusing NaN/Infinity and lone surrogates the engine could not encode back. A leading
    byte-order mark is skipped, as RFC 8259 allows (Windows tools write one); it is not part of any string."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError, RecursionError) as e:
        raise ApiError(400, "invalid_json", f"body is not valid JSON: {e}") from None
    _check_strings(value)
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


def _check_strings(value: Any) -> None:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise ApiError(400, "invalid_utf8", "JSON string contains a lone surrogate") from None
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def validate(model: type[M], value: Any, at: str | None = None) -> M:
    """Validate ``value`` (found at field ``at`` of the body) as ``model``; 422 with ``empty_text``,
    ``unknown_option``, ``unknown_field`` or ``invalid_request``."""
    try:
        return model.model_validate(value)
    except ValidationError as e:
        raise ApiError(422, *validation_code(e, at)) from None


def validation_code(e: ValidationError, at: str | None = None) -> tuple[str, str]:
    errors: list[dict[str, Any]] = [dict(err) for err in e.errors()]
    if at:
        errors = [{**err, "loc": (at, *err["loc"])} for err in errors]
    for err in errors:
        loc: tuple[Any, ...] = tuple(err.get("loc", ()))
        if loc and loc[-1] == "text" and err.get("type") == "string_too_short":
            return "empty_text", "text is empty"
    return describe_validation_errors(errors)


@dataclass(frozen=True)
class Document:
    text: str
    options: Options


async def read_document(request: Request) -> Document:
    """The one document of a ``/v1/repair`` or ``/v1/detect`` request."""
    kind = body_kind(request)
    text = decode_utf8(await request.body())
    if kind == TEXT:
        if not text:
            raise ApiError(422, "empty_text", "text is empty")
        refuse_binary(text)
        return Document(text, Options())
    req = validate(DocumentRequest, parse_json(text))
    refuse_binary(req.text)
    return Document(req.text, req.options or Options())


def refuse_binary(text: str) -> None:
    problem = binary_problem(text)
    if problem:
        raise ApiError(422, "binary_text", problem)
