"""Candidate words for a garbled token: reverse OCR confusions, SymSpell suggestions, this document's own
words, and splits of a merged token."""

from __future__ import annotations

from app.engine.ocr.channel import COMPOUND_COST, SPACE_COST, channel_cost, confusion_variants, undoubled
from app.engine.ocr.units import Document

MAX_SUGGESTIONS = 12  # SymSpell suggestions scored per word (closest, then most frequent)


def candidates(
    lower: str, doc: Document, max_cost: float, segment: bool, min_zipf: float = 0.0, use_doc: bool = True
) -> dict[str, float]:
    """Dictionary words, this document's words, or word sequences (space-joined) that OCR could have
    turned into ``lower``, with their channel costs. ``min_zipf`` drops rarer dictionary words early.
    Cached per document: OCR repeats its slips (every "tbe" of a page costs one search)."""
    key = (lower, max_cost, segment, min_zipf, use_doc)
    found = doc.cache.get(key)
    if found is None:
        found = doc.cache[key] = _search_candidates(lower, doc, max_cost, segment, min_zipf, use_doc)
    return found


def _search_candidates(
    lower: str, doc: Document, max_cost: float, segment: bool, min_zipf: float, use_doc: bool
) -> dict[str, float]:
    from symspellpy import Verbosity

    words = doc.model.words
    depth = 3 if sum(c.isdigit() for c in lower) > 1 else 2
    variants = confusion_variants(lower, depth)
    zipf = doc.model.zipf
    pool = {v for v in variants if v in words and (not min_zipf or zipf(v) >= min_zipf)}
    if use_doc:  # a garbled name: its clean form is used more often in this document
        mine = doc.lcounts.get(lower, 0)
        near = variants | undoubled(lower)
        pool |= {v for v in near & doc.vocab if doc.lcounts.get(v, 0) > mine}
    if not any(c.isdigit() for c in lower):
        dist = 1 if len(lower) <= 4 else 2
        sugg = doc.model.sym.lookup(lower, Verbosity.ALL, max_edit_distance=dist)
        if min_zipf:
            sugg = [s for s in sugg if zipf(s.term) >= min_zipf]
        sugg.sort(key=lambda s: (s.distance, -s.count))
        pool |= {s.term for s in sugg[:MAX_SUGGESTIONS]}
    found: dict[str, float] = {}
    for cand in pool:
        cost = channel_cost(lower, cand)
        if cost <= max_cost and cand != lower:
            found[cand] = cost
    if segment and len(lower) >= 4 and lower.isalpha():
        for seg, cost in _segmentations(lower, doc):
            if not min_zipf or min(zipf(p) for p in seg.split()) >= min_zipf:
                found.setdefault(seg, cost)
    return found


def _segmentations(lower: str, doc: Document) -> list[tuple[str, float]]:
    """Splits of a merged token into 2 or 3 frequent words (an exact-parts DP: microseconds, where
    symspellpy's word_segmentation costs milliseconds and would also 'correct' the parts)."""
    words = doc.model.words

    def ok(w: str) -> bool:
        if len(w) == 1:
            return w in ("a", "i")
        return words.get(w, 0) >= (1_000_000 if len(w) < 4 else 100_000) or w in doc.vocab

    out: list[tuple[str, float]] = []
    for i in range(1, len(lower)):
        a, rest = lower[:i], lower[i:]
        if not ok(a):
            continue
        if ok(rest):  # two long words may well be a compound the dictionary lacks (passcard)
            out.append((f"{a} {rest}", SPACE_COST + (COMPOUND_COST if min(len(a), len(rest)) > 3 else 0.0)))
        for j in range(1, len(rest)):
            if ok(rest[:j]) and ok(rest[j:]):
                out.append((f"{a} {rest[:j]} {rest[j:]}", 2 * SPACE_COST))
    return out
