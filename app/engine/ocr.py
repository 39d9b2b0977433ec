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
import math
import re
import time
from dataclasses import dataclass, field
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
SPACE_COST = 1.5  # a lost or spurious space
MAX_CHANNEL = 5.0  # candidates that need more than this are not OCR errors
CHANNEL_WEIGHT = 1.0
KEEP_NONWORD = -17.0  # LM-like score of leaving an unknown word as it is
MIN_CONF = 0.5  # below this share the stage does not propose the edit
KNOWN_ZIPF = 1.5  # wordfreq says this is a word

_UNITS = frozenset(
    "s st nd rd th am pm kg g mg km m cm mm ml l lb lbs oz ft in mph kph kmh k bn mn gb mb kb tb ghz mhz hz kw "
    "mw w v x p h min mins sec secs hr hrs yr yrs c f d".split()
)
_CHUNK = re.compile(r"\S+")
_UNIT_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")
_URLISH = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)|@.*\.|^[#@]\w", re.I)
_CODEISH = re.compile(r"[_/\\=<>{}|`~^$%]|[a-z][A-Z]|\w\.\w|\w::\w|\(\)")
_NUM_UNIT = re.compile(r"^\d+(?:[.,:]\d+)*([a-z]*)$", re.I)
_HYPHEN_BREAK = re.compile(r"([A-Za-z]+)([-\u00ac\u00ad])[ \t]*\r?\n[ \t]*([a-z]+)")
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00e3\u0080-\u009f\u20ac\u2122\u0153\ufffd]"
)
_SENT_END = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass
class OcrModel:
    """Dictionaries the stage reads: the SymSpell index, a full word→count table and a zipf cache."""

    sym: SymSpell
    words: dict[str, int]
    total: float
    load_seconds: float = 0.0
    _zipf: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, count_threshold: int = 100_000) -> OcrModel:
        """SymSpell indexes only words with ``count_threshold`` or more (a quarter of the load time of the
        full 82k list, and rarer words make poor corrections anyway); ``words`` keeps the full list so that
        knownness is judged on all of it."""
        import symspellpy
        from symspellpy import SymSpell

        t0 = time.perf_counter()
        path = Path(symspellpy.__file__).parent / "frequency_dictionary_en_82_765.txt"
        sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7, count_threshold=count_threshold)
        sym.load_dictionary(str(path), 0, 1)
        words: dict[str, int] = {}
        with path.open(encoding="utf-8") as f:
            for line in f:
                w, _, c = line.rstrip("\n").partition(" ")
                if c:
                    words[w] = int(c)
        model = cls(sym, words, float(sum(words.values())))
        model.zipf("the")  # import wordfreq now, not on the first request
        model.load_seconds = round(time.perf_counter() - t0, 3)
        return model

    def zipf(self, word: str) -> float:
        z = self._zipf.get(word)
        if z is None:
            from wordfreq import zipf_frequency

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
                best = min(best, d[i - 1][j] + (DOUBLE_COST if doubled else INS_COST))
            if j:
                best = min(best, row[j - 1] + DROP_COST)
            for k in (1, 2, 3):
                if k > i:
                    break
                for target, cost in _BY_SEEN.get(seen[i - k : i], ()):
                    lt = len(target)
                    if lt <= j and meant[j - lt : j] == target:
                        best = min(best, d[i - k][j - lt] + cost)
            row[j] = best
    return d[n][m] if d[n][m] <= MAX_CHANNEL else inf


def _confusion_variants(seen: str, depth: int = 3) -> set[str]:
    """Every string reachable from ``seen`` by up to ``depth`` reverse OCR confusions (rn→m, 0→o …)."""
    frontier = {seen}
    out: set[str] = set()
    for _ in range(depth):
        nxt: set[str] = set()
        for s in frontier:
            for i in range(len(s)):
                for k in (1, 2, 3):
                    for target, _c in _BY_SEEN.get(s[i : i + k], ()):
                        nxt.add(s[:i] + target + s[i + k :])
        nxt -= out
        out |= nxt
        if len(out) > 4000:
            break
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
            units.append(
                _Unit(um.group(), s, e, sent or (first_in_chunk and gap_has_nl), text[prev_end:s], protected)
            )
            prev_end = e
            sent = False
            first_in_chunk = False
        if _SENT_END.search(chunk):
            sent = True
    return units


def _lp(word: str, prev: str, lm: LanguageModel | None, model: OcrModel) -> float:
    return lm.logprob(word, (prev,)) if lm is not None else model.unigram(word)


def _lm_score(
    words: list[str], prev: str, nxt: str | None, lm: LanguageModel | None, model: OcrModel
) -> float:
    """Log probability of ``words`` after ``prev`` and of the next word after them."""
    total = 0.0
    ctx = prev
    for w in [*words, *([nxt] if nxt else [])]:
        total += _lp(w, ctx, lm, model)
        ctx = w
    return total


# ------------------------------------------------------------------------------------------------ repairs


def _mojibake_edits(text: str) -> list[Edit]:
    """ftfy on each line that shows mojibake hints; every changed run becomes its own edit."""
    if text.isascii():
        return []
    import ftfy

    edits: list[Edit] = []
    pos = 0
    for line in text.splitlines(keepends=True):
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


def _candidates(lower: str, model: OcrModel, only_confusions: bool) -> dict[str, float]:
    """Dictionary words (or word sequences, space-joined) that could have been OCR'd as ``lower``."""
    from symspellpy import Verbosity

    found: dict[str, float] = {}
    pool: set[str] = set()
    has_digit = any(c.isdigit() for c in lower)
    pool |= {v for v in _confusion_variants(lower) if v in model.words}
    if not only_confusions and not has_digit:
        dist = 1 if len(lower) <= 4 else 2
        pool |= {s.term for s in model.sym.lookup(lower, Verbosity.ALL, max_edit_distance=dist)}
    for cand in pool:
        if any(c.isdigit() for c in cand):
            continue
        cost = channel_cost(lower, cand)
        if cost < math.inf:
            found[cand] = cost
    if not only_confusions and not has_digit and len(lower) >= 4:
        for seg, cost in _segmentations(lower, model):
            found.setdefault(seg, cost)
    return found


def _segmentations(lower: str, model: OcrModel) -> list[tuple[str, float]]:
    """Splits of a merged token into 2 or 3 frequent words (own DP: exact parts only, microseconds)."""

    def ok(w: str) -> bool:
        return (len(w) > 1 or w in ("a", "i")) and model.words.get(w, 0) >= 1_000_000

    out: list[tuple[str, float]] = []
    n = len(lower)
    for i in range(1, n):
        a, rest = lower[:i], lower[i:]
        if not ok(a):
            continue
        if ok(rest):
            out.append((f"{a} {rest}", SPACE_COST))
        for j in range(1, len(rest)):
            if ok(rest[:j]) and ok(rest[j:]):
                out.append((f"{a} {rest[:j]} {rest[j:]}", 2 * SPACE_COST))
    return out


def _decide(
    unit: _Unit,
    prev: str,
    nxt: str | None,
    model: OcrModel,
    lm: LanguageModel | None,
    only_confusions: bool,
    keep_score: float,
) -> Edit | None:
    lower = unit.text.lower()
    cands = _candidates(lower, model, only_confusions)
    if not cands:
        return None
    nxt_keep = 0.0
    if nxt:  # after an unknown word the LM can only back off to the next word's unigram
        nxt_keep = lm.unigram_logprob(nxt) if lm is not None else model.unigram(nxt)
    scored: list[tuple[str, float]] = [("", keep_score + nxt_keep)]
    for cand, cost in cands.items():
        scored.append((cand, _lm_score(cand.split(), prev, nxt, lm, model) - CHANNEL_WEIGHT * cost))
    shares = _confidence(scored)
    best, conf = shares[0]
    if not best or conf < MIN_CONF:
        return None
    alts = tuple(Alternative(match_case(unit.text, h), round(p, 4), SRC) for h, p in shares[1:4] if h)
    return Edit(unit.start, unit.end, unit.text, match_case(unit.text, best), round(conf, 4), SRC, alts)


def _word_edits(text: str, model: OcrModel, lm: LanguageModel | None) -> list[Edit]:
    units = _units(text)
    if not units:
        return []
    counts: dict[str, int] = {}
    for u in units:
        counts[u.text] = counts.get(u.text, 0) + 1
    lowers = [u.text.lower() for u in units]
    known = [
        u.protected or model.known(lw) if lw.isalpha() or "'" in lw or "’" in lw else True
        for u, lw in zip(units, lowers, strict=True)
    ]
    edits: list[Edit] = []
    i = 0
    n = len(units)
    while i < n:
        u = units[i]
        prev = BOS if u.sent_start or i == 0 else lowers[i - 1]
        # split words: "gov ernment", "inter national"
        join = _try_join(units, lowers, known, i, prev, model, lm)
        if join is not None:
            edits.append(join[0])
            i += join[1]
            continue
        if u.protected or known[i] and not _digits_confusable(u.text):
            if known[i] and lowers[i].isalpha() and lowers[i] not in model.words:
                e = _semi_known(u, prev, lowers, i, model, lm)
                if e:
                    edits.append(e)
            i += 1
            continue
        e = _fix_unit(u, prev, lowers[i + 1] if i + 1 < n else None, counts, model, lm)
        if e:
            edits.append(e)
        i += 1
    return edits


def _digits_confusable(word: str) -> bool:
    return any(c in _DIGIT_MAP for c in word) and any(c.isalpha() for c in word)


def _fix_unit(
    u: _Unit, prev: str, nxt: str | None, counts: dict[str, int], model: OcrModel, lm: LanguageModel | None
) -> Edit | None:
    word = u.text
    letters = sum(c.isalpha() for c in word)
    digits = sum(c.isdigit() for c in word)
    if letters < 2:
        return None
    if digits:
        m = _NUM_UNIT.match(word)
        if m and (m.group(1).lower() in _UNITS or not m.group(1)):
            return None  # 3.5kg, 10am, 1990s
        if (
            not all(c in _DIGIT_MAP for c in word if c.isdigit())
            or sum(c.isupper() for c in word) > 1
            and (not word.isupper() or len(word) < 6)
        ):
            return None  # MP3, H1N1, B2B
    if "'" in word or "’" in word:
        return None  # contractions and possessives of non-words are names, mostly
    upper = word.isupper()
    title = word[0].isupper() and not upper
    only_conf = bool(digits) or upper or (title and not u.sent_start)
    if upper and not digits:
        return None  # acronyms
    if title and counts.get(word, 0) > 1 and not digits:
        return None  # a recurring capitalised unknown is a name
    keep = KEEP_NONWORD + (4.0 if title and not digits else 0.0)
    return _decide(u, prev, nxt, model, lm, only_conf, keep)


def _semi_known(
    u: _Unit, prev: str, lowers: list[str], i: int, model: OcrModel, lm: LanguageModel | None
) -> Edit | None:
    """Words wordfreq has seen but the curated list has not (tbe, thc, ofthe): fix only a frequent OCR twin."""
    word = u.text
    if not word.islower() and not (u.sent_start and word[1:].islower()):
        return None
    z = model.zipf(lowers[i])
    if z >= 3.5:
        return None
    keep = (z - 9.0) * math.log(10) + 2.0
    nxt = lowers[i + 1] if i + 1 < len(lowers) else None
    e = _decide(u, prev, nxt, model, lm, True, keep)
    if e is None and len(lowers[i]) >= 5:
        segs = _segmentations(lowers[i], model)
        if segs:
            scored = [("", keep + _lm_score([], prev, None, lm, model))]
            scored += [(s, _lm_score(s.split(), prev, None, lm, model) - c) for s, c in segs]
            shares = _confidence(scored)
            best, conf = shares[0]
            if best and conf >= MIN_CONF + 0.2:
                return Edit(u.start, u.end, word, match_case(word, best), round(conf, 4), SRC)
    if e is not None and model.zipf(e.replacement.lower().split()[0]) - z < 2.5:
        return None
    return e


def _try_join(
    units: list[_Unit],
    lowers: list[str],
    known: list[bool],
    i: int,
    prev: str,
    model: OcrModel,
    lm: LanguageModel | None,
) -> tuple[Edit, int] | None:
    """Join ``units[i:i+k]`` (k = 2 or 3) separated by single spaces into one frequent word."""
    for k in (3, 2):
        if i + k > len(units):
            continue
        grp = units[i : i + k]
        if any(g.protected or not g.text.isalpha() for g in grp):
            continue
        if any(g.gap_before != " " for g in grp[1:]):
            continue
        if any(not g.text.islower() for g in grp[1:]) or (
            not grp[0].text.islower() and not grp[0].text.istitle()
        ):
            continue
        joined = "".join(lowers[i : i + k])
        if model.words.get(joined, 0) < 200_000:
            continue
        all_known = all(known[i : i + k])
        nxt = lowers[i + k] if i + k < len(units) else None
        s_join = _lm_score([joined], prev, nxt, lm, model) - SPACE_COST * (k - 1)
        parts = lowers[i : i + k]
        if all_known:
            if model.zipf(joined) < 3.5 or min(model.zipf(p) for p in parts) >= 3.5:
                continue
            s_keep, margin = _lm_score(parts, prev, nxt, lm, model), 6.0
        else:
            s_keep, margin, ctx = 0.0, 0.0, prev
            for p, kn in zip([*parts, nxt] if nxt else parts, [*known[i : i + k], True], strict=False):
                s_keep += _lp(p, ctx, lm, model) if kn else KEEP_NONWORD
                ctx = p
        shares = _confidence([("keep", s_keep + margin), ("join", s_join)])
        if shares[0][0] == "join" and shares[0][1] >= MIN_CONF + 0.1:
            start, end = grp[0].start, grp[-1].end
            orig = "".join(units[j].gap_before + units[j].text for j in range(i + 1, i + k))
            orig = grp[0].text + orig
            repl = match_case(grp[0].text, joined)
            conf = round(shares[0][1] * (0.85 if all_known else 1.0), 4)
            return Edit(start, end, orig, repl, conf, SRC), k
    return None


# ------------------------------------------------------------------------------------------------ entry point


def fix_ocr(text: str, model: OcrModel, lm: LanguageModel | None = None) -> list[Edit]:
    """Edits (source ``ocr``) with character offsets into ``text``, sorted and non-overlapping.

    Order of precedence when two repairs touch the same characters: mojibake, hyphenation, then word-level
    repairs; a later edit that overlaps an earlier one is dropped, never merged.
    """
    if not text:
        return []
    edits = _mojibake_edits(text) + _hyphen_edits(text, model)
    taken = sorted((e.start, e.end) for e in edits)
    for e in _word_edits(text, model, lm):
        if not any(s < e.end and e.start < t for s, t in taken):
            edits.append(e)
    edits.sort(key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    last = -1
    for e in edits:
        if e.start >= last and e.original != e.replacement:
            out.append(e)
            last = max(e.end, e.start + 1) if e.end == e.start else e.end
    return out
