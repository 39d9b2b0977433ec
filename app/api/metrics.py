"""Prometheus metrics, one registry per app (so tests can build many apps) and ``GET /metrics``.

With several uvicorn workers each process counts on its own; ``serve()`` then sets
``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` sums every worker's files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

from app.api.schemas import error_responses

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


@dataclass
class Metrics:
    registry: CollectorRegistry = field(default_factory=lambda: CollectorRegistry(auto_describe=True))

    def __post_init__(self) -> None:
        r = self.registry
        self.requests = Counter(
            "unspin_http_requests",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "unspin_http_request_duration_seconds",
            "Request latency by route.",
            ["route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.in_flight = Gauge(
            "unspin_http_requests_in_flight",
            "Requests being served.",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.words = Counter(
            "unspin_words_processed", "Words in documents processed.", ["endpoint"], registry=r
        )
        self.documents = Counter(
            "unspin_documents",
            "Documents processed by endpoint and outcome.",
            ["endpoint", "outcome"],
            registry=r,
        )
        self.edits = Counter("unspin_edits_made", "Edits returned, by edit source.", ["source"], registry=r)
        self.errors = Counter(
            "unspin_errors", "Error responses and failed batch documents, by code.", ["code"], registry=r
        )

    def exposition(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            from prometheus_client import multiprocess

            merged = CollectorRegistry()
            multiprocess.MultiProcessCollector(merged)
            return generate_latest(merged)
        return generate_latest(self.registry)


router = APIRouter(tags=["operations"])


@router.get(
    "/metrics",
    response_class=Response,
    responses={
        200: {"content": {"text/plain": {"schema": {"type": "string"}}}, "description": "Prometheus text."},
        **error_responses(401),
    },
    summary="Prometheus metrics",
)
async def metrics(request: Request) -> Response:
    m: Metrics = request.app.state.unspin.metrics
    return Response(m.exposition(), media_type=CONTENT_TYPE_LATEST)
