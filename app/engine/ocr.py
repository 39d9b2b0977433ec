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

import difflib
import marshal
import math
import re
import time
import unicodedata
import zlib
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from app.engine.types import Alternative, Edit, Source

if TYPE_CHECKING:
    from symspellpy import SymSpell

    from app.engine.lm import LanguageModel

BOS = "<s>"
SRC = str(Source.OCR)

# (seen by OCR, meant, cost). Costs are in nats of channel improbability; generic edits cost more (below).
_CONFUSIONS: tuple[tuple[str, str, float], ...] = (
    ("rn", "m", 0.8),
    ("m", "rn", 1.5),
    ("rri", "m", 1.5),
    ("in", "m", 2.0),
    ("ni", "m", 1.8),
    ("iii", "m", 1.8),
    ("cl", "d", 1.0),
    ("d", "cl", 1.8),
    ("li", "h", 1.0),
    ("h", "li", 1.8),
    ("ll", "h", 1.8),
    ("lI", "h", 1.5),
    ("vv", "w", 0.8),
    ("w", "vv", 1.8),
    ("ii", "u", 1.5),
    ("ri", "n", 1.8),
    ("fi", "h", 2.0),
    ("tl", "d", 2.0),
    ("0", "o", 0.3),
    ("1", "l", 0.5),
    ("1", "i", 0.7),
    ("5", "s", 1.0),
    ("l", "i", 1.2),
    ("i", "l", 1.2),
    ("l", "t", 1.8),
    ("t", "l", 1.8),
    ("e", "c", 1.2),
    ("c", "e", 1.0),
    ("o", "c", 1.8),
    ("c", "o", 1.8),
    ("o", "e", 1.8),
    ("e", "o", 1.8),
    ("b", "h", 1.2),
    ("h", "b", 1.2),
    ("n", "u", 1.5),
    ("u", "n", 1.5),
    ("n", "h", 1.8),
    ("h", "n", 1.8),
    ("a", "o", 2.0),
    ("o", "a", 2.0),
    ("a", "e", 2.2),
    ("f", "t", 1.8),
    ("t", "f", 1.8),
    ("s", "a", 2.5),
    ("j", "i", 2.0),
    ("i", "j", 2.0),
    ("g", "q", 2.0),
    ("q", "g", 2.0),
    ("y", "v", 2.0),
    ("v", "y", 2.0),
)
_BY_SEEN: dict[str, tuple[tuple[str, float], ...]] = {}
for _s, _m, _c in _CONFUSIONS:
    _BY_SEEN[_s] = (*_BY_SEEN.get(_s, ()), (_m, _c))
_DIGIT_MAP = {"0": ("o",), "1": ("l", "i"), "5": ("s",)}

SUB_COST = 4.0  # generic substitution
DROP_COST = 2.5  # a letter lost by the OCR
DOUBLE_COST = 1.2  # a letter read twice
INS_COST = 3.5  # a stray letter
SWAP_COST = 4.0  # transposition (rare in OCR)
COMPOUND_COST = 1.5  # extra for splitting a token into two long words
EDGE_COST = 1.5  # extra for a letter gained or lost before the first one: OCR keeps word starts
SPACE_COST = 2.0  # a lost or spurious space
MAX_CHANNEL = 5.0  # candidates that need more than this are not OCR errors
CHANNEL_WEIGHT = 1.5
KEEP_NONWORD = -18.0  # LM-like score of leaving an unknown word as it is
# a lower-case string wordfreq never saw (zipf 0) that splits into frequent words of three letters or more
# ("campaignerssaid", "factoryclosed") is a lost space far more often than a word of its own: such a split
# gets this many nats of channel back. (Session 18, bench/ocr_noise.py merges: err 0.644 → 0.738 at
# precision 0.991 → 0.992, and one closed compound split on 54,519 words of clean Wikinews, "waterbombing".
# A bonus of 6 gave 0.770 but split two spinner words on the dev sets, "pageboys" and "agelong"; without the
# zipf-0 condition rare words were split too: a spinner's "answerability", the compound "checkpost".)
MERGED_SPLIT_BONUS = 4.0
# real-word errors (``_fix_real_word``): a short dictionary word rarer than this zipf, one confusion of at most
# this cost from a word at least this common, with this many nats for the word as written
REAL_WORD_MAX_LEN = 5
REAL_WORD_MAX_ZIPF = 4.5
REAL_WORD_TARGET_ZIPF = 5.5
REAL_WORD_MAX_COST = 1.5
REAL_WORD_PRIOR = 6.0
MIN_CONF = 0.5  # below this share the stage does not propose the edit
TITLE_KEEP_BONUS = 4.0  # a capitalised unknown mid-sentence is probably a name
DOC_WORD_BONUS = 3.0  # a word this document uses elsewhere beats an unseen one
MAX_SUGGESTIONS = 12  # SymSpell suggestions scored per word (closest, then most frequent)
MAX_WORD_LEN = 30  # longer tokens are not words; their candidate search would cost too much
MAX_UNKNOWN_SHARE = 0.3  # a document with more unknown words than this is not English prose
JOIN_KNOWN_MARGIN = 6.0  # "inter national": both parts are words, so the join must win by this much
KNOWN_ZIPF = 1.5  # wordfreq says this is a word

_UNITS = frozenset(
    [
        "s",
        "st",
        "nd",
        "rd",
        "th",
        "am",
        "pm",
        "kg",
        "g",
        "mg",
        "km",
        "m",
        "cm",
        "mm",
        "ml",
        "l",
        "lb",
        "lbs",
        "oz",
        "ft",
        "in",
        "mph",
        "kph",
        "kmh",
        "k",
        "bn",
        "mn",
        "gb",
        "mb",
        "kb",
        "tb",
        "ghz",
        "mhz",
        "hz",
        "kw",
        "mw",
        "w",
        "v",
        "x",
        "p",
        "h",
        "min",
        "mins",
        "sec",
        "secs",
        "hr",
        "hrs",
        "yr",
        "yrs",
        "c",
        "f",
        "d",
    ]
)
_CHUNK = re.compile(r"\S+")
_UNIT_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|@.*\.|^[#@]\w", re.I)
_CODEISH = re.compile(r"[_/\\=<>{}|`~^$%]|[a-z][A-Z]|\w\.\w|\w::\w|\(\)")
_NUM_UNIT = re.compile(r"^\d+(?:[.,:]\d+)*([a-z]*)$", re.I)
_HYPHEN_BREAK = re.compile(r"(?<![A-Za-z])([A-Za-z]+)([-\u00ac\u00ad])[ \t]*\r?\n[ \t]*([a-z]+)")
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00e3\u0080-\u009f\u20ac\u2122\u0153\ufffd]"
)
_LINES = re.compile(r"[^\n]*\n|[^\n]+")
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")


OCR_INDEX_FILE = "ocr-index.bin"
OCR_INDEX_FORMAT = "unspin-ocr-index-1"
_EDIT_DISTANCE, _PREFIX = 2, 7
COUNT_THRESHOLD = 500_000  # words counted this often are indexed (``OcrModel.load``)


def _dictionary_path() -> Path:
    import symspellpy

    return Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"


def index_stamp(count_threshold: int) -> dict[str, object]:
    """What a prebuilt index depends on: symspellpy's version and dictionary, and the index settings."""
    from importlib.metadata import version

    return {
        "format": OCR_INDEX_FORMAT,
        "symspellpy": version("symspellpy"),
        "dictionary_bytes": _dictionary_path().stat().st_size,
        "count_threshold": count_threshold,
        "edit_distance": _EDIT_DISTANCE,
        "prefix_length": _PREFIX,
    }


def _empty_index(count_threshold: int) -> SymSpell:
    from symspellpy import SymSpell

    return SymSpell(
        max_dictionary_edit_distance=_EDIT_DISTANCE, prefix_length=_PREFIX, count_threshold=count_threshold
    )


def build_index(count_threshold: int) -> tuple[SymSpell, dict[str, int]]:
    """SymSpell over symspellpy's English frequency list, and the full word → count table."""
    path = _dictionary_path()
    sym = _empty_index(count_threshold)
    sym.load_dictionary(str(path), 0, 1)
    words: dict[str, int] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            w, _, c = line.rstrip("\n").partition(" ")
            if c:
                words[w] = int(c)
    return sym, words


def pack_index(sym: SymSpell, words: dict[str, int], count_threshold: int) -> bytes:
    """The index as ``dictionaries/ocr-index.bin`` stores it (``scripts/build_ocr_index.py``)."""
    data = {
        "stamp": index_stamp(count_threshold),
        "deletes": dict(sym._deletes),
        "words": dict(sym._words),
        "below": dict(sym._below_threshold_words),
        "max_length": sym._max_length,
        "all_words": words,
    }
    return zlib.compress(marshal.dumps(data), 1)


def read_index(path: Path, count_threshold: int) -> tuple[SymSpell, dict[str, int]] | None:
    """A prebuilt index, or None when the file is missing, unreadable or built for another symspellpy.

    Why it sets SymSpell's private tables: symspellpy can only rebuild them (a second) or unpickle them, and
    a committed pickle could run code when loaded; ``marshal`` holds plain data. The stamp ties the file to
    the symspellpy version whose internals it mirrors, and ``tests/test_ocr.py`` checks that what it loads
    equals a fresh build."""
    from collections import defaultdict

    try:
        data = marshal.loads(zlib.decompress(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return None
    if not isinstance(data, dict) or data.get("stamp") != index_stamp(count_threshold):
        return None
    sym = _empty_index(count_threshold)
    sym._deletes = defaultdict(list, data["deletes"])
    sym._words = data["words"]
    sym._below_threshold_words = data["below"]
    sym._max_length = data["max_length"]
    return sym, data["all_words"]


@dataclass
class OcrModel:
    """Dictionaries the stage reads: the SymSpell index, a full word→count table and a zipf cache."""

    sym: SymSpell
    words: dict[str, int]
    total: float
    load_seconds: float = 0.0
    _zipf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, count_threshold: int = COUNT_THRESHOLD, index: Path | None = None) -> OcrModel:
        """SymSpell's delete index (the slow part of loading) covers only the ~30k words counted at least
        ``count_threshold`` times: a third of the full list's load time, and on the noise benchmark the same
        err and precision as indexing all 82k (rarer words are still reached through the OCR-confusion
        variants, which are looked up in ``words``, the full list that also decides what is a word).

        ``index`` (``dictionaries/ocr-index.bin``, ``scripts/build_ocr_index.py``) holds that index built
        beforehand: reading it takes about half the time of building it. It is used only when its stamp
        matches this symspellpy and these settings, else the index is built as before."""
        t0 = time.perf_counter()
        cached = read_index(index, count_threshold) if index is not None else None
        if cached is not None:
            sym, words = cached
        else:
            sym, words = build_index(count_threshold)
        model = cls(sym, words, float(sum(words.values())))
        model.zipf("the")  # import wordfreq now, not on the first request
        model.load_seconds = round(time.perf_counter() - t0, 3)
        return model

    def zipf(self, word: str) -> float:
        z = self._zipf.get(word)
        if z is None:
            from wordfreq import zipf_frequency

            if len(self._zipf) > 500_000:  # bounded: a service sees endless distinct garbage tokens
                self._zipf.clear()
            z = self._zipf[word] = zipf_frequency(word, "en")
        return z

    def known(self, lower: str) -> bool:
        """In the SymSpell list, or a possessive / contraction of a word in it, or seen often by wordfreq."""
        if lower in self.words:
            return True
        base = re.split(r"['’]", lower, maxsplit=1)[0]
        if base != lower and (base in self.words or self.zipf(base) >= KNOWN_ZIPF):
            return True
        return self.zipf(lower) >= KNOWN_ZIPF

    def unigram(self, word: str) -> float:
        c = self.words.get(word)
        return math.log(c / self.total) if c else math.log(0.5 / self.total)


# --------------------------------------------------------------------------------------------- channel model


@lru_cache(maxsize=65536)
def channel_cost(seen: str, meant: str) -> float:
    """Weighted edit distance from ``meant`` (dictionary word) to ``seen`` (OCR output), lower-case.

    Multi-character confusions (rn↔m, cl↔d, li↔h) are single steps; a doubled letter is cheaper than a
    stray one; a dropped letter is cheaper than a substitution. Returns ``inf`` beyond ``MAX_CHANNEL``.
    """
    n, m = len(seen), len(meant)
    inf = math.inf
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        row = d[i]
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best = inf
            if i and j:
                a, b = seen[i - 1], meant[j - 1]
                best = d[i - 1][j - 1] + (0.0 if a == b else SUB_COST)
                if i > 1 and j > 1 and a == meant[j - 2] and b == seen[i - 2]:
                    best = min(best, d[i - 2][j - 2] + SWAP_COST)
            if i:
                a = seen[i - 1]
                doubled = (i > 1 and seen[i - 2] == a) or (i < n and seen[i] == a)
                cost = DOUBLE_COST if doubled else INS_COST + (EDGE_COST if j == 0 else 0.0)
                best = min(best, d[i - 1][j] + cost)
            if j:
                best = min(best, row[j - 1] + DROP_COST + (EDGE_COST if i == 0 else 0.0))
            for k in (1, 2, 3):
                if k > i:
                    break
                for target, cost in _BY_SEEN.get(seen[i - k : i], ()):
                    lt = len(target)
                    if lt <= j and meant[j - lt : j] == target:
                        best = min(best, d[i - k][j - lt] + cost)
            row[j] = best
    return d[n][m] if d[n][m] <= MAX_CHANNEL else inf


def _confusion_variants(seen: str, depth: int = 2) -> set[str]:
    """Every string reachable from ``seen`` by up to ``depth`` reverse OCR confusions (rn→m, 0→o …); after
    the first step only the cheap confusions (cost ≤ 1.5) are followed, which keeps this near 100 µs."""
    frontier = {seen}
    out: set[str] = set()
    for level in range(depth):
        limit = MAX_CHANNEL if level == 0 else 1.5
        nxt: set[str] = set()
        for s in frontier:
            for i in range(len(s)):
                for k in (1, 2, 3):
                    for target, cost in _BY_SEEN.get(s[i : i + k], ()):
                        if cost <= limit:
                            nxt.add(s[:i] + target + s[i + k :])
        nxt -= out
        out |= nxt
        frontier = nxt
    return out


# ------------------------------------------------------------------------------------------------ helpers


def match_case(original: str, replacement: str) -> str:
    """Give ``replacement`` the case pattern of ``original``: UPPER, Title or as is."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    first = original[0]
    if first.isupper() or (first.isdigit() and len(letters) > 1 and letters[0].isupper()):
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _confidence(scores: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Softmax shares of hypotheses, best first."""
    top = max(s for _, s in scores)
    exps = [(h, math.exp(s - top)) for h, s in scores]
    z = sum(e for _, e in exps)
    return sorted(((h, e / z) for h, e in exps), key=lambda x: -x[1])


@dataclass(slots=True)
class _Unit:
    """A word-like unit of the input with what the decision needs to know about its place."""

    text: str
    start: int
    end: int
    sent_start: bool
    gap_before: str  # the characters between the previous unit and this one
    protected: bool  # URL, code, hashtag … : never touched


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    prev_end = 0
    sent = True
    for cm in _CHUNK.finditer(text):
        chunk = cm.group()
        core = chunk.strip("\"'“”‘’()[]{}<>«»*,;:!?.")
        protected = bool(_URLISH.search(core) or _CODEISH.search(core)) or not core.isascii()
        gap_has_nl = "\n" in text[prev_end : cm.start()]
        first_in_chunk = True
        for um in _UNIT_RE.finditer(chunk):
            s, e = cm.start() + um.start(), cm.start() + um.end()
            gap = text[prev_end:s]
            kept = (
                protected
                or _bracketed(chunk, um.start(), um.end())
                or _spaced_ordinal(units, gap, um.group())
            )
            units.append(_Unit(um.group(), s, e, sent or (first_in_chunk and gap_has_nl), gap, kept))
            prev_end = e
            sent = False
            first_in_chunk = False
        if _SENT_END.search(chunk):
            sent = True
    return units


_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})


def _bracketed(chunk: str, start: int, end: int) -> bool:
    """A word part glued to an editor's bracket ("[D]esign", "you[r]"): the brackets mark a quotation's
    changed letters, so the part is no garbled word."""
    return chunk[start - 1 : start] in ("[", "]") or chunk[end : end + 1] in ("[", "]")


def _spaced_ordinal(units: Sequence[_Unit], gap: str, word: str) -> bool:
    """The suffix of an ordinal written apart from its number ("the 16 th post"): not a garbled "the"."""
    return word in _ORDINAL_SUFFIXES and gap == " " and bool(units) and units[-1].text.isdigit()


def _lp(word: str, ctx: tuple[str, ...], lm: LanguageModel | None, model: OcrModel) -> float:
    return lm.logprob(word, ctx[-2:]) if lm is not None else model.unigram(word)


def _lm_score(
    words: list[str], ctx: tuple[str, ...], nxt: str | None, lm: LanguageModel | None, model: OcrModel
) -> float:
    """Log probability of ``words`` after the context ``ctx`` and of the next word after them."""
    total = 0.0
    for w in [*words, *([nxt] if nxt else [])]:
        total += _lp(w, ctx, lm, model)
        ctx = (*ctx[-1:], w)
    return total


# ------------------------------------------------------------------------------------------------ repairs


_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
_LIGATURE_CHAR = re.compile("[\ufb00-\ufb06]")
_LIGATURE_WORD = re.compile(r"[^\W\d_]*[\ufb00-\ufb06][^\W\d_\ufb00-\ufb06]*(?:[\ufb00-\ufb06][^\W\d_]*)*")


def _ligature_edits(text: str) -> list[Edit]:
    """Words that a PDF extraction left with typographic ligatures (*ﬁnancial*, *ofﬁcials*, *ﬂoods*): each
    becomes its letters, so that every later stage, and anyone searching the text, sees the word."""
    if _LIGATURE_CHAR.search(text) is None:  # the usual case, in one scan
        return []
    edits = []
    for m in _LIGATURE_WORD.finditer(text):
        word = m.group()
        plain = "".join(_LIGATURES.get(c, c) for c in word)
        edits.append(Edit(m.start(), m.end(), word, plain, 1.0, SRC))
    return edits


def _mojibake_edits(text: str) -> list[Edit]:
    """ftfy on each line that shows mojibake hints; every changed run becomes its own edit."""
    if text.isascii():
        return []
    import ftfy

    edits: list[Edit] = []
    pos = 0
    for line in _LINES.findall(text):  # "\n" only: str.splitlines would also cut at C1 controls like \x85
        if _MOJIBAKE_HINT.search(line):
            fixed = ftfy.fix_encoding(line)
            if fixed != line:
                sm = difflib.SequenceMatcher(None, line, fixed, autojunk=False)
                for op, i1, i2, j1, j2 in sm.get_opcodes():
                    if op != "equal":
                        edits.append(Edit(pos + i1, pos + i2, line[i1:i2], fixed[j1:j2], 0.95, SRC))
        pos += len(line)
    return edits


def _hyphen_edits(text: str, model: OcrModel) -> list[Edit]:
    """inter-⏎national → international; well-⏎known → well-known (the compound is the likelier word)."""
    edits: list[Edit] = []
    for m in _HYPHEN_BREAK.finditer(text):
        a, b = m.group(1), m.group(3)
        joined = (a + b).lower()
        z_join = model.zipf(joined) if (joined in model.words or model.known(joined)) else 0.0
        z_comp = model.zipf(f"{a}-{b}".lower())
        a_ok, b_ok = model.known(a.lower()), model.known(b.lower())
        if z_join and z_join >= z_comp - 0.6:
            repl, margin = a + b, z_join - (z_comp - 0.6)
        elif a_ok and b_ok:
            repl, margin = f"{a}-{b}", (z_comp - 0.6) - z_join
        else:
            continue
        conf = round(0.6 + 0.35 * (1 - math.exp(-2 * margin)), 3)
        edits.append(Edit(m.start(), m.end(), m.group(), repl, conf, SRC))
    return edits


@dataclass
class _Doc:
    """One document's units and what the decisions need to know about them."""

    units: list[_Unit]
    lowers: list[str]
    known: list[bool]
    counts: dict[str, int]  # exact-form counts: a capitalised unknown seen twice is a name
    lcounts: dict[str, int]  # lower-case counts
    vocab: set[str]  # lower-case words of this document (names, jargon) that a garbled twin may be
    forms: dict[str, str]  # lower-case → the capitalised form this document writes mid-sentence
    model: OcrModel
    lm: LanguageModel | None
    cache: dict[tuple[str, float, bool, float, bool], dict[str, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, text: str, model: OcrModel, lm: LanguageModel | None) -> _Doc:
        units = _units(text)
        lowers = [u.text.lower() for u in units]
        counts: dict[str, int] = {}
        lcounts: dict[str, int] = {}
        for u, lw in zip(units, lowers, strict=True):
            counts[u.text] = counts.get(u.text, 0) + 1
            lcounts[lw] = lcounts.get(lw, 0) + 1
        known = [
            u.protected or not _wordlike(lw) or model.known(lw) for u, lw in zip(units, lowers, strict=True)
        ]
        vocab = {
            lw
            for u, lw, kn in zip(units, lowers, known, strict=True)
            if len(lw) > 2 and lw.isalpha() and (kn or u.text.istitle())
        }
        forms = {
            lw: u.text for u, lw in zip(units, lowers, strict=True) if u.text.istitle() and not u.sent_start
        }
        return cls(units, lowers, known, counts, lcounts, vocab, forms, model, lm)

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


def _wordlike(lower: str) -> bool:
    return lower.replace("'", "").replace("’", "").isalpha()


def _candidates(
    lower: str, doc: _Doc, max_cost: float, segment: bool, min_zipf: float = 0.0, use_doc: bool = True
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
    lower: str, doc: _Doc, max_cost: float, segment: bool, min_zipf: float, use_doc: bool
) -> dict[str, float]:
    from symspellpy import Verbosity

    words = doc.model.words
    depth = 3 if sum(c.isdigit() for c in lower) > 1 else 2
    variants = _confusion_variants(lower, depth)
    zipf = doc.model.zipf
    pool = {v for v in variants if v in words and (not min_zipf or zipf(v) >= min_zipf)}
    if use_doc:  # a garbled name: its clean form is used more often in this document
        mine = doc.lcounts.get(lower, 0)
        near = variants | {
            lower[:i] + lower[i + 1 :] for i in range(1, len(lower)) if lower[i] == lower[i - 1]
        }
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


def _segmentations(lower: str, doc: _Doc) -> list[tuple[str, float]]:
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


def _decide(
    i: int, doc: _Doc, cands: dict[str, float], keep: float, min_conf: float = MIN_CONF
) -> Edit | None:
    """Pick among keep-as-is and ``cands`` by LM score minus channel cost; the softmax share is the confidence."""
    if not cands:
        return None
    u, model, lm = doc.units[i], doc.model, doc.lm
    prev, nxt = doc.prev(i), doc.next(i)
    nxt_keep = 0.0
    if nxt:  # after an unknown word the LM can only back off to the next word's unigram
        nxt_keep = lm.unigram_logprob(nxt) if lm is not None else model.unigram(nxt)
    scored: list[tuple[str, float]] = [("", keep + nxt_keep)]
    for cand, cost in cands.items():
        lm_s = -math.inf
        if cand in model.words or " " in cand:
            lm_s = _lm_score(cand.split(), prev, nxt, lm, model)
        if cand in doc.vocab and cand != "":  # a word of this document (a name, jargon) beats an unseen one
            lm_s = max(lm_s, keep + DOC_WORD_BONUS + nxt_keep)
        scored.append((cand, lm_s - CHANNEL_WEIGHT * cost))
    shares = _confidence(scored)
    best, conf = shares[0]
    if not best or conf < min_conf:
        return None
    alts = tuple(
        Alternative(match_case(u.text, h), round(p, 4), SRC) for h, p in shares[1:4] if h and p >= 0.001
    )
    repl = (
        match_case(u.text, best) if best in model.words else doc.forms.get(best) or match_case(u.text, best)
    )
    if u.text[0].isdigit() and u.sent_start:
        repl = repl[:1].upper() + repl[1:]
    return Edit(u.start, u.end, u.text, repl, round(conf, 4), SRC, alts)


@dataclass(frozen=True, slots=True)
class _WordEdits:
    """The word-level repairs of one document, with the few that only a garbled document makes likely set
    apart (``_needs_company``), and how many words the document has."""

    plain: list[Edit]
    risky: list[Edit]
    words: int


def _word_edits(text: str, model: OcrModel, lm: LanguageModel | None) -> _WordEdits:
    doc = _Doc.build(text, model, lm)
    plain: list[Edit] = []
    risky: list[Edit] = []
    i, n = 0, len(doc.units)
    wordlike = [k for k, u in zip(doc.known, doc.units, strict=True) if not u.protected and u.text.isalpha()]
    if len(wordlike) >= 20 and wordlike.count(False) > MAX_UNKNOWN_SHARE * len(wordlike):
        return _WordEdits([], [], n)  # not English prose (another language, a word list, code): no OCR slip
    while i < n:
        join = _try_join(i, doc)
        if join is not None:
            plain.append(join[0])
            i += join[1]
            continue
        u = doc.units[i]
        e: Edit | None = None
        if u.protected:
            pass
        elif not doc.known[i]:
            e = _fix_nonword(i, doc)
        elif any(c.isdigit() for c in u.text):
            e = _fix_digits(i, doc)
        elif doc.lowers[i] not in model.words and doc.lowers[i].isalpha():
            e = _fix_semi_known(i, doc)
        elif len(doc.lowers[i]) <= REAL_WORD_MAX_LEN and doc.lowers[i].isalpha():
            e = _fix_real_word(i, doc)
        if e is not None:
            (risky if _needs_company(e, u, model) else plain).append(e)
        i += 1
    return _WordEdits(plain, risky, n)


GARBLE_EVIDENCE_WORDS = 1000  # a document needs one other repair per this many words to unlock the risky ones
GLUE_WORDS = frozenset(["a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "and", "is", "it"])


def _needs_company(edit: Edit, unit: _Unit, model: OcrModel) -> bool:
    """Repairs that are right in a garbled document and wrong in a clean one: a code read as a word (*A1* →
    Al, *1a* → La: three characters at most, with a digit and either a capital or a leading digit; *G0vernment*
    and *t0* are no codes) and a compound that web text writes solid (*leadup* → lead up: wordfreq knows the
    solid form). Session 20: on four clean sets (178,000 words of Wikinews, Slate and White House text) such
    repairs were all wrong, in documents that showed no other garble. ``fix_ocr`` keeps them only beside
    other repairs.

    Two kinds that looked alike were measured and left ungated: capitalised unknowns mid-sentence (*Ehad* →
    Chad on clean text, but *Unnited*, *Worlld*, *Fivc* in lightly garbled text: four right to one wrong) and
    splits of tokens wordfreq never saw (*waterbombing*, but *histestimony*, *disputebetween*)."""
    word, repl = unit.text, edit.replacement
    if any(c.isdigit() for c in word) and len(word) <= 3 and (word[0].isdigit() or not word.islower()):
        return True
    parts = repl.lower().split()
    return (
        " " not in word
        and len(parts) > 1
        and model.zipf(word.lower()) > 0.0
        and not any(p in GLUE_WORDS for p in parts)  # "theoriginal", "ofthe": web text's lost spaces
    )


def _fix_digits(i: int, doc: _Doc) -> Edit | None:
    """G0vernment, 1ater, t0, 0f: digits read for letters. Numbers with units (3.5kg, 10am, 1990s) and
    alphanumeric codes (MP3, H1N1, B2B) are left alone."""
    word = doc.units[i].text
    if not any(c.isalpha() for c in word) or not all(c in _DIGIT_MAP for c in word if c.isdigit()):
        return None
    m = _NUM_UNIT.match(word)
    if m and (not m.group(1) or (m.group(1).lower() in _UNITS and not word.startswith("0"))):
        return None  # a number, or a number with its unit; "0f" is no number
    uppers = sum(c.isupper() for c in word)
    if uppers > 1 and not (word.isupper() and len(word) >= 6):
        return None
    if len(word) > MAX_WORD_LEN:
        return None
    lower = word.lower()
    cands = {c: k for c, k in _candidates(lower, doc, 2.0, False).items() if " " not in c}
    if len(word) <= 3:  # t0, 0f, 1n: only the very common function words
        cands = {c: k for c, k in cands.items() if doc.model.zipf(c) >= 5.0}
    return _decide(i, doc, cands, KEEP_NONWORD)


def _fix_nonword(i: int, doc: _Doc) -> Edit | None:
    u = doc.units[i]
    word = u.text
    base, sep, suffix = word.partition("'") if "'" in word else word.partition("’")
    if sep:  # possessive of a garbled word (Frlday's): fix the base, keep the suffix
        if suffix.lower() != "s" or doc.model.known(base.lower()):
            return None
        sub = _Unit(base, u.start, u.start + len(base), u.sent_start, u.gap_before, False)
        tmp = replace(doc, units=[*doc.units[:i], sub, *doc.units[i + 1 :]])
        return _fix_nonword(i, tmp)
    if not 2 <= len(word) <= MAX_WORD_LEN or _plural_of_known(word.lower(), doc.model):
        return None
    upper = word.isupper()
    title = word[0].isupper() and word[1:].islower()
    if upper or (not title and not word.islower()):
        return None  # acronyms and their plurals (HLIs); mixed case is code or a brand
    keep = KEEP_NONWORD
    max_cost = MAX_CHANNEL
    if title and doc.counts.get(word, 0) > 1:
        if not u.sent_start:
            return None  # a recurring capitalised unknown is a name
        keep += TITLE_KEEP_BONUS
    elif title and not u.sent_start:
        keep += TITLE_KEEP_BONUS
        max_cost = 2.0
    cands = _candidates(word.lower(), doc, max_cost, segment=True)
    if word.islower() and doc.model.zipf(word) == 0.0:
        cands = {
            c: k - MERGED_SPLIT_BONUS / CHANNEL_WEIGHT if _clean_split(c) else k for c, k in cands.items()
        }
    return _decide(i, doc, cands, keep)


def _plural_of_known(lower: str, model: OcrModel) -> bool:
    """A known word of four letters or more with an "s" added (*reunifications*, *pleaders*, *bipartisans*):
    a plural or a verb form the word list lacks, not a slip, since OCR seldom adds a letter at a word's end
    ("newss", a doubled letter, is still a slip)."""
    return len(lower) >= 5 and lower.endswith("s") and not lower.endswith("ss") and model.known(lower[:-1])


def _clean_split(candidate: str) -> bool:
    """A candidate that splits a token into words of three letters or more ("waited long", not "a bus")."""
    return " " in candidate and min(map(len, candidate.split())) >= 3


def _fix_semi_known(i: int, doc: _Doc) -> Edit | None:
    """Words wordfreq has seen but the curated list has not (tbe, thc, ofthe, ls): web text is full of OCR
    output, so these are fixed, but only into a much more frequent word by a cheap OCR confusion."""
    u = doc.units[i]
    word, lower = u.text, doc.lowers[i]
    if not (word.islower() or (u.sent_start and word[1:].islower())):
        return None
    z = doc.model.zipf(lower)
    if z >= 4.3 or (z >= 3.5 and len(lower) > 3) or _plural_of_known(lower, doc.model):
        return None
    keep = (z - 9.0) * math.log(10) + 2.0
    cands = _candidates(lower, doc, 2.5, segment=len(lower) >= 5, min_zipf=z + 2.5, use_doc=False)
    return _decide(i, doc, cands, keep, MIN_CONF + 0.1)


def _fix_real_word(i: int, doc: _Doc) -> Edit | None:
    """A rare dictionary word one cheap glyph confusion away from a very common one, where the context wants
    the common one by a wide margin: "officials aud ministers" (and), "the cars arc parked" (are). A real
    word is right far more often than not, so the keep side gets ``REAL_WORD_PRIOR`` nats and the repair
    must still win ``MIN_CONF + 0.3`` of the share."""
    u = doc.units[i]
    word, lower = u.text, doc.lowers[i]
    if not (word.islower() or (u.sent_start and word[1:].islower())):
        return None
    model = doc.model
    z = model.zipf(lower)
    if z >= REAL_WORD_MAX_ZIPF:
        return None
    floor = max(REAL_WORD_TARGET_ZIPF, z + 2.0)
    cands = {}
    for cand in _confusion_variants(lower, 1):
        if cand in model.words and model.zipf(cand) >= floor:
            cost = channel_cost(lower, cand)
            if cost <= REAL_WORD_MAX_COST:
                cands[cand] = cost
    if not cands:
        return None
    prev, nxt = doc.prev(i), doc.next(i)
    keep = _lm_score([lower], prev, nxt, doc.lm, model) + REAL_WORD_PRIOR
    scored: list[tuple[str, float]] = [("", keep)]
    for cand, cost in cands.items():
        scored.append((cand, _lm_score([cand], prev, nxt, doc.lm, model) - CHANNEL_WEIGHT * cost))
    (best, conf), *_ = _confidence(scored)
    if not best or conf < MIN_CONF + 0.3:
        return None
    return Edit(u.start, u.end, word, match_case(word, best), round(conf, 4), SRC)


def _best_fix_score(lower: str, prev: tuple[str, ...], doc: _Doc) -> float:
    """Score of the best repair of a non-word on its own ("to ns" is "to us", not "tons")."""
    best = KEEP_NONWORD
    for cand, cost in _candidates(lower, doc, MAX_CHANNEL, segment=False, use_doc=False).items():
        best = max(best, _lp(cand, prev, doc.lm, doc.model) - CHANNEL_WEIGHT * cost)
    return best


def _try_join(i: int, doc: _Doc) -> tuple[Edit, int] | None:
    """Join ``units[i:i+k]`` (k = 3 or 2), separated by single spaces, into one frequent word: ``gov ernment``
    always when a part is not a word; ``inter national`` only when a part is rare on its own and the LM
    prefers the joined word by a wide margin."""
    units, lowers, known, model, lm = doc.units, doc.lowers, doc.known, doc.model, doc.lm
    for k in (3, 2):
        if i + k > len(units):
            continue
        joined = "".join(lowers[i : i + k])
        if model.words.get(joined, 0) < 100_000:
            continue  # asked first: hardly any run of words joins into a frequent one
        grp = units[i : i + k]
        if any(g.protected or not g.text.isalpha() for g in grp):
            continue
        if any(g.gap_before != " " for g in grp[1:]):
            continue
        if any(not g.text.islower() for g in grp[1:]) or not (grp[0].text.islower() or grp[0].text.istitle()):
            continue
        parts = lowers[i : i + k]
        prev, nxt = doc.prev(i), doc.next(i + k - 1)
        s_join = _lm_score([joined], prev, nxt, lm, model) - SPACE_COST * (k - 1)
        if all(known[i : i + k]):
            if model.zipf(joined) < 3.5 or min(model.zipf(p) for p in parts) >= 3.5:
                continue
            s_keep, margin = _lm_score(parts, prev, nxt, lm, model), JOIN_KNOWN_MARGIN
        else:
            s_keep, margin, ctx = 0.0, 0.0, prev
            seq = [*parts, nxt] if nxt else parts
            for p, kn in zip(seq, [*known[i : i + k], True], strict=False):
                s_keep += _lp(p, ctx, lm, model) if kn else _best_fix_score(p, ctx, doc)
                ctx = (*ctx[-1:], p)
        (best, conf), *_ = _confidence([("keep", s_keep + margin), ("join", s_join)])
        if best == "join" and conf >= MIN_CONF + 0.1:
            orig = doc.units[i].text + "".join(g.gap_before + g.text for g in grp[1:])
            conf = conf * (0.85 if all(known[i : i + k]) else 1.0)
            return Edit(
                grp[0].start, grp[-1].end, orig, match_case(grp[0].text, joined), round(conf, 4), SRC
            ), k
    return None


# ------------------------------------------------------------------------------------------------ entry point


def fix_ocr(text: str, model: OcrModel, lm: LanguageModel | None = None) -> list[Edit]:
    """Edits (source ``ocr``) with character offsets into ``text``, sorted and non-overlapping.

    Order of precedence when two repairs touch the same characters: mojibake, hyphenation, then word-level
    repairs; a later edit that overlaps an earlier one is dropped, never merged.
    """
    if not text:
        return []
    edits = sorted(
        _mojibake_edits(text) + _ligature_edits(text) + _hyphen_edits(text, model),
        key=lambda e: (e.start, e.end),
    )
    starts = [e.start for e in edits]
    found = _word_edits(text, model, lm)
    word_edits = found.plain
    # the risky repairs need company: other repairs, about one per GARBLE_EVIDENCE_WORDS words of the text
    if found.risky and len(edits) + len(found.plain) >= max(1.0, found.words / GARBLE_EVIDENCE_WORDS):
        word_edits = sorted([*found.plain, *found.risky], key=lambda e: (e.start, e.end))
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
