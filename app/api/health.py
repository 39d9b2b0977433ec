"""Probes: ``/healthz`` says the process answers; ``/readyz`` says the dictionaries and LM are loaded, so a
load balancer routes traffic only to workers that will answer quickly."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from app.api.errors import error_body
from app.api.schemas import HealthResponse, ReadyResponse
from app.api.state import AppState

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=HealthResponse, summary="Liveness")
async def healthz() -> HealthResponse:
    return HealthResponse(status="ok")


@router.get(
    "/readyz",
    response_model=None,
    summary="Readiness",
    responses={
        200: {"model": ReadyResponse, "description": "Resources loaded."},
        503: {"model": ReadyResponse, "description": "Still loading, or loading failed."},
    },
)
async def readyz(request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    r = st.readiness
    seconds = dict(r.load_seconds or getattr(r.resources, "load_seconds", None) or {})
    if r.ready:
        return JSONResponse({"status": "ready", "load_seconds": seconds})
    if r.error:
        body = {"status": "failed", "load_seconds": seconds, **error_body("resources_failed", r.error)}
    else:
        body = {
            "status": "loading",
            "load_seconds": seconds,
            **error_body("not_ready", "dictionaries and language model are loading"),
        }
    return JSONResponse(body, status_code=503)
