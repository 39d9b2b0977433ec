"""``POST /v1/detect``: how spun a document looks and which spans are suspicious, without rewriting it."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

import app as unspin
from app.api.body import read_document
from app.api.repair import count_document, document_body, site_request, with_site
from app.api.schemas import DetectResponse, error_responses
from app.api.state import AppState
from app.engine.types import RepairOptions

router = APIRouter(tags=["repair"])


def detect_payload(text: str, options: RepairOptions) -> dict[str, Any]:
    t0 = time.perf_counter()
    d = unspin.detect(text, options).to_dict()
    d["stats"] = {"elapsed_ms": round((time.perf_counter() - t0) * 1000, 2)}
    return d


@router.post(
    "/v1/detect",
    summary="Score a document for spinning",
    description=(
        "Same body as `/v1/repair`; answers the spin score (0-1) and suspicious spans with offsets. A "
        "`site` option applies what was learned of the site; detection never adds to it."
    ),
    response_model=None,
    responses={
        200: {"model": DetectResponse, "description": "The detection."},
        **error_responses(400, 401, 408, 409, 413, 415, 422, 503, 504),
    },
    openapi_extra=document_body("DocumentRequest"),
)
async def detect_document(request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    doc = await read_document(request)
    options = doc.options.to_repair_options(st.settings, st.runner.deadline())
    site = site_request(doc.options)  # detection uses what is learned of a site, but never adds to it
    payload = await st.runner.run(
        lambda: detect_payload(doc.text, with_site(options, st.sites, site, create=False)),
        request.is_disconnected,
    )
    count_document(request, st, "detect", int(payload.get("words", 0)))
    return JSONResponse(payload)
