"""``POST /v1/repair``: one document in, corrected text with every edit (offsets into the input) out."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

import app as unspin
from app.api.body import read_document
from app.api.schemas import NO_NUL, RepairResponse, error_responses
from app.api.state import AppState
from app.engine.types import RepairOptions

router = APIRouter(tags=["repair"])


def document_body(ref: str, text: bool = True) -> dict[str, Any]:
    """OpenAPI request body for routes that read their body by hand."""
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
    if text:
        content["text/plain"] = {"schema": {"type": "string", "minLength": 1, "pattern": NO_NUL}}
    return {"requestBody": {"required": True, "content": content}}


def repair_payload(text: str, options: RepairOptions) -> dict[str, Any]:
    """The engine's answer as the API's JSON (runs in a worker thread)."""
    t0 = time.perf_counter()
    result = unspin.repair(text, options)
    d = result.to_dict()
    d["diff"] = result.unified_diff()
    stats = dict(result.stats)
    stats["words"] = int(stats.get("words", 0))
    stats["elapsed_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    d["stats"] = stats
    return d


def count_document(request: Request, st: AppState, endpoint: str, words: int) -> None:
    """Count one answered document and its words for /metrics and the access log."""
    st.metrics.words.labels(endpoint).inc(words)
    st.metrics.documents.labels(endpoint, "ok").inc()
    state = request.scope.setdefault("state", {})
    state["words"] = state.get("words", 0) + words


def record(request: Request, st: AppState, endpoint: str, payload: dict[str, Any]) -> None:
    """Count a repaired document: its words, and its edits by source."""
    edits = payload["edits"]
    count_document(request, st, endpoint, int(payload["stats"]["words"]))
    for e in edits:
        st.metrics.edits.labels(str(e["source"])).inc()
    state = request.scope.setdefault("state", {})
    state["edits"] = state.get("edits", 0) + len(edits)


@router.post(
    "/v1/repair",
    summary="Repair one document",
    description=(
        'Send JSON `{"text": ..., "options": {...}}` or a `text/plain` body. Edits carry character '
        "offsets into the text you sent; applying them gives `text`."
    ),
    response_model=None,
    responses={
        200: {"model": RepairResponse, "description": "The repair."},
        **error_responses(400, 401, 408, 413, 415, 422, 503, 504),
    },
    openapi_extra=document_body("DocumentRequest"),
)
async def repair_document(request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    doc = await read_document(request)
    options = doc.options.to_repair_options(st.settings)
    payload = await st.runner.run(lambda: repair_payload(doc.text, options))
    record(request, st, "repair", payload)
    return JSONResponse(payload)
