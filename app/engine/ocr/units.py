"""A document as the OCR stage reads it: word-like units with their places, and what is protected.

Names, code, URLs, hashtags and editors' brackets are recognised here, up front, so that no later decision
touches them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.engine.ocr.model import OcrModel
from app.engine.tokens import line_breaks

if TYPE_CHECKING:
    from app.engine.lm import LanguageModel

BOS = "<s>"

_CHUNK = re.compile(r"\S+")
_UNIT_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
# "@" then a dot somewhere after it; "@[^@]*\." finds the same chunks without rescanning from every "@"
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|@[^@]*\.|^[#@]\w", re.I)
_CODEISH = re.compile(r"[_/\\=<>{}|`~^$%]|[a-z][A-Z]|\w\.\w|\w::\w|\(\)|&#?\w+;")  # an entity: "&lt;br&gt;"
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(slots=True)
class Unit:
    """A word-like unit of the input with what the decision needs to know about its place."""

    text: str
    start: int
    end: int
    sent_start: bool
    gap_before: str  # the characters between the previous unit and this one
    protected: bool  # URL, code, hashtag … : never touched


def units_of(text: str) -> list[Unit]:
    units: list[Unit] = []
    prev_end = 0
    sent = True
    for cm in _CHUNK.finditer(text):
        chunk = cm.group()
        core = chunk.strip("\"'“”‘’()[]{}<>«»*,;:!?.\ufeff")  # a byte-order mark opens many files
        protected = bool(_URLISH.search(core) or _CODEISH.search(core)) or not core.isascii()
        gap_has_nl = _new_line_opens_sentence(text, prev_end, cm.start())
        first_in_chunk = True
        for um in _UNIT_RE.finditer(chunk):
            s, e = cm.start() + um.start(), cm.start() + um.end()
            gap = text[prev_end:s]
            kept = (
                protected
                or _bracketed(chunk, um.start(), um.end())
                or _spaced_ordinal(units, gap, um.group())
            )
            units.append(Unit(um.group(), s, e, sent or (first_in_chunk and gap_has_nl), gap, kept))
            prev_end = e
            sent = False
            first_in_chunk = False
        if _SENT_END.search(chunk):
            sent = True
    return units


WRAPPED_LINE_CHARS = 40  # a line at least this long that ends mid-sentence was wrapped, not a headline


def _new_line_opens_sentence(text: str, prev_end: int, start: int) -> bool:
    """Whether the line break between two chunks starts a sentence: a blank line does, and so does the end
    of a short line (a headline, a list item), but a long line that ends mid-sentence was hard-wrapped, and a
    name that the wrap put first on the next line is still a name (session 23's OCR audit: "his
    friend⏎Massone" became "Mason" while "his friend Massone" was left alone)."""
    breaks = line_breaks(text[prev_end:start])
    if not breaks:
        return False
    if breaks > 1 or prev_end == 0:
        return True
    line_start = max(text.rfind("\n", 0, prev_end), text.rfind("\r", 0, prev_end)) + 1
    return prev_end - line_start < WRAPPED_LINE_CHARS


_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


def _bracketed(chunk: str, start: int, end: int) -> bool:
    """A word part glued to an editor's bracket ("[D]esign", "you[r]"): the brackets mark a quotation's
    changed letters, so the part is no garbled word."""
    return chunk[start - 1 : start] in ("[", "]") or chunk[end : end + 1] in ("[", "]")


def _spaced_ordinal(units: Sequence[Unit], gap: str, word: str) -> bool:
    """The suffix of an ordinal written apart from its number ("the 16 th post"): not a garbled "the"."""
    return word in _ORDINAL_SUFFIXES and gap == " " and bool(units) and units[-1].text.isdigit()


@dataclass
class Document:
    """One document's units and what the decisions need to know about them."""

    units: list[Unit]
    lowers: list[str]
    known: list[bool]
    counts: dict[str, int]  # exact-form counts: a capitalised unknown seen twice is a name
    lcounts: dict[str, int]  # lower-case counts
    vocab: set[str]  # lower-case words of this document (names, jargon) that a garbled twin may be
    forms: dict[str, str]  # lower-case → the capitalised form this document writes mid-sentence
    form_counts: dict[str, int]  # lower-case → how often it is written capitalised mid-sentence
    model: OcrModel
    lm: LanguageModel | None
    cache: dict[tuple[str, float, bool, float, bool], dict[str, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str, model: OcrModel, lm: LanguageModel | None) -> Document:
        units = units_of(text)
        lowers = [u.text.lower() for u in units]
        counts: dict[str, int] = {}
        lcounts: dict[str, int] = {}
        for u, lw in zip(units, lowers, strict=True):
            counts[u.text] = counts.get(u.text, 0) + 1
            lcounts[lw] = lcounts.get(lw, 0) + 1
        known = [
            u.protected or not wordlike(lw) or model.known(lw) for u, lw in zip(units, lowers, strict=True)
        ]
        vocab = {
            lw
            for u, lw, kn in zip(units, lowers, known, strict=True)
            if len(lw) > 2 and lw.isalpha() and (kn or u.text.istitle())
        }
        forms: dict[str, str] = {}
        form_counts: dict[str, int] = {}
        for u, lw in zip(units, lowers, strict=True):
            if u.text.istitle() and not u.sent_start:
                forms[lw] = u.text
                form_counts[lw] = form_counts.get(lw, 0) + 1
        return cls(units, lowers, known, counts, lcounts, vocab, forms, form_counts, model, lm)

    def prev(self, i: int) -> tuple[str, ...]:
        """The two words before unit ``i`` (fewer after a sentence start, which ``<s>`` marks)."""
        ctx: list[str] = []
        for j in (i, i - 1):
            if j <= 0 or self.units[j].sent_start:
                return (BOS, *ctx)
            ctx.insert(0, self.lowers[j - 1])
        return tuple(ctx)

    def next(self, i: int) -> str | None:
        return self.lowers[i + 1] if i + 1 < len(self.units) else None


def wordlike(lower: str) -> bool:
    return lower.replace("'", "").replace("’", "").isalpha()
