"""OCR and garble repair: mojibake, end-of-line hyphenation, split and merged words, non-word errors.

Why this stage is conservative: it runs before spin restoration on every document, most of which are clean.
A word found in the dictionary is never touched (the fast path is one dict lookup per word), and a non-word is
only rewritten when a candidate explains it through a cheap, OCR-typical channel (rn→m, 0→o, h→b, a doubled
letter, a lost space) *and* the language model prefers it clearly over leaving the word alone. Names, code,
URLs, numbers with units, hashtags and acronyms are recognised up front and skipped.

Scores are natural-log: ``LM logprob - CHANNEL_WEIGHT * channel cost``; the keep-as-is hypothesis competes with
a fixed score (higher for words that wordfreq has seen), and the softmax share of the winner is the confidence.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from app.engine.ocr.channel import channel_cost
from app.engine.ocr.marks import before_repaired_word, mark_edits, risky_mark_edits
from app.engine.ocr.model import (
    COUNT_THRESHOLD,
    OCR_INDEX_FILE,
    OcrModel,
    build_index,
    pack_index,
    read_index,
)
from app.engine.ocr.surface import (
    hyphen_edits,
    ligature_edits,
    mojibake_edits,
    quote_and_apostrophe_edits,
    reflowed_hyphen_edits,
    stray_mark_edits,
)
from app.engine.ocr.words import GARBLE_EVIDENCE_WORDS, long_s_reading_of, match_case, word_repairs
from app.engine.types import Edit

if TYPE_CHECKING:
    from app.engine.lm import LanguageModel

__all__ = [
    "COUNT_THRESHOLD",
    "OCR_INDEX_FILE",
    "OcrModel",
    "build_index",
    "channel_cost",
    "fix_ocr",
    "long_s_reading_of",
    "match_case",
    "pack_index",
    "read_index",
]


def fix_ocr(text: str, model: OcrModel, lm: LanguageModel | None = None) -> list[Edit]:
    """Edits (source ``ocr``) with character offsets into ``text``, sorted and non-overlapping.

    Order of precedence when two repairs touch the same characters: mojibake, hyphenation, then word-level
    repairs; a later edit that overlaps an earlier one is dropped, never merged.
    """
    if not text:
        return []
    found = word_repairs(text, model, lm)
    marks = mark_edits(text, model, lm)
    repaired = {e.start for e in [*found.plain, *found.risky]}
    marks = [e for e in marks if not before_repaired_word(text, e, repaired)]
    edits = sorted(
        marks
        + mojibake_edits(text)
        + ligature_edits(text)
        + hyphen_edits(text, model, lm)
        + reflowed_hyphen_edits(text, model)
        + quote_and_apostrophe_edits(text)
        + stray_mark_edits(text, model),
        key=lambda e: (e.start, e.end),
    )
    starts = [e.start for e in edits]
    word_edits = found.plain
    # the risky repairs need company: other repairs, about one per GARBLE_EVIDENCE_WORDS words of the text
    if len(edits) + len(found.plain) >= max(1.0, found.words / GARBLE_EVIDENCE_WORDS):
        risky = [*found.risky, *risky_mark_edits(text, lm)]
        word_edits = sorted([*found.plain, *risky], key=lambda e: (e.start, e.end))
    for e in word_edits:
        k = bisect_left(starts, e.end)  # earlier-stage edits that start before this one ends
        if k == 0 or max(x.end for x in edits[max(0, k - 4) : k]) <= e.start:
            edits.append(e)
    edits.sort(key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    last = -1
    for e in edits:
        if e.start >= last and e.original != e.replacement:
            out.append(e)
            last = max(e.end, e.start + 1) if e.end == e.start else e.end
    return out
