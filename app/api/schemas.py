"""Request and response models: the contract crawlers code against, and the source of the OpenAPI schema.

Requests are validated strictly (no ``"true"`` for ``true``, unknown fields rejected) so that a typo in an
option name is an error rather than a silently ignored setting. Strict scalar types rather than strict mode,
because bodies are parsed with :mod:`json` first and strict mode would refuse JSON arrays as tuples.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictStr,
    StringConstraints,
    WithJsonSchema,
)

from app.engine.types import SPUN_AT, RepairOptions
from app.settings import Settings
from app.sites import SITE_PATTERN, site_key


def _json_integer(v: Any) -> Any:
    """JSON Schema counts ``1.0`` as an integer; strings and booleans are not."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError("Input should be a valid integer")
    return v


JsonInt = Annotated[int, BeforeValidator(_json_integer)]
# a phrase goes into the repaired text as it is: printable characters only (no NUL, no line breaks), and at
# least one that is not white space (a blank phrase is no phrase: the engine refuses it)
Phrase = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]*[^\s\x00-\x1f\x7f][^\x00-\x1f\x7f]*$"
    ),
]


def _site_name(v: str) -> str:
    """The same check as ``app.sites.site_key``, with its plain-words message rather than the regex's."""
    site_key(v)
    return v


SiteName = Annotated[
    StrictStr,
    AfterValidator(_site_name),
    WithJsonSchema({"type": "string", "pattern": SITE_PATTERN, "maxLength": 100}),
]
MAX_EXTRA_PHRASES = 1000
MAX_ALTERNATIVES = 10


# the bounds go inside the annotation: put on the field beside a BeforeValidator they reach the OpenAPI schema
# as "ge"/"le", which no JSON Schema validator or client generator reads
Alternatives = Annotated[int, Field(ge=0, le=MAX_ALTERNATIVES), BeforeValidator(_json_integer)]


class Options(BaseModel):
    """Per-request engine options; anything left out takes the server's default."""

    model_config = ConfigDict(extra="forbid")

    min_confidence: StrictFloat | None = Field(
        default=None, ge=0.0, le=1.0, description="Only make edits at least this confident."
    )
    spin: StrictBool | None = Field(default=None, description="Restore thesaurus/phrase swaps.")
    ocr: StrictBool | None = Field(
        default=None,
        description="Repair OCR garble and mojibake, and resolve leftover spintax ({a|b}), first.",
    )
    max_alternatives: Alternatives | None = Field(
        default=None, description=f"Alternatives listed per edit (default 3, at most {MAX_ALTERNATIVES})."
    )
    extra_phrases: list[tuple[Phrase, Phrase]] | None = Field(
        default=None,
        max_length=MAX_EXTRA_PHRASES,
        description="Extra [spun, original] pairs used for this request only.",
    )
    blocked: list[tuple[Phrase, Phrase]] | None = Field(
        default=None,
        max_length=MAX_EXTRA_PHRASES,
        description="[spun, replacement] pairs never to propose (e.g. ones a reviewer rejected).",
    )

    site: SiteName | None = Field(
        default=None,
        description=(
            "The site the document comes from (e.g. `example.com`). The service learns each site's spinner "
            "from the documents it is sent and, once it has seen a few, repairs the site's documents with "
            "what it learned (see `/v1/sites`)."
        ),
        examples=["example.com"],
    )
    learn: StrictBool | None = Field(
        default=None,
        description=(
            "With `site`: add this document to what the service learns of the site (default true); "
            "without `site` it has no effect."
        ),
    )

    def merged(self, override: Options | None) -> Options:
        """These options with every field ``override`` sets replacing ours (batch-level then per-document)."""
        if override is None:
            return self
        return self.model_copy(update=override.model_dump(exclude_none=True))

    def to_repair_options(self, settings: Settings, deadline: float | None = None) -> RepairOptions:
        """The engine's options; ``deadline`` (``time.monotonic()``) bounds the work the request may cause."""
        base = RepairOptions(min_confidence=settings.min_confidence)
        return RepairOptions(
            min_confidence=base.min_confidence if self.min_confidence is None else self.min_confidence,
            spin=base.spin if self.spin is None else self.spin,
            ocr=base.ocr if self.ocr is None else self.ocr,
            max_alternatives=base.max_alternatives
            if self.max_alternatives is None
            else self.max_alternatives,
            extra_phrases=tuple((s, o) for s, o in self.extra_phrases or ()),
            blocked=tuple((s, r) for s, r in self.blocked or ()),
            deadline=deadline,
        )


# a NUL character means binary data: refused with ``binary_text`` (checked by hand, in ``app.api.body``)
NO_NUL = "^[^\\x00]*$"


class DocumentRequest(BaseModel):
    """Body of ``/v1/repair`` and ``/v1/detect`` when sent as JSON."""

    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(
        min_length=1, description="The article, as UTF-8 text.", json_schema_extra={"pattern": NO_NUL}
    )
    options: Options | None = None


class BatchDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: StrictStr | JsonInt = Field(description="Your id for this document; echoed in its result.")
    text: StrictStr = Field(min_length=1, json_schema_extra={"pattern": NO_NUL})
    options: Options | None = Field(default=None, description="Overrides the batch-level options.")


class BatchRequest(BaseModel):
    """Body of ``/v1/repair/batch``. Each document is validated on its own: one bad document gets an error
    result and never fails the others."""

    model_config = ConfigDict(extra="forbid")

    documents: list[BatchDocument] = Field(
        min_length=1, description="At most UNSPIN_MAX_BATCH_DOCS (default 100) documents."
    )
    options: Options | None = None


class AlternativeOut(BaseModel):
    replacement: str
    score: float
    source: str


class EditOut(BaseModel):
    start: int = Field(
        description=(
            "Offset into the input text in Unicode code points (Python string indices): an emoji or other "
            "character outside the Basic Multilingual Plane counts as one, where JavaScript's UTF-16 strings "
            "count two. `text[start:end]` is `original`."
        )
    )
    end: int = Field(description="End offset (exclusive), in the same code points as `start`.")
    original: str
    replacement: str
    confidence: float
    source: str
    alternatives: list[AlternativeOut]


class RepairStats(BaseModel):
    model_config = ConfigDict(extra="allow")

    words: int
    elapsed_ms: float


class RepairResponse(BaseModel):
    text: str
    spin_score: float = Field(description="How strongly the text shows spin, 0-1 (confident swaps per word).")
    spun: bool = Field(
        description=(
            f"Whether the text looks spun at all: spin_score of at least {SPUN_AT}. Measured on held-out articles: "
            "no unspun news article reached it (2 of 64 magazine articles did), and most spun ones of 80 words "
            "or more did (see the README)."
        )
    )
    edits: list[EditOut]
    diff: str = Field(description="Unified diff from the input to the repaired text.")
    stats: RepairStats
    spinner_sources: dict[str, float] = Field(
        default_factory=dict,
        description=(
            "Which sources the text's spinner seems to draw from (wn, moby, mythes: thesauri; phrases: a "
            "phrase table), estimated from its likely swaps and summing to 1. Close to equal shares when the "
            "text shows little spin; empty when the spin stage did not run."
        ),
    )
    english: bool = Field(
        default=True,
        description=(
            "False when the text is clearly another language (its common function words are mostly not "
            "English): it is then returned unchanged, with no edits and spin_score 0, and a named site does "
            "not learn from it."
        ),
    )
    site: SiteOut | None = Field(default=None, description="Only when the request named a `site`.")


class SiteOut(BaseModel):
    name: str = Field(description="The site's name, lower-cased.")
    documents: int = Field(description="Documents learned from so far (each distinct text counted once).")
    pairs: int = Field(description="Swap pairs in the profile the site's next document gets.")
    applied: bool = Field(description="Whether this document was repaired with the site's profile.")
    learned: bool = Field(description="Whether this document was added to what is learned of the site.")


class SiteSummary(BaseModel):
    name: str
    documents: int
    pairs: int
    active: bool = Field(description="Whether its profile is applied (enough documents seen).")
    spinner_sources: dict[str, float]


class SitePair(BaseModel):
    spun: str
    original: str
    count: int
    documents: int


class SiteDetail(SiteSummary):
    profile: list[SitePair]


class SiteList(BaseModel):
    sites: list[SiteSummary]


class SpanOut(BaseModel):
    start: int
    end: int
    text: str
    suspicion: float
    candidates: list[str]


class DetectStats(BaseModel):
    model_config = ConfigDict(extra="allow")

    elapsed_ms: float


class DetectResponse(BaseModel):
    spin_score: float = Field(description="As for /v1/repair.")
    spun: bool = Field(description="As for /v1/repair.")
    words: int
    spans: list[SpanOut]
    english: bool = Field(default=True, description="As for /v1/repair: False means no spans were sought.")
    stats: DetectStats


class ErrorDetail(BaseModel):
    code: str
    message: str
    request_id: str | None = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class BatchItem(BaseModel):
    id: str | int | None = Field(description="The document's id; null when it had none.")
    index: int = Field(description="Position of the document in the request.")
    ok: bool
    result: RepairResponse | None = None
    error: ErrorDetail | None = None


class BatchStats(BaseModel):
    documents: int
    ok: int
    failed: int
    words: int
    elapsed_ms: float


class BatchResponse(BaseModel):
    results: list[BatchItem]
    stats: BatchStats


class HealthResponse(BaseModel):
    status: str


class ReadyResponse(BaseModel):
    status: str
    load_seconds: dict[str, float] = Field(default_factory=dict)
    error: ErrorDetail | None = None


REQUEST_MODELS: list[type[BaseModel]] = [DocumentRequest, BatchRequest]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for the error statuses a route can return."""
    text = {
        400: "Invalid JSON, invalid UTF-8, or a compressed body that is not valid (invalid_body_encoding).",
        401: "Missing or invalid API key (only when keys are configured).",
        408: "The body arrived too slowly.",
        409: (
            "too_many_sites: the request names a new site and the service already keeps as many as it may; "
            "one_process_only: site learning needs the service to run as one process (UNSPIN_WORKERS=1)."
        ),
        413: "Body larger than the configured maximum (also once a compressed body is inflated).",
        404: "No such resource (e.g. a site that has not been learned).",
        415: "Content-Type, charset or Content-Encoding not supported.",
        422: "Well-formed but invalid request (empty text, unknown option, too many documents, ...).",
        503: "Server overloaded (every worker busy and the queue full); retry after Retry-After seconds.",
        504: "The request took longer than the configured timeout.",
    }
    return {s: {"model": ErrorResponse, "description": text.get(s, "Error.")} for s in statuses}
