"""The manual-fix web form: ``GET /``, its two static files, and the small ``/web/*`` helpers it calls.

Why no repair logic here: the page's JavaScript calls ``POST /v1/repair`` like any other client, and only
the editor's decisions (feedback) and the diff of the editor's final text come back to these routes.
Scraped text is hostile, so the page is served with a strict Content-Security-Policy (no inline script or
style at all) and every template value is autoescaped.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app import SPUN_AT, __version__
from app.api.schemas import error_responses
from app.engine.render import unified_diff
from app.settings import get_settings

HERE = Path(__file__).resolve().parent
STATIC_DIR = HERE / "static"
# A fixed allow-list rather than a StaticFiles mount: nothing outside these two files can ever be served.
STATIC_FILES = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}
MAX_DECISIONS = 2000
OVERLAY_LIMIT = 1000  # the API accepts at most this many extra_phrases / blocked pairs per request
# what the form adds to every repair request: the most-decided lessons, within this many bytes of JSON, so
# that however much feedback piles up, the form's requests stay far below the body limit
FORM_OVERLAY_BYTES = 64_000
MAX_PHRASE_WORDS = 8  # a decision is about a word or a short phrase (the longest phrase-table key has 6)
MAX_PHRASE_CHARS = 80

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}

router = APIRouter(tags=["web form"])
_env = Environment(
    loader=FileSystemLoader(str(HERE / "templates")),
    autoescape=select_autoescape(enabled_extensions=("html",), default=True),
)


class WebError(Exception):
    """A client mistake on a /web endpoint, answered as ``{"error": {"code", "message"}}``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return JSONResponse(
            {"error": {"code": self.code, "message": self.message}},
            status_code=self.status,
            headers=_nosniff(),
        )


def _nosniff() -> dict[str, str]:
    return {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"}


async def _read_json(request: Request, limit: int) -> Any:
    """The JSON body, refusing anything over ``limit`` bytes before reading it all into memory."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise WebError(413, "body_too_large", f"request body over {limit} bytes")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise WebError(413, "body_too_large", f"request body over {limit} bytes")
    from app.api.body import decode_utf8, parse_json
    from app.api.errors import ApiError

    try:  # the API's own checks: deep nesting, huge integers, NaN and lone surrogates are 400s, not 500s
        return parse_json(decode_utf8(bytes(body)))
    except ApiError as e:
        raise WebError(e.status_code, e.code, e.message) from None


def _str_field(d: dict[str, Any], key: str, default: str | None = None) -> str:
    value = d.get(key, default)
    if not isinstance(value, str):
        raise WebError(422, "invalid_field", f"'{key}' must be a string")
    return value


def teachable(phrase: str) -> bool:
    """Whether a decision's wording may become a lesson: a word or a short phrase (at most
    ``MAX_PHRASE_WORDS`` words, ``MAX_PHRASE_CHARS`` characters once its white space is collapsed, as the
    store collapses it) with no control characters. A lesson is written into every later repair made through
    the form, so nothing sentence-sized and no NUL; line breaks are white space ("imaginative and⏎prescient"
    in hard-wrapped text)."""
    collapsed = " ".join(phrase.split())
    return (
        0 < len(collapsed) <= MAX_PHRASE_CHARS
        and len(collapsed.split()) <= MAX_PHRASE_WORDS
        and not any(unicodedata.category(c) == "Cc" for c in collapsed)
    )


@dataclass(frozen=True, slots=True)
class Decision:
    original: str
    replacement: str
    accepted: bool
    left: str = ""
    right: str = ""
    retract: bool = False  # takes back the same decision sent before

    @classmethod
    def parse(cls, d: Any) -> Decision:
        if not isinstance(d, dict):
            raise WebError(422, "invalid_field", "each decision must be an object")
        accepted = d.get("accepted")
        if not isinstance(accepted, bool):
            raise WebError(422, "invalid_field", "'accepted' must be true or false")
        retract = d.get("retract", False)
        if not isinstance(retract, bool):
            raise WebError(422, "invalid_field", "'retract' must be true or false")
        return cls(
            original=_str_field(d, "original"),
            replacement=_str_field(d, "replacement"),
            accepted=accepted,
            left=_str_field(d, "left", ""),
            right=_str_field(d, "right", ""),
            retract=retract,
        )


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def form() -> HTMLResponse:
    """The form itself. Settings the page needs travel as data attributes, never as inline script."""
    s = get_settings()
    html = _env.get_template("index.html").render(
        version=__version__,
        max_body_bytes=s.max_body_bytes,
        pair_body_bytes=s.pair_body_bytes,
        min_confidence=s.min_confidence,
        spun_at=SPUN_AT,
        store_text=s.feedback_store_text,
        auth=bool(s.key_list()),
    )
    return HTMLResponse(html, headers={**SECURITY_HEADERS, "Cache-Control": "no-store"})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """No icon: an empty answer keeps browsers from logging a 404 on every visit."""
    return Response(status_code=204)


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    ctype = STATIC_FILES.get(name)
    if ctype is None:
        return WebError(404, "not_found", "no such static file").response()
    return Response(
        (STATIC_DIR / name).read_bytes(),
        media_type=ctype,
        headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=300"},
    )


@router.post(
    "/web/feedback",
    summary="Record the editor's accept/reject decisions as swap statistics",
    responses=error_responses(401),
)
async def feedback(request: Request) -> JSONResponse:
    """Body: ``{"decisions": [{"original", "replacement", "accepted", "left"?, "right"?, "retract"?}], "text"?,
    "final"?}``. A decision with ``"retract": true`` takes back the same decision sent before.

    ``text``/``final`` (the whole document) are kept only when the operator set
    ``UNSPIN_FEEDBACK_STORE_TEXT=true``; otherwise they are ignored.
    """
    from app.feedback import store_from_settings

    try:
        body = await _read_json(request, get_settings().pair_body_bytes)  # may carry the text and the final
        if not isinstance(body, dict) or not isinstance(body.get("decisions"), list):
            raise WebError(422, "invalid_field", "body must be an object with a 'decisions' list")
        if len(body["decisions"]) > MAX_DECISIONS:
            raise WebError(413, "too_many_decisions", f"at most {MAX_DECISIONS} decisions per request")
        decisions = [Decision.parse(d) for d in body["decisions"]]
        text, final = body.get("text"), body.get("final")
    except WebError as e:
        return e.response()
    store = store_from_settings(get_settings())
    kept = [d for d in decisions if teachable(d.original) and teachable(d.replacement)]
    for d in kept:
        store.record(d.original, d.replacement, d.accepted, d.left, d.right, d.retract)
    stored_text = isinstance(text, str) and isinstance(final, str) and store.record_text(text, final)
    # a decision no lesson can be made of (custom wording of a whole sentence) is skipped, not the request
    body = {"recorded": len(kept), "skipped": len(decisions) - len(kept), "stored_text": stored_text}
    return JSONResponse(body, headers=_nosniff())


@router.get(
    "/web/feedback", summary="What the feedback store has learned so far", responses=error_responses(401)
)
def feedback_summary() -> JSONResponse:
    from app.feedback import store_from_settings

    store = store_from_settings(get_settings())
    extra, blocked = store.repair_options_overlay(OVERLAY_LIMIT)
    rows = store.pairs()[:500]
    pairs = [
        {"spun": r.spun, "replacement": r.replacement, "left": r.left, "right": r.right,
         "accepted": r.accepted, "rejected": r.rejected}
        for r in rows
    ]  # fmt: skip
    body = {"pairs": pairs, "extra_phrases": [list(p) for p in extra], "blocked": [list(p) for p in blocked]}
    return JSONResponse(body, headers=_nosniff())


@router.get(
    "/web/feedback/options",
    summary="The lessons as /v1/repair options: extra_phrases and blocked",
    responses=error_responses(401),
)
def feedback_options() -> JSONResponse:
    """What the page adds to its ``/v1/repair`` options when "use what editors taught" is ticked."""
    from app.feedback import store_from_settings

    extra, blocked = store_from_settings(get_settings()).repair_options_overlay(OVERLAY_LIMIT)
    body = {
        "extra_phrases": _within(extra, FORM_OVERLAY_BYTES // 2),
        "blocked": _within(blocked, FORM_OVERLAY_BYTES // 2),
    }
    return JSONResponse(body, headers=_nosniff())


def _within(pairs: tuple[tuple[str, str], ...], budget: int) -> list[list[str]]:
    """The leading (most-decided) pairs whose JSON fits in ``budget`` bytes."""
    out: list[list[str]] = []
    for p in pairs:
        budget -= len(json.dumps(list(p))) + 1
        if budget < 0:
            break
        out.append(list(p))
    return out


@router.post(
    "/web/diff",
    summary="Unified diff between the input and the editor's final text",
    responses=error_responses(401),
)
async def diff(request: Request) -> JSONResponse:
    """Body: ``{"before", "after", "name"?}`` → ``{"diff"}``, the same diff format as ``unspin repair --diff``."""
    try:
        body = await _read_json(request, get_settings().pair_body_bytes)  # the text and the editor's final
        if not isinstance(body, dict):
            raise WebError(422, "invalid_field", "body must be an object")
        before, after = _str_field(body, "before"), _str_field(body, "after")
        name = _str_field(body, "name", "text")[:200] or "text"
    except WebError as e:
        return e.response()
    return JSONResponse({"diff": unified_diff(before, after, name)}, headers=_nosniff())
