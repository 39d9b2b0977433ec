"""``POST /v1/repair/batch``: many documents with client ids; a result or an error per id.

Only the envelope can fail the whole request (not JSON, no ``documents`` list, too many documents, bad
batch-level options). Each document is validated and repaired on its own, so one empty or malformed document
comes back as an error item while its neighbours are repaired. Documents run one after another in a single
worker thread: a batch takes one CPU slot, never all of them, and stops at the deadline with ``timeout``
errors for what is left instead of losing the finished work.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from app.api.body import (
    body_kind,
    decode_utf8,
    parse_json,
    validate,
    validation_code,
)
from app.api.errors import ApiError
from app.api.repair import SiteRequest, document_body, record, repair_payload, site_request
from app.api.schemas import BatchDocument, BatchResponse, Options, error_responses
from app.api.state import AppState
from app.engine.types import RepairOptions, RepairTimeout
from app.errors import binary_problem
from app.sites import SiteRegistry

router = APIRouter(tags=["repair"])
log = logging.getLogger("unspin.api")


@dataclass(frozen=True)
class Job:
    index: int
    id: str | int
    text: str
    options: RepairOptions
    site: SiteRequest | None = None


def _error_item(index: int, doc_id: Any, code: str, message: str) -> dict[str, Any]:
    return {"id": doc_id, "index": index, "ok": False, "error": {"code": code, "message": message}}


def _client_id(doc: Any) -> str | int | None:
    if isinstance(doc, dict):
        v = doc.get("id")
        if isinstance(v, str | int) and not isinstance(v, bool):
            return v
    return None


def plan(
    raw: Any, st: AppState, deadline: float | None = None
) -> tuple[list[Job], dict[int, dict[str, Any]], int]:
    """Split the request into repair jobs and ready-made error items (by index); 4xx for a bad envelope."""
    if not isinstance(raw, dict):
        raise ApiError(422, "invalid_request", "body must be a JSON object with a 'documents' list")
    unknown = sorted(set(raw) - {"documents", "options"})
    if unknown:
        raise ApiError(422, "unknown_field", f"unknown field(s): {', '.join(map(str, unknown))}")
    docs = raw.get("documents")
    if not isinstance(docs, list) or not docs:
        raise ApiError(422, "invalid_request", "'documents' must be a non-empty list")
    limit = st.settings.max_batch_docs
    if len(docs) > limit:
        raise ApiError(422, "too_many_documents", f"{len(docs)} documents; at most {limit} per batch")
    raw_options = raw.get("options")
    base = Options() if raw_options is None else validate(Options, raw_options, at="options")
    jobs: list[Job] = []
    errors: dict[int, dict[str, Any]] = {}
    seen: set[str | int] = set()
    for i, d in enumerate(docs):
        try:
            doc = BatchDocument.model_validate(d)
        except ValidationError as e:
            errors[i] = _error_item(i, _client_id(d), *validation_code(e, at=f"documents.{i}"))
            continue
        problem = binary_problem(doc.text)
        if problem:
            errors[i] = _error_item(i, doc.id, "binary_text", problem)
            continue
        if doc.id in seen:
            errors[i] = _error_item(i, doc.id, "duplicate_id", f"id {doc.id!r} appears more than once")
            continue
        seen.add(doc.id)
        opts = base.merged(doc.options)
        jobs.append(
            Job(i, doc.id, doc.text, opts.to_repair_options(st.settings, deadline), site_request(opts))
        )
    return jobs, errors, len(docs)


def run_jobs(jobs: list[Job], deadline: float, sites: SiteRegistry) -> dict[int, dict[str, Any]]:
    """Repair each job in turn (worker thread); an engine failure or the deadline fails only that document.
    In request order, so a site's later documents get what its earlier ones taught."""
    out: dict[int, dict[str, Any]] = {}
    for job in jobs:
        if time.monotonic() > deadline:
            out[job.index] = _error_item(
                job.index, job.id, "timeout", "batch deadline reached before this one"
            )
            continue
        try:
            result = repair_payload(job.text, job.options, sites, job.site)
        except RepairTimeout:  # the deadline came while this one was repaired: the finished ones stay
            out[job.index] = _error_item(
                job.index, job.id, "timeout", "batch deadline reached while this one was repaired"
            )
            continue
        except ApiError as e:  # a site the service cannot take
            out[job.index] = _error_item(job.index, job.id, e.code, e.message)
            continue
        except Exception:
            log.exception("repair failed in batch", extra={"index": job.index})
            out[job.index] = _error_item(
                job.index, job.id, "engine_error", "this document could not be repaired"
            )
            continue
        out[job.index] = {"id": job.id, "index": job.index, "ok": True, "result": result}
    return out


@router.post(
    "/v1/repair/batch",
    summary="Repair many documents",
    description=(
        'Body: `{"documents": [{"id": ..., "text": ..., "options": {...}}], "options": {...}}`. '
        "Results come back in request order, each with its `id` and either `result` or `error`. At most "
        "`UNSPIN_MAX_BATCH_DOCS` documents (default 100; more get 422 `too_many_documents`), and the body as a "
        "whole within the body limit. A site error (`too_many_sites`, `one_process_only`) is that document's "
        "`error`, never the request's."
    ),
    response_model=None,
    responses={
        200: {"model": BatchResponse, "description": "One item per document."},
        **error_responses(400, 401, 408, 413, 415, 422, 503, 504),
    },
    openapi_extra=document_body("BatchRequest", text=False),
)
async def repair_batch(request: Request) -> JSONResponse:
    st: AppState = request.app.state.unspin
    t0 = time.perf_counter()
    deadline = st.runner.deadline()  # before the request's timeout: what is done is answered, not lost
    body_kind(request, allow_text=False)
    jobs, items, n = plan(parse_json(decode_utf8(await request.body())), st, deadline)
    if jobs:
        items.update(await st.runner.run(lambda: run_jobs(jobs, deadline, st.sites), request.is_disconnected))
    results = [items[i] for i in range(n)]
    words = 0
    for item in results:
        if item["ok"]:
            record(request, st, "batch", item["result"])
            words += int(item["result"]["stats"]["words"])
        else:
            st.metrics.documents.labels("batch", "error").inc()
            st.metrics.errors.labels(item["error"]["code"]).inc()
    ok = sum(1 for r in results if r["ok"])
    request.scope.setdefault("state", {})["documents"] = n
    stats = {
        "documents": n,
        "ok": ok,
        "failed": n - ok,
        "words": words,
        "elapsed_ms": round((time.perf_counter() - t0) * 1000, 2),
    }
    return JSONResponse({"results": results, "stats": stats})
