"""The FastAPI app factory: ``uvicorn --factory app.main:create_app`` (what ``unspin serve`` runs).

Routes live in ``app/api/`` (REST) and ``app/web/`` (the manual-fix form, included when present). Resources
load in a background thread at start-up, once per worker process; ``/readyz`` turns 200 when they are in.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema
from starlette.middleware.gzip import GZipMiddleware

from app import __version__
from app.api import batch, detect, health, metrics, repair, sites
from app.api.auth import ApiKeyMiddleware
from app.api.errors import install_error_handlers
from app.api.middleware import BodyLimitMiddleware, RequestContextMiddleware
from app.api.runner import CpuRunner, default_threads
from app.api.schemas import REQUEST_MODELS
from app.api.state import AppState, Loadable, Readiness
from app.settings import Settings, get_settings
from app.sites import SiteRegistry

log = logging.getLogger("unspin.api")

DESCRIPTION = """Restore English text garbled by article spinners and OCR.

Every edit carries character offsets into the text you sent, a confidence and its source. Errors always
come as `{"error": {"code", "message"}}` with a 4xx status for bad input. When the server has API keys
configured, send `Authorization: Bearer <key>` to `/v1/*`, `/metrics` and the web form's `/web/feedback*` and
`/web/diff`. Request bodies may be compressed (`Content-Encoding: gzip` or `deflate`); the size limit applies
to what they inflate to. Responses over 1,000 bytes are gzipped for clients that accept it.
"""

GZIP_MIN_BYTES = 1000


def create_app(settings: Settings | None = None, *, resources: Loadable | None = None) -> FastAPI:
    """Build the service. ``resources`` defaults to the process-wide :func:`app.resources.get_resources`
    (the one :func:`app.repair` uses); tests may pass a stand-in to watch ``/readyz`` change."""
    settings = settings or get_settings()
    warmup = None
    if resources is None:
        from app.resources import get_resources

        resources = get_resources()
        warmup = _warmup
    state = AppState(
        settings=settings,
        readiness=Readiness(resources, warmup=warmup),
        runner=CpuRunner(
            timeout_s=settings.request_timeout_s,
            threads=default_threads(settings.workers),
            max_queue=settings.max_queue,
        ),
        sites=SiteRegistry(
            settings.sites_dir,
            settings.max_sites,
            settings.site_min_documents,
            single_process=settings.workers == 1,
        ),
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        state.readiness.start()
        yield
        state.runner.shutdown()
        state.sites.save_all()

    app = FastAPI(title="unspin", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.unspin = state
    install_error_handlers(app)
    for module in (repair, batch, detect, sites, health, metrics):
        app.include_router(module.router)
    _include_web(app)
    # added innermost first: the request context wraps everything, so it sees every final status
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        read_timeout_s=settings.request_timeout_s,
        wide_paths=frozenset({"/web/diff", "/web/feedback"}),
        wide_max_bytes=settings.pair_body_bytes,
    )
    app.add_middleware(ApiKeyMiddleware, keys=settings.key_list())
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)
    app.add_middleware(RequestContextMiddleware)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _warmup() -> object:
    """One small repair and detection, so lazily built engine caches exist before /readyz says ready."""
    import app as unspin

    text = "Officers stated that the council is able to't meet by way of the bridge.\n"
    return unspin.repair(text), unspin.detect(text)


def _include_web(app: FastAPI) -> None:
    try:
        from app.web.routes import router as web_router
    except ImportError as e:
        log.info("web form not available: %s", e)
        return
    app.include_router(web_router)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the request models the routes parse by hand (they are not in signatures)."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    _, defs = models_json_schema(
        [(m, "validation") for m in REQUEST_MODELS], ref_template="#/components/schemas/{model}"
    )
    schema.setdefault("components", {}).setdefault("schemas", {}).update(defs.get("$defs", {}))
    app.openapi_schema = schema
    return schema


_app: FastAPI | None = None


def __getattr__(name: str) -> Any:
    """``app.main:app`` for tools that want an instance; built on first access, not at import."""
    global _app
    if name == "app":
        if _app is None:
            _app = create_app()
        return _app
    raise AttributeError(name)
