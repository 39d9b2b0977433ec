"""Plain typed data that flows through the pipeline.

Every stage of the engine is a function over these dataclasses; nothing here knows how it is computed.
Offsets are always character offsets (Python ``str`` indices) into the *input* text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class TokenKind(StrEnum):
    WORD = "word"
    NUMBER = "number"
    PUNCT = "punct"
    SPACE = "space"
    URL = "url"
    EMAIL = "email"
    OTHER = "other"


@dataclass(slots=True, unsafe_hash=True)
class Token:
    """A slice of the input: ``source[start:end] == text`` always holds.

    Tokens, candidates and scored candidates are values: nothing changes one once it is made. They are not
    declared ``frozen`` only because a frozen dataclass's ``__init__`` costs five times as much, and the
    spin stage makes some 400,000 of them per 18,000 words (7% of the engine's time, session 25). They
    hash by value all the same (``unsafe_hash``)."""

    text: str
    start: int
    end: int
    kind: TokenKind


@dataclass(frozen=True, slots=True)
class Span:
    """A run of tokens ``tokens[start_token:end_token]`` that may have been spun (a word or a phrase)."""

    start_token: int
    end_token: int
    start: int  # character offset of the first token
    end: int  # character offset just past the last token
    text: str  # source[start:end]
    suspicion: float = 0.0


class Source(StrEnum):
    PHRASE = "phrase-dictionary"
    THESAURUS = "thesaurus"
    CONTRACTION = "contraction"
    OCR = "ocr"
    SPINTAX = "spintax"
    FEEDBACK = "feedback"
    PROFILE = "profile"


@dataclass(slots=True, unsafe_hash=True)
class Candidate:
    """A proposed restoration of ``span``: ``prior`` is log P(spun | original), the channel probability.
    A value, never changed once made (see ``Token`` for why it is not declared frozen)."""

    span: Span
    replacement: str
    source: Source
    prior: float
    # for a thesaurus pair: each source thesaurus that holds it and its share of ``prior``, packed
    # ("wn:0.632,mythes:0.368", ``lexicon.unpack_shares``), for ``score.thesaurus_fit``
    thesauri: str = ""


@dataclass(frozen=True, slots=True)
class Alternative:
    replacement: str
    score: float  # posterior-like share in [0, 1]
    source: str


@dataclass(frozen=True, slots=True)
class Edit:
    """One change: replace ``input[start:end]`` (== ``original``) with ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str
    confidence: float
    source: str
    alternatives: tuple[Alternative, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class SiteProfile:
    """A site's learned profile as plain data (``app.learn.SiteEvidence.profile``): the swap pairs its spinner
    makes, each with a prior, and the sources it draws from. The service learns one per site from the
    documents crawlers send it (``app.sites``); ``RepairOptions.site`` applies it as ``--profile`` applies a
    file written by ``unspin learn``."""

    name: str
    pairs: tuple[tuple[str, str, float], ...] = ()  # (spun, original, logp)
    thesauri: tuple[tuple[str, float], ...] = ()  # the site's source weights (``Repair.thesauri``, pooled)
    documents: int = 0  # how many documents it was learned from


@dataclass(frozen=True, slots=True)
class RepairOptions:
    """What a caller may tune. Defaults are the conservative ones users get everywhere."""

    min_confidence: float = 0.6
    spin: bool = True  # restore thesaurus/phrase swaps
    ocr: bool = True  # repair OCR garble and mojibake first
    max_alternatives: int = 3
    extra_phrases: tuple[tuple[str, str], ...] = ()  # (spun, original) pairs added for this call
    blocked: tuple[tuple[str, str], ...] = ()  # (spun, replacement) pairs never to propose (user rejected)
    profile: str | None = None  # path of a learned profile (see ``unspin learn``)
    site: SiteProfile | None = None  # a site's profile learned by the service (see ``app.sites``)
    # ``time.monotonic()`` after which the repair stops with ``RepairTimeout`` (the service's request timeout:
    # a thread cannot be killed, so work past it must end by itself); None: no limit
    deadline: float | None = None

    def __post_init__(self) -> None:
        """A library caller's mistake is a clear ValueError here, never a silently empty or odd repair (a NaN
        threshold made no edits, a negative count of alternatives kept all but one)."""
        if not 0.0 <= self.min_confidence <= 1.0:  # also false for NaN
            raise ValueError(f"min_confidence must be between 0 and 1, not {self.min_confidence!r}")
        if isinstance(self.max_alternatives, bool) or not isinstance(self.max_alternatives, int):
            raise ValueError(f"max_alternatives must be an integer, not {self.max_alternatives!r}")
        if self.max_alternatives < 0:
            raise ValueError(f"max_alternatives must be 0 or more, not {self.max_alternatives}")
        for name in ("extra_phrases", "blocked"):
            for pair in getattr(self, name):
                if not (
                    isinstance(pair, tuple | list)
                    and len(pair) == 2
                    and all(isinstance(w, str) for w in pair)
                ):
                    raise ValueError(f"{name} must hold (spun, replacement) pairs of strings, not {pair!r}")


class RepairTimeout(Exception):
    """The repair passed ``RepairOptions.deadline`` and stopped; nothing of it is returned."""


SPUN_AT = 0.35
"""The spin score from which a text is reported as spun (``Repair.spun``). Chosen on our own held-out spun and
unspun Wikinews articles (``bench/spin_verdict.py``, split A): none of the 80 unspun ones, whole or cut to its
first 40, 80 or 160 words, scored this high, while 67%, 83%, 93% and 97% of the 320 spun ones did at those
lengths. A lower threshold starts flagging unspun text (0.3: 1 in 80 at 40 and 80 words)."""


def looks_spun(spin_score: float) -> bool:
    """The verdict a crawler filters on: was this text spun at all?"""
    return spin_score >= SPUN_AT


@dataclass(frozen=True, slots=True)
class Repair:
    """The answer to ``repair()``: applying ``edits`` to ``source`` gives ``text`` exactly."""

    source: str
    text: str
    edits: tuple[Edit, ...]
    spin_score: float
    stats: dict[str, float] = field(default_factory=dict)
    # which thesauri the spinner seems to use (``score.ThesaurusFit``; empty when the spin stage did not run):
    # ``unspin learn`` pools them over a site's documents into its profile
    thesauri: dict[str, float] = field(default_factory=dict)
    # False when the text is clearly another language (``app.engine.language``): it then comes back unedited
    english: bool = True

    @property
    def spun(self) -> bool:
        """``looks_spun``: was this text spun at all?"""
        return looks_spun(self.spin_score)

    @property
    def spinner_sources(self) -> dict[str, float]:
        """``thesauri`` as the API, ``--json`` and batch output report it (four digits)."""
        return {t: round(w, 4) for t, w in self.thesauri.items()}

    def to_dict(self, include_source: bool = False) -> dict[str, object]:
        d: dict[str, object] = {
            "text": self.text,
            "spin_score": round(self.spin_score, 4),
            "spun": self.spun,
            "edits": [e.to_dict() for e in self.edits],
            "stats": dict(self.stats),
            "spinner_sources": self.spinner_sources,
            "english": self.english,
        }
        if include_source:
            d["source"] = self.source
        return d

    def unified_diff(self, name: str = "text") -> str:
        from app.engine.render import unified_diff

        return unified_diff(self.source, self.text, name)


@dataclass(frozen=True, slots=True)
class SuspiciousSpan:
    start: int
    end: int
    text: str
    suspicion: float  # 0-1: how likely this span was swapped by a spinner
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Detection:
    spin_score: float
    spans: tuple[SuspiciousSpan, ...]
    words: int
    english: bool = True  # as ``Repair.english``

    @property
    def spun(self) -> bool:
        """``looks_spun``, as ``Repair.spun``."""
        return looks_spun(self.spin_score)

    def to_dict(self) -> dict[str, object]:
        return {
            "spin_score": round(self.spin_score, 4),
            "spun": self.spun,
            "words": self.words,
            "spans": [asdict(s) for s in self.spans],
            "english": self.english,
        }
