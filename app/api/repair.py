"""``POST /v1/repair``: one document in, corrected text with every edit (offsets into the input) out."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

import app as unspin
from app.api.body import read_document
from app.api.errors import ApiError
from app.api.schemas import NO_NUL, Options, RepairResponse, error_responses
from app.api.state import AppState
from app.engine.types import RepairOptions
from app.sites import SiteError, SiteInfo, SiteRegistry, site_key

router = APIRouter(tags=["repair"])


def document_body(ref: str, text: bool = True) -> dict[str, Any]:
    """OpenAPI request body for routes that read their body by hand."""
    content: dict[str, Any] = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}
    if text:
        # (``text/html`` is read the same way; it is left out here because schema tools cannot generate it)
        content["text/plain"] = {"schema": {"type": "string", "minLength": 1, "pattern": NO_NUL}}
    return {"requestBody": {"required": True, "content": content}}


@dataclass(frozen=True, slots=True)
class SiteRequest:
    """A request's ``site`` and ``learn`` options, checked."""

    name: str
    learn: bool


def require_one_process(sites: SiteRegistry) -> None:
    """Site learning keeps each site's counts in the process that serves it; with several server processes
    they would diverge, so it is refused (409) rather than silently inconsistent."""
    if not sites.single_process:
        raise ApiError(
            409,
            "one_process_only",
            "site learning needs the service to run as one process (UNSPIN_WORKERS=1, the default)",
        )


def site_request(options: Options) -> SiteRequest | None:
    """The site a request names, if any (``learn`` alone means nothing). The name was checked when the
    options were validated (``schemas.SiteName``, the same ``site_key``); this gives its canonical form."""
    if options.site is None:
        return None
    return SiteRequest(site_key(options.site), options.learn is not False)


def with_site(
    options: RepairOptions, sites: SiteRegistry, site: SiteRequest | None, create: bool | None = None
) -> RepairOptions:
    """``options`` carrying the site's learned profile once it has one; 409 when the service already keeps
    as many sites as it may (``too_many_sites``), or runs in several processes (``one_process_only``). A
    site is started only when the document will be learned from (``create``, by default ``site.learn``)."""
    if site is None:
        return options
    require_one_process(sites)
    try:
        profile = sites.profile(site.name, create=site.learn if create is None else create)
    except SiteError as e:
        raise ApiError(409 if e.code == "too_many_sites" else 422, e.code, str(e)) from None
    return options if profile is None else replace(options, site=profile)


def repair_payload(
    text: str, options: RepairOptions, sites: SiteRegistry | None = None, site: SiteRequest | None = None
) -> dict[str, Any]:
    """The engine's answer as the API's JSON (runs in a worker thread). With a ``site``, the document is
    repaired with the site's learned profile (``with_site``) and then, unless ``site.learn`` is off, added to
    what is learned of the site."""
    t0 = time.perf_counter()
    if sites is not None and site is not None:
        options = with_site(options, sites, site)
    result = unspin.repair(text, options)
    d = result.to_dict()
    d["diff"] = result.unified_diff()
    stats = dict(result.stats)
    stats["words"] = int(stats.get("words", 0))
    stats["elapsed_ms"] = round((time.perf_counter() - t0) * 1000, 2)
    d["stats"] = stats
    if sites is not None and site is not None:
        applied = options.site is not None
        info = (
            sites.record(site.name, text, result, applied) if site.learn else sites.info(site.name, applied)
        )
        # an unknown site named with ``learn: false`` stays unknown: it is reported with nothing learned
        d["site"] = (info or SiteInfo(site.name, 0, 0, False, False)).to_dict()
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
        'Send JSON `{"text": ..., "options": {...}}`, a `text/plain` body, or a raw `text/html` page (its prose '
        "is repaired; tags, comments, scripts and styles are never edited). Edits carry character "
        "offsets into the text you sent; applying them gives `text`."
    ),
    response_model=None,
    responses={
        200: {"model": RepairResponse, "description": "The repair."},
        **error_responses(400, 401, 408, 409, 413, 415, 422, 503, 504),
    },
    openapi_extra=document_body("DocumentRequest"),
)
async def repair_document(request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    doc = await read_document(request)
    options = doc.options.to_repair_options(st.settings, st.runner.deadline())
    site = site_request(doc.options)
    payload = await st.runner.run(
        lambda: repair_payload(doc.text, options, st.sites, site), request.is_disconnected
    )
    record(request, st, "repair", payload)
    return JSONResponse(payload)
